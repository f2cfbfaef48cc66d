"""The story screen is built around its media: a picture or film of at least 960x540 at 1080p
with nothing drawn over it, a full-screen viewer, a sound control only for films with sound,
and a QR card that is one fixed object whatever its URL."""

from __future__ import annotations

import dataclasses
import struct
from urllib.parse import parse_qsl, urlsplit

import pytest

from conftest import _kiosk_for, zbar_decode
from test_story_fit import longest_stories  # noqa: F401 - a fixture of this module's tests

pytestmark = [pytest.mark.window, pytest.mark.timeout(240)]


def inside(inner, outer) -> bool:
    """Whether UI map element ``inner`` overlaps ``outer`` (both measured from the top left)."""
    return (inner.x < outer.x + outer.w and outer.x < inner.x + inner.w
            and inner.y < outer.y + outer.h and outer.y < inner.y + inner.h)


def qr_card(kiosk):
    """The window rect (x, y, w, h) of the QR card on the screen shown."""
    card = next(w for w in kiosk.shell.manager.current_screen.walk() if type(w).__name__ == "QRBlock")
    x, y = card.to_window(card.x, card.y)
    return round(x), round(y), round(card.width), round(card.height)


def full_size_stories(kiosk, exhibition, what: str):
    """Open every story of ``exhibition`` at 1920x1080 in both languages, assert that its media
    box is at least 960x540 and that it fits without scrolling, and yield the story, the
    language and the UI map's elements, for more checks."""
    kiosk.resize((1920, 1080))
    for lang in ("de", "en"):
        kiosk.controller.set_lang(lang)
        for story in exhibition.stories:
            kiosk.controller.open_story(story.id)
            kiosk.settle()
            elements = kiosk.elements()
            media = elements["media"]
            assert media.w >= 960 and media.h >= 540, (what, story.id, lang, media)
            assert not kiosk.shell.manager.current_screen.scrolls, (what, story.id, lang, "fits without scrolling")
            yield story, lang, elements


def assert_full_size_media(kiosk, exhibition, what: str) -> None:
    """Assert :func:`full_size_stories`' checks for every story of ``exhibition``."""
    for _checked in full_size_stories(kiosk, exhibition, what):
        pass


def test_media_take_half_the_screen_with_their_caption_below(kiosk, sample_exhibition):
    """At 1920x1080 a story's media box is at least 960x540, in both languages, with the caption
    under it and no arrow or sound control on the picture."""
    for story, _lang, elements in full_size_stories(kiosk, sample_exhibition, "test sample"):
        media = elements["media"]
        gallery = kiosk.shell.manager.current_screen.gallery
        caption = next(w for w in kiosk.shell.manager.current_screen.media_row.walk()
                       if type(w).__name__ == "Txt" and w.text == gallery.caption_text)
        caption_top = 1080 - caption.to_window(caption.x, caption.top)[1]
        assert caption_top >= media.y + media.h, (story.id, "the caption stands under the picture")
        for ui_id in ("media:prev", "media:next", "video:sound"):
            if ui_id in elements:
                assert not inside(elements[ui_id], media), (story.id, ui_id, "drawn over the picture")


def test_every_sample_story_keeps_its_media_at_full_size(real_kiosk, real_exhibition):
    """The repository's sample stories, with their key figures, keep the media at 960x540."""
    assert_full_size_media(real_kiosk, real_exhibition, "sample")


def test_a_story_at_its_text_limits_keeps_its_media_at_full_size(window, longest_stories):
    """A story with every text at its limit and four key figures keeps the media at 960x540:
    the limits are set so that it does."""
    kiosk = _kiosk_for(window, longest_stories)
    try:
        assert_full_size_media(kiosk, longest_stories, "every text at its limit")
    finally:
        kiosk.reset()


def test_a_film_shows_one_play_control_then_a_free_picture(real_kiosk, real_exhibition):
    kiosk = real_kiosk
    kiosk.resize((1920, 1080))
    story = next(s for s in real_exhibition.stories if any(m.kind == "video" for m in s.media))
    kiosk.controller.open_story(story.id)
    kiosk.settle()
    gallery = kiosk.shell.manager.current_screen.gallery
    while not gallery.is_video:
        kiosk.tap("media:next")
    elements = kiosk.elements()
    on_picture = sorted(e.id for e in elements.values() if e.id != "media" and inside(e, elements["media"]))
    assert on_picture == ["video:play"], on_picture
    has_audio = gallery.current.video.has_audio
    assert ("video:sound" in elements) == has_audio, f"a sound control exactly when the film has sound ({has_audio})"
    kiosk.tap("video:play")
    assert kiosk.wait_for(lambda: gallery.video.has_frame, timeout=20)
    elements = kiosk.elements()
    assert [e.id for e in elements.values() if e.id != "media" and inside(e, elements["media"])] == []
    gallery.stop()


def test_sound_control_only_for_a_film_with_a_sound_track(kiosk, tmp_path):
    from test_media import make_video

    from kiosk.model.media import VideoInfo
    from kiosk.model.types import Medium

    film = make_video(tmp_path / "film.mp4", (320, 180))
    silent = Medium("video", film, video=VideoInfo(2.0, 320, 180, has_audio=False))
    sound = Medium("video", film, video=VideoInfo(2.0, 320, 180, has_audio=True))
    kiosk.controller.open_story(kiosk.controller.exhibition.stories[0].id)
    kiosk.settle()
    gallery = kiosk.shell.manager.current_screen.gallery
    try:
        gallery.show_media([silent], "story-x")
        assert "video:sound" not in kiosk.elements()
        gallery.show_media([sound], "story-x")
        kiosk.tap("video:sound")
        assert not gallery.video.muted
        elements = kiosk.elements()
        assert not inside(elements["video:sound"], elements["media"])
    finally:
        gallery.stop()


