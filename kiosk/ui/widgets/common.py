"""Basic building blocks: text, tappable buttons and chips, vector icons, cards and tiles.

Everything tappable is drawn in the one accent colour and reports itself to the UI map
through ``ui_id`` and ``ui_label``. Every white panel is a :class:`Card`; a tappable one
is a :class:`CardButton`, drawn as an :class:`OutlinedButton` or a :class:`Tile`, so each
of these canvases is written once, in ``common.kv``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from kivy.clock import Clock
from kivy.graphics import Color, Line, Rectangle, Triangle
from kivy.lang import Builder
from kivy.properties import (BooleanProperty, ColorProperty, NumericProperty, OptionProperty,
                             StringProperty)
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label
from kivy.uix.stacklayout import StackLayout
from kivy.uix.widget import Widget

from kiosk.ui.theme import C
from kiosk.ui.widgets.keptlabels import KeptTexture


class Txt(KeptTexture, Label):
    """A wrapping label of the kiosk's type scale; its height follows its text.

    ``role`` picks the size (title, heading, tile, body, caption); ``max_chars`` caps the
    line length so that lines stay readable (about 60 characters for body text).
    """

    role = OptionProperty("body", options=("title", "heading", "tile", "body", "caption"))
    """Which step of the type scale the text uses."""

    max_chars = NumericProperty(60)
    """Longest line in average characters; 0 means no limit beyond the widget width."""


class Word(KeptTexture, Label):
    """The word on an :class:`AccentButton`: a label that can show a texture rendered ahead."""


@lru_cache(maxsize=256)
def text_height(font_name: str, font_size: float, lines: int, line_height: float = 1.2) -> int:
    """Return the pixel height of ``lines`` lines of text as a wrapping :class:`Txt` renders them.

    A line is taller than ``font_size * line_height`` (the font's ascent and descent add
    about a fifth), so fixed text areas measure it instead of guessing.
    """
    from kivy.core.text import Label as CoreLabel

    if lines <= 0:
        return 0
    # Measured with a wrap width, as every Txt has: without one Kivy leaves line_height off
    # the first line, and three lines come out 7 px (at 28 px) shorter than they are drawn.
    label = CoreLabel(text="\n".join(["Ag"] * int(lines)), font_name=font_name,
                      font_size=font_size, line_height=line_height, text_size=(10 ** 4, None))
    label.refresh()
    return int(label.texture.size[1])


def clamp_lines(text: str, width: float, lines: int, **style) -> str:
    """Return ``text`` cut at a word and ended with "…" so that it wraps into ``lines`` lines.

    ``style`` takes the CoreLabel options (font_name, font_size, line_height, markup off).
    Kivy's own ``max_lines`` is ignored without a fixed text height and ``shorten`` always
    gives one line, hence this. Returns ``text`` unchanged if it fits.
    """
    from kivy.core.text import Label as CoreLabel

    def count(candidate: str) -> int:
        label = CoreLabel(text=candidate, text_size=(width, None), **style)
        label.refresh()
        return len(label._cached_lines)

    if lines <= 0 or width <= 1 or not text or count(text) <= lines:
        return text
    words = text.split()
    low, high = 0, len(words)
    while low < high:  # the most words that still fit with the ellipsis
        mid = (low + high + 1) // 2
        if count(" ".join(words[:mid]) + "…") <= lines:
            low = mid
        else:
            high = mid - 1
    return " ".join(words[:low]).rstrip(",;:-–") + "…"


class ClampTxt(Txt):
    """A :class:`Txt` that never takes more than :attr:`lines` lines: longer text ends in "…".

    Set :attr:`full_text`, not ``text``: ``text`` holds what fits the current width.
    """

    full_text = StringProperty("")
    """The whole text; shown cut at a word with "…" if it needs more than :attr:`lines` lines."""

    lines = NumericProperty(2)
    """Most lines shown."""

    def __init__(self, **kwargs) -> None:
        self._clamp_trigger = Clock.create_trigger(self._clamp, -1)
        super().__init__(**kwargs)
        for name in ("full_text", "lines", "width", "font_size", "font_name"):
            self.fbind(name, self._clamp_trigger)
        self._clamp()

    def _clamp(self, *_args) -> None:
        width = self.text_size[0] if self.text_size[0] else self.width
        self.text = clamp_lines(self.full_text, width, int(self.lines), font_name=self.font_name,
                                font_size=self.font_size, line_height=self.line_height)


class Tappable(ButtonBehavior):
    """Mixin for everything a visitor can tap; ``ui_id`` names it in the UI map."""

    ui_id = StringProperty("")
    """Stable id in the UI map, e.g. ``story:baeckerei`` or ``nav:home``."""

    ui_label = StringProperty("")
    """Human-readable label in the UI map."""


class Icon(Widget):
    """A simple vector icon (home, back, prev, next, up, down, larger, play, pause, sound_on,
    sound_off, arrow)."""

    name = StringProperty("")
    """The icon to draw."""

    color = ColorProperty(C["accent"])
    """Stroke and fill colour."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        # Drawn once per frame from the final geometry: redrawing on every intermediate
        # pos/size of a layout pass left some chips' arrows where an earlier pass had put them.
        self._redraw_trigger = Clock.create_trigger(self._redraw, -1)
        for name in ("pos", "size", "name", "color"):
            self.fbind(name, self._redraw_trigger)
        self._redraw_trigger()

    def _redraw(self, *_args) -> None:
        self.canvas.clear()
        side = min(self.width, self.height)
        if side <= 0 or not self.name:
            return
        x0, y0 = self.center_x - side / 2, self.center_y - side / 2

        def p(fx: float, fy: float) -> tuple[float, float]:
            return x0 + fx * side, y0 + fy * side

        width = max(1.5, side * 0.085)
        with self.canvas:
            Color(*self.color)
            draw = getattr(self, f"_draw_{self.name}", None)
            if draw is not None:
                draw(p, width)

    @staticmethod
    def _draw_home(p, w) -> None:
        Line(points=[*p(0.12, 0.5), *p(0.5, 0.88), *p(0.88, 0.5)], width=w, joint="round", cap="round")
        Line(points=[*p(0.24, 0.6), *p(0.24, 0.12), *p(0.76, 0.12), *p(0.76, 0.6)], width=w,
             joint="round", cap="round")
        Line(points=[*p(0.43, 0.12), *p(0.43, 0.38), *p(0.57, 0.38), *p(0.57, 0.12)], width=w * 0.8,
             joint="round")

    @staticmethod
    def _draw_back(p, w) -> None:
        Line(points=[*p(0.86, 0.5), *p(0.16, 0.5)], width=w, cap="round")
        Line(points=[*p(0.46, 0.82), *p(0.14, 0.5), *p(0.46, 0.18)], width=w, joint="round", cap="round")

    @staticmethod
    def _draw_arrow(p, w) -> None:
        Line(points=[*p(0.14, 0.5), *p(0.84, 0.5)], width=w, cap="round")
        Line(points=[*p(0.54, 0.82), *p(0.86, 0.5), *p(0.54, 0.18)], width=w, joint="round", cap="round")

    @staticmethod
    def _draw_prev(p, w) -> None:
        Line(points=[*p(0.64, 0.86), *p(0.3, 0.5), *p(0.64, 0.14)], width=w * 1.2, joint="round", cap="round")

    @staticmethod
    def _draw_next(p, w) -> None:
        Line(points=[*p(0.36, 0.86), *p(0.7, 0.5), *p(0.36, 0.14)], width=w * 1.2, joint="round", cap="round")

    @staticmethod
    def _draw_up(p, w) -> None:
        Line(points=[*p(0.14, 0.36), *p(0.5, 0.7), *p(0.86, 0.36)], width=w * 1.2, joint="round", cap="round")

    @staticmethod
    def _draw_down(p, w) -> None:
        Line(points=[*p(0.14, 0.64), *p(0.5, 0.3), *p(0.86, 0.64)], width=w * 1.2, joint="round", cap="round")

    @staticmethod
    def _draw_larger(p, w) -> None:
        # A capital A and a plus: "larger text" without words.
        Line(points=[*p(0.06, 0.12), *p(0.33, 0.86), *p(0.6, 0.12)], width=w, joint="round", cap="round")
        Line(points=[*p(0.16, 0.38), *p(0.5, 0.38)], width=w, cap="round")
        Line(points=[*p(0.66, 0.7), *p(0.96, 0.7)], width=w, cap="round")
        Line(points=[*p(0.81, 0.55), *p(0.81, 0.85)], width=w, cap="round")

    @staticmethod
    def _draw_play(p, _w) -> None:
        Triangle(points=[*p(0.24, 0.1), *p(0.24, 0.9), *p(0.9, 0.5)])

    @staticmethod
    def _draw_pause(p, _w) -> None:
        x, y = p(0.2, 0.12)
        x2, _ = p(0.58, 0.12)
        bar_w, bar_h = p(0.42, 0.88)[0] - x, p(0.2, 0.88)[1] - y
        Rectangle(pos=(x, y), size=(bar_w, bar_h))
        Rectangle(pos=(x2, y), size=(bar_w, bar_h))

    @staticmethod
    def _draw_speaker(p, w) -> None:
        Line(points=[*p(0.08, 0.36), *p(0.26, 0.36), *p(0.5, 0.14), *p(0.5, 0.86), *p(0.26, 0.64),
                     *p(0.08, 0.64)], width=w * 0.8, close=True, joint="round")

    def _draw_sound_on(self, p, w) -> None:
        self._draw_speaker(p, w)
        Line(points=[*p(0.64, 0.34), *p(0.7, 0.5), *p(0.64, 0.66)], width=w * 0.8, cap="round")
        Line(points=[*p(0.76, 0.2), *p(0.88, 0.5), *p(0.76, 0.8)], width=w * 0.8, cap="round")

    def _draw_sound_off(self, p, w) -> None:
        self._draw_speaker(p, w)
        Line(points=[*p(0.64, 0.34), *p(0.92, 0.66)], width=w * 0.8, cap="round")
        Line(points=[*p(0.64, 0.66), *p(0.92, 0.34)], width=w * 0.8, cap="round")


