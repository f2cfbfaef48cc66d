"""Slot-sized copies of the staff's photos, built once and kept on disk (no Kivy).

Phones deliver 12-48 MP JPEGs (often rotated by an EXIF tag, often in Display P3) and
PNGs with alpha. Decoded at full size one cover is a ~100 MB texture, so the UI never
loads a content image directly: it asks :meth:`ImageCache.get` for a copy that fits
the slot it is shown in (:func:`slot_boxes`) and loads that.

An entry is named after the blake2b hash of the source's bytes, the box and the fit,
so renaming or copying a file reuses its entry and rewriting it in place makes a new
one. Entries are written to a temporary file, fsynced and renamed into place: a
kiosk switched off at the wall never serves half a JPEG. Least recently used
entries are removed by :meth:`ImageCache.prune` once the cache passes its budget.

A source that does not decode becomes a calm grey placeholder and a warning in the
log naming the file and the fix; :meth:`ImageCache.get` never raises.

A build takes 0.1-0.7 s: on the UI thread use :meth:`ImageCache.cached` and show the
placeholder or nothing until :meth:`ImageCache.warm_in_background` has built the entry.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import math
import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from PIL import Image, ImageCms, ImageDraw, JpegImagePlugin

from kiosk.design import IMAGE_SLOTS, KEN_BURNS_ZOOM, MARGIN, PLACEHOLDER_BG, PLACEHOLDER_ICON, WINDOW
from kiosk.files import TMP_SUFFIX, write_atomic

log = logging.getLogger(__name__)

Box = tuple[int, int]
Fit = Literal["contain", "cover"]

PIPELINE_VERSION = 1
"""Part of every entry name: bump it when the output of a build changes (quality, colour)."""

JPEG_QUALITY = 88
"""Visually lossless for photos at slot size, about a third of the bytes of quality 95."""

SLOT_FIT: dict[str, Fit] = {
    "cover": "cover",
    "thumb": "contain",
    "media": "contain",
    "fullscreen": "cover",
}
"""How each slot shows its image, to pass as ``fit=`` to :meth:`ImageCache.get`.

