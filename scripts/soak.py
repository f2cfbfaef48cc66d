"""Endurance run: the real kiosk UI through many attract cycles and random taps, on a fast clock.

The kiosk's attract loop runs day and night; a leak of widgets, textures, Clock events or
video decoders ends in a crash after days. This run drives the real shell in an offscreen
window: the attract loop plays the sample exhibition's playlist; between cycles a "monkey"
taps random points anywhere on screen (fixed seed), which wakes the kiosk, opens stories,
plays videos, switches languages and filters; the idle timeout sends it back to attract.
Kivy's clock runs ``--speed`` times faster than real time, so timers, fades and the idle
timeout pass quickly while every frame is still really drawn.

It measures after the first ``--baseline`` cycles and again at the end: live widgets, live
textures, scheduled Clock events, open video decoders, threads and resident memory; then it checks that
every screen can be reached again. Each census is read at a comparable moment: no film
playing, the clock at real speed, and the loop settled on the same picture. It prints a table, or JSON with ``--json``; the exit code is
1 when a check fails.

On Mesa's software renderer (llvmpipe) the run is drawn without rasterizer threads by default
(``--renderer-threads 0``). With threads, llvmpipe queues each flushed scene and keeps a finished
scene's 64 KB command blocks until it reuses that scene. How many it holds depends on the last
frames drawn: 414, 658, 894 and 491 blocks (27 to 59 MB) at four censuses of one run, a swing
that buried what the kiosk itself does. Drawn synchronously, llvmpipe reuses one scene and frees
its blocks each time. GPU drivers ignore the setting.

Usage: scripts/soak [--cycles 500 | --minutes 180] [--taps 2000] [--seed 7] [--size 960x540] [--speed 25]
                    [--renderer-threads N] [--every-minutes 5]
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import random
import signal
import sys
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from bench_ui import malloc_mb, smaps_mb  # beside this script

STALL_FRAMES = 20000  # far more than one cycle takes; beyond it the loop is stuck
QUIET_FRAMES = 2000  # far more than one film of the loop takes on the fast clock
SETTLE_FRAMES = 600  # a fade and a picture's decoding at real speed take a few dozen frames


class CountingRecorder:
    """Stands in for the statistics recorder and counts what the UI reports."""

    def __init__(self) -> None:
        self.cycles = 0
        self.events = 0

    def record(self, kind: str, **_fields) -> None:
        """Count one event; attract cycles separately."""
        self.events += 1
        if kind == "attract_cycle":
            self.cycles += 1

    def begin_session(self, **_where) -> None:
        """A visitor session starts."""
        self.events += 1

    def end_session(self, _reason: str) -> None:
        """A visitor session ends."""
        self.events += 1


def resident_mb() -> float:
    """This process's resident memory in MB."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def _callback_name(event) -> str:
    callback = event.get_callback()
    return getattr(callback, "__qualname__", repr(callback))


def _is(obj, cls) -> bool:
    """isinstance that is False for a weak proxy (Python's or Kivy's) whose object is gone."""
    try:
        return isinstance(obj, cls)
    except ReferenceError:
        return False


class FastClock:
    """Kivy's clock time, running ``speed`` times faster than real time, whose speed can change
    without a jump (Kivy's clock must never go back)."""

    def __init__(self, real, speed: float) -> None:
        self._real = real
        self.speed = speed
        self._real_at = self._fast_at = real()

    def __call__(self) -> float:
        """The clock's time now."""
        return self._fast_at + (self._real() - self._real_at) * self.speed

    def set_speed(self, speed: float) -> None:
        """Run at ``speed`` from now on, continuing from the time reached."""
        self._fast_at, self._real_at = self(), self._real()
        self.speed = speed


