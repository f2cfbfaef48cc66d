"""A start-up cache of the last validated exhibition, keyed by the content folder's fingerprint.

Validating the sample exhibition costs about a second at start-up (importing the schema
models, decoding every image, probing every video), all before the first frame. When the
folder has not changed since the last successful validation, which is every restart after a
crash or a power cut, the resolved exhibition is read back from the cache instead.

The fingerprint covers every file's path, size and modification time, and where a symlinked
folder points, so any edit or swap misses the cache and is validated in full. This module
imports neither pydantic nor Kivy, so a cache hit stays cheap. The cache file lives in the data
dir, which only the kiosk user can write; it is a pickle of plain frozen dataclasses.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from collections.abc import Iterator
from pathlib import Path

from kiosk.files import write_atomic
from kiosk.model.types import Exhibition

log = logging.getLogger(__name__)
FORMAT = 1  # bump when the model's dataclasses change shape


def file_stats(real: str) -> Iterator[tuple[str, int, int]]:
    """Yield (path, size, mtime_ns) of every file below the folder ``real``, in a stable order.

    A file that vanishes during the walk yields size and mtime -1.
    """
    for base, dirs, files in os.walk(real):
        dirs.sort()
        for name in sorted(files):
            full = os.path.join(base, name)
            try:
                stat = os.stat(full)
            except OSError:
                yield full, -1, -1
                continue
            yield full, stat.st_size, stat.st_mtime_ns


def fingerprint(folder: Path) -> str:
    """Return a hash of the folder's real path and every file's (path, size, mtime)."""
    digest = hashlib.blake2b(digest_size=16)
    real = os.path.realpath(folder)
    digest.update(f"{FORMAT}\0{real}\0".encode())
    for full, size, mtime in file_stats(real):
        digest.update(f"{full}\0{size}\0{mtime}\0".encode())
    return digest.hexdigest()


FORMAT = 2
"""Bumped whenever the model's types change what they hold (2: videos carry their probe), so a
cache written by an older kiosk is validated afresh instead of served without the new facts."""


class ExhibitionCache:
    """One cached exhibition in ``path`` (a file in the data dir)."""

    def __init__(self, path: Path):
        self.path = path

    def load(self, folder: Path, *, stale_ok: bool = False) -> Exhibition | None:
        """Return the cached exhibition if it was validated from exactly this folder state.

        With ``stale_ok``, return the last good exhibition even if the folder changed since
        (the fallback when the folder is now broken), as long as its media files still exist.
        """
        try:
            with open(self.path, "rb") as stream:
                stored_key, exhibition = pickle.load(stream)
        except FileNotFoundError:
            return None
        except Exception as exc:  # a damaged cache is only a slower start, never a failure
            log.warning("ignoring the exhibition cache %s: %s", self.path, exc)
            return None
        if not isinstance(exhibition, Exhibition):
            return None
        if stale_ok:
            return exhibition if all(path.is_file() for path in media_files(exhibition)) else None
        if stored_key != (FORMAT, str(Path(folder).absolute()), fingerprint(folder)):
            return None
        return exhibition

    def store(self, folder: Path, exhibition: Exhibition) -> None:
        """Remember ``exhibition`` as the validated state of ``folder``; failures are only logged."""
        key = (FORMAT, str(Path(folder).absolute()), fingerprint(folder))
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Synced with its folder: after a power cut this is what the room falls back to.
            write_atomic(self.path, pickle.dumps((key, exhibition), protocol=pickle.HIGHEST_PROTOCOL),
                         sync_folder=True)
        except OSError as exc:
            log.warning("cannot write the exhibition cache %s: %s", self.path, exc)


def media_files(exhibition: Exhibition) -> list[Path]:
    """Return the absolute path of every media file an exhibition shows: covers, logos, story
    and page media with their posters and subtitles, and the attract loop's files (repeats included)."""
    files = [s.cover for s in exhibition.stories] + [p.logo for p in exhibition.providers]
    for entry in list(exhibition.stories) + list(exhibition.pages):
        for medium in entry.media:
            files.append(medium.path)
            if medium.poster is not None:
                files.append(medium.poster)
            files.extend(medium.subtitles.values())
    return files + [item.path for item in exhibition.attract]
