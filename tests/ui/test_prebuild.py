"""Work a tap needs is done ahead: after the first frame every QR code a visitor can open is
made, so no tap on a story, provider or page waits for one (see kiosk.ui.prebuild)."""

from __future__ import annotations

import threading

import pytest
import qrcode

from kiosk.services.qr import qr_matrix
from kiosk.ui.prebuild import Prebuild, qr_urls

pytestmark = [pytest.mark.window, pytest.mark.timeout(180)]


@pytest.fixture
def codes_made(monkeypatch):
    """Count the QR codes really made (not taken from the cache) from now on."""
    made = []
    make = qrcode.QRCode.make

    def counting(code, *args, **kwargs):
        made.append(code.data_list[0].data)
        return make(code, *args, **kwargs)

    monkeypatch.setattr(qrcode.QRCode, "make", counting)
    return made


def _draw_a_frame(kiosk) -> None:
    """Draw one frame even if nothing changed (Kivy skips drawing a still window)."""
    from kivy.core.window import Window

    Window.canvas.ask_update()
    kiosk.pump(1)


def _shown_urls(kiosk) -> set[str]:
    return {e.label for e in kiosk.shell.elements() if e.id == "qr"}


def test_every_code_a_visitor_can_open_is_made_after_the_first_frame_not_after_the_tap(kiosk, codes_made):
    controller = kiosk.controller
    exhibition = controller.exhibition
    assert kiosk.assembled.prebuild.done.wait(60), "the kiosk's own run ends"
    story = exhibition.stories[0]
    qr_matrix.cache_clear()
    codes_made.clear()
    # Without the codes made ahead, the visit makes its code: what this test guards against.
    controller.open_story(story.id)
    kiosk.settle()
    assert len(codes_made) == 1 and _shown_urls(kiosk) == {exhibition.qr_url_for("story", story.id, controller.lang)}
    controller.go_home()
    kiosk.settle()

    qr_matrix.cache_clear()
    codes_made.clear()
    prebuild = Prebuild(controller)
    prebuild.start()
    try:
        assert not prebuild.done.is_set() and qr_matrix.cache_info().currsize == 0, "nothing before the frame"
        _draw_a_frame(kiosk)
        assert "qr-prebuild" not in {thread.name for thread in threading.enumerate()}, \
            "nor in that frame's flip, before the window shows it"
        kiosk.pump(1)
        assert prebuild.done.wait(60)
    finally:
        prebuild.stop()
    ahead = len(codes_made)
    assert ahead == len(qr_urls(exhibition, controller.lang)) > len(exhibition.stories)

    shown = set()
    for lang in exhibition.settings.languages:
        controller.set_lang(lang)
        for screen, items in (("story", exhibition.stories), ("provider", exhibition.providers),
                              ("page", exhibition.pages)):
            for item in items:
                controller.show(screen, item.id)
                kiosk.settle()
                shown |= _shown_urls(kiosk)
    assert len(codes_made) == ahead, f"made on a visit: {codes_made[ahead:]}"
    assert shown == set(qr_urls(exhibition, controller.default_lang)), "every code made ahead is one a screen shows"


def test_the_likeliest_codes_come_first_and_none_twice(sample_exhibition):
    exhibition = sample_exhibition
    first, other = exhibition.settings.languages[0], exhibition.settings.languages[1]
    urls = qr_urls(exhibition, other)
    assert len(urls) == len(set(urls))
    stories = [exhibition.qr_url_for("story", s.id, other) for s in exhibition.stories]
    assert urls[:len(stories)] == stories, "the stories in the visitor's language open the list"
    assert exhibition.qr_url_for("story", exhibition.stories[0].id, first) in urls


def test_a_content_swap_makes_the_new_exhibitions_codes(kiosk, codes_made):
    from dataclasses import replace

    controller = kiosk.controller
    old = controller.exhibition
    prebuild = Prebuild(controller)
    prebuild.start()
    _draw_a_frame(kiosk)
    kiosk.pump(1)  # the run starts in the frame after
    try:
        assert prebuild.done.wait(60)
        qr_matrix.cache_clear()
        codes_made.clear()
        new = replace(old, pages=old.pages[:-1])  # a different exhibition: an equal one is no swap
        controller.set_exhibition(new)
        assert prebuild.done.wait(60)
        # The kiosk's own prebuild runs too: a code may be made twice, but each is made.
        assert {url.decode() for url in codes_made} == set(qr_urls(new, controller.default_lang))
    finally:
        prebuild.stop()
        controller.set_exhibition(old)
        kiosk.settle()


def test_an_address_no_code_can_hold_does_not_stop_the_others(codes_made):
    qr_matrix.cache_clear()
    done = threading.Event()
    too_long = "https://werkbank.example/" + "x" * 4000
    Prebuild._make([too_long, "https://werkbank.example/kontakt"], threading.Event(), done)
    assert done.is_set()
    assert qr_matrix.cache_info().currsize == 1 and codes_made[-1] == b"https://werkbank.example/kontakt"
