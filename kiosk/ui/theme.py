"""Colours, type scale and sizes of the kiosk for kv, derived from the window.

The numbers are :mod:`kiosk.design`'s; :data:`theme` is the one :class:`Theme` instance
that kv rules bind to (``theme.body``, ``theme.margin``). All sizes are "design pixels" of
a 1920x1080 landscape or 1080x1920 portrait screen multiplied by :attr:`Theme.s`, so the
layout keeps its proportions at any resolution.
"""

from __future__ import annotations

from kivy.event import EventDispatcher
from kivy.properties import AliasProperty, NumericProperty

from kiosk import design
from kiosk.services.paths import ASSETS_DIR


def hex_rgba(value: str, alpha: float = 1.0) -> tuple[float, float, float, float]:
    """Return ``#RRGGBB`` as a Kivy RGBA tuple of floats."""
    r, g, b = (channel / 255 for channel in design.hex_rgb(value))
    return (r, g, b, alpha)


C = {name: hex_rgba(value) for name, value in design.PALETTE.items()}
"""The palette of :mod:`kiosk.design` as RGBA tuples for kv (``C['accent']``)."""

FONT = "Inter"
"""Regular and bold weights of the one family, registered by :func:`register_fonts`."""
FONT_SEMIBOLD = "InterSemiBold"
"""The semibold weight, used for headings and button words."""


def register_fonts() -> None:
    """Register Inter (regular, bold, semibold) with Kivy's text core; safe to call twice."""
    from kivy.core.text import LabelBase

    fonts = ASSETS_DIR / "fonts"
    LabelBase.register(FONT, fn_regular=str(fonts / "Inter-Regular.otf"),
                       fn_bold=str(fonts / "Inter-Bold.otf"))
    LabelBase.register(FONT_SEMIBOLD, fn_regular=str(fonts / "Inter-SemiBold.otf"),
                       fn_bold=str(fonts / "Inter-Bold.otf"))


class Theme(EventDispatcher):
    """Sizes derived from the window; kv binds to them so a resize re-lays out everything."""

    width = NumericProperty(design.WINDOW[0])
    """Window width in pixels."""

    height = NumericProperty(design.WINDOW[1])
    """Window height in pixels."""

    def _get_s(self) -> float:
        return design.scale_for(self.width, self.height)

    s = AliasProperty(_get_s, bind=("width", "height"), cache=True)
    """Scale factor: 1.0 at full HD, smaller on smaller windows."""

    def _get_landscape(self) -> bool:
        return self.width >= self.height

    landscape = AliasProperty(_get_landscape, bind=("width", "height"), cache=True)
    """True for a landscape window; portrait stacks the same blocks vertically."""

    text_scale = NumericProperty(1.0)
    """Factor on every text size: :data:`kiosk.design.LARGE_TEXT_SCALE` while the visitor
    wants larger text (the shell follows the controller's ``large_text``), else 1."""

    def _size(factor: float):  # noqa: N805 - a helper to build the properties below
        def getter(self) -> float:
            return round(factor * self.s)
        return AliasProperty(getter, bind=("s",), cache=True)

    def _text(factor: float):  # noqa: N805 - a helper to build the properties below
        def getter(self) -> float:
            return round(factor * self.s * self.text_scale)
        return AliasProperty(getter, bind=("s", "text_scale"), cache=True)

    title = _text(design.TYPE_SCALE["title"])
    """Exhibition title (96 px at 1080p)."""
    heading = _text(design.TYPE_SCALE["heading"])
    """Screen heading."""
    tile = _text(design.TYPE_SCALE["tile"])
    """Tile titles and big buttons."""
    body = _text(design.TYPE_SCALE["body"])
    """Body text."""
    caption = _text(design.TYPE_SCALE["caption"])
    """Captions and small print: the smallest text anywhere."""
    margin = _size(design.MARGIN)
    """Outer margin of every screen."""
    gap = _size(design.GAP)
    """Gutter between columns and blocks."""
    small_gap = _size(design.SMALL_GAP)
    """Gap inside a block."""
    touch = _size(design.TOUCH)
    """Height of every tappable control: about 2.5 cm on a 24 inch full-HD screen."""
    bar = _size(design.BAR)
    """Height of the navigation bar."""
    qr = _size(design.QR)
    """Side of the QR code box, quiet zone included."""
    logo = _size(design.LOGO)
    """Side of the one logo box every provider tile uses (no logo looks bigger than another)."""
    radius = _size(design.RADIUS)
    """Corner radius of cards and buttons."""
    del _size, _text

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
