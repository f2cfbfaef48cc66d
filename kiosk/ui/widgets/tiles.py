"""Tiles and the paged grid that holds them: story covers and provider logos.

All tiles of a kind have the same size; the grid pages with visible buttons and page dots
instead of scrolling, so nothing depends on a swipe the visitor may not know.
"""

from __future__ import annotations

import math
from pathlib import Path

from kivy.clock import Clock
from kivy.graphics import Color, Ellipse, Line
from kivy.lang import Builder
from kivy.properties import (AliasProperty, BooleanProperty, ListProperty, NumericProperty, ObjectProperty,
                             StringProperty)
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.widget import Widget

from kiosk.ui.theme import C
from kiosk.ui.widgets.common import ClampTxt, OutlinedButton, Tile  # noqa: F401 - ClampTxt is used in tiles.kv
from kiosk.ui.widgets.picture import CachedImage  # noqa: F401 - used in tiles.kv


class StoryTile(Tile):
    """A story's cover photo with its title and firm; tapping opens the story."""

    focus = ListProperty([0.5, 0.5])
    """The point of the cover to keep in view when the tile crops it, as (x, y) fractions
    from the top-left corner: the story's ``cover_focus`` (its centre unless the content
    names one)."""

    story = ObjectProperty(None, allownone=True)
    """The :class:`kiosk.model.types.Story` shown."""

    controller = ObjectProperty(None, allownone=True, rebind=True)
    """The kiosk controller (for the language)."""


class ProviderTile(Tile):
    """A provider's logo in the same box as every other provider, with name and tagline."""

    provider = ObjectProperty(None, allownone=True)
    """The :class:`kiosk.model.types.Provider` shown."""

    controller = ObjectProperty(None, allownone=True, rebind=True)
    """The kiosk controller (for the language)."""


class PagerButton(OutlinedButton):
    """A tall button beside a grid: an arrow above a word ("Weitere"). Grey and out of the UI
    map at the first or last page: the pages do not wrap around, so the end is an end."""

    step = NumericProperty(1)
    """-1 turns back (a ``prev`` arrow, left of the grid), 1 forward (``next``)."""

    text = StringProperty("")
    """The word under the arrow."""

    shown = BooleanProperty(True)
    """False hides the button: no room, no touches, not in the UI map (a grid of one page)."""

    upright = BooleanProperty(True)
    """True: a tall button beside the grid, the arrow above the word; False: a low one in a
    :class:`Pager`, the arrow beside the word."""


class PageDots(Widget):
    """One dot per page: the page shown filled in ink, the others as rings. Not tappable, so
    not in the accent colour."""

    pages = NumericProperty(1)
    """Number of pages."""

    page = NumericProperty(0)
    """The page shown (0-based)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._redraw_trigger = Clock.create_trigger(self._redraw, -1)
        for name in ("pos", "size", "pages", "page"):
            self.fbind(name, self._redraw_trigger)
        self._redraw_trigger()

    def _redraw(self, *_args) -> None:
        self.canvas.clear()
        pages = int(self.pages)
        if pages < 1 or self.width <= 0:
            return
        # Dots of one diameter, a diameter apart, centred in the widget.
        side = self.width / (2 * pages - 1)
        y = self.center_y - side / 2
        with self.canvas:
            for index in range(pages):
                x = self.x + index * 2 * side
                if index == int(self.page):
                    Color(*C["ink"])
                    Ellipse(pos=(x, y), size=(side, side))
                else:
                    Color(*C["muted"])
                    Line(ellipse=(x + 1, y + 1, side - 2, side - 2), width=max(1.0, side * 0.09))


class PagedGrid(BoxLayout):
    """A grid of equal cells that shows its tiles a page at a time, with "Vorige / Weitere"
    buttons on its sides when there are more tiles than cells (the owner shows the
    :class:`PageDots`).

    The tiles are spread evenly over the pages (9 tiles in cells of 4 make three pages of 3,
    not 4 + 4 + 1), so no page shows a lonely tile. Where even that leaves one tile alone (9
    tiles in cells of 2, as upright at the larger text), every page is full and the last one
    ends with the last tile: it shows the tile before it again. Event ``on_turn(page)`` asks
    the owner to show another page; the owner sets ``page``.
    """

    __events__ = ("on_turn",)

    tiles = ListProperty([])
    """All tile widgets, on every page."""

    cols = NumericProperty(3)
    """Columns of the grid."""

    rows = NumericProperty(2)
    """Rows of the grid."""

    page = NumericProperty(0)
    """The page shown (0-based); clamped to the pages there are."""

    grid = ObjectProperty(None)
    """The inner GridLayout (set by kv)."""

    def _get_pages(self) -> int:
        per_page = max(1, int(self.cols * self.rows))
        return max(1, math.ceil(len(self.tiles) / per_page))

    pages = AliasProperty(_get_pages, bind=("tiles", "cols", "rows"), cache=True)
    """Number of pages."""

    def _get_shown_page(self) -> int:
        return min(max(0, int(self.page)), self.pages - 1)

    shown_page = AliasProperty(_get_shown_page, bind=("page", "pages"), cache=True)
    """The page actually shown: ``page`` clamped to the pages there are."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._fill_trigger = Clock.create_trigger(self._fill, -1)
        for name in ("tiles", "cols", "rows", "page", "grid"):
            self.fbind(name, self._fill_trigger)

    lang = StringProperty("de")
    """Language of the pager words."""

    side_buttons = BooleanProperty(True)
    """True shows "Vorige / Weitere" beside the grid; False leaves them to a :class:`Pager`
    elsewhere (a portrait screen gives the tiles the width)."""

    def page_slice(self, page: int) -> slice:
        """Return which of :attr:`tiles` page ``page`` shows: the pages differ by one tile at
        most, or, where that would leave a tile alone on a page, all are full (see above)."""
        count, pages = len(self.tiles), self.pages
        per_page = max(1, int(self.cols * self.rows))
        base, extra = divmod(count, pages)
        if base < 2 <= per_page <= count:
            start = min(page * per_page, count - per_page)
            return slice(start, start + per_page)
        start = page * base + min(page, extra)
        return slice(start, start + base + (1 if page < extra else 0))

    def turn(self, step: int) -> None:
        """Ask for the page ``step`` pages away; there is nothing before the first page or
        after the last (no wrapping around)."""
        target = min(max(0, self.shown_page + step), self.pages - 1)
        if target != self.shown_page:
            self.dispatch("on_turn", target)

    def _fill(self, *_args) -> None:
        if self.grid is None:
            return
        per_page = max(1, int(self.cols * self.rows))
        shown = self.tiles[self.page_slice(self.shown_page)]
        self.grid.clear_widgets()
        self.grid.cols, self.grid.rows = int(self.cols), int(self.rows)
        for tile in shown:
            if tile.parent is not None:
                tile.parent.remove_widget(tile)
            self.grid.add_widget(tile)
        # Keep every cell the same size on a page with fewer tiles than cells.
        for _ in range(per_page - len(shown)):
            self.grid.add_widget(Widget())

    def on_turn(self, page: int) -> None:
        """Default handler of ``on_turn``."""


class Pager(BoxLayout):
    """ "Vorige", the page dots and "Weitere" in a row, for a :class:`PagedGrid` without side
    buttons; it takes no room and no touches while the grid has one page."""

    grid = ObjectProperty(None, allownone=True, rebind=True)
    """The :class:`PagedGrid` it turns."""


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
