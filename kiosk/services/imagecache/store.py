"""The cache's folder: entry names, the content hashes they are named by, and its size budget.

An entry is named after the blake2b hash of the source's bytes, the box and the fit,
so renaming or copying a file reuses its entry and rewriting it in place makes a new
one. The hashes are kept in :data:`DIGESTS_FILE`, so a restart hashes nothing. Least
recently used entries are removed by :meth:`EntryStore.prune` once the folder passes
its budget, and temporary files that a killed process left behind are tidied away.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import time
from collections.abc import Iterable
from pathlib import Path

from kiosk.files import TMP_SUFFIX, write_atomic
from kiosk.services.imagecache.errors import why
from kiosk.services.imagecache.render import PIPELINE_VERSION
from kiosk.services.imagecache.slots import CENTRE, Box, Fit, Focus

log = logging.getLogger(__name__)

TOUCH_INTERVAL_S = 3600.0
"""A hit refreshes an entry's mtime (its LRU age) at most this often: fewer SD card writes."""
STALE_TMP_S = 3600.0
"""Temporary files older than this are left over from a killed process and removed."""
DIGESTS_FILE = "digests.json"
"""Content hashes of the source files seen, kept across restarts so a restart hashes nothing."""

_ENTRY_SUFFIXES = (".jpg", ".png")
_HASH_CHUNK = 1 << 20
_MAX_DIGESTS = 50_000  # far more files than an exhibition and its kept releases hold


def entry_stem(digest: str, box: Box, fit: Fit, focus: Focus = CENTRE) -> str:
    """Return the name, without its suffix, of the entry for a source's ``digest`` in ``box``,
    cropped around ``focus`` (named only when it is not the centre, so those keep their names)."""
    stem = f"v{PIPELINE_VERSION}-{digest}-{box[0]}x{box[1]}-{fit}"
    if tuple(focus) != CENTRE:
        stem += f"-at{focus[0]:.3f}x{focus[1]:.3f}"
    return stem


def placeholder_name(box: Box) -> str:
    """Return the file name of the placeholder for ``box``."""
    return f"placeholder-v{PIPELINE_VERSION}-{box[0]}x{box[1]}.png"


class EntryStore:
    """The entries in ``cache_dir`` and the content hashes of the sources seen.

    Not locked: :class:`~kiosk.services.imagecache.cache.ImageCache` decides who builds what.
    """

    def __init__(self, cache_dir: Path) -> None:
        """Use (and create) ``cache_dir`` and remove old temporary files from it.

        Raises OSError if the directory cannot be created.
        """
        self.cache_dir = Path(cache_dir)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        # "device:inode" -> (size, mtime_ns, ctime_ns, digest): an unchanged file is hashed
        # once, also across restarts and whatever path (release folder or live link) names
        # it; ctime and inode catch a copy that kept the old mtime (cp -p, rsync -t).
        self._digests: dict[str, tuple[int, int, int, str]] = self._load_digests()
        self._digests_dirty = False
        self.remove_stale_tmp()

    def digest(self, source: Path) -> str:
        """Return the content hash of ``source``, hashing only when the file changed.

        Raises OSError when ``source`` cannot be read.
        """
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
            log.warning("image cache: ignoring %s (%s); files are hashed again", DIGESTS_FILE, why(exc))
            return {}

    def save_digests(self) -> None:
        """Write the content hashes seen to :data:`DIGESTS_FILE` if any are new (atomically).

        Never raises (a full disk costs only hashing again).
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
            log.warning("image cache: cannot write %s (%s)", target, why(exc))

    def find(self, stem: str) -> Path | None:
        """Return the complete (non-empty) entry named ``stem``, or None."""
        for ext in _ENTRY_SUFFIXES:
            path = self.cache_dir / (stem + ext)
            try:
                if path.stat().st_size > 0:
                    return path
            except OSError:
                continue
        return None

    @staticmethod
    def touch(path: Path) -> None:
        """Mark the entry ``path`` as used now, at most every :data:`TOUCH_INTERVAL_S`."""
        try:
            if time.time() - path.stat().st_mtime > TOUCH_INTERVAL_S:
                os.utime(path)
        except OSError:
            pass  # LRU age is a hint; a read-only cache still serves

    def usage(self) -> tuple[int, int]:
        """Return how many entries and placeholders the folder holds, and their bytes."""
        entries = size = 0
        for entry in self._scan():
            try:
                size += entry.stat().st_size
            except OSError:
                continue
            entries += 1
        return entries, size

    def prune(self, max_bytes: int) -> int:
        """Remove the least recently used entries until the folder fits ``max_bytes``.

        "Used" is the file's mtime, which :meth:`touch` refreshes. Also removes temporary
        files left by a killed process. Returns the bytes freed; never raises.
        """
        freed = self.remove_stale_tmp()
        entries = []
        for entry in self._scan():
            try:
                st = entry.stat()
            except OSError:
                continue
            entries.append((st.st_mtime_ns, st.st_size, entry.path))
        total = sum(size for _, size, _ in entries)
        for _, size, path in sorted(entries):
            if total <= max_bytes:
                break
            try:
                os.remove(path)
            except FileNotFoundError:
                pass
            except OSError as exc:
                log.warning("image cache: cannot remove %s (%s)", path, why(exc))
                continue
            total -= size
            freed += size
        return freed

    def _scan(self) -> Iterable[os.DirEntry]:
        try:
            with os.scandir(self.cache_dir) as it:
                # Only entries and placeholders: other files (the window size record) are
                # not the cache's to count or prune.
                return [e for e in it if e.is_file() and e.name.endswith(_ENTRY_SUFFIXES)]
        except OSError:
            return []

    def remove_stale_tmp(self) -> int:
        """Remove temporary files older than :data:`STALE_TMP_S`; return the bytes freed."""
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
