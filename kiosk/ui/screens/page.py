"""An info page (Förderprogramm, Über die Werkbank ...): title, body, optional media and QR
code, and a next step onward (the provider wall, the stories), so no page is a dead end."""

from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import ObjectProperty

from kiosk.services.events import Screen
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.strings import tr
from kiosk.ui.widgets.gallery import Gallery  # noqa: F401 - used in page.kv
from kiosk.ui.widgets.qrview import QRBlock  # noqa: F401 - used in page.kv
from kiosk.ui.widgets.scrollcolumn import ScrollColumn  # noqa: F401 - used in page.kv


class PageScreen(KioskScreen):
    """See the module docstring. Without media and QR code the text takes the whole width."""

    qr_target = Screen.PAGE

    page = ObjectProperty(None, allownone=True)
    """The :class:`kiosk.model.types.Page` shown."""

    gallery = ObjectProperty(None)
    """The media :class:`~kiosk.ui.widgets.gallery.Gallery` (set by kv)."""

    main = ObjectProperty(None)
    """The :class:`~kiosk.ui.widgets.scrollcolumn.ScrollColumn` of the page's text (set by kv)."""

    def populate(self) -> None:
        """Show the page :attr:`item_id`."""
        self.page = self.controller.exhibition.page(self.item_id)
        self.main.to_top()
        self.gallery.show_media(self.page.media, self.page.id)

    def on_leave(self, *args) -> None:
        """Free a video decoder and stop following the language."""
        super().on_leave(*args)
        self.gallery.stop()

    def qr_text(self, lang: str) -> str:
        """Return the call to action beside the QR code."""
        if self.page is not None and self.page.qr_caption is not None:
            return self.page.qr_caption.get(lang)
        return tr("page.qr", lang)


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
