""""Schrift größer / Larger text": a control in the navigation bar sets every visitor text
about 1.3 times larger for the rest of the session; the session's end sets it back."""

from __future__ import annotations

import pytest

from kiosk.design import LARGE_TEXT_SCALE

pytestmark = [pytest.mark.window, pytest.mark.timeout(120)]


def text_sizes(kiosk) -> dict[str, float]:
    """Font size of every visible text on the current screen and in the navigation bar, by text."""
    from kivy.uix.label import Label

    sizes: dict[str, float] = {}

    def walk(widget):
        if widget.opacity <= 0:
            return
        if isinstance(widget, Label) and widget.text.strip():
            sizes[widget.text] = widget.font_size
        for child in widget.children:
            walk(child)

    walk(kiosk.shell.navbar)
    walk(kiosk.shell.manager.current_screen)
    return sizes


def assert_scaled(before: dict[str, float], after: dict[str, float], factor: float) -> None:
    common = set(before) & set(after)
    assert len(common) >= 5, "the same texts are on screen before and after"
    for text in common:
        assert after[text] == pytest.approx(before[text] * factor, abs=1.01), text


def test_the_control_is_in_the_bar_in_both_languages(kiosk):
    element = kiosk.elements()["nav:text"]
    assert element.label == "Schrift größer"
    assert element.y + element.h <= kiosk.shell.navbar.height + 1, "in the navigation bar"
    kiosk.tap("lang:en")
    assert kiosk.elements()["nav:text"].label == "Larger text"


def test_larger_text_scales_every_visitor_text_on_every_screen(kiosk, sample_exhibition):
    story = sample_exhibition.stories[0]
    kiosk.tap(f"story:{story.id}")
    usual_story = text_sizes(kiosk)
    kiosk.tap("nav:home")
    home = text_sizes(kiosk)
    assert "Dieses Terminal speichert keine persönlichen Daten." in home
    kiosk.tap("nav:text")
    assert kiosk.controller.large_text
    assert_scaled(home, text_sizes(kiosk), LARGE_TEXT_SCALE)
    assert "Start" in home and "Schrift größer" in home, "the bar's words grow too"
    kiosk.tap(f"story:{story.id}")
    # The story's own texts are fitted to the screen at either size (tests/ui/test_story_fit.py).
    assert text_sizes(kiosk)["Schrift größer"] == pytest.approx(usual_story["Schrift größer"] * LARGE_TEXT_SCALE,
                                                                abs=1.01)
    kiosk.tap("nav:text")
    assert not kiosk.controller.large_text, "a second tap sets the text back"
    # As a visit in the usual size shows the story: larger text may have taken a step down
    # (smaller slot text or title) that the usual size does not need.
    assert text_sizes(kiosk) == usual_story


def test_larger_text_lasts_the_session_and_ends_with_it(kiosk, sample_exhibition):
    story = sample_exhibition.stories[0]
    normal = text_sizes(kiosk)
    kiosk.tap("nav:text")
    kiosk.tap(f"story:{story.id}")
    kiosk.tap("nav:home")
    assert kiosk.controller.large_text, "'Start' keeps the visitor's text size"
    assert_scaled(normal, text_sizes(kiosk), LARGE_TEXT_SCALE)
    kiosk.controller.enter_attract()  # what the idle timeout does
    kiosk.controller.leave_attract()
    kiosk.settle()
    assert not kiosk.controller.large_text
    assert_scaled(normal, text_sizes(kiosk), 1.0)
