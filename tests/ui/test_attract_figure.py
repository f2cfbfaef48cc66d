"""A story's slide in the attract loop carries its first key figure under the headline, set
large enough to read from across the room; a story without figures keeps its teaser."""

from __future__ import annotations

import pytest

from kiosk.design import TYPE_SCALE
from kiosk.model.textfmt import format_figure
from kiosk.model.types import AttractItem
from test_attract_poster import HOLD_S, advance_to, show_items, texts_of

pytestmark = [pytest.mark.window, pytest.mark.timeout(180)]


def slide_texts(kiosk) -> dict[str, float]:
    """The texts of the slide on show, with their font sizes."""
    layer = kiosk.shell.attract_layer
    return {label.text: label.font_size for label in texts_of(layer.slides[layer._front])}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_story_slide_shows_its_first_key_figure_large(real_kiosk, real_exhibition, monkeypatch, lang):
    kiosk = real_kiosk
    with_figures = next(s for s in real_exhibition.stories if s.figures)
    default = kiosk.controller.default_lang
    kiosk.controller.default_lang = lang  # the loop speaks the default language
    try:
        show_items(kiosk, monkeypatch, [AttractItem("image", with_figures.cover, HOLD_S, with_figures)])
        texts = slide_texts(kiosk)
        figure = with_figures.figures[0]
        line = format_figure(figure, lang) + " " + figure.label.get(lang)
        assert line in texts, (line, sorted(texts))
        assert with_figures.teaser.get(lang) not in texts, "the figure takes the teaser's place"
        assert texts[line] >= TYPE_SCALE["heading"], "the figure reads from across the room"
        assert texts[line] < texts[with_figures.title.get(lang)], "the headline stays the largest text"
    finally:
        kiosk.controller.default_lang = default
        kiosk.reset()


def test_a_story_without_figures_keeps_its_teaser(kiosk, sample_exhibition, monkeypatch):
    plain, story = sample_exhibition.stories[:2]
    assert not story.figures
    show_items(kiosk, monkeypatch, [AttractItem("image", plain.cover, HOLD_S),
                                    AttractItem("image", story.cover, HOLD_S, story)])
    advance_to(kiosk, 1)
    texts = slide_texts(kiosk)
    assert texts.get(story.teaser.get("de")) == TYPE_SCALE["tile"], sorted(texts)
    kiosk.reset()
