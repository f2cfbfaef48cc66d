"""The window's picture, read back exactly, at any size.

Kivy's ``Window.screenshot`` reads the framebuffer as RGB rows with ``glReadPixels`` and
treats them as tightly packed. OpenGL pads every row it writes to ``GL_PACK_ALIGNMENT``,
4 bytes by default, so at a width that is not a multiple of 4 (1366×768, a common panel) each
row starts a few bytes later than Kivy expects: the PNG comes out sheared and grey, and the
buffer is even too small for what the driver writes. Here each pixel is read as RGBA, four
bytes, so a row is always a whole number of 4-byte units, and the pack alignment is set to 1
as well, so no driver default can pad it. Pillow turns the rows the right way up.

The frame is drawn afresh into the back buffer and read from there before any swap: after a
swap the back buffer holds an older frame (or, just after the window grew, a buffer of the old
size), so reading it is exact only while the screen stands still.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from kiosk.files import write_atomic


def framebuffer_size() -> tuple[int, int]:
    """Return the framebuffer's (width, height) in pixels.

    ``Window.size`` is the GL size turned by the window's rotation; the framebuffer itself is
    not turned.
    """
    from kivy.core.window import Window

    width, height = Window.size
    return (height, width) if Window.rotation in (90, 270) else (width, height)


def grab() -> Image.Image:
    """Draw the window's widgets and return that frame as an RGB picture, top row first."""
    from kivy.core.window import Window
    from kivy.graphics.opengl import (GL_PACK_ALIGNMENT, GL_RGBA, GL_UNSIGNED_BYTE, glPixelStorei,
                                      glReadPixels)

    Window.dispatch("on_draw")
    width, height = framebuffer_size()
    glPixelStorei(GL_PACK_ALIGNMENT, 1)
    data = glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE)
    # OpenGL counts rows from the bottom; the window's alpha says nothing about the picture.
    frame = Image.frombytes("RGBA", (width, height), bytes(data)).transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    return frame.convert("RGB")


def save_png(path: Path) -> Path:
    """Write the window's picture (:func:`grab`) to ``path`` as PNG in one step; return ``path``.

    Raises OSError when the file cannot be written.
    """
    buffer = io.BytesIO()
    grab().save(buffer, format="PNG")
    write_atomic(path, buffer.getvalue())
    return path
