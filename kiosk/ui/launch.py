"""Entry points of the Kivy side: :func:`run_app` (the kiosk) and :func:`snapshot` (PNGs of
every screen, without a display).

Kivy reads its configuration when ``kivy.app`` and ``kivy.core.window`` are first imported,
so both functions call :func:`configure_kivy` before importing anything that opens a window.
Nothing here writes Kivy's own ``config.ini``.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
from contextlib import contextmanager
from pathlib import Path

from kiosk.services.display import Rect, screen_rect, window_rect
from kiosk.services.memory import tune_allocator

log = logging.getLogger(__name__)

UI_MAP_ENV = "KIOSK_UI_MAP"
"""Environment variable naming the UI map file (used when run_app gets no ``ui_map``)."""

SETTLE_FRAMES = 90
"""Most frames :func:`settle` renders while waiting for a still screen."""

EXIT_STAFF = 10
"""Exit code when staff end the kiosk from the staff panel. The systemd unit lists it in
``RestartPreventExitStatus=``, so the kiosk stays off until ``systemctl start`` or a reboot.
A SIGTERM stop exits 0; a crash exits :data:`EXIT_CRASH`; both are restarted by systemd
(``Restart=always``) unless ``systemctl stop`` sent the SIGTERM."""

EXIT_CRASH = 70
"""Exit code after an uncaught error (``EX_SOFTWARE``); the traceback is in the log."""

RENDERER_THREADS_ENV = "LP_NUM_THREADS"
"""Mesa's setting for llvmpipe's rasterizer threads, read once when the GL context is made."""

RENDERER_THREADS = "0"
"""llvmpipe's rasterizer threads unless the environment sets them: none, llvmpipe draws on the
kiosk's own thread. Measured on 2 cores beside other work (README, "Benchmarks"): with one or
two threads, 4 to 6 of every 30 taps took 1.1 to 4.7 s, almost all of it inside Mesa drawing
the one frame after the tap (cProfile: 2.75 of 3.0 s in Window.on_draw, 0.08 s in Python);
with none, no tap took more than 1.2 s and the median rose by about 50 ms. Drawn
with threads the attract loop ran faster (4.6 frames a second with two, 3.3 with one, 2.7
with none) and held 30-50 MB more, but a visitor's tap that waits seconds is the failure
that matters. GPU drivers ignore the setting."""

_chosen_threads = False  # whether configure_kivy chose them, for the log


def configure_kivy(*, windowed: bool, size: tuple[int, int] | None, offscreen: bool = False,
                   rotation: int = 0, input_providers: dict[str, str] | None = None) -> Rect | None:
    """Set Kivy's environment and Config for a kiosk; call before importing kivy.app/window.

    ``offscreen`` asks SDL for its offscreen driver even when a display exists (snapshots);
    ``rotation`` turns the picture (0, 90, 180, 270); ``input_providers`` adds Kivy input
    providers by name, e.g. ``{"touch": "mtdev,/dev/input/event5"}``.

    Not ``windowed`` on an X server, the window is made exactly where the screen is and as big
    as it (``size`` is then ignored), so that it fills the screen with or without a window
    manager; returns that screen. Returns None otherwise.
    """
    os.environ["KIVY_NO_ARGS"] = "1"
    os.environ["KIVY_LOG_MODE"] = "PYTHON"
    # Before the window and its textures: large blocks keep their own mappings, which go back
    # to the system when freed, instead of staying resident in malloc's heaps (services/memory.py).
    tune_allocator()
    # Before the GL context exists the driver is unknown; GPU drivers ignore the setting, so
    # it is set whenever the user has not chosen, and log_renderer() says what came of it.
    global _chosen_threads
    _chosen_threads = RENDERER_THREADS_ENV not in os.environ
    os.environ.setdefault(RENDERER_THREADS_ENV, RENDERER_THREADS)
    if offscreen:
        os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")
    from kivy.config import Config

    Config.set("graphics", "fullscreen", "0" if windowed else "auto")
    Config.set("graphics", "borderless", "1")
    Config.set("graphics", "show_cursor", "0")
    Config.set("graphics", "allow_screensaver", "0")
    screen = None if windowed else screen_rect()
    if screen is not None:
        # SDL's desktop fullscreen only asks a window manager to fill the screen; a bare X
        # server has none and keeps the window at 800x600 in the middle, while Kivy lays out
        # for the whole screen. Made at the screen's place and size, it covers it either way.
        Config.set("graphics", "position", "custom")
        Config.set("graphics", "left", str(screen.x))
        Config.set("graphics", "top", str(screen.y))
        size = (screen.width, screen.height)
    if size is not None:
        Config.set("graphics", "width", str(size[0]))
        Config.set("graphics", "height", str(size[1]))
    Config.set("kivy", "exit_on_escape", "0")
    # The mouse provider steps aside while a touchscreen reports, and never draws the red
    # multitouch-emulation dots; the shell drops any remaining second report of one touch.
    Config.set("input", "mouse", "mouse,disable_on_activity,disable_multitouch")
    for name, value in (input_providers or {}).items():
        Config.set("input", name, value)
    Config.set("graphics", "rotation", str(rotation))
    # No Kivy modules (inspector on Ctrl+E, screenshot on F12, monitor ...), whatever a
    # config.ini on the machine says: they would give a visitor a way into the app's insides.
    for module in Config.options("modules"):
        Config.remove_option("modules", module)
    return screen


def log_renderer() -> str:
    """Log the OpenGL renderer and, for Mesa's llvmpipe, its rasterizer threads; return the
    renderer's name. Call once the window (and so the GL context) exists."""
    from kivy.graphics.opengl import GL_RENDERER, glGetString

    renderer = glGetString(GL_RENDERER).decode(errors="replace")
    if "llvmpipe" in renderer:
        threads = os.environ.get(RENDERER_THREADS_ENV, "")
        chosen = "the kiosk's choice" if _chosen_threads else f"set by ${RENDERER_THREADS_ENV}"
        log.info("renderer: %s (software), %s rasterizer threads (%s)", renderer, threads or "all", chosen)
    else:
        log.info("renderer: %s", renderer)
    return renderer


