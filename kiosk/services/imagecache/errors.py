"""How the image cache words a failure in the log: the error in one line, and the fix for staff."""

from __future__ import annotations

from pathlib import Path

from PIL import Image


def why(exc: BaseException) -> str:
    """Return ``exc`` as ``Type: message``, or the type alone when it has no message."""
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def advice(exc: BaseException, source: Path) -> str:
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
