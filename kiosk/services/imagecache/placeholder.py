"""The calm grey picture the kiosk shows where an image cannot be (no file, a broken file, a full disk)."""

from __future__ import annotations

from PIL import Image, ImageDraw

from kiosk.design import PLACEHOLDER_BG, PLACEHOLDER_ICON
from kiosk.services.imagecache.slots import Box


def draw_placeholder(box: Box) -> Image.Image:
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
