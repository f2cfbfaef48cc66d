"""Decoding, scaling and encoding one picture: a phone photo in, a slot-sized sRGB copy out.

Phones deliver 12-48 MP JPEGs (often rotated by an EXIF tag, often in Display P3) and
PNGs with alpha. A JPEG is decoded straight at reduced scale, the picture is turned
upright and converted to sRGB, and the copy is written as a JPEG or, when it has
visible transparency, a PNG.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

from PIL import Image, ImageCms, JpegImagePlugin

from kiosk.files import write_atomic
from kiosk.services.imagecache.errors import why
from kiosk.services.imagecache.slots import CENTRE, Box, Fit, Focus

log = logging.getLogger(__name__)

PIPELINE_VERSION = 1
"""Part of every entry name: bump it when the output of a build changes (quality, colour)."""

JPEG_QUALITY = 88
"""Visually lossless for photos at slot size, about a third of the bytes of quality 95."""

MAX_DECODE_PIXELS = Image.MAX_IMAGE_PIXELS or 89_478_485
"""Most pixels ever decoded into memory for one image (Pillow's own default bomb limit).

A JPEG is decoded at 1/2, 1/4 or 1/8 scale by libjpeg (:meth:`PIL.Image.Image.draft`),
so this bounds its *reduced* size; other formats are decoded whole.
"""

MAX_JPEG_PIXELS = 320_000_000
"""Largest baseline JPEG accepted: a 200 MP phone photo (16320x12240) decodes at 1/4 scale
in about 40 MB, so Pillow's full-decode bomb limit (179 MP) would refuse it for nothing."""

_ORIENTATION_TAG = 0x0112
_TRANSPOSE = {  # EXIF orientation -> the transpose that shows the picture upright, as in exif_transpose
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_SWAPS_AXES = {5, 6, 7, 8}
_STORED_FOCUS = {  # EXIF orientation -> where an upright picture's point (x, y) lies in the stored one
    2: lambda x, y: (1 - x, y),
    3: lambda x, y: (1 - x, 1 - y),
    4: lambda x, y: (x, 1 - y),
    5: lambda x, y: (y, x),
    6: lambda x, y: (y, 1 - x),
    7: lambda x, y: (1 - y, 1 - x),
    8: lambda x, y: (1 - y, x),
}

def _open(source: Path) -> Image.Image:
    """Open ``source`` lazily, with a pixel limit that fits how it will be decoded."""
    with open(source, "rb") as fh:
        magic = fh.read(3)
    if magic == b"\xff\xd8\xff":
        # Opened through the plugin class so that Pillow's full-decode bomb check does
        # not refuse a 200 MP phone JPEG that draft() will decode at 1/4 or 1/8 scale.
        image = JpegImagePlugin.JpegImageFile(source)
        pixels = image.size[0] * image.size[1]
        # A progressive JPEG keeps every DCT coefficient in memory whatever the scale.
        limit = MAX_DECODE_PIXELS if image.info.get("progressive") else MAX_JPEG_PIXELS
        if pixels > limit:
            image.close()
            raise Image.DecompressionBombError(
                f"{image.size[0]}x{image.size[1]} JPEG exceeds {limit:,} pixels; export it smaller")
        return image
    return Image.open(source)  # Pillow's own bomb check applies to everything else


def _target_size(size: Box, box: Box, fit: Fit) -> Box:
    """Return the whole source's size after scaling for ``box`` (never larger than ``size``)."""
    width, height = size
    if fit == "contain":
        scale = min(box[0] / width, box[1] / height, 1.0)
    else:
        scale = min(max(box[0] / width, box[1] / height), 1.0)
    # Round half up, then clamp: 6000x4000 into 560x315 is 473x315, as an image viewer does.
    out_w = max(1, int(width * scale + 0.5))
    out_h = max(1, int(height * scale + 0.5))
    if fit == "contain":
        out_w, out_h = min(out_w, box[0]), min(out_h, box[1])
    return out_w, out_h


def _has_alpha(image: Image.Image) -> bool:
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        return True
    return "transparency" in image.info


def _normalise_mode(image: Image.Image) -> Image.Image:
    """Return ``image`` in a mode that resizes well: RGB, RGBA, L or CMYK."""
    if _has_alpha(image):
        rgba = image.convert("RGBA")
        # A phone screenshot is RGBA but fully opaque: a JPEG of it is a fraction of the size.
        return rgba.convert("RGB") if rgba.getchannel("A").getextrema() == (255, 255) else rgba
    if image.mode in ("RGB", "L", "CMYK"):
        return image
    if image.mode.startswith("I") or image.mode == "F":
        # 16-bit greyscale PNGs: scale 0..65535 to 0..255 instead of clipping to white.
        return image.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    return image.convert("RGB")


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """Convert to sRGB RGB/RGBA: Kivy ignores colour profiles, so Display P3 photos
    would look dull and CMYK ones wrong unless their profile is applied here."""
    out_mode = "RGBA" if image.mode == "RGBA" else "RGB"
    if icc:
        try:
            source_profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            return ImageCms.profileToProfile(image, source_profile, _srgb_profile(), outputMode=out_mode)
        except Exception as exc:  # a broken profile is common and not worth a placeholder
            log.debug("image cache: ignoring unusable ICC profile (%s)", why(exc))
    return image if image.mode == out_mode else image.convert(out_mode)


_SRGB: ImageCms.ImageCmsProfile | None = None


def _srgb_profile() -> ImageCms.ImageCmsProfile:
    global _SRGB
    if _SRGB is None:
        _SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    return _SRGB


def render_image(source: Path, box: Box, fit: Fit, focus: Focus = CENTRE) -> Image.Image:
    """Decode ``source`` and return it rotated upright, scaled and in sRGB RGB or RGBA.

    A ``cover`` copy is cut around ``focus`` (across, down; 0 to 1 of the upright picture):
    the cut is centred on it as far as the picture reaches, so a subject near an edge stays.

    Raises whatever Pillow raises for a file it cannot decode (OSError, ValueError,
    SyntaxError, :class:`PIL.Image.DecompressionBombError`, ...).
    """
    with _open(source) as image:
        # The orientation as ImageOps.exif_transpose reads it. It is applied to the small
        # result, not the decoded image: rotating a full-size decode first costs a second
        # full-size copy (72 MB for 24 MP) and its time. Until then, work in stored axes.
        orientation = image.getexif().get(_ORIENTATION_TAG, 1)
        stored_box = (box[1], box[0]) if orientation in _SWAPS_AXES else box
        target = _target_size(image.size, stored_box, fit)
        if image.format == "JPEG":
            # libjpeg decodes straight at 1/2..1/8 scale: a 48 MP photo for a 560 px tile
            # costs a few MB and a fraction of the time.
            image.draft("RGB", target)
        elif image.size[0] * image.size[1] > MAX_DECODE_PIXELS:
            raise Image.DecompressionBombError(
                f"{image.size[0]}x{image.size[1]} {image.format} exceeds {MAX_DECODE_PIXELS:,} pixels")
        icc = image.info.get("icc_profile")
        image.load()
        picture = _normalise_mode(image)
        if fit == "cover":
            stored_focus = _STORED_FOCUS.get(orientation, lambda x, y: (x, y))(*focus)
            picture = _cover(picture, stored_box, stored_focus)
        elif picture.size != target:
            picture = picture.resize(target, Image.Resampling.LANCZOS, reducing_gap=3.0)
        method = _TRANSPOSE.get(orientation)
        if method is not None:
            picture = picture.transpose(method)
        return _to_srgb(picture, icc)


def _cover(image: Image.Image, box: Box, focus: Focus) -> Image.Image:
    """Crop ``image`` to the aspect of ``box`` around ``focus`` and scale it down to ``box``."""
    width, height = image.size
    scale = min(max(box[0] / width, box[1] / height), 1.0)
    out_w = min(box[0], max(1, int(width * scale + 0.5)))
    out_h = min(box[1], max(1, int(height * scale + 0.5)))
    # min(): float rounding can make the crop a hair larger than the image it is cut from.
    crop_w, crop_h = min(width, out_w / scale), min(height, out_h / scale)
    # The focus point in the middle of the cut, moved back inside where it would leave the picture.
    left = min(max(focus[0] * width - crop_w / 2, 0.0), width - crop_w)
    top = min(max(focus[1] * height - crop_h / 2, 0.0), height - crop_h)
    region = (left, top, left + crop_w, top + crop_h)
    if scale == 1.0:
        # Nothing to shrink: a plain crop, not a resampling that would soften the pixels.
        return image if (out_w, out_h) == (width, height) else image.crop(
            (round(left), round(top), round(left) + out_w, round(top) + out_h))
    return image.resize((out_w, out_h), Image.Resampling.LANCZOS, box=region, reducing_gap=3.0)


def write_image(image: Image.Image, target: Path, fmt: str) -> None:
    """Encode ``image`` as ``fmt`` (JPEG or PNG) and write it to ``target`` so that ``target``
    is either absent or complete (:func:`~kiosk.files.write_atomic`); raises OSError when it cannot."""
    encoded = io.BytesIO()  # a slot-sized image: a few hundred kB at most
    if fmt == "JPEG":
        image.save(encoded, "JPEG", quality=JPEG_QUALITY)
    else:
        image.save(encoded, "PNG", compress_level=6)
    write_atomic(target, encoded.getbuffer())
