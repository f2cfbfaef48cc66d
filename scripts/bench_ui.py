"""Benchmark of the visitor app against baselines measured in the same run.

Software rendering makes absolute frame rates meaningless across machines, so every figure
that has a baseline is printed as a ratio to it. The UI parts (``--parts ui``), each on the
kiosk as ``kiosk run`` assembles it (:mod:`kiosk.ui.assembly`):

- start-up: process start to the first frame, ``kiosk run`` on the sample content against a
  bare Kivy window with one label, the two alternating, median of ``--runs`` each after one
  uncounted pair (target: 1.5x or less);
- taps: a visitor's tour at 1920x1080 (:func:`tour_step`: home, every story, providers, the
  provider wall, info pages, "Zurück"), each tap timed to the first frame of the next screen;
  p50, p95 and max after the first ``--warmup`` taps, in bare full-screen frames (one frame of
  the bare cross-fade below, same run; target: p95 <= 2 frames, no tap over 500 ms); the
  slowest taps are printed with where they led from and to and what was tapped, with the
  page faults per tap (memory mapped afresh), and with ``--profile`` cProfile's figures for
  the slowest;
- attract loop frame rate against a bare Kivy cross-fade of two fullscreen images
  (target: 0.9 or more);
- memory: resident memory after visiting every screen and ``--cycles`` attract cycles (on a
  clock 25 times faster, as in the soak) against a bare Kivy window of the same size showing
  8 pictures of the sample (target: 1.5x or less); with a table of where the memory is at
  each step (:func:`_memory_split`: kinds of mapping, malloc's account of its heaps, Kivy's
  widgets, label textures, framebuffers, textures and caches), and with ``--trace`` Python's
  traced allocations and their top sites as well.

``--parts threads`` runs the attract loop for ``--threads-seconds`` on the real clock with
llvmpipe's rasterizer threads (``LP_NUM_THREADS``) at 0, 1 and 2, and prints resident memory
after 10 s and at the end, the frame rate and the films skipped: how the kiosk's own setting
(:data:`kiosk.ui.launch.RENDERER_THREADS`) was chosen.

The media parts (``--parts media``), on a generated exhibition of 100 stories (``--stories``)
made from the sample, in two variants that differ only in the cover files: 24 MP phone
photos (6000x4000, every third turned by EXIF orientation 6) and the same pictures already
at the cover slot's size:

- covers: the cold image-cache build per image (what the app pre-warms, from an empty
  cache), then the home screen on a warm image cache and a warm start-up cache (a restart):
  time to the first frame that shows every visible cover, and resident memory after it,
  24 MP against display-size covers (target: 1.2x or less on both);
- video: tap to the next frame while a story's video plays, against the same taps with the
  video paused (target as for taps: p95 <= 100 ms).

Each measurement runs in its own process (Kivy has one window per process), offscreen unless
DISPLAY is set, and every frame is finished with glFinish. Usage:
python scripts/bench_ui.py [--parts ui,media,threads] [--runs 5] [--taps 30] [--warmup 3]
[--profile] [--seconds 8] [--cycles 10] [--trace] [--threads-seconds 180] [--stories 100] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SIZE = (1920, 1080)
STORIES = 100
ATTRACT_EVERY = 12
"""Every so many taps of the tour, the first tap is on the attract loop."""
ATTRACT_FADE_S = 2.0
"""Seconds of frames after the attract loop starts, so that the tap lands on its picture."""
VIDEO_STORY = "dachdecker-azubi-videos"
"""A sample story whose gallery holds a video (its second medium)."""
PARTS = {"ui": ("startup", "taps", "fade", "memory"), "media": ("covers", "video"), "threads": ("threads",)}
"""Groups for ``--parts``; single part names work too."""


def _child_env() -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(REPO), KIVY_NO_CONSOLELOG="1", KIVY_NO_ARGS="1")
    env.setdefault("XDG_DATA_HOME", "/tmp/werkbank-bench-data")
    return env


def _run_child(part: str, *args: str, env: dict[str, str] | None = None) -> dict:
    started = time.time()
    done = subprocess.run([sys.executable, __file__, "--child", part, *args],
                          env=dict(_child_env(), BENCH_T0=repr(started), **(env or {})),
                          capture_output=True, text=True, timeout=600, check=False)
    for line in reversed(done.stdout.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError(f"{part} printed no result:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")


def _startup_cache(xdg_data_home: Path):
    """The start-up cache ``kiosk run`` reads on a restart, for a data home."""
    from kiosk.services.content_ops import startup_cache
    from kiosk.services.paths import APP_DIR_NAME

    return startup_cache(xdg_data_home / APP_DIR_NAME)


def _restarted_exhibition(content: Path):
    """Return the exhibition as a restarted app gets it: from the warm start-up cache."""
    exhibition = _startup_cache(Path(os.environ["XDG_DATA_HOME"])).load(content)
    if exhibition is None:
        raise RuntimeError(f"no start-up cache for {content}: the parent stores one before the children run")
    return exhibition


# -- content for the media parts ---------------------------------------------------------

def _place(source: Path, target: Path) -> None:
    """Hard-link ``source`` to ``target`` (copy across file systems): 100 stories of media
    would otherwise copy the 600 MB of covers once per variant."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def make_cover_photos(folder: Path, count: int) -> list[Path]:
    """Return ``count`` 24 MP phone-like JPEGs in ``folder``, making the missing ones in parallel.

    Uses scripts/bench_images.py's ``make_photo`` (every third photo carries EXIF orientation 6).
    """
    from concurrent.futures import ProcessPoolExecutor

    from bench_images import make_photo

    folder.mkdir(parents=True, exist_ok=True)
    photos = [folder / f"photo-{n:03d}.jpg" for n in range(count)]
    missing = [(path, n) for n, path in enumerate(photos) if not path.exists()]
    if missing:
        with ProcessPoolExecutor(max_workers=os.cpu_count()) as pool:
            list(pool.map(make_photo, [path for path, _ in missing], [n for _, n in missing]))
    return photos


