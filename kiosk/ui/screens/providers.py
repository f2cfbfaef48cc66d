"""The provider wall ("Wand der Lösungsanbieter"): every provider as an equal tile.

The order is neutral: shuffled with the visitor session's seed, so it stays put while one
visitor browses and changes for the next. Nobody is ranked, badged or made bigger.
"""

from __future__ import annotations

import random
from pathlib import Path

from kivy.clock import Clock
from kivy.lang import Builder
from kivy.properties import NumericProperty, ObjectProperty

from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets.tiles import PagedGrid, PageDots, ProviderTile  # noqa: F401 - used in providers.kv


def neutral_order(providers, seed: int) -> list:
    """Return the providers shuffled with ``seed`` (the same seed gives the same order)."""
    ordered = sorted(providers, key=lambda p: p.id)
    random.Random(seed).shuffle(ordered)
    return ordered


class ProvidersScreen(KioskScreen):
    """See the module docstring.

    The tiles are made once and laid out in the session's order once per session, on a frame
    of their own soon after the screen is built and after each new session (:attr:`session`),
    so a visit to the wall finds them ready; a visit before that lays them out itself.
    """

    grid = ObjectProperty(None)
    """The :class:`~kiosk.ui.widgets.tiles.PagedGrid` of provider tiles (set by kv)."""

    page = NumericProperty(0)
    """The grid page shown; back to 0 for each new session."""

    session = NumericProperty(0)
    """The controller's ``session_seed`` (bound in kv, which unbinds it with the screen)."""

    fills = NumericProperty(0)
    """How often the tiles were put in a new order: once per session, not per visit."""

    def __init__(self, **kwargs) -> None:
        self._tiles: dict[str, ProviderTile] = {}
        self._seed = None
        # 0: in the next frame, not in the one that built the screen or began the session.
        self._prepare_trigger = Clock.create_trigger(self.prepare, 0)
        super().__init__(**kwargs)
        self._exhibition = self.controller.exhibition if self.controller is not None else None
        """The exhibition the screen was built for: a content swap brings new screens."""
        self._prepare_trigger()

    def on_session(self, *_args) -> None:
        """A new visitor: shuffle the wall for them before they come to it."""
        self._prepare_trigger()

    def populate(self) -> None:
        """Show the wall in the session's order, from the first page on a new session."""
        self.prepare()

    def prepare(self, *_args) -> None:
        """Build the tiles once; lay them out in a new order when a new visitor session began."""
        self._prepare_trigger.cancel()
        controller = self.controller
        if controller is None or self.grid is None or controller.exhibition is not self._exhibition:
            return  # not built yet, or a screen of the content before a swap
        if not self._tiles:
            for provider in controller.exhibition.providers:
                self._tiles[provider.id] = ProviderTile(provider=provider, controller=controller,
                                                        on_release=self._open_tile)
        if self._seed != controller.session_seed:
            self._seed = controller.session_seed
            self.page = 0
            order = neutral_order(controller.exhibition.providers, self._seed)
            self.grid.tiles = [self._tiles[p.id] for p in order]
            self.fills += 1
        if self.parent is None and self.manager is not None:
            # Laid out at the size it will show at: a screen never shown yet is 100x100.
            self.size = self.manager.size

    def _open_tile(self, tile: ProviderTile) -> None:
        self.controller.open_provider(tile.provider.id)


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
