"""Benchmark of the visitor app against a bare Kivy baseline measured in the same run.

Software rendering makes absolute frame rates meaningless across machines, so every figure
that has a baseline is printed as a ratio to it:

- start-up: process start to the first frame, ``kiosk run`` on the sample content against a
  bare Kivy window with one label (target: 1.5x or less);
- tap to the first frame of the next screen, p50 and p95, at 1920x1080 (target: p95 <= 100 ms);
- attract loop frame rate against a bare Kivy cross-fade of two fullscreen images
  (target: 0.9 or more).

Each part runs in its own process (Kivy has one window per process), offscreen unless
DISPLAY is set. Usage: python scripts/bench_ui.py [--runs 5] [--taps 30] [--seconds 8]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SIZE = (1920, 1080)


def _child_env() -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(REPO), KIVY_NO_CONSOLELOG="1", KIVY_NO_ARGS="1")
    env.setdefault("XDG_DATA_HOME", "/tmp/werkbank-bench-data")
    return env


def _run_child(part: str, *args: str) -> dict:
    started = time.time()
    done = subprocess.run([sys.executable, __file__, "--child", part, *args], env=dict(_child_env(), BENCH_T0=repr(started)),
                          capture_output=True, text=True, timeout=600)
    for line in reversed(done.stdout.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError(f"{part} printed no result:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")


# -- children ------------------------------------------------------------------------------

def _configure() -> None:
    from kiosk.ui.launch import configure_kivy

    configure_kivy(windowed=True, size=SIZE, offscreen="DISPLAY" not in os.environ)
    from kivy.config import Config

    Config.set("graphics", "maxfps", "0")  # count what the renderer can do, not the frame cap


def child_startup(mode: str) -> None:
    """Print the seconds from process start (BENCH_T0) to the first frame of the app."""
    t0 = float(os.environ["BENCH_T0"])
    _configure()
    from kivy.app import App
    from kivy.core.window import Window

    def first_flip(*_args) -> None:
        app = App.get_running_app()
        if app is not None and app.root is not None:
            from kivy.graphics.opengl import glFinish

            glFinish()
            print(json.dumps({"seconds": time.time() - t0}), flush=True)
            os._exit(0)  # the measurement is taken; nothing else of the run matters

    Window.bind(on_flip=first_flip)
    if mode == "kiosk":
        from kiosk.cli import main

        main(["run", "--windowed", "--size", f"{SIZE[0]}x{SIZE[1]}", "--content", str(REPO / "content")])
    else:
        from kivy.uix.label import Label

        class BareApp(App):
            def build(self):
                return Label(text="Werkbank")

        BareApp().run()


def _shell():
    """A kiosk shell on the sample content in this process's window, as the tests build it."""
    _configure()
    from kivy.base import EventLoop
    from kivy.core.window import Window

    from kiosk.model.loader import load_exhibition
    from kiosk.ui.app import build_shell
    from kiosk.ui.controller import Controller

    EventLoop.ensure_window()
    for provider in list(EventLoop.input_providers):
        EventLoop.remove_input_provider(provider)
    Window.size = SIZE
    controller = Controller(load_exhibition(REPO / "content"), idle_timeout=10 ** 6)
    shell = build_shell(controller)
    Window.add_widget(shell)
    controller.start()
    from kiosk.ui.launch import settle

    settle(shell)
    return shell, controller


def child_taps(taps: int) -> None:
    """Print tap-to-first-frame times: home tile → story, and Zurück → home, alternately."""
    from kivy.core.window import Window
    from kivy.tests.common import UnitTestTouch

    from kiosk.ui.launch import settle

    shell, controller = _shell()
    times = []
    for index in range(taps):
        settle(shell)
        elements = {e.id: e for e in shell.elements()}
        if controller.screen == "home":
            stories = sorted(k for k in elements if k.startswith("story:"))
            target, expected = elements[stories[index % len(stories)]], "story"
        else:
            target, expected = elements["nav:back"], "home"
        touch = UnitTestTouch(target.x + target.w / 2, Window.height - (target.y + target.h / 2))
        start = time.perf_counter()
        touch.touch_down()
        touch.touch_up()
        for _ in range(100):
            _frame()
            if shell.manager.current == expected:
                break
        times.append(time.perf_counter() - start)
        settle(shell)
    print(json.dumps({"times": times}), flush=True)