def display_size_covers(photos: list[Path], folder: Path) -> list[Path]:
    """Return copies of ``photos`` at the cover slot's size, upright, as the app's cache makes them."""
    from kiosk.services.imagecache import SLOT_FIT, ImageCache, slot_boxes

    folder.mkdir(parents=True, exist_ok=True)
    cache = ImageCache(folder / "cache")
    covers = []
    for photo in photos:
        cover = folder / photo.name
        if not cover.exists():
            shutil.copy2(cache.get(photo, slot_boxes(SIZE)["cover"], fit=SLOT_FIT["cover"]), cover)
        covers.append(cover)
    return covers


def build_content(root: Path, covers: list[Path]) -> Path:
    """Write a content folder at ``root`` with one story per cover, made from the sample; return it.

    Settings, providers, pages and attract media are the sample's. Story n copies sample story
    n mod 9 with its media; the first nine keep their ids (the attract loop names them), the
    others get ``<id>-<n>`` and the number in their titles. Only the covers differ between
    two folders built from different cover lists.
    """
    import yaml

    sample = REPO / "content"
    shutil.copytree(sample, root, ignore=shutil.ignore_patterns("stories", "README.md"), copy_function=_place)
    templates = sorted(p for p in (sample / "stories").iterdir() if (p / "story.yaml").is_file())
    for n, cover in enumerate(covers):
        template = templates[n % len(templates)]
        story_id = template.name if n < len(templates) else f"{template.name}-{n:03d}"
        folder = root / "stories" / story_id
        folder.mkdir(parents=True)
        story = yaml.safe_load((template / "story.yaml").read_text(encoding="utf-8"))
        for media_file in template.iterdir():
            if media_file.name not in ("story.yaml", story["cover"]):
                _place(media_file, folder / media_file.name)
        if n >= len(templates):
            # The number replaces the title's last characters: no title gets longer than the
            # sample's, so none can cross the validator's limit.
            suffix = f" {n + 1}"
            story["title"] = {lang: text[:len(text) - len(suffix)].rstrip() + suffix
                              for lang, text in story["title"].items()}
        story["cover"] = "cover.jpg"
        _place(cover, folder / "cover.jpg")
        (folder / "story.yaml").write_text(yaml.safe_dump(story, allow_unicode=True, sort_keys=False),
                                           encoding="utf-8")
    return root


def check_content(folder: Path):
    """Return the exhibition of ``folder``; raise ValueError if the validator reports anything.

    The sample content validates without a single warning, and so must every folder built
    from it: a text over its limit would measure a screen no staff member could make.
    """
    from kiosk.model.loader import validate

    result = validate(folder)
    if result.problems or result.exhibition is None:
        raise ValueError(f"{folder} does not validate cleanly:\n" + "\n".join(map(str, result.problems)))
    return result.exhibition


def _prepare_covers(work: Path, stories: int) -> dict[str, tuple[Path, Path]]:
    """Make both variants' content folders and start-up caches; return {variant: (content, data home)}."""
    from kiosk.services.imagecache import slot_boxes

    started = time.perf_counter()
    photos = make_cover_photos(work / "photos", stories)
    box = slot_boxes(SIZE)["cover"]
    # The baseline first: the table shows it above the 24 MP figures and their ratios to it.
    covers = {f"{box[0]}x{box[1]} covers": display_size_covers(photos, work / "display"), "24 MP covers": photos}
    variants = {}
    for index, (name, files) in enumerate(covers.items()):
        content, home = work / f"content-{index}", work / f"data-{index}"
        shutil.rmtree(content, ignore_errors=True)
        shutil.rmtree(home, ignore_errors=True)
        _startup_cache(home).store(content, check_content(build_content(content, files)))
        variants[name] = (content, home)
    sizes = [p.stat().st_size for p in photos]
    print(f"content: {stories} stories, covers 6000x4000 JPEG ({statistics.mean(sizes) / 1e6:.1f} MB average) "
          f"or {box[0]}x{box[1]}; made and validated in {time.perf_counter() - started:.0f} s", flush=True)
    return variants


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


def _window() -> None:
    """Open this process's window at SIZE, with no input but the benchmark's own touches.

    Nothing may import ``kivy.core.window`` before this: the import opens the window, and one
    opened before :func:`_configure` keeps SDL's offscreen surface at Kivy's default 800x600,
    so most of every frame is never drawn (the taps part measured that way until 2026-11).
    """
    _configure()
    from kivy.base import EventLoop
    from kivy.core.window import Window
    from kivy.tests import common  # noqa: F401 (imports pytest: not inside the first timed tap)

    EventLoop.ensure_window()
    for provider in list(EventLoop.input_providers):
        EventLoop.remove_input_provider(provider)
    Window.size = SIZE


def _build_shell(exhibition):
    """Put a kiosk on ``exhibition`` into the open window, assembled as the app assembles it,
    its visitor side started; no frame yet. Returns its shell and controller."""
    from kiosk.ui.assembly import Kiosk

    kiosk = Kiosk(exhibition, idle_timeout=10 ** 6)
    kiosk.start(unattended=False)
    return kiosk.shell, kiosk.controller


def _shell():
    """A kiosk shell on the sample content in this process's window, as the tests build it."""
    from kiosk.model.loader import load_exhibition
    from kiosk.ui.launch import settle

    _window()
    shell, controller = _build_shell(load_exhibition(REPO / "content"))
    settle(shell)
    return shell, controller