``cover`` slots (Kivy ``fit_mode: 'cover'`` and the Ken Burns picture) fill the box and
crop; a ``contain`` copy of a 4:3 photo in a 16:9 cover tile would be enlarged by a
third on screen and look soft.
"""

MAX_DECODE_PIXELS = Image.MAX_IMAGE_PIXELS or 89_478_485
"""Most pixels ever decoded into memory for one image (Pillow's own default bomb limit).

A JPEG is decoded at 1/2, 1/4 or 1/8 scale by libjpeg (:meth:`PIL.Image.Image.draft`),
so this bounds its *reduced* size; other formats are decoded whole.
"""

MAX_JPEG_PIXELS = 320_000_000
"""Largest baseline JPEG accepted: a 200 MP phone photo (16320x12240) decodes at 1/4 scale
in about 40 MB, so Pillow's full-decode bomb limit (179 MP) would refuse it for nothing."""

TOUCH_INTERVAL_S = 3600.0
"""A hit refreshes an entry's mtime (its LRU age) at most this often: fewer SD card writes."""
STALE_TMP_S = 3600.0
"""Temporary files older than this are left over from a killed process and removed."""
PROGRESS_LOG_S = 2.0
"""Background warming logs its progress at most this often."""

_ORIENTATION_TAG = 0x0112
_TRANSPOSE = {  # EXIF orientation -> the transpose that shows the picture upright, as in exif_transpose
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_SWAPS_AXES = {5, 6, 7, 8}
_ENTRY_SUFFIXES = (".jpg", ".png")
_LOCK_STRIPES = 64
_HASH_CHUNK = 1 << 20
DIGESTS_FILE = "digests.json"
"""Content hashes of the source files seen, kept across restarts so a restart hashes nothing."""
_MAX_DIGESTS = 50_000  # far more files than an exhibition and its kept releases hold


@dataclass(frozen=True)
class WarmResult:
    """What one :meth:`ImageCache.warm` run did."""

    total: int
    """Distinct (source, box, fit) jobs."""
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


def slot_boxes(window: tuple[int, int]) -> dict[str, Box]:
    """Return the largest on-screen size ``(w, h)`` of each image slot for a window size.

    Keys: ``"cover"`` (story tile image), ``"thumb"`` (provider logo tile, small chips),
    ``"media"`` (the story screen's media area) and ``"fullscreen"`` (the attract loop).
    Pass the box and :data:`SLOT_FIT` of the slot to :meth:`ImageCache.get`; ask for the
    slot's box, not the source's size, so no texture is larger than what it shows.

    The design boxes (:data:`kiosk.design.IMAGE_SLOTS`, 1920x1080, 12 columns, 64 px
    margins) scale with the window by the larger of long side/1920 and short side/1080:
    on a 16:10 or portrait window that errs a little large (the GPU shrinks a few percent
    cleanly) rather than small (an enlarged photo looks soft). A portrait window shows the
    media full width, so its media box is at least the window width minus the margins.
    ``fullscreen`` is the window times :data:`kiosk.design.KEN_BURNS_ZOOM`. Raises
    ValueError for a window without area.
    """
    width, height = int(window[0]), int(window[1])
    if width <= 0 or height <= 0:
        raise ValueError(f"window size must be positive, got {window!r}")
    long_side, short_side = max(width, height), min(width, height)
    scale = max(long_side / WINDOW[0], short_side / WINDOW[1])
    boxes = {name: (math.ceil(w * scale), math.ceil(h * scale)) for name, (w, h) in IMAGE_SLOTS.items()}
    if height > width:
        media_w, media_h = boxes["media"]
        boxes["media"] = (max(media_w, width - math.ceil(2 * MARGIN * scale)), media_h)
    boxes["fullscreen"] = (math.ceil(width * KEN_BURNS_ZOOM), math.ceil(height * KEN_BURNS_ZOOM))
    return boxes


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
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        # "device:inode" -> (size, mtime_ns, ctime_ns, digest): an unchanged file is hashed
        # once, also across restarts and whatever path (release folder or live link) names
        # it; ctime and inode catch a copy that kept the old mtime (cp -p, rsync -t).
        self._digests: dict[str, tuple[int, int, int, str]] = self._load_digests()
        self._digests_dirty = False
        # Entry names whose source failed to decode: not retried until the bytes change.
        self._failed: set[str] = set()
        self._locks = [threading.Lock() for _ in range(_LOCK_STRIPES)]
        self._stats_lock = threading.Lock()
        self._hits = self._misses = self._failures = 0
        self._remove_stale_tmp()

    # -- the public API -------------------------------------------------------------

    def get(self, source: Path, box: Box, *, fit: Fit = "contain") -> Path:
        """Return the path of ``source`` scaled down to ``box``, building it now if missing.

        ``fit="contain"`` keeps the whole picture inside ``box``; ``fit="cover"`` fills
        ``box`` and crops the centre (see :data:`SLOT_FIT`). Images are never enlarged.
        The result is a JPEG (quality 88, RGB, sRGB) or, when the source has visible
        transparency, a PNG (RGBA). EXIF rotation is applied; EXIF data (GPS!) is not kept.

        Never raises: a missing or undecodable source, or a cache that cannot be
        written, gives the placeholder for ``box`` and a logged warning naming the file.
        """
        return self._get(source, box, fit)[0]

    def cached(self, source: Path, box: Box, *, fit: Fit = "contain") -> Path | None:
        """Return the entry for ``source`` in ``box`` if it is already built, else None.

        Never builds and never raises; it may hash the source once (memoised). A source
        known to be broken returns its placeholder if that exists.
        """
        try:
            box, fit = _check_box(box), _check_fit(fit)
            stem = _entry_stem(self._digest(Path(source)), box, fit)
        except (OSError, TypeError, ValueError, IndexError):
            return None
        found = self._find(stem)
        if found is None and stem in self._failed:
            placeholder = self.cache_dir / _placeholder_name(box)
            return placeholder if placeholder.is_file() else None
        return found

    def warm(
        self,
        jobs: Iterable[tuple[Path, Box] | tuple[Path, Box, Fit]],
        *,
        progress: Callable[[int, int], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> WarmResult:
        """Build every missing entry of ``jobs`` (``(source, box)`` or ``(source, box, fit)``).

        Duplicate jobs count once. ``progress(done, total)`` is called after each job on
        this thread (an exception in it is logged, not raised); ``cancel.set()`` stops
        the run after the current image. A run that was not cancelled ends with
        :meth:`prune`, so the cache stays in budget however often the content changes.
        Returns a :class:`WarmResult`; never raises for a bad image.
        """
        started = time.monotonic()
        unique: dict[tuple[str, Box, Fit], Path] = {}
        for job in jobs:
            source, box = Path(job[0]), job[1]
            fit = job[2] if len(job) > 2 else "contain"
            unique.setdefault((str(source), tuple(box), fit), source)
        total = len(unique)
        built = cached = failed = done = 0
        cancelled = False
        self._report(progress, 0, total)
        for (_, box, fit), source in unique.items():
            if cancel is not None and cancel.is_set():
                cancelled = True
                break
            outcome = self._get(source, box, fit)[1]
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
        jobs: Iterable[tuple[Path, Box] | tuple[Path, Box, Fit]],
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
        freed = self._remove_stale_tmp()
        entries = []
        for entry in self._scan():
            try:
                st = entry.stat()
            except OSError:
                continue
            entries.append((st.st_mtime_ns, st.st_size, entry.path))
        total = sum(size for _, size, _ in entries)
        for _, size, path in sorted(entries):
            if total <= self.max_bytes:
                break
            try:
                os.remove(path)
            except FileNotFoundError:
                pass
            except OSError as exc:
                log.warning("image cache: cannot remove %s (%s)", path, _why(exc))
                continue
            total -= size
            freed += size
        return freed

    @property
    def stats(self) -> dict[str, int]:
        """Return ``entries`` and ``bytes`` on disk, and this process's ``hits``,
        ``misses`` (builds attempted) and ``failures`` (placeholders served)."""
        entries = size = 0
        for entry in self._scan():
            try:
                size += entry.stat().st_size
            except OSError:
                continue
            entries += 1
        hits, misses, failures = self._snapshot()
        return {"entries": entries, "bytes": size, "hits": hits, "misses": misses, "failures": failures}

    # -- building -------------------------------------------------------------------

    def _get(self, source: Path, box: Box, fit: Fit) -> tuple[Path, str]:
        """Return ``(path, outcome)`` with outcome ``"hit"``, ``"built"`` or ``"failed"``."""
        try:
            box = _check_box(box)
            fit = _check_fit(fit)
        except (TypeError, ValueError, IndexError):
            log.exception("image cache: bad request for %s", source)
            self._count(failures=1)
            return self._placeholder((64, 64)), "failed"
        source = Path(source)
        try:
            digest = self._digest(source)
        except OSError as exc:
            self._count(failures=1)
            log.warning("image cache: cannot read %s (%s); showing a placeholder", source, _why(exc))
            return self._placeholder(box), "failed"

        stem = _entry_stem(digest, box, fit)
        found = self._find(stem)
        if found is not None:
            self._count(hits=1)
            self._touch(found)
            return found, "hit"
        with self._locks[hash(stem) % _LOCK_STRIPES]:
            # Another thread may have built it while this one waited for the lock.
            found = self._find(stem)
            if found is not None:
                self._count(hits=1)
                return found, "hit"
            if stem in self._failed:
                self._count(failures=1)
                built = None
            else:
                self._count(misses=1)
                built = self._build(source, stem, box, fit)
        # The placeholder is drawn under a lock of its own, so never while this one is held: the
        # two can be the same stripe (a Lock taken twice hangs the thread for good), or two threads
        # can each hold the one the other waits for.
        return (built, "built") if built is not None else (self._placeholder(box), "failed")

    def _build(self, source: Path, stem: str, box: Box, fit: Fit) -> Path | None:
        """Build the entry ``stem`` from ``source``; None (logged, counted) when that fails."""
        try:
            image = _render(source, box, fit)
        except Exception as exc:  # Pillow raises OSError, ValueError, SyntaxError, MemoryError...
            self._failed.add(stem)
            self._count(failures=1)
            log.warning("image cache: %s is not a usable image (%s); showing a placeholder. %s",
                        source, _why(exc), _advice(exc, source))
            return None
        fmt, ext = ("PNG", ".png") if image.mode == "RGBA" else ("JPEG", ".jpg")
        target = self.cache_dir / (stem + ext)
        try:
            _write_atomic(image, target, fmt)
        except Exception as exc:  # disk full, read-only card: retried on the next get()
            self._count(failures=1)
            log.error("image cache: cannot write %s for %s (%s); showing a placeholder",
                      target, source, _why(exc))
            return None
        return target

    def _placeholder(self, box: Box) -> Path:
        """Return the placeholder for ``box``, drawing it the first time it is needed."""
        path = self.cache_dir / _placeholder_name(box)
        if path.is_file():
            return path
        with self._locks[hash(path.name) % _LOCK_STRIPES]:
            if not path.is_file():
                try:
                    _write_atomic(_draw_placeholder(box), path, "PNG")
                except Exception as exc:
                    log.error("image cache: cannot write placeholder %s (%s)", path, _why(exc))
        return path

    # -- bookkeeping ------------------------------------------------------------------

    def _digest(self, source: Path) -> str:
        """Return the content hash of ``source``, hashing only when the file changed."""
        st = os.stat(source)
        key = f"{st.st_dev}:{st.st_ino}"
        memo = self._digests.get(key)
        if memo is not None and memo[:3] == (st.st_size, st.st_mtime_ns, st.st_ctime_ns):
            return memo[3]
        hasher = hashlib.blake2b(digest_size=16)
        with open(source, "rb") as fh:
            while chunk := fh.read(_HASH_CHUNK):
                hasher.update(chunk)
        digest = hasher.hexdigest()
        self._digests[key] = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, digest)
        self._digests_dirty = True
        return digest

    def _load_digests(self) -> dict[str, tuple[int, int, int, str]]:
        """Read :data:`DIGESTS_FILE`; a missing or damaged file only means hashing again."""
        try:
            with open(self.cache_dir / DIGESTS_FILE, encoding="utf-8") as fh:
                stored = json.load(fh)
            return {str(key): (int(size), int(mtime), int(ctime), str(digest))
                    for key, (size, mtime, ctime, digest) in stored.items()}
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, TypeError, AttributeError) as exc:
            log.warning("image cache: ignoring %s (%s); files are hashed again", DIGESTS_FILE, _why(exc))
            return {}

    def save_digests(self) -> None:
        """Write the content hashes seen to :data:`DIGESTS_FILE` if any are new (atomically).

        :meth:`warm` calls it at its end; never raises (a full disk costs only hashing again).
        """
        if not self._digests_dirty:
            return
        self._digests_dirty = False
        snapshot = dict(list(self._digests.items())[-_MAX_DIGESTS:])
        target = self.cache_dir / DIGESTS_FILE
        try:
            text = io.StringIO()
            json.dump(snapshot, text)
            write_atomic(target, text.getvalue())
        except OSError as exc:
            log.warning("image cache: cannot write %s (%s)", target, _why(exc))

    def _find(self, stem: str) -> Path | None:
        for ext in _ENTRY_SUFFIXES:
            path = self.cache_dir / (stem + ext)
            try:
                if path.stat().st_size > 0:
                    return path
            except OSError:
                continue
        return None

    def _touch(self, path: Path) -> None:
        try:
            if time.time() - path.stat().st_mtime > TOUCH_INTERVAL_S:
                os.utime(path)
        except OSError:
            pass  # LRU age is a hint; a read-only cache still serves

    def _scan(self) -> Iterable[os.DirEntry]:
        try:
            with os.scandir(self.cache_dir) as it:
                # Only entries and placeholders: other files (the window size record) are
                # not the cache's to count or prune.
                return [e for e in it if e.is_file() and e.name.endswith(_ENTRY_SUFFIXES)]
        except OSError:
            return []

    def _remove_stale_tmp(self) -> int:
        freed = 0
        now = time.time()
        try:
            with os.scandir(self.cache_dir) as it:
                stale = [e for e in it if e.name.endswith(TMP_SUFFIX)]
        except OSError:
            return 0
        for entry in stale:
            try:
                st = entry.stat()
                if now - st.st_mtime > STALE_TMP_S:
                    os.remove(entry.path)
                    freed += st.st_size
            except OSError:
                continue
        return freed

    def _count(self, *, hits: int = 0, misses: int = 0, failures: int = 0) -> None:
        with self._stats_lock:
            self._hits += hits
            self._misses += misses
            self._failures += failures

    def _snapshot(self) -> tuple[int, int, int]:
        with self._stats_lock:
            return self._hits, self._misses, self._failures

    @staticmethod
    def _report(progress: Callable[[int, int], None] | None, done: int, total: int) -> None:
        if progress is None:
            return
        try:
            progress(done, total)
        except Exception:
            log.exception("image cache: progress callback failed")


# -- pure helpers ---------------------------------------------------------------------

def _check_box(box) -> Box:
    width, height = int(box[0]), int(box[1])
    if width < 1 or height < 1:
        raise ValueError(f"box must be at least 1x1, got {box!r}")
    return width, height


def _check_fit(fit: str) -> Fit:
    if fit not in ("contain", "cover"):
        raise ValueError(f"fit must be 'contain' or 'cover', got {fit!r}")
    return fit  # type: ignore[return-value]


def _entry_stem(digest: str, box: Box, fit: Fit) -> str:
    return f"v{PIPELINE_VERSION}-{digest}-{box[0]}x{box[1]}-{fit}"


def _placeholder_name(box: Box) -> str:
    return f"placeholder-v{PIPELINE_VERSION}-{box[0]}x{box[1]}.png"


def _why(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _advice(exc: BaseException, source: Path) -> str:
    """Return what staff can do about a file that did not decode."""
    if isinstance(exc, Image.DecompressionBombError):
        return "Fix: export it at 48 megapixels or less."
    if isinstance(exc, Image.UnidentifiedImageError):
        if source.suffix.lower() in (".heic", ".heif"):
            return "Fix: set the phone to 'Most Compatible' or export the photo as JPEG."
        return "Fix: save it as JPEG (photos) or PNG (logos)."
    if isinstance(exc, OSError) and "truncated" in str(exc):
        return "Fix: the file is incomplete; copy it again."
    return "Fix: open it in an image editor and save it again as JPEG or PNG."


def _open(source: Path) -> Image.Image:
    """Open ``source`` lazily, with a pixel limit that fits how it will be decoded."""
    with open(source, "rb") as fh:
        magic = fh.read(3)
    if magic == b"\xff\xd8\xff":
        # Opened through the plugin class so that Pillow's full-decode bomb check does
        # not refuse a 200 MP phone JPEG that draft() will decode at 1/4 or 1/8 scale.
        image = JpegImagePlugin.JpegImageFile(source)
        pixels = image.size[0] * image.size[1]
        # A progressive JPEG keeps every DCT coefficient in memory whatever the scale.
        limit = MAX_DECODE_PIXELS if image.info.get("progressive") else MAX_JPEG_PIXELS
        if pixels > limit:
            image.close()
            raise Image.DecompressionBombError(
                f"{image.size[0]}x{image.size[1]} JPEG exceeds {limit:,} pixels; export it smaller")
        return image
    return Image.open(source)  # Pillow's own bomb check applies to everything else


def _target_size(size: Box, box: Box, fit: Fit) -> Box:
    """Return the whole source's size after scaling for ``box`` (never larger than ``size``)."""
    width, height = size
    if fit == "contain":
        scale = min(box[0] / width, box[1] / height, 1.0)
    else:
        scale = min(max(box[0] / width, box[1] / height), 1.0)
    # Round half up, then clamp: 6000x4000 into 560x315 is 473x315, as an image viewer does.
    out_w = max(1, int(width * scale + 0.5))
    out_h = max(1, int(height * scale + 0.5))
    if fit == "contain":
        out_w, out_h = min(out_w, box[0]), min(out_h, box[1])
    return out_w, out_h


def _has_alpha(image: Image.Image) -> bool:
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        return True
    return "transparency" in image.info


def _normalise_mode(image: Image.Image) -> Image.Image:
    """Return ``image`` in a mode that resizes well: RGB, RGBA, L or CMYK."""
    if _has_alpha(image):
        rgba = image.convert("RGBA")
        # A phone screenshot is RGBA but fully opaque: a JPEG of it is a fraction of the size.
        return rgba.convert("RGB") if rgba.getchannel("A").getextrema() == (255, 255) else rgba
    if image.mode in ("RGB", "L", "CMYK"):
        return image
    if image.mode.startswith("I") or image.mode == "F":
        # 16-bit greyscale PNGs: scale 0..65535 to 0..255 instead of clipping to white.
        return image.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    return image.convert("RGB")


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """Convert to sRGB RGB/RGBA: Kivy ignores colour profiles, so Display P3 photos
    would look dull and CMYK ones wrong unless their profile is applied here."""
    out_mode = "RGBA" if image.mode == "RGBA" else "RGB"
    if icc:
        try:
            source_profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            return ImageCms.profileToProfile(image, source_profile, _srgb_profile(), outputMode=out_mode)
        except Exception as exc:  # a broken profile is common and not worth a placeholder
            log.debug("image cache: ignoring unusable ICC profile (%s)", _why(exc))
    return image if image.mode == out_mode else image.convert(out_mode)


_SRGB: ImageCms.ImageCmsProfile | None = None


def _srgb_profile() -> ImageCms.ImageCmsProfile:
    global _SRGB
    if _SRGB is None:
        _SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    return _SRGB


def _render(source: Path, box: Box, fit: Fit) -> Image.Image:
    """Decode ``source`` and return it rotated upright, scaled and in sRGB RGB or RGBA."""
    with _open(source) as image:
        # The orientation as ImageOps.exif_transpose reads it. It is applied to the small
        # result, not the decoded image: rotating a full-size decode first costs a second
        # full-size copy (72 MB for 24 MP) and its time. Until then, work in stored axes.
        orientation = image.getexif().get(_ORIENTATION_TAG, 1)
        stored_box = (box[1], box[0]) if orientation in _SWAPS_AXES else box
        target = _target_size(image.size, stored_box, fit)
        if image.format == "JPEG":
            # libjpeg decodes straight at 1/2..1/8 scale: a 48 MP photo for a 560 px tile
            # costs a few MB and a fraction of the time.
            image.draft("RGB", target)
        elif image.size[0] * image.size[1] > MAX_DECODE_PIXELS:
            raise Image.DecompressionBombError(
                f"{image.size[0]}x{image.size[1]} {image.format} exceeds {MAX_DECODE_PIXELS:,} pixels")
        icc = image.info.get("icc_profile")
        image.load()
        picture = _normalise_mode(image)
        if fit == "cover":
            picture = _cover(picture, stored_box)
        elif picture.size != target:
            picture = picture.resize(target, Image.Resampling.LANCZOS, reducing_gap=3.0)
        method = _TRANSPOSE.get(orientation)
        if method is not None:
            picture = picture.transpose(method)
        return _to_srgb(picture, icc)


def _cover(image: Image.Image, box: Box) -> Image.Image:
    """Crop the centre of ``image`` to the aspect of ``box`` and scale it down to ``box``."""
    width, height = image.size
    scale = min(max(box[0] / width, box[1] / height), 1.0)
    out_w = min(box[0], max(1, int(width * scale + 0.5)))
    out_h = min(box[1], max(1, int(height * scale + 0.5)))
    # min(): float rounding can make the crop a hair larger than the image it is cut from.
    crop_w, crop_h = min(width, out_w / scale), min(height, out_h / scale)
    left, top = (width - crop_w) / 2, (height - crop_h) / 2
    region = (left, top, left + crop_w, top + crop_h)
    if scale == 1.0:
        # Nothing to shrink: a plain crop, not a resampling that would soften the pixels.
        return image if (out_w, out_h) == (width, height) else image.crop(
            (round(left), round(top), round(left) + out_w, round(top) + out_h))
    return image.resize((out_w, out_h), Image.Resampling.LANCZOS, box=region, reducing_gap=3.0)


def _write_atomic(image: Image.Image, target: Path, fmt: str) -> None:
    """Encode ``image`` as ``fmt`` (JPEG or PNG) and write it to ``target`` so that ``target``
    is either absent or complete (:func:`~kiosk.files.write_atomic`)."""
    encoded = io.BytesIO()  # a slot-sized image: a few hundred kB at most
    if fmt == "JPEG":
        image.save(encoded, "JPEG", quality=JPEG_QUALITY)
    else:
        image.save(encoded, "PNG", compress_level=6)
    write_atomic(target, encoded.getbuffer())


def _draw_placeholder(box: Box) -> Image.Image:
    """Return a ``box``-sized calm grey image with a faint picture icon in the middle."""
    image = Image.new("RGB", box, PLACEHOLDER_BG)
    side = int(min(box) * 0.28)
    if side < 12:
        return image
    # Drawn 4x larger and shrunk: Pillow's shapes have no anti-aliasing of their own.
    big = side * 4
    icon = Image.new("RGB", (big, int(big * 0.8)), PLACEHOLDER_BG)
    draw = ImageDraw.Draw(icon)
    w, h = icon.size
    stroke = max(4, big // 18)
    draw.rounded_rectangle((stroke, stroke, w - stroke, h - stroke), radius=big // 10,
                           outline=PLACEHOLDER_ICON, width=stroke)
    draw.polygon([(w * 0.16, h * 0.78), (w * 0.42, h * 0.42), (w * 0.6, h * 0.64),
                  (w * 0.7, h * 0.52), (w * 0.86, h * 0.78)], fill=PLACEHOLDER_ICON)
    r = big * 0.08
    draw.ellipse((w * 0.68 - r, h * 0.3 - r, w * 0.68 + r, h * 0.3 + r), fill=PLACEHOLDER_ICON)
    icon = icon.resize((side, int(side * 0.8)), Image.Resampling.LANCZOS)
    image.paste(icon, ((box[0] - icon.size[0]) // 2, (box[1] - icon.size[1]) // 2))
    return image
