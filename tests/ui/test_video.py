"""Story videos: poster first, one play control, a tap on the playing picture pauses, muted,
one decoder, freed on leaving."""

from __future__ import annotations

import pytest

from test_navigation import Recorder

pytestmark = [pytest.mark.window, pytest.mark.timeout(120)]


def test_video_lifecycle(real_kiosk, real_exhibition):
    from kiosk.ui.widgets.video import live_decoders

    kiosk = real_kiosk
    story = next((s for s in real_exhibition.stories if any(m.kind == "video" for m in s.media)), None)
    if story is None:
        pytest.skip("no story with a video in content/")
    recorder = Recorder()
    kiosk.controller.recorder = recorder
    kiosk.controller.open_story(story.id)
    kiosk.settle()
    gallery = kiosk.shell.manager.current_screen.gallery
    while not gallery.is_video:
        kiosk.tap("media:next")
    video = gallery.video
    assert video.poster_texture is not None and not video.has_frame, "the poster shows first"
    assert live_decoders() == 0, "no decoder before the visitor asks for the film"
    assert video.muted
    kiosk.tap("video:play")
    assert kiosk.wait_for(lambda: video.has_frame, timeout=20), "the video showed no frame"
    assert live_decoders() == 1
    if video.playing:
        kiosk.tap("media")
    assert not video.playing, "a tap on the picture pauses (or the short film already ended)"
    has_audio = gallery.current.video.has_audio
    assert ("video:sound" in kiosk.elements()) == has_audio, f"a sound control exactly when the film has sound ({has_audio})"
    video.muted = False
    kiosk.tap("nav:home")
    assert live_decoders() == 0, "leaving the story frees the decoder"
    assert video.muted, "the next visitor starts without sound"
    plays = [c[2] for c in recorder.calls if c[:2] == ("record", "video_play")]
    assert plays and plays[0]["item"] == story.id and plays[0]["watched_s"] >= 0


def story_film(kiosk, exhibition, screen_gallery):
    """Open the sample story whose film has subtitles and step its gallery to the film; return
    the story and its film."""
    story = next(s for s in exhibition.stories for m in s.media if m.kind == "video" and m.subtitles)
    film = next(m for m in story.media if m.kind == "video" and m.subtitles)
    kiosk.controller.open_story(story.id)
    kiosk.settle()
    gallery = screen_gallery()
    while gallery.current is not film:
        kiosk.tap("media:next")
    return story, film


def shown_subtitle(gallery):
    """The subtitle label over the film, if it shows any text."""
    from kivy.uix.label import Label

    return next((w for w in gallery.stage.walk(restrict=True) if isinstance(w, Label) and w.text
                 and w.text == gallery.subtitle and w.opacity > 0), None)


def at_position(kiosk, gallery, seconds: float) -> None:
    """Put the film's position at ``seconds``, as its decoder does with each frame."""
    gallery.video.position = seconds
    kiosk.pump(2)


def test_subtitles_follow_the_film_and_the_visitors_language(real_kiosk, real_exhibition):
    """A cue shows over the film while its time runs, in German and, after a switch in the
    middle of the film, in English; outside every cue nothing shows."""
    from kiosk.model.subtitles import cues

    kiosk = real_kiosk
    screen = lambda: kiosk.shell.manager.current_screen  # noqa: E731 - read at each call
    _story, film = story_film(kiosk, real_exhibition, lambda: screen().gallery)
    gallery = screen().gallery
    german, english = cues(film.subtitles["de"]), cues(film.subtitles["en"])
    first = german[1]
    inside = (first.start + first.end) / 2
    assert kiosk.wait_for(lambda: len(gallery.cues) == len(german)), "the German cues are read"
    at_position(kiosk, gallery, inside)
    label = shown_subtitle(gallery)
    assert label is not None and label.text == first.text, (gallery.subtitle, first.text)
    assert label.font_size >= 36, "large type: at least 36 px at 1080p"
    x, y = label.to_window(*label.pos)
    sx, sy = gallery.stage.to_window(*gallery.stage.pos)
    assert sx - 1 <= x and x + label.width <= sx + gallery.stage.width + 1 and sy - 1 <= y, "over the film"
    kiosk.controller.set_lang("en")
    kiosk.settle()
    english_cue = next(c for c in english if c.start <= inside < c.end)
    assert kiosk.wait_for(lambda: gallery.subtitle == english_cue.text), (gallery.subtitle, english_cue.text)
    assert shown_subtitle(gallery) is not None
    before_first = german[0].start / 2
    at_position(kiosk, gallery, before_first)
    assert gallery.subtitle == "" and shown_subtitle(gallery) is None, "nothing between cues"
    at_position(kiosk, gallery, max(c.end for c in english) + 1)
    assert gallery.subtitle == "", "nothing after the last cue"
    kiosk.controller.set_lang("de")
    gallery.stop()


def test_subtitles_show_in_the_full_screen_viewer(real_kiosk, real_exhibition):
    """The viewer's film shows the same subtitles, and a real playing film reaches its first cue."""
    from kiosk.model.subtitles import cues

    kiosk = real_kiosk
    _story, film = story_film(kiosk, real_exhibition, lambda: kiosk.shell.manager.current_screen.gallery)
    media = kiosk.elements()["media"]
    kiosk.tap_at(media.x + media.w * 0.1, media.y + media.h * 0.15)  # beside the play control
    kiosk.settle()
    viewer = kiosk.shell.manager.current_screen.viewer.gallery
    assert viewer.current is film
    first = cues(film.subtitles["de"])[0]
    kiosk.tap("video:play")
    assert kiosk.wait_for(lambda: viewer.video.position >= first.start + 0.1, timeout=30), "the film plays"
    assert kiosk.wait_for(lambda: viewer.subtitle == first.text or viewer.video.position >= first.end, timeout=5)
    if viewer.video.position < first.end:
        assert shown_subtitle(viewer) is not None
    kiosk.tap("viewer:close")