def _settle(shell) -> None:
    """Let the screen come to rest, as :func:`kiosk.ui.launch.settle` does, and finish every
    frame drawn meanwhile. Without glFinish the offscreen driver queues them (a fade's frames
    among them) and Mesa draws them all inside the next tap, which a real display, finishing
    each frame as it shows it, never lets a visitor wait for."""
    from kivy.graphics.opengl import glFinish

    from kiosk.ui.launch import settle

    settle(shell)
    glFinish()


def _tap(element, done) -> float:
    """Tap the middle of a UI map ``element``; return the seconds until the first frame after
    which ``done()`` holds."""
    from kivy.core.window import Window
    from kivy.tests.common import UnitTestTouch

    touch = UnitTestTouch(element.x + element.w / 2, Window.height - (element.y + element.h / 2))
    start = time.perf_counter()
    touch.touch_down()
    touch.touch_up()
    _frames_until(done, 10)
    return time.perf_counter() - start


def tour_step(screen: str, ids: list[str], turn: int) -> tuple[str, str]:
    """Return the UI map id to tap next on ``screen`` and the screen it leads to ("" for
    wherever "Zurück" leads).

    A visitor's round through every kind of screen: from home into each story in turn, on
    from every other story to its provider and back, now and then to the provider wall or
    an info page; out of the attract loop into the story on its slide, or home. ``ids`` are
    the UI map's ids on screen, ``turn`` counts the earlier visits of this screen.
    """
    def nth(prefix: str, n: int = turn) -> str:
        found = sorted(i for i in ids if i.startswith(prefix))
        return found[n % len(found)] if found else ""

    if screen == "attract":
        return (nth("story:"), "story") if nth("story:") else ("attract", "home")
    if screen == "home":
        if turn % 6 == 4 and "nav:providers" in ids:
            return "nav:providers", "providers"
        if turn % 6 == 5 and nth("page:"):
            return nth("page:"), "page"
        return nth("story:"), "story"
    if screen == "story" and turn % 2 and nth("provider:"):
        return nth("provider:"), "provider"
    if screen == "providers":
        return nth("provider:"), "provider"
    if screen == "page":
        return "nav:home", "home"
    return "nav:back", ""


def child_taps(taps: int, warmup: int, profile: bool) -> None:
    """Print every tap of a tour (:func:`tour_step`) with its time to the first frame of the
    next screen, from where to where, which element and the page faults it took; with
    ``profile`` also the cProfile statistics of the slowest tap after the first ``warmup``."""
    import cProfile
    import gc
    import io
    import pstats
    import resource

    shell, controller = _shell()
    records, slowest, visits = [], (0.0, None), {}
    # Python's collections of the oldest generation, which walk every object the kiosk holds:
    # how long each took, to tell a collection inside a tap from the kiosk's own work.
    collections, started = [], {}

    def timed_collection(phase: str, info: dict) -> None:
        if info["generation"] == 2:
            if phase == "start":
                started["at"] = time.perf_counter()
            elif "at" in started:
                collections.append(time.perf_counter() - started.pop("at"))

    gc.callbacks.append(timed_collection)
    for index in range(taps):
        if index % ATTRACT_EVERY == ATTRACT_EVERY - 1:  # the idle timeout, between two visitors
            controller.enter_attract()
            _count_frames(ATTRACT_FADE_S)
        _settle(shell)
        elements = {e.id: e for e in shell.elements()}
        origin = f"{controller.screen}:{controller.item}".rstrip(":")
        turn = visits[controller.screen] = visits.get(controller.screen, -1) + 1
        target, expected = tour_step(controller.screen, list(elements), turn)
        before = (controller.screen, controller.item)
        if not expected:  # "Zurück": wherever the back stack leads
            expected = controller.history[-1][0] if controller.history else "home"
        profiler = cProfile.Profile() if profile else None
        if profiler:
            profiler.enable()
        faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        collections.clear()
        seconds = _tap(elements[target], lambda expected=expected, before=before: shell.manager.current == expected
                       and (controller.screen, controller.item) != before)
        if profiler:
            profiler.disable()
            if seconds > slowest[0] and index >= warmup:
                text = io.StringIO()
                stats = pstats.Stats(profiler, stream=text)
                stats.sort_stats("cumulative").print_stats(40)
                stats.sort_stats("tottime").print_stats(15)
                slowest = (seconds, text.getvalue())
        # Pages the tap touched for the first time (fresh mappings): each costs a fault, slow
        # on a VM; what keeping less memory costs a tap (kiosk.services.memory).
        faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults
        records.append({"seconds": seconds, "from": origin, "element": target, "page_faults": faults,
                        "full_collections_s": round(sum(collections), 4),
                        "to": f"{controller.screen}:{controller.item}".rstrip(":")})
        _settle(shell)
    print(json.dumps({"taps": records, "profile": slowest[1]}), flush=True)


