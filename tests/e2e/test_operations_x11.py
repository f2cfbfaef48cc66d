"""Unattended operation of the real app under Xvfb: live content swaps and refusals, releases,
keys and close requests that must not end it, the staff exit, the watchdog and a crash."""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import CONTENT, REPO, KioskProcess

pytestmark = [pytest.mark.xserver]

PIN = "2468"
EXIT_STAFF = 10
EXIT_CRASH = 70
NEW_STORY = "apotheke-botendienst"  # sorts first, so it is on home's first page
REFUSED = "is NOT shown"


@pytest.fixture
def machine(tmp_path: Path) -> Path:
    """A kiosk.toml with a PIN in tmp_path/config and the sample content installed as release 1."""
    from kiosk.services import settings
    from kiosk.services.releases import ReleaseStore

    settings.save(settings.MachineSettings(pin_hash=settings.hash_pin(PIN)),
                  tmp_path / "config" / "werkbank-kiosk" / "kiosk.toml")
    ReleaseStore(tmp_path / "data" / "werkbank-kiosk").install(CONTENT)
    return tmp_path


def cli(machine: Path, *args: str) -> subprocess.CompletedProcess:
    """Run ``kiosk ARGS`` with the test's settings and data dir."""
    env = dict(os.environ, XDG_DATA_HOME=str(machine / "data"), XDG_CONFIG_HOME=str(machine / "config"),
               PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "kiosk", *args], env=env, cwd=REPO, capture_output=True,
                          text=True, timeout=120)


def stories(ui_map: dict) -> set[str]:
    return {e["id"] for e in ui_map["elements"] if e["id"].startswith("story:")}


def to_home(kiosk: KioskProcess) -> dict:
    """Wait for the first screen (the kiosk starts in the attract loop) and go home."""
    return kiosk.wake_to_home()


def switch_link(link: Path, target: Path) -> None:
    """Point ``link`` at ``target`` atomically, the way staff or a deploy script would."""
    tmp = link.with_name(".switch.tmp")
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    os.replace(tmp, link)


def wait_refused(kiosk: KioskProcess, before: int, timeout: float = 30) -> None:
    """Wait until the kiosk logs one more refused content folder."""
    deadline = time.monotonic() + timeout
    while kiosk.output().count(REFUSED) <= before:
        assert kiosk.process.poll() is None, kiosk.output()[-3000:]
        assert time.monotonic() < deadline, f"no refusal logged:\n{kiosk.output()[-3000:]}"
        time.sleep(0.2)


def good_folder(base: Path) -> Path:
    """The sample content plus one more story."""
    folder = base / "gut"
    shutil.copytree(CONTENT, folder)
    shutil.copytree(folder / "stories" / "blumen-messenger", folder / "stories" / NEW_STORY)
    return folder


@pytest.mark.timeout(150)
def test_live_swaps_refusals_and_releases(start_kiosk, machine: Path) -> None:
    kiosk = start_kiosk()
    old = stories(to_home(kiosk))
    assert old and f"story:{NEW_STORY}" not in old
    good = good_folder(machine)

    done = cli(machine, "content", "install", str(good))
    assert done.returncode == 0, done.stderr
    swapped = kiosk.wait_for(lambda m: m["screen"] == "home" and f"story:{NEW_STORY}" in stories(m),
                             timeout=30, what="the new story without a restart")
    assert kiosk.process.poll() is None

    assert cli(machine, "content", "rollback").returncode == 0
    kiosk.wait_for(lambda m: stories(m) == old, timeout=30, what="the rolled-back content")
    listed = cli(machine, "content", "list").stdout.splitlines()
    assert len(listed) == 2 and listed[0].startswith("* ") and "(rolled back)" in listed[1]

    link = machine / "data" / "werkbank-kiosk" / "content"
    live = link.resolve()
    broken = machine / "broken"
    half_yaml = broken / "halbes-yaml"
    shutil.copytree(live, half_yaml)
    story_yaml = half_yaml / "stories" / "blumen-messenger" / "story.yaml"
    story_yaml.write_bytes(story_yaml.read_bytes()[:150])
    empty_video = broken / "leeres-video"
    shutil.copytree(live, empty_video)
    (empty_video / "stories" / "metallbau-wartung" / "film.mp4").write_bytes(b"")
    a_file = broken / "eine-datei"
    a_file.write_text("kein Ordner")
    for target in (half_yaml, empty_video, a_file, broken / "geloescht"):
        refusals = kiosk.output().count(REFUSED)
        switch_link(link, target)
        wait_refused(kiosk, refusals)
        assert stories(kiosk.read_map()) == old, f"{target.name} changed the screen"

    # A folder copied in slowly: the screen shows the old content or the whole new one, never part.
    slow = machine / "langsam"
    slow.mkdir()
    refusals = kiosk.output().count(REFUSED)
    switch_link(link, slow)
    wait_refused(kiosk, refusals)
    seen = []
    for source in sorted(p for p in good.rglob("*") if p.is_file()):
        target = slow / source.relative_to(good)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        seen.append(stories(kiosk.read_map()))
        time.sleep(0.03)
    final = kiosk.wait_for(lambda m: f"story:{NEW_STORY}" in stories(m), timeout=30, what="the slow copy")
    assert all(s in (old, stories(final)) for s in seen)
    assert stories(final) == stories(swapped)
    assert kiosk.stop() == 0


