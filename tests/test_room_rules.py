"""The room's rules without a window: when waiting content goes live, when the room is closed
and what its sign says, and the lines the staff panel and systemd show (kiosk.ui.rules)."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from kiosk.services.settings import OpeningHours
from kiosk.ui import rules

REPO = Path(__file__).resolve().parents[1]
WEEKDAYS_9_TO_6 = {day: "09:00-18:00" for day in ("mon", "tue", "wed", "thu", "fri")}


def test_the_rules_need_no_kivy() -> None:
    done = subprocess.run([sys.executable, "-c", "import sys, kiosk.ui.rules; print('kivy' in sys.modules)"],
                          capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


@pytest.mark.parametrize(("screen", "session_active", "allowed"), [
    ("home", True, True), ("attract", True, True), ("attract", False, True),
    ("story", True, False), ("provider", True, False), ("page", True, False), ("providers", True, False),
    ("story", False, True),  # the visitor left; the idle timeout has not sent the kiosk home yet
])
def test_waiting_content_goes_live_on_home_in_the_loop_or_without_a_visitor(screen, session_active, allowed) -> None:
    assert rules.swap_allowed(screen, session_active) is allowed


def test_the_room_is_closed_outside_its_hours_and_never_without_hours() -> None:
    hours = OpeningHours(**WEEKDAYS_9_TO_6)
    assert rules.is_closed(hours, datetime(2026, 11, 30, 20, 0))  # Monday evening
    assert not rules.is_closed(hours, datetime(2026, 11, 30, 10, 0))  # Monday morning
    assert rules.is_closed(hours, datetime(2026, 11, 30, 18, 0)), "the end of a span is closed"
    assert rules.is_closed(hours, datetime(2026, 12, 6, 12, 0)), "Sunday has no hours"
    assert not rules.is_closed(None, datetime(2026, 12, 6, 3, 0))


def test_hours_text_groups_consecutive_days_with_the_same_hours() -> None:
    assert rules.hours_text(OpeningHours(**WEEKDAYS_9_TO_6, sat="10:00-14:00")) == \
        "Mo–Fr 09:00–18:00, Sa 10:00–14:00"
    assert rules.hours_text(OpeningHours(mon="09:00-12:00", wed="09:00-12:00")) == \
        "Mo 09:00–12:00, Mi 09:00–12:00", "a closed day between splits the group"
    assert rules.hours_text(OpeningHours(sat="10:00 - 14:00", sun="10:00-14:00")) == "Sa–So 10:00–14:00"
    assert rules.hours_text(OpeningHours()) == "nach Vereinbarung"


def test_the_closed_sign_names_the_hours() -> None:
    assert rules.closed_line("Mo–Fr 09:00–18:00") == \
        "Die Digitale Werkbank ist geschlossen. Öffnungszeiten: Mo–Fr 09:00–18:00"


@pytest.mark.parametrize(("done", "total", "failed", "line"), [
    (0, None, None, "Bilder: werden vorbereitet …"),
    (37, 120, None, "Bilder: 37 von 120 vorbereitet …"),
    (120, 120, 0, "Bilder: alle 120 vorbereitet"),
    (120, 120, 3, "Bilder: 117 von 120 vorbereitet, 3 als Platzhalter (Gründe im Protokoll)"),
])
def test_the_images_line_follows_the_warming(done, total, failed, line) -> None:
    assert rules.images_line(done, total, failed) == line


def test_statistics_lines() -> None:
    assert rules.health_text(False, None) == "aus"
    assert rules.health_text(True, None) == "in Ordnung"
    assert rules.health_text(True, "Speicher voll") == "Speicher voll"
    assert rules.today_line({"sessions": 3, "screen_views": 12, "qr_codes": 1}) == \
        "Heute: 3 Besuche, 12 Seitenaufrufe, 1 QR-Codes gezeigt"


def _panel(**changes) -> list[str]:
    facts = dict(live_folder="/srv/releases/r3", loaded_at=datetime(2026, 11, 30, 9, 5, 7), uptime_s=3725.9,
                 pending_folder="", checking=False, rejected=False, rejected_at=None, closed=False,
                 images="Bilder: alle 4 vorbereitet", health="in Ordnung")
    return rules.panel_lines(**{**facts, **changes})


def test_panel_lines_say_what_is_live_and_how_the_room_is() -> None:
    assert _panel() == ["Live: r3  (/srv/releases/r3)", "Geladen: 30.11.2026 09:05:07", "Laufzeit: 1:02:05",
                        "Bilder: alle 4 vorbereitet", "Statistik: in Ordnung"]
    waiting = _panel(pending_folder="/srv/neu", checking=True, rejected=True,
                     rejected_at=datetime(2026, 11, 30, 11, 0), closed=True)
    assert waiting[3:-2] == ["Wartet auf den Start-Bildschirm: /srv/neu", "Inhalt wird neu geprüft …",
                             "Abgelehnt: 30.11.2026 11:00:00", "Außerhalb der Öffnungszeiten"]
    assert "Abgelehnt" not in " ".join(_panel(rejected=False, rejected_at=datetime(2026, 11, 30, 11, 0))), \
        "content that went live since clears the refusal"


def test_systemd_status_names_the_screen_the_content_and_what_waits() -> None:
    assert rules.systemd_status(screen="home", closed=False, live_folder="/srv/releases/r3", pending=False,
                                rejected=False) == "home; Inhalt r3"
    assert rules.systemd_status(screen="attract", closed=True, live_folder="/srv/releases/r3", pending=True,
                                rejected=True) == \
        "geschlossen; Inhalt r3, neuer Inhalt wartet, letzter Inhalt abgelehnt"