def child_video(taps: int) -> None:
    """Print tap-to-frame times of a story video's sound button, with the video playing and paused.

    "Ton an/aus" is the one tap on a playing video that leaves it playing (a tap on the
    picture pauses it; every other button changes the medium or the screen and so frees the
    decoder). Its answer is the next frame, showing the other icon. Taps alternate between
    the video playing and paused, on the same screen and button, so the difference is what
    a running decoder costs a tap. The 5 s sample film (960x540, 25 fps) ends every few
    seconds; it is started again between taps (not timed), and a tap during which it ended
    does not count. Also prints the intervals between frames while the video plays.
    """
    from kiosk.ui.launch import settle

    shell, controller = _shell()
    from kivy.core.window import Window  # only now: see _window()

    controller.open_story(VIDEO_STORY)
    settle(shell)
    gallery = shell.manager.get_screen("story").gallery
    gallery.step(next(i for i, medium in enumerate(gallery.media) if medium.kind == "video"))
    settle(shell)
    video = gallery.video
    gallery.toggle_video()
    if not _frames_until(lambda: video.has_frame, 10):  # the decoder opens on the first play
        raise RuntimeError("the video showed no frame")
    flips: list[float] = []
    Window.bind(on_flip=lambda *_args: flips.append(time.perf_counter()))
    times: dict[bool, list[float]] = {True: [], False: []}
    intervals = []
    while min(map(len, times.values())) < taps:
        for playing in (True, False):
            if video.playing != playing:
                gallery.toggle_video()
            # Frames for a while, so that playback after a restart (or the pause) has settled.
            # Only real frames flip: the loop spins without drawing while nothing changed.
            first_flip = len(flips)
            _count_frames(0.6)
            if playing:
                intervals += [b - a for a, b in zip(flips[first_flip:], flips[first_flip + 1:])]
            button = next(e for e in shell.elements() if e.id == "video:sound")
            muted = video.muted
            seconds = _tap(button, lambda muted=muted: video.muted != muted)
            if video.playing == playing:
                times[playing].append(seconds)
    print(json.dumps({"playing": times[True], "paused": times[False], "intervals": intervals}), flush=True)


def child_cold(content: str) -> None:
    """Print the seconds of every job of a cold image-cache build for ``content``'s exhibition.

    The jobs are what the app pre-warms (``exhibition_jobs`` at SIZE) into its cache dir
    under this process's XDG_DATA_HOME, which the parent emptied; duplicates are dropped
    first, as ``ImageCache.warm`` does, so the progress calls line up with the jobs.
    """
    from kiosk.services.imagecache import ImageCache, slot_boxes
    from kiosk.services.imagejobs import cache_dir, exhibition_jobs
    from kiosk.services.paths import data_dir

    exhibition = _restarted_exhibition(Path(content))
    jobs = list(dict.fromkeys(exhibition_jobs(exhibition, SIZE)))
    marks: list[float] = []  # progress() runs once before the first job and after each
    result = ImageCache(cache_dir(data_dir())).warm(
        jobs, progress=lambda _done, _total: marks.append(time.perf_counter()))
    covers, cover_box = {story.cover for story in exhibition.stories}, slot_boxes(SIZE)["cover"]
    cover_times = [end - start for (source, box, _fit), start, end in zip(jobs, marks, marks[1:])
                   if source in covers and box == cover_box]
    print(json.dumps({"seconds": result.seconds, "built": result.built, "failed": result.failed,
                      "cover_times": cover_times}), flush=True)


def _visible_covers_drawn(shell) -> bool:
    """Whether the home screen shows its page of story tiles, each with its cover's texture."""
    from kiosk.ui import media
    from kiosk.ui.widgets.picture import CachedImage
    from kiosk.ui.widgets.tiles import StoryTile

    if shell.manager.current != "home":
        return False
    tiles = [w for w in shell.manager.get_screen("home").grid.grid.children if isinstance(w, StoryTile)]
    images = [w for tile in tiles for w in tile.walk() if isinstance(w, CachedImage)]
    return bool(images) and all(image.texture is not None and image.source
                                and not media.is_placeholder(image.source) for image in images)