def check_window(screen: Rect | None) -> None:
    """Log whether the kiosk's X window covers ``screen`` (from :func:`configure_kivy`), and
    warn with both rectangles when it does not: visitors then see a cropped picture."""
    from kivy.core.window import Window

    if screen is None:
        return
    info = Window.get_window_info()
    real = window_rect(info.window) if hasattr(info, "window") else None
    laid_out = tuple(Window.system_size)
    if real == screen and laid_out == (screen.width, screen.height):
        log.info("the window covers the screen, %s", screen)
    else:
        log.warning("the window is %s and laid out for %dx%d, but the screen is %s: visitors see "
                    "a cropped picture; check the X server's and window manager's settings",
                    real, *laid_out, screen)


def _check_lang(exhibition, lang: str | None) -> None:
    if lang is not None and lang not in exhibition.settings.languages:
        raise ValueError(f"language {lang!r} is not one of the exhibition's languages "
                         f"{', '.join(exhibition.settings.languages)}")


def run_app(exhibition, *, settings=None, folder: Path | None = None, watch_from: tuple | None = None,
            refused: bool = False, windowed: bool, size: tuple[int, int] | None, lang: str | None,
            ui_map: Path | None = None, idle_timeout: float | None = None, image_cache: Path | None = None) -> int:
    """Run the kiosk until the app stops; return the process exit code.

    0 after SIGTERM, :data:`EXIT_STAFF` when staff ended it, :data:`EXIT_CRASH` after an
    uncaught error (logged with its traceback). What the kiosk is made of and the order it
    starts in are :class:`kiosk.ui.assembly.Kiosk`'s; it records visitor statistics.

    ``settings`` are the machine settings (screen, input, PIN, opening hours; default: all
    defaults); ``folder``, ``watch_from`` and ``refused`` say which content folder is watched
    (see the Kiosk); ``lang`` starts in a language other than the default; ``ui_map`` (or
    ``$KIOSK_UI_MAP``) names the UI map file; ``idle_timeout`` overrides the exhibition's
    (tests); ``image_cache`` is the image cache directory (default:
    :func:`kiosk.ui.media.cache_dir`). Raises ValueError for a language the exhibition lacks.
    """
    from kiosk.services.settings import defaults

    _check_lang(exhibition, lang)
    settings = settings or defaults()
    screen = configure_kivy(windowed=windowed, size=size, rotation=settings.screen.rotation,
                            input_providers=settings.input.providers)
    if ui_map is None and os.environ.get(UI_MAP_ENV):
        ui_map = Path(os.environ[UI_MAP_ENV])
    from kiosk.ui import media
    from kiosk.ui.app import WerkbankKioskApp
    from kiosk.ui.assembly import Kiosk

    log_renderer()
    if image_cache is not None:
        media.use_cache_dir(image_cache)
    kiosk = Kiosk(exhibition, settings, folder=folder, watch_from=watch_from, refused=refused, record=True,
                  lang=lang, idle_timeout=idle_timeout, ui_map=ui_map, screen=screen)
    previous_hook = sys.excepthook
    sys.excepthook = _log_uncaught
    previous_term = signal.signal(signal.SIGTERM, _stop_on_signal)
    try:
        WerkbankKioskApp(kiosk).run()
    except Exception:  # anything Kivy lets through ends the process; systemd restarts it
        log.critical("uncaught error, the kiosk stops (exit code %d)", EXIT_CRASH, exc_info=True)
        return EXIT_CRASH
    finally:
        sys.excepthook = previous_hook
        signal.signal(signal.SIGTERM, previous_term)
    return kiosk.exit_code


def _log_uncaught(kind, value, tb) -> None:
    log.critical("uncaught error, the kiosk stops", exc_info=(kind, value, tb))


