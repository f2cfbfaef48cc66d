"""Whole-app tests: `kiosk run` in a subprocess on its own Xvfb display, driven with xdotool.

The app writes its UI map (``KIOSK_UI_MAP``) after every screen change; the tests read the
coordinates of tappable elements from it and tap them with real X input, which reaches Kivy as
a real touch, exactly as a visitor's finger would.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CONTENT = REPO / "content"


def _need(*tools: str) -> None:
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (scripts/setup --test installs them)")


class XServer:
    """An Xvfb display of our own, found with -displayfd so parallel runs never collide."""

    def __init__(self, size: tuple[int, int] = (1920, 1080)):
        _need("Xvfb", "xdotool")
        self._start(["Xvfb", "-screen", "0", f"{size[0]}x{size[1]}x24", "-nolisten", "tcp"])

    def _start(self, command: list[str]) -> None:
        """Start the X server ``command`` on a free display number; raise RuntimeError if it
        does not come up."""
        read, write = os.pipe()
        self.process = subprocess.Popen([*command, "-displayfd", str(write)], pass_fds=(write,),
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write)
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            self.process.kill()
            self.process.wait()
            raise RuntimeError(f"{command[0]} did not start")
        self.display = f":{number}"

    def env(self) -> dict[str, str]:
        """The environment for a process on this display.

        SDL_VIDEODRIVER is dropped: the widget tests in the same pytest run set it to
        ``offscreen``, and an app inheriting it would open no X window at all.
        """
        env = {k: v for k, v in os.environ.items() if k != "SDL_VIDEODRIVER"}
        env["DISPLAY"] = self.display
        return env

    def xdotool(self, *args: str) -> str:
        """Run xdotool on this display and return its output."""
        done = subprocess.run(["xdotool", *args], env=self.env(), capture_output=True, text=True, timeout=20)
        return done.stdout

    def tap(self, x: float, y: float) -> None:
        """Move the pointer to (x, y) in screen pixels and click, like a finger tap."""
        self.xdotool("mousemove", str(int(x)), str(int(y)), "click", "1")

    def screenshot(self, path: Path) -> Path:
        """Grab the whole display into a PNG."""
        from PIL import ImageGrab

        ImageGrab.grab(xdisplay=self.display).save(path)
        return path

    def close(self) -> None:
        """Stop the X server."""
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


XORG_DUMMY_CONF = """\
Section "ServerFlags"
  Option "AutoAddDevices" "false"
  Option "AutoAddGPU" "false"
  Option "DontVTSwitch" "true"
EndSection
Section "Device"
  Identifier "dummy"
  Driver "dummy"
  VideoRam 64000
EndSection
Section "Monitor"
  Identifier "monitor"
  HorizSync 5.0-1000.0
  VertRefresh 5.0-200.0
  Modeline "{w}x{h}" {clock:.2f} {w} {hs} {he} {ht} {h} {vs} {ve} {vt}
EndSection
Section "Screen"
  Identifier "screen"
  Device "dummy"
  Monitor "monitor"
  DefaultDepth 24
  SubSection "Display"
    Depth 24
    Modes "{w}x{h}"
  EndSubSection