def _memory_mb() -> dict[str, float]:
    """This process's resident memory now (VmRSS) and at its peak (VmHWM), in MB."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return {name: int(fields[name].split()[0]) * 1024 / 1e6 for name in ("VmRSS", "VmHWM")}


def child_home(content: str) -> None:
    """Print the times to the home screen with every visible cover drawn, and the memory then.

    As a restart of the app on unchanged content: the exhibition comes from the start-up
    cache, every image from the warm image cache, and the pre-warm starts with the shell
    (as ``kiosk run``'s content swaps do when they start). Times are from process start (BENCH_T0) and
    from the start of the shell build (window open, exhibition loaded) to the first frame
    (finished with glFinish) with no image request pending and every cover tile of the
    shown page textured.
    """
    t0 = float(os.environ["BENCH_T0"])
    exhibition = _restarted_exhibition(Path(content))
    _window()
    from kiosk.ui import media

    build_start = time.time()
    shell, _controller = _build_shell(exhibition)
    media.prewarm(exhibition, SIZE)
    if not _frames_until(lambda: media.pending() == 0 and _visible_covers_drawn(shell), 60):
        raise RuntimeError("the home screen never showed its covers")
    drawn = time.time()
    print(json.dumps({"from_start": drawn - t0, "from_build": drawn - build_start, **_memory_mb()}), flush=True)


def _frame() -> None:
    """Render one frame and wait until the GPU (here: llvmpipe) has really drawn it.

    Without glFinish, Mesa defers the drawing of an offscreen frame, and frame rates come out
    a hundred times too high.
    """
    from kivy.base import EventLoop
    from kivy.graphics.opengl import glFinish

    EventLoop.idle()
    glFinish()


def _frames_until(done, timeout: float) -> bool:
    """Render frames until ``done()`` holds after one; give up after ``timeout`` seconds.

    Returns whether it held. A wall-clock limit, not a frame count: Kivy skips drawing while
    nothing changed, so a loop of frames can pass in microseconds while a decoder or a
    worker thread still needs real time.
    """
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        _frame()
        if done():
            return True
    return False


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


def _speed_up_clock(speed: float) -> None:
    """Run Kivy's clock ``speed`` times faster than real time, as ``scripts/soak.py`` does:
    timers and fades pass quickly while every frame is still really drawn. Films decode in
    real time, so a film gets as long as in a real room to show its first frame."""
    from kivy.clock import Clock

    from kiosk.ui.screens import attract

    real_time = Clock.time
    origin = real_time()
    Clock.time = lambda: origin + (real_time() - origin) * speed
    attract.FIRST_FRAME_TIMEOUT_S *= speed


def _attract_kiosk(stages: dict[str, dict[str, float]] | None = None):
    """A kiosk on the sample in this process's window whose attract films stop after 5 s (as
    in the soak), with every screen visited once; returns its shell and controller. Where the
    memory is after each step (:func:`_memory_split`) goes into ``stages``, by step."""
    from dataclasses import replace

    from soak import visit_every_screen

    from kiosk.model.loader import load_exhibition
    from kiosk.ui.launch import settle

    exhibition = load_exhibition(REPO / "content")
    exhibition = replace(exhibition, attract=tuple(replace(item, duration=item.duration or 5.0)
                                                    for item in exhibition.attract))
    stages = {} if stages is None else stages
    _window()
    stages["window open, exhibition loaded"] = _memory_split()
    shell, controller = _build_shell(exhibition)
    settle(shell)
    stages["kiosk built, first screen drawn"] = _memory_split()
    unreachable = visit_every_screen(controller, shell)
    if unreachable:
        raise RuntimeError(f"screens that did not show: {unreachable}")
    stages["every screen visited"] = _memory_split()
    return shell, controller


def smaps_mb() -> dict[str, float]:
    """Split resident memory by kind of mapping (``/proc/self/smaps``), in MB: the brk heap
    (``[heap]``: the main thread's malloc arena), anonymous mappings of 8 MB and more (glibc's
    thread arenas reserve 64 MB each, and blocks past malloc's mmap threshold get a mapping
    of their own), smaller anonymous mappings (Python's object arenas, smaller mmapped
    blocks), files (shared libraries, fonts) and the rest (stacks, vdso)."""
    split = dict.fromkeys(("heap", "anon_big", "anon_small", "files", "other"), 0.0)
    kind = "other"
    for line in Path("/proc/self/smaps").read_text().splitlines():
        head = line.split(maxsplit=5)
        if head[0].endswith(":"):  # a field of the current mapping
            if head[0] == "Rss:":
                split[kind] += int(head[1]) * 1024 / 1e6
            continue
        start, end = (int(bound, 16) for bound in head[0].split("-"))
        path = head[5] if len(head) > 5 else ""
        kind = ("heap" if path == "[heap]" else
                ("anon_big" if end - start >= 8 << 20 else "anon_small") if not path or path.startswith("[anon") else
                "files" if path.startswith("/") else "other")
    return split


def malloc_mb() -> dict[str, float]:
    """glibc's malloc statistics over all arenas (``mallinfo2``), in MB: ``malloc_in_use`` is
    what the program holds (with the blocks mapped one by one, ``malloc_mmapped``), and
    ``malloc_free`` what malloc keeps inside its arenas for reuse, resident where it was
    touched and not trimmed since."""
    import ctypes

    class Mallinfo2(ctypes.Structure):
        _fields_ = [(name, ctypes.c_size_t) for name in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks",
                                                          "fsmblks", "uordblks", "fordblks", "keepcost")]

    mallinfo2 = ctypes.CDLL("libc.so.6").mallinfo2
    mallinfo2.restype = Mallinfo2
    info = mallinfo2()
    return {"malloc_in_use": (info.uordblks + info.hblkhd) / 1e6, "malloc_free": info.fordblks / 1e6,
            "malloc_mmapped": info.hblkhd / 1e6}


def _kivy_census() -> dict[str, float]:
    """Count the Kivy objects that hold memory: widgets, labels and the pixels of their
    textures, framebuffers, all textures (in MB at 4 bytes a pixel: with llvmpipe a texture's
    pixels live in this process), and the entries of Kivy's caches by category."""
    import gc

    from kivy.cache import Cache
    from kivy.graphics import Fbo
    from kivy.graphics.texture import Texture
    from kivy.uix.label import Label
    from kivy.uix.widget import Widget

    def mb(textures) -> float:
        return sum(t.width * t.height * 4 for t in textures) / 1e6

    gc.unfreeze()  # objects the kiosk froze out of its collections are not listed otherwise
    # By type: isinstance() raises on a kv weak proxy whose widget is gone (garbage not yet collected).
    objects = gc.get_objects()
    widgets = [o for o in objects if issubclass(type(o), Widget)]
    label_textures = [w.texture for w in widgets if isinstance(w, Label) and w.texture is not None]
    textures = [o for o in objects if issubclass(type(o), Texture)]
    fbos = [o for o in objects if issubclass(type(o), Fbo)]
    return {"widgets": len(widgets), "labels": sum(isinstance(w, Label) for w in widgets),
            "label_textures": len(label_textures), "label_textures_mb": mb(label_textures),
            "fbos": len(fbos), "fbo_mb": mb(fbo.texture for fbo in fbos),
            "textures": len(textures), "textures_mb": mb(textures),
            **{f"cache {category}": len(entries) for category, entries in Cache._objects.items() if entries}}


def _memory_split() -> dict[str, float]:
    """Where this process's resident memory is now: by mapping, by malloc's account, Python's
    traced objects (when ``tracemalloc`` runs) and the Kivy objects that hold memory."""
    import tracemalloc

    split = {"rss": _memory_mb()["VmRSS"], **smaps_mb(), **malloc_mb()}
    if tracemalloc.is_tracing():
        split["python_traced"] = tracemalloc.get_traced_memory()[0] / 1e6
    return {**split, **_kivy_census()}


