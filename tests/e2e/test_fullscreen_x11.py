"""The kiosk started exactly as the service starts it: `kiosk run` without --windowed or --size,
on a bare X server with no window manager (Xvfb at two resolutions, and Xorg with the dummy
video driver, the X server the service runs), and once under a window manager, as
`scripts/start` on a desktop. Its X window must cover the whole screen from 0,0, the layout
must be made for that screen (turned for a rotated one), and a tap at the screen position the
UI map names must reach that element.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from conftest import CONTENT, KioskProcess, XorgDummy, XServer

pytestmark = [pytest.mark.xserver, pytest.mark.timeout(240)]


def geometry(xserver: XServer, *target: str) -> tuple[int, int, int, int]:
    """``xwininfo`` on ``target`` (``-root`` or ``-id N``): x, y, width, height on the screen."""
    done = subprocess.run(["xwininfo", *target], env=xserver.env(), capture_output=True, text=True, timeout=20)
    fields = dict(re.findall(r"^\s*(Absolute upper-left [XY]|Width|Height):\s*(-?\d+)", done.stdout, re.M))
    assert len(fields) == 4, f"xwininfo {' '.join(target)} said: {done.stdout}{done.stderr}"
    return (int(fields["Absolute upper-left X"]), int(fields["Absolute upper-left Y"]),
            int(fields["Width"]), int(fields["Height"]))


def kiosk_window(kiosk: KioskProcess) -> str:
    """The X window id of the kiosk process (it may still be mapping)."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        found = kiosk.xserver.xdotool("search", "--onlyvisible", "--pid", str(kiosk.process.pid)).split()
        if found:
            return found[0]
        time.sleep(0.2)
    pytest.fail(f"no kiosk window on {kiosk.xserver.display}\n{kiosk.output()}")


def on_screen(x: float, y: float, rotation: int, screen_height: int) -> tuple[float, float]:
    """Where the UI map's window point (x, y) is on the screen. Turned 90°, the portrait layout's
    top-left corner is at the screen's bottom-left; Kivy turns taps the same way."""
    assert rotation in (0, 90)
    return (x, y) if rotation == 0 else (y, screen_height - x)


def start_window_manager(xserver: XServer) -> subprocess.Popen:
    """Start openbox on the display and wait until it manages windows."""
    if shutil.which("openbox") is None or shutil.which("xprop") is None:
        pytest.skip("needs openbox and xprop (scripts/setup --test installs them)")
    manager = subprocess.Popen(["openbox", "--sm-disable"], env=xserver.env(),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60  # 1-2 s usually; far longer on a loaded machine
    while time.monotonic() < deadline:
        if "window id" in xprop(xserver, "-root", "_NET_SUPPORTING_WM_CHECK"):
            return manager
        time.sleep(0.1)
    manager.kill()
    pytest.fail("openbox did not start")


def xprop(xserver: XServer, *args: str) -> str:
    """The output of ``xprop`` on the display."""
    return subprocess.run(["xprop", *args], env=xserver.env(), capture_output=True, text=True, timeout=20).stdout


def tap(kiosk: KioskProcess, element: dict, rotation: int, screen_height: int) -> None:
    """Tap the centre of a UI map element where it is on the screen, not in a window."""
    kiosk.xserver.tap(*on_screen(element["x"] + element["w"] / 2, element["y"] + element["h"] / 2,
                                 rotation, screen_height))


@pytest.mark.parametrize("server, size, rotation, window_manager", [
    ("Xvfb", (1920, 1080), 0, False),
    ("Xvfb", (1280, 800), 0, False),
    ("Xvfb", (1920, 1080), 90, False),
    ("Xorg-dummy", (1920, 1080), 0, False),
    ("Xvfb", (1280, 800), 0, True),
], ids=["xvfb-1920x1080", "xvfb-1280x800", "xvfb-1920x1080-rotated-90", "xorg-dummy-1920x1080",
        "xvfb-1280x800-openbox"])
def test_started_as_the_service_it_fills_the_screen_and_taps_land(server: str, size: tuple[int, int], rotation: int,
                                                                  window_manager: bool, tmp_path: Path) -> None:
    xserver = XorgDummy(tmp_path, size) if server == "Xorg-dummy" else XServer(size)
    kiosk = manager = None
    try:
        assert geometry(xserver, "-root") == (0, 0, *size)
        if window_manager:
            manager = start_window_manager(xserver)
        if rotation:
            settings = tmp_path / "config" / "werkbank-kiosk" / "kiosk.toml"
            settings.parent.mkdir(parents=True)
            settings.write_text(f"[screen]\nrotation = {rotation}\n")
        kiosk = KioskProcess(xserver, tmp_path, "--content", str(CONTENT), windowed=False)
        attract = kiosk.wait_screen("attract")

        window = kiosk_window(kiosk)
        assert geometry(xserver, "-id", window) == (0, 0, *size), "the window does not cover the screen"
        if window_manager:  # fullscreen for the window manager too, so no panel covers it
            assert "_NET_WM_STATE_FULLSCREEN" in xprop(xserver, "-id", window, "_NET_WM_STATE")
        layout = size if rotation == 0 else size[::-1]
        cover = kiosk.element(attract, "attract")
        assert (cover["x"], cover["y"], cover["w"], cover["h"]) == (0, 0, *layout)

        tap(kiosk, cover, rotation, size[1])
        # A touch on a story's slide opens that story; "Start" then leads home.
        woken = kiosk.wait_for(lambda m: m["screen"] in ("home", "story"), what="the end of the attract loop")
        if woken["screen"] == "story":
            tap(kiosk, kiosk.element(woken, "nav:home"), rotation, size[1])
        home = kiosk.wait_screen("home")
        # The story furthest from the middle: a window smaller than the screen, or one turned
        # the wrong way, puts another element (or nothing) under that point.
        middle = (layout[0] / 2, layout[1] / 2)
        stories = [e for e in home["elements"] if e["id"].startswith("story:")]
        target = max(stories, key=lambda e: abs(e["x"] + e["w"] / 2 - middle[0]) + abs(e["y"] + e["h"] / 2 - middle[1]))
        tap(kiosk, target, rotation, size[1])
        kiosk.wait_screen("story")
        assert kiosk.stop() == 0
        assert "the window covers the screen" in kiosk.output()
    finally:
        if kiosk is not None:
            kiosk.stop()
        if manager is not None:
            manager.terminate()
            manager.wait(timeout=10)
        xserver.close()