def _frame() -> None:
    """Render one frame and wait until the GPU (here: llvmpipe) has really drawn it.

    Without glFinish, Mesa defers the drawing of an offscreen frame, and frame rates come out
    a hundred times too high.
    """
    from kivy.base import EventLoop
    from kivy.graphics.opengl import glFinish

    EventLoop.idle()
    glFinish()


def _count_frames(seconds: float) -> float:
    frames, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        _frame()
        frames += 1
    return frames / (time.perf_counter() - start)


def child_fade(mode: str, seconds: float) -> None:
    """Print frames per second: the attract loop, or a bare cross-fade of two fullscreen images."""
    if mode == "kiosk":
        _shell()[1].enter_attract()
        print(json.dumps({"fps": _count_frames(seconds)}), flush=True)
        return
    _configure()
    from kivy.animation import Animation
    from kivy.base import EventLoop
    from kivy.core.window import Window
    from kivy.uix.floatlayout import FloatLayout
    from kivy.uix.image import Image

    EventLoop.ensure_window()
    Window.size = SIZE
    pictures = sorted((REPO / "content" / "stories").glob("*/cover.jpg"))[:2]
    root = FloatLayout()
    front, back = (Image(source=str(p), fit_mode="cover", nocache=True) for p in pictures)
    root.add_widget(back)
    root.add_widget(front)
    Window.add_widget(root)
    fade = Animation(opacity=0, duration=1) + Animation(opacity=1, duration=1)
    fade.repeat = True
    fade.start(front)
    print(json.dumps({"fps": _count_frames(seconds)}), flush=True)


# -- the parent ----------------------------------------------------------------------------

def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    """Run every part and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="start-up runs of each kind (median shown)")
    parser.add_argument("--taps", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=8.0, help="seconds of frames counted per fade run")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        part, *rest = args.child
        {"startup": lambda: child_startup(rest[0]), "taps": lambda: child_taps(int(rest[0])),
         "fade": lambda: child_fade(rest[0], float(rest[1]))}[part]()
        return

    renderer = "Xvfb/GLX" if "DISPLAY" in os.environ else "SDL offscreen"
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}, Mesa software GL via {renderer}, window {SIZE[0]}x{SIZE[1]}")
    bare = [_run_child("startup", "bare")["seconds"] for _ in range(args.runs)]
    kiosk = [_run_child("startup", "kiosk")["seconds"] for _ in range(args.runs)]
    taps = _run_child("taps", str(args.taps))["times"]
    fade_bare = _run_child("fade", "bare", str(args.seconds))["fps"]
    fade_kiosk = _run_child("fade", "kiosk", str(args.seconds))["fps"]

    rows = [
        ("start to first frame: bare Kivy", f"{statistics.median(bare):.2f} s", "", ""),
        ("start to first frame: kiosk", f"{statistics.median(kiosk):.2f} s",
         f"{statistics.median(kiosk) / statistics.median(bare):.2f}x", "<= 1.5x"),
        ("tap to next screen p50", f"{statistics.median(taps) * 1000:.0f} ms", "", ""),
        ("tap to next screen p95", f"{_percentile(taps, 0.95) * 1000:.0f} ms", "", "<= 100 ms"),
        ("cross-fade fps: bare Kivy", f"{fade_bare:.1f}", "", ""),
        ("attract loop fps: kiosk", f"{fade_kiosk:.1f}", f"{fade_kiosk / fade_bare:.2f}", ">= 0.9"),
    ]
    print(f"| {'measure':<34} | {'value':>9} | {'ratio':>6} | {'target':>9} |")
    print(f"|{'-' * 36}|{'-' * 11}|{'-' * 8}|{'-' * 11}|")
    for name, value, ratio, target in rows:
        print(f"| {name:<34} | {value:>9} | {ratio:>6} | {target:>9} |")


if __name__ == "__main__":
    main()
