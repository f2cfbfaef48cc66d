"""The story screen: one firm's story in four fixed slots, its media, its providers and a QR code.

Every story reads the same way: "Die Ausgangslage", "Die Lösung", "Was es gekostet hat",
"Was es gebracht hat". The media keep 16:9. The QR code in the bottom-right corner asks
for contact about this story; the providers who did it are chips that open the provider
screen.
"""

from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import BooleanProperty, ObjectProperty

from kivy.uix.widget import Widget

from kiosk.model.types import Medium
from kiosk.services.events import Screen
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.theme import theme
from kiosk.ui.widgets.common import AccentButton
from kiosk.ui.widgets.gallery import Gallery  # noqa: F401 - used in story.kv
from kiosk.ui.widgets.qrview import QRBlock  # noqa: F401 - used in story.kv


class ProviderChip(AccentButton):
    """A provider who took part in a story; tapping opens the provider screen."""

    provider = ObjectProperty(None)
    """The :class:`kiosk.model.types.Provider`."""

    controller = ObjectProperty(None, rebind=True)
    """The kiosk controller."""


class StoryScreen(KioskScreen):
    """See the module docstring."""

    qr_target = Screen.STORY

    story = ObjectProperty(None, allownone=True)
    """The :class:`kiosk.model.types.Story` shown."""

    gallery = ObjectProperty(None)
    """The media :class:`~kiosk.ui.widgets.gallery.Gallery` (set by kv)."""

    chips_box = ObjectProperty(None)
    """Container of the provider chips (set by kv)."""

    text_column = ObjectProperty(None)
    """The box below the heading that holds every block (set by kv)."""

    slots = ObjectProperty(None)
    """The 2x2 grid of the four slots (set by kv)."""

    chips_row = ObjectProperty(None)
    """"Umgesetzt mit" and the provider chips; in portrait also the QR code's sentence (set by kv)."""

    qr_anchor = ObjectProperty(None)
    """The bottom-right corner: the QR card, in landscape with the caption and sentence beside it (set by kv)."""

    left = ObjectProperty(None)
    """Landscape: the text side; portrait: everything above the bottom row (set by kv)."""

    right = ObjectProperty(None)
    """Landscape: the media side with the QR code; unused in portrait (set by kv)."""

    bottom = ObjectProperty(None)
    """Portrait: the providers and the QR code along the bottom (set by kv)."""

    compact = BooleanProperty(False)
    """True when the slots use the smaller body size because the story is long."""

    def arrange(self, *_args) -> None:
        """Put the blocks where the window's orientation wants them (see story.kv)."""
        for block in (self.gallery, self.slots, self.chips_row, self.qr_anchor):
            if block.parent is not None:
                block.parent.remove_widget(block)
        for box in (self.left, self.right, self.bottom):
            box.clear_widgets()
        # Each orientation keeps only its boxes in the tree, so none takes a share of space.
        wanted = (self.left, self.right) if theme.landscape else (self.left, self.bottom)
        for box in (self.left, self.right, self.bottom):
            if box.parent is not None and box not in wanted:
                self.text_column.remove_widget(box)
        for box in wanted:
            if box.parent is None:
                self.text_column.add_widget(box)
        if theme.landscape:
            for block in (self.slots, self.chips_row):
                self.left.add_widget(block)
            for block in (self.gallery, Widget(), self.qr_anchor):
                self.right.add_widget(block)
        else:
            for block in (self.gallery, self.slots):
                self.left.add_widget(block)
            self.bottom.add_widget(self.chips_row)
            self.bottom.add_widget(self.qr_anchor)

    def populate(self) -> None:
        """Show the story :attr:`item_id`: texts, provider chips, media from the first one."""
        self.arrange()
        controller = self.controller
        self.compact = False
        self.story = controller.exhibition.story(self.item_id)
        self.chips_box.clear_widgets()
        for provider in self.story.providers:
            self.chips_box.add_widget(ProviderChip(provider=provider, controller=controller))
        media = self.story.media or (Medium(kind="image", path=self.story.cover),)
        self.gallery.show_media(media, self.story.id)

    def on_enter(self, *args) -> None:
        """Report the QR code shown, now and after each language switch; follow rotation."""
        theme.fbind("landscape", self._rearrange)
        super().on_enter(*args)

    def on_leave(self, *args) -> None:
        """Free the video decoder, stop following the language and the window."""
        super().on_leave(*args)
        theme.funbind("landscape", self._rearrange)
        self.gallery.stop()

    def _rearrange(self, *_args) -> None:
        self.compact = False
        self.arrange()

    def check_fit(self) -> None:
        """Switch to the compact body size (24 px at 1080p) when a long story would crowd the screen.

        Landscape: the text side is taller than its column. Portrait: the media had to shrink
        below full width. Bound to the layout's sizes, so it runs whenever the layout or the
        text changes; it only ever steps down within a visit, so it cannot oscillate.
        """
        if self.compact or self.left is None or self.left.height <= 0:
            return
        if theme.landscape:
            crowded = self.left.minimum_height > self.left.height + 1
        else:
            stage = self.gallery.stage
            crowded = stage.height + 1 < self.gallery.width * self.gallery.stage_ratio
        if crowded:
            self.compact = True


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
