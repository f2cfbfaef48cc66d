"""The room's rules, as pure functions: when waiting content may go live, when the room is
closed and what its sign says, and the lines the staff panel and systemd's status show.

Nothing here imports Kivy, so the rules are tested without a window
(``tests/test_room_rules.py``). :class:`kiosk.ui.room.Room` derives its texts from them; the
behaviours in :mod:`kiosk.ui.behaviours` decide with them.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.services.settings import WEEKDAY_NAMES, WEEKDAYS

if TYPE_CHECKING:  # the settings models are built only for a settings file that sets something
    from kiosk.services.settings import OpeningHours

SWAP_SCREENS = ("home", "attract")
"""Screens on which waiting content goes live at once: nobody is in the middle of a story."""

CLOSED_LINE = "Die Digitale Werkbank ist geschlossen. Öffnungszeiten: {hours}"
"""The closed sign's dim line."""

NO_HOURS = "nach Vereinbarung"
"""The hours text when no day has opening hours."""

STAMP = "%d.%m.%Y %H:%M:%S"
"""How the staff panel writes a moment."""


def swap_allowed(screen: str, session_active: bool) -> bool:
    """Return whether waiting content may go live now: on the home screen or in the attract
    loop, or anywhere once no visitor session is open."""
    return screen in SWAP_SCREENS or not session_active


def is_closed(hours: OpeningHours | None, now: datetime) -> bool:
    """Return whether the room is closed at ``now`` (never without opening hours)."""
    return hours is not None and not hours.is_open(now)


def hours_text(hours: OpeningHours) -> str:
    """Return the opening hours in one line, consecutive days with the same hours grouped,
    e.g. ``Mo–Fr 09:00–18:00, Sa 10:00–14:00``, or :data:`NO_HOURS`."""
    groups: list[list] = []  # [first day, last day, span], in week order
    for index, day in enumerate(WEEKDAYS):
        span = getattr(hours, day)
        if span is None:
            continue
        span = span.replace("-", "–").replace(" ", "")
        if groups and groups[-1][2] == span and groups[-1][1] == index - 1:
            groups[-1][1] = index
        else:
            groups.append([index, index, span])
    parts = [(WEEKDAY_NAMES[first] if first == last else f"{WEEKDAY_NAMES[first]}–{WEEKDAY_NAMES[last]}")
             + f" {span}" for first, last, span in groups]
    return ", ".join(parts) or NO_HOURS


def closed_line(hours: str) -> str:
    """Return the closed sign's line for the hours text ``hours``."""
    return CLOSED_LINE.format(hours=hours)


def images_line(done: int, total: int | None, failed: int | None) -> str:
    """Return the staff panel's line about the image cache.

    ``total`` is None until the warming first reports, ``failed`` None while it runs.
    """
    if total is None:
        return "Bilder: werden vorbereitet …"
    if failed is None:
        return f"Bilder: {done} von {total} vorbereitet …"
    if failed:
        return (f"Bilder: {total - failed} von {total} vorbereitet, "
                f"{failed} als Platzhalter (Gründe im Protokoll)")
    return f"Bilder: alle {total} vorbereitet"


def health_text(recording: bool, fault: str | None) -> str:
    """Return what the panel says about the statistics: off, a fault, or fine."""
    if not recording:
        return "aus"
    return fault or "in Ordnung"


def today_line(counts: dict) -> str:
    """Return today's visitor numbers (a recorder's ``today_counts()``) in one line."""
    return (f"Heute: {counts['sessions']} Besuche, {counts['screen_views']} Seitenaufrufe, "
            f"{counts['qr_codes']} QR-Codes gezeigt")


def panel_lines(*, live_folder: str, loaded_at: datetime | None, uptime_s: float, pending_folder: str,
                checking: bool, rejected: bool, rejected_at: datetime | None, closed: bool,
                images: str, health: str) -> list[str]:
    """Return the staff panel's status lines: what is live and since when, the uptime, waiting
    or refused content, closed hours, the image cache and the statistics."""
    lines = [f"Live: {Path(live_folder).name}  ({live_folder})"]
    if loaded_at is not None:
        lines.append(f"Geladen: {loaded_at:{STAMP}}")
    lines.append(f"Laufzeit: {timedelta(seconds=int(uptime_s))}")
    if pending_folder:
        lines.append(f"Wartet auf den Start-Bildschirm: {pending_folder}")
    if checking:
        lines.append("Inhalt wird neu geprüft …")
    if rejected and rejected_at is not None:
        lines.append(f"Abgelehnt: {rejected_at:{STAMP}}")
    if closed:
        lines.append("Außerhalb der Öffnungszeiten")
    return lines + [images, f"Statistik: {health}"]


def systemd_status(*, screen: str, closed: bool, live_folder: str, pending: bool, rejected: bool) -> str:
    """Return the status line ``systemctl status`` shows, e.g. ``home; Inhalt r3, neuer Inhalt wartet``."""
    state = "geschlossen" if closed else screen
    waiting = ", neuer Inhalt wartet" if pending else ""
    refused = ", letzter Inhalt abgelehnt" if rejected else ""
    return f"{state}; Inhalt {Path(live_folder).name}{waiting}{refused}"
