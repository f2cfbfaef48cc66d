"""Slot-sized images for the UI, without ever decoding a photo on the UI thread.

Every picture the kiosk shows goes through the one :class:`~kiosk.services.imagecache.ImageCache`
in ``data_dir()/cache/images`` at the size of its slot (:func:`slot_box`). Widgets call
:func:`request`: it returns the entry at once if it is built, and otherwise builds it on a
background thread and hands the path to the main thread through ``Clock.schedule_once``.
:func:`prewarm` builds every image of an exhibition ahead, at app start and after a content
swap, and logs its progress (``image cache: 12/40 ready``).
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from kivy.clock import Clock

from kiosk.services.imagecache import SLOT_FIT, ImageCache, slot_boxes
from kiosk.services.paths import data_dir

log = logging.getLogger(__name__)

Job = tuple[Path, tuple[int, int], str]

_cache: ImageCache | None = None
_requests: queue.Queue[Job] = queue.Queue()
_waiting: dict[Job, list[Callable[[Path, Path], None]]] = {}
_lock = threading.Lock()
_worker: threading.Thread | None = None
_prewarm_cancel: threading.Event | None = None


def cache_dir() -> Path:
    """Return the image cache directory: ``data_dir()/cache/images`` (follows XDG_DATA_HOME)."""
    return data_dir() / "cache" / "images"


def image_cache() -> ImageCache:
    """Return the UI's one image cache, created on first use in :func:`cache_dir`."""
    global _cache
    if _cache is None or _cache.cache_dir != cache_dir():
        _cache = ImageCache(cache_dir())
    return _cache


def slot_box(slot: str, window_size: tuple[int, int] | None = None) -> tuple[int, int]:
    """Return the largest on-screen size of ``slot`` (cover, thumb, media, fullscreen).

    ``window_size`` defaults to the current window. Raises KeyError for an unknown slot.
    """
    if window_size is None:
        from kivy.core.window import Window

        window_size = Window.size
    return slot_boxes(window_size)[slot]


def is_placeholder(path: Path | str | None) -> bool:
    """Return True if ``path`` is the cache's grey placeholder (the source did not decode)."""
    return path is not None and Path(path).name.startswith("placeholder-")


def request(source: Path | str, slot: str, on_ready: Callable[[Path, Path], None]) -> Path | None:
    """Return the cached copy of ``source`` for ``slot`` now, or None and build it in the background.

    When built, ``on_ready(source, path)`` runs on the main thread with the entry, or with
    the placeholder for a missing or broken file (logged by the cache). Never raises.
    """
    job = (Path(source), slot_box(slot), SLOT_FIT[slot])
    found = image_cache().cached(*job[:2], fit=job[2])
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
    cache = image_cache()
    while True:
        job = _requests.get()
        try:
            path = cache.get(job[0], job[1], fit=job[2])
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


def exhibition_jobs(exhibition, window_size: tuple[int, int]) -> Iterator[Job]:
    """Yield ``(source, box, fit)`` for every image the UI shows of ``exhibition``."""
    boxes = slot_boxes(window_size)

    def job(path, slot: str) -> Job:
        return Path(path), boxes[slot], SLOT_FIT[slot]

    for story in exhibition.stories:
        yield job(story.cover, "cover")
        if not exhibition.attract:  # the loop then shows every cover fullscreen
            yield job(story.cover, "fullscreen")
        if not story.media:
            yield job(story.cover, "media")
    for provider in exhibition.providers:
        yield job(provider.logo, "thumb")
    for medium in [m for s in exhibition.stories for m in s.media] + [m for p in exhibition.pages for m in p.media]:
        if medium.kind == "image":
            yield job(medium.path, "media")
        elif medium.poster is not None:
            yield job(medium.poster, "media")
    for item in exhibition.attract:
        if item.kind == "image":
            yield job(item.path, "fullscreen")


def prewarm(exhibition, window_size: tuple[int, int]) -> threading.Thread:
    """Build every image of ``exhibition`` for ``window_size`` in the background.

    Call at app start and after a content swap; a previous run that is still busy is
    cancelled. Progress goes to the log. Returns the started thread.
    """
    global _prewarm_cancel
    if _prewarm_cancel is not None:
        _prewarm_cancel.set()
    _prewarm_cancel = threading.Event()
    jobs = list(exhibition_jobs(exhibition, window_size))
    log.info("image cache: preparing %d images for %dx%d", len(jobs), *window_size)
    return image_cache().warm_in_background(jobs, cancel=_prewarm_cancel)


def pending() -> int:
    """Return how many image requests wait for the background worker (for tests and soak runs)."""
    with _lock:
        return len(_waiting)
