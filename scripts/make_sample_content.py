"""Generate every image and video of the bundled sample exhibition in ``content/``.

The sample exhibition of the Werkbank Kiosk tells short stories of fictional regional firms.
Its pictures are calm flat illustrations, drawn here with Pillow from simple shapes (a counter
with bread loaves, a roof with a ladder, shelves of building materials, a phone with chat
bubbles ...), one harmonious palette per story, with soft gradients and subtle shadows. The
short videos are rendered frame by frame from the same scenes (a slow camera drift plus a few
moving elements) and encoded as H.264 MP4 (yuv420p) with ffpyplayer's ``MediaWriter``.

The YAML files of the sample are written by hand; this script only makes the media they name:

- ``content/stories/<id>/cover.jpg`` and further story images, JPEG, 2160x1215 like every
  picture here: the attract loop shows them full screen and zooms in by up to 12 %
- ``content/stories/<id>/film.mp4`` for some stories (1920x1080 H.264, 25 fps, 5 s) and the
  poster ``film-poster.jpg``, the film's first frame. The bakery's film is longer and speaks:
  a German narration (espeak-ng) over a quiet chord, with WebVTT subtitles beside it,
  ``film.de.vtt`` and ``film.en.vtt``
- ``content/providers/<id>/logo.png``, 512x512 PNG, the same neutral style for every provider
- ``content/pages/<id>/*.jpg`` and ``content/attract/*`` (an image and a short loop)

No picture has words or names drawn into it: the kiosk crops pictures to each slot, and a
crop would cut them. Everything is deterministic (fixed random seed, no clock), so a re-run
overwrites the files with the same pictures. Usage::

    python scripts/make_sample_content.py              # everything
    python scripts/make_sample_content.py --no-video   # images and logos only (fast)
    python scripts/make_sample_content.py --only baeckerei-vorbestellung --only logos

Needs Pillow and ffpyplayer (built with libx264), numpy, and for the spoken film the Debian
packages espeak-ng and ffmpeg (only here: the results are committed, the kiosk needs neither).
The fonts come from ``assets/fonts``.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from PIL import Image, ImageDraw, ImageFilter, ImageFont

if TYPE_CHECKING:
    import numpy as np

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content"
FONTS = REPO / "assets" / "fonts"

#: The virtual drawing space: every scene is drawn in these coordinates, whatever the output size.
VW, VH = 1280, 720
SEED = 20240917
JPEG_QUALITY = 80
PICTURE_SIZE = (2160, 1215)
"""Any picture may fill the attract loop: the 1080p window times the loop's zoom (1.12), rounded up."""
VIDEO_SIZE = (1920, 1080)
VIDEO_SS = 1
"""Film frames are drawn without supersampling: four times the pixels would take an hour."""
VIDEO_FPS = 25
VIDEO_SECONDS = 5.0
AUDIO_RATE = 44100
SIZE_LIMIT_MB = 6
"""The whole sample, YAML included, stays below this, so the repository stays small."""

Color = tuple[int, int, int]


# --------------------------------------------------------------------------------------------
# Colours
# --------------------------------------------------------------------------------------------

def rgb(value: str | Sequence[int]) -> Color:
    """Return an ``(r, g, b)`` tuple for a ``"#rrggbb"`` string or a colour tuple."""
    if isinstance(value, str):
        value = value.lstrip("#")
        return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))
    return (int(value[0]), int(value[1]), int(value[2]))


def mix(a: str | Color, b: str | Color, t: float) -> Color:
    """Return the colour ``t`` of the way from ``a`` to ``b`` (0 = a, 1 = b)."""
    ca, cb = rgb(a), rgb(b)
    return tuple(round(ca[i] + (cb[i] - ca[i]) * t) for i in range(3))  # type: ignore[return-value]


def lighten(c: str | Color, t: float) -> Color:
    """Return ``c`` mixed towards white by ``t``."""
    return mix(c, (255, 255, 255), t)


def darken(c: str | Color, t: float) -> Color:
    """Return ``c`` mixed towards black by ``t``."""
    return mix(c, (0, 0, 0), t)


@dataclass(frozen=True)
class Grad:
    """A two-colour linear gradient fill: top to bottom, or left to right if not vertical."""

    a: str | Color
    b: str | Color
    vertical: bool = True


def ease(t: float) -> float:
    """Return a smooth ease-in-out of ``t`` in [0, 1] (cosine curve)."""
    t = min(1.0, max(0.0, t))
    return 0.5 - 0.5 * math.cos(math.pi * t)


def ramp(t: float, start: float, end: float) -> float:
    """Return the eased progress of ``t`` through the interval [start, end], clamped to [0, 1]."""
    if end <= start:
        return 1.0 if t >= end else 0.0
    return ease((t - start) / (end - start))


# --------------------------------------------------------------------------------------------
# Canvas
# --------------------------------------------------------------------------------------------

_FONT_CACHE: dict[tuple[str, int], ImageFont.FreeTypeFont] = {}


def font(weight: str, size_px: int) -> ImageFont.FreeTypeFont:
    """Return the Inter font of ``weight`` (Regular, SemiBold, Bold) at ``size_px`` pixels."""
    key = (weight, size_px)
    if key not in _FONT_CACHE:
        _FONT_CACHE[key] = ImageFont.truetype(str(FONTS / f"Inter-{weight}.otf"), size_px)
    return _FONT_CACHE[key]


class Canvas:
    """A supersampled drawing surface with virtual 1280x720 coordinates and a camera.

    Shapes are drawn through masks, so every fill may be a solid colour or a :class:`Grad`,
    may be translucent, and may cast a soft shadow. The camera (``zoom`` around the virtual
    point ``center``) lets a video drift slowly over a scene while staying crisp.
    """

    def __init__(self, size: tuple[int, int] = (VW, VH), ss: int = 2,
                 zoom: float = 1.0, center: tuple[float, float] = (VW / 2, VH / 2),
                 shadow_color: str | Color = "#1d2330") -> None:
        self.size = size
        self.ss = ss
        self.k = size[0] * ss / VW
        self.zoom = zoom
        self.center = center
        self.shadow_color = rgb(shadow_color)
        self.layers = [Image.new("RGBA", (size[0] * ss, size[1] * ss), (255, 255, 255, 255))]
        self.opacities: list[float] = []

    # -- coordinates -------------------------------------------------------------------------
    def px(self, x: float, y: float) -> tuple[float, float]:
        """Return the pixel position of the virtual point ``(x, y)``."""
        cx, cy = self.center
        return (((x - cx) * self.zoom + VW / 2) * self.k, ((y - cy) * self.zoom + VH / 2) * self.k)

    def s(self, v: float) -> float:
        """Return a virtual length in pixels."""
        return v * self.zoom * self.k

    # -- layers ------------------------------------------------------------------------------
    @property
    def layer(self) -> Image.Image:
        """Return the layer that is drawn on now."""
        return self.layers[-1]

    def begin_group(self, opacity: float) -> None:
        """Start drawing into a transparent group that is blended with ``opacity`` at its end."""
        self.layers.append(Image.new("RGBA", self.layers[0].size, (0, 0, 0, 0)))
        self.opacities.append(opacity)

    def end_group(self) -> None:
        """Blend the current group onto the layer below it."""
        group = self.layers.pop()
        opacity = self.opacities.pop()
        if opacity < 1.0:
            alpha = group.getchannel("A").point(lambda a: round(a * max(0.0, opacity)))
            group.putalpha(alpha)
        self.layer.alpha_composite(group)

    # -- painting ----------------------------------------------------------------------------
    def _blit(self, src: Image.Image, x: int, y: int) -> None:
        """Alpha-composite ``src`` onto the current layer at pixel ``(x, y)``, clipped."""
        big_w, big_h = self.layer.size
        w, h = src.size
        sx0, sy0 = max(0, -x), max(0, -y)
        sx1, sy1 = min(w, big_w - x), min(h, big_h - y)
        if sx1 <= sx0 or sy1 <= sy0:
            return
        self.layer.alpha_composite(src, dest=(x + sx0, y + sy0), source=(sx0, sy0, sx1, sy1))

    def _fill_image(self, fill, size: tuple[int, int]) -> Image.Image:
        """Return an RGB image of ``size`` painted with a colour or gradient."""
        if isinstance(fill, Grad):
            ramp_img = Image.linear_gradient("L")
            if not fill.vertical:
                ramp_img = ramp_img.rotate(90, expand=True).transpose(Image.Transpose.FLIP_LEFT_RIGHT)
            ramp_img = ramp_img.resize(size, Image.Resampling.BILINEAR)
            return Image.composite(Image.new("RGB", size, rgb(fill.b)),
                                   Image.new("RGB", size, rgb(fill.a)), ramp_img)
        return Image.new("RGB", size, rgb(fill))

    def paint(self, bbox: tuple[float, float, float, float],
              shape: Callable[[ImageDraw.ImageDraw, Callable[[float, float], tuple[float, float]]], None],
              fill, alpha: float = 1.0, shadow: tuple[float, float, float, float] | None = None,
              blur: float = 0.0) -> None:
        """Paint a shape given by ``shape(draw, to_px)`` inside the virtual ``bbox``.

        ``shadow`` is ``(dx, dy, softness, strength)`` in virtual units; ``blur`` softens the
        shape itself (for glows and mist).
        """
        x0, y0 = self.px(bbox[0], bbox[1])
        x1, y1 = self.px(bbox[2], bbox[3])
        soft = max(self.s(shadow[2]) if shadow else 0.0, self.s(blur))
        pad = int(soft * 2.5) + 4
        ix0, iy0 = int(math.floor(min(x0, x1))) - pad, int(math.floor(min(y0, y1))) - pad
        ix1, iy1 = int(math.ceil(max(x0, x1))) + pad, int(math.ceil(max(y0, y1))) + pad
        big_w, big_h = self.layer.size
        margin = pad + int(self.s(abs(shadow[0]) + abs(shadow[1]))) if shadow else pad
        if ix1 < -margin or iy1 < -margin or ix0 > big_w + margin or iy0 > big_h + margin:
            return
        w, h = ix1 - ix0, iy1 - iy0
        mask = Image.new("L", (w, h), 0)

        def to_px(x: float, y: float) -> tuple[float, float]:
            px, py = self.px(x, y)
            return (px - ix0, py - iy0)

        shape(ImageDraw.Draw(mask), to_px)
        if shadow:
            dx, dy, softness, strength = shadow
            sm = mask.filter(ImageFilter.GaussianBlur(self.s(softness)))
            sm = sm.point(lambda a: round(a * strength))
            shade = Image.new("RGBA", (w, h), self.shadow_color + (0,))
            shade.putalpha(sm)
            self._blit(shade, ix0 + round(self.s(dx)), iy0 + round(self.s(dy)))
        if blur:
            mask = mask.filter(ImageFilter.GaussianBlur(self.s(blur)))
        if alpha < 1.0:
            mask = mask.point(lambda a: round(a * max(0.0, alpha)))
        src = self._fill_image(fill, (w, h)).convert("RGBA")
        src.putalpha(mask)
        self._blit(src, ix0, iy0)

    # -- shapes ------------------------------------------------------------------------------
    def rect(self, box: Sequence[float], fill, r: float = 0, **kw) -> None:
        """Paint a (rounded) rectangle ``(x0, y0, x1, y1)``."""
        x0, y0, x1, y1 = box

        def shape(d, to_px):
            a, b = to_px(x0, y0), to_px(x1, y1)
            if r > 0:
                d.rounded_rectangle((a, b), radius=self.s(r), fill=255)
            else:
                d.rectangle((a, b), fill=255)
        self.paint((x0, y0, x1, y1), shape, fill, **kw)

    def ellipse(self, box: Sequence[float], fill, **kw) -> None:
        """Paint an ellipse inside ``(x0, y0, x1, y1)``."""
        x0, y0, x1, y1 = box
        self.paint((x0, y0, x1, y1), lambda d, p: d.ellipse((p(x0, y0), p(x1, y1)), fill=255), fill, **kw)

    def circle(self, cx: float, cy: float, r: float, fill, **kw) -> None:
        """Paint a circle of radius ``r`` around ``(cx, cy)``."""
        self.ellipse((cx - r, cy - r, cx + r, cy + r), fill, **kw)

    def poly(self, points: Sequence[tuple[float, float]], fill, **kw) -> None:
        """Paint a polygon."""
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        self.paint((min(xs), min(ys), max(xs), max(ys)),
                   lambda d, p: d.polygon([p(x, y) for x, y in points], fill=255), fill, **kw)

    def line(self, points: Sequence[tuple[float, float]], fill, width: float, round_caps: bool = True,
             **kw) -> None:
        """Paint a polyline of ``width`` with round joints (and round caps)."""
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        hw = width / 2

        def shape(d, p):
            pts = [p(x, y) for x, y in points]
            d.line(pts, fill=255, width=max(1, round(self.s(width))), joint="curve")
            if round_caps:
                rr = self.s(width) / 2
                for (x, y) in (pts[0], pts[-1]):
                    d.ellipse((x - rr, y - rr, x + rr, y + rr), fill=255)
        self.paint((min(xs) - hw, min(ys) - hw, max(xs) + hw, max(ys) + hw), shape, fill, **kw)

    def arc(self, box: Sequence[float], start: float, end: float, fill, width: float, **kw) -> None:
        """Paint an arc of the ellipse in ``box`` from ``start`` to ``end`` degrees."""
        x0, y0, x1, y1 = box

        def shape(d, p):
            d.arc((p(x0, y0), p(x1, y1)), start, end, fill=255, width=max(1, round(self.s(width))))
        self.paint((x0, y0, x1, y1), shape, fill, **kw)

    def pieslice(self, box: Sequence[float], start: float, end: float, fill, **kw) -> None:
        """Paint a pie slice of the ellipse in ``box``."""
        x0, y0, x1, y1 = box
        self.paint((x0, y0, x1, y1), lambda d, p: d.pieslice((p(x0, y0), p(x1, y1)), start, end, fill=255),
                   fill, **kw)

    def text(self, xy: tuple[float, float], s: str, size: float, fill, weight: str = "SemiBold",
             anchor: str = "la", **kw) -> None:
        """Paint text at ``xy`` (Pillow anchor) with the Inter font of ``weight``."""
        f = font(weight, max(4, round(self.s(size))))
        x, y = xy
        l, t, r, b = f.getbbox(s, anchor=anchor)
        # getbbox is in pixels; turn it back into virtual units for the paint box
        sc = self.zoom * self.k

        def shape(d, p):
            d.text(p(x, y), s, font=f, fill=255, anchor=anchor)
        self.paint((x + l / sc, y + t / sc, x + r / sc, y + b / sc), shape, fill, **kw)

    def glow(self, cx: float, cy: float, r: float, color, strength: float = 0.5) -> None:
        """Paint a soft round glow (a large blurred circle)."""
        self.circle(cx, cy, r, color, alpha=strength, blur=r * 0.35)

    # -- whole picture -----------------------------------------------------------------------
    def background(self, fill) -> None:
        """Fill the whole view (whatever the camera) with a colour or gradient."""
        w, h = self.layer.size
        src = self._fill_image(fill, (w, h)).convert("RGBA")
        self.layer.alpha_composite(src)

    def band(self, y: float, fill, y1: float = VH + 400) -> None:
        """Fill a full-width band from virtual ``y`` down (a floor, a table top ...)."""
        self.rect((-2000, y, VW + 2000, y1), fill)

    def result(self) -> Image.Image:
        """Return the finished RGB picture at the output size."""
        img = self.layers[0].convert("RGB")
        if self.ss != 1:
            img = img.resize(self.size, Image.Resampling.LANCZOS)
        return img


# --------------------------------------------------------------------------------------------
# Reusable props
# --------------------------------------------------------------------------------------------

SOFT = (0, 10, 18, 0.22)      # a soft drop shadow for objects standing on a floor
LIFT = (0, 16, 28, 0.28)      # a deeper shadow for floating devices
FLAT = (0, 4, 6, 0.18)        # a small shadow for details


def phone(c: Canvas, x: float, y: float, w: float, h: float, body="#23262e",
          screen="#f7f5f0") -> tuple[float, float, float, float]:
    """Draw a phone with its top-left corner at ``(x, y)``; return the screen box."""
    c.rect((x, y, x + w, y + h), body, r=w * 0.16, shadow=LIFT)
    m = w * 0.055
    box = (x + m, y + m * 1.6, x + w - m, y + h - m * 1.6)
    c.rect(box, screen, r=w * 0.11)
    c.rect((x + w * 0.38, y + m * 0.55, x + w * 0.62, y + m * 1.05), lighten(body, 0.15), r=m * 0.3)
    return box


def tablet(c: Canvas, x: float, y: float, w: float, h: float, body="#23262e",
           screen="#f7f5f0") -> tuple[float, float, float, float]:
    """Draw a landscape tablet at ``(x, y)``; return the screen box."""
    c.rect((x, y, x + w, y + h), body, r=h * 0.07, shadow=LIFT)
    m = h * 0.05
    box = (x + m * 1.3, y + m, x + w - m * 1.3, y + h - m)
    c.rect(box, screen, r=h * 0.03)
    return box


def bubble(c: Canvas, box: Sequence[float], fill, tail: str = "left", lines: int = 2,
           line_color="#ffffff", alpha: float = 1.0, line_widths: Sequence[float] = (0.82, 0.55, 0.7)) -> None:
    """Draw a chat bubble with a small tail and ``lines`` of placeholder text."""
    x0, y0, x1, y1 = box
    h = y1 - y0
    if alpha <= 0:
        return
    c.begin_group(alpha)
    if tail == "left":
        c.poly([(x0 + 4, y1 - 22), (x0 - 10, y1 + 2), (x0 + 26, y1 - 6)], fill)
    else:
        c.poly([(x1 - 4, y1 - 22), (x1 + 10, y1 + 2), (x1 - 26, y1 - 6)], fill)
    c.rect(box, fill, r=min(22, h / 2), shadow=FLAT)
    pad = 18
    lh = max(8.0, min(12.0, (h - 2 * pad) / max(1, lines) * 0.5))
    step = (h - 2 * pad) / max(1, lines)
    for i in range(lines):
        ly = y0 + pad + step * i + (step - lh) / 2
        lw = (x1 - x0 - 2 * pad) * line_widths[i % len(line_widths)]
        c.rect((x0 + pad, ly, x0 + pad + lw, ly + lh), line_color, r=lh / 2)
    c.end_group()


def check_mark(c: Canvas, cx: float, cy: float, r: float, fill="#3f8f6b", mark="#ffffff") -> None:
    """Draw a round badge with a tick."""
    c.circle(cx, cy, r, fill)
    c.line([(cx - r * 0.45, cy + r * 0.02), (cx - r * 0.1, cy + r * 0.35), (cx + r * 0.48, cy - r * 0.3)],
           mark, width=r * 0.24)


def plant(c: Canvas, x: float, base_y: float, scale: float = 1.0, pot="#d9a07b", leaf="#5f8f6a") -> None:
    """Draw a potted plant standing at ``(x, base_y)``."""
    s = scale
    leaves = [(-40, -150, -8), (0, -185, 0), (38, -150, 8), (-60, -95, -20), (58, -98, 20)]
    for dx, dy, _ in leaves:
        c.ellipse((x + dx * s - 20 * s, base_y + dy * s - 40 * s, x + dx * s + 20 * s, base_y + dy * s + 40 * s),
                  mix(leaf, "#ffffff", 0.08 if dx else 0))
    for dx, dy, _ in leaves:
        c.line([(x, base_y - 70 * s), (x + dx * s, base_y + dy * s + 20 * s)], darken(leaf, 0.2), width=4 * s)
    c.poly([(x - 46 * s, base_y - 78 * s), (x + 46 * s, base_y - 78 * s), (x + 36 * s, base_y), (x - 36 * s, base_y)],
           Grad(lighten(pot, 0.1), darken(pot, 0.08)), shadow=SOFT)


