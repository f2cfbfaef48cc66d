"""The story screen: one firm's story in four fixed slots, its media, its providers and a QR code.

Every story reads the same way: "Die Ausgangslage", "Die Lösung", "Was es gekostet hat",
"Was es gebracht hat". The QR code in the bottom-right corner asks for contact about this
story; the providers who did it are chips that open the provider screen.
"""

from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import BooleanProperty, ObjectProperty

from kiosk.model.types import Medium
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.theme import theme
from kiosk.ui.formatting import story_qr_url
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

    story = ObjectProperty(None, allownone=True)
    """The :class:`kiosk.model.types.Story` shown."""

    gallery = ObjectProperty(None)
    """The media :class:`~kiosk.ui.widgets.gallery.Gallery` (set by kv)."""

    chips_box = ObjectProperty(None)
    """Container of the provider chips (set by kv)."""

    text_column = ObjectProperty(None)
    """The column with the four slots (set by kv)."""

    compact = BooleanProperty(False)
    """True when the slots use the smaller body size because the story is long."""

    def populate(self) -> None:
        """Show the story :attr:`item_id`: texts, provider chips, media from the first one."""
        controller = self.controller
        self.compact = False
        self.story = controller.exhibition.story(self.item_id)
        self.chips_box.clear_widgets()
        for provider in self.story.providers:
            self.chips_box.add_widget(ProviderChip(provider=provider, controller=controller))
        media = self.story.media or (Medium(kind="image", path=self.story.cover),)
        self.gallery.show_media(media, self.story.id)

    def on_enter(self, *_args) -> None:
        """Report the QR code shown, now and after each language switch."""
        self.controller.fbind("lang", self._note_qr)
        self._note_qr()

    def on_leave(self, *_args) -> None:
        """Free the video decoder and stop following the language."""
        self.controller.funbind("lang", self._note_qr)
        self.gallery.stop()

    def check_fit(self, column) -> None:
        """Switch to the compact body size when the slots are taller than their column.

        Bound to the column's size and minimum height, so it runs whenever the layout or
        the text changes; it only ever steps down, so it cannot oscillate.
        """
        if not self.compact and column.minimum_height > column.height + 1 and theme.landscape:
            self.compact = True

    def _note_qr(self, *_args) -> None:
        if self.story is not None:
            self.controller.note_qr("story", self.story.id, self.qr_url(self.controller.lang))

    def qr_url(self, lang: str) -> str:
        """Return the URL of this story's QR code in ``lang``."""
        if self.story is None:
            return ""
        return story_qr_url(self.controller.exhibition, self.story, lang)


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
