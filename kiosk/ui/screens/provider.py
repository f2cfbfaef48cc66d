"""One provider: who they are, what they offer, the stories they took part in, and a QR code
to request a meeting with them at the Werkbank."""

from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import ObjectProperty

from kiosk.services.events import Screen
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets.tiles import StoryTile
from kiosk.ui.widgets.qrview import QRBlock  # noqa: F401 - used in provider.kv
from kiosk.ui.widgets.scrollcolumn import ScrollColumn  # noqa: F401 - used in provider.kv


class ProviderScreen(KioskScreen):
    """See the module docstring."""

    qr_target = Screen.PROVIDER

    provider = ObjectProperty(None, allownone=True)
    """The :class:`kiosk.model.types.Provider` shown."""

    stories_box = ObjectProperty(None)
    """Container of the story tiles (set by kv)."""

    main = ObjectProperty(None)
    """The :class:`~kiosk.ui.widgets.scrollcolumn.ScrollColumn` of the provider's text (set by kv)."""

    def __init__(self, **kwargs) -> None:
        self._tiles: dict[str, StoryTile] = {}
        """The story tiles made so far, by story id: each is made on the first visit of a
        provider of its story and shown again on the next (a content swap builds new screens)."""
        super().__init__(**kwargs)

    def populate(self) -> None:
        """Show the provider :attr:`item_id` and the tiles of its stories."""
        controller = self.controller
        self.provider = controller.exhibition.provider(self.item_id)
        self.main.to_top()
        self.stories_box.clear_widgets()
        for story in controller.exhibition.stories_of(self.provider.id):
            self.stories_box.add_widget(self._tile(story))

    def _tile(self, story) -> StoryTile:
        """Return the tile of ``story``, made once: a tile made per visit was garbage at the
        next, and making one (its cover and texts) fell in the frame of a tap to a provider."""
        tile = self._tiles.get(story.id)
        if tile is None or tile.story is not story:
            tile = self._tiles[story.id] = StoryTile(story=story, controller=self.controller,
                                                     on_release=self._open_tile)
        return tile

    def _open_tile(self, tile: StoryTile) -> None:
        self.controller.open_story(tile.story.id)


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
