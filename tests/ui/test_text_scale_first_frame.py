"""After "Schrift größer", the very first frame drawn already has the new sizes: the staff
panel's and PIN pad's buttons keep their tile size (a second kv rule on ``font_size`` raced
the button's own rule and won with the body size), and the QR card's sentence stays inside
the card instead of running out over its edges."""

from __future__ import annotations

import pytest

from kiosk.design import LARGE_TEXT_SCALE

pytestmark = [pytest.mark.window, pytest.mark.timeout(120)]


def labels(widget):
    """Every Label under ``widget``."""
    from kivy.uix.label import Label

    found = [widget] if isinstance(widget, Label) else []
    for child in widget.children:
        found += labels(child)
    return found


@pytest.fixture
def layer(window):
    """A full-window layer for the widgets under test, with the text size set back after."""
    from kivy.uix.floatlayout import FloatLayout

    from kiosk.ui.theme import register_fonts, theme

    register_fonts()
    holder = FloatLayout()
    window.add_widget(holder)
    yield holder
    window.remove_widget(holder)
    theme.text_scale = 1.0


def one_frame() -> None:
    """Draw exactly one frame."""
    from kivy.base import EventLoop

    EventLoop.idle()


def settle() -> None:
    """Draw a few frames, so anything late would have caught up."""
    for _ in range(5):
        one_frame()


def test_staff_and_pin_pad_buttons_are_tile_size_in_the_first_frame(layer):
    from kivy.uix.boxlayout import BoxLayout

    from kiosk.ui.theme import theme
    from kiosk.ui.widgets.common import AccentButton
    from kiosk.ui.widgets.staff import PinPad, StaffPanel

    both = BoxLayout()
    both.add_widget(PinPad())
    both.add_widget(StaffPanel())
    layer.add_widget(both)
    settle()
    theme.text_scale = LARGE_TEXT_SCALE
    one_frame()
    buttons = [w for w in both.walk() if isinstance(w, AccentButton) and w.text]
    assert len(buttons) >= 12 + 1 + 5, "the 12 keys, the cancel button and the 5 staff buttons"
    for button in buttons:
        assert button.font_size == theme.tile, (button.text, button.font_size, theme.tile)
        word = next(label for label in labels(button) if label.text == button.text)
        # The word's texture is drawn at the new size in this frame, not one frame later.
        drawn = tuple(word.texture_size)
        assert word.font_size == theme.tile, button.text
        settle()
        assert tuple(word.texture_size) == drawn, button.text


@pytest.mark.parametrize("text", (
    "Mit dem Handy scannen: Das Team der Werkbank vereinbart Ihren Termin mit diesem Anbieter",
    "Scan with your phone: the Werkbank team arranges your meeting with this provider",
))
def test_qr_card_holds_its_sentence_in_the_first_frame_at_larger_text(layer, text):
    from kiosk.ui.theme import theme
    from kiosk.ui.widgets.qrview import QRBlock

    card = QRBlock(url="https://werkbank.example/kontakt?anbieter=emscher", text=text, pos=(100, 100))
    layer.add_widget(card)
    settle()
    normal_height = card.height
    theme.text_scale = LARGE_TEXT_SCALE
    one_frame()
    sentence = next(label for label in labels(card) if label.text == text)
    assert sentence.font_size == theme.caption
    assert card.y - 1 <= sentence.y and sentence.top <= card.top + 1, (tuple(sentence.pos), sentence.height,
                                                                       tuple(card.pos), card.height)
    assert card.height >= normal_height
    address = next(label for label in labels(card) if label.text == card.address)
    assert address.font_size == theme.caption
    first = (tuple(card.size), tuple(sentence.pos), tuple(sentence.texture_size), tuple(address.texture_size))
    settle()
    assert (tuple(card.size), tuple(sentence.pos), tuple(sentence.texture_size), tuple(address.texture_size)) == first
    # Back at the normal size the card is its one fixed size again.
    theme.text_scale = 1.0
    one_frame()
    assert card.height == normal_height


@pytest.mark.parametrize("scale", (1.0, LARGE_TEXT_SCALE), ids=("text", "larger-text"))
def test_qr_card_sentence_never_breaks_inside_a_word(layer, scale):
    from kivy.core.text import Label as CoreLabel

    from kiosk.ui.theme import theme
    from kiosk.ui.widgets.qrview import QRBlock

    text = "Mit dem Handy scannen: Beratung zum Förderprogramm anfragen"
    card = QRBlock(url="https://werkbank.example/kontakt?seite=foerderprogramm", text=text, pos=(100, 100))
    layer.add_widget(card)
    theme.text_scale = scale
    settle()
    sentence = next(label for label in labels(card) if label.text == text)
    for word in text.split():
        measured = CoreLabel(text=word, font_name=sentence.font_name, font_size=sentence.font_size)
        measured.refresh()
        assert measured.texture.size[0] <= sentence.text_size[0], (word, measured.texture.size[0], sentence.text_size)
