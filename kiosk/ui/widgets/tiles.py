"""Tiles and the paged grid that holds them: story covers and provider logos.

All tiles of a kind have the same size; the grid pages with visible buttons instead of
scrolling, so nothing depends on a swipe the visitor may not know.
"""

from __future__ import annotations

import math
from pathlib import Path

from kivy.clock import Clock
from kivy.lang import Builder
from kivy.properties import (AliasProperty, BooleanProperty, ListProperty, NumericProperty, ObjectProperty,
                             StringProperty)
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.widget import Widget

from kiosk.ui.widgets.common import ClampTxt, OutlinedButton, Tile  # noqa: F401 - ClampTxt is used in tiles.kv
from kiosk.ui.widgets.picture import CachedImage  # noqa: F401 - used in tiles.kv


class StoryTile(Tile):
    """A story's cover photo with its title and firm; tapping opens the story."""

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
    """A tall button beside a grid: an arrow above a word ("Weitere")."""

    step = NumericProperty(1)
    """-1 turns back (a ``prev`` arrow, left of the grid), 1 forward (``next``)."""

    text = StringProperty("")
    """The word under the arrow."""

    shown = BooleanProperty(True)
    """False hides the button: no room, no touches, not in the UI map (a grid of one page)."""


class PagedGrid(BoxLayout):
    """A grid of equal cells with "Vorige / Weitere" buttons on its sides when there are more
    tiles than cells.

    Event ``on_turn(page)`` asks the owner to show another page; the owner sets ``page``.
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

    lang = StringProperty("de")
    """Language of the pager words."""

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

    def turn(self, step: int) -> None:
        """Ask for the page ``step`` pages away (wrapping around)."""
        self.dispatch("on_turn", (self.shown_page + step) % self.pages)

    def _fill(self, *_args) -> None:
        if self.grid is None:
            return
        per_page = max(1, int(self.cols * self.rows))
        start = self.shown_page * per_page
        shown = self.tiles[start:start + per_page]
        self.grid.clear_widgets()
        for tile in shown:
            if tile.parent is not None:
                tile.parent.remove_widget(tile)
            self.grid.add_widget(tile)
        # Keep every cell the same size on a half-empty last page.
        for _ in range(per_page - len(shown)):
            self.grid.add_widget(Widget())

    def on_turn(self, page: int) -> None:
        """Default handler of ``on_turn``."""


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
