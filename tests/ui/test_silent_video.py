"""The attract loop's films open without sound and without frame dropping, so that a busy
machine shows them slower instead of not at all; a story's film keeps its sound."""

from __future__ import annotations

import pytest

from test_media import make_video

pytestmark = [pytest.mark.window, pytest.mark.timeout(120)]


def test_a_silent_film_opens_without_sound_and_frame_dropping_and_plays_to_its_end(kiosk, tmp_path, monkeypatch):
    from ffpyplayer.player import MediaPlayer

    from kiosk.ui.widgets import ffvideo
    from kiosk.ui.widgets.video import VideoView, live_decoders

    opened = []

    def recording_player(*args, **kwargs):
        opened.append(kwargs["ff_opts"])
        return MediaPlayer(*args, **kwargs)

    monkeypatch.setattr(ffvideo, "MediaPlayer", recording_player)
    film = make_video(tmp_path / "film.mp4", (320, 180), seconds=0.6)
    view = VideoView(silent=True, source=str(film), size=(320, 180))
    ended = []
    view.bind(on_end=lambda _view: ended.append(True))
    kiosk.shell.add_widget(view)
    try:
        view.play()
        assert type(view._video).__name__ == "SilentVideo"
        assert opened and opened[0]["an"] is True and opened[0]["framedrop"] is False, opened
        assert kiosk.wait_for(lambda: view.has_frame, timeout=20), "the silent film showed no frame"
        assert kiosk.wait_for(lambda: ended, timeout=20), "the silent film did not reach its end"
        view.rewind()
        view.play()  # played again: Kivy's own handling of a provider that is set up
        assert kiosk.wait_for(lambda: view.playing and view._video is not None, timeout=5)
    finally:
        view.unload()
        kiosk.shell.remove_widget(view)
    assert live_decoders() == 0
    assert len(opened) == 1, "one player for the film, whatever was asked of it afterwards"


def test_only_the_attract_loop_plays_films_silent(kiosk, tmp_path):
    from kiosk.ui.screens.attract import Slide
    from kiosk.ui.widgets.video import VideoView

    assert Slide().video.silent, "the loop's films are silent"
    film = make_video(tmp_path / "story.mp4", (320, 180), seconds=0.4)
    view = VideoView(source=str(film))
    try:
        view.play()
        assert type(view._video).__name__ == "StoryVideo", "a story's film keeps its sound"
    finally:
        view.unload()
