"""What a request to the image cache asks for: a slot's box and how the image fills it."""

from __future__ import annotations

import math
from typing import Literal

from kiosk.design import IMAGE_SLOTS, MARGIN, WINDOW

Box = tuple[int, int]
Fit = Literal["contain", "cover"]
Focus = tuple[float, float]

CENTRE: Focus = (0.5, 0.5)
"""The focus of a picture that names none: a cover crop keeps its middle."""

SLOT_FIT: dict[str, Fit] = {
    "cover": "cover",
    "thumb": "contain",
    "media": "contain",
    "fullscreen": "cover",
    "viewer": "contain",
}
"""How each slot shows its image, to pass as ``fit=`` to :meth:`ImageCache.get`.

``cover`` slots (Kivy ``fit_mode: 'cover'`` and the Ken Burns picture) fill the box and
crop; a ``contain`` copy of a 4:3 photo in a 16:9 cover tile would be enlarged by a
third on screen and look soft. The full-screen viewer shows every picture whole, so its
window-sized ``viewer`` copy is a ``contain`` one.
"""


def slot_boxes(window: tuple[int, int]) -> dict[str, Box]:
    """Return the largest on-screen size ``(w, h)`` of each image slot for a window size.

    Keys: ``"cover"`` (story tile image), ``"thumb"`` (provider logo tile, small chips),
    ``"media"`` (the story screen's media area), ``"fullscreen"`` (the attract loop) and
    ``"viewer"`` (the full-screen media viewer, the whole picture within the window).
    Pass the box and :data:`SLOT_FIT` of the slot to :meth:`ImageCache.get`; ask for the
    slot's box, not the source's size, so no texture is larger than what it shows.

    The design boxes (:data:`kiosk.design.IMAGE_SLOTS`, 1920x1080, 12 columns, 64 px
    margins) scale with the window by the larger of long side/1920 and short side/1080:
    on a 16:10 or portrait window that errs a little large (the GPU shrinks a few percent
    cleanly) rather than small (an enlarged photo looks soft). A portrait window shows the
    media full width, so its media box is at least the window width minus the margins.
    ``fullscreen`` is the window itself: the attract loop's Ken Burns zoom shows a smaller
    part of it rather than a larger texture. Raises ValueError for a window without area.
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
    boxes["fullscreen"] = (width, height)
    boxes["viewer"] = (width, height)
    return boxes


def check_box(box) -> Box:
    """Return ``box`` as two ints; ValueError (or TypeError, IndexError) if it is not at least 1x1."""
    width, height = int(box[0]), int(box[1])
    if width < 1 or height < 1:
        raise ValueError(f"box must be at least 1x1, got {box!r}")
    return width, height


def check_fit(fit: str) -> Fit:
    """Return ``fit``; ValueError unless it is ``"contain"`` or ``"cover"``."""
    if fit not in ("contain", "cover"):
        raise ValueError(f"fit must be 'contain' or 'cover', got {fit!r}")
    return fit  # type: ignore[return-value]


def check_focus(focus, fit: Fit) -> Focus:
    """Return ``focus`` as two numbers from 0 to 1 (across, down from the top-left corner),
    rounded to a thousandth as the entry's name writes them.

    A ``contain`` copy shows the whole picture, so its focus is always :data:`CENTRE`: one
    entry serves every focus. ValueError (or TypeError, IndexError) if it is not two numbers
    from 0 to 1.
    """
    x, y = float(focus[0]), float(focus[1])
    if not (0.0 <= x <= 1.0 and 0.0 <= y <= 1.0):
        raise ValueError(f"focus must be two numbers from 0 to 1, got {focus!r}")
    return (round(x, 3), round(y, 3)) if fit == "cover" else CENTRE
