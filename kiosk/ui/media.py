"""Slot-sized images for the UI, without ever decoding a photo on the UI thread.

Every picture the kiosk shows goes through the one :class:`~kiosk.services.imagecache.ImageCache`
in :func:`cache_dir` (``kiosk run`` points it at the configured data dir with
:func:`use_cache_dir`) at the size of its slot (:func:`slot_box`). Widgets call
:func:`request`: it returns the entry at once if it is built, and otherwise builds it on a
background thread and hands the path to the main thread through ``Clock.schedule_once``.
:func:`prewarm` builds every image of an exhibition ahead, at app start and after a content
swap, logs its progress (``image cache: 12/40 ready``) and records the window size, so that
``kiosk content install`` warms new content for this screen.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from pathlib import Path

from kivy.clock import Clock

from kiosk.services import imagejobs
from kiosk.services.imagecache import CENTRE, SLOT_FIT, Focus, ImageCache, WarmResult, slot_boxes
from kiosk.services.imagejobs import Job, exhibition_jobs
from kiosk.services.paths import data_dir

log = logging.getLogger(__name__)

_cache_dir: Path | None = None
_cache: ImageCache | None = None
_requests: queue.Queue[Job] = queue.Queue()
_waiting: dict[Job, list[Callable[[Path, Path], None]]] = {}
_lock = threading.Lock()
_worker: threading.Thread | None = None
_prewarm_cancel: threading.Event | None = None


def cache_dir() -> Path:
    """Return the image cache directory: the one given to :func:`use_cache_dir`, else
    ``data_dir()/cache/images`` (which follows XDG_DATA_HOME)."""
    return _cache_dir or imagejobs.cache_dir(data_dir())


def use_cache_dir(path: Path | None) -> None:
    """Keep the image cache in ``path`` from now on (None: the default of :func:`cache_dir`)."""
    global _cache_dir
    _cache_dir = Path(path) if path is not None else None


def image_cache() -> ImageCache:
    """Return the UI's one image cache, created on first use in :func:`cache_dir`."""
    global _cache
    if _cache is None or _cache.cache_dir != cache_dir():
        _cache = ImageCache(cache_dir())
    return _cache


def slot_box(slot: str, window_size: tuple[int, int] | None = None) -> tuple[int, int]:
    """Return the largest on-screen size of ``slot`` (cover, thumb, media, fullscreen, viewer).

    ``window_size`` defaults to the current window. Raises KeyError for an unknown slot.
    """
    if window_size is None:
        from kivy.core.window import Window

        window_size = Window.size
    return slot_boxes(window_size)[slot]


def is_placeholder(path: Path | str | None) -> bool:
    """Return True if ``path`` is the cache's grey placeholder (the source did not decode)."""
    return path is not None and Path(path).name.startswith("placeholder-")


def request(source: Path | str, slot: str, on_ready: Callable[[Path, Path], None],
            focus: Focus = CENTRE) -> Path | None:
    """Return the cached copy of ``source`` for ``slot`` now, or None and build it in the background.

    A ``cover`` slot's copy is cut around ``focus`` (the content's focus point, across and down).

    When built, ``on_ready(source, path)`` runs on the main thread with the entry, or with
    the placeholder for a missing or broken file (logged by the cache). Never raises.
    """
    fit = SLOT_FIT[slot]
    job = (Path(source), slot_box(slot), fit, (tuple(focus) if fit == "cover" else CENTRE))
    found = image_cache().cached(*job[:2], fit=job[2], focus=job[3])
    if found is not None:
        return found
    with _lock:
        callbacks = _waiting.setdefault(job, [])
        callbacks.append(on_ready)
        if len(callbacks) == 1:
            _requests.put(job)
        _ensure_worker()
    return None


def _ensure_worker() -> None:
    global _worker
    if _worker is None or not _worker.is_alive():
        _worker = threading.Thread(target=_work, name="ui-image-requests", daemon=True)
        _worker.start()


def _work() -> None:
    while True:
        job = _requests.get()
        try:
            path = image_cache().get(job[0], job[1], fit=job[2], focus=job[3])
        except Exception:  # the cache promises not to raise; a bug must not kill the worker
            log.exception("image cache: request for %s failed", job[0])
            path = None
        Clock.schedule_once(lambda _dt, job=job, path=path: _deliver(job, path), 0)


def _deliver(job: Job, path: Path | None) -> None:
    with _lock:
        callbacks = _waiting.pop(job, [])
    if path is None:
        return
    for callback in callbacks:
        try:
            callback(job[0], path)
        except Exception:  # one widget's failure must not starve the others
            log.exception("image ready callback failed for %s", job[0])


def prewarm(exhibition, window_size: tuple[int, int], *,
            on_progress: Callable[[int, int], None] | None = None,
            on_done: Callable[[WarmResult], None] | None = None) -> threading.Thread:
    """Build every image of ``exhibition`` for ``window_size`` in the background.

    Call at app start and after a content swap; a previous run that is still busy is
    cancelled, and its callbacks are not called any more. ``on_progress(done, total)`` and
    ``on_done(result)`` run on the main thread. Progress also goes to the log, and
    ``window_size`` is recorded for ``kiosk content install``. Returns the started thread.
    """
    global _prewarm_cancel
    if _prewarm_cancel is not None:
        _prewarm_cancel.set()
    cancel = _prewarm_cancel = threading.Event()
    jobs = list(exhibition_jobs(exhibition, window_size))
    imagejobs.record_window_size(cache_dir(), window_size)
    log.info("image cache: preparing %d images for %dx%d", len(jobs), *window_size)

    def on_main_thread(callback: Callable | None) -> Callable | None:
        if callback is None:
            return None

        def call_if_current(args: tuple) -> None:
            # Checked on the main thread, where the next prewarm sets it: a superseded
            # run's last reports never overwrite the new run's.
            if not cancel.is_set():
                callback(*args)

        def deliver(*args) -> None:
            Clock.schedule_once(lambda _dt: call_if_current(args), 0)
        return deliver

    return image_cache().warm_in_background(jobs, cancel=cancel, on_progress=on_main_thread(on_progress),
                                            on_done=on_main_thread(on_done))


def pending() -> int:
    """Return how many image requests wait for the background worker (for tests and soak runs)."""
    with _lock:
        return len(_waiting)
