"""Content on USB sticks: finds content folders and ZIPs of them on mounted removable media.

A stick is a folder that one of the machine settings' ``usb_roots`` patterns matches (by
default ``/media/*/*``, ``/run/media/*/*`` and ``/media/*``; ``scripts/install-service`` has
udev mount every stick read-only below ``/run/media/system``). On a stick, content is a folder
with a ``kiosk.yaml``, or a ``.zip`` file whose entries name a ``kiosk.yaml`` at the top or in
one folder at the top (what the studio exports), either at the stick's top level or one folder
down. A ``.zip`` that cannot be read is offered too, so that staff learn from the install why
it is refused instead of seeing nothing. Hidden names (``.Trashes``, macOS's ``._x.zip``) are
skipped.

Nothing here installs or validates: :func:`kiosk.services.content_ops.install` does, with its
lock and rollback. No Kivy; a slow or hung stick can block a scan, so callers run
:func:`find_content` off the UI thread.
"""

from __future__ import annotations

import glob
import logging
import os
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

MAX_ENTRIES_LOOKED_AT = 200
"""Names looked at per folder of a stick: a stick full of photos is not searched to the end."""


@dataclass(frozen=True)
class Found:
    """Content found on a stick: a content folder or a ZIP of one."""

    path: Path
    """The content folder or the ZIP file."""
    stick: Path
    """The folder the stick is mounted on."""
    modified: float
    """When the folder's kiosk.yaml or the ZIP was last changed (seconds since the epoch)."""

    @property
    def is_zip(self) -> bool:
        """Whether the content is a ZIP file (else a folder)."""
        return self.path.suffix.lower() == ".zip"

    @property
    def label(self) -> str:
        """Where it is, as staff see it: the path on the stick, e.g. ``export/herbst.zip``."""
        return self.path.relative_to(self.stick).as_posix() if self.path != self.stick else self.stick.name


def find_content(roots: Iterable[str]) -> list[Found]:
    """Return the content on the sticks the ``roots`` patterns match, the newest first.

    Each content folder or ZIP is listed once, however many patterns lead to it. Never
    raises: a stick that cannot be read (pulled out while it is looked at) is skipped.
    """
    found: dict[str, Found] = {}
    for pattern in roots:
        for stick in sorted(glob.glob(pattern)):
            for item in _content_on(Path(stick)):
                found.setdefault(os.path.realpath(item.path), item)
    return sorted(found.values(), key=lambda item: (-item.modified, str(item.path)))


def _content_on(stick: Path) -> list[Found]:
    """The content at the top of ``stick`` or one folder down."""
    try:
        if not stick.is_dir() or stick.name.startswith("."):
            return []
        own = _as_content(stick, stick)
        if own is not None:
            return [own]  # a content folder mounted as it is: its own subfolders are its stories
        found = []
        for entry in _entries(stick):
            item = _as_content(entry, stick)
            if item is not None:
                found.append(item)
            elif entry.is_dir() and not entry.is_symlink():
                found += [item for sub in _entries(entry) if (item := _as_content(sub, stick)) is not None]
        return found
    except OSError as exc:
        log.info("USB stick %s cannot be read (%s); skipped", stick, exc.strerror or exc)
        return []


def _entries(folder: Path) -> list[Path]:
    """The visible names in ``folder``, at most :data:`MAX_ENTRIES_LOOKED_AT`, sorted."""
    names = []
    with os.scandir(folder) as scan:
        for entry in scan:
            if not entry.name.startswith("."):
                names.append(entry.name)
            if len(names) >= MAX_ENTRIES_LOOKED_AT:
                break
    return [folder / name for name in sorted(names)]


def _as_content(path: Path, stick: Path) -> Found | None:
    """``path`` as content found on ``stick``, or None when it holds none."""
    if path.is_dir():
        marker = path / "kiosk.yaml"
        return Found(path, stick, marker.stat().st_mtime) if marker.is_file() else None
    if path.suffix.lower() == ".zip" and path.is_file() and _names_content(path):
        return Found(path, stick, path.stat().st_mtime)
    return None


def _names_content(archive: Path) -> bool:
    """Whether the ZIP's directory names a kiosk.yaml at its top or in one folder at its top,
    or it cannot be read at all (the install then says why)."""
    try:
        with zipfile.ZipFile(archive) as zf:
            names = zf.namelist()
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError):
        return True
    return any(name == "kiosk.yaml" or (name.count("/") == 1 and name.endswith("/kiosk.yaml")) for name in names)
