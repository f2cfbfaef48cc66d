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
