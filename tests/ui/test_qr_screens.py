"""Every QR-bearing screen shows a code that zbar decodes, from a real screenshot, to exactly
the expected URL, also from the screenshot scaled to 50 %."""

from __future__ import annotations

import pytest
from PIL import Image

from conftest import zbar_decode

pytestmark = [pytest.mark.window, pytest.mark.timeout(240)]


def expected_codes(exhibition, lang):
    """(screen, item, url) for every screen with a QR code."""
    out = []
    for story in exhibition.stories:
        first = story.providers[0].id if story.providers else ""
        out.append(("story", story.id, exhibition.contact_url(lang=lang, story=story.id, provider=first)))
    for provider in exhibition.providers:
        out.append(("provider", provider.id, exhibition.contact_url(lang=lang, provider=provider.id)))
    for page in exhibition.pages:
        url = exhibition.qr_url(page, lang)
        if url is not None:
            out.append(("page", page.id, url))
    return out


def check_codes(kiosk, exhibition, tmp_path, lang, limit=None):
    from kiosk.ui.theme import theme

    kiosk.controller.set_lang(lang)
    codes = expected_codes(exhibition, lang)
    for screen, item, url in codes[:limit] if limit else codes:
        kiosk.controller.show(screen, item)
        kiosk.settle()
        qr = kiosk.elements()["qr"]
        assert qr.label == url
        assert qr.w >= 300 * theme.s - 1, "at least 300 px at 1080p"
        view = next(w for w in kiosk.shell.manager.current_screen.walk() if type(w).__name__ == "QRView")
        assert view.module_px >= 5 and view.texture.mag_filter == "nearest"
        shot = kiosk.screenshot(tmp_path / f"{screen}-{item}-{lang}.png")
        assert zbar_decode(shot) == [url], (screen, item)
        half = tmp_path / f"{screen}-{item}-{lang}-half.png"
        with Image.open(shot) as image:
            image.resize((image.width // 2, image.height // 2), Image.LANCZOS).save(half)
        assert zbar_decode(half) == [url], (screen, item, "at 50 %")
        page_without = [p for p in exhibition.pages if exhibition.qr_url(p, lang) is None]
    for page in page_without:
        kiosk.controller.show("page", page.id)
        kiosk.settle()
        assert "qr" not in kiosk.elements()


def test_sample_codes_decode(kiosk, sample_exhibition, tmp_path):
    check_codes(kiosk, sample_exhibition, tmp_path, "de")
    check_codes(kiosk, sample_exhibition, tmp_path, "en", limit=2)


def test_real_content_codes_decode(real_kiosk, real_exhibition, tmp_path):
    check_codes(real_kiosk, real_exhibition, tmp_path, "de")