def census(clock: FastClock | None = None, layer=None) -> dict[str, float]:
    """Count what a leak would make grow; with the run's ``clock``, at real speed, and with the
    attract ``layer``, at the same moment of its loop each time (see below)."""
    from kiosk.ui.widgets.video import live_decoders

    # Read at a comparable moment: with no film decoder alive. A film at 1080p holds its
    # threads, packet queues and frames (8 threads and 30-60 MB more than a picture), and
    # whether one happened to play at a census swung the readings by that much.
    for _ in range(QUIET_FRAMES):
        if live_decoders() == 0:
            break
        frame()
    # And on the same item of the loop, once it has settled: which pictures were alive (the
    # item's, the one fading out, the next one half decoded) swung the resident memory by
    # 8 MB steps, 25-40 MB between two censuses a minute apart, more than an hour's 2 %.
    pin = pinned_item(layer)
    if pin is not None:
        for _ in range(QUIET_FRAMES):
            if int(layer.index) == pin:
                break
            frame()
    speed = clock.speed if clock is not None else 1.0
    if clock is not None:
        # On the fast clock the loop moves to its next item every three or four frames, so a
        # film would start within the census's own frames: at real speed it holds still.
        clock.set_speed(1.0)
    try:
        if pin is not None:
            for _ in range(SETTLE_FRAMES):
                if layer.settled() and int(layer.index) == pin:
                    break
                frame()
        return {**_census(), "attract_item": int(layer.index) if layer is not None else -1,
                "attract_settled": bool(layer is not None and layer.settled())}
    finally:
        if clock is not None:
            clock.set_speed(speed)


def pinned_item(layer) -> int | None:
    """The loop's item a census waits for: the first picture followed by another picture, so
    that nothing but pictures is alive (else the first picture); None when the loop does not
    run or shows no picture."""
    from kiosk.ui.screens.attract import attract_items

    if layer is None or not layer.running:
        return None
    items = attract_items(layer.controller.exhibition)
    pictures = [i for i, item in enumerate(items) if item.kind == "image"]
    followed = [i for i in pictures if items[(i + 1) % len(items)].kind == "image"]
    return (followed or pictures or [None])[0]


def _census() -> dict[str, float]:
    from kivy.clock import Clock
    from kivy.graphics.texture import Texture
    from kivy.uix.widget import Widget

    from kiosk.services.memory import collect_everything, release_free_memory
    from kiosk.ui.widgets.keptlabels import kept_textures
    from kiosk.ui.widgets.video import live_decoders

    for _ in range(5):  # let one-frame triggers (layout, label textures) run before counting
        frame()
    # What the kiosk does once per attract cycle (kiosk.services.memory), done here right before
    # reading: collect cyclic garbage, let Kivy delete the GL memory of the textures in it on the
    # next frames, hand the freed pages back. Without it the reading depended on how long ago
    # the last full collection and trim were, and swung by 30-70 MB between two checkpoints.
    collect_everything()  # frozen objects too: the kiosk freezes what survives its collections
    for _ in range(3):
        frame()
    release_free_memory()
    # The kiosk freezes what survives its collections (at an attract cycle's end, which the
    # frames above may reach): frozen objects are missing from gc.get_objects().
    gc.unfreeze()
    objects = gc.get_objects()
    # Where the resident memory is (the same split as scripts/bench_ui.py --parts memory): growth
    # with the Python objects flat is native, and this tells malloc's heaps from the rest.
    native = {f"{key}_mb": round(value, 1) for key, value in {**smaps_mb(), **malloc_mb()}.items()}
    return {
        "widgets": sum(_is(o, Widget) for o in objects),
        # Label textures kept for first visits are a cache with bounds of its own, filled while
        # home shows in each language and text size: counted apart from the textures a leak adds.
        "textures": sum(_is(o, Texture) for o in objects) - len(kept_textures),
        "kept_label_textures": len(kept_textures),
        "kept_label_mb": round(kept_textures.bytes / 1e6, 1),
        "clock_events": len(Clock.get_events()),
        "clock_callbacks": sorted(_callback_name(e) for e in Clock.get_events()),
        "decoders": live_decoders(),
        "threads": len(os.listdir("/proc/self/task")),
        "renderer_threads": _renderer_threads(),
        "rss_mb": round(resident_mb(), 1),
        "film_playing": live_decoders() > 0,
        **native,
    }


def _renderer_threads() -> int:
    """Count llvmpipe's rasterizer threads, which Mesa names ``llvmpipe-N``; decoder and cache
    threads come and go with the films, so the total thread count cannot tell them apart."""
    count = 0
    for task in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{task}/comm", encoding="utf-8", errors="replace") as comm:
                count += comm.read().startswith("llvmpipe")
        except OSError:  # the thread ended meanwhile
            continue
    return count