def pendant_lamp(c: Canvas, x: float, y: float, shade="#2f3a45", light="#ffe9b8", length: float = 90) -> None:
    """Draw a hanging lamp whose shade rim is at ``(x, y)``."""
    c.line([(x, -40), (x, y - 40)], darken(shade, 0.2), width=3)
    c.glow(x, y + 30, 90, light, 0.35)
    c.pieslice((x - 48, y - 50, x + 48, y + 46), 180, 360, shade)
    c.ellipse((x - 18, y - 8, x + 18, y + 10), light)


def oval_points(cx: float, cy: float, rx: float, ry: float, angle: float = 0.0, n: int = 48,
                start: float = 0.0, end: float = 360.0) -> list[tuple[float, float]]:
    """Return points on an ellipse rotated by ``angle`` degrees (for tilted loaves, leaves ...)."""
    a = math.radians(angle)
    pts = []
    for i in range(n + 1):
        th = math.radians(start + (end - start) * i / n)
        x, y = rx * math.cos(th), ry * math.sin(th)
        pts.append((cx + x * math.cos(a) - y * math.sin(a), cy + x * math.sin(a) + y * math.cos(a)))
    return pts


def rot_oval(c: Canvas, cx: float, cy: float, rx: float, ry: float, angle: float, fill, **kw) -> None:
    """Paint an ellipse rotated by ``angle`` degrees."""
    c.poly(oval_points(cx, cy, rx, ry, angle), fill, **kw)


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------

Scene = Callable[[Canvas, float], None]


def render(scene: Scene, size: tuple[int, int] = PICTURE_SIZE, t: float = 1.0, ss: int = 2,
           zoom: float = 1.0, center: tuple[float, float] = (VW / 2, VH / 2)) -> Image.Image:
    """Render ``scene`` at time ``t`` (0..1) and return the RGB picture of ``size``."""
    random.seed(SEED)
    c = Canvas(size, ss=ss, zoom=zoom, center=center)
    scene(c, t)
    return c.result()


def save_jpeg(img: Image.Image, path: Path) -> None:
    """Save ``img`` as an optimised progressive JPEG (4:2:0) and log it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True, subsampling=2)
    log(path)


def log(path: Path) -> None:
    """Print a written file with its size."""
    print(f"  {path.relative_to(REPO)}  {path.stat().st_size / 1024:.0f} KB")


# --------------------------------------------------------------------------------------------
# Story: building-materials dealer with a chat channel for orders
# --------------------------------------------------------------------------------------------

BAU = dict(wall_a="#f1e9dc", wall_b="#e4d8c5", floor="#cdbfa6", floor_b="#bfae92", slate="#3e5a70",
           terra="#c76a43", sack="#ece0c6", brick="#b65e40", wood="#d9ab71", steel="#e08b3e")


def sack(c: Canvas, x: float, y: float, w: float, h: float, band: str) -> None:
    """Draw a paper sack of cement lying flat, top-left at ``(x, y)``."""
    c.rect((x, y, x + w, y + h), Grad(lighten(BAU["sack"], 0.25), BAU["sack"]), r=h * 0.35, shadow=FLAT)
    c.rect((x + w * 0.3, y + h * 0.2, x + w * 0.7, y + h * 0.8), band, r=h * 0.12, alpha=0.85)


def brick_stack(c: Canvas, x: float, y: float, cols: int, rows: int, bw: float = 46, bh: float = 20) -> None:
    """Draw a stack of bricks whose bottom-left corner is at ``(x, y)``."""
    c.rect((x - 2, y - rows * (bh + 4) - 2, x + cols * (bw + 4) + 2, y), darken(BAU["brick"], 0.35),
           r=3, shadow=FLAT)
    for r in range(rows):
        off = (bw / 2 + 2) if r % 2 else 0
        for i in range(cols + (1 if r % 2 else 0)):
            x0 = x + i * (bw + 4) - off
            x1 = x0 + bw
            x0c, x1c = max(x0, x), min(x1, x + cols * (bw + 4) - 4)
            if x1c - x0c < 6:
                continue
            yy = y - (r + 1) * (bh + 4)
            shade = 0.08 * ((i * 7 + r * 3) % 3) / 2
            c.rect((x0c, yy, x1c, yy + bh), Grad(lighten(BAU["brick"], 0.12 - shade), darken(BAU["brick"], shade)), r=3)


def timber(c: Canvas, x: float, y: float, length: float, rows: int, size: float = 30) -> None:
    """Draw a pile of square timber beams seen from the side, bottom-left at ``(x, y)``."""
    for r in range(rows):
        yy = y - (r + 1) * (size + 3)
        inset = 14 if r % 2 else 0
        x0, x1 = x + inset, x + length - inset
        c.rect((x0, yy, x1, yy + size), Grad(lighten(BAU["wood"], 0.18), darken(BAU["wood"], 0.05)), r=4,
               shadow=FLAT)
        for gx in (0.22, 0.5, 0.71):
            c.rect((x0 + (x1 - x0) * gx, yy + size * 0.45, x0 + (x1 - x0) * gx + 40, yy + size * 0.45 + 2),
                   darken(BAU["wood"], 0.1), alpha=0.5)
        c.rect((x1 - size + 2, yy + 3, x1 - 3, yy + size - 3), lighten(BAU["wood"], 0.34), r=3)
        c.arc((x1 - size + 7, yy + 8, x1 - 8, yy + size - 8), 0, 360, darken(BAU["wood"], 0.08), 2)


def pallet(c: Canvas, x: float, y: float, w: float) -> None:
    """Draw a wooden pallet whose bottom-left is at ``(x, y)`` (top surface at ``y - 26``)."""
    wood = mix(BAU["wood"], "#c9a57a", 0.5)
    c.rect((x, y - 26, x + w, y - 16), Grad(lighten(wood, 0.1), wood), r=2, shadow=SOFT)
    for i in range(3):
        bx = x + 6 + i * (w - 42) / 2
        c.rect((bx, y - 16, bx + 30, y), darken(wood, 0.12), r=2)


def rack(c: Canvas, x0: float, x1: float, top: float, floor: float, levels: Sequence[float]) -> None:
    """Draw a heavy-duty shelving rack with uprights at ``x0``/``x1`` and beams at ``levels``."""
    up = BAU["slate"]
    for x in (x0, x1):
        c.rect((x - 12, top, x + 12, floor), Grad(lighten(up, 0.12), up, vertical=False), r=4, shadow=SOFT)
        for yy in range(int(top) + 18, int(floor) - 10, 26):
            c.rect((x - 3, yy, x + 3, yy + 10), darken(up, 0.3), r=2)
    for ly in levels:
        c.rect((x0 - 14, ly, x1 + 14, ly + 18), Grad(lighten(BAU["steel"], 0.12), BAU["steel"]), r=3, shadow=FLAT)


def chat_screen(c: Canvas, box: Sequence[float], t: float, accent: str, other="#e7e2d8",
                header=None, steps: Sequence[float] = (0.1, 0.35, 0.6, 0.8), thumb=None) -> None:
    """Draw a messenger conversation into the phone screen ``box``; bubbles appear over ``t``.

    ``steps`` are the times at which the four bubbles fade in; ``thumb`` (a callable drawing
    into a box) fills the picture bubble.
    """
    x0, y0, x1, y1 = box
    w = x1 - x0
    header = header or accent
    c.rect((x0, y0, x1, y0 + 66), header, r=w * 0.11)
    c.rect((x0, y0 + 36, x1, y0 + 66), header)
    c.circle(x0 + 38, y0 + 36, 16, lighten(header, 0.45))
    c.rect((x0 + 64, y0 + 27, x0 + 146, y0 + 37), lighten(header, 0.55), r=5)
    c.rect((x0 + 64, y0 + 44, x0 + 116, y0 + 52), lighten(header, 0.35), r=4)
    pad = 16
    a = [ramp(t, s, s + 0.12) for s in steps]
    yy = y0 + 84
    # 1: customer photo / order
    h1 = 118 if thumb else 76
    if a[0] > 0:
        c.begin_group(a[0])
        c.rect((x0 + pad, yy + (1 - a[0]) * 14, x1 - 60, yy + h1 + (1 - a[0]) * 14), other, r=20, shadow=FLAT)
        if thumb:
            thumb(c, (x0 + pad + 10, yy + 10 + (1 - a[0]) * 14, x1 - 70, yy + 80 + (1 - a[0]) * 14))
            c.rect((x0 + pad + 12, yy + 93 + (1 - a[0]) * 14, x0 + pad + 110, yy + 103 + (1 - a[0]) * 14),
                   darken(other, 0.18), r=5)
        else:
            c.rect((x0 + pad + 16, yy + 20 + (1 - a[0]) * 14, x1 - 110, yy + 31 + (1 - a[0]) * 14),
                   darken(other, 0.18), r=5)
            c.rect((x0 + pad + 16, yy + 44 + (1 - a[0]) * 14, x1 - 150, yy + 55 + (1 - a[0]) * 14),
                   darken(other, 0.18), r=5)
        c.end_group()
    yy += h1 + 16
    bubble(c, (x0 + 58, yy + (1 - a[1]) * 14, x1 - pad, yy + 64 + (1 - a[1]) * 14), accent, tail="right",
           lines=2, alpha=a[1], line_color=lighten(accent, 0.55))
    yy += 80
    bubble(c, (x0 + pad, yy + (1 - a[2]) * 14, x1 - 86, yy + 48 + (1 - a[2]) * 14), other, tail="left",
           lines=1, alpha=a[2], line_color=darken(other, 0.18))
    yy += 64
    if a[3] > 0:
        c.begin_group(a[3])
        bx0, by0 = x0 + 70, yy + (1 - a[3]) * 14
        c.rect((bx0, by0, x1 - pad, by0 + 52), accent, r=20, shadow=FLAT)
        c.rect((bx0 + 18, by0 + 20, x1 - pad - 64, by0 + 31), lighten(accent, 0.55), r=6)
        check_mark(c, x1 - pad - 30, by0 + 26, 15, fill="#4f9d74")
        c.end_group()
    # input bar
    c.rect((x0 + 12, y1 - 58, x1 - 12, y1 - 14), "#ffffff", r=22, shadow=FLAT)
    c.circle(x1 - 38, y1 - 36, 15, accent)


def bau_thumb(c: Canvas, box: Sequence[float]) -> None:
    """Draw the tiny photo of a pallet of sacks inside a chat bubble."""
    x0, y0, x1, y1 = box
    c.rect(box, Grad("#dfe8ee", "#c9d6de"), r=12)
    w = x1 - x0
    for i in range(3):
        for j in range(2 - (i == 2)):
            sx = x0 + w * 0.18 + j * w * 0.34 + (i == 2) * w * 0.17
            sy = y1 - 22 - (i + 1) * 13
            c.rect((sx, sy, sx + w * 0.3, sy + 12), BAU["sack"], r=5)
    c.rect((x0 + w * 0.14, y1 - 20, x0 + w * 0.86, y1 - 12), BAU["wood"], r=2)


def scene_bau_cover(c: Canvas, t: float) -> None:
    """Cover: a rack of building materials and a phone with an order chat."""
    c.shadow_color = rgb("#3a3026")
    c.background(Grad(BAU["wall_a"], BAU["wall_b"]))
    c.glow(940, 330, 300, lighten(BAU["slate"], 0.55), 0.45)
    floor = 560
    c.band(floor, Grad(BAU["floor"], BAU["floor_b"]))
    rack(c, 110, 640, 110, floor, (250, 408))
    # top level: sacks
    for i, band in enumerate((BAU["slate"], BAU["terra"], BAU["slate"])):
        sack(c, 140 + i * 158, 196, 146, 54, band)
    for i, band in enumerate((BAU["terra"], BAU["slate"])):
        sack(c, 218 + i * 158, 148, 146, 50, band)
    # middle level: bricks and a bucket
    brick_stack(c, 140, 408, 5, 5)
    c.rect((440, 318, 530, 408), Grad("#f4f1ea", "#dcd6ca"), r=8, shadow=FLAT)
    c.rect((440, 340, 530, 372), BAU["terra"], alpha=0.9)
    c.arc((452, 290, 518, 350), 200, 340, darken(BAU["slate"], 0.2), 4)
    c.rect((548, 340, 610, 408), Grad("#f4f1ea", "#dcd6ca"), r=8, shadow=FLAT)
    c.rect((548, 356, 610, 380), BAU["slate"], alpha=0.9)
    # floor: pallets with timber and sacks
    pallet(c, 140, floor + 40, 250)
    timber(c, 140, floor + 14, 250, 3)
    pallet(c, 420, floor + 40, 200)
    for row in range(3):
        for i in range(2):
            sack(c, 430 + i * 92 + (row % 2) * 8, floor + 14 - (row + 1) * 38, 88, 36,
                 (BAU["terra"], BAU["slate"])[(row + i) % 2])
    # phone with chat
    box = phone(c, 820, 84, 250, 520)
    chat_screen(c, box, t, BAU["slate"], thumb=bau_thumb)


def truck(c: Canvas, x: float, ground: float, cab: str, bed: str) -> None:
    """Draw a flatbed delivery truck facing right; ``x`` is its rear end on the ``ground`` line."""
    wheel = "#2a2d33"
    c.rect((x, ground - 118, x + 430, ground - 92), Grad(lighten(bed, 0.1), bed), r=4, shadow=SOFT)
    c.rect((x + 440, ground - 230, x + 590, ground - 70), Grad(lighten(cab, 0.12), cab), r=22, shadow=SOFT)
    c.poly([(x + 520, ground - 222), (x + 578, ground - 222), (x + 586, ground - 150), (x + 520, ground - 150)],
           Grad("#dfeaf0", "#b8ccd8"))
    c.rect((x + 454, ground - 214, x + 508, ground - 150), Grad("#dfeaf0", "#b8ccd8"), r=8)
    c.rect((x + 430, ground - 104, x + 600, ground - 70), darken(cab, 0.25), r=8)
    c.rect((x + 580, ground - 100, x + 600, ground - 84), "#ffe2a6", r=4)
    c.rect((x + 20, ground - 92, x + 440, ground - 70), darken(bed, 0.3), r=4)
    for wx in (x + 90, x + 170, x + 500):
        c.circle(wx, ground - 40, 38, wheel, shadow=(0, 4, 4, 0.25))
        c.circle(wx, ground - 40, 16, "#9aa1aa")


def tree(c: Canvas, x: float, base_y: float, scale: float = 1.0, leaf: str = "#8eab8c") -> None:
    """Draw a simple round tree standing at ``(x, base_y)``."""
    s = scale
    c.rect((x - 8 * s, base_y - 120 * s, x + 8 * s, base_y), "#8a6f55", r=4 * s)
    c.circle(x - 34 * s, base_y - 150 * s, 54 * s, darken(leaf, 0.06))
    c.circle(x + 30 * s, base_y - 160 * s, 60 * s, leaf)
    c.circle(x, base_y - 210 * s, 62 * s, lighten(leaf, 0.08))


def scene_bau_yard(c: Canvas, t: float) -> None:
    """Media: the dealer's yard with a loaded truck ready for delivery."""
    c.shadow_color = rgb("#2f3440")
    c.background(Grad("#e3edf1", "#f3eee4"))
    c.glow(1040, 170, 150, "#fff4dc", 0.8)
    # hall in the background
    hall = "#9fb2bf"
    c.poly([(60, 300), (520, 190), (980, 300)], darken(hall, 0.12))
    c.rect((80, 296, 960, 560), Grad(lighten(hall, 0.2), hall), shadow=SOFT)
    for i in range(18):
        c.rect((80 + i * 49, 296, 80 + i * 49 + 3, 560), darken(hall, 0.06), alpha=0.6)
    c.rect((360, 380, 640, 560), Grad("#5c6f7d", "#4a5b68"), r=4)
    for i in range(7):
        c.rect((360, 392 + i * 24, 640, 396 + i * 24), "#6e8291", alpha=0.7)
    c.rect((120, 330, 300, 372), BAU["terra"], r=6)
    c.rect((140, 346, 280, 356), lighten(BAU["terra"], 0.5), r=4)
    # yard
    ground = 640
    c.band(540, Grad("#d9d2c4", "#c9c0ae"))
    truck(c, 330, ground, BAU["slate"], BAU["terra"])
    # load on the truck bed
    pallet(c, 360, ground - 118, 170)
    for row in range(3):
        for i in range(2):
            sack(c, 368 + i * 82 + (row % 2) * 6, ground - 144 - (row + 1) * 32, 78, 30,
                 (BAU["terra"], BAU["slate"])[(row + i) % 2])
    pallet(c, 560, ground - 118, 190)
    brick_stack(c, 570, ground - 144, 3, 5, bw=50, bh=18)
    # cones and a small pallet stack on the yard
    for cx in (150, 940):
        c.poly([(cx - 24, ground + 20), (cx, ground - 50), (cx + 24, ground + 20)], "#e08b3e", shadow=FLAT)
        c.rect((cx - 14, ground - 18, cx + 14, ground - 8), "#ffffff")
        c.rect((cx - 34, ground + 14, cx + 34, ground + 24), darken("#e08b3e", 0.2), r=3)
    for i in range(4):
        pallet(c, 1040, ground + 30 - i * 28, 150)
    tree(c, 1160, 540, 1.0)


# --------------------------------------------------------------------------------------------
# Story: bakery with online pre-orders
# --------------------------------------------------------------------------------------------

BACK = dict(wall_a="#f7efe4", wall_b="#efe2d0", wood="#b98656", wood_l="#d3a577", crust="#c98a4b",
            crust_d="#a9692f", crumb="#f0d7a8", rose="#d9897a", sage="#86a38a", tile="#fbf7f1")


def loaf(c: Canvas, cx: float, cy: float, rx: float, ry: float, angle: float = 0.0, scores: int = 3,
         crust: str | None = None) -> None:
    """Draw an oval loaf of bread with diagonal score marks."""
    crust = crust or BACK["crust"]
    rot_oval(c, cx, cy, rx, ry, angle, Grad(lighten(crust, 0.15), darken(crust, 0.12)), shadow=FLAT)
    a = math.radians(angle)
    for i in range(scores):
        f = (i - (scores - 1) / 2) / max(1, scores) * 1.5
        px, py = cx + f * rx * math.cos(a), cy + f * rx * math.sin(a)
        d = ry * 0.55
        p1 = (px - d * 0.5 * math.cos(a) + d * math.sin(a) * 0.9, py - d * 0.5 * math.sin(a) - d * math.cos(a) * 0.9)
        p2 = (px + d * 0.5 * math.cos(a) - d * math.sin(a) * 0.9, py + d * 0.5 * math.sin(a) + d * math.cos(a) * 0.9)
        c.line([p1, p2], BACK["crumb"], width=max(4, ry * 0.16))