class Backdrop:
    """Mixin for a full-screen layer: the page background fills it (rule in common.kv), so
    nothing of the layer below shows through."""


class Card(BoxLayout):
    """A white panel with rounded corners that holds a block of content."""

    background = ColorProperty(C["surface"])
    """Fill colour of the card."""


class CardButton(Tappable, Card):
    """A card the visitor can tap; it darkens while pressed."""

    pressed_shade = NumericProperty(0.12)
    """Opacity of the black veil over the card while it is pressed."""


class OutlinedButton(CardButton):
    """A card button with an accent outline: white, or filled with the accent."""

    filled = BooleanProperty(False)
    """True for an accent fill (the main action, a selected chip) instead of white."""

    outline = BooleanProperty(True)
    """False leaves the accent outline off (filter chips, links): if twenty things on a
    screen are outlined in the accent, none of them stands out."""


class Tile(CardButton):
    """A card button with an accent bar along its bottom edge: a story or provider tile."""


class AccentButton(OutlinedButton):
    """A button with an optional icon and a word, in the accent colour.

    ``filled`` draws accent with white text (the main action, a selected chip); otherwise
    it is white with an accent outline and accent text.
    """

    text = StringProperty("")
    """The word on the button."""

    icon = StringProperty("")
    """Name of an :class:`Icon`, or empty for a word only."""

    label = StringProperty("")
    """The button's name in the UI map when no word shows (an icon alone); else its word."""

    font_size = NumericProperty(28)
    """Size of the word; kv ties it to the theme by :attr:`role`."""

    role = OptionProperty("body", options=("tile", "body", "caption"))
    """Which step of the type scale the word uses. Set this, not ``font_size``: a second kv
    rule on ``font_size`` races the first one whenever the text size changes."""

    shown = BooleanProperty(True)
    """False hides the button (set ``disabled`` too, so it takes no touches)."""

    fixed_width = NumericProperty(0)
    """A width to keep instead of the natural one (0: as wide as icon and word need)."""

    def on_touch_down(self, touch):
        """Let touches pass through a hidden button: Kivy's disabled widgets swallow them."""
        if not self.shown:
            return False
        return super().on_touch_down(touch)


class Flow(StackLayout):
    """Chips or buttons in rows, left to right, wrapping; exactly as tall as its rows.

    Kivy's StackLayout counts a spacing after its last row in ``minimum_height``; a box
    sized to that stands one spacing too tall, off-centre against its neighbours.
    """


class Slot(BoxLayout):
    """A labelled block of a story ("Die Ausgangslage" ...): a small heading above a body text."""

    title = StringProperty("")
    """The slot's heading."""

    text = StringProperty("")
    """The slot's body text."""

    markup = BooleanProperty(False)
    """True if :attr:`text` uses Kivy markup (bold cost labels)."""

    compact = BooleanProperty(False)
    """True sets the body in the caption size (24 px at 1080p) so that a long story fits."""


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
