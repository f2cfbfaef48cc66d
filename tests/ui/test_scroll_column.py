"""Provider and info pages at the larger text: the text column scrolls, calmly and visibly.

Two large arrow buttons with a word stand beside the text while it is longer than the screen;
"Weiter" leads down to the page's end, where its next step can be tapped, "Nach oben" back up,
and each is grey and out of the UI map at its end. While the text fits, there are none."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.window, pytest.mark.timeout(240)]


def tap_arrow(kiosk, ui_id: str) -> None:
    """Tap a scroll arrow and render until the column stands still (the arrows themselves
    do not move while the text scrolls, so the harness's settle cannot tell)."""
    view = kiosk.shell.manager.current_screen.main.view
    kiosk.tap(ui_id)
    last = None
    for _ in range(200):
        kiosk.pump(1)
        if view.scroll_y == last:
            break
        last = view.scroll_y
    kiosk.settle()


def scroll_to_end(kiosk, limit: int = 12) -> int:
    """Tap "Weiter" until it is gone; return how many taps it took."""
    taps = 0
    while "scroll:down" in kiosk.elements():
        assert taps < limit, "the column never reached its end"
        tap_arrow(kiosk, "scroll:down")
        taps += 1
    return taps


@pytest.mark.parametrize("lang, down, up", (("de", "Weiter", "Nach oben"), ("en", "More", "Back up")))
def test_about_page_scrolls_to_its_next_step_and_back(real_kiosk, lang, down, up):
    real_kiosk.controller.set_lang(lang)
    real_kiosk.controller.large_text = True
    real_kiosk.controller.show("page", "ueber-die-werkbank")
    real_kiosk.settle()
    elements = real_kiosk.elements()
    assert elements["scroll:down"].label == down
    assert "scroll:up" not in elements, "at the top there is nothing to scroll up to"
    # The arrows are touch targets of at least 2 cm, beside the text, not over it.
    from kiosk.ui.theme import theme
    arrow = elements["scroll:down"]
    assert min(arrow.w, arrow.h) >= 80 * theme.s - 1
    # The page's next step is further down: not tappable yet.
    assert "next:providers" not in elements
    assert scroll_to_end(real_kiosk) >= 1
    elements = real_kiosk.elements()
    assert elements["scroll:up"].label == up
    assert "next:providers" in elements
    real_kiosk.tap("next:providers")
    assert real_kiosk.controller.screen == "providers"


def test_scrolling_up_returns_to_the_heading(real_kiosk):
    real_kiosk.controller.large_text = True
    real_kiosk.controller.show("page", "foerderprogramm")
    real_kiosk.settle()
    screen = real_kiosk.shell.manager.current_screen
    heading_top = screen.main.content.children[-1].to_window(0, screen.main.content.children[-1].top)[1]
    scroll_to_end(real_kiosk)
    while "scroll:up" in real_kiosk.elements():
        tap_arrow(real_kiosk, "scroll:up")
    assert "scroll:down" in real_kiosk.elements()
    first = screen.main.content.children[-1]
    assert first.to_window(0, first.top)[1] == pytest.approx(heading_top, abs=1)


def test_another_provider_starts_at_the_top(real_kiosk, real_exhibition):
    real_kiosk.controller.large_text = True
    first, second = real_exhibition.providers[:2]
    real_kiosk.controller.open_provider(first.id)
    real_kiosk.settle()
    screen = real_kiosk.shell.manager.current_screen
    if "scroll:down" not in real_kiosk.elements():
        pytest.skip("the first provider's text fits one screen")
    scroll_to_end(real_kiosk)
    assert screen.main.view.scroll_y == pytest.approx(0, abs=0.01)
    real_kiosk.controller.open_provider(second.id)
    real_kiosk.settle()
    assert screen.main.view.scroll_y == pytest.approx(1, abs=0.01)


@pytest.mark.parametrize("size", ((1920, 1080), (1280, 800)), ids=lambda s: f"{s[0]}x{s[1]}")
def test_no_arrows_where_the_text_fits(real_kiosk, real_exhibition, size):
    real_kiosk.resize(size)
    real_kiosk.controller.large_text = False
    for provider in real_exhibition.providers:
        real_kiosk.controller.open_provider(provider.id)
        real_kiosk.settle()
        elements = real_kiosk.elements()
        assert "scroll:down" not in elements and "scroll:up" not in elements, provider.id