EndSection
"""


class XorgDummy(XServer):
    """The X server the service runs (Xorg), with the dummy video driver instead of a screen.

    Skips the test when Xorg or its dummy driver is missing or Xorg cannot start here (it needs
    root), with the reason and the end of Xorg's log.
    """

    def __init__(self, workdir: Path, size: tuple[int, int] = (1920, 1080)):
        _need("Xorg", "xdotool")
        if not Path("/usr/lib/xorg/modules/drivers/dummy_drv.so").exists():
            pytest.skip("needs the Xorg dummy driver (scripts/setup --test installs xserver-xorg-video-dummy)")
        w, h = size
        timing = {"w": w, "h": h, "hs": w + 88, "he": w + 132, "ht": w + 280, "vs": h + 4, "ve": h + 9,
                  "vt": h + 45}
        config = workdir / "xorg.conf"
        config.write_text(XORG_DUMMY_CONF.format(clock=timing["ht"] * timing["vt"] * 60 / 1e6, **timing))
        log = workdir / "Xorg.log"
        try:
            self._start(["Xorg", "-noreset", "-nolisten", "tcp", "-config", str(config), "-logfile", str(log)])
        except RuntimeError:
            tail = log.read_text(errors="replace")[-1500:] if log.exists() else "(no log)"
            pytest.skip(f"Xorg with the dummy driver does not start here (it needs root):\n{tail}")


class KioskProcess:
    """`kiosk run` in a window at the top-left of an X display, with its UI map; with
    ``windowed=False`` exactly as the service starts it (fullscreen, no --windowed/--size);
    with ``hooked`` through ``hooked_kiosk.py``, whose freeze and crash hooks the app lacks."""

    def __init__(self, xserver: XServer, workdir: Path, *args: str, size: tuple[int, int] = (1280, 800),
                 env: dict[str, str] | None = None, windowed: bool = True, hooked: bool = False):
        self.xserver = xserver
        self.ui_map = workdir / "ui-map.json"
        self.log = workdir / "kiosk-output.log"
        environment = xserver.env()
        environment.update({
            "KIOSK_UI_MAP": str(self.ui_map),
            "XDG_DATA_HOME": str(workdir / "data"),
            "XDG_CONFIG_HOME": str(workdir / "config"),
            "KIVY_HOME": str(workdir / "kivy"),
            "PYTHONPATH": str(REPO),
        })
        environment.update(env or {})
        self._origin: tuple[int, int] | None = None
        window = ["--windowed", "--size", f"{size[0]}x{size[1]}"] if windowed else []
        kiosk = [str(Path(__file__).with_name("hooked_kiosk.py"))] if hooked else ["-m", "kiosk"]
        command = [sys.executable, *kiosk, "run", *window, *args]
        self._output = open(self.log, "w")
        self.process = subprocess.Popen(command, env=environment, cwd=REPO, stdout=self._output,
                                        stderr=subprocess.STDOUT)

    def output(self) -> str:
        """Everything the app printed so far."""
        return self.log.read_text(errors="replace")

    def wait_output(self, text: str, timeout: float = 30.0) -> None:
        """Wait until the app has printed ``text``; fails with its output. A line is written
        when the UI thread gets to it, seconds later on a loaded machine."""
        deadline = time.monotonic() + timeout
        while text not in self.output():
            if time.monotonic() > deadline:
                pytest.fail(f"the kiosk did not print {text!r} in {timeout:g} s:\n{self.output()[-3000:]}")
            time.sleep(0.1)

    def read_map(self) -> dict | None:
        """The current UI map, or None before the first one is written."""
        try:
            return json.loads(self.ui_map.read_text())
        except (FileNotFoundError, json.JSONDecodeError):
            return None

    def wait_for(self, predicate, timeout: float = 60.0, what: str = "the UI") -> dict:
        """Wait until ``predicate(ui_map)`` holds; return that map. Fails with the app's output."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"the kiosk exited with {self.process.returncode} while waiting for {what}:\n{self.output()}")
            current = self.read_map()
            if current is not None and predicate(current):
                return current
            time.sleep(0.1)
        pytest.fail(f"timed out waiting for {what}; last UI map: {self.read_map()}\n{self.output()[-3000:]}")

    def wait_screen(self, screen: str, timeout: float = 60.0) -> dict:
        """Wait until the UI map names ``screen`` and return it."""
        return self.wait_for(lambda m: m["screen"] == screen, timeout, f"screen {screen!r}")

    def wake_to_home(self, x: float = 640, y: float = 400) -> dict:
        """Wait for the first screen, end the attract loop with a tap at (x, y) if it runs, and
        return home's UI map. A tap on a story's slide opens that story: "Start" then leads home."""
        first = self.wait_for(lambda m: m["screen"] in ("home", "attract"), what="the first screen")
        if first["screen"] == "attract":
            self.tap_at(x, y)
            woken = self.wait_for(lambda m: m["screen"] in ("home", "story"), what="the end of the attract loop")
            if woken["screen"] == "story":
                self.tap("nav:home", woken)
        return self.wait_screen("home")

    def element(self, ui_map: dict, element_id: str) -> dict:
        """The element with this id in ``ui_map``; fails listing the ids there are."""
        for element in ui_map["elements"]:
            if element["id"] == element_id:
                return element
        pytest.fail(f"{element_id!r} is not on screen {ui_map['screen']!r}: {[e['id'] for e in ui_map['elements']]}")

    def origin(self) -> tuple[int, int]:
        """Where the kiosk window's top-left corner sits on the display (without a window
        manager, SDL centres the window)."""
        if self._origin is None:
            deadline = time.monotonic() + 20
            window = []
            while not window and time.monotonic() < deadline:  # the window may still be mapping
                window = self.xserver.xdotool("search", "--pid", str(self.process.pid)).split()
                if not window:
                    time.sleep(0.2)
            if not window:
                pytest.fail(f"no kiosk window on {self.xserver.display}\n{self.output()}")
            geometry = self.xserver.xdotool("getwindowgeometry", window[0])
            position = geometry.split("Position:")[1].split()[0]
            x, y = position.split(",")
            self._origin = (int(x), int(y))
        return self._origin

    def tap_at(self, x: float, y: float) -> None:
        """Tap at window coordinates (x, y), from the window's top-left corner."""
        left, top = self.origin()
        self.xserver.tap(left + x, top + y)

    def tap(self, element_id: str, ui_map: dict | None = None) -> None:
        """Tap the centre of a UI map element."""
        element = self.element(ui_map or self.read_map(), element_id)
        self.tap_at(element["x"] + element["w"] / 2, element["y"] + element["h"] / 2)

    def stop(self) -> int:
        """SIGTERM the app (the way systemd stops it) and return its exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._output.close()
        return self.process.returncode


@pytest.fixture
def xserver():
    """A fresh Xvfb display for one test."""
    server = XServer()
    yield server
    server.close()


@pytest.fixture
def start_kiosk(xserver: XServer, tmp_path: Path):
    """Start `kiosk run` on the test's display; every started kiosk is stopped afterwards."""
    started: list[KioskProcess] = []

    def start(*args: str, **kwargs) -> KioskProcess:
        kiosk = KioskProcess(xserver, tmp_path, *args, **kwargs)
        started.append(kiosk)
        return kiosk

    yield start
    for kiosk in started:
        kiosk.stop()
