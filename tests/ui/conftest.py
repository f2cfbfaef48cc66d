"""One offscreen Kivy window for the whole UI test session, and a harness to drive the kiosk.

Kivy allows one window per process, so the window is session-scoped and resized per test.
Input providers are removed so that only simulated touches (``UnitTestTouch``) arrive.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

os.environ.pop("DISPLAY", None)
# The image cache lives in the data directory: keep the test session's copies out of ~/.local.
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="kiosk-ui-tests-")
os.environ.pop("WAYLAND_DISPLAY", None)
sys.path.insert(0, str(Path(__file__).parent))

from kiosk.ui.launch import configure_kivy  # noqa: E402

configure_kivy(windowed=True, size=(1920, 1080), offscreen=True)

from sample import make_exhibition  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
SIZES = ((1920, 1080), (1280, 800), (1080, 1920))


class Kiosk:
    """Drives one assembled kiosk (:class:`kiosk.ui.assembly.Kiosk`): taps by UI map id,
    renders frames, takes screenshots."""

    def __init__(self, assembled) -> None:
        self.assembled = assembled

    @property
    def shell(self):
        """The kiosk's shell."""
        return self.assembled.shell

    @property
    def controller(self):
        """The kiosk's controller."""
        return self.assembled.controller

    def pump(self, frames: int = 3) -> None:
        """Render ``frames`` frames."""
        from kivy.base import EventLoop

        for _ in range(frames):
            EventLoop.idle()

    def settle(self) -> None:
        """Render until transitions end and the tappable elements stand still."""
        from kiosk.ui.launch import settle

        settle(self.shell)

    def wait_for(self, condition, timeout: float = 10.0) -> bool:
        """Render frames until ``condition()`` is true; return whether it became true."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if condition():
                return True
            self.pump(1)
        return condition()

    def resize(self, size: tuple[int, int]) -> None:
        """Resize the window and let the layout follow."""
        from kivy.core.window import Window

        if tuple(Window.size) != tuple(size):
            Window.size = size
        self.settle()

    def elements(self) -> dict:
        """Return the UI map elements by id."""
        return {e.id: e for e in self.shell.elements()}

    def tap_at(self, x: float, y_top: float, touch_class=None) -> None:
        """Tap at window pixel (x, y) measured from the top-left corner."""
        from kivy.core.window import Window
        from kivy.tests.common import UnitTestTouch

        touch = (touch_class or UnitTestTouch)(x, Window.height - y_top)
        touch.touch_down()
        self.pump(1)
        touch.touch_up()
        self.pump(1)

    def tap(self, ui_id: str) -> None:
        """Tap the middle of the element ``ui_id``; fail if it is not on screen."""
        self.settle()
        element = self.elements().get(ui_id)
        assert element is not None, f"{ui_id} not on screen; have {sorted(self.elements())}"
        self.tap_at(element.x + element.w / 2, element.y + element.h / 2)
        self.settle()

    def screenshot(self, path: Path) -> Path:
        """Save the window as PNG."""
        from kiosk.ui.launch import save_screenshot

        return save_screenshot(path)

    def reset(self) -> None:
        """Back to a fresh session on the home screen, no attract loop, no recorder."""
        ctl = self.controller
        if ctl.attract:
            ctl.leave_attract()
        ctl.recorder = None
        ctl.session_active = False
        ctl.idle_timeout = 10 ** 6
        ctl.reset_session()
        ctl.go_home()
        self.settle()


@pytest.fixture(scope="session")
def window():
    """The one offscreen window, with every real input provider removed."""
    from kivy.base import EventLoop
    from kivy.core.window import Window

    EventLoop.ensure_window()
    for provider in list(EventLoop.input_providers):
        EventLoop.remove_input_provider(provider)
    return Window


def _make_kiosk(exhibition) -> Kiosk:
    """The visitor side of the kiosk as ``kiosk run`` assembles it, started in the window."""
    from kiosk.ui.assembly import Kiosk as Assembled

    # Tests sample the layout in between frames: cut instead of fading.
    assembled = Assembled(exhibition, idle_timeout=10 ** 6, animate=False)
    assembled.start(unattended=False)
    kiosk = Kiosk(assembled)
    kiosk.settle()
    return kiosk


@pytest.fixture(scope="session")
def sample_exhibition(tmp_path_factory):
    """A small exhibition built from the dataclasses (5 stories, 4 providers, 3 pages)."""
    return make_exhibition(tmp_path_factory.mktemp("sample"), stories=5, providers=4)


@pytest.fixture(scope="session")
def real_exhibition():
    """The real sample content of the repository; skip while it is not there or not valid."""
    try:
        from kiosk.model.loader import load_exhibition
        from kiosk.model.problems import ContentError
    except ImportError:
        pytest.skip("the content loader is not there yet")
    folder = REPO / "content"
    if not (folder / "kiosk.yaml").exists():
        pytest.skip("content/kiosk.yaml is not there yet")
    try:
        return load_exhibition(folder)
    except ContentError as error:
        pytest.skip(f"content/ is not valid yet: {error}")


_KIOSKS: dict[int, Kiosk] = {}


def _kiosk_for(window, exhibition) -> Kiosk:
    """One kiosk per exhibition, stopped and started again as it leaves and enters the shared window."""
    for key, other in _KIOSKS.items():
        if other.shell.parent is window and key != id(exhibition):
            other.assembled.stop()
    kiosk = _KIOSKS.get(id(exhibition))
    if kiosk is None:
        kiosk = _KIOSKS[id(exhibition)] = _make_kiosk(exhibition)
    elif kiosk.shell.parent is None:
        kiosk.assembled.start(unattended=False)
    kiosk.reset()
    return kiosk


@pytest.fixture
def kiosk(window, sample_exhibition):
    """The kiosk on the sample exhibition at 1920x1080, reset to a fresh session."""
    kiosk = _kiosk_for(window, sample_exhibition)
    kiosk.resize((1920, 1080))
    yield kiosk
    kiosk.reset()


@pytest.fixture
def real_kiosk(window, real_exhibition):
    """The kiosk on the repository's content at 1920x1080, reset to a fresh session."""
    kiosk = _kiosk_for(window, real_exhibition)
    kiosk.resize((1920, 1080))
    yield kiosk
    kiosk.reset()


@pytest.fixture
def held_prewarm(monkeypatch):
    """Hold every image of an image cache pre-warm thread until ``held_prewarm.set()`` (set
    at teardown too); the UI's own image requests are not held."""
    import threading

    from kiosk.services.imagecache import ImageCache

    opened = threading.Event()
    real = ImageCache._get

    def held(cache, *request):
        if threading.current_thread().name == "imagecache-warm":
            opened.wait(60)
        return real(cache, *request)

    monkeypatch.setattr(ImageCache, "_get", held)
    yield opened
    opened.set()


def zbar_decode(path: Path) -> list[str]:
    """Return the texts of every code zbarimg finds in an image (empty if none)."""
    if shutil.which("zbarimg") is None:
        pytest.skip("zbarimg (zbar-tools) is not installed")
    result = subprocess.run(["zbarimg", "-q", "--raw", str(path)], capture_output=True, text=True)
    return [line for line in result.stdout.splitlines() if line]