def round_loaf(c: Canvas, cx: float, cy: float, r: float) -> None:
    """Draw a round loaf with a cross cut."""
    c.ellipse((cx - r, cy - r * 0.78, cx + r, cy + r * 0.78),
              Grad(lighten(BACK["crust_d"], 0.2), darken(BACK["crust_d"], 0.08)), shadow=FLAT)
    c.line([(cx - r * 0.45, cy - r * 0.3), (cx + r * 0.45, cy + r * 0.3)], BACK["crumb"], width=r * 0.12)
    c.line([(cx - r * 0.45, cy + r * 0.3), (cx + r * 0.45, cy - r * 0.3)], BACK["crumb"], width=r * 0.12)


def baguette(c: Canvas, p1: tuple[float, float], p2: tuple[float, float], w: float = 30) -> None:
    """Draw a baguette from ``p1`` to ``p2``."""
    c.line([p1, p2], Grad(lighten(BACK["crust"], 0.22), BACK["crust"]), width=w, shadow=FLAT)
    for i in range(1, 5):
        f = i / 5
        x = p1[0] + (p2[0] - p1[0]) * f
        y = p1[1] + (p2[1] - p1[1]) * f
        dx, dy = (p2[0] - p1[0]), (p2[1] - p1[1])
        n = math.hypot(dx, dy)
        ux, uy = dx / n, dy / n
        c.line([(x - ux * 14 - uy * 6, y - uy * 14 + ux * 6), (x + ux * 6 + uy * 6, y + uy * 6 - ux * 6)],
               BACK["crumb"], width=5)


def croissant(c: Canvas, cx: float, cy: float, s: float = 1.0) -> None:
    """Draw a croissant made of three overlapping segments."""
    col = BACK["crust"]
    rot_oval(c, cx - 34 * s, cy + 8 * s, 26 * s, 15 * s, -30, Grad(lighten(col, 0.2), col), shadow=FLAT)
    rot_oval(c, cx + 34 * s, cy + 8 * s, 26 * s, 15 * s, 30, Grad(lighten(col, 0.2), col), shadow=FLAT)
    rot_oval(c, cx, cy, 34 * s, 24 * s, 0, Grad(lighten(col, 0.28), darken(col, 0.05)), shadow=FLAT)
    for dx in (-12, 0, 12):
        c.line([(cx + dx * s, cy - 20 * s), (cx + dx * s * 1.3, cy + 18 * s)], darken(col, 0.12), width=3 * s)


def order_list(c: Canvas, box: Sequence[float], t: float, accent: str, rows: int = 5,
               steps: Sequence[float] | None = None, icon=None) -> None:
    """Draw a list of pre-orders on a screen; a tick appears on each row over ``t``."""
    x0, y0, x1, y1 = box
    c.rect((x0 + 18, y0 + 18, x0 + 150, y0 + 32), darken(BACK["tile"], 0.45), r=6)
    c.rect((x1 - 90, y0 + 14, x1 - 18, y0 + 38), accent, r=12)
    rh = (y1 - y0 - 60) / rows
    steps = steps or [0.15 + i * 0.14 for i in range(rows)]
    for i in range(rows):
        ry = y0 + 52 + i * rh
        c.rect((x0 + 12, ry, x1 - 12, ry + rh - 10), "#ffffff", r=12, shadow=FLAT)
        cy = ry + (rh - 10) / 2
        c.circle(x0 + 40, cy, (rh - 10) * 0.3, lighten(BACK["crust"], 0.45))
        c.ellipse((x0 + 30, cy - 6, x0 + 50, cy + 6), BACK["crust"])
        c.rect((x0 + 66, cy - 12, x0 + 66 + (x1 - x0) * (0.34 + 0.12 * (i % 3)), cy - 2), "#6b625a", r=5)
        c.rect((x0 + 66, cy + 5, x0 + 66 + (x1 - x0) * 0.22, cy + 12), "#c5bcb0", r=4)
        a = ramp(t, steps[i], steps[i] + 0.1)
        c.circle(x1 - 42, cy, 14, "#e9e2d7")
        if a > 0:
            c.begin_group(a)
            check_mark(c, x1 - 42, cy, 14 * (0.7 + 0.3 * a), fill=BACK["sage"])
            c.end_group()


def steam(c: Canvas, x: float, y: float, t: float, phase: float = 0.0) -> None:
    """Draw soft rising steam wisps above ``(x, y)``; they move with ``t``."""
    for k in range(3):
        f = (t * 1.6 + phase + k / 3) % 1.0
        a = math.sin(math.pi * f) * 0.55
        yy = y - 20 - f * 110
        xx = x + math.sin((f * 2.2 + k) * math.pi) * 12
        c.ellipse((xx - 14 - f * 10, yy - 22, xx + 14 + f * 10, yy + 22), "#ffffff", alpha=a, blur=8)


def scene_baeckerei_cover(c: Canvas, t: float) -> None:
    """Cover (and film): a bakery counter with fresh bread and a tablet of pre-orders."""
    c.shadow_color = rgb("#4a3222")
    c.background(Grad(BACK["wall_a"], BACK["wall_b"]))
    # tiled back wall stripe
    c.rect((-400, 120, 1700, 430), lighten(BACK["tile"], 0.2), alpha=0.6)
    for i in range(-8, 40):
        c.rect((i * 44, 120, i * 44 + 2, 430), darken(BACK["wall_b"], 0.04), alpha=0.7)
    for j in range(8):
        c.rect((-400, 120 + j * 44, 1700, 122 + j * 44), darken(BACK["wall_b"], 0.04), alpha=0.7)
    # shelves with loaves
    for sy in (236, 372):
        c.rect((60, sy, 660, sy + 16), Grad(BACK["wood_l"], BACK["wood"]), r=3, shadow=SOFT)
    for i in range(4):
        loaf(c, 140 + i * 146, 206, 58, 30, -4 + i * 3, crust=(BACK["crust"], BACK["crust_d"])[i % 2])
    for i in range(3):
        round_loaf(c, 140 + i * 150, 336, 50)
    for j, (dx, dy) in enumerate(((0, 0), (70, 0), (35, -30))):
        croissant(c, 560 + dx, 350 + dy, 0.62)
    for x in (300, 620, 960):
        pendant_lamp(c, x, 78 if x != 620 else 62, shade=BACK["sage"], light="#fff1cf")
    # counter
    top = 500
    c.rect((-40, top, 1320, top + 24), Grad("#eee3d4", "#dccdb8"), shadow=SOFT)
    c.rect((-40, top + 24, 1320, 760), Grad(BACK["wood_l"], BACK["wood"]))
    for i in range(-2, 30):
        c.rect((i * 56, top + 24, i * 56 + 3, 760), darken(BACK["wood"], 0.1), alpha=0.5)
    # basket with baguettes
    for a, b in ((96, 392), (134, 380), (170, 396)):
        baguette(c, (a, b), (a + 70, top - 24), 28)
    c.poly([(76, top - 74), (276, top - 74), (258, top), (94, top)], Grad("#cf9f66", "#a97a44"), shadow=SOFT)
    for j in range(3):
        c.rect((84 + j * 6, top - 60 + j * 22, 268 - j * 6, top - 55 + j * 22), "#b5864f", alpha=0.8)
    # board with round loaf and croissants
    c.rect((320, top - 14, 620, top + 2), Grad("#d9b27f", "#b98c58"), r=6, shadow=FLAT)
    round_loaf(c, 410, top - 54, 62)
    croissant(c, 545, top - 42, 0.95)
    for k, sx in enumerate((410, 545)):
        steam(c, sx, top - 96, t, phase=k * 0.37)
    # tablet with pre-orders on a stand
    c.poly([(950, top - 40), (1000, top - 40), (1030, top), (920, top)], "#3b3f46", shadow=FLAT)
    box = tablet(c, 760, 180, 440, 300, body="#2d3138", screen=BACK["tile"])
    order_list(c, box, t, BACK["rose"], rows=4)


def shop_screen(c: Canvas, box: Sequence[float], accent: str, icons: Sequence[Callable[[Canvas, float, float], None]],
                t: float = 1.0, chips: int = 3, bg: str = "#f7f3ee") -> None:
    """Draw a small pre-order shop on a phone screen: products, pick-up time chips, a button."""
    x0, y0, x1, y1 = box
    w = x1 - x0
    c.rect((x0 + 20, y0 + 28, x0 + 150, y0 + 42), "#4a4540", r=7)
    c.rect((x0 + 20, y0 + 52, x0 + 110, y0 + 60), "#b9b0a5", r=4)
    yy = y0 + 82
    for i, icon in enumerate(icons):
        c.rect((x0 + 12, yy, x1 - 12, yy + 70), "#ffffff", r=16, shadow=FLAT)
        c.circle(x0 + 48, yy + 35, 24, lighten(accent, 0.78))
        icon(c, x0 + 48, yy + 35)
        c.rect((x0 + 84, yy + 22, x0 + 84 + w * (0.3 + 0.08 * (i % 2)), yy + 32), "#5d554d", r=5)
        c.rect((x0 + 84, yy + 40, x0 + 84 + w * 0.18, yy + 48), "#c0b7ab", r=4)
        c.circle(x1 - 40, yy + 35, 15, accent if i != 1 else lighten(accent, 0.6))
        c.line([(x1 - 47, yy + 35), (x1 - 33, yy + 35)], "#ffffff", width=3.5)
        c.line([(x1 - 40, yy + 28), (x1 - 40, yy + 42)], "#ffffff", width=3.5)
        yy += 82
    yy += 6
    cw = (w - 24 - (chips - 1) * 8) / chips
    for i in range(chips):
        cx0 = x0 + 12 + i * (cw + 8)
        sel = i == 1
        c.rect((cx0, yy, cx0 + cw, yy + 34), accent if sel else "#ffffff", r=17,
               shadow=None if sel else FLAT)
        c.rect((cx0 + cw * 0.25, yy + 13, cx0 + cw * 0.75, yy + 21), "#ffffff" if sel else "#b9b0a5", r=4)
    c.rect((x0 + 12, y1 - 62, x1 - 12, y1 - 16), accent, r=23, shadow=FLAT)
    c.rect((x0 + w * 0.3, y1 - 44, x1 - w * 0.3, y1 - 34), lighten(accent, 0.6), r=5)


def icon_loaf(c: Canvas, x: float, y: float) -> None:
    """Tiny bread icon for list rows."""
    rot_oval(c, x, y + 2, 16, 10, -10, BACK["crust"])
    c.line([(x - 5, y - 4), (x - 1, y + 6)], BACK["crumb"], width=2.5)
    c.line([(x + 4, y - 5), (x + 8, y + 5)], BACK["crumb"], width=2.5)


def icon_roll(c: Canvas, x: float, y: float) -> None:
    """Tiny bread-roll icon."""
    c.circle(x, y + 2, 12, BACK["crust_d"])
    c.line([(x - 6, y + 2), (x + 6, y + 2)], BACK["crumb"], width=2.5)


def icon_croissant(c: Canvas, x: float, y: float) -> None:
    """Tiny croissant icon."""
    croissant(c, x, y + 4, 0.38)


def paper_bag(c: Canvas, x: float, base: float, w: float, h: float, color: str = "#d6b58a") -> None:
    """Draw a kraft paper bag standing at ``(x, base)`` with a folded, zigzag top."""
    zig = [(x + i * w / 8, base - h - (8 if i % 2 else 0)) for i in range(9)]
    c.poly([(x, base), (x + w, base)] + list(reversed(zig)), Grad(lighten(color, 0.12), darken(color, 0.05)),
           shadow=SOFT)
    c.rect((x + w * 0.72, base - h, x + w, base), darken(color, 0.08), alpha=0.5)


def scene_baeckerei_abholung(c: Canvas, t: float) -> None:
    """Media: a pre-order on the phone and the packed bag waiting at the counter."""
    c.shadow_color = rgb("#4a3222")
    c.background(Grad("#f6e9e2", "#f1ddd2"))
    c.glow(420, 320, 330, "#fff6ea", 0.7)
    c.band(520, Grad("#e7d3c0", "#d9c0a9"))
    c.rect((-40, 520, 1320, 536), "#f1e5d6")
    # bag with baguettes and a pick-up tag
    baguette(c, (300, 250), (350, 470), 30)
    baguette(c, (352, 232), (380, 470), 30)
    paper_bag(c, 230, 560, 230, 250)
    c.rect((250, 420, 440, 470), "#ffffff", r=10, shadow=FLAT)
    c.rect((266, 434, 370, 444), "#5d554d", r=5)
    c.rect((266, 451, 330, 458), "#c0b7ab", r=4)
    check_mark(c, 414, 445, 15, fill=BACK["sage"])
    # rolls in a second small bag and croissants on a plate
    c.ellipse((500, 520, 700, 556), "#ffffff", shadow=FLAT)
    croissant(c, 560, 512, 0.8)
    croissant(c, 640, 522, 0.7)
    # phone with the shop
    box = phone(c, 820, 70, 270, 560, body="#2d3138")
    shop_screen(c, box, BACK["rose"], (icon_loaf, icon_roll, icon_croissant, icon_loaf), t)
    pendant_lamp(c, 350, 110, shade=BACK["sage"], light="#fff1cf")


# --------------------------------------------------------------------------------------------
# Story: roofing firm recruiting apprentices with short phone videos
# --------------------------------------------------------------------------------------------

DACH = dict(sky_a="#cfe3ef", sky_b="#eef3f1", roof="#3f4752", roof_l="#56606c", wall="#f2e8dc",
            brick="#c46b4e", wood="#c99a64", accent="#e0a63f", rec="#e0574a", grass="#a9c39a")


def cloud(c: Canvas, x: float, y: float, s: float = 1.0, alpha: float = 0.9) -> None:
    """Draw a soft flat cloud centred at ``(x, y)``."""
    c.begin_group(alpha)
    c.ellipse((x - 90 * s, y - 10 * s, x + 90 * s, y + 30 * s), "#ffffff")
    c.circle(x - 35 * s, y - 5 * s, 36 * s, "#ffffff")
    c.circle(x + 20 * s, y - 20 * s, 46 * s, "#ffffff")
    c.end_group()


def house(c: Canvas, x: float, ground: float, w: float = 560) -> tuple[float, float]:
    """Draw a house with a tiled pitched roof; return the eave's left ``(x, y)``."""
    wall_top = ground - 250
    ridge = wall_top - 190
    c.rect((x + w * 0.66, ridge + 10, x + w * 0.66 + 46, wall_top - 40), DACH["brick"], shadow=FLAT)
    c.rect((x + w * 0.66 - 6, ridge, x + w * 0.66 + 52, ridge + 16), darken(DACH["brick"], 0.2), r=3)
    c.rect((x, wall_top, x + w, ground), Grad(DACH["wall"], darken(DACH["wall"], 0.05)), shadow=SOFT)
    roof = [(x - 40, wall_top + 6), (x + 80, ridge), (x + w - 80, ridge), (x + w + 40, wall_top + 6)]
    c.poly(roof, Grad(DACH["roof_l"], DACH["roof"]), shadow=SOFT)
    rows = 7
    for i in range(1, rows):
        f = i / rows
        yy = ridge + (wall_top + 6 - ridge) * f
        xl = x + 80 - 120 * f
        xr = x + w - 80 + 120 * f
        c.line([(xl + 4, yy), (xr - 4, yy)], darken(DACH["roof"], 0.25), width=3, round_caps=False)
        step = 44
        off = 0 if i % 2 else step / 2
        xx = xl + 10 + off
        while xx < xr - 10:
            c.line([(xx, yy - (wall_top + 6 - ridge) / rows + 4), (xx, yy - 2)], darken(DACH["roof"], 0.18),
                   width=2, round_caps=False)
            xx += step
    # windows and door
    for wx in (x + 60, x + w - 190):
        c.rect((wx, wall_top + 50, wx + 130, wall_top + 150), "#ffffff", r=6, shadow=FLAT)
        c.rect((wx + 8, wall_top + 58, wx + 122, wall_top + 142), Grad("#cfe0ea", "#a9c2d2"), r=4)
        c.rect((wx + 63, wall_top + 58, wx + 67, wall_top + 142), "#ffffff")
    c.rect((x + w / 2 - 50, ground - 170, x + w / 2 + 50, ground), Grad("#7a8f86", "#657a71"), r=6)
    c.circle(x + w / 2 + 30, ground - 85, 5, DACH["accent"])
    return (x - 40, wall_top + 6)


def ladder(c: Canvas, p_foot: tuple[float, float], p_top: tuple[float, float], width: float = 54,
           color: str = "#c99a64") -> None:
    """Draw a ladder leaning from ``p_foot`` to ``p_top``."""
    dx, dy = p_top[0] - p_foot[0], p_top[1] - p_foot[1]
    n = math.hypot(dx, dy)
    nx, ny = -dy / n * width / 2, dx / n * width / 2
    rungs = int(n / 46)
    for i in range(1, rungs):
        f = i / rungs
        px, py = p_foot[0] + dx * f, p_foot[1] + dy * f
        c.line([(px - nx, py - ny), (px + nx, py + ny)], darken(color, 0.1), width=7)
    for sgn in (-1, 1):
        c.line([(p_foot[0] + sgn * nx, p_foot[1] + sgn * ny), (p_top[0] + sgn * nx, p_top[1] + sgn * ny)],
               color, width=11, shadow=FLAT)


def tripod_phone(c: Canvas, x: float, ground: float, t: float, screen_scene: Callable | None = None,
                 h: float = 230) -> None:
    """Draw a phone on a small tripod filming; a red dot blinks with ``t``."""
    leg = "#3a3f47"
    top = ground - 160
    for fx in (-70, 0, 70):
        c.line([(x, top), (x + fx, ground)], leg, width=7)
    c.rect((x - 10, top - 30, x + 10, top + 8), leg, r=4)
    w = h * 0.52
    box = phone(c, x - w / 2, top - 30 - h, w, h, body="#23262e")
    if screen_scene:
        screen_scene(c, box)
    blink = 0.55 + 0.45 * math.cos(t * math.pi * 8)
    c.circle(box[0] + 20, box[1] + 22, 8, DACH["rec"], alpha=blink)
    c.rect((box[0] + 34, box[1] + 17, box[0] + 70, box[1] + 27), "#ffffff", r=5, alpha=0.85)


