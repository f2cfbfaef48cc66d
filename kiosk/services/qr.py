"""QR codes for the kiosk, generated locally (no network, no Kivy).

A code is a square matrix of dark/light modules that already includes the quiet zone of
four modules. The UI draws it into a texture with one integer number of pixels per module;
:func:`qr_image` does the same for Pillow, for snapshots and tests.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from PIL import Image

QUIET_ZONE = 4
"""Modules of white border around the code, as the QR standard requires."""


@lru_cache(maxsize=256)
def qr_matrix(url: str) -> tuple[tuple[bool, ...], ...]:
    """Return the module matrix for ``url``, quiet zone included; True means dark.

    Error correction is level M (15 %), which survives smudges on a touchscreen photo.
    Raises ValueError for an empty URL.
    """
    if not url:
        raise ValueError("a QR code needs a non-empty URL")
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE)
    code.add_data(url)
    code.make(fit=True)
    return tuple(tuple(bool(cell) for cell in row) for row in code.get_matrix())


def qr_rgba(url: str, module_px: int) -> tuple[int, bytes]:
    """Return ``(side_px, rgba_bytes)`` of the code drawn at ``module_px`` pixels per module.

    Rows run top to bottom. Raises ValueError if ``module_px`` is below 1.
    """
    if module_px < 1:
        raise ValueError(f"module size must be at least 1 px, got {module_px}")
    matrix = qr_matrix(url)
    dark, light = b"\x00\x00\x00\xff", b"\xff\xff\xff\xff"
    rows = []
    for row in matrix:
        line = b"".join((dark if cell else light) * module_px for cell in row)
        rows.append(line * module_px)
    return len(matrix) * module_px, b"".join(rows)


def qr_image(url: str, module_px: int = 8) -> Image.Image:
    """Return the code as a black-on-white Pillow RGB image with ``module_px`` px per module."""
    side, data = qr_rgba(url, module_px)
    return Image.frombytes("RGBA", (side, side), data).convert("RGB")


def short_address(url: str, limit: int = 30) -> str:
    """Return the address a visitor can read under the code: host and path, no scheme or query.

    ``https://www.werkbank.example/kontakt?story=x`` gives ``werkbank.example/kontakt``. A path
    that would make it longer than ``limit`` characters is left out (the host alone tells
    where the code leads); an address that cannot be parsed gives "".
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    host = parts.hostname or ""
    host = host[4:] if host.startswith("www.") else host
    path = parts.path.rstrip("/")
    return host + path if len(host + path) <= limit else host


def module_size_for(url: str, target_px: float, minimum: int = 5) -> int:
    """Return the largest integer module size whose code fits ``target_px``, but at least ``minimum``."""
    modules = len(qr_matrix(url))
    return max(minimum, int(target_px // modules))
