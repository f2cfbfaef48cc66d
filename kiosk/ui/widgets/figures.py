"""A story's key figures: a row of two to four large numbers under its title.

Each figure is its number with its unit in large ink type ("1.800 €", "−12 Prozentpunkte"),
and its label small and muted below ("einmalig"). Numbers are not tappable, so they are
never drawn in the accent colour. The number and its unit are one unbreakable line
(:func:`kiosk.model.textfmt.format_figure` joins them with a no-break space): rather than
break it, the row sets every number one step smaller, the same step for all of them, so
that the row reads as one line of equals; only where even the smallest step cannot hold
them side by side does the row wrap. A story without figures shows no row and takes no
height.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from kivy.lang import Builder
from kivy.properties import ListProperty, NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label

from kiosk.model.textfmt import format_figure
from kiosk.ui.widgets.common import Flow, Txt
from kiosk.ui.widgets.keptlabels import KeptTexture


@lru_cache(maxsize=4096)
def text_width(text: str, font_name: str, font_size: float) -> int:
    """Return the width in pixels of ``text`` set on one line (at least 1, as its texture).

    Measured, not drawn: a row tries every size step at every width it gets, and a story
    measures the same figures on each visit; the widths depend on nothing else, so each is
    measured once.
    """
    from kivy.core.text import Label as CoreLabel

    width, _height = CoreLabel(font_name=font_name, font_size=font_size).get_extents(text)
    return max(1, int(width))


class FigureValue(KeptTexture, Label):
    """A figure's number and unit on one line; :class:`FigureRow` sets its size."""


class FigureLabel(Txt):
    """What a figure counts ("einmalig", "Reste am Abend"), small and muted under it."""


class FigureCell(BoxLayout):
    """One figure: its value above its label."""

    value = StringProperty("")
    """The number with its unit, as :func:`~kiosk.model.textfmt.format_figure` writes it."""

    label = StringProperty("")
    """What the number counts."""

    value_size = NumericProperty(40)
    """Font size of the value, the same in every cell of a row."""


class FigureRow(Flow):
    """See the module docstring. The owner sets :attr:`figures`, :attr:`lang` and the type
    steps (:attr:`sizes`, :attr:`label_size`); the row picks the largest step that holds all
    figures side by side in its width."""

    figures = ListProperty([])
    """The story's :class:`kiosk.model.types.Figure` items; empty for none."""

    lang = StringProperty("de")
    """Language of numbers, units and labels."""

    sizes = ListProperty([64, 48, 40])
    """Font sizes the values may take, largest first."""

    label_size = NumericProperty(24)
    """Font size of the labels."""

    value_size = NumericProperty(0)
    """The step chosen for this width (0 while there are no figures)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        # Synchronous, not through a trigger: the story measures its height in the same
        # frame to decide whether the story fits beside its media.
        for name in ("figures", "lang"):
            self.fbind(name, self._rebuild)
        for name in ("width", "sizes", "label_size", "spacing"):
            self.fbind(name, self._fit)
        self._rebuild()

    def _rebuild(self, *_args) -> None:
        self.clear_widgets()
        for figure in self.figures:
            self.add_widget(FigureCell(value=format_figure(figure, self.lang), label=figure.label.get(self.lang)))
        self._fit()

    def cell_widths(self, cell: FigureCell, value_size: float) -> tuple[int, int]:
        """Return the widths ``cell`` needs with its value at ``value_size`` on one line: with
        its label on one line, and with it in two, split between the words where that needs
        least width."""
        value = text_width(cell.value, "InterSemiBold", value_size)
        words = cell.label.split()
        one = text_width(cell.label, "Inter", self.label_size)
        two = min((max(text_width(" ".join(words[:cut]), "Inter", self.label_size),
                       text_width(" ".join(words[cut:]), "Inter", self.label_size))
                   for cut in range(1, len(words))), default=one)
        # Two spare pixels: Kivy wraps a text that is exactly as wide as its box.
        return max(value, one) + 2, max(value, two) + 2

    def _fit(self, *_args) -> None:
        cells = list(reversed(self.children))  # children are kept last-added first
        if not cells or self.width <= 1 or not self.sizes:
            self.value_size = 0
            return
        room = self.width - self.spacing[0] * (len(cells) - 1)
        # The largest size at which the figures stand side by side; at each size the labels
        # stay on one line, and only as many as must go to two, those that save most first.
        for size in self.sizes:
            options = [self.cell_widths(cell, size) for cell in cells]
            widths = [one for one, _two in options]
            for index in sorted(range(len(cells)), key=lambda i: options[i][1] - options[i][0]):
                if sum(widths) <= room:
                    break
                widths[index] = options[index][1]
            if sum(widths) <= room:
                break
        # What is left of the row goes to the cells in equal parts, so they stand evenly.
        spare = max(0, (room - sum(widths)) / len(cells))
        for cell, width in zip(cells, widths):
            cell.value_size = size
            cell.width = min(self.width, width + spare)
        self.value_size = size


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
