"""An info page (Förderprogramm, Über die Werkbank ...): title, body, optional media and QR code."""

from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import ObjectProperty

from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.strings import tr
from kiosk.ui.widgets.gallery import Gallery  # noqa: F401 - used in page.kv
from kiosk.ui.widgets.qrview import QRBlock  # noqa: F401 - used in page.kv


class PageScreen(KioskScreen):
    """See the module docstring. Without media and QR code the text takes the whole width."""

    page = ObjectProperty(None, allownone=True)
    """The :class:`kiosk.model.types.Page` shown."""

    gallery = ObjectProperty(None)
    """The media :class:`~kiosk.ui.widgets.gallery.Gallery` (set by kv)."""

    def populate(self) -> None:
        """Show the page :attr:`item_id`."""
        self.page = self.controller.exhibition.page(self.item_id)
        self.gallery.show_media(self.page.media, self.page.id)

    def on_enter(self, *_args) -> None:
        """Report the QR code shown, now and after each language switch."""
        self.controller.fbind("lang", self._note_qr)
        self._note_qr()

    def on_leave(self, *_args) -> None:
        """Free a video decoder and stop following the language."""
        self.controller.funbind("lang", self._note_qr)
        self.gallery.stop()

    def _note_qr(self, *_args) -> None:
        url = self.qr_url(self.controller.lang)
        if url:
            self.controller.note_qr("page", self.page.id, url)

    def qr_url(self, lang: str) -> str:
        """Return the URL of the page's QR code, or "" if it has none."""
        if self.page is None:
            return ""
        return self.controller.exhibition.qr_url(self.page, lang) or ""

    def qr_text(self, lang: str) -> str:
        """Return the call to action beside the QR code."""
        if self.page is not None and self.page.qr_caption is not None:
            return self.page.qr_caption.get(lang)
        return tr("page.qr", lang)


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
