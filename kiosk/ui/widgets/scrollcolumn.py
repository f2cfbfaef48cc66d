"""A column of text that scrolls, calmly and visibly, when it is taller than its box.

At the larger text size a provider's description or an info page holds more than one screen.
Rather than shrink the text back, the column scrolls: beside it stand two large arrow buttons
("Nach oben", "Weiter"), greyed out at either end, a bar shows where the visitor is, and the
last lines fade into the background while there is more below. A swipe scrolls too, without
a bounce at the ends. While everything fits, the column is a plain column: no arrows, no bar,
and taps reach its buttons without the scroll view's delay.
"""

from __future__ import annotations

from pathlib import Path

from kivy.animation import Animation
from kivy.graphics.texture import Texture
from kivy.lang import Builder
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.floatlayout import FloatLayout

from kiosk.ui.widgets.common import OutlinedButton

SCROLL_STEP = 0.8
"""How much of the visible height one arrow tap scrolls: the last lines seen stay in view."""

SCROLL_SECONDS = 0.25
"""Duration of one arrow tap's scroll (the design's 200-300 ms)."""


class ScrollButton(OutlinedButton):
    """An arrow above a word, as tall as two touch targets: "Weiter" under a down arrow."""

    icon = StringProperty("down")
    """The arrow (``up`` or ``down``)."""

    text = StringProperty("")
    """The word under the arrow."""

    word_width = NumericProperty(0)
    """Width of the drawn word (set by kv), so the column of arrows can make room for it."""


class ScrollColumn(FloatLayout):
    """A vertical column whose children (given in kv as to a vertical BoxLayout) scroll when
    they need more height than the column has. See the module docstring.

    The arrows stand in a strip at the column's right edge that the text keeps free at the
    larger text. At the normal size the text has the whole width: it fits there (the
    screens' tests check it), and should a text not fit, the arrows come over its right edge
    rather than narrow it, which would wrap it anew and could keep them there for good.
    """

    lang = StringProperty("de")
    """Language of the arrow buttons' words."""

    gap = NumericProperty(0)
    """Space between the column's children."""

    arrows_width = NumericProperty(0)
    """Width of the strip of arrows (set by kv)."""

    content_height = NumericProperty(0)
    """Height the children need (set by kv): a column may be sized to it, up to a limit."""

    content = ObjectProperty(None)
    """The vertical box inside the scroll view that holds the column's children (set by kv)."""

    view = ObjectProperty(None)
    """The :class:`~kivy.uix.scrollview.ScrollView` (set by kv)."""

    overflows = BooleanProperty(False)
    """True while the children need more height than the column shows (set by kv)."""

    fade = ObjectProperty(None)
    """A texture from clear to opaque, drawn in the background colour over the last lines
    while there is more below."""

    def __init__(self, **kwargs) -> None:
        self.fade = fade_texture()
        super().__init__(**kwargs)

    def add_widget(self, widget, *args, **kwargs):
        """Add the column's own parts to itself, and everything given in kv to :attr:`content`."""
        if self.content is None:
            return super().add_widget(widget, *args, **kwargs)
        return self.content.add_widget(widget, *args, **kwargs)

    def scroll_step(self, direction: int) -> None:
        """Scroll one arrow tap down (``direction`` 1) or up (-1), gently: most of the visible
        height, so the last lines seen stay in view."""
        view = self.view
        hidden = self.content.height - view.height
        if hidden <= 0:
            return
        target = min(1.0, max(0.0, view.scroll_y - direction * SCROLL_STEP * view.height / hidden))
        Animation.cancel_all(view, "scroll_y")
        Animation(scroll_y=target, d=SCROLL_SECONDS, t="out_quad").start(view)

    def to_top(self) -> None:
        """Show the column from its first line again (a new item, another language)."""
        if self.view is not None:
            Animation.cancel_all(self.view, "scroll_y")
            self.view.scroll_y = 1.0


_FADE: list[Texture] = []


def fade_texture() -> Texture:
    """Return the one fade texture: 64 rows of white whose alpha rises from 0 at the top to
    255 at the bottom (tinted with the background colour where it is drawn)."""
    if not _FADE:
        rows = 64
        data = bytearray()
        for row in range(rows):  # GL rows run bottom-up: row 0 is the opaque bottom
            data += bytes((255, 255, 255, round(255 * (1 - row / (rows - 1)))))
        texture = Texture.create(size=(1, rows), colorfmt="rgba")
        texture.blit_buffer(bytes(data), colorfmt="rgba", bufferfmt="ubyte")
        _FADE.append(texture)
    return _FADE[0]


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
