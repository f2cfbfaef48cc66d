"""The QR code widget and the QR block (code on white plus its sentence).

The code is drawn into a texture with an integer number of pixels per module and nearest
filtering, so every module edge is sharp and scanners decode it even from a photo of the
screen. It always sits on white, never over a photo.
"""

from __future__ import annotations

from pathlib import Path

from kivy.graphics.texture import Texture
from kivy.lang import Builder
from kivy.properties import NumericProperty, ObjectProperty, StringProperty
from kivy.uix.widget import Widget

from kiosk.services.qr import module_size_for, qr_rgba
from kiosk.ui.widgets.common import Card


class QRView(Widget):
    """Draws the QR code of ``url``, as large as fits ``target`` with whole-pixel modules.

    Its UI map id is ``qr`` and its label the exact URL.
    """

    url = StringProperty("")
    """The URL encoded; empty shows nothing."""

    target = NumericProperty(300)
    """Largest side in pixels the code may take, quiet zone included."""

    texture = ObjectProperty(None, allownone=True)
    """The drawn code (nearest-filtered)."""

    module_px = NumericProperty(0)
    """Pixels per module of the current texture."""

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
        # The module size may drop to 1 in a tiny test window; a kiosk screen gets >= 5.
        module = module_size_for(self.url, self.target, minimum=1)
        side, data = qr_rgba(self.url, module)
        texture = Texture.create(size=(side, side), colorfmt="rgba")
        texture.mag_filter = "nearest"
        texture.min_filter = "nearest"
        texture.blit_buffer(data, colorfmt="rgba", bufferfmt="ubyte")
        texture.flip_vertical()  # our rows run top-down, GL textures bottom-up
        self.module_px = module
        self.texture = texture


class QRBlock(Card):
    """A white card with the QR code and the sentence that says what scanning does."""

    url = StringProperty("")
    """The URL encoded."""

    text = StringProperty("")
    """The call to action next to the code."""

    qr = ObjectProperty(None)
    """The :class:`QRView` inside (set by kv)."""


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