def kiosk_window(kiosk: KioskProcess) -> int:
    """The X window of the kiosk process (by _NET_WM_PID; a search by name misses it at times)."""
    for _ in range(20):
        found = kiosk.xserver.xdotool("search", "--pid", str(kiosk.process.pid)).split()
        if found:
            return int(found[0])
        time.sleep(0.25)
    pytest.fail(f"no window of the kiosk on {kiosk.xserver.display}")


def send_close_request(display: str, window: int) -> None:
    """Send WM_DELETE_WINDOW to ``window``, what a window manager does for Alt+F4 or the close button.

    Without a window manager neither ``xdotool key alt+F4`` (only a key press then) nor
    ``xdotool windowclose``/``windowkill`` (they destroy the window or kill the connection,
    which no app can refuse) is a close request, so the ClientMessage is sent with libX11.
    """
    class ClientMessage(ctypes.Structure):
        _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong), ("send_event", ctypes.c_int),
                    ("display", ctypes.c_void_p), ("window", ctypes.c_ulong), ("message_type", ctypes.c_ulong),
                    ("format", ctypes.c_int), ("data", ctypes.c_long * 5)]

    class XEvent(ctypes.Union):
        _fields_ = [("xclient", ClientMessage), ("pad", ctypes.c_long * 24)]

    x11 = ctypes.CDLL("libX11.so.6")
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x11.XInternAtom.restype = ctypes.c_ulong
    x11.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    x11.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long, ctypes.POINTER(XEvent)]
    x11.XFlush.argtypes = x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
    dpy = x11.XOpenDisplay(display.encode())
    assert dpy, f"cannot open {display}"
    event = XEvent()
    event.xclient.type = 33  # ClientMessage
    event.xclient.window = window
    event.xclient.message_type = x11.XInternAtom(dpy, b"WM_PROTOCOLS", False)
    event.xclient.format = 32
    event.xclient.data[0] = x11.XInternAtom(dpy, b"WM_DELETE_WINDOW", False)
    x11.XSendEvent(dpy, window, False, 0, ctypes.byref(event))
    x11.XFlush(dpy)
    x11.XCloseDisplay(dpy)


@pytest.mark.timeout(90)
def test_keys_and_close_requests_do_not_end_it_only_the_staff_exit_does(start_kiosk, machine: Path) -> None:
    kiosk = start_kiosk()
    to_home(kiosk)
    window = kiosk_window(kiosk)
    kiosk.xserver.xdotool("windowfocus", "--sync", str(window))
    for keys in ("Escape", "alt+F4", "F12", "ctrl+e", "ctrl+q"):
        kiosk.xserver.xdotool("key", keys)
    send_close_request(kiosk.xserver.display, window)
    kiosk.wait_output("window close request refused")
    assert kiosk.process.poll() is None, kiosk.output()[-3000:]
    assert kiosk.read_map()["screen"] == "home"

    for _ in range(5):
        kiosk.tap_at(15, 15)
    pad = kiosk.wait_screen("pin", timeout=15)
    for digit in PIN:
        kiosk.tap(f"pin:{digit}", pad)
    kiosk.tap("pin:ok", pad)
    panel = kiosk.wait_screen("staff", timeout=15)
    kiosk.tap("staff:exit", panel)
    assert kiosk.process.wait(timeout=20) == EXIT_STAFF


@pytest.mark.timeout(60)
def test_a_frozen_ui_thread_stops_the_watchdog_pings(start_kiosk, machine: Path) -> None:
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    address = str(machine / "notify.sock")
    notify.bind(address)
    notify.settimeout(0.5)
    freeze = machine / "freeze-now"
    kiosk = start_kiosk(env={"NOTIFY_SOCKET": address, "WATCHDOG_USEC": "2000000",
                             "KIOSK_TEST_FREEZE_FILE": str(freeze)}, hooked=True)

    def messages(seconds: float) -> list[str]:
        got, end = [], time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                got.append(notify.recv(4096).decode())
            except socket.timeout:
                pass
        return got

    try:
        early = messages(15)
        assert "READY=1" in early, early
        assert early.count("WATCHDOG=1") >= 2, early
        assert any(m.startswith("STATUS=") for m in early)
        freeze.touch()
        messages(2)  # a ping may be on its way while the UI thread freezes
        assert "WATCHDOG=1" not in messages(4)
        assert kiosk.process.poll() is None  # frozen, not dead: systemd's watchdog must act
    finally:
        kiosk.process.send_signal(signal.SIGKILL)
        notify.close()


@pytest.mark.timeout(60)
def test_an_uncaught_error_is_logged_with_its_traceback_and_exits_non_zero(start_kiosk, machine: Path) -> None:
    crash = machine / "crash-now"
    kiosk = start_kiosk(env={"KIOSK_TEST_CRASH_FILE": str(crash)}, hooked=True)
    kiosk.wait_for(lambda m: m["screen"] in ("home", "attract"), what="the first screen")
    crash.touch()
    assert kiosk.process.wait(timeout=20) == EXIT_CRASH
    log = (machine / "data" / "werkbank-kiosk" / "logs" / "kiosk.log").read_text()
    assert "Traceback (most recent call last)" in log
    assert "RuntimeError: test hook" in log