def _print_split(stages: dict[str, dict[str, float]]) -> None:
    """Print :func:`_memory_split` readings, one column a stage."""
    names = list(next(iter(stages.values())))
    names += [name for split in stages.values() for name in split if name not in names]
    steps = list(stages)
    width = max(map(len, names))
    print(f"{'':{width}}  " + "  ".join(f"{i + 1:>9}" for i in range(len(steps))), flush=True)
    for name in names:
        values = [stages[step].get(name, 0) for step in steps]
        print(f"{name:{width}}  " + "  ".join(f"{value:>9.1f}" if isinstance(value, float) else f"{value:>9}"
                                             for value in values), flush=True)
    print("  " + "; ".join(f"{i + 1}: {step}" for i, step in enumerate(steps)), flush=True)


def _count_cycles(shell) -> list[int]:
    """Return a one-item list that counts the attract loop's completed cycles from now on."""
    cycles = [0]

    def wrapped(layer, index) -> None:
        if index == 0 and layer.running:
            cycles[0] += 1

    shell.attract_layer.fbind("index", wrapped)
    return cycles


def _top_allocations(count: int = 12) -> list[str]:
    """The ``count`` source lines whose Python allocations hold the most memory now (tracemalloc)."""
    import tracemalloc

    top = tracemalloc.take_snapshot().statistics("lineno")[:count]
    return [f"{stat.size / 1e6:6.1f} MB {stat.count:>7} blocks  {stat.traceback[0]}" for stat in top]


def child_memory(mode: str, cycles: int) -> None:
    """Print resident memory in MB: the kiosk after visiting every screen and ``cycles`` attract
    cycles (on a clock 25 times faster), or a bare window showing 8 pictures of the sample;
    with where the memory is at each step (:func:`_memory_split`). With BENCH_TRACEMALLOC set
    Python's allocations are traced from the start (which costs memory of its own), and the
    top allocation sites at the end are printed too."""
    if os.environ.get("BENCH_TRACEMALLOC"):
        import tracemalloc

        tracemalloc.start()
    if mode == "kiosk":
        from kiosk.services.memory import tune_allocator

        tune_allocator()  # where ``kiosk run`` does: before it loads the exhibition
        stages: dict[str, dict[str, float]] = {}
        shell, controller = _attract_kiosk(stages)
        _speed_up_clock(25)
        done = _count_cycles(shell)
        controller.enter_attract()
        # The first wrap to 0 is the loop's start, not a finished cycle.
        if not _frames_until(lambda: done[0] > cycles, 60 * cycles):
            raise RuntimeError(f"the attract loop did not finish {cycles} cycles")
        _count_frames(1.0)  # the collection and trim the kiosk schedules after each cycle
        stages["attract cycles done"] = _memory_split()
        from kiosk.services.memory import collect_everything, release_free_memory

        result = {**_memory_mb(), "cycles": done[0] - 1}
        # What is left once all garbage is collected and malloc's free pages are handed back
        # (not part of the measure: the kiosk does the same once per attract cycle anyway).
        collect_everything()
        _count_frames(0.5)
        release_free_memory()
        stages["then collected and trimmed"] = _memory_split()
        if os.environ.get("BENCH_TRACEMALLOC"):
            result["top_allocations"] = _top_allocations()
        print(json.dumps({**result, "stages": stages}), flush=True)
        return
    _window()
    from kivy.core.window import Window
    from kivy.uix.gridlayout import GridLayout
    from kivy.uix.image import Image

    pictures = sorted((REPO / "content").glob("stories/*/cover.jpg"))
    pictures += sorted((REPO / "content").glob("attract/*.jpg"))
    grid = GridLayout(cols=4)
    for picture in pictures[:8]:
        grid.add_widget(Image(source=str(picture), fit_mode="cover"))
    Window.add_widget(grid)
    _count_frames(1.0)
    print(json.dumps({**_memory_mb(), "pictures": len(grid.children),
                      "stages": {"bare: 8 pictures drawn": _memory_split()}}), flush=True)


def child_threads(seconds: float) -> None:
    """Print resident memory every 10 s through ``seconds`` of the kiosk's attract loop on the
    real clock, with the renderer threads the parent set, and the frame rate and films skipped."""
    import logging

    from soak import WarningCounter, resident_mb

    from kiosk.ui.launch import log_renderer

    controller = _attract_kiosk()[1]
    skipped = WarningCounter()
    logging.getLogger("kiosk.ui.screens.attract").addHandler(skipped)
    controller.enter_attract()
    samples, frames, start = [], 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        _frame()
        frames += 1
        if time.perf_counter() - start >= 10 * len(samples):
            samples.append(round(resident_mb(), 1))
    print(json.dumps({"renderer": log_renderer(), "rss": samples, "fps": frames / (time.perf_counter() - start),
                      "skipped": skipped.count}), flush=True)


# -- the parent ----------------------------------------------------------------------------

def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _place_of(tap: dict) -> str:
    return f"{tap['from']} -> {tap['to']} ({tap['element']})"


def _startup_medians(runs: int) -> tuple[float, float]:
    """Return the median start-up seconds of the bare window and of the kiosk.

    The two alternate, so that a change of load on a shared machine meets both alike; a first
    pair is not counted: it writes what every later start reads (the kiosk's start-up cache,
    bytecode of modules that were not compiled yet), as the room's kiosk has it after its
    first start."""
    _run_child("startup", "bare")
    _run_child("startup", "kiosk")
    bare, kiosk = [], []
    for _ in range(runs):
        bare.append(_run_child("startup", "bare")["seconds"])
        kiosk.append(_run_child("startup", "kiosk")["seconds"])
    return statistics.median(bare), statistics.median(kiosk)


