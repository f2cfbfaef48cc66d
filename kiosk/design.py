"""The kiosk's design numbers: window, grid, type scale, sizes, colours and the Ken Burns zoom.

Plain data, no Kivy, so that every layer reads the same numbers: the theme
(:mod:`kiosk.ui.theme`) scales the sizes with the window and hands the colours to kv, the
image cache (:mod:`kiosk.services.imagecache`) sizes its copies and draws its placeholder
from them, and the attract loop zooms by :data:`KEN_BURNS_ZOOM`. Sizes are design pixels
of a 1920x1080 landscape (or 1080x1920 portrait) screen.
"""

from __future__ import annotations

WINDOW = (1920, 1080)
"""The landscape window the design is drawn for; portrait turns it to 1080x1920."""

COLUMNS = 12
"""Columns of the layout grid: a screen's main column takes 7, its side column 5."""

MARGIN = 64
"""Outer margin of every screen."""
GAP = 32
"""Gutter between columns and blocks."""
SMALL_GAP = 16
"""Gap inside a block."""

TYPE_SCALE = {"title": 96, "heading": 64, "tile": 40, "body": 28, "caption": 24}
"""Text sizes by role: exhibition title, screen heading, tile titles and big buttons, body
text, and captions (the smallest text anywhere)."""

LARGE_TEXT_SCALE = 1.3
"""Factor on every text size of :data:`TYPE_SCALE` while a visitor has asked for larger
text ("Schrift größer"); the session's end returns to 1."""

TOUCH = 96
"""Height of every tappable control: about 2.5 cm on a 24 inch full-HD screen."""
BAR = 120
"""Height of the navigation bar."""
QR = 300
"""Side of every QR code, quiet zone included: one fixed size whatever the URL, so the QR card
is the same object on every screen, and small enough to sit under a 960x540 story picture."""
STORY_MEDIA = 960
"""Width of a story's picture or film at 16:9: half the screen, the largest thing on it."""
STORY_BAR = 240
"""Narrowest bar (arrows and caption) beside the QR card under a story's media; where the
media are narrower than that and the card, the card goes under the bar."""
LOGO = 180
"""Side of the one logo box every provider tile uses (no logo looks bigger than another)."""
RADIUS = 14
"""Corner radius of cards and buttons."""

IMAGE_SLOTS: dict[str, tuple[int, int]] = {
    "cover": (560, 315),   # story tile image: 4 of 12 columns at 16:9
    "thumb": (360, 200),   # provider logo tile, small chips
    "media": (960, 640),   # the story screen's media area (STORY_MEDIA wide)
}
"""Largest on-screen size of each image slot at :data:`WINDOW`, in pixels (the attract
loop's fullscreen slot is the window itself)."""

KEN_BURNS_ZOOM = 1.12
"""The attract loop zooms its images up to this factor by showing a smaller part of their
window-sized copy: a texture larger than the screen costs every frame on a software renderer,
the slight enlargement at the end of a slow drift does not show from across the room."""

PALETTE = {
    "bg": "#F6F2EC",        # warm paper, calmer than pure white on a big screen
    "surface": "#FFFFFF",   # cards, the QR code background
    "ink": "#1E1A16",       # text
    "muted": "#5E564C",     # secondary text, still AA on bg and surface
    "line": "#DDD4C8",      # hairlines and empty slots (decoration only, never text)
    "accent": "#A84300",    # the ONE colour of everything tappable
    "on_accent": "#FFFFFF",  # text on accent fills
    "shade": "#14110E",     # overlays on photos in the attract loop
}
"""The palette as ``#RRGGBB`` strings (the theme hands kv the same colours as RGBA tuples)."""

TEXT_PAIRS = (
    ("ink", "bg"), ("ink", "surface"), ("muted", "bg"), ("muted", "surface"),
    ("accent", "bg"), ("accent", "surface"), ("on_accent", "accent"), ("surface", "shade"),
)
"""(foreground, background) pairs of :data:`PALETTE` that carry text somewhere in the UI."""


def hex_rgb(value: str) -> tuple[int, int, int]:
    """Return ``#RRGGBB`` as a tuple of three integers 0..255."""
    value = value.lstrip("#")
    r, g, b = (int(value[i:i + 2], 16) for i in (0, 2, 4))
    return (r, g, b)


PLACEHOLDER_BG = hex_rgb(PALETTE["line"])
"""The calm box an image shows until its copy is built, and the background of the image
cache's placeholder for a broken file: the palette's ``line`` colour, used for empty slots."""
PLACEHOLDER_ICON = hex_rgb("#C8BDAF")
"""The picture icon on the placeholder: a few shades darker, visible up close, calm from
across the room."""


def scale_for(width: float, height: float) -> float:
    """Return the scale factor of a window: 1.0 at 1920x1080 landscape and 1080x1920 portrait."""
    long_side, short_side = WINDOW
    if width >= height:
        return min(width / long_side, height / short_side)
    return min(width / short_side, height / long_side)


def _channel(value: float) -> float:
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """Return the WCAG 2 relative luminance of a ``#RRGGBB`` colour (0 black .. 1 white)."""
    r, g, b = (channel / 255 for channel in hex_rgb(colour))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(foreground: str, background: str) -> float:
    """Return the WCAG 2 contrast ratio of two ``#RRGGBB`` colours (1.0 .. 21.0)."""
    high, low = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)
