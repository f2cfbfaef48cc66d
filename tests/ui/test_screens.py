"""Every screen renders at 1920x1080, 1280x800 and 1080x1920 in every language, at both text
sizes ("Schrift größer"), and nothing obvious overlaps or leaves the window."""

from __future__ import annotations

import pytest

from conftest import SIZES

pytestmark = [pytest.mark.window, pytest.mark.timeout(240)]


def targets(exhibition):
    """Every (screen, item) of an exhibition."""
    out = [("home", ""), ("providers", "")]
    out += [("story", s.id) for s in exhibition.stories]
    out += [("provider", p.id) for p in exhibition.providers]
    out += [("page", p.id) for p in exhibition.pages]
    return out


def rect_of(widget):
    """Window rect (x, y, w, h) of a widget, Kivy coordinates (bottom-up)."""
    x, y = widget.to_window(widget.x, widget.y)
    return x, y, widget.width, widget.height


def intersects(a, b, slack=1.0):
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return (ax + slack < bx + bw and bx + slack < ax + aw and ay + slack < by + bh and by + slack < ay + ah)


def visible_texts(root):
    """Every non-empty, visible text label (our Txt) under ``root``."""
    from kiosk.ui.widgets.common import Txt

    def walk(widget):
        if widget.opacity <= 0:
            return
        if isinstance(widget, Txt) and widget.text.strip():
            yield widget
        for child in widget.children:
            yield from walk(child)

    return list(walk(root))


def misdrawn_icons(root):
    """Every shown Icon with a drawn point outside the square it is drawn in: centred in its box,
    as wide as the box's shorter side (a point outside was drawn for an earlier geometry)."""
    from kiosk.ui.widgets.common import Icon

    def walk(widget):
        if widget.opacity <= 0:
            return
        if isinstance(widget, Icon) and widget.name:
            half = min(widget.width, widget.height) / 2 + 2
            for instruction in widget.canvas.children:
                points = getattr(instruction, "points", None) or []
                for x, y in zip(points[::2], points[1::2]):
                    if abs(x - widget.center_x) > half or abs(y - widget.center_y) > half:
                        yield widget, (round(x), round(y))
                        return
        for child in widget.children:
            yield from walk(child)

    return list(walk(root))


def overflowing_boxes(root):
    """Every shown BoxLayout whose children need more room than it has along its axis.

    A vertical box lays its children out from the bottom, so overflow pushes the top ones up
    over whatever sits above the box (a story's company line under its slots, say)."""
    from kivy.uix.boxlayout import BoxLayout

    def walk(widget):
        if widget.opacity <= 0:
            return
        if isinstance(widget, BoxLayout) and widget.children:
            vertical = widget.orientation == "vertical"
            need = widget.minimum_height if vertical else widget.minimum_width
            have = widget.height if vertical else widget.width
            if need > have + 1:
                yield widget
        for child in widget.children:
            yield from walk(child)

    return list(walk(root))


def scroll_view_of(widget):
    """The ScrollView that ``widget`` scrolls in, or None: such a text may lie outside the
    screen, scrolled away, while the scroll view's window stays inside it."""
    from kivy.uix.scrollview import ScrollView

    parent = widget.parent
    while parent is not None and parent is not parent.parent:
        if isinstance(parent, ScrollView):
            return parent
        parent = parent.parent
    return None


def qr_cards(root):
    """Every shown QR card under ``root``."""
    from kiosk.ui.widgets.qrview import QRBlock

    def walk(widget):
        if widget.opacity <= 0:
            return
        if isinstance(widget, QRBlock) and widget.url:
            yield widget
            return
        for child in widget.children:
            yield from walk(child)

    return list(walk(root))