def mini_roof(c: Canvas, box: Sequence[float]) -> None:
    """Draw the tiny roof picture shown on a filming phone."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    c.rect(box, Grad(DACH["sky_a"], DACH["sky_b"]), r=w * 0.12)
    c.poly([(x0 + w * 0.05, y0 + h * 0.62), (x0 + w * 0.3, y0 + h * 0.38), (x0 + w * 0.95, y0 + h * 0.38),
            (x0 + w * 0.95, y0 + h * 0.62)], DACH["roof"])
    c.rect((x0 + w * 0.1, y0 + h * 0.62, x0 + w * 0.95, y0 + h * 0.92), DACH["wall"])
    c.circle(x0 + w * 0.55, y0 + h * 0.3, w * 0.09, DACH["accent"])
    c.rect((x0 + w * 0.47, y0 + h * 0.36, x0 + w * 0.63, y0 + h * 0.5), DACH["accent"], r=w * 0.04)
    c.rect((x0 + w * 0.1, y1 - 26, x1 - w * 0.1, y1 - 22), "#ffffff", r=2, alpha=0.7)
    c.rect((x0 + w * 0.1, y1 - 26, x0 + w * 0.45, y1 - 22), DACH["rec"], r=2)


def scene_dach_cover(c: Canvas, t: float) -> None:
    """Cover (and film): a house with a new roof, a ladder, and a phone on a tripod filming."""
    c.shadow_color = rgb("#2c3440")
    c.background(Grad(DACH["sky_a"], DACH["sky_b"]))
    c.glow(1080, 150, 120, "#fff3d6", 0.9)
    drift = t * 60
    cloud(c, 220 + drift, 120, 1.0)
    cloud(c, 760 + drift * 0.6, 80, 0.7, 0.8)
    cloud(c, 1180 + drift * 0.8, 200, 0.8, 0.7)
    ground = 600
    c.band(ground - 10, Grad(DACH["grass"], darken(DACH["grass"], 0.12)))
    tree(c, 110, ground, 1.2, leaf="#8fb08a")
    eave = house(c, 230, ground, 560)
    # helmet on the roof edge and a pallet of roof tiles
    ladder(c, (300, ground + 20), (420, eave[1] - 80))
    pallet(c, 860, ground + 30, 190)
    for r in range(4):
        for i in range(3):
            tx = 870 + i * 58 + (r % 2) * 10
            ty = ground - 8 - (r + 1) * 22
            c.rect((tx, ty, tx + 52, ty + 18), Grad(DACH["roof_l"], DACH["roof"]), r=5)
    c.pieslice((900, ground - 150, 980, ground - 70), 180, 360, DACH["accent"], shadow=FLAT)
    c.rect((890, ground - 112, 990, ground - 102), darken(DACH["accent"], 0.15), r=5)
    tripod_phone(c, 1110, ground + 70, t, mini_roof, h=250)


def helmet(c: Canvas, x: float, y: float, s: float = 1.0, color: str | None = None) -> None:
    """Draw a safety helmet whose brim centre is at ``(x, y)``."""
    color = color or DACH["accent"]
    c.pieslice((x - 60 * s, y - 62 * s, x + 60 * s, y + 58 * s), 180, 360, Grad(lighten(color, 0.15), color),
               shadow=FLAT)
    c.rect((x - 78 * s, y - 6 * s, x + 78 * s, y + 8 * s), darken(color, 0.15), r=7 * s)
    c.rect((x - 8 * s, y - 62 * s, x + 8 * s, y - 6 * s), lighten(color, 0.2), r=4 * s)


def scene_dach_videos(c: Canvas, t: float) -> None:
    """Media: three short upright clips on a careers page, next to a helmet and gloves."""
    c.shadow_color = rgb("#2c3440")
    c.background(Grad("#eaf1f4", "#dde8ee"))
    c.glow(640, 330, 360, "#ffffff", 0.6)
    c.band(560, Grad("#cdd9df", "#bccbd3"))

    def clip(x: float, y: float, w: float, h: float, kind: int) -> None:
        c.rect((x, y, x + w, y + h), "#ffffff", r=24, shadow=LIFT)
        inner = (x + 12, y + 12, x + w - 12, y + h - 70)
        if kind == 0:
            mini_roof(c, inner)
        elif kind == 1:
            c.rect(inner, Grad("#f3e3c9", "#e9cfa6"), r=18)
            helmet(c, (inner[0] + inner[2]) / 2, inner[3] - 90, 0.8)
        else:
            c.rect(inner, Grad("#d9e6d4", "#bcd2b4"), r=18)
            ladder(c, (inner[0] + 60, inner[3] - 20), (inner[2] - 40, inner[1] + 40), width=40)
        cx, cy = (inner[0] + inner[2]) / 2, (inner[1] + inner[3]) / 2
        c.circle(cx, cy, 34, "#ffffff", alpha=0.9, shadow=FLAT)
        c.poly([(cx - 10, cy - 16), (cx + 18, cy), (cx - 10, cy + 16)], DACH["roof"])
        c.rect((x + 20, y + h - 50, x + w * 0.7, y + h - 38), "#4a4f57", r=6)
        c.rect((x + 20, y + h - 28, x + w * 0.45, y + h - 20), "#b5bcc4", r=4)

    clip(250, 110, 240, 420, 1)
    clip(520, 80, 240, 450, 0)
    clip(790, 110, 240, 420, 2)
    helmet(c, 170, 600, 0.9)
    toolbox(c, 1050, 620, 170, "#c4573f")


def toolbox(c: Canvas, x: float, base: float, w: float, color: str) -> None:
    """Draw a closed toolbox standing at ``(x, base)``."""
    h = w * 0.42
    c.arc((x + w * 0.3, base - h - w * 0.2, x + w * 0.7, base - h + w * 0.2), 180, 360, "#3a3f47", w * 0.05)
    c.rect((x, base - h, x + w, base), Grad(lighten(color, 0.1), darken(color, 0.06)), r=10, shadow=SOFT)
    c.rect((x, base - h + h * 0.3, x + w, base - h + h * 0.36), darken(color, 0.25))
    c.rect((x + w * 0.44, base - h + h * 0.2, x + w * 0.56, base - h + h * 0.5), "#d9dde2", r=3)


# --------------------------------------------------------------------------------------------
# Story: butcher's farm shop with a click & collect list
# --------------------------------------------------------------------------------------------

HOF = dict(wall_a="#eef0e4", wall_b="#e2e6d3", wood="#b98a5c", wood_l="#d4a978", green="#5f8a5e",
           red="#c2473d", cream="#f7f1e3", sausage="#b5533f", board="#2f3a35")


def awning(c: Canvas, x0: float, x1: float, y: float, h: float, a: str, b: str, n: int = 10) -> None:
    """Draw a striped shop awning with a scalloped lower edge."""
    w = (x1 - x0) / n
    c.rect((x0 - 10, y - 14, x1 + 10, y + 4), darken(a, 0.2), r=6, shadow=SOFT)
    for i in range(n):
        col = a if i % 2 == 0 else b
        c.rect((x0 + i * w, y, x0 + (i + 1) * w, y + h), col)
        c.pieslice((x0 + i * w, y + h - w / 2, x0 + (i + 1) * w, y + h + w / 2), 0, 180, col)


def crate(c: Canvas, x: float, base: float, w: float, h: float, items: Callable[[float, float, float], None]) -> None:
    """Draw a wooden crate at ``(x, base)``; ``items(x, y, w)`` draws its contents first."""
    items(x, base - h, w)
    c.rect((x, base - h, x + w, base), Grad(HOF["wood_l"], HOF["wood"]), r=5, shadow=SOFT)
    for j in range(1, 3):
        c.rect((x + 6, base - h + j * h / 3 - 2, x + w - 6, base - h + j * h / 3 + 1), darken(HOF["wood"], 0.15),
               alpha=0.7)


def scene_hof_cover(c: Canvas, t: float) -> None:
    """Cover: a farm shop counter with crates, hanging sausages, and a click & collect list."""
    c.shadow_color = rgb("#2f3328")
    c.background(Grad(HOF["wall_a"], HOF["wall_b"]))
    awning(c, -20, 780, 60, 70, HOF["green"], HOF["cream"], 10)
    # rail with sausages and hams
    c.line([(80, 190), (700, 190)], "#6c6f69", width=6)
    for i in range(6):
        x = 120 + i * 104
        c.line([(x, 190), (x, 214)], "#8a8d86", width=3)
        if i % 2 == 0:
            for j in range(3):
                rot_oval(c, x + (6 if j % 2 else -6), 236 + j * 40, 16, 26, 8 if j % 2 else -8,
                         Grad(lighten(HOF["sausage"], 0.12), HOF["sausage"]), shadow=FLAT)
        else:
            c.poly(oval_points(x, 270, 42, 60, 0), Grad("#c98262", "#a65a3f"), shadow=FLAT)
            c.ellipse((x - 22, 252, x + 22, 302), "#e8b9a3", alpha=0.6)
    # chalkboard
    c.rect((770, 170, 920, 360), HOF["board"], r=8, shadow=SOFT)
    c.rect((762, 162, 928, 176), HOF["wood"], r=4)
    for j, wl in enumerate((0.7, 0.5, 0.62, 0.4)):
        c.rect((796, 206 + j * 34, 796 + 104 * wl, 214 + j * 34), "#e8eee9", r=4, alpha=0.8)
    # counter and crates
    top = 470
    c.rect((-40, top, 1320, top + 22), Grad("#efe7d6", "#ddd2bd"), shadow=SOFT)
    c.rect((-40, top + 22, 1320, 760), Grad(HOF["wood_l"], HOF["wood"]))
    for i in range(-2, 30):
        c.rect((i * 64, top + 22, i * 64 + 3, 760), darken(HOF["wood"], 0.12), alpha=0.5)

    def fruit(color: str, r: float, dark: float = 0.12) -> Callable[[float, float, float], None]:
        def draw(x: float, y: float, w: float) -> None:
            n = int((w - 10) // (r * 1.8))
            for row in range(2):
                for i in range(n - row):
                    fx = x + 10 + r + i * r * 1.8 + row * r * 0.9
                    c.circle(fx, y - row * r * 0.9 + 4, r, Grad(lighten(color, 0.15), darken(color, dark)))
                    c.circle(fx - r * 0.35, y - row * r * 0.9 - r * 0.3 + 4, r * 0.22, lighten(color, 0.35),
                             alpha=0.7)
        return draw

    def carrots(x: float, y: float, w: float) -> None:
        for i in range(7):
            cx = x + 24 + i * (w - 40) / 6
            c.line([(cx, y - 8), (cx - 16, y - 36)], "#6f9a4d", width=5)
            c.line([(cx, y - 8), (cx + 10, y - 40)], "#7fae5a", width=5)
            c.poly([(cx - 11, y - 8), (cx + 11, y - 8), (cx, y + 60)], "#e38b3b")

    def eggs(x: float, y: float, w: float) -> None:
        for i in range(5):
            c.ellipse((x + 14 + i * (w - 28) / 5, y - 22, x + 14 + i * (w - 28) / 5 + 30, y + 16),
                      ("#f3e6d2", "#e7cfae")[i % 2])

    crate(c, 60, top - 4, 200, 90, fruit(HOF["red"], 22))
    crate(c, 280, top - 4, 200, 90, carrots)
    crate(c, 500, top - 4, 190, 90, fruit("#d9b26a", 20, 0.2))
    eggs(716, top - 30, 138)
    c.rect((710, top - 36, 860, top - 4), Grad("#d9cdb8", "#c8b99f"), r=6, shadow=FLAT)
    # phone with the click & collect list
    box = phone(c, 960, 200, 230, 440, body="#2b2f2c")
    x0, y0, x1, y1 = box
    c.rect((x0 + 18, y0 + 26, x0 + 130, y0 + 38), "#3d4a40", r=6)
    for i in range(4):
        yy = y0 + 62 + i * 64
        c.rect((x0 + 12, yy, x1 - 12, yy + 52), "#ffffff", r=14, shadow=FLAT)
        c.circle(x0 + 40, yy + 26, 15, (HOF["red"], "#e38b3b", HOF["sausage"], "#d9b26a")[i])
        c.rect((x0 + 64, yy + 16, x0 + 64 + 48 + 14 * (i % 2), yy + 25), "#4d4a44", r=4)
        c.rect((x0 + 64, yy + 32, x0 + 104, yy + 38), "#bdb5a8", r=3)
        c.rect((x1 - 62, yy + 15, x1 - 24, yy + 37), lighten(HOF["green"], 0.75), r=11)
    c.rect((x0 + 12, y1 - 60, x1 - 12, y1 - 16), HOF["green"], r=22, shadow=FLAT)
    c.rect((x0 + 60, y1 - 42, x1 - 60, y1 - 33), lighten(HOF["green"], 0.6), r=4)


def scene_hof_regal(c: Canvas, t: float) -> None:
    """Media: the pick-up shelf with packed orders, each bag with its number tag."""
    c.shadow_color = rgb("#2f3328")
    c.background(Grad("#f1efe6", "#e6e3d5"))
    c.glow(640, 300, 380, "#ffffff", 0.6)
    floor = 600
    c.band(floor, Grad("#d6cdb9", "#c6bba4"))
    # shelf frame
    c.rect((250, 120, 1030, floor), Grad(HOF["wood_l"], HOF["wood"]), r=8, shadow=SOFT)
    c.rect((270, 140, 1010, floor - 20), "#f3ecdf", r=4)
    levels = (330, floor - 20)
    c.rect((270, 322, 1010, 340), Grad(HOF["wood_l"], HOF["wood"]))
    colors = ("#d6b58a", "#cfa977", "#dcc09a", "#d2ae80")
    tags = (HOF["green"], HOF["red"], "#e38b3b", HOF["green"], "#d9b26a", HOF["red"])
    k = 0
    for li, base in enumerate(levels):
        for i in range(3):
            bx = 300 + i * 240
            h = 150 + ((i + li) % 2) * 20
            if li == 0:
                h = 150
            paper_bag(c, bx, base - (0 if li else 8), 190, h, colors[(i + li) % 4])
            c.rect((bx + 40, base - h * 0.55 - 30, bx + 130, base - h * 0.55 + 20), "#ffffff", r=8, shadow=FLAT)
            c.circle(bx + 64, base - h * 0.55 - 5, 13, tags[k])
            c.rect((bx + 84, base - h * 0.55 - 10, bx + 118, base - h * 0.55), "#4d4a44", r=4)
            k += 1
    # sign above: a pick-up icon (bag with tick)
    c.rect((560, 40, 720, 110), HOF["green"], r=16, shadow=FLAT)
    c.poly([(608, 62), (672, 62), (668, 96), (612, 96)], "#ffffff")
    c.arc((622, 50, 658, 80), 180, 360, "#ffffff", 5)
    c.line([(626, 80), (636, 89), (654, 71)], HOF["green"], width=5)
    plant(c, 1130, floor + 10, 1.0, pot="#c97a5c", leaf="#6b9466")
    plant(c, 150, floor + 10, 0.8, pot="#d9b26a", leaf="#7ea57a")


# --------------------------------------------------------------------------------------------
# Story: metalworking firm with digital maintenance tickets
# --------------------------------------------------------------------------------------------

MET = dict(wall_a="#e3e8ec", wall_b="#d2dae0", floor="#bcc5cc", floor_b="#aab4bc", steel="#6f8190",
           steel_d="#4f5f6c", teal="#3e8a8c", amber="#e3a33b", green="#4f9d74", blue="#4d7fb0", ink="#2b333b")


def gear(c: Canvas, cx: float, cy: float, r: float, teeth: int, angle: float, fill, hole: str | None = None,
         **kw) -> None:
    """Draw a gear wheel of outer radius ``r`` turned by ``angle`` degrees."""
    pts = []
    inner = r * 0.82
    for i in range(teeth):
        a0 = math.radians(angle) + 2 * math.pi * i / teeth
        step = 2 * math.pi / teeth
        for frac, rad in ((0.0, inner), (0.18, r), (0.5, r), (0.68, inner)):
            a = a0 + step * frac
            pts.append((cx + rad * math.cos(a), cy + rad * math.sin(a)))
    c.poly(pts, fill, **kw)
    if hole:
        c.circle(cx, cy, r * 0.34, hole)


def ticket_board(c: Canvas, box: Sequence[float], t: float) -> None:
    """Draw three columns of maintenance tickets; one ticket travels from open to done over ``t``."""
    x0, y0, x1, y1 = box
    cw = (x1 - x0 - 40) / 3
    heads = (MET["amber"], MET["blue"], MET["green"])
    counts = (2, 2, 2)
    for col in range(3):
        cx0 = x0 + 10 + col * (cw + 10)
        c.rect((cx0, y0 + 12, cx0 + cw, y1 - 12), "#eef1f3", r=12)
        c.rect((cx0 + 12, y0 + 26, cx0 + cw * 0.6, y0 + 36), "#7b8791", r=5)
        c.circle(cx0 + cw - 22, y0 + 31, 8, heads[col])
        for k in range(counts[col]):
            ky = y0 + 54 + k * 66
            c.rect((cx0 + 8, ky, cx0 + cw - 8, ky + 56), "#ffffff", r=10, shadow=FLAT)
            c.rect((cx0 + 8, ky, cx0 + 14, ky + 56), heads[col], r=3)
            c.rect((cx0 + 24, ky + 14, cx0 + cw * (0.55 + 0.15 * ((k + col) % 2)), ky + 23), "#5a646d", r=4)
            c.rect((cx0 + 24, ky + 33, cx0 + cw * 0.45, ky + 40), "#c3cad0", r=3)
    # the travelling ticket
    p = ease(min(1.0, max(0.0, (t - 0.15) / 0.7)))
    start = (x0 + 18, y0 + 54 + 2 * 66)
    end = (x0 + 10 + 2 * (cw + 10) + 8, y0 + 54 + 2 * 66)
    kx = start[0] + (end[0] - start[0]) * p
    lift = math.sin(p * math.pi) * 18
    ky = start[1] - lift
    col = heads[0] if p < 0.33 else heads[1] if p < 0.66 else heads[2]
    c.rect((kx, ky, kx + cw - 16, ky + 56), "#ffffff", r=10, shadow=(0, 6 + lift * 0.4, 10, 0.25))
    c.rect((kx, ky, kx + 6, ky + 56), col, r=3)
    c.rect((kx + 16, ky + 14, kx + cw * 0.6, ky + 23), "#5a646d", r=4)
    c.rect((kx + 16, ky + 33, kx + cw * 0.4, ky + 40), "#c3cad0", r=3)
    if p > 0.95:
        check_mark(c, kx + cw - 40, ky + 28, 12, fill=MET["green"])


def machine(c: Canvas, x: float, floor: float, t: float) -> None:
    """Draw a CNC machining centre standing on ``floor`` with its signal tower."""
    top = floor - 340
    c.rect((x, top, x + 500, floor), Grad("#f1f3f4", "#d9dee2"), r=18, shadow=SOFT)
    c.rect((x, floor - 60, x + 500, floor), Grad(MET["steel"], MET["steel_d"]), r=10)
    c.rect((x + 40, top + 50, x + 360, floor - 90), Grad("#9fb6c0", "#7d98a5"), r=14)
    c.rect((x + 52, top + 62, x + 348, floor - 102), Grad("#c4d5dc", "#a7bec8"), r=10, alpha=0.8)
    # spindle and workpiece inside
    c.rect((x + 170, top + 62, x + 230, top + 150), MET["steel_d"])
    c.poly([(x + 185, top + 150), (x + 215, top + 150), (x + 200, top + 180)], "#3d4852")
    c.rect((x + 120, floor - 150, x + 280, floor - 110), MET["steel"], r=4)
    c.rect((x + 150, floor - 180, x + 250, floor - 150), "#c9a46a", r=3)
    c.rect((x + 60, top + 60, x + 66, floor - 100), "#ffffff", alpha=0.35)
    # control panel
    c.rect((x + 390, top + 50, x + 470, top + 230), MET["ink"], r=10, shadow=FLAT)
    c.rect((x + 400, top + 62, x + 460, top + 120), Grad("#5b9bbd", "#3f7a9a"), r=5)
    for i in range(3):
        for j in range(2):
            c.circle(x + 415 + j * 30, top + 145 + i * 26, 8, ("#d9dee2", MET["amber"])[(i + j) % 2 == 0 and i == 2])
    # signal tower
    c.rect((x + 452, top - 110, x + 462, top), "#7b8791")
    on = ramp(t, 0.75, 0.85)
    for i, col in enumerate(("#d96a55", MET["amber"], MET["green"])):
        lit = (1 - on) if i == 1 else on if i == 2 else 0.0
        c.rect((x + 440, top - 190 + i * 28, x + 474, top - 164 + i * 28), lighten(col, 0.55), r=6)
        if lit > 0:
            c.rect((x + 440, top - 190 + i * 28, x + 474, top - 164 + i * 28), col, r=6, alpha=lit)
            c.glow(x + 457, top - 177 + i * 28, 34, col, 0.35 * lit)


def safety_line(c: Canvas, y: float, x0: float = -100, x1: float = 1400) -> None:
    """Draw a yellow and black floor marking band at ``y``."""
    c.rect((x0, y, x1, y + 14), MET["amber"])
    x = x0
    while x < x1:
        c.poly([(x, y + 14), (x + 10, y), (x + 24, y), (x + 14, y + 14)], "#3a3f45", alpha=0.85)
        x += 36


def scene_metall_cover(c: Canvas, t: float) -> None:
    """Cover (and film): a machining centre and a tablet with the maintenance ticket board."""
    c.shadow_color = rgb("#1f2a33")
    c.background(Grad(MET["wall_a"], MET["wall_b"]))
    # high windows
    for i in range(6):
        wx = 40 + i * 210
        c.rect((wx, 40, wx + 180, 150), Grad("#f4f8fa", "#dfe8ee"), r=4)
        c.rect((wx + 88, 40, wx + 92, 150), MET["wall_b"])
    gear(c, 1130, 330, 120, 12, t * 30, lighten(MET["steel"], 0.6), hole=MET["wall_b"])
    gear(c, 1000, 250, 70, 9, -t * 52 + 10, lighten(MET["steel"], 0.7), hole=MET["wall_b"])
    floor = 570
    c.band(floor, Grad(MET["floor"], MET["floor_b"]))
    safety_line(c, floor + 24)
    machine(c, 90, floor, t)
    # tablet on a stand
    c.rect((930, 520, 950, floor + 10), "#3a3f45", shadow=FLAT)
    c.rect((880, floor + 6, 1000, floor + 18), "#3a3f45", r=6)
    box = tablet(c, 700, 250, 500, 320, body="#262b31", screen="#f8f9fa")
    ticket_board(c, box, t)


def scene_metall_wartung(c: Canvas, t: float) -> None:
    """Media: a maintenance tag on the machine and the phone form with photo and send button."""
    c.shadow_color = rgb("#1f2a33")
    c.background(Grad("#e6ebee", "#d6dee3"))
    c.glow(420, 320, 320, "#ffffff", 0.5)
    floor = 600
    c.band(floor, Grad(MET["floor"], MET["floor_b"]))
    # machine side panel
    c.rect((80, 90, 620, floor), Grad("#f3f5f6", "#dde2e5"), r=20, shadow=SOFT)
    c.rect((80, floor - 70, 620, floor), Grad(MET["steel"], MET["steel_d"]), r=10)
    for i in range(6):
        c.rect((120 + i * 40, 140, 140 + i * 40, 260), MET["steel_d"], r=8, alpha=0.25)
    # inspection hatch with screws and a name plate
    c.rect((130, 320, 330, 480), Grad("#e8ecee", "#d3d9dd"), r=10, shadow=FLAT)
    for sx, sy in ((146, 336), (314, 336), (146, 464), (314, 464)):
        c.circle(sx, sy, 6, "#9aa5ae")
    c.rect((170, 380, 290, 420), MET["steel_d"], r=6)
    c.rect((184, 394, 260, 404), "#c3cad0", r=4)
    # maintenance tag hanging from a screw
    c.circle(430, 170, 9, MET["steel_d"])
    c.line([(430, 170), (400, 230)], "#7b8791", width=3)
    c.line([(430, 170), (470, 230)], "#7b8791", width=3)
    c.rect((360, 230, 510, 400), MET["amber"], r=14, shadow=FLAT)
    c.circle(435, 252, 8, lighten(MET["amber"], 0.5))
    # wrench icon on the tag
    c.line([(400, 360), (462, 298)], "#ffffff", width=14)
    c.circle(468, 292, 22, "#ffffff")
    c.circle(478, 282, 10, MET["amber"])
    c.rect((378, 372, 470, 382), lighten(MET["amber"], 0.5), r=5)
    # wrench lying on the floor
    c.line([(170, floor + 60), (330, floor + 40)], "#8c98a3", width=18, shadow=FLAT)
    c.circle(340, floor + 38, 24, "#8c98a3")
    c.circle(352, floor + 34, 11, MET["floor"])
    # phone with the ticket form
    box = phone(c, 760, 60, 290, 590, body="#262b31", screen="#f8f9fa")
    x0, y0, x1, y1 = box
    c.rect((x0 + 20, y0 + 28, x0 + 170, y0 + 42), MET["ink"], r=7)
    c.rect((x0 + 16, y0 + 64, x1 - 16, y0 + 224), Grad("#c7d3da", "#a9bac4"), r=14)
    c.rect((x0 + 60, y0 + 110, x0 + 200, y0 + 200), "#eef1f3", r=10)
    c.rect((x0 + 120, y0 + 92, x0 + 140, y0 + 112), MET["steel_d"])
    c.rect((x0 + 85, y0 + 160, x0 + 175, y0 + 176), MET["steel"], r=3)
    for i, wl in enumerate((0.55, 0.75)):
        yy = y0 + 244 + i * 74
        c.rect((x0 + 20, yy, x0 + 110, yy + 10), "#8a949d", r=5)
        c.rect((x0 + 16, yy + 20, x1 - 16, yy + 58), "#ffffff", r=12, shadow=FLAT)
        c.rect((x0 + 32, yy + 34, x0 + 32 + (x1 - x0 - 64) * wl, yy + 44), "#4d5761", r=5)
    for i, col in enumerate((MET["green"], MET["amber"], "#d96a55")):
        c.rect((x0 + 16 + i * 82, y0 + 400, x0 + 90 + i * 82, y0 + 432), col if i == 1 else "#ffffff", r=16,
               shadow=FLAT)
        c.circle(x0 + 36 + i * 82, y0 + 416, 7, "#ffffff" if i == 1 else col)
    c.rect((x0 + 16, y1 - 64, x1 - 16, y1 - 18), MET["teal"], r=23, shadow=FLAT)
    c.rect((x0 + 80, y1 - 46, x1 - 80, y1 - 36), lighten(MET["teal"], 0.6), r=5)


# --------------------------------------------------------------------------------------------
# Story: hair salon with online appointments
# --------------------------------------------------------------------------------------------

SAL = dict(wall_a="#f5e8e4", wall_b="#ecd9d3", plum="#6d4a5e", plum_l="#8a6379", gold="#c9a15b",
           rose="#d99a94", floor="#d8c3bb", sage="#8aa58f")


def salon_chair(c: Canvas, x: float, floor: float) -> None:
    """Draw a styling chair standing on ``floor``, centred on ``x``."""
    c.ellipse((x - 70, floor - 16, x + 70, floor + 10), "#8e8f93", shadow=FLAT)
    c.rect((x - 10, floor - 110, x + 10, floor - 8), "#a5a7ab")
    c.rect((x - 86, floor - 150, x + 86, floor - 104), Grad(SAL["plum_l"], SAL["plum"]), r=22, shadow=SOFT)
    c.rect((x - 70, floor - 320, x + 70, floor - 140), Grad(SAL["plum_l"], SAL["plum"]), r=40, shadow=SOFT)
    c.rect((x - 104, floor - 190, x - 70, floor - 126), darken(SAL["plum"], 0.1), r=14)
    c.rect((x + 70, floor - 190, x + 104, floor - 126), darken(SAL["plum"], 0.1), r=14)
    c.rect((x - 30, floor - 104, x + 30, floor - 94), "#8e8f93", r=4)


def calendar_grid(c: Canvas, box: Sequence[float], accent: str, t: float, cols: int = 5, rows: int = 7,
                  booked: Iterable[tuple[int, int, int]] = (), new: tuple[int, int, int] | None = None) -> None:
    """Draw a week calendar in ``box``; ``booked`` are ``(col, row, length)`` blocks, ``new`` fades in."""
    x0, y0, x1, y1 = box
    head = 44
    cw = (x1 - x0 - 20) / cols
    rh = (y1 - y0 - head - 16) / rows
    for i in range(cols):
        cx = x0 + 10 + i * cw
        c.rect((cx + cw * 0.25, y0 + 16, cx + cw * 0.75, y0 + 26), "#9b8c90", r=5)
    for j in range(rows + 1):
        yy = y0 + head + j * rh
        c.rect((x0 + 10, yy, x1 - 10, yy + 1.5), "#eadfe0")
    palette = (accent, SAL["sage"], SAL["gold"], lighten(accent, 0.25))
    for k, (i, j, n) in enumerate(booked):
        cx = x0 + 10 + i * cw
        yy = y0 + head + j * rh
        col = palette[k % len(palette)]
        c.rect((cx + 4, yy + 4, cx + cw - 4, yy + n * rh - 4), lighten(col, 0.55), r=8)
        c.rect((cx + 4, yy + 4, cx + 10, yy + n * rh - 4), col, r=3)
        c.rect((cx + 16, yy + 12, cx + cw * 0.7, yy + 19), darken(col, 0.2), r=3)
    if new:
        i, j, n = new
        a = ramp(t, 0.3, 0.6)
        cx = x0 + 10 + i * cw
        yy = y0 + head + j * rh
        if a > 0:
            c.begin_group(a)
            c.rect((cx + 2, yy + 2, cx + cw - 2, yy + n * rh - 2), accent, r=8, shadow=FLAT)
            c.rect((cx + 14, yy + 12, cx + cw * 0.72, yy + 20), "#ffffff", r=4)
            c.rect((cx + 14, yy + 28, cx + cw * 0.5, yy + 34), lighten(accent, 0.6), r=3)
            c.end_group()


def scene_salon_cover(c: Canvas, t: float) -> None:
    """Cover: a salon with a round mirror and chair, and a phone booking an appointment."""
    c.shadow_color = rgb("#3d2830")
    c.background(Grad(SAL["wall_a"], SAL["wall_b"]))
    floor = 580
    c.band(floor, Grad(SAL["floor"], darken(SAL["floor"], 0.08)))
    # wall arch and mirror
    c.rect((150, 60, 590, floor), lighten(SAL["rose"], 0.45), r=220)
    c.circle(370, 250, 150, SAL["gold"], shadow=SOFT)
    c.circle(370, 250, 136, Grad("#eef2f3", "#cfd9dc"))
    c.poly([(300, 160), (340, 140), (260, 330), (230, 300)], "#ffffff", alpha=0.35)
    # shelf with bottles
    c.rect((640, 260, 860, 276), Grad("#d9b98a", SAL["gold"]), r=4, shadow=FLAT)
    for i, (h, col) in enumerate(((70, SAL["plum_l"]), (54, SAL["sage"]), (82, SAL["rose"]), (60, SAL["gold"]))):
        bx = 660 + i * 50
        c.rect((bx, 260 - h, bx + 34, 260), Grad(lighten(col, 0.15), col), r=8, shadow=FLAT)
        c.rect((bx + 10, 260 - h - 14, bx + 24, 260 - h + 2), darken(col, 0.2), r=3)
    salon_chair(c, 370, floor + 30)
    plant(c, 720, floor + 20, 1.1, pot=SAL["plum_l"], leaf="#6f9479")
    # phone with the booking calendar
    box = phone(c, 900, 90, 270, 540, body="#2e2a2d", screen="#fbf8f7")
    x0, y0, x1, y1 = box
    c.rect((x0 + 18, y0 + 26, x0 + 150, y0 + 40), "#4b3f45", r=7)
    calendar_grid(c, (x0 + 4, y0 + 52, x1 - 4, y1 - 80), SAL["plum"], t, cols=4, rows=7,
                  booked=((0, 0, 2), (1, 1, 1), (2, 0, 1), (3, 2, 2), (0, 4, 1), (2, 5, 2), (1, 5, 1)),
                  new=(1, 3, 1))
    c.rect((x0 + 14, y1 - 64, x1 - 14, y1 - 18), SAL["plum"], r=23, shadow=FLAT)
    c.rect((x0 + 70, y1 - 46, x1 - 70, y1 - 36), lighten(SAL["plum"], 0.6), r=5)


def scene_salon_kalender(c: Canvas, t: float) -> None:
    """Media: the reception desk with the weekly calendar and a reminder on a phone."""
    c.shadow_color = rgb("#3d2830")
    c.background(Grad("#f3e4df", "#ead5cf"))
    c.glow(560, 300, 360, "#ffffff", 0.55)
    top = 560
    c.rect((-40, top, 1320, top + 22), "#efe4df", shadow=SOFT)
    c.rect((-40, top + 22, 1320, 760), Grad(SAL["plum_l"], SAL["plum"]))
    box = tablet(c, 170, 100, 700, 450, body="#2e2a2d", screen="#fbf8f7")
    calendar_grid(c, box, SAL["plum"], 1.0, cols=6, rows=8,
                  booked=((0, 0, 2), (1, 1, 1), (2, 0, 1), (3, 2, 2), (4, 1, 1), (5, 0, 3), (0, 4, 1),
                          (2, 5, 2), (1, 5, 1), (4, 4, 2), (3, 6, 1), (5, 5, 1)),
                  new=(2, 2, 2))
    box2 = phone(c, 930, 190, 200, 400, body="#2e2a2d", screen="#fbf8f7")
    x0, y0, x1, y1 = box2
    c.rect((x0 + 12, y0 + 40, x1 - 12, y0 + 150), "#ffffff", r=16, shadow=FLAT)
    c.circle(x0 + 40, y0 + 70, 14, SAL["plum"])
    c.rect((x0 + 62, y0 + 62, x1 - 30, y0 + 72), "#4b3f45", r=5)
    c.rect((x0 + 28, y0 + 96, x1 - 28, y0 + 104), "#cbbfc2", r=4)
    c.rect((x0 + 28, y0 + 116, x1 - 60, y0 + 124), "#cbbfc2", r=4)
    c.rect((x0 + 12, y0 + 170, x1 - 12, y0 + 214), SAL["sage"], r=22)
    c.rect((x0 + 50, y0 + 188, x1 - 50, y0 + 196), "#ffffff", r=4)
    c.rect((x0 + 12, y0 + 236, x1 - 12, y0 + 330), "#ffffff", r=16, shadow=FLAT)
    c.rect((x0 + 28, y0 + 256, x0 + 70, y0 + 298), lighten(SAL["rose"], 0.5), r=10)
    c.rect((x0 + 28, y0 + 256, x0 + 70, y0 + 268), SAL["rose"], r=6)
    c.rect((x0 + 84, y0 + 262, x1 - 28, y0 + 271), "#4b3f45", r=5)
    c.rect((x0 + 84, y0 + 284, x1 - 56, y0 + 291), "#cbbfc2", r=4)
    plant(c, 1210, top, 0.7, pot=SAL["gold"], leaf="#6f9479")


# --------------------------------------------------------------------------------------------
# Story: carpenter with a 3D configurator for quotes
# --------------------------------------------------------------------------------------------

TIS = dict(wall_a="#f2ebe1", wall_b="#e6dbcc", oak="#d6ac76", oak_d="#b98b55", green="#5d7e6c",
           green_d="#4a6858", blue="#5a7896", floor="#c9b79e", peg="#e2d3bd")


class Iso:
    """An isometric projection: virtual 3D units to canvas coordinates around an origin."""

    def __init__(self, ox: float, oy: float, s: float = 1.0) -> None:
        self.ox, self.oy, self.s = ox, oy, s

    def p(self, x: float, y: float, z: float) -> tuple[float, float]:
        """Return the canvas point of the 3D point ``(x, y, z)``."""
        return (self.ox + (x - y) * 0.866 * self.s, self.oy + (x + y) * 0.5 * self.s - z * self.s)

    def box(self, c: Canvas, x: float, y: float, z: float, w: float, d: float, h: float, color: str,
            alpha: float = 1.0) -> None:
        """Draw a solid box with its three visible faces shaded from ``color``."""
        p = self.p
        top = [p(x, y, z + h), p(x + w, y, z + h), p(x + w, y + d, z + h), p(x, y + d, z + h)]
        left = [p(x, y + d, z), p(x + w, y + d, z), p(x + w, y + d, z + h), p(x, y + d, z + h)]
        right = [p(x + w, y, z), p(x + w, y + d, z), p(x + w, y + d, z + h), p(x + w, y, z + h)]
        c.begin_group(alpha)
        c.poly(left, darken(color, 0.08))
        c.poly(right, darken(color, 0.2))
        c.poly(top, lighten(color, 0.12))
        c.end_group()


def iso_shelf(c: Canvas, iso: Iso, t: float, body: str, back: str, build: bool = True) -> None:
    """Draw a bookcase in isometric view; with ``build`` its boards drop into place over ``t``."""
    W, D, H, th = 200, 70, 260, 12
    parts = [
        (0, 0, 0, W, th, H, back),                 # back panel
        (0, 0, 0, th, D, H, body),                 # left side
        (th, 0, 0, W - 2 * th, D, th, body),       # bottom
        (th, 0, H * 0.36, W - 2 * th, D, th, body),
        (th, 0, H * 0.68, W - 2 * th, D, th, body),
        (0, 0, H - th, W, D, th, body),            # top
        (W - th, 0, 0, th, D, H, body),            # right side
    ]
    n = len(parts)
    for i, (x, y, z, w, d, h, col) in enumerate(parts):
        if build:
            # the back panel and the left side already stand at t = 0, so the film's
            # first frame (its poster) is not an empty screen
            a = ramp(t, -0.25 + i * 0.11, -0.25 + i * 0.11 + 0.16)
            if a <= 0:
                continue
            iso.box(c, x, y, z + (1 - a) * 60, w, d, h, col, alpha=a)
        else:
            iso.box(c, x, y, z, w, d, h, col)
    # a few things on the shelves, once it stands
    a = ramp(t, -0.25 + n * 0.11, -0.25 + n * 0.11 + 0.15) if build else 1.0
    if a > 0:
        iso.box(c, 30, 20, th, 18, 40, 60, "#c66e4e", alpha=a)
        iso.box(c, 50, 20, th, 16, 40, 52, "#e0b24f", alpha=a)
        iso.box(c, 120, 15, H * 0.36 + th, 50, 40, 40, "#8fa3b5", alpha=a)


def tool_silhouettes(c: Canvas, x: float, y: float, color: str) -> None:
    """Draw a pegboard with a hand saw, a hammer, a square and a chisel."""
    c.rect((x, y, x + 420, y + 200), TIS["peg"], r=10, shadow=FLAT)
    for i in range(14):
        for j in range(6):
            c.circle(x + 20 + i * 29, y + 18 + j * 33, 3, darken(TIS["peg"], 0.12))
    # saw
    c.poly([(x + 40, y + 60), (x + 180, y + 40), (x + 180, y + 90), (x + 40, y + 90)], "#c9ced3")
    c.rect((x + 170, y + 34, x + 220, y + 96), color, r=14)
    c.rect((x + 182, y + 50, x + 206, y + 80), TIS["peg"], r=8)
    # hammer
    c.rect((x + 262, y + 40, x + 276, y + 170), TIS["oak_d"], r=6)
    c.rect((x + 240, y + 30, x + 300, y + 56), "#6d747b", r=6)
    # square
    c.poly([(x + 320, y + 40), (x + 336, y + 40), (x + 336, y + 150), (x + 400, y + 150), (x + 400, y + 166),
            (x + 320, y + 166)], "#aab2b9")
    # chisel
    c.rect((x + 60, y + 120, x + 150, y + 140), color, r=9)
    c.poly([(x + 150, y + 124), (x + 210, y + 126), (x + 216, y + 134), (x + 150, y + 136)], "#c9ced3")


def scene_tischler_cover(c: Canvas, t: float) -> None:
    """Cover (and film): a workbench with a screen showing the 3D shelf the customer configured."""
    c.shadow_color = rgb("#3a2c1f")
    c.background(Grad(TIS["wall_a"], TIS["wall_b"]))
    floor = 600
    c.band(floor, Grad(TIS["floor"], darken(TIS["floor"], 0.08)))
    tool_silhouettes(c, 730, 50, TIS["green"])
    # planks leaning on the wall
    for i, col in enumerate((TIS["oak"], lighten(TIS["oak"], 0.12), TIS["oak_d"])):
        c.poly([(1160 + i * 26, 120), (1186 + i * 26, 120), (1150 + i * 26 + 60, floor), (1124 + i * 26 + 60, floor)],
               Grad(lighten(col, 0.1), col), shadow=FLAT)
    # workbench
    top = 420
    for lx in (110, 640):
        c.rect((lx, top + 40, lx + 36, floor + 10), TIS["oak_d"], r=4, shadow=FLAT)
    c.rect((110, top + 140, 676, top + 160), darken(TIS["oak_d"], 0.08), r=3)
    c.rect((80, top, 710, top + 44), Grad(lighten(TIS["oak"], 0.1), TIS["oak_d"]), r=6, shadow=SOFT)
    # screen on the bench with the configurator
    c.rect((380, top - 40, 420, top), "#3a3f45")
    c.rect((330, top - 8, 470, top), "#3a3f45", r=4)
    box = tablet(c, 180, 130, 440, 260, body="#2b2f35", screen="#f6f3ee")
    x0, y0, x1, y1 = box
    iso_shelf(c, Iso(x0 + 175, y0 + 158, 0.55), t, TIS["green"], TIS["green_d"])
    for i, col in enumerate((TIS["green"], TIS["oak"], TIS["blue"], "#ffffff")):
        c.circle(x1 - 40, y0 + 40 + i * 44, 15, col, shadow=FLAT)
    c.circle(x1 - 40, y0 + 40, 21, TIS["green"], alpha=0.25)
    # pencil and a ruler on the bench
    c.line([(230, top - 8), (350, top - 14)], "#e0b24f", width=9, shadow=FLAT)
    c.rect((500, top - 12, 690, top - 2), "#e9e4da", r=2, shadow=FLAT)
    # the finished cabinet
    cx0, cx1 = 800, 1110
    c.rect((cx0, 300, cx1, floor - 20), Grad(TIS["green"], TIS["green_d"]), r=6, shadow=SOFT)
    c.rect((cx0 - 10, 288, cx1 + 10, 306), Grad(lighten(TIS["oak"], 0.1), TIS["oak_d"]), r=4)
    for i in range(3):
        dx0 = cx0 + 14 + i * (cx1 - cx0 - 28) / 3
        dx1 = dx0 + (cx1 - cx0 - 28) / 3 - 8
        c.rect((dx0, 318, dx1, floor - 36), lighten(TIS["green"], 0.06), r=4)
        c.rect(((dx0 + dx1) / 2 - 16, 340, (dx0 + dx1) / 2 + 16, 346), TIS["oak"], r=3)
    for lx in (cx0 + 20, cx1 - 36):
        c.rect((lx, floor - 20, lx + 16, floor + 6), darken(TIS["oak_d"], 0.2), r=3)
    plant(c, 140, top, 0.5, pot="#e9e4da", leaf="#7ea57a")


def scene_tischler_konfigurator(c: Canvas, t: float) -> None:
    """Media: the configurator on a laptop: 3D shelf, finishes, sizes and the price."""
    c.shadow_color = rgb("#3a2c1f")
    c.background(Grad("#efe8de", "#e3d8c8"))
    c.glow(640, 300, 380, "#ffffff", 0.5)
    top = 610
    c.rect((-40, top, 1320, 760), Grad(lighten(TIS["oak"], 0.1), TIS["oak_d"]))
    # laptop
    c.poly([(170, top), (1110, top), (1150, top + 30), (130, top + 30)], "#c7ccd1", shadow=SOFT)
    box = (200, 70, 1080, top)
    c.rect(box, "#2b2f35", r=20, shadow=LIFT)
    x0, y0, x1, y1 = 218, 88, 1062, top - 18
    c.rect((x0, y0, x1, y1), "#f6f3ee", r=8)
    c.rect((x0, y0, x0 + 560, y1), Grad("#fbf9f5", "#ece6dc"), r=8)
    iso = Iso(x0 + 240, y0 + 70 + 260 * 0.92, 0.92)
    iso_shelf(c, iso, 1.0, TIS["oak"], TIS["oak_d"], build=False)
    # dimension marks along the front and side edges
    W, D = 200, 70
    for a, b in ((iso.p(0, D + 26, 0), iso.p(W, D + 26, 0)), (iso.p(W + 26, 0, 0), iso.p(W + 26, D, 0))):
        c.line([a, b], "#9aa0a6", width=2.5)
        for q in (a, b):
            c.circle(q[0], q[1], 5, "#9aa0a6")
    c.line([iso.p(-22, D, 0), iso.p(-22, D, 260)], "#9aa0a6", width=2.5)
    for q in (iso.p(-22, D, 0), iso.p(-22, D, 260)):
        c.circle(q[0], q[1], 5, "#9aa0a6")
    # side panel
    px = x0 + 590
    c.rect((px, y0 + 30, px + 160, y0 + 44), "#4d4a44", r=7)
    for i, col in enumerate((TIS["oak"], TIS["green"], TIS["blue"], "#f4f1ea")):
        c.circle(px + 24 + i * 56, y0 + 92, 20, col, shadow=FLAT)
    c.circle(px + 24, y0 + 92, 27, TIS["oak_d"], alpha=0.25)
    for j, f in enumerate((0.62, 0.4, 0.75)):
        yy = y0 + 150 + j * 64
        c.rect((px, yy, px + 110, yy + 10), "#8a847b", r=5)
        c.rect((px, yy + 28, x1 - 30, yy + 34), "#ddd5c9", r=3)
        c.rect((px, yy + 28, px + (x1 - 30 - px) * f, yy + 34), TIS["green"], r=3)
        c.circle(px + (x1 - 30 - px) * f, yy + 31, 11, "#ffffff", shadow=FLAT)
    c.rect((px, y1 - 90, x1 - 30, y1 - 30), TIS["green"], r=30, shadow=FLAT)
    c.rect((px + 60, y1 - 66, x1 - 90, y1 - 54), lighten(TIS["green"], 0.6), r=6)


# --------------------------------------------------------------------------------------------
# Story: flower shop taking orders by messenger
# --------------------------------------------------------------------------------------------

FLO = dict(wall_a="#e7f0ea", wall_b="#d8e6dd", mint="#8fbfa6", coral="#e27f69", pink="#e9a5b4",
           yellow="#efc75e", lilac="#a99bd0", leaf="#5f9470", zinc="#aab7bd", paper="#e3cba5", ink="#2f3b36")


def bloom(c: Canvas, x: float, y: float, r: float, color: str, kind: int = 0) -> None:
    """Draw one flower head: 0 = round blossom, 1 = tulip, 2 = daisy."""
    if kind == 1:
        c.ellipse((x - r * 0.8, y - r, x + r * 0.8, y + r * 0.9), Grad(lighten(color, 0.12), color))
        c.poly([(x - r * 0.8, y - r * 0.2), (x - r * 0.45, y - r * 1.25), (x - r * 0.1, y - r * 0.5)],
               lighten(color, 0.12))
        c.poly([(x + r * 0.8, y - r * 0.2), (x + r * 0.45, y - r * 1.25), (x + r * 0.1, y - r * 0.5)],
               lighten(color, 0.05))
    elif kind == 2:
        for i in range(8):
            a = i * math.pi / 4
            c.circle(x + math.cos(a) * r * 0.62, y + math.sin(a) * r * 0.62, r * 0.42, "#fbf8f2")
        c.circle(x, y, r * 0.4, color)
    else:
        for i in range(5):
            a = i * 2 * math.pi / 5 - math.pi / 2
            c.circle(x + math.cos(a) * r * 0.5, y + math.sin(a) * r * 0.5, r * 0.55, color)
        c.circle(x, y, r * 0.35, darken(color, 0.15))


def bucket_of_flowers(c: Canvas, x: float, base: float, color: str, kind: int, n: int = 5,
                      height: float = 200) -> None:
    """Draw a zinc bucket of ``n`` flowers standing at ``(x, base)``."""
    rnd = random.Random(int(x * 7 + base))
    heads = []
    for i in range(n):
        hx = x + (i - (n - 1) / 2) * 26 + rnd.uniform(-6, 6)
        hy = base - 110 - height * rnd.uniform(0.6, 1.0)
        c.line([(x + (i - (n - 1) / 2) * 8, base - 80), (hx, hy)], FLO["leaf"], width=5)
        heads.append((hx, hy))
    rot_oval(c, x - 30, base - 140, 12, 34, -30, lighten(FLO["leaf"], 0.1))
    rot_oval(c, x + 34, base - 130, 12, 30, 34, FLO["leaf"])
    for hx, hy in heads:
        bloom(c, hx, hy, 22, color, kind)
    c.poly([(x - 62, base - 110), (x + 62, base - 110), (x + 48, base), (x - 48, base)],
           Grad(lighten(FLO["zinc"], 0.15), darken(FLO["zinc"], 0.08), vertical=False), shadow=SOFT)
    c.rect((x - 66, base - 116, x + 66, base - 102), lighten(FLO["zinc"], 0.2), r=6)


def bouquet(c: Canvas, x: float, y: float, s: float = 1.0) -> None:
    """Draw a wrapped bouquet whose paper cone tip is at ``(x, y)``."""
    heads = [(-50, -250, FLO["coral"], 0), (0, -290, FLO["pink"], 1), (52, -250, FLO["yellow"], 2),
             (-20, -220, FLO["lilac"], 0), (30, -205, FLO["coral"], 1), (-70, -195, FLO["yellow"], 2),
             (75, -190, FLO["pink"], 0)]
    for dx, dy, _, _ in heads:
        c.line([(x, y - 60 * s), (x + dx * s, y + dy * s)], FLO["leaf"], width=5 * s)
    rot_oval(c, x - 80 * s, y - 200 * s, 14 * s, 40 * s, -40, FLO["leaf"])
    rot_oval(c, x + 85 * s, y - 215 * s, 14 * s, 40 * s, 40, lighten(FLO["leaf"], 0.1))
    for dx, dy, col, kind in heads:
        bloom(c, x + dx * s, y + dy * s, 30 * s, col, kind)
    c.poly([(x - 110 * s, y - 180 * s), (x + 110 * s, y - 180 * s), (x + 12 * s, y), (x - 12 * s, y)],
           Grad(lighten(FLO["paper"], 0.1), darken(FLO["paper"], 0.05), vertical=False), shadow=SOFT)
    c.poly([(x - 110 * s, y - 180 * s), (x - 20 * s, y - 160 * s), (x - 4 * s, y)], lighten(FLO["paper"], 0.18))
    c.line([(x - 34 * s, y - 70 * s), (x + 34 * s, y - 70 * s)], FLO["coral"], width=10 * s)
    c.circle(x, y - 70 * s, 10 * s, darken(FLO["coral"], 0.1))


def flower_thumb(c: Canvas, box: Sequence[float]) -> None:
    """Draw the tiny bouquet photo inside a chat bubble."""
    x0, y0, x1, y1 = box
    c.rect(box, Grad("#f6efe4", "#ecdfcc"), r=12)
    cx = (x0 + x1) / 2
    for dx, col in ((-22, FLO["coral"]), (0, FLO["pink"]), (22, FLO["yellow"])):
        c.circle(cx + dx, y0 + 24 + abs(dx) * 0.3, 12, col)
    c.poly([(cx - 30, y0 + 34), (cx + 30, y0 + 34), (cx + 4, y1 - 6), (cx - 4, y1 - 6)], FLO["paper"])


def scene_blumen_cover(c: Canvas, t: float) -> None:
    """Cover: buckets of flowers, a wrapped bouquet, and the order chat on a phone."""
    c.shadow_color = rgb("#24352c")
    c.background(Grad(FLO["wall_a"], FLO["wall_b"]))
    c.glow(420, 260, 320, "#ffffff", 0.5)
    floor = 600
    c.band(floor, Grad("#c9d6cc", "#b7c7bb"))
    # wooden stand
    c.rect((40, 420, 720, 440), Grad("#d9b98a", "#c09a66"), r=4, shadow=SOFT)
    for lx in (60, 680):
        c.rect((lx, 440, lx + 20, floor), "#b08a59")
    bucket_of_flowers(c, 140, 420, FLO["coral"], 1)
    bucket_of_flowers(c, 300, 420, FLO["yellow"], 2, height=170)
    bucket_of_flowers(c, 460, 420, FLO["pink"], 0)
    bucket_of_flowers(c, 620, 420, FLO["lilac"], 0, height=160)
    bucket_of_flowers(c, 220, floor + 20, FLO["coral"], 0, n=4, height=90)
    bucket_of_flowers(c, 520, floor + 20, FLO["yellow"], 1, n=4, height=90)
    bouquet(c, 820, 590, 0.95)
    box = phone(c, 960, 80, 250, 520, body="#263029")
    chat_screen(c, box, t, "#3f7d62", other="#e6ece7", thumb=flower_thumb)


def scene_blumen_strauss(c: Canvas, t: float) -> None:
    """Media: the finished bouquet on the counter, ready for pick-up or delivery."""
    c.shadow_color = rgb("#24352c")
    c.background(Grad("#f3ede4", "#ebe2d4"))
    c.glow(520, 320, 330, "#ffffff", 0.6)
    top = 600
    c.rect((-40, top, 1320, top + 20), "#f1ebe2", shadow=SOFT)
    c.rect((-40, top + 20, 1320, 760), Grad(FLO["mint"], darken(FLO["mint"], 0.12)))
    bouquet(c, 560, 590, 1.55)
    # a ceramic vase holds the bouquet
    c.poly([(470, 440), (650, 440), (630, 600), (490, 600)], Grad("#f4f1ea", "#dcd6ca", vertical=False), shadow=SOFT)
    c.rect((462, 430, 658, 448), "#ece7de", r=8)
    c.rect((500, 470, 512, 580), "#ffffff", r=6, alpha=0.6)
    # delivery tag and scissors
    c.rect((760, 470, 940, 590), "#ffffff", r=12, shadow=FLAT)
    c.circle(790, 500, 10, FLO["mint"])
    c.rect((810, 494, 910, 504), FLO["ink"], r=5)
    c.rect((784, 530, 910, 538), "#c9c3b9", r=4)
    c.rect((784, 552, 880, 560), "#c9c3b9", r=4)
    c.line([(1010, 580), (1120, 540)], "#8a969b", width=8, shadow=FLAT)
    c.line([(1010, 540), (1120, 580)], "#8a969b", width=8, shadow=FLAT)
    c.circle(1000, 584, 16, FLO["coral"])
    c.circle(1000, 536, 16, FLO["coral"])
    c.circle(1000, 584, 8, "#f1ebe2")
    c.circle(1000, 536, 8, "#f1ebe2")
    # ribbon spool and a bucket of tulips
    c.circle(300, 560, 40, FLO["coral"], shadow=FLAT)
    c.circle(300, 560, 14, lighten(FLO["coral"], 0.5))
    c.line([(340, 570), (400, 596)], FLO["coral"], width=6)
    bucket_of_flowers(c, 150, 600, FLO["yellow"], 1, n=5, height=150)


# --------------------------------------------------------------------------------------------
# Story: electrical contractor with digital job folders
# --------------------------------------------------------------------------------------------

ELE = dict(wall_a="#e6ebf2", wall_b="#d6dee9", navy="#2f4468", navy_l="#4a6390", yellow="#f0c24b",
           grey="#c9d0d8", green="#4f9d74", orange="#e08b3e")


def fuse_box(c: Canvas, x: float, y: float, w: float, h: float) -> None:
    """Draw an open distribution board with rows of breakers."""
    c.rect((x, y, x + w, y + h), Grad("#f2f4f6", "#dfe4e9"), r=12, shadow=SOFT)
    c.rect((x + 18, y + 18, x + w - 18, y + h - 18), "#eef1f4", r=6)
    rows = 4
    for r in range(rows):
        ry = y + 40 + r * (h - 80) / rows
        c.rect((x + 30, ry + 20, x + w - 30, ry + 28), "#b9c1ca", r=2)
        n = int((w - 60) // 34)
        for i in range(n):
            bx = x + 32 + i * 34
            c.rect((bx, ry, bx + 28, ry + 48), "#ffffff", r=4, shadow=(0, 2, 3, 0.15))
            col = (ELE["navy_l"], ELE["yellow"], ELE["green"], ELE["orange"])[(i + r) % 4 if i % 3 == 0 else 0]
            c.rect((bx + 9, ry + 14, bx + 19, ry + 30), col, r=3)
    # door open to the right
    c.poly([(x + w, y), (x + w + 60, y + 24), (x + w + 60, y + h - 24), (x + w, y + h)],
           Grad("#d3d9df", "#b9c1ca", vertical=False), shadow=FLAT)


def cable_reel(c: Canvas, x: float, base: float, r: float, color: str) -> None:
    """Draw a cable drum standing at ``(x, base)``."""
    cy = base - r
    c.circle(x, cy, r, Grad(lighten(color, 0.15), color), shadow=SOFT)
    for k in range(1, 4):
        c.arc((x - r * k / 4.5, cy - r * k / 4.5, x + r * k / 4.5, cy + r * k / 4.5), 0, 360,
              darken(color, 0.18), 3)
    c.circle(x, cy, r * 0.14, "#e9dcc3")
    c.line([(x + r * 0.7, cy + r * 0.5), (x + r * 1.4, base - 4), (x + r * 2.2, base - 4)], color, width=8)


def checklist(c: Canvas, box: Sequence[float], t: float, accent: str, rows: int = 4) -> None:
    """Draw a job checklist with photo thumbnails; ticks appear over ``t``."""
    x0, y0, x1, y1 = box
    c.rect((x0 + 20, y0 + 22, x0 + 180, y0 + 36), "#33415a", r=7)
    c.rect((x1 - 120, y0 + 18, x1 - 20, y0 + 42), lighten(accent, 0.7), r=12)
    rh = (y1 - y0 - 150) / rows
    for i in range(rows):
        yy = y0 + 58 + i * rh
        a = ramp(t, 0.1 + i * 0.15, 0.2 + i * 0.15)
        c.rect((x0 + 14, yy, x0 + (x1 - x0) * 0.62, yy + rh - 10), "#ffffff", r=10, shadow=FLAT)
        cy = yy + (rh - 10) / 2
        c.rect((x0 + 30, cy - 12, x0 + 54, cy + 12), "#e6eaef", r=6)
        if a > 0:
            c.begin_group(a)
            c.rect((x0 + 30, cy - 12, x0 + 54, cy + 12), ELE["green"], r=6)
            c.line([(x0 + 36, cy), (x0 + 41, cy + 6), (x0 + 49, cy - 6)], "#ffffff", width=3.5)
            c.end_group()
        c.rect((x0 + 70, cy - 5, x0 + 70 + (x1 - x0) * (0.28 + 0.08 * (i % 3)), cy + 5), "#55627a", r=5)
    # photos
    px0 = x0 + (x1 - x0) * 0.66
    for j in range(2):
        for i in range(2):
            bx = px0 + i * ((x1 - px0 - 24) / 2 + 8)
            by = y0 + 58 + j * 96
            bw = (x1 - px0 - 24) / 2
            c.rect((bx, by, bx + bw, by + 86), Grad("#cbd6e2", "#a9b9ca"), r=10)
            c.rect((bx + bw * 0.3, by + 22, bx + bw * 0.7, by + 64), "#eef1f4", r=4)
            c.rect((bx + bw * 0.42, by + 34, bx + bw * 0.58, by + 40), (ELE["yellow"], ELE["navy_l"])[(i + j) % 2],
                   r=2)
    # signature line
    c.rect((x0 + 14, y1 - 80, x1 - 14, y1 - 14), "#ffffff", r=12, shadow=FLAT)
    sig = [(x0 + 40 + k * 12, y1 - 48 + math.sin(k * 1.3) * 12) for k in range(18)]
    c.line(sig, "#33415a", width=3)
    c.rect((x1 - 150, y1 - 62, x1 - 30, y1 - 30), accent, r=16)


def scene_elektro_cover(c: Canvas, t: float) -> None:
    """Cover: an open distribution board, a cable drum, and the job folder on a tablet."""
    c.shadow_color = rgb("#1b2638")
    c.background(Grad(ELE["wall_a"], ELE["wall_b"]))
    c.glow(880, 320, 320, "#ffffff", 0.5)
    floor = 590
    c.band(floor, Grad("#c3ccd7", "#b1bcc9"))
    fuse_box(c, 90, 110, 360, 400)
    c.line([(270, 510), (270, floor + 20)], "#8894a3", width=14)
    cable_reel(c, 150, floor + 40, 70, ELE["orange"])
    toolbox(c, 440, floor + 36, 170, ELE["navy"])
    box = tablet(c, 680, 150, 520, 370, body="#1f2a3c", screen="#f6f8fb")
    checklist(c, box, t, ELE["navy"])


def scene_elektro_mappe(c: Canvas, t: float) -> None:
    """Media: the company van with the tablet job folder ready for the next job."""
    c.shadow_color = rgb("#1b2638")
    c.background(Grad("#dde7f0", "#eef2f5"))
    c.glow(1060, 160, 120, "#fff3d6", 0.8)
    ground = 620
    c.band(540, Grad("#cfd6dc", "#bec7cf"))
    # van
    vx = 120
    c.rect((vx, ground - 300, vx + 600, ground - 50), Grad("#ffffff", "#e4e8ec"), r=40, shadow=SOFT)
    c.poly([(vx + 470, ground - 300), (vx + 560, ground - 300), (vx + 640, ground - 190), (vx + 640, ground - 60),
            (vx + 470, ground - 60)], Grad("#ffffff", "#e4e8ec"))
    c.poly([(vx + 490, ground - 280), (vx + 552, ground - 280), (vx + 612, ground - 196), (vx + 490, ground - 196)],
           Grad("#cfe0ea", "#a9c2d2"))
    c.rect((vx, ground - 150, vx + 640, ground - 118), ELE["navy"])
    c.rect((vx, ground - 118, vx + 640, ground - 106), ELE["yellow"])
    c.rect((vx + 60, ground - 250, vx + 200, ground - 200), ELE["navy"], r=12)
    c.poly([(vx + 92, ground - 242), (vx + 78, ground - 222), (vx + 96, ground - 222), (vx + 84, ground - 206),
            (vx + 112, ground - 230), (vx + 94, ground - 230), (vx + 104, ground - 242)], ELE["yellow"])
    c.rect((vx + 124, ground - 232, vx + 186, ground - 222), lighten(ELE["navy"], 0.5), r=5)
    c.rect((vx + 610, ground - 100, vx + 650, ground - 60), "#3a3f45", r=8)
    for wx in (vx + 130, vx + 520):
        c.circle(wx, ground - 40, 46, "#2a2d33", shadow=(0, 4, 4, 0.25))
        c.circle(wx, ground - 40, 20, "#9aa1aa")
    # tablet standing behind a toolbox
    box = tablet(c, 840, 330, 340, 250, body="#1f2a3c", screen="#f6f8fb")
    x0, y0, x1, y1 = box
    for i in range(3):
        yy = y0 + 22 + i * 50
        c.rect((x0 + 14, yy, x1 - 14, yy + 40), "#ffffff", r=8, shadow=FLAT)
        check_mark(c, x0 + 36, yy + 20, 11, fill=ELE["green"] if i < 2 else "#c9d0d8")
        c.rect((x0 + 58, yy + 15, x0 + 58 + 120 + 30 * (i % 2), yy + 25), "#55627a", r=5)
    toolbox(c, 880, ground + 50, 260, ELE["navy"])


# --------------------------------------------------------------------------------------------
# Pages and attract loop
# --------------------------------------------------------------------------------------------

WB = dict(wall_a="#f1ede6", wall_b="#e6e0d6", slate="#34495e", accent="#d9713b", wood="#cfa572",
          wood_d="#b48752", green="#6f9a7b", floor="#d3c8b8")


def coin_stack(c: Canvas, x: float, base: float, n: int, r: float = 44) -> None:
    """Draw a stack of ``n`` coins standing at ``(x, base)``."""
    for i in range(n):
        y = base - i * 12
        c.ellipse((x - r, y - 14, x + r, y + 8), "#b98c35", shadow=FLAT if i == 0 else None)
        c.ellipse((x - r, y - 22, x + r, y), Grad("#f1cf78", "#d6a94a"))
    c.ellipse((x - r * 0.6, base - n * 12 - 16, x + r * 0.6, base - n * 12 - 4), "#f6dc98", alpha=0.8)


def scene_foerderung(c: Canvas, t: float) -> None:
    """Page: the funding programme: an application form with a seal, coins and a calculator."""
    c.shadow_color = rgb("#2a3340")
    c.background(Grad("#e9eef0", "#dde5e8"))
    c.glow(560, 300, 360, "#ffffff", 0.6)
    top = 590
    c.rect((-40, top, 1320, top + 18), "#eef0ee", shadow=SOFT)
    c.rect((-40, top + 18, 1320, 760), Grad(WB["slate"], darken(WB["slate"], 0.2)))
    # application form
    c.rect((380, 90, 720, 560), "#ffffff", r=10, shadow=LIFT)
    c.rect((420, 130, 600, 146), WB["slate"], r=8)
    c.rect((420, 160, 540, 170), "#b7c0c8", r=5)
    for i in range(6):
        yy = 210 + i * 44
        c.rect((420, yy, 680, yy + 30), "#f1f4f6", r=6)
        c.rect((432, yy + 11, 432 + 120 + 60 * (i % 3 == 1), yy + 19), "#8793a0", r=4)
    c.circle(630, 500, 38, WB["accent"], alpha=0.9)
    c.circle(630, 500, 28, lighten(WB["accent"], 0.3))
    c.line([(616, 500), (626, 510), (646, 488)], "#ffffff", width=6)
    c.line([(430, 510), (460, 494), (480, 512), (520, 490), (550, 506)], WB["slate"], width=3)
    # pen
    c.line([(700, 470), (820, 560)], WB["slate"], width=12, shadow=FLAT)
    c.line([(820, 560), (838, 574)], "#d9a44a", width=6)
    # coins
    coin_stack(c, 900, top - 4, 6)
    coin_stack(c, 1010, top - 4, 9)
    coin_stack(c, 1110, top - 4, 4)
    # calculator
    c.rect((130, 370, 300, 590), Grad("#4b6278", WB["slate"]), r=16, shadow=SOFT)
    c.rect((150, 392, 280, 442), "#d9e6d8", r=6)
    c.rect((200, 410, 266, 424), "#5b6f60", r=3)
    for j in range(4):
        for i in range(3):
            col = WB["accent"] if (i == 2 and j == 3) else "#e9edf0"
            c.rect((150 + i * 45, 458 + j * 32, 185 + i * 45, 482 + j * 32), col, r=6)
    plant(c, 1210, top, 0.8, pot="#e9e4da", leaf=WB["green"])


def provider_tile(c: Canvas, x: float, y: float, w: float, h: float, mark: int) -> None:
    """Draw one tile of the provider wall: the same size and style for everyone.

    Each firm's sign is a simple shape (``mark`` picks it), not letters: a crop may cut text.
    """
    c.rect((x, y, x + w, y + h), "#ffffff", r=10, shadow=FLAT)
    cx, cy, r = x + w / 2, y + h * 0.42, h * 0.22
    c.circle(cx, cy, r, "#eef0f2")
    ink, m = "#3b4654", r * 0.45
    shapes = (
        lambda: c.circle(cx, cy, m, ink),
        lambda: c.rect((cx - m, cy - m, cx + m, cy + m), ink, r=3),
        lambda: c.poly([(cx, cy - m * 1.1), (cx + m * 1.1, cy + m * 0.8), (cx - m * 1.1, cy + m * 0.8)], ink),
        lambda: c.arc((cx - m, cy - m, cx + m, cy + m), 0, 360, ink, width=m * 0.45),
        lambda: c.poly([(cx, cy - m * 1.2), (cx + m * 1.2, cy), (cx, cy + m * 1.2), (cx - m * 1.2, cy)], ink),
        lambda: [c.rect((cx - m + k * m * 0.75, cy - m, cx - m + k * m * 0.75 + m * 0.45, cy + m), ink, r=2)
                 for k in range(3)],
    )
    shapes[mark % len(shapes)]()
    c.rect((x + w * 0.22, y + h * 0.76, x + w * 0.78, y + h * 0.82), "#c3cad2", r=3)


def kiosk_terminal(c: Canvas, x: float, floor: float, s: float = 1.0) -> None:
    """Draw the upright touchscreen terminal standing at ``(x, floor)``."""
    c.rect((x - 60 * s, floor - 16 * s, x + 60 * s, floor), "#3a4350", r=6 * s, shadow=SOFT)
    c.rect((x - 14 * s, floor - 180 * s, x + 14 * s, floor - 10 * s), "#4a5563")
    c.rect((x - 110 * s, floor - 390 * s, x + 110 * s, floor - 170 * s), "#262c34", r=14 * s, shadow=SOFT)
    c.rect((x - 98 * s, floor - 378 * s, x + 98 * s, floor - 182 * s), Grad("#fbf7f1", "#efe7db"), r=8 * s)
    for i in range(2):
        for j in range(2):
            tx = x - 86 * s + i * 90 * s
            ty = floor - 360 * s + j * 84 * s
            c.rect((tx, ty, tx + 80 * s, ty + 72 * s), (WB["wood"], WB["green"], "#8fa7c0", "#d9a48f")[i + 2 * j],
                   r=6 * s)
    c.rect((x - 40 * s, floor - 200 * s, x + 40 * s, floor - 190 * s), WB["accent"], r=4 * s)


def stool(c: Canvas, x: float, floor: float, color: str) -> None:
    """Draw a simple stool standing at ``(x, floor)``."""
    c.line([(x - 24, floor), (x - 14, floor - 90)], WB["wood_d"], width=7)
    c.line([(x + 24, floor), (x + 14, floor - 90)], WB["wood_d"], width=7)
    c.rect((x - 40, floor - 104, x + 40, floor - 86), color, r=9, shadow=FLAT)


def scene_raum(c: Canvas, t: float) -> None:
    """Page: the Werkbank showroom: windows, the provider wall, a terminal and a work table."""
    c.shadow_color = rgb("#2b2a28")
    c.background(Grad(WB["wall_a"], WB["wall_b"]))
    floor = 600
    c.band(floor, Grad(WB["floor"], darken(WB["floor"], 0.07)))
    # windows
    for i in range(3):
        wx = 60 + i * 150
        c.rect((wx, 70, wx + 130, 380), "#ffffff", r=6, shadow=FLAT)
        c.rect((wx + 8, 78, wx + 122, 372), Grad("#d8e6ee", "#eef3f2"), r=3)
        c.rect((wx + 63, 78, wx + 67, 372), "#ffffff")
        c.rect((wx + 8, 222, wx + 122, 226), "#ffffff")
    # provider wall: equal tiles, no ranking
    c.rect((540, 90, 1010, 400), lighten(WB["slate"], 0.82), r=12)
    for k in range(6):
        provider_tile(c, 560 + (k % 3) * 150, 110 + (k // 3) * 145, 130, 125, k)
    for x in (360, 900):
        pendant_lamp(c, x, 56, shade=WB["slate"], light="#fff1cf")
    # work table with stools
    c.rect((260, 470, 760, 490), Grad(WB["wood"], WB["wood_d"]), r=6, shadow=SOFT)
    for lx in (290, 714):
        c.rect((lx, 490, lx + 16, floor + 10), WB["wood_d"])
    c.rect((430, 440, 560, 470), "#2b3138", r=6)
    c.rect((440, 446, 550, 466), "#dfe6ec", r=3)
    c.ellipse((610, 452, 650, 470), "#ffffff")
    c.rect((614, 440, 646, 462), "#ffffff", r=6)
    for sx, col in ((320, WB["accent"]), (520, WB["green"]), (700, WB["slate"])):
        stool(c, sx, floor + 40, col)
    kiosk_terminal(c, 1110, floor + 30, 0.9)
    plant(c, 110, floor + 30, 0.9, pot=WB["accent"], leaf=WB["green"])


def chair(c: Canvas, x: float, floor: float, facing: int, color: str) -> None:
    """Draw a side view chair at ``x``; ``facing`` is +1 (right) or -1 (left)."""
    back = x - facing * 40
    c.line([(back, floor), (back, floor - 230)], darken(color, 0.15), width=10)
    c.line([(x + facing * 40, floor), (x + facing * 40, floor - 110)], darken(color, 0.15), width=10)
    c.rect((x - 50, floor - 124, x + 50, floor - 106), color, r=9, shadow=FLAT)
    c.rect((back - 12, floor - 236, back + 12, floor - 150), color, r=10)


def cup(c: Canvas, x: float, base: float, color: str) -> None:
    """Draw a coffee cup on a saucer standing at ``(x, base)``."""
    c.ellipse((x - 40, base - 8, x + 40, base + 6), "#f4f4f2", shadow=FLAT)
    c.arc((x + 12, base - 50, x + 44, base - 18), 270, 90, color, 6)
    c.rect((x - 26, base - 58, x + 26, base - 4), color, r=12)
    c.ellipse((x - 26, base - 64, x + 26, base - 52), lighten(color, 0.2))
    c.ellipse((x - 20, base - 62, x + 20, base - 54), "#6b4a35")


def scene_treffen(c: Canvas, t: float) -> None:
    """Page: a table for two, coffee and a laptop: meeting a provider on neutral ground."""
    c.shadow_color = rgb("#2b2a28")
    c.background(Grad("#f3eee7", "#e9e1d5"))
    floor = 620
    c.band(floor, Grad(WB["floor"], darken(WB["floor"], 0.07)))
    # window
    c.rect((380, 60, 900, 380), "#ffffff", r=8, shadow=FLAT)
    c.rect((392, 72, 888, 368), Grad("#d5e5ee", "#eef4f2"), r=4)
    tree(c, 500, 368, 0.9, leaf="#9fbc9a")
    tree(c, 780, 368, 0.7, leaf="#8fb08a")
    c.rect((638, 72, 642, 368), "#ffffff")
    pendant_lamp(c, 640, 150, shade=WB["slate"], light="#fff1cf")
    # table
    c.rect((400, 430, 880, 452), Grad(WB["wood"], WB["wood_d"]), r=8, shadow=SOFT)
    c.rect((628, 452, 652, floor - 10), "#3d4651")
    c.ellipse((560, floor - 16, 720, floor + 6), "#3d4651", shadow=FLAT)
    chair(c, 300, floor, 1, WB["green"])
    chair(c, 980, floor, -1, WB["accent"])
    # things on the table
    cup(c, 470, 430, "#ffffff")
    cup(c, 810, 430, WB["slate"])
    c.poly([(560, 430), (720, 430), (706, 424), (574, 424)], "#9aa3ad")
    c.poly([(574, 424), (706, 424), (690, 320), (590, 320)], "#2b3138", shadow=FLAT)
    c.poly([(582, 416), (698, 416), (684, 328), (596, 328)], Grad("#e4ebf0", "#cdd8df"))
    c.rect((610, 360, 670, 370), WB["accent"], r=4)
    c.rect((700, 418, 760, 430), "#f7f3e8", r=3)
    plant(c, 1180, floor + 20, 1.0, pot="#e9e4da", leaf=WB["green"])
    plant(c, 110, floor + 20, 0.8, pot=WB["slate"], leaf=WB["green"])


def shopfront(c: Canvas, x: float, ground: float, w: float, h: float, wall: str, awn: tuple[str, str] | None,
              window: Callable[[float, float, float, float], None], door_left: bool = False) -> None:
    """Draw one shop front of the street: wall, awning, shop window with goods, door."""
    c.rect((x, ground - h, x + w, ground), Grad(lighten(wall, 0.06), wall), shadow=SOFT)
    c.rect((x - 6, ground - h - 12, x + w + 6, ground - h + 4), darken(wall, 0.15), r=4)
    for i in range(2):
        wx = x + 30 + i * (w - 60) / 2
        c.rect((wx, ground - h + 30, wx + (w - 60) / 2 - 20, ground - h + 92), "#ffffff", r=4)
        c.rect((wx + 6, ground - h + 36, wx + (w - 60) / 2 - 26, ground - h + 86), Grad("#d6e4ec", "#b9cdd8"), r=2)
    dw = 70
    dx = x + 24 if door_left else x + w - dw - 24
    wx0 = x + dw + 48 if door_left else x + 24
    wx1 = x + w - 24 if door_left else x + w - dw - 48
    c.rect((dx, ground - 170, dx + dw, ground), Grad(darken(wall, 0.35), darken(wall, 0.45)), r=4)
    c.circle(dx + (dw - 14 if door_left else 14), ground - 85, 4, "#f1e3bf")
    c.rect((wx0, ground - 170, wx1, ground - 30), Grad("#eef4f6", "#d3e0e6"), r=4)
    window(wx0, ground - 170, wx1, ground - 30)
    c.rect((wx0 - 6, ground - 30, wx1 + 6, ground - 18), darken(wall, 0.2), r=3)
    if awn:
        awning(c, x + 10, x + w - 10, ground - 192, 30, awn[0], awn[1], n=max(4, int(w // 44)))


def scene_strasse(c: Canvas, t: float) -> None:
    """Attract: a calm street of small shops and workshops; clouds drift with ``t``."""
    c.shadow_color = rgb("#2b2f38")
    c.background(Grad("#d3e4ee", "#f2efe6"))
    c.glow(1100, 120, 110, "#fff3d6", 0.9)
    for cx, cy, s, sp in ((140, 110, 0.9, 40), (620, 70, 0.7, 25), (980, 150, 0.6, 32), (1400, 90, 0.8, 40)):
        cloud(c, cx + t * sp, cy, s, 0.85)
    ground = 600
    c.band(ground, Grad("#cfc8bb", "#bcb3a4"))
    c.rect((-600, ground, 1900, ground + 16), "#e6e0d4")

    def bread(x0, y0, x1, y1):
        for i in range(4):
            loaf(c, x0 + 30 + i * (x1 - x0 - 60) / 3, y1 - 20, 24, 13, -6, scores=2)

    def flowers(x0, y0, x1, y1):
        for i in range(3):
            bx = x0 + 34 + i * (x1 - x0 - 68) / 2
            for k in range(3):
                bloom(c, bx - 12 + k * 12, y1 - 70 - (k % 2) * 14, 11, (FLO["coral"], FLO["pink"], FLO["yellow"])[k])
            c.rect((bx - 20, y1 - 46, bx + 20, y1 - 8), FLO["zinc"], r=4)

    def tools(x0, y0, x1, y1):
        c.rect((x0 + 20, y1 - 60, x1 - 20, y1 - 50), WB["wood"], r=3)
        gear(c, (x0 + x1) / 2 - 30, y0 + 60, 30, 8, t * 40, MET["steel"], hole="#dde7ec")
        c.line([((x0 + x1) / 2 + 20, y0 + 90), ((x0 + x1) / 2 + 60, y0 + 30)], WB["wood_d"], width=8)

    def salon(x0, y0, x1, y1):
        cx = (x0 + x1) / 2
        c.circle(cx, y0 + 64, 40, SAL["gold"])
        c.circle(cx, y0 + 64, 32, "#eef2f3")
        c.rect((cx - 30, y1 - 50, cx + 30, y1 - 8), SAL["plum"], r=12)

    def farm(x0, y0, x1, y1):
        for i in range(2):
            bx = x0 + 20 + i * (x1 - x0 - 20) / 2
            for k in range(4):
                c.circle(bx + 14 + k * 18, y1 - 40, 9, (HOF["red"], "#d9b26a")[i])
            c.rect((bx, y1 - 34, bx + (x1 - x0 - 60) / 2, y1 - 8), HOF["wood"], r=3)

    fronts = [
        (-380, 320, 310, "#e9d9c4", (HOF["green"], HOF["cream"]), farm, False),
        (-60, 320, 340, "#f1e4d3", (BACK["rose"], "#fbf3ea"), bread, False),
        (260, 300, 305, "#dbe7df", ("#3f7d62", "#f3f1ea"), flowers, True),
        (560, 340, 370, "#d3dbe2", None, tools, False),
        (900, 300, 320, "#efdcd7", (SAL["plum"], "#f7ece8"), salon, True),
        (1200, 320, 310, "#e7dcc6", (BAU["slate"], "#efe8da"), bread, False),
    ]
    for x, w, h, wall, awn, win, left in fronts:
        shopfront(c, x, ground, w - 20, h, wall, awn, win, left)
    for tx in (-70, 250, 550, 890, 1190):
        tree(c, tx, ground + 70, 0.62, leaf="#93b38f")


# --------------------------------------------------------------------------------------------
# Provider logos
# --------------------------------------------------------------------------------------------

#: Provider id -> (monogram, wordmark lines). All logos share one neutral style on purpose.
PROVIDERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "nordwerk-it": ("NW", ("Nordwerk IT",)),
    "ruhrpixel-medien": ("RP", ("Ruhrpixel", "Medienbüro")),
    "kassenwerk-systeme": ("KW", ("Kassenwerk", "Systeme")),
    "emscher-datentechnik": ("ED", ("Emscher", "Datentechnik")),
    "termintakt": ("TT", ("TerminTakt",)),
    "formfabrik-3d": ("FF", ("Formfabrik 3D",)),
}

LOGO_TILE = "#f3f1ec"
LOGO_INK = "#2d3540"


def make_logo(monogram: str, lines: Sequence[str], size: int = 512) -> Image.Image:
    """Return a provider logo: monogram in a ring above a one- or two-line wordmark.

    Every provider gets exactly the same tile, ring, ink and type sizes, so none stands out.
    """
    ss = 2
    big = size * ss
    img = Image.new("RGB", (big, big), LOGO_TILE)
    d = ImageDraw.Draw(img)
    cx, cy, r = big / 2, big * 0.37, big * 0.2
    ring = big * 0.018
    d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=LOGO_INK, width=round(ring))
    d.text((cx, cy), monogram, font=font("Bold", round(big * 0.15)), fill=LOGO_INK, anchor="mm")
    f = font("SemiBold", round(big * 0.075))
    y = big * (0.7 if len(lines) == 1 else 0.665)
    for line in lines:
        d.text((cx, y), line, font=f, fill=LOGO_INK, anchor="mm")
        y += big * 0.095
    return img.resize((size, size), Image.Resampling.LANCZOS)


def write_logos() -> None:
    """Write ``content/providers/<id>/logo.png`` for every provider."""
    for pid, (mono, lines) in PROVIDERS.items():
        path = CONTENT / "providers" / pid / "logo.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        logo = make_logo(mono, lines).quantize(colors=32, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        logo.save(path, "PNG", optimize=True)
        log(path)


# --------------------------------------------------------------------------------------------
# Videos
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Line:
    """One spoken sentence of a film: German (spoken and subtitled) and English (subtitled)."""

    start: float
    de: str
    en: str


@dataclass(frozen=True)
class Film:
    """A short film: a scene animated over ``t`` with a slow camera move.

    The camera goes from ``zoom[0]`` around ``center[0]`` to ``zoom[1]`` around ``center[1]``.
    A film with ``narration`` gets a sound track and ``.de.vtt``/``.en.vtt`` subtitles.
    """

    scene: Scene
    zoom: tuple[float, float] = (1.0, 1.08)
    center: tuple[tuple[float, float], tuple[float, float]] = ((VW / 2, VH / 2), (VW / 2, VH / 2))
    seconds: float = VIDEO_SECONDS
    narration: tuple[Line, ...] = ()


def film_frame(film: Film, i: int, n: int, size: tuple[int, int] = VIDEO_SIZE, ss: int = VIDEO_SS) -> Image.Image:
    """Render frame ``i`` of ``n`` of ``film`` (``ss`` times supersampled)."""
    t = i / max(1, n - 1)
    e = ease(t)
    z = film.zoom[0] + (film.zoom[1] - film.zoom[0]) * e
    (ax, ay), (bx, by) = film.center
    return render(film.scene, size=size, t=t, zoom=z, center=(ax + (bx - ax) * e, ay + (by - ay) * e), ss=ss)


def _frame_job(args: tuple[Film, int, int]) -> bytes:
    """Render one frame in a worker process and return its raw RGB bytes."""
    film, i, n = args
    return film_frame(film, i, n).tobytes()


def write_film(film: Film, mp4: Path, poster: Path | None, workers: int = 2) -> None:
    """Render ``film`` and encode it as H.264 MP4 (yuv420p); save its first frame as ``poster``.

    A film with narration also gets its sound track and subtitles (:func:`add_narration`).
    """
    from ffpyplayer.pic import Image as FFImage
    from ffpyplayer.writer import MediaWriter

    mp4.parent.mkdir(parents=True, exist_ok=True)
    n = round(film.seconds * VIDEO_FPS)
    w, h = VIDEO_SIZE
    stream = {"pix_fmt_in": "rgb24", "width_in": w, "height_in": h, "codec": "libx264",
              "pix_fmt_out": "yuv420p", "frame_rate": (VIDEO_FPS, 1)}
    opts = {"crf": "27", "preset": "slow", "tune": "animation", "movflags": "+faststart"}
    writer = MediaWriter(str(mp4), [stream], lib_opts=opts, overwrite=True)
    jobs = [(film, i, n) for i in range(n)]
    try:
        if workers > 1:
            import multiprocessing as mp
            with mp.get_context("fork").Pool(workers) as pool:
                frames = pool.imap(_frame_job, jobs, chunksize=4)
                _encode(writer, frames, w, h, FFImage)
        else:
            _encode(writer, map(_frame_job, jobs), w, h, FFImage)
    finally:
        writer.close()
    if poster is not None:
        # The poster stands still on screen: draw it supersampled, unlike the moving frames.
        save_jpeg(film_frame(film, 0, n, ss=2), poster)
    if film.narration:
        add_narration(film, mp4)
    log(mp4)


def _encode(writer, frames: Iterable[bytes], w: int, h: int, ffimage) -> None:
    """Feed raw RGB ``frames`` to ``writer``."""
    for i, raw in enumerate(frames):
        writer.write_frame(ffimage(plane_buffers=[raw], pix_fmt="rgb24", size=(w, h)), i / VIDEO_FPS)


def speak(text: str) -> np.ndarray:
    """Return ``text`` spoken in German by espeak-ng, as float samples at :data:`AUDIO_RATE`.

    Raises RuntimeError naming the Debian package when espeak-ng is not installed.
    """
    import io
    import shutil
    import subprocess
    import wave

    import numpy as np

    if shutil.which("espeak-ng") is None:
        raise RuntimeError("espeak-ng is missing: apt-get install espeak-ng")
    done = subprocess.run(["espeak-ng", "-v", "de", "-s", "150", "-p", "40", "--stdout", text],
                          capture_output=True, check=True)
    with wave.open(io.BytesIO(done.stdout)) as wav:
        rate = wav.getframerate()
        voice = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2").astype(np.float64) / 32768
    times = np.arange(0, len(voice) / rate, 1 / AUDIO_RATE)
    return np.interp(times, np.arange(len(voice)) / rate, voice)


def chord(seconds: float) -> np.ndarray:
    """Return a quiet, slowly breathing major chord with soft fades: the room tone under a voice."""
    import numpy as np

    times = np.arange(round(seconds * AUDIO_RATE)) / AUDIO_RATE
    tone = sum(np.sin(2 * np.pi * f * times) * a for f, a in ((130.81, 1.0), (164.81, 0.7), (196.0, 0.6), (261.63, 0.3)))
    breath = 0.75 + 0.25 * np.sin(2 * np.pi * times / 6.0)
    fade = np.clip(np.minimum(times / 1.5, (seconds - times) / 1.5), 0, 1)
    return tone / 2.6 * breath * fade * 0.08


def add_narration(film: Film, mp4: Path) -> None:
    """Give ``mp4`` its sound track (the narration over :func:`chord`, AAC) and write the
    subtitles ``<film>.de.vtt`` and ``<film>.en.vtt``: each cue lasts while its line is spoken
    and a moment longer, until the next line begins.

    Raises RuntimeError naming the Debian package when ffmpeg is not installed.
    """
    import shutil
    import subprocess
    import tempfile
    import wave

    import numpy as np

    if shutil.which("ffmpeg") is None:
        raise RuntimeError("ffmpeg is missing: apt-get install ffmpeg")
    track = chord(film.seconds)
    cues = []
    for line in film.narration:
        voice = speak(line.de)
        at = round(line.start * AUDIO_RATE)
        if at + len(voice) > len(track):
            raise RuntimeError(f"the line {line.de!r} runs past the film's end")
        track[at:at + len(voice)] += voice * 0.8
        cues.append((line.start, line.start + len(voice) / AUDIO_RATE + 0.4, line))
    cues = [(start, min(end, after[0]) if after else end, line)
            for (start, end, line), after in zip(cues, cues[1:] + [None])]
    pcm = (np.clip(track, -1, 1) * 32767).astype("<i2").tobytes()
    with tempfile.TemporaryDirectory() as tmp:
        wav_path, out = Path(tmp) / "sound.wav", Path(tmp) / mp4.name
        with wave.open(str(wav_path), "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(AUDIO_RATE)
            wav.writeframes(pcm)
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(mp4), "-i", str(wav_path), "-map", "0:v",
                        "-map", "1:a", "-c:v", "copy", "-c:a", "aac", "-b:a", "64k", "-shortest",
                        "-movflags", "+faststart", str(out)], check=True)
        shutil.move(str(out), mp4)
    for lang in ("de", "en"):
        vtt = mp4.with_suffix(f".{lang}.vtt")
        blocks = [f"{_vtt_time(a)} --> {_vtt_time(b)}\n{getattr(line, lang)}" for a, b, line in cues]
        vtt.write_text("WEBVTT\n\n" + "\n\n".join(blocks) + "\n", encoding="utf-8")
        log(vtt)


def _vtt_time(seconds: float) -> str:
    """Return ``seconds`` as a WebVTT timestamp, ``00:00:01.250``."""
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def probe_video(path: Path, timeout: float = 10.0) -> dict:
    """Reopen ``path`` with ffpyplayer's MediaPlayer; return its duration and frame size.

    Raises RuntimeError if the player does not report both within ``timeout`` seconds.
    """
    from ffpyplayer.player import MediaPlayer

    player = MediaPlayer(str(path), ff_opts={"paused": True, "an": True})
    try:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            meta = player.get_metadata()
            if meta.get("duration") and meta.get("src_vid_size", (0, 0))[0]:
                return {"duration": meta["duration"], "size": tuple(meta["src_vid_size"]),
                        "frame_rate": meta.get("frame_rate")}
            time.sleep(0.05)
    finally:
        player.close_player()
    raise RuntimeError(f"{path}: the player reported no duration or frame size")


# --------------------------------------------------------------------------------------------
# What goes where
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Item:
    """One picture of the sample: its scene, and ``t`` for the frozen moment of an animated scene."""

    scene: Scene
    t: float = 1.0


#: Story id -> {file name: picture}; ``cover.jpg`` first.
STORY_IMAGES: dict[str, dict[str, Item]] = {
    "baustoffe-chat-bestellung": {"cover.jpg": Item(scene_bau_cover), "lieferung.jpg": Item(scene_bau_yard)},
    "baeckerei-vorbestellung": {"cover.jpg": Item(scene_baeckerei_cover),
                                "abholung.jpg": Item(scene_baeckerei_abholung)},
    "dachdecker-azubi-videos": {"cover.jpg": Item(scene_dach_cover, 0.3), "clips.jpg": Item(scene_dach_videos)},
    "hofladen-click-collect": {"cover.jpg": Item(scene_hof_cover), "abholregal.jpg": Item(scene_hof_regal)},
    "metallbau-wartung": {"cover.jpg": Item(scene_metall_cover), "wartung.jpg": Item(scene_metall_wartung)},
    "friseur-online-termine": {"cover.jpg": Item(scene_salon_cover),
                               "kalender.jpg": Item(scene_salon_kalender)},
    "tischlerei-3d-planer": {"cover.jpg": Item(scene_tischler_cover),
                             "konfigurator.jpg": Item(scene_tischler_konfigurator)},
    "blumen-messenger": {"cover.jpg": Item(scene_blumen_cover), "strauss.jpg": Item(scene_blumen_strauss)},
    "elektro-auftragsmappe": {"cover.jpg": Item(scene_elektro_cover), "einsatz.jpg": Item(scene_elektro_mappe)},
}

BAKERY_NARRATION = (
    Line(0.5, "Sechs Uhr früh in der Backstube.", "Six in the morning in the bakehouse."),
    Line(3.3, "Die Kundschaft hat am Abend per Handy vorbestellt.",
         "Customers ordered on their phones the evening before."),
    Line(7.1, "Jetzt liegt alles bereit. Abholen, ohne zu warten.", "Now it is all ready. Pick it up, no waiting."),
)

#: Story id -> its film (written as ``film.mp4`` with ``film-poster.jpg``).
STORY_FILMS: dict[str, Film] = {
    "baustoffe-chat-bestellung": Film(scene_bau_cover, (1.0, 1.22), ((VW / 2, VH / 2), (900, 360))),
    "baeckerei-vorbestellung": Film(scene_baeckerei_cover, (1.0, 1.16), ((VW / 2, VH / 2), (700, 340)), seconds=12.0,
                                    narration=BAKERY_NARRATION),
    "dachdecker-azubi-videos": Film(scene_dach_cover, (1.12, 1.12), ((560, 330), (720, 360))),
    "metallbau-wartung": Film(scene_metall_cover, (1.0, 1.18), ((VW / 2, VH / 2), (880, 380))),
    "tischlerei-3d-planer": Film(scene_tischler_cover, (1.05, 1.3), ((560, 340), (420, 280))),
}

#: Page id -> {file name: picture}.
PAGE_IMAGES: dict[str, dict[str, Item]] = {
    "foerderprogramm": {"foerderung.jpg": Item(scene_foerderung)},
    "ueber-die-werkbank": {"raum.jpg": Item(scene_raum)},
    "anbieter-treffen": {"treffen.jpg": Item(scene_treffen)},
}

ATTRACT_IMAGES: dict[str, Item] = {"strasse.jpg": Item(scene_strasse, 0.5)}
ATTRACT_FILMS: dict[str, Film] = {"strasse.mp4": Film(scene_strasse, (1.15, 1.15), ((560, 380), (760, 380)),
                                                      seconds=6.0)}


def selected(name: str, only: Sequence[str]) -> bool:
    """Return whether ``name`` was asked for (everything if ``only`` is empty)."""
    return not only or name in only


def generate(only: Sequence[str] = (), video: bool = True, workers: int = 2) -> list[Path]:
    """Write the sample media; return the video files written.

    ``only`` limits the run to story/page ids, ``logos`` or ``attract``.
    """
    films: list[Path] = []
    for sid, images in STORY_IMAGES.items():
        if not selected(sid, only):
            continue
        print(f"story {sid}")
        folder = CONTENT / "stories" / sid
        for name, item in images.items():
            save_jpeg(render(item.scene, t=item.t), folder / name)
        if video and sid in STORY_FILMS:
            write_film(STORY_FILMS[sid], folder / "film.mp4", folder / "film-poster.jpg", workers)
            films.append(folder / "film.mp4")
    for pid, images in PAGE_IMAGES.items():
        if selected(pid, only):
            print(f"page {pid}")
            for name, item in images.items():
                save_jpeg(render(item.scene, t=item.t), CONTENT / "pages" / pid / name)
    if selected("logos", only):
        print("provider logos")
        write_logos()
    if selected("attract", only):
        print("attract loop")
        for name, item in ATTRACT_IMAGES.items():
            save_jpeg(render(item.scene, t=item.t), CONTENT / "attract" / name)
        if video:
            for name, film in ATTRACT_FILMS.items():
                write_film(film, CONTENT / "attract" / name, None, workers)
                films.append(CONTENT / "attract" / name)
    return films


def folder_size(path: Path) -> int:
    """Return the total size in bytes of all files under ``path``."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry: generate, check every video by reopening it, report the total size."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", action="append", default=[],
                    help="a story or page id, 'logos' or 'attract' (repeatable)")
    ap.add_argument("--no-video", action="store_true", help="skip the films (fast)")
    ap.add_argument("--workers", type=int, default=2, help="processes for rendering film frames")
    args = ap.parse_args(argv)
    started = time.monotonic()
    films = generate(args.only, video=not args.no_video, workers=args.workers)
    ok = True
    for mp4 in films:
        try:
            info = probe_video(mp4)
            print(f"  check {mp4.relative_to(REPO)}: {info['duration']:.2f} s, {info['size'][0]}x{info['size'][1]}")
        except RuntimeError as exc:
            print(f"  check FAILED: {exc}", file=sys.stderr)
            ok = False
    total = folder_size(CONTENT)
    print(f"content/ now holds {total / 1024 / 1024:.2f} MB (limit {SIZE_LIMIT_MB} MB); "
          f"took {time.monotonic() - started:.0f} s")
    if total > SIZE_LIMIT_MB * 1024 * 1024:
        print(f"warning: content/ is larger than {SIZE_LIMIT_MB} MB", file=sys.stderr)
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
