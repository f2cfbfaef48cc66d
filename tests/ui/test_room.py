"""The room as observable state in one window: what shows the room binds to it, the shell
owns the layers, and the assembly wires the watcher and undoes what it started."""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path

import pytest

from sample import make_exhibition

pytestmark = [pytest.mark.window, pytest.mark.timeout(120)]

REPO = Path(__file__).resolve().parents[2]
MONDAY_EVENING = datetime(2026, 11, 30, 20, 0)


@pytest.fixture(scope="module")
def exhibitions(tmp_path_factory):
    """Two small exhibitions: the live one (3 stories) and a new one (4)."""
    return {n: make_exhibition(tmp_path_factory.mktemp(f"room{n}"), stories=n, providers=2) for n in (3, 4)}


class Notes:
    """Stands in for systemd's notifier and keeps every status line."""

    def __init__(self) -> None:
        self.statuses: list[str] = []

    def watchdog_interval(self) -> None:
        """No watchdog."""

    def ready(self) -> None:
        """Nothing to tell."""

    def stopping(self) -> None:
        """Nothing to tell."""

    def status(self, text: str) -> None:
        """Keep the line."""
        self.statuses.append(text)


@pytest.fixture
def own(window, exhibitions, tmp_path):
    """``own(**kwargs)``: a driver of a kiosk of its own on the 3-story exhibition, assembled
    with ``kwargs`` and not yet started; the shared kiosks leave the window meanwhile."""
    from conftest import _KIOSKS, Kiosk as Driver

    from kiosk.services.settings import MachineSettings
    from kiosk.ui.assembly import Kiosk

    for shared in _KIOSKS.values():
        if shared.shell.parent is window:
            shared.assembled.stop()
    made = []

    def build(settings=None, **kwargs):
        kiosk = Kiosk(exhibitions[3], settings or MachineSettings(data_dir=tmp_path), idle_timeout=10 ** 6,
                      animate=False, **kwargs)
        made.append(kiosk)
        return Driver(kiosk)

    yield build
    for kiosk in made:
        kiosk.stop()


def test_the_staff_panel_follows_the_room_without_being_told(own):
    driver = own()
    kiosk = driver.assembled
    kiosk.start()
    driver.reset()
    kiosk.staff_access.open_panel()
    panel = driver.shell.overlay
    assert panel.overlay_name == "staff" and panel.problems == []
    kiosk.room.refuse(["stories/a/story.yaml:3: error: title: is missing"], MONDAY_EVENING)
    kiosk.room.restart_warming()  # no frame from here on: the live content's own warming reports on frames
    kiosk.room.warming(3, 10)
    assert panel.problems == ["stories/a/story.yaml:3: error: title: is missing"]
    assert "Bilder: 3 von 10 vorbereitet …" in panel.status_lines
    assert any(line.startswith("Abgelehnt: ") for line in panel.status_lines)
    kiosk.room.closed = True
    assert "Außerhalb der Öffnungszeiten" in panel.status_lines


def test_layers_stack_by_level_above_the_attract_loop(own):
    from kiosk.ui.shell import LAYER_CLOSED
    from kiosk.ui.widgets.staff import ClosedSign, TestPattern

    driver = own()
    driver.assembled.start(unattended=False)
    shell = driver.shell
    sign, pattern = ClosedSign(room=driver.assembled.room), TestPattern()
    shell.show_overlay(pattern)
    shell.show_overlay(sign, LAYER_CLOSED)  # closing time while staff test the screen
    assert shell.overlay is pattern and shell.children[:2] == [pattern, sign]
    driver.controller.enter_attract()
    driver.pump(2)
    assert shell.children[:3] == [pattern, sign, shell.attract_layer], "the loop stays under the layers"
    assert {e.id for e in shell.elements()} == {"testpattern:close"}
    shell.hide_overlay(pattern)
    assert shell.overlay is sign and pattern.parent is None
    shell.hide_overlay(sign)
    assert shell.overlay is None and sign.parent is None


def test_the_closed_sign_and_systemds_status_follow_the_room(own, tmp_path):
    from kiosk.services.settings import MachineSettings, OpeningHours

    notes = Notes()
    settings = MachineSettings(data_dir=tmp_path, opening_hours=OpeningHours(mon="09:00-18:00"))
    driver = own(settings, notifier=notes, now=lambda: MONDAY_EVENING)
    kiosk = driver.assembled
    kiosk.start()
    driver.pump(3)
    assert kiosk.room.closed and driver.shell.overlay.line.endswith("Öffnungszeiten: Mo 09:00–18:00")
    assert notes.statuses[-1].startswith("geschlossen; Inhalt ")
    kiosk.room.hours = "Mo–Fr 09:00–18:00"
    assert driver.shell.overlay.hours == "Mo–Fr 09:00–18:00"
    kiosk.room.rejected = ["kiosk.yaml:1: error: kaputt"]
    driver.pump(2)
    assert notes.statuses[-1].endswith(", letzter Inhalt abgelehnt")


def test_the_watcher_reports_straight_to_the_content_swaps_on_the_ui_thread(own, exhibitions):
    from kiosk.model.loader import ValidationResult
    from kiosk.services.watcher import ContentChange

    driver = own(folder=exhibitions[3].root)
    kiosk = driver.assembled
    kiosk.start(unattended=False)
    driver.reset()
    assert kiosk.watcher.on_result == kiosk.content_swaps.receive_from_watcher
    change = ContentChange(exhibitions[4].root, ValidationResult(exhibitions[4], []))
    reporter = threading.Thread(target=kiosk.watcher.on_result, args=(change,))
    reporter.start()
    reporter.join()
    assert driver.wait_for(lambda: driver.controller.exhibition is exhibitions[4])
    assert kiosk.room.live_folder == str(exhibitions[4].root.resolve())


def test_stop_undoes_every_binding_start_made(own):
    from kivy.core.window import Window

    def observers():
        return {name: len(Window.get_property_observers(name))
                for name in ("on_touch_down", "on_keyboard", "on_request_close", "size")}

    driver = own()
    before = observers()
    driver.assembled.start()
    assert observers() != before
    driver.assembled.stop()
    assert observers() == before
    assert driver.shell.parent is None


def test_only_the_assembly_puts_widgets_on_the_window_and_no_test_hook_is_in_the_app():
    sources = {path: path.read_text(encoding="utf-8") for path in (REPO / "kiosk").rglob("*.py")}
    on_window = {path.relative_to(REPO).as_posix() for path, text in sources.items()
                 if "Window.add_widget" in text or "Window.remove_widget" in text}
    assert on_window == {"kiosk/ui/assembly.py"}, "layers go through Shell.show_overlay"
    assert not [path for path, text in sources.items() if "KIOSK_TEST_" in text]
