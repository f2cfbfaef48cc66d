"""Writing a file in one step: a crash or a power cut leaves the old file or the new one, never half.

The one home of :func:`write_atomic`. It sits beside :mod:`kiosk.design`, outside ``model/`` and
``services/``, because both layers write through it (the model's start-up cache, the settings,
the image cache); it imports neither, nor Kivy.
"""

from __future__ import annotations

import os
import threading
from contextlib import suppress
from pathlib import Path

TMP_SUFFIX = ".tmp"
"""The end of every temporary file name; a tidy-up (the image cache's) removes old ones a power cut left."""


def write_atomic(path: Path | str, data: bytes | str, *, mode: int | None = None,
                 sync_folder: bool = False) -> None:
    """Replace the file ``path`` with ``data`` (text is written as UTF-8) in one step.

    ``data`` goes to a hidden temporary file in the same folder, is flushed to the disk and is
    renamed over ``path``, so readers see the old file or the new one, never a part. ``mode``
    sets the new file's permissions exactly (0o600 for secrets); by default they follow the
    umask like any new file's. ``sync_folder`` also flushes the folder after the rename, so a
    power cut right after it cannot bring the old file back: for files whose loss matters.

    Raises OSError when it cannot write (the folder must exist); ``path`` is then unchanged and
    the temporary file is gone, also when the write is interrupted (Ctrl-C).
    """
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    # Process and thread in the name: two writers of one file never share a temporary file.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}{TMP_SUFFIX}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666 if mode is None else mode)
        try:
            if mode is not None:
                os.fchmod(fd, mode)  # O_CREAT's mode passes the umask and skips a leftover file
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view):]
            # Without it, a power cut after the rename can leave an empty file (ext4 and others).
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    if sync_folder:
        _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Flush ``folder``'s entries (the rename) to the disk.

    Errors are not raised: the new file is in place already, and some file systems refuse to
    sync a folder; only the guarantee against a power cut in the next seconds is lost.
    """
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
