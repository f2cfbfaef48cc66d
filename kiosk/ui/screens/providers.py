"""The provider wall ("Wand der Lösungsanbieter"): every provider as an equal tile.

The order is neutral: shuffled with the visitor session's seed, so it stays put while one
visitor browses and changes for the next. Nobody is ranked, badged or made bigger.
"""

from __future__ import annotations

import random
from pathlib import Path

from kivy.lang import Builder
from kivy.properties import NumericProperty, ObjectProperty

from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets.tiles import ProviderTile
from kiosk.ui.widgets.tiles import PageDots, PagedGrid  # noqa: F401 - used in providers.kv


def neutral_order(providers, seed: int) -> list:
    """Return the providers shuffled with ``seed`` (the same seed gives the same order)."""
    ordered = sorted(providers, key=lambda p: p.id)
    random.Random(seed).shuffle(ordered)
    return ordered


class ProvidersScreen(KioskScreen):
    """See the module docstring."""

    grid = ObjectProperty(None)
    """The :class:`~kiosk.ui.widgets.tiles.PagedGrid` of provider tiles (set by kv)."""

    page = NumericProperty(0)
    """The grid page shown; back to 0 for each new session."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._tiles: dict[str, ProviderTile] = {}
        self._seed = None

    def populate(self) -> None:
        """Build the tiles once; reshuffle them when a new visitor session began."""
        controller = self.controller
        if not self._tiles:
            for provider in controller.exhibition.providers:
                self._tiles[provider.id] = ProviderTile(provider=provider, controller=controller,
                                                        on_release=self._open_tile)
        if self._seed != controller.session_seed:
            self._seed = controller.session_seed
            self.page = 0
            order = neutral_order(controller.exhibition.providers, self._seed)
            self.grid.tiles = [self._tiles[p.id] for p in order]

    def _open_tile(self, tile: ProviderTile) -> None:
        self.controller.open_provider(tile.provider.id)


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