def frame() -> None:
    """Render one frame and wait until it is drawn.

    The offscreen driver's buffer swap does not flush: without glFinish, Mesa queues frame after
    frame, and one late flush takes seconds and gigabytes, which no real display would see.
    """
    from kivy.base import EventLoop
    from kivy.graphics.opengl import glFinish

    EventLoop.idle()
    glFinish()


class WarningCounter(logging.Handler):
    """Counts the attract loop's warnings (films skipped, files gone): how much of the loop really ran."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0
        self.first: list[str] = []
        """The first ten warnings' messages, to say which films were skipped and why."""

    def emit(self, record: logging.LogRecord) -> None:
        """Count one warning."""
        self.count += 1
        message = record.getMessage()
        if len(self.first) < 10:
            self.first.append(message)
        print(f"soak: attract loop warning: {message}", file=sys.stderr, flush=True)


class FirstFrameTimes(logging.Handler):
    """Collects how long each attract film took to show its first frame, in real seconds: a
    film is skipped past the loop's timeout, so how close the others come to it tells a
    decoder that stalled from one that was slow."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.seconds: list[float] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Keep one film's time to its first frame."""
        seconds = getattr(record, "first_frame_s", None)
        if seconds is not None:
            self.seconds.append(seconds)

    def summary(self) -> dict[str, float]:
        """Count, median, 99th percentile and longest time to a first frame."""
        times = sorted(self.seconds)
        if not times:
            return {"films": 0}
        return {"films": len(times), "p50_s": round(times[len(times) // 2], 2),
                "p99_s": round(times[min(len(times) - 1, int(len(times) * 0.99))], 2), "max_s": round(times[-1], 2)}


def visit_every_screen(controller, shell) -> list[str]:
    """Show every screen of the exhibition once; return those that did not show (with why)."""
    from kiosk.ui.launch import settle

    exhibition = controller.exhibition
    targets = [("home", "")] + [("story", s.id) for s in exhibition.stories] + [("providers", "")]
    targets += [("provider", p.id) for p in exhibition.providers] + [("page", p.id) for p in exhibition.pages]
    unreachable = []
    for screen, item in targets:
        controller.show(screen, item)
        settle(shell)
        if shell.manager.current != screen or not shell.elements():
            unreachable.append(f"{screen}:{item} (showing {shell.manager.current}, "
                               f"{len(shell.elements())} elements, controller on {controller.screen})")
        elif screen == "story":  # the media viewer is built on its first use: count it from the baseline on
            story = shell.manager.get_screen("story")
            story.open_viewer()
            settle(shell)
            story.close_viewer()
            settle(shell)
    return unreachable


def visit_every_variant(controller, shell) -> list[str]:
    """Show every screen in every language at both text sizes, each time after home has
    prepared the first visits ahead; return the screens that did not show (with why).

    What the kiosk keeps per language and text size (label textures rendered ahead, within
    their bounds) is then in the baseline, not counted as growth when the monkey first switches."""
    from kiosk.ui.launch import settle

    unreachable = []
    for lang in controller.languages:
        for large in (False, True):
            controller.set_lang(lang)
            if controller.large_text != large:
                controller.toggle_large_text()
            controller.show("home", "")
            settle(shell)
            ahead = shell.manager.get_screen("home").ahead
            for _ in range(QUIET_FRAMES):
                if ahead is None or not ahead.busy:
                    break
                frame()
            unreachable += visit_every_screen(controller, shell)
    controller.set_lang(controller.languages[0])
    if controller.large_text:
        controller.toggle_large_text()
    return unreachable


def last_hour_growth(checkpoints: list[dict], final: dict) -> float | None:
    """Resident memory's growth over the run's last hour, in percent; None when the run was
    shorter than an hour.

    A census reads what the heap and the renderer hold at that moment, and readings swing by
    a few percent from one census to the next, so two readings an hour apart can differ by more
    than the memory grows. The growth is read from the least-squares line through every census
    from the last one an hour or more before the end up to the end: its rise over that span
    against its value at the span's start."""
    end = final["minute"]
    earlier = [p for p in checkpoints if p["minute"] <= end - 60]
    if not earlier:
        return None
    points = [(p["minute"], p["rss_mb"]) for p in checkpoints if p["minute"] >= earlier[-1]["minute"]]
    points.append((end, final["rss_mb"]))
    mean_t = sum(t for t, _ in points) / len(points)
    mean_m = sum(m for _, m in points) / len(points)
    slope = (sum((t - mean_t) * (m - mean_m) for t, m in points)
             / sum((t - mean_t) ** 2 for t, _ in points))
    start = points[0][0]
    at_start = mean_m + slope * (start - mean_t)
    return round(slope * (end - start) / at_start * 100, 2)


def run(cycles: int, taps: int, seed: int, size: tuple[int, int], speed: float, baseline_cycles: int,
        every: int = 100, minutes: float | None = None, every_minutes: float = 5.0) -> dict:
    """Run the soak and return its figures and verdicts; a census every ``every`` cycles shows the trend.

    With ``minutes`` the run lasts that long in real time instead of ``cycles`` cycles (``taps``
    is then spread over ``cycles`` as an estimate), a census every ``every_minutes`` shows the
    trend, and resident memory may grow less than 2 % over the last hour."""
    from kiosk.ui.launch import configure_kivy

    configure_kivy(windowed=True, size=size, offscreen=True)
    from kivy.base import EventLoop
    from kivy.clock import Clock
    from kivy.core.window import Window
    from kivy.tests.common import UnitTestTouch

    from kiosk.model.loader import load_exhibition
    from kiosk.ui.assembly import Kiosk
    from kiosk.ui.launch import settle
    from kiosk.ui.screens import attract

    EventLoop.ensure_window()
    from kivy.graphics.opengl import GL_RENDERER, glGetString

    renderer = glGetString(GL_RENDERER).decode(errors="replace")
    for provider in list(EventLoop.input_providers):
        EventLoop.remove_input_provider(provider)
    Window.size = size
    exhibition = load_exhibition(REPO / "content")
    # Videos in the loop stop after a few (fast-clock) seconds, as images do.
    exhibition = replace(exhibition, attract=tuple(replace(item, duration=item.duration or 5.0)
                                                    for item in exhibition.attract))
    recorder = CountingRecorder()
    # Started as `kiosk run` starts it (pre-warm, staff gesture, lockdown, watchdog), without a
    # folder to watch; it starts in the attract loop, which the first visits leave.
    kiosk = Kiosk(exhibition, recorder=recorder, idle_timeout=20)
    kiosk.start()
    controller, shell = kiosk.controller, kiosk.shell
    controller.leave_attract()

    fast_clock = FastClock(Clock.time, speed)
    Clock.time = fast_clock
    # Videos decode in real time: give a film as long to show its first frame as in a real room.
    attract.FIRST_FRAME_TIMEOUT_S *= speed

    # Every screen once in every language and text size before the loop: what a first visit
    # builds (tiles, texts, QR codes, texts kept ahead) is then in the baseline, and growth
    # after it means a leak, not a screen or a language the monkey found late.
    idle_timeout, controller.idle_timeout = controller.idle_timeout, 10 ** 6
    unreachable_at_start = visit_every_variant(controller, shell)
    controller.idle_timeout = idle_timeout
    rng = random.Random(seed)
    tapped, frames, errors = 0, 0, []
    baseline = None
    checkpoints = []
    samples = []  # resident memory at the end of every cycle, as it is, for the unfiltered trend
    skipped = WarningCounter()
    first_frames = FirstFrameTimes()
    attract_log = logging.getLogger("kiosk.ui.screens.attract")
    attract_log.addHandler(skipped)
    attract_log.addHandler(first_frames)
    attract_log.setLevel(logging.DEBUG)
    # SDL turns SIGTERM into a window-close request, which nothing here reads: without this
    # handler ``kill`` did not end a long run. Now it ends after the cycle and reports what it has.
    stop = []
    signal.signal(signal.SIGTERM, lambda _signum, _frame: stop.append(True))
    started = time.monotonic()
    deadline = started + minutes * 60 if minutes else None
    last_census = started

    def minute() -> float:
        return round((time.monotonic() - started) / 60, 1)

    def running() -> bool:
        if stop:
            return False
        if deadline is not None:
            return time.monotonic() < deadline
        return recorder.cycles < cycles

    controller.enter_attract()
    while running():
        target, waited = recorder.cycles + 1, 0
        while recorder.cycles < target and waited < STALL_FRAMES and not stop:
            frame()
            frames += 1
            waited += 1
        if recorder.cycles < target and not stop:
            errors.append(f"the attract loop stalled: no full cycle in {STALL_FRAMES} frames")
            break
        samples.append({"minute": minute(), "rss_mb": round(resident_mb(), 1)})
        if baseline is None and recorder.cycles >= baseline_cycles:
            baseline = {"minute": minute(), **census(fast_clock, shell.attract_layer)}
        if deadline is not None:
            due = time.monotonic() - last_census >= every_minutes * 60
        else:
            due = recorder.cycles % every == 0
        if due or recorder.cycles == baseline_cycles:
            last_census = time.monotonic()
            point = {"minute": minute(), "cycles": recorder.cycles, "taps": tapped,
                     "attract_warnings": skipped.count, **census(fast_clock, shell.attract_layer)}
            checkpoints.append(point)
            print(f"soak: {point['minute']} min, {point['cycles']} cycles, {tapped} taps, "
                  f"{point['widgets']} widgets, {point['textures']} textures (+{point['kept_label_textures']} kept labels, "
                  f"{point['kept_label_mb']} MB), {point['clock_events']} "
                  f"Clock events, {point['threads']} threads, {skipped.count} attract warnings, "
                  f"{point['rss_mb']} MB (heap {point['heap_mb']}, big anonymous {point['anon_big_mb']}, "
                  f"small anonymous {point['anon_small_mb']}, files {point['files_mb']}; malloc in use "
                  f"{point['malloc_in_use_mb']}, free {point['malloc_free_mb']}); first film frames "
                  f"{first_frames.summary()}", file=sys.stderr, flush=True)
        # The monkey: wake the kiosk and tap around until the quota for this cycle is used;
        # in a timed run the quota goes on past ``cycles`` at the same rate.
        quota = taps * recorder.cycles // cycles - tapped
        if deadline is None:
            quota = taps * min(recorder.cycles, cycles) // cycles - tapped
        for _ in range(max(quota, 0)):
            x, y = rng.uniform(0, Window.width), rng.uniform(0, Window.height)
            touch = UnitTestTouch(x, y)
            try:
                touch.touch_down()
                frame()
                touch.touch_up()
                for _ in range(rng.randint(1, 4)):
                    frame()
                    frames += 1
            except Exception as exc:  # recorded, and the run goes on: the verdict lists them
                errors.append(repr(exc))
            tapped += 1
        if not controller.attract:
            controller.enter_attract()
    elapsed = time.monotonic() - started
    # The fast clock stays: Kivy's last tick is in its future now, and a real clock from here
    # would make the next frames sleep until real time caught up.
    final = {"minute": minute(), **census(fast_clock, shell.attract_layer)}

    controller.idle_timeout = 10 ** 6  # the checks below take longer than a (fast) idle timeout
    controller.leave_attract()
    unreachable = visit_every_screen(controller, shell)
    controller.enter_attract()
    settle(shell)
    if not controller.attract:
        unreachable.append("attract")

    unreachable = unreachable_at_start + unreachable
    baseline = baseline or final
    checks = {
        "no exception": not errors,
        "every screen reachable again": not unreachable,
        "widgets did not grow": final["widgets"] <= baseline["widgets"] * 1.02 + 10,
        "textures did not grow": final["textures"] <= baseline["textures"] * 1.05 + 10,
        "clock events did not grow": final["clock_events"] <= baseline["clock_events"] + 5,
        "at most one video decoder": final["decoders"] <= 1,
        # ffpyplayer has leaked its threads before (matham/ffpyplayer#173). A playing film runs
        # eight (reader, decoders, Kivy's frame pump; 15 threads at a census with a film, 7
        # without), so one film more at the end is allowed; a leak over hundreds adds far more.
        "threads did not grow": final["threads"] <= baseline["threads"] + 9,
        "memory within 10% of the baseline": final["rss_mb"] <= baseline["rss_mb"] * 1.10,
        "no attract film skipped": skipped.count == 0,
    }
    growth = last_hour_growth(checkpoints, final)
    sampled_growth = last_hour_growth(samples[:-1], samples[-1]) if samples else None
    if minutes:
        checks["memory grew less than 2% in the last hour"] = growth is not None and growth < 2.0
    return {"cycles": recorder.cycles, "stopped_early": bool(stop), "taps": tapped, "frames": frames, "seconds": round(elapsed, 1),
            "speed": speed, "size": f"{size[0]}x{size[1]}", "seed": seed, "renderer": renderer,
            "renderer_threads": os.environ.get("LP_NUM_THREADS", ""), "baseline_after_cycles": baseline_cycles,
            "baseline": baseline, "final": final, "errors": errors[:10], "unreachable": unreachable,
            "checkpoints": checkpoints, "first_film_frames": first_frames.summary(), "attract_warnings": skipped.count, "attract_warning_messages": skipped.first,
            "last_hour_growth_pct": growth, "last_hour_growth_every_cycle_pct": sampled_growth, "first_frame_timeout_s": attract.FIRST_FRAME_TIMEOUT_S / speed,
            "checks": checks, "ok": all(checks.values())}


def main() -> int:
    """Parse the arguments, run, print the figures; exit 1 when a check fails."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=500)
    parser.add_argument("--taps", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--size", default="960x540")
    parser.add_argument("--speed", type=float, default=25.0, help="how much faster Kivy's clock runs")
    parser.add_argument("--baseline", type=int, default=50, help="cycles before the baseline census")
    parser.add_argument("--every", type=int, default=100, help="cycles between two trend censuses")
    parser.add_argument("--minutes", type=float, default=None,
                        help="run this long in real time instead of --cycles cycles (e.g. 180)")
    parser.add_argument("--every-minutes", type=float, default=5.0, help="minutes between two censuses of a timed run")
    parser.add_argument("--renderer-threads", type=int, default=None,
                        help="llvmpipe's rasterizer threads (LP_NUM_THREADS; see above); without it the "
                             "kiosk's own choice (kiosk.ui.launch.RENDERER_THREADS); GPU drivers ignore it")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    os.environ["KIVY_NO_ARGS"] = "1"
    if args.renderer_threads is not None:  # read once, when the GL context is made
        os.environ["LP_NUM_THREADS"] = str(args.renderer_threads)
    width, height = (int(v) for v in args.size.split("x"))
    result = run(args.cycles, args.taps, args.seed, (width, height), args.speed, min(args.baseline, args.cycles),
                 max(args.every, 1), args.minutes, args.every_minutes)
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{result['cycles']} attract cycles, {result['taps']} taps, {result['frames']} frames in "
              f"{result['seconds']} s (clock x{args.speed}, {result['size']}, seed {args.seed}, "
              f"{result['renderer']}, LP_NUM_THREADS={result['renderer_threads']})"
              + (", stopped early by SIGTERM" if result["stopped_early"] else ""))
        print(f"| {'measure':<14} | {'after ' + str(result['baseline_after_cycles']) + ' cycles':>16} | {'at the end':>10} |")
        print(f"|{'-' * 16}|{'-' * 18}|{'-' * 12}|")
        for key, value in result["final"].items():
            if isinstance(value, (int, float)):
                print(f"| {key:<14} | {result['baseline'][key]:>16} | {value:>10} |")
        print(f"\nTrend (the attract loop logged {result['attract_warnings']} warnings, e.g. films skipped):")
        print("| minute | cycles | taps | widgets | textures | kept labels | Clock events | decoders | threads "
              "| resident MB | heap | big anon. | small anon. | malloc in use | malloc free |")
        print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for point in result["checkpoints"]:
            print(f"| {point['minute']} | {point['cycles']} | {point['taps']} | {point['widgets']} | {point['textures']} | "
                  f"{point['kept_label_textures']} | {point['clock_events']} | {point['decoders']} | {point['threads']} | {point['rss_mb']} | "
                  f"{point['heap_mb']} | {point['anon_big_mb']} | {point['anon_small_mb']} | "
                  f"{point['malloc_in_use_mb']} | {point['malloc_free_mb']} |")
        print(f"\nTime to an attract film's first frame (real seconds; skipped past "
              f"{result['first_frame_timeout_s']:g} s): {result['first_film_frames']}")
        if result["last_hour_growth_pct"] is not None:
            print(f"\nResident memory over the last hour (trend through its censuses): "
                  f"{result['last_hour_growth_pct']:+.2f} %; through the reading at every cycle's end, "
                  f"films playing or not: {result['last_hour_growth_every_cycle_pct']:+.2f} %")
        for name, passed in result["checks"].items():
            print(f"{'ok  ' if passed else 'FAIL'} {name}")
        for line in result["errors"] + result["unreachable"] + result["attract_warning_messages"]:
            print("  ", line)
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
