"""The image cache itself: a slot-sized copy on request, and all of an exhibition's ahead of time.

:meth:`ImageCache.get` returns an entry, building it first when it is missing, and never
raises; :meth:`ImageCache.warm` builds a list of them, :meth:`ImageCache.warm_in_background`
on a thread of its own. Two threads asking for the same entry build it once.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from kiosk.services.imagecache.errors import advice, why
from kiosk.services.imagecache.placeholder import draw_placeholder
from kiosk.services.imagecache.render import render_image, write_image
from kiosk.services.imagecache.slots import CENTRE, Box, Fit, Focus, check_box, check_fit, check_focus
from kiosk.services.imagecache.store import EntryStore, entry_stem, placeholder_name

log = logging.getLogger(__name__)

PROGRESS_LOG_S = 2.0
"""Background warming logs its progress at most this often."""

_LOCK_STRIPES = 64

Job = tuple[Path, Box] | tuple[Path, Box, Fit] | tuple[Path, Box, Fit, Focus]


@dataclass(frozen=True)
class WarmResult:
    """What one :meth:`ImageCache.warm` run did."""

    total: int
    """Distinct (source, box, fit, focus) jobs."""
    built: int
    """Entries built by this run."""
    cached: int
    """Entries that already existed."""
    failed: int
    """Jobs that ended with the placeholder (see the log for the files)."""
    cancelled: bool
    """True if the cancel event stopped the run before the end."""
    seconds: float
    """Wall-clock duration of the run."""


class ImageCache:
    """Slot-sized, EXIF-rotated, sRGB copies of content images in ``cache_dir``.

    Thread-safe: the UI thread may call :meth:`get` while :meth:`warm_in_background`
    runs; two threads asking for the same entry build it once.
    """

    def __init__(self, cache_dir: Path, *, max_bytes: int = 2_000_000_000) -> None:
        """Use (and create) ``cache_dir``; :meth:`prune` keeps it under ``max_bytes``.

        Raises OSError if the directory cannot be created.
        """
        self.cache_dir = Path(cache_dir)
        self.max_bytes = int(max_bytes)
        self._store = EntryStore(self.cache_dir)
        # Entry names whose source failed to decode: not retried until the bytes change.
        self._failed: set[str] = set()
        self._locks = [threading.Lock() for _ in range(_LOCK_STRIPES)]
        self._stats_lock = threading.Lock()
        self._hits = self._misses = self._failures = 0

    # -- the public API -------------------------------------------------------------

    def get(self, source: Path, box: Box, *, fit: Fit = "contain", focus: Focus = CENTRE) -> Path:
        """Return the path of ``source`` scaled down to ``box``, building it now if missing.

        ``fit="contain"`` keeps the whole picture inside ``box``; ``fit="cover"`` fills
        ``box`` and crops around ``focus`` (across, down, 0 to 1; the content's focus point,
        the centre by default; see :data:`SLOT_FIT`). Images are never enlarged.
        The result is a JPEG (quality 88, RGB, sRGB) or, when the source has visible
        transparency, a PNG (RGBA). EXIF rotation is applied; EXIF data (GPS!) is not kept.

        Never raises: a missing or undecodable source, or a cache that cannot be
        written, gives the placeholder for ``box`` and a logged warning naming the file.
        """
        return self._get(source, box, fit, focus)[0]

    def cached(self, source: Path, box: Box, *, fit: Fit = "contain", focus: Focus = CENTRE) -> Path | None:
        """Return the entry for ``source`` in ``box`` if it is already built, else None.

        Never builds and never raises; it may hash the source once (memoised). A source
        known to be broken returns its placeholder if that exists.
        """
        try:
            box, fit = check_box(box), check_fit(fit)
            stem = entry_stem(self._store.digest(Path(source)), box, fit, check_focus(focus, fit))
        except (OSError, TypeError, ValueError, IndexError):
            return None
        found = self._store.find(stem)
        if found is None and stem in self._failed:
            placeholder = self.cache_dir / placeholder_name(box)
            return placeholder if placeholder.is_file() else None
        return found

    def warm(
        self,
        jobs: Iterable[Job],
        *,
        progress: Callable[[int, int], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> WarmResult:
        """Build every missing entry of ``jobs`` (``(source, box)``, ``(source, box, fit)`` or
        ``(source, box, fit, focus)``).

        Duplicate jobs count once. ``progress(done, total)`` is called after each job on
        this thread (an exception in it is logged, not raised); ``cancel.set()`` stops
        the run after the current image. A run that was not cancelled ends with
        :meth:`prune`, so the cache stays in budget however often the content changes.
        Returns a :class:`WarmResult`; never raises for a bad image.
        """
        started = time.monotonic()
        unique: dict[tuple[str, Box, Fit, Focus], Path] = {}
        for job in jobs:
            source, box = Path(job[0]), job[1]
            fit = job[2] if len(job) > 2 else "contain"
            focus = tuple(job[3]) if len(job) > 3 else CENTRE
            unique.setdefault((str(source), tuple(box), fit, focus), source)
        total = len(unique)
        built = cached = failed = done = 0
        cancelled = False
        self._report(progress, 0, total)
        for (_, box, fit, focus), source in unique.items():
            if cancel is not None and cancel.is_set():
                cancelled = True
                break
            outcome = self._get(source, box, fit, focus)[1]
            built += outcome == "built"
            cached += outcome == "hit"
            failed += outcome == "failed"
            done += 1
            self._report(progress, done, total)
        if not cancelled:
            self.prune()
        self.save_digests()
        return WarmResult(total=total, built=built, cached=cached, failed=failed,
                          cancelled=cancelled, seconds=time.monotonic() - started)

    def warm_in_background(
        self,
        jobs: Iterable[Job],
        *,
        on_progress: Callable[[int, int], None] | None = None,
        on_done: Callable[[WarmResult], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> threading.Thread:
        """Run :meth:`warm` on a new daemon thread and return the started thread.

        ``on_progress(done, total)`` and ``on_done(result)`` are called FROM THAT THREAD:
        a Kivy caller hands them to the main thread itself (``Clock.schedule_once``).
        Progress is logged as ``image cache: 12/40 ready`` at most every
        :data:`PROGRESS_LOG_S` seconds and at the end. ``jobs`` is read on the calling
        thread, so a generator over live model objects is safe to pass.
        """
        jobs = list(jobs)
        last_log = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if done == total or now - last_log[0] >= PROGRESS_LOG_S:
                last_log[0] = now
                log.info("image cache: %d/%d ready", done, total)
            if on_progress is not None:
                on_progress(done, total)

        def run() -> None:
            try:
                result = self.warm(jobs, progress=progress, cancel=cancel)
            except Exception:  # a bug here must not kill the app silently in a daemon thread
                log.exception("image cache: warming failed")
                return
            log.info("image cache: warmed %d images (%d built, %d failed%s) in %.1f s",
                     result.total, result.built, result.failed,
                     ", cancelled" if result.cancelled else "", result.seconds)
            if on_done is not None:
                try:
                    on_done(result)
                except Exception:
                    log.exception("image cache: on_done callback failed")

        thread = threading.Thread(target=run, name="imagecache-warm", daemon=True)
        thread.start()
        return thread

    def prune(self) -> int:
        """Remove the least recently used entries until the cache fits ``max_bytes``.

        "Used" is the file's mtime, which a hit refreshes (at most hourly). Also removes
        temporary files left by a killed process. Returns the bytes freed; never raises.
        """
        return self._store.prune(self.max_bytes)

    def save_digests(self) -> None:
        """Write the content hashes seen to the cache folder if any are new (atomically).

        :meth:`warm` calls it at its end; never raises (a full disk costs only hashing again).
        """
        self._store.save_digests()

    @property
    def stats(self) -> dict[str, int]:
        """Return ``entries`` and ``bytes`` on disk, and this process's ``hits``,
        ``misses`` (builds attempted) and ``failures`` (placeholders served)."""
        entries, size = self._store.usage()
        with self._stats_lock:
            hits, misses, failures = self._hits, self._misses, self._failures
        return {"entries": entries, "bytes": size, "hits": hits, "misses": misses, "failures": failures}

    # -- building -------------------------------------------------------------------

    def _get(self, source: Path, box: Box, fit: Fit, focus: Focus = CENTRE) -> tuple[Path, str]:
        """Return ``(path, outcome)`` with outcome ``"hit"``, ``"built"`` or ``"failed"``."""
        try:
            box = check_box(box)
            fit = check_fit(fit)
            focus = check_focus(focus, fit)
        except (TypeError, ValueError, IndexError):
            log.exception("image cache: bad request for %s", source)
            self._count(failures=1)
            return self._placeholder((64, 64)), "failed"
        source = Path(source)
        try:
            digest = self._store.digest(source)
        except OSError as exc:
            self._count(failures=1)
            log.warning("image cache: cannot read %s (%s); showing a placeholder", source, why(exc))
            return self._placeholder(box), "failed"

        stem = entry_stem(digest, box, fit, focus)
        found = self._store.find(stem)
        if found is not None:
            self._count(hits=1)
            self._store.touch(found)
            return found, "hit"
        with self._locks[hash(stem) % _LOCK_STRIPES]:
            # Another thread may have built it while this one waited for the lock.
            found = self._store.find(stem)
            if found is not None:
                self._count(hits=1)
                return found, "hit"
            if stem in self._failed:
                self._count(failures=1)
                built = None
            else:
                self._count(misses=1)
                built = self._build(source, stem, box, fit, focus)
        # The placeholder is drawn under a lock of its own, so never while this one is held: the
        # two can be the same stripe (a Lock taken twice hangs the thread for good), or two threads
        # can each hold the one the other waits for.
        return (built, "built") if built is not None else (self._placeholder(box), "failed")

    def _build(self, source: Path, stem: str, box: Box, fit: Fit, focus: Focus) -> Path | None:
        """Build the entry ``stem`` from ``source``; None (logged, counted) when that fails."""
        try:
            image = render_image(source, box, fit, focus)
        except Exception as exc:  # Pillow raises OSError, ValueError, SyntaxError, MemoryError...
            self._failed.add(stem)
            self._count(failures=1)
            log.warning("image cache: %s is not a usable image (%s); showing a placeholder. %s",
                        source, why(exc), advice(exc, source))
            return None
        fmt, ext = ("PNG", ".png") if image.mode == "RGBA" else ("JPEG", ".jpg")
        target = self.cache_dir / (stem + ext)
        try:
            write_image(image, target, fmt)
        except Exception as exc:  # disk full, read-only card: retried on the next get()
            self._count(failures=1)
            log.error("image cache: cannot write %s for %s (%s); showing a placeholder",
                      target, source, why(exc))
            return None
        return target

    def _placeholder(self, box: Box) -> Path:
        """Return the placeholder for ``box``, drawing it the first time it is needed."""
        path = self.cache_dir / placeholder_name(box)
        if path.is_file():
            return path
        with self._locks[hash(path.name) % _LOCK_STRIPES]:
            if not path.is_file():
                try:
                    write_image(draw_placeholder(box), path, "PNG")
                except Exception as exc:
                    log.error("image cache: cannot write placeholder %s (%s)", path, why(exc))
        return path

    # -- bookkeeping ------------------------------------------------------------------

    def _count(self, *, hits: int = 0, misses: int = 0, failures: int = 0) -> None:
        with self._stats_lock:
            self._hits += hits
            self._misses += misses
            self._failures += failures

    @staticmethod
    def _report(progress: Callable[[int, int], None] | None, done: int, total: int) -> None:
        if progress is None:
            return
        try:
            progress(done, total)
        except Exception:
            log.exception("image cache: progress callback failed")