def _ui_rows(args) -> list[tuple[str, str, str, str, str]]:
    """Run the parts of ``--parts ui`` that were asked for; return their table rows.

    Taps are counted in bare full-screen frames: the frame time of the bare cross-fade,
    measured in the same run, which is what one frame of any full-screen change costs here.
    """
    rows = []
    if "startup" in args.parts:
        bare, kiosk = _startup_medians(args.runs)
        rows.append(("start to first frame", f"{kiosk:.2f} s", f"{bare:.2f} s", f"{kiosk / bare:.2f}x", "<= 1.5x"))
    fade_bare = _run_child("fade", "bare", str(args.seconds))["fps"] if {"taps", "fade"} & args.parts else 0.0
    if "taps" in args.parts:
        frame = 1 / fade_bare
        result = _run_child("taps", str(args.taps), str(args.warmup), *(["profile"] if args.profile else []))
        taps = result["taps"][args.warmup:]
        times = [tap["seconds"] for tap in taps]
        slowest = max(taps, key=lambda tap: tap["seconds"])
        rows += [("bare full-screen frame (cross-fade)", "", _ms(frame), "", ""),
                 ("tap to next screen p50", _ms(statistics.median(times)), "",
                  f"{statistics.median(times) / frame:.1f} fr", ""),
                 ("tap to next screen p95", _ms(_percentile(times, 0.95)), "",
                  f"{_percentile(times, 0.95) / frame:.1f} fr", "<= 2 fr"),
                 ("tap to next screen max", _ms(slowest["seconds"]), "", f"{slowest['seconds'] / frame:.1f} fr",
                  "<= 500 ms")]
        print(f"taps after the first {args.warmup} (warm-up): {len(taps)}; slowest: {_ms(slowest['seconds'])}, "
              f"{_place_of(slowest)}; page faults per tap: median "
              f"{statistics.median(tap['page_faults'] for tap in taps):.0f}, "
              f"max {max(tap['page_faults'] for tap in taps)}", flush=True)
        collected = [tap for tap in taps if tap["full_collections_s"]]
        print(f"taps with a full garbage collection in them: {len(collected)}, "
              f"{_ms(sum(tap['full_collections_s'] for tap in collected))} in all", flush=True)
        for tap in sorted(taps, key=lambda tap: -tap["seconds"])[:5]:
            gc_note = f", {_ms(tap['full_collections_s'])} of it collecting" if tap["full_collections_s"] else ""
            print(f"  {_ms(tap['seconds']):>9}  {_place_of(tap)}{gc_note}", flush=True)
        if result["profile"]:
            print(result["profile"], flush=True)
    if "fade" in args.parts:
        fade_kiosk = _run_child("fade", "kiosk", str(args.seconds))["fps"]
        rows.append(("attract loop fps (bare: two-image cross-fade)", f"{fade_kiosk:.1f}", f"{fade_bare:.1f}",
                     f"{fade_kiosk / fade_bare:.2f}", ">= 0.9"))
    if "memory" in args.parts:
        kiosk = _run_child("memory", "kiosk", str(args.cycles), env={"BENCH_TRACEMALLOC": "1"} if args.trace else None)
        bare = _run_child("memory", "bare", "0")
        rows.append((f"resident memory, every screen + {kiosk['cycles']} attract cycles (bare: 8 pictures)",
                     f"{kiosk['VmRSS']:.0f} MB", f"{bare['VmRSS']:.0f} MB", f"{kiosk['VmRSS'] / bare['VmRSS']:.2f}x",
                     "<= 1.5x"))
        print("where the memory is (MB, or a count), the kiosk by step and the bare window:", flush=True)
        _print_split({**kiosk["stages"], **bare["stages"]})
        for line in kiosk.get("top_allocations", []):
            print("  " + line, flush=True)
    return rows


def _threads_rows(args) -> list[tuple[str, str, str, str, str]]:
    """Run the attract loop for ``--threads-seconds`` with 0, 1 and 2 llvmpipe rasterizer
    threads; return rows of resident memory (after 10 s, at the end and their ratio) and of
    frame rate and films skipped."""
    rows = []
    for threads in ("0", "1", "2"):
        result = _run_child("threads", str(args.threads_seconds), env={"LP_NUM_THREADS": threads})
        first, last = result["rss"][1], result["rss"][-1]
        rows += [(f"LP_NUM_THREADS={threads}: resident memory after 10 s -> after {args.threads_seconds:.0f} s",
                  f"{first:.0f} -> {last:.0f} MB", "", f"{last / first:.3f}x", ""),
                 (f"LP_NUM_THREADS={threads}: attract fps, films skipped",
                  f"{result['fps']:.1f}, {result['skipped']}", "", "", "")]
    return rows