def _stop_on_signal(_signum, _frame) -> None:
    # The handler runs between two bytecodes of the main loop: stop on the next frame.
    from kivy.clock import Clock

    Clock.schedule_once(_stop_app, 0)


def _stop_app(_dt) -> None:
    from kivy.app import App

    app = App.get_running_app()
    if app is not None:
        app.stop()


def settle(shell, max_frames: int = SETTLE_FRAMES) -> None:
    """Render frames until transitions are over and the tappable elements stop moving."""
    from kivy.base import EventLoop

    previous = None
    for _ in range(max_frames):
        EventLoop.idle()
        if shell.manager.transition.is_active:
            continue
        current = shell.elements()
        if current == previous:
            return
        previous = current


def show_first_story_slide(shell, exhibition, max_frames: int = SETTLE_FRAMES) -> bool:
    """Move the running attract loop on to the first slide that shows a story, the one the loop
    shows first among them, and render until it is on screen; return whether it is.

    A loop often opens with a picture of the room, which has no headline: staff who check
    their content want to see the attract text over their own pictures. A loop without a
    story's slide stays where it is (False).
    """
    from kivy.base import EventLoop

    from kiosk.ui.screens.attract import attract_items

    items = attract_items(exhibition)
    first = next((index for index, item in enumerate(items) if item.story is not None), None)
    layer = shell.attract_layer
    if first is None or not layer.running:
        return False
    wanted = f"story:{items[first].story.id}"
    # Each advance shows the next item at once (snapshots do not animate); an item that
    # cannot show is skipped by the loop itself.
    for _ in range(len(items)):
        if int(layer.index) >= first:
            break
        layer.advance()
    for _ in range(max_frames):
        if any(element.id == wanted for element in shell.elements()):
            settle(shell)
            return True
        EventLoop.idle()
    return False


def save_screenshot(path: Path) -> Path:
    """Save the window's current picture as PNG at ``path`` and return ``path``.

    Exact at any window size (see :mod:`kiosk.ui.screenshot`); raises OSError when the file
    cannot be written.
    """
    from kiosk.ui.screenshot import save_png

    return save_png(path)


@contextmanager
def snapshot_kiosk(exhibition, *, size: tuple[int, int] = (1920, 1080), lang: str | None = None):
    """Yield the assembled kiosk, started in an offscreen window of ``size`` with every
    slot-sized image already built, still and without fades: what :func:`snapshot` and the
    README's screenshots (``scripts/screenshots.py``) draw. Stopped on leaving.

    Raises ValueError for a language the exhibition lacks.
    """
    _check_lang(exhibition, lang)
    configure_kivy(windowed=True, size=size, offscreen=True)
    from kivy.base import EventLoop
    from kivy.core.window import Window

    from kiosk.services.imagejobs import exhibition_jobs
    from kiosk.ui import media
    from kiosk.ui.assembly import Kiosk

    EventLoop.ensure_window()
    Window.size = size
    # Build every slot-sized image first: a snapshot must show pictures, not placeholders.
    media.image_cache().warm(exhibition_jobs(exhibition, size))
    kiosk = Kiosk(exhibition, lang=lang, idle_timeout=10 ** 9, animate=False)
    kiosk.start(unattended=False)
    try:
        yield kiosk
    finally:
        kiosk.stop()


def snapshot(exhibition, out_dir: Path, *, size: tuple[int, int] = (1920, 1080),
             lang: str | None = None, only: tuple[str, str] | None = None) -> list[Path]:
    """Render every screen to ``out_dir`` as PNG without a display; return the files.

    Screens: home, each story, the provider wall, each provider, each page and one frame of
    the attract loop (its first story slide, see :func:`show_first_story_slide`), named
    ``<W>x<H>-<lang>-<screen>[-<id>].png``; ``only`` (screen, item),
    as :func:`kiosk.services.content_ops.snapshot_target` reads it, renders that one screen.
    Raises ValueError for a language the exhibition lacks.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    targets = [("home", "")] + [("story", s.id) for s in exhibition.stories] + [("providers", "")]
    targets += [("provider", p.id) for p in exhibition.providers] + [("page", p.id) for p in exhibition.pages]
    if only is not None:
        targets = [only]
    files = []
    with snapshot_kiosk(exhibition, size=size, lang=lang) as kiosk:
        controller, shell = kiosk.controller, kiosk.shell
        code = controller.lang
        for screen, item in targets:
            controller.show(screen, item)
            settle(shell)
            name = f"{size[0]}x{size[1]}-{code}-{screen}" + (f"-{item}" if item else "") + ".png"
            files.append(save_screenshot(out_dir / name))
        if only is None:
            controller.enter_attract()
            settle(shell)
            show_first_story_slide(shell, exhibition)
            files.append(save_screenshot(out_dir / f"{size[0]}x{size[1]}-{code}-attract.png"))
    return files
