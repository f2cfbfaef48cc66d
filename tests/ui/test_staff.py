"""Unattended operation in one window: the staff gesture, PIN pad and panel, live content swaps,
the keyboard lockdown and the closed hours (the behaviours in kiosk.ui.behaviours, on a kiosk
assembled and started as ``kiosk run`` does)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from sample import make_exhibition

pytestmark = [pytest.mark.window, pytest.mark.timeout(120)]

PIN = "2468"
MONDAY_EVENING = datetime(2026, 11, 30, 20, 0)
MONDAY_MORNING = datetime(2026, 11, 30, 10, 0)


@pytest.fixture(scope="module")
def exhibitions(tmp_path_factory):
    """Three exhibitions: the live one (5 stories), a bigger one (7) and a smaller one (3)."""
    return {n: make_exhibition(tmp_path_factory.mktemp(f"ex{n}"), stories=n, providers=3) for n in (5, 7, 3)}


class FakeWatcher:
    """Counts reloads; the tests hand content changes to ContentSwaps.receive themselves."""

    def __init__(self) -> None:
        self.on_result = None
        self.reloads = 0

    def start(self) -> None:
        """Nothing to start."""

    def stop(self) -> None:
        """Nothing to stop."""

    def reload(self) -> None:
        """Count a staff reload."""
        self.reloads += 1


@pytest.fixture
def staffed(window, exhibitions, tmp_path):
    """A driver for kiosks of their own on the 5-story exhibition: ``start_ops(settings, **kwargs)``
    assembles one (PIN 2468, no opening hours, its own data dir, so that no test inherits
    another's count of wrong PINs), starts it as ``kiosk run`` does and returns it, on the home
    screen of a fresh session. Until then it drives the shared kiosk of that exhibition."""
    from conftest import Kiosk as Driver
    from conftest import _kiosk_for

    from kiosk.services.settings import MachineSettings, hash_pin
    from kiosk.ui.assembly import Kiosk

    shared = _kiosk_for(window, exhibitions[5])
    shared.resize((1920, 1080))
    driver = Driver(shared.assembled)
    made = []

    def start(settings=None, **kwargs):
        settings = settings or MachineSettings(pin_hash=hash_pin(PIN), data_dir=tmp_path)
        driver.assembled.stop()  # the kiosk before it leaves the window
        kiosk = Kiosk(exhibitions[5], settings, idle_timeout=10 ** 6, animate=False, **kwargs)
        kiosk.start()
        # Every screen now, as in a kiosk that has run a few frames: the gesture's taps are
        # timed, and frames that build a screen each would stretch them out.
        kiosk.shell.build_screens()
        made.append(kiosk)
        driver.assembled = kiosk
        driver.reset()  # it starts in the attract loop; the tests begin on the home screen
        return kiosk

    driver.start_ops = start
    yield driver
    for kiosk in made:
        kiosk.stop()
    _kiosk_for(window, exhibitions[5])
    if shared.controller.exhibition is not exhibitions[5]:
        shared.controller.set_exhibition(exhibitions[5])
    shared.reset()


def gesture(kiosk, at=(20, 20)) -> None:
    for _ in range(5):
        kiosk.tap_at(*at)
    kiosk.settle()


def enter_pin(kiosk, pin: str) -> None:
    for digit in pin:
        kiosk.tap(f"pin:{digit}")
    kiosk.tap("pin:ok")


def overlay_name(kiosk) -> str | None:
    return kiosk.shell.overlay.overlay_name if kiosk.shell.overlay is not None else None


def change(exhibition, folder="/srv/neu"):
    from kiosk.model.loader import ValidationResult
    from kiosk.services.watcher import ContentChange

    return ContentChange(Path(folder), ValidationResult(exhibition, []))


def test_five_corner_taps_open_the_pin_pad_with_big_digits_and_a_cancel(staffed):
    staffed.start_ops()
    gesture(staffed)
    assert overlay_name(staffed) == "pin"
    ids = set(staffed.elements())
    assert {f"pin:{d}" for d in "0123456789"} | {"pin:ok", "pin:cancel"} <= ids
    assert staffed.elements()["pin:cancel"].label == "Abbrechen / Cancel"
    assert staffed.elements()["pin:5"].h >= 96  # a big key at 1080p


def test_hammering_start_or_tapping_elsewhere_does_not_open_it(staffed):
    staffed.start_ops()
    staffed.controller.open_story(staffed.controller.exhibition.stories[0].id)
    staffed.settle()
    for _ in range(6):
        staffed.tap("nav:home")
    assert overlay_name(staffed) is None
    for x in (20, 900, 20, 20, 20):  # a tap outside the corner starts the count again
        staffed.tap_at(x, 20)
    assert overlay_name(staffed) is None


def test_wrong_pin_stays_closed_and_cancel_returns(staffed):
    staffed.start_ops()
    story = staffed.controller.exhibition.stories[1].id
    staffed.controller.open_story(story)
    gesture(staffed)
    enter_pin(staffed, "1111")
    assert overlay_name(staffed) == "pin"
    assert "Falsche PIN" in staffed.shell.overlay.message
    staffed.tap("pin:cancel")
    assert overlay_name(staffed) is None
    assert (staffed.controller.screen, staffed.controller.item) == ("story", story)


def test_three_wrong_pins_close_the_pad(staffed):
    staffed.start_ops()
    gesture(staffed)
    for _ in range(3):
        enter_pin(staffed, "0000")
    assert overlay_name(staffed) is None


def test_wrong_pins_lock_the_pad_across_reopenings_and_restarts(staffed, tmp_path):
    from kiosk.services.pinguard import STATE_FILE, GuardState, PinGuard
    from kiosk.services.settings import MachineSettings, hash_pin

    clock = {"now": MONDAY_MORNING}
    settings = MachineSettings(pin_hash=hash_pin(PIN), data_dir=tmp_path)
    ops = staffed.start_ops(settings, now=lambda: clock["now"])
    gesture(staffed)
    for _ in range(3):
        enter_pin(staffed, "0000")
    assert overlay_name(staffed) is None
    gesture(staffed)  # reopening used to start the count again
    pad = staffed.shell.overlay
    assert overlay_name(staffed) == "pin" and pad.locked
    assert pad.message == "Zu viele Versuche. Bitte in 30 Sekunden erneut versuchen."
    assert set(staffed.elements()) == {"pin:cancel"}, "no key takes a digit while locked"
    pad.press("2")
    pad.submit()
    assert pad.entered == "" and overlay_name(staffed) == "pin"

    ops.stop()  # a restart: a new kiosk, the same data dir
    clock["now"] += timedelta(seconds=10)
    staffed.start_ops(settings, now=lambda: clock["now"])
    gesture(staffed)
    pad = staffed.shell.overlay
    assert pad.locked and pad.message == "Zu viele Versuche. Bitte in 20 Sekunden erneut versuchen."
    clock["now"] += timedelta(seconds=20)
    assert staffed.wait_for(lambda: not pad.locked, timeout=5), "the pad unlocks when the wait is over"
    assert pad.message == ""
    enter_pin(staffed, PIN)
    assert overlay_name(staffed) == "staff"
    assert PinGuard(tmp_path / STATE_FILE).state == GuardState(), "the right PIN starts the count again"


def test_without_a_pin_the_pad_says_how_to_set_one(staffed):
    from kiosk.services.settings import MachineSettings

    staffed.start_ops(MachineSettings())
    gesture(staffed)
    assert overlay_name(staffed) == "pin"
    assert set(staffed.elements()) == {"pin:cancel"}
    from kivy.uix.label import Label

    texts = " ".join(w.text for w in staffed.shell.overlay.walk() if isinstance(w, Label))
    assert "kiosk set-pin" in texts


def test_right_pin_opens_the_panel_with_numbers_and_actions(staffed, tmp_path):
    from kiosk.services.stats import StatsRecorder

    recorder = StatsRecorder(tmp_path / "stats.sqlite3")
    recorder.start()
    recorder.begin_session()
    recorder.flush()
    try:
        staffed.start_ops(recorder=recorder)
        gesture(staffed)
        enter_pin(staffed, PIN)
        assert overlay_name(staffed) == "staff"
        ids = set(staffed.elements())
        assert {"staff:reload", "staff:attract", "staff:testpattern", "staff:exit", "staff:close",
                "staff:problems_up", "staff:problems_down"} <= ids
        panel = staffed.shell.overlay
        assert "Heute: 1 Besuche" in panel.today
        assert len(panel.sessions) == 14 and panel.sessions[-1] == 1
        assert any(line.startswith("Live: ") for line in panel.status_lines)
        assert any(line.startswith("Laufzeit: ") for line in panel.status_lines)
        assert "Statistik: in Ordnung" in panel.status_lines
        staffed.tap("staff:close")
        assert overlay_name(staffed) is None
    finally:
        recorder.close()


def test_panel_counts_the_images_prepared_and_says_when_all_are(staffed, held_prewarm):
    from kiosk.services.imagejobs import exhibition_jobs

    total = len(set(exhibition_jobs(staffed.controller.exhibition, (1920, 1080))))
    ops = staffed.start_ops()
    ops.staff_access.open_panel()
    panel = staffed.shell.overlay
    assert staffed.wait_for(lambda: f"Bilder: 0 von {total} vorbereitet …" in panel.status_lines)
    held_prewarm.set()
    assert staffed.wait_for(lambda: f"Bilder: alle {total} vorbereitet" in panel.status_lines)


def test_panel_counts_images_that_became_placeholders(staffed, tmp_path):
    from kivy.core.window import Window

    from kiosk.services.imagejobs import exhibition_jobs

    broken = make_exhibition(tmp_path / "kaputt", stories=2, providers=1)
    bad = broken.stories[0].media[1].path
    bad.write_bytes(b"\xff\xd8\xff not a photo after all")
    # The panel counts copies: the story's media box and the full-screen viewer each have one.
    copies = len({job for job in exhibition_jobs(broken, tuple(Window.size)) if job[0] == bad})
    assert copies == 2
    ops = staffed.start_ops()
    ops.content_swaps.receive(change(broken))
    assert staffed.controller.exhibition is broken
    ops.staff_access.open_panel()
    panel = staffed.shell.overlay
    assert staffed.wait_for(lambda: ops.room.images_failed is not None, timeout=60)
    assert ops.room.images_failed == copies
    total = ops.room.images_total
    assert staffed.wait_for(lambda: f"Bilder: {total - copies} von {total} vorbereitet, {copies} als Platzhalter "
                                    "(Gründe im Protokoll)" in panel.status_lines)


def test_the_kiosk_records_its_window_size_and_warms_for_a_new_one(staffed, tmp_path):
    from kiosk.services.imagejobs import recorded_window_sizes
    from kiosk.ui import media

    media.use_cache_dir(tmp_path / "images")
    try:
        ops = staffed.start_ops()
        assert recorded_window_sizes(tmp_path / "images") == [(1920, 1080)]
        staffed.resize((1280, 800))
        assert staffed.wait_for(lambda: recorded_window_sizes(tmp_path / "images") == [(1280, 800), (1920, 1080)])
        assert staffed.wait_for(lambda: ops.room.images_line.startswith("Bilder: alle"), timeout=60)
    finally:
        staffed.resize((1920, 1080))
        media.use_cache_dir(None)


def test_a_new_window_size_warms_the_content_that_goes_live_next(staffed, exhibitions, monkeypatch):
    from kiosk.ui import media

    ops = staffed.start_ops()
    warmed = []
    monkeypatch.setattr(media, "prewarm", lambda exhibition, size, **_kwargs: warmed.append((exhibition, size)))
    staffed.tap("story:geschichte-1")
    ops.content_swaps.receive(change(exhibitions[7]))  # waits: a visitor reads a story
    try:
        staffed.resize((1280, 800))
        assert staffed.wait_for(lambda: warmed[-1][1] == (1280, 800))
        assert warmed[-1][0] is exhibitions[7] and ops.room.pending is exhibitions[7]
    finally:
        staffed.resize((1920, 1080))


def test_pin_pad_and_panel_close_themselves_when_left_alone(staffed, monkeypatch):
    from kiosk.ui.behaviours import staff_access

    monkeypatch.setattr(staff_access, "PIN_IDLE_S", 0.3)
    monkeypatch.setattr(staff_access, "PANEL_IDLE_S", 0.3)
    ops = staffed.start_ops()
    ops.staff_access.open_pin()
    assert overlay_name(staffed) == "pin"
    assert staffed.wait_for(lambda: staffed.shell.overlay is None, timeout=5)
    ops.staff_access.open_panel()
    assert overlay_name(staffed) == "staff"
    assert staffed.wait_for(lambda: staffed.shell.overlay is None, timeout=5)


def test_panel_actions_reload_attract_testpattern_exit(staffed):
    watcher, exits = FakeWatcher(), []
    ops = staffed.start_ops(watcher=watcher, on_exit=lambda: exits.append(True))
    ops.staff_access.open_panel()
    staffed.tap("staff:reload")
    assert watcher.reloads == 1
    staffed.tap("staff:testpattern")
    assert overlay_name(staffed) == "testpattern"
    staffed.tap("testpattern:close")
    assert overlay_name(staffed) is None
    ops.staff_access.open_panel()
    staffed.tap("staff:attract")
    assert overlay_name(staffed) is None and staffed.controller.attract
    staffed.controller.leave_attract()
    ops.staff_access.open_panel()
    staffed.tap("staff:exit")
    assert exits == [True]


def test_test_pattern_shows_colour_bars_and_grey_steps(staffed, tmp_path):
    from PIL import Image

    ops = staffed.start_ops()
    ops.staff_access.open_panel()
    staffed.tap("staff:testpattern")
    staffed.pump(3)
    with Image.open(staffed.screenshot(tmp_path / "pattern.png")) as shot:
        rgb = shot.convert("RGB")
        w, h = rgb.size
        assert rgb.getpixel((w // 16 + 7, h // 4 + 7))[:3] == (255, 255, 255)  # first bar: white
        assert rgb.getpixel((3 * w // 16 + 7, h // 4 + 7))[:3] == (255, 255, 0)  # second: yellow
        assert rgb.getpixel((w // 22 + 7, 3 * h // 4 + 7))[:3] == (0, 0, 0)  # first step: black
        corner = rgb.getpixel((1, 1))  # corner markers are red
        assert corner[0] > 200 and corner[1] < 60


def test_valid_content_waits_for_home_while_a_visitor_reads_a_story(staffed, exhibitions):
    ops = staffed.start_ops()
    staffed.tap("story:geschichte-1")
    assert staffed.controller.screen == "story"
    ops.content_swaps.receive(change(exhibitions[7]))
    staffed.settle()
    assert staffed.controller.exhibition is exhibitions[5]
    assert (staffed.controller.screen, staffed.controller.item) == ("story", "geschichte-1")
    staffed.tap("nav:home")
    assert staffed.controller.exhibition is exhibitions[7]
    assert ops.room.live_folder == "/srv/neu" and ops.room.pending is None
    home = staffed.shell.manager.get_screen("home")
    assert [tile.story.id for tile in home.grid.tiles][-1] == "geschichte-6"


def test_valid_content_goes_live_at_once_in_the_attract_loop(staffed, exhibitions):
    ops = staffed.start_ops()
    staffed.controller.enter_attract()
    staffed.settle()
    ops.content_swaps.receive(change(exhibitions[7]))
    assert staffed.controller.exhibition is exhibitions[7]
    assert staffed.shell.attract_layer.running
    staffed.tap_at(900, 500)  # ends the loop; on a story's slide it opens that story of the new content
    staffed.settle()
    if staffed.controller.screen != "home":
        staffed.tap("nav:home")
    home = staffed.shell.manager.get_screen("home")
    assert staffed.shell.manager.current == "home" and len(home.grid.tiles) == 7


def test_a_visitor_whose_story_is_gone_goes_home(staffed, exhibitions):
    ctl = staffed.controller
    ctl.open_story("geschichte-4")
    ctl.open_provider(ctl.exhibition.story("geschichte-4").providers[0].id)
    ctl.open_story("geschichte-4")
    staffed.settle()
    ctl.set_exhibition(exhibitions[3])
    staffed.settle()
    assert (ctl.screen, ctl.item) == ("home", "")
    assert staffed.shell.manager.current == "home"
    assert "story:geschichte-4" not in staffed.elements()
    ctl.open_provider(ctl.exhibition.providers[1].id)
    ctl.set_exhibition(exhibitions[5])  # the provider is still there: the visitor stays
    staffed.settle()
    assert ctl.screen == "provider" and staffed.shell.manager.current == "provider"


def test_refused_content_keeps_the_old_and_lists_its_problems(staffed, exhibitions):
    from kiosk.model.loader import ValidationResult
    from kiosk.model.problems import Problem
    from kiosk.services.watcher import ContentChange

    ops = staffed.start_ops()
    problems = [Problem(f"stories/s{i}/story.yaml", 3, "error", "title: is missing") for i in range(40)]
    ops.content_swaps.receive(ContentChange(Path("/srv/kaputt"), ValidationResult(None, problems)))
    staffed.settle()
    assert staffed.controller.exhibition is exhibitions[5]
    ops.staff_access.open_panel()
    staffed.settle()
    panel = staffed.shell.overlay
    assert panel.problems[0] == "stories/s0/story.yaml:3: error: title: is missing"
    view = panel.ids.problems_view
    assert view.scroll_y == 1
    staffed.tap("staff:problems_down")
    assert view.scroll_y < 1
    staffed.tap("staff:problems_up")
    assert view.scroll_y == 1


def test_escape_alt_f4_and_close_requests_do_not_stop_the_kiosk(staffed):
    from kivy.base import EventLoop
    from kivy.core.window import Window

    staffed.start_ops()
    for key in (27, 285, 293):  # Escape, F4, F12
        assert Window.dispatch("on_keyboard", key, 0, None, ["alt"] if key == 285 else []) is True
    assert Window.dispatch("on_request_close") is True
    staffed.pump(2)
    assert not EventLoop.quit
    assert staffed.shell.parent is Window


def test_closed_hours_go_dark_show_the_hours_on_touch_and_wake_at_opening(staffed):
    from kiosk.services.settings import MachineSettings, OpeningHours

    clock = {"now": MONDAY_EVENING}
    hours = OpeningHours(mon="09:00-18:00", tue="09:00-18:00", wed="09:00-18:00", thu="09:00-18:00",
                         fri="09:00-18:00", sat="10:00-14:00")
    ops = staffed.start_ops(MachineSettings(opening_hours=hours), now=lambda: clock["now"])
    assert ops.room.closed and overlay_name(staffed) == "closed"
    assert not staffed.shell.attract_layer.running
    sign = staffed.shell.overlay
    assert sign.line == "Die Digitale Werkbank ist geschlossen. Öffnungszeiten: Mo–Fr 09:00–18:00, Sa 10:00–14:00"
    staffed.tap_at(900, 500)
    assert sign.hours_shown and not staffed.controller.session_active
    clock["now"] = MONDAY_MORNING
    ops.opening_hours.check()
    staffed.settle()
    assert not ops.room.closed and staffed.shell.overlay is None
    assert staffed.controller.attract and staffed.shell.attract_layer.running


def test_hours_text_groups_days():
    from kiosk.services.settings import OpeningHours
    from kiosk.ui.rules import hours_text

    assert hours_text(OpeningHours(tue="10:00-16:00", wed="10:00-16:00", fri="12:00-20:00")) == \
        "Di–Mi 10:00–16:00, Fr 12:00–20:00"
    assert hours_text(OpeningHours()) == "nach Vereinbarung"