def _cover_rows(args, work: Path) -> list[tuple[str, str, str, str]]:
    """Make the two variants of the generated exhibition, build their image caches cold, then
    time the home screen on the warm caches, alternating the variants; return the table rows."""
    variants = _prepare_covers(work, args.stories)
    rows = []
    for name, (content, home) in variants.items():
        cold = _run_child("cold", str(content), env={"XDG_DATA_HOME": str(home)})
        if cold["failed"]:
            raise RuntimeError(f"{cold['failed']} images of {content} did not build")
        covers = cold["cover_times"]
        rows += [(f"cold cache, {name}: whole exhibition ({cold['built']} images)", f"{cold['seconds']:.1f} s", "", ""),
                 (f"cold cache, {name}: mean per cover", _ms(statistics.mean(covers)), "", ""),
                 (f"cold cache, {name}: per cover p50 / p95",
                  f"{_ms(statistics.median(covers))} / {_ms(_percentile(covers, 0.95))}", "", "")]
    # One untimed run of each first, so that both find the files and bytecode in the OS cache.
    runs: dict[str, list[dict]] = {name: [] for name in variants}
    for run in range(args.runs + 1):
        for name, (content, home) in variants.items():
            result = _run_child("home", str(content), env={"XDG_DATA_HOME": str(home)})
            if run:
                runs[name].append(result)
    medians = {name: {key: statistics.median(r[key] for r in results) for key in results[0]}
               for name, results in runs.items()}
    (small_name, small), (big_name, big) = medians.items()
    for key, what, unit in (("from_start", "process start to covers drawn", "s"),
                            ("from_build", "shell build to covers drawn", "s"),
                            ("VmRSS", "resident memory then", "MB"), ("VmHWM", "peak resident memory", "MB")):
        small_text, big_text = (f"{m[key]:.2f} s" if unit == "s" else f"{m[key]:.0f} MB" for m in (small, big))
        rows += [(f"warm home, {small_name}: {what}", small_text, "", ""),
                 (f"warm home, {big_name}: {what}", big_text, f"{big[key] / small[key]:.2f}x", "<= 1.2x")]
    return rows


def _video_rows(args) -> list[tuple[str, str, str, str]]:
    """Time the sound button's taps with a story video playing and paused; return the table rows."""
    result = _run_child("video", str(args.taps))
    return [("tap to frame, video playing, p50", _ms(statistics.median(result["playing"])), "", ""),
            ("tap to frame, video playing, p95", _ms(_percentile(result["playing"], 0.95)), "", "<= 100 ms"),
            ("same tap, video paused, p50", _ms(statistics.median(result["paused"])), "", ""),
            ("same tap, video paused, p95", _ms(_percentile(result["paused"], 0.95)), "", ""),
            ("frame interval while the video plays, p50", _ms(statistics.median(result["intervals"])), "", "")]


def _table(rows: list[tuple[str, ...]]) -> str:
    """Return ``rows`` as one Markdown table; four-column rows (the media parts, whose
    baseline is a row of its own) get an empty bare-Kivy column."""
    rows = [row if len(row) == 5 else (row[0], row[1], "", row[2], row[3]) for row in rows]
    header = ("measure", "kiosk", "bare Kivy, same run", "ratio", "target")
    widths = [max(len(row[n]) for row in [header, *rows]) for n in range(5)]
    lines = ["| " + " | ".join(f"{cell:<{widths[0]}}" if n == 0 else f"{cell:>{widths[n]}}"
                               for n, cell in enumerate(row)) + " |" for row in [header, *rows]]
    lines.insert(1, "|" + "|".join("-" * (widths[n] + 2 - (n > 0)) + (":" if n else "") for n in range(5)) + "|")
    return "\n".join(lines)


def main() -> None:
    """Run the parts asked for and print one table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", default="ui,media",
                        help="comma-separated: ui (startup, taps, fade, memory), media (covers, video), threads "
                             "or single parts")
    parser.add_argument("--runs", type=int, default=5, help="start-up and home runs of each kind (median shown)")
    parser.add_argument("--taps", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3, help="first taps left out of the tap figures")
    parser.add_argument("--profile", action="store_true", help="print cProfile's figures of the slowest tap")
    parser.add_argument("--seconds", type=float, default=8.0, help="seconds of frames counted per fade run")
    parser.add_argument("--cycles", type=int, default=10, help="attract cycles before the memory is read")
    parser.add_argument("--trace", action="store_true",
                        help="memory: trace Python's allocations (tracemalloc) and print the top sites")
    parser.add_argument("--threads-seconds", type=float, default=180.0,
                        help="seconds of attract loop per renderer-threads setting")
    parser.add_argument("--stories", type=int, default=STORIES, help="stories of the generated exhibition")
    parser.add_argument("--keep", type=Path, help="generate into (and reuse the photos of) this folder")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        part, *rest = args.child
        {"startup": lambda: child_startup(rest[0]),
         "taps": lambda: child_taps(int(rest[0]), int(rest[1]), rest[2:] == ["profile"]),
         "fade": lambda: child_fade(rest[0], float(rest[1])), "cold": lambda: child_cold(rest[0]),
         "home": lambda: child_home(rest[0]), "video": lambda: child_video(int(rest[0])),
         "memory": lambda: child_memory(rest[0], int(rest[1])),
         "threads": lambda: child_threads(float(rest[0]))}[part]()
        return
    args.parts = {part for name in args.parts.split(",") for part in PARTS.get(name.strip(), (name.strip(),))}
    unknown = args.parts - {part for group in PARTS.values() for part in group}
    if unknown:
        parser.error(f"unknown parts: {', '.join(sorted(unknown))}")

    from bench_images import machine

    renderer = "Xvfb/GLX" if "DISPLAY" in os.environ else "SDL offscreen"
    print(f"machine: {machine()} | Mesa software GL via {renderer} | window {SIZE[0]}x{SIZE[1]} | "
          f"{time.strftime('%Y-%m-%d')} | load {os.getloadavg()[0]:.1f}", flush=True)
    rows = _ui_rows(args)
    if "covers" in args.parts:
        work = args.keep or Path(tempfile.mkdtemp(prefix="bench-ui-"))
        try:
            rows += _cover_rows(args, work)
        finally:
            if not args.keep:
                shutil.rmtree(work)
    if "video" in args.parts:
        rows += _video_rows(args)
    if "threads" in args.parts:
        rows += _threads_rows(args)
    print(_table(rows))


if __name__ == "__main__":
    main()
