"""The QR code widget and the QR card (its sentence, the code and a readable address).

The code always fills the same square, :attr:`QRView.target` pixels whatever the URL's
length, so the card is one fixed object on every screen. It is drawn from a texture of one
pixel per module with nearest filtering: every module edge stays sharp (modules differ by
at most one pixel), and scanners decode it even from a photo of the screen. It always sits
on white, never over a photo.
"""

from __future__ import annotations

from pathlib import Path

from kivy.graphics.texture import Texture
from kivy.lang import Builder
from kivy.properties import AliasProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.widget import Widget

from kiosk.services.qr import qr_matrix, qr_rgba, short_address
from kiosk.ui.widgets.common import Card, Word  # noqa: F401 - Word used in qrview.kv


class QRView(Widget):
    """Draws the QR code of ``url`` into a square of ``target`` pixels, quiet zone included.

    Its UI map id is ``qr`` and its label the exact URL.
    """

    url = StringProperty("")
    """The URL encoded; empty shows nothing."""

    target = NumericProperty(300)
    """Side in pixels of the code, quiet zone included, whatever the URL's length."""

    texture = ObjectProperty(None, allownone=True)
    """The drawn code (nearest-filtered)."""

    module_px = NumericProperty(0)
    """Smallest on-screen size of a module in whole pixels (some are one pixel larger)."""

    ui_id = StringProperty("qr")
    """UI map id."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.fbind("url", self._render)
        self.fbind("target", self._render)
        self._render()

    @property
    def ui_label(self) -> str:
        """The UI map label: the exact URL."""
        return self.url

    def _render(self, *_args) -> None:
        if not self.url or self.target <= 0:
            self.texture = None
            self.module_px = 0
            return
        side, data = qr_rgba(self.url, 1)
        texture = Texture.create(size=(side, side), colorfmt="rgba")
        texture.mag_filter = "nearest"
        texture.min_filter = "nearest"
        texture.blit_buffer(data, colorfmt="rgba", bufferfmt="ubyte")
        texture.flip_vertical()  # our rows run top-down, GL textures bottom-up
        self.module_px = int(self.target // len(qr_matrix(self.url)))
        self.texture = texture


class QRBlock(Card):
    """The QR card: the sentence that says what scanning does and who answers, the code, and
    under it the address in a form people can read. Its size never depends on the URL or
    the screen it is on."""

    url = StringProperty("")
    """The URL encoded."""

    text = StringProperty("")
    """The call to action beside the code."""

    def _get_address(self) -> str:
        return short_address(self.url) if self.url else ""

    address = AliasProperty(_get_address, bind=("url",), cache=True)
    """Host and path of :attr:`url`, printed under the code."""

    qr = ObjectProperty(None)
    """The :class:`QRView` inside (set by kv)."""


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