def with_sound_track(film: bytes) -> bytes:
    """Return the MP4 ``film`` with its video track copied as a second track whose handler is
    "soun": enough for the container check, which reads the boxes and decodes nothing."""
    top = 0
    while top < len(film):
        size, kind = struct.unpack(">I4s", film[top:top + 8])
        if kind == b"moov":
            break
        top += size
    moov = film[top:top + size]
    offset = 8
    while offset < len(moov):
        trak_size, trak_kind = struct.unpack(">I4s", moov[offset:offset + 8])
        if trak_kind == b"trak":
            break
        offset += trak_size
    trak = moov[offset:offset + trak_size].replace(b"vide", b"soun", 1)
    new_moov = struct.pack(">I", size + trak_size) + moov[4:] + trak
    return film[:top] + new_moov + film[top + size:]


def test_the_probe_finds_a_sound_track(tmp_path):
    from test_media import make_video

    from kiosk.model.media import probe_video

    silent = make_video(tmp_path / "silent.mp4", (64, 48))
    sound = tmp_path / "sound.mp4"
    sound.write_bytes(with_sound_track(silent.read_bytes()))
    assert probe_video(silent).has_audio is False
    assert probe_video(sound).has_audio is True


def test_viewer_opens_on_a_tap_on_the_media_and_closes_back_to_the_story(kiosk, sample_exhibition):
    story = next(s for s in sample_exhibition.stories if len(s.media) > 1)
    kiosk.resize((1920, 1080))
    kiosk.controller.open_story(story.id)
    kiosk.settle()
    screen = kiosk.shell.manager.current_screen
    small = kiosk.elements()["media"]
    kiosk.tap("media")
    elements = kiosk.elements()
    assert "viewer:close" in elements and "qr" not in elements, sorted(elements)
    assert elements["media"].w * elements["media"].h > 2 * small.w * small.h, "the viewer is larger"
    for ui_id in ("media:prev", "media:next", "viewer:close"):
        assert not inside(elements[ui_id], elements["media"]), ui_id
        assert min(elements[ui_id].w, elements[ui_id].h) >= 80, (ui_id, "a touch target of 2 cm")
    kiosk.tap("media:next")
    assert screen.viewer.gallery.index == 1
    kiosk.tap("viewer:close")
    elements = kiosk.elements()
    assert "viewer:close" not in elements and "qr" in elements
    assert kiosk.controller.screen == "story" and kiosk.controller.item == story.id
    assert screen.gallery.index == 1, "the story shows the picture the visitor got to"
    kiosk.tap("media")
    kiosk.tap("nav:home")
    assert not screen.viewing and screen.viewer.parent is None, "leaving the story closes the viewer"


@pytest.fixture(scope="module")
def long_and_short_urls(tmp_path_factory):
    """The test sample with one story whose id makes its contact URL much longer."""
    from sample import make_exhibition

    exhibition = make_exhibition(tmp_path_factory.mktemp("urls"), stories=2, providers=2)
    first, second = exhibition.stories
    second = dataclasses.replace(second, id="ein-sehr-langer-name-fuer-eine-geschichte-aus-der-werkstatt")
    providers = tuple(dataclasses.replace(p, story_ids=tuple(second.id if sid == exhibition.stories[1].id else sid
                                                             for sid in p.story_ids))
                      for p in exhibition.providers)
    second = dataclasses.replace(second, providers=tuple(p for p in providers if second.id in p.story_ids))
    return dataclasses.replace(exhibition, stories=(first, second), providers=providers, attract=())


def test_qr_card_is_one_fixed_object_and_its_url_has_no_empty_parameter(window, long_and_short_urls, tmp_path):
    from kiosk.services.qr import qr_matrix

    exhibition = long_and_short_urls
    kiosk = _kiosk_for(window, exhibition)
    try:
        for size in ((1920, 1080), (1080, 1920)):
            kiosk.resize(size)
            cards, codes, urls = [], [], []
            for story in exhibition.stories:
                kiosk.controller.open_story(story.id)
                kiosk.settle()
                qr = kiosk.elements()["qr"]
                cards.append(qr_card(kiosk))
                codes.append((qr.x, qr.y, qr.w, qr.h))
                urls.append(qr.label)
                if size == (1920, 1080):
                    assert qr.w >= 300 and qr.h >= 300
                    decoded = zbar_decode(kiosk.screenshot(tmp_path / f"{story.id}.png"))
                    assert decoded == [qr.label]
                    query = parse_qsl(urlsplit(decoded[0]).query, keep_blank_values=True)
                    assert query and all(value for _name, value in query), decoded[0]
            assert len(qr_matrix(urls[0])) != len(qr_matrix(urls[1])), "the two codes need different sizes"
            assert cards[0] == cards[1] and codes[0] == codes[1], (size, cards, codes)
        kiosk.resize((1920, 1080))
        kiosk.controller.open_provider(exhibition.providers[0].id)
        kiosk.settle()
        assert qr_card(kiosk)[2:] == cards[0][2:], "the provider screen shows the same card"
        decoded = zbar_decode(kiosk.screenshot(tmp_path / "provider.png"))
        assert decoded and all(value for _n, value in parse_qsl(urlsplit(decoded[0]).query, keep_blank_values=True))
    finally:
        kiosk.reset()