def check_layout(kiosk, label: str) -> None:
    """Assert the layout invariants of the screen on display."""
    from kivy.core.window import Window

    width, height = Window.size
    elements = kiosk.elements()
    assert "nav:home" in elements and "nav:back" in elements or kiosk.controller.screen == "home", label
    for element in elements.values():
        assert element.x >= 0 and element.y >= 0, (label, element)
        assert element.x + element.w <= width + 1 and element.y + element.h <= height + 1, (label, element)
        if element.id.startswith(("nav:", "lang:", "story:", "provider:", "goal:", "industry:", "page:")):
            # Touch targets of at least 2 cm: ~80 px at 1080p, scaled with the window.
            from kiosk.ui.theme import theme
            assert min(element.w, element.h) >= 80 * theme.s - 1, (label, element)
    screen = kiosk.shell.manager.current_screen
    screen_rect = rect_of(kiosk.shell.manager)
    texts = visible_texts(screen)
    for text in texts:
        x, y, w, h = rect_of(scroll_view_of(text) or text)
        # Text stays inside the screen area: not under the navigation bar, not off the bottom.
        assert y >= screen_rect[1] - 1 and y + h <= screen_rect[1] + screen_rect[3] + 1, (label, text.text[:40])
        assert text.texture_size[0] <= text.width + 2, (label, "text wider than its box", text.text[:40])
    for icon, outside in misdrawn_icons(kiosk.shell):
        raise AssertionError((label, f"icon '{icon.name}' drawn outside its box", outside, tuple(icon.pos), tuple(icon.size)))
    for box in overflowing_boxes(screen):
        raise AssertionError((label, "content taller or wider than its box: it spills over its neighbours",
                              type(box).__name__, box.ids.keys() if box.ids else "",
                              (box.minimum_width, box.minimum_height), tuple(box.size)))
    for card in qr_cards(screen):
        # The whole QR card, not only its code, stands clear of every text and tile around it.
        card_rect = rect_of(card)
        inside = set(card.walk(restrict=True))
        for text in texts:
            if text not in inside:
                assert not intersects(card_rect, rect_of(scroll_view_of(text) or text)), (
                    label, "QR card over text", text.text[:40])
        for e in elements.values():
            if e.id != "qr":
                assert not intersects(card_rect, (e.x, height - e.y - e.h, e.w, e.h)), (label, "QR card over", e.id)
    if not kiosk.controller.large_text:
        # At the normal size everything fits: nothing needs scrolling.
        assert "scroll:down" not in elements, (label, "scrolls at the normal text size")
    qr = elements.get("qr")
    if qr is not None:
        qr_rect = (qr.x, height - qr.y - qr.h, qr.w, qr.h)
        for text in texts:
            if text.parent is not None and type(text.parent).__name__ == "QRBlock":
                continue
            assert not intersects(qr_rect, rect_of(scroll_view_of(text) or text)), (label, "QR over text", text.text[:40])
        for e in elements.values():
            if e.id != "qr":
                assert not intersects(qr_rect, (e.x, height - e.y - e.h, e.w, e.h)), (label, "QR under", e.id)


FITS_AT_LARGER_TEXT = frozenset({"home", "providers", "provider", "page"})
"""The screens checked here at the larger text size too: home and the provider wall fit one
screen, provider and info pages scroll their text column (see :mod:`test_scroll_column`).
Stories are checked at the larger size in ``test_story_fit.py``."""


def render_all(kiosk, exhibition, size, lang, large_text=False, screens=None):
    kiosk.resize(size)
    kiosk.controller.set_lang(lang)
    kiosk.controller.large_text = large_text
    for screen, item in targets(exhibition):
        if screens is not None and screen not in screens:
            continue
        kiosk.controller.show(screen, item)
        kiosk.settle()
        assert kiosk.controller.screen == screen
        check_layout(kiosk, f"{size} {lang} {'larger text' if large_text else ''} {screen} {item}")


TEXT_SIZES = pytest.mark.parametrize("large_text", (False, True), ids=("text", "larger-text"))


@TEXT_SIZES
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_sample_screens_render_cleanly(kiosk, sample_exhibition, size, large_text):
    screens = FITS_AT_LARGER_TEXT if large_text else None
    for lang in sample_exhibition.settings.languages:
        render_all(kiosk, sample_exhibition, size, lang, large_text, screens)


@TEXT_SIZES
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_real_content_screens_render_cleanly(real_kiosk, real_exhibition, size, large_text):
    screens = FITS_AT_LARGER_TEXT if large_text else None
    for lang in real_exhibition.settings.languages:
        render_all(real_kiosk, real_exhibition, size, lang, large_text, screens)


@pytest.mark.parametrize("size", ((1366, 768),), ids=lambda s: f"{s[0]}x{s[1]}")
def test_real_provider_and_info_pages_at_larger_text_on_a_small_panel(real_kiosk, real_exhibition, size):
    for lang in real_exhibition.settings.languages:
        render_all(real_kiosk, real_exhibition, size, lang, True, {"provider", "page"})


def test_story_slots_are_labelled_in_both_languages(kiosk, sample_exhibition):
    story = sample_exhibition.stories[0]
    kiosk.controller.open_story(story.id)
    kiosk.settle()
    screen = kiosk.shell.manager.current_screen
    texts = [t.text for t in visible_texts(screen)]
    for title in ("Die Ausgangslage", "Die Lösung", "Was es gekostet hat", "Was es gebracht hat"):
        assert title in texts
    assert any("Einmalig:" in t and "Laufend:" in t and "Aufwand:" in t for t in texts)
    kiosk.controller.set_lang("en")
    kiosk.settle()
    texts = [t.text for t in visible_texts(screen)]
    for title in ("The situation", "The solution", "What it cost", "What it brought"):
        assert title in texts


def test_home_shows_privacy_line(kiosk):
    texts = [t.text for t in visible_texts(kiosk.shell.manager.current_screen)]
    assert "Dieses Terminal speichert keine persönlichen Daten." in texts
    kiosk.tap("lang:en")
    texts = [t.text for t in visible_texts(kiosk.shell.manager.current_screen)]
    assert "This terminal stores no personal data." in texts
