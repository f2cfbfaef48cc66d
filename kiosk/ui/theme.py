"""Colours, type scale and sizes of the kiosk, derived from the window.

The palette is plain data (checked for WCAG contrast in the tests); :data:`theme` is the
one :class:`Theme` instance that kv rules bind to (``theme.body``, ``theme.margin``). All
sizes are "design pixels" of a 1920x1080 landscape or 1080x1920 portrait screen multiplied
by :attr:`Theme.s`, so the layout keeps its proportions at any resolution.
"""

from __future__ import annotations

from kivy.event import EventDispatcher
from kivy.properties import AliasProperty, BooleanProperty, NumericProperty

from kiosk.services.paths import ASSETS_DIR


def hex_rgba(value: str, alpha: float = 1.0) -> tuple[float, float, float, float]:
    """Return ``#RRGGBB`` as a Kivy RGBA tuple of floats."""
    value = value.lstrip("#")
    r, g, b = (int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return (r, g, b, alpha)


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
"""The palette as hex strings; :data:`C` holds the same colours as Kivy RGBA tuples."""

C = {name: hex_rgba(value) for name, value in PALETTE.items()}
"""The palette as RGBA tuples for kv (``C['accent']``)."""

TEXT_PAIRS = (
    ("ink", "bg"), ("ink", "surface"), ("muted", "bg"), ("muted", "surface"),
    ("accent", "bg"), ("accent", "surface"), ("on_accent", "accent"), ("surface", "shade"),
)
"""(foreground, background) pairs that carry text somewhere in the UI."""

FONT = "Inter"
"""Regular and bold weights of the one family, registered by :func:`register_fonts`."""
FONT_SEMIBOLD = "InterSemiBold"
"""The semibold weight, used for headings and button words."""


def _channel(value: float) -> float:
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """Return the WCAG 2 relative luminance of a ``#RRGGBB`` colour (0 black .. 1 white)."""
    r, g, b, _ = hex_rgba(colour)
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(foreground: str, background: str) -> float:
    """Return the WCAG 2 contrast ratio of two ``#RRGGBB`` colours (1.0 .. 21.0)."""
    high, low = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def register_fonts() -> None:
    """Register Inter (regular, bold, semibold) with Kivy's text core; safe to call twice."""
    from kivy.core.text import LabelBase

    fonts = ASSETS_DIR / "fonts"
    LabelBase.register(FONT, fn_regular=str(fonts / "Inter-Regular.otf"),
                       fn_bold=str(fonts / "Inter-Bold.otf"))
    LabelBase.register(FONT_SEMIBOLD, fn_regular=str(fonts / "Inter-SemiBold.otf"),
                       fn_bold=str(fonts / "Inter-Bold.otf"))


def scale_for(width: float, height: float) -> float:
    """Return the scale factor of a window: 1.0 at 1920x1080 landscape and 1080x1920 portrait."""
    if width >= height:
        return min(width / 1920, height / 1080)
    return min(width / 1080, height / 1920)


class Theme(EventDispatcher):
    """Sizes derived from the window; kv binds to them so a resize re-lays out everything."""

    width = NumericProperty(1920)
    """Window width in pixels."""

    height = NumericProperty(1080)
    """Window height in pixels."""

    def _get_s(self) -> float:
        return scale_for(self.width, self.height)

    s = AliasProperty(_get_s, bind=("width", "height"), cache=True)
    """Scale factor: 1.0 at full HD, smaller on smaller windows."""

    def _get_landscape(self) -> bool:
        return self.width >= self.height

    landscape = AliasProperty(_get_landscape, bind=("width", "height"), cache=True)
    """True for a landscape window; portrait stacks the same blocks vertically."""

    def _size(factor: float):  # noqa: N805 - a helper to build the properties below
        def getter(self) -> float:
            return round(factor * self.s)
        return AliasProperty(getter, bind=("s",), cache=True)

    title = _size(96)
    """Exhibition title (96 px at 1080p)."""
    heading = _size(64)
    """Screen heading."""
    tile = _size(40)
    """Tile titles and big buttons."""
    body = _size(28)
    """Body text."""
    caption = _size(24)
    """Captions and small print: the smallest text anywhere."""
    margin = _size(64)
    """Outer margin of every screen."""
    gap = _size(32)
    """Gutter between columns and blocks."""
    small_gap = _size(16)
    """Gap inside a block."""
    touch = _size(96)
    """Height of every tappable control: about 2.5 cm on a 24 inch full-HD screen."""
    bar = _size(120)
    """Height of the navigation bar."""
    qr = _size(360)
    """Side of the QR code box, quiet zone included."""
    logo = _size(180)
    """Side of the one logo box every provider tile uses (no logo looks bigger than another)."""
    radius = _size(14)
    """Corner radius of cards and buttons."""
    del _size

    def attach(self, window) -> None:
        """Follow ``window``'s size from now on (the window outlives the theme's users)."""
        window.bind(size=self._on_window_size)
        self._on_window_size(window, window.size)

    def _on_window_size(self, _window, size) -> None:
        self.width, self.height = size

    def max_chars_width(self, font_px: float, chars: int = 60) -> float:
        """Return the width of a line of ``chars`` average characters at ``font_px``."""
        return font_px * 0.52 * chars


theme = Theme()
"""The one theme instance, attached to the window by the app."""
