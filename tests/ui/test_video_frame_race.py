"""A film's first picture counts as shown only once it is really painted.

Kivy's ffpyplayer provider paints the decoder's latest frame on the UI thread and then
announces it, while its decoder thread replaces that latest frame whenever it has the next one,
also in the middle of a paint. Here the decoder's hand-over is made to land exactly there, every
time, instead of by luck on a loaded machine.
"""

from __future__ import annotations

import pytest
from test_media import texture_centre

pytestmark = [pytest.mark.window, pytest.mark.timeout(120)]

SIZE = (8, 8)
LUMA = 200
"""The YUV frame's brightness: with neutral colour planes it paints grey (200, 200, 200)."""


def yuv_frame():
    """A grey frame as the decoder delivers it once it has switched to YUV output."""
    from ffpyplayer.pic import Image as FfImage

    width, height = SIZE
    chroma = bytes([128]) * (width // 2 * height // 2)
    return FfImage(plane_buffers=[bytes([LUMA]) * (width * height), chroma, chroma], pix_fmt="yuv420p", size=SIZE)


class ReplacedWhilePainted:
    """An RGBA frame decoded before the provider switched to YUV (the provider skips painting
    it). The moment the UI thread reads its pixels, the decoder thread hands over its next frame,
    a YUV one, as it may at any moment."""

    def __init__(self, video, following) -> None:
        from ffpyplayer.pic import Image as FfImage

        self._video = video
        self._following = following
        self._image = FfImage(plane_buffers=[bytes(4 * SIZE[0] * SIZE[1])], pix_fmt="rgba", size=SIZE)

    def get_size(self):
        """The frame's size, as ffpyplayer's image gives it."""
        return self._image.get_size()

    def get_pixel_format(self) -> str:
        """The frame's pixel format, as ffpyplayer's image gives it."""
        return self._image.get_pixel_format()

    def to_memoryview(self):
        """The frame's planes; meanwhile the decoder thread replaces the provider's next frame."""
        self._video._next_frame = (self._following, 0.04)
        return self._image.to_memoryview()


class OpenPlayer:
    """Stands for ffpyplayer's player once the stream is open: what the provider asks of it
    while it paints and announces frames."""

    def get_metadata(self) -> dict:
        """The stream's metadata."""
        return {"duration": 1.0}

    def get_pts(self) -> float:
        """The position shown."""
        return 0.0


@pytest.mark.parametrize("silent", (False, True), ids=("story", "attract"))
def test_a_frame_replaced_while_it_is_painted_is_not_shown_unpainted(window, silent):
    from kiosk.ui.widgets.video import VideoView, _provider

    view = VideoView(silent=silent, size_hint=(None, None), size=SIZE)
    video = _provider(silent)(filename=None, eos="none")
    video.load()  # as play() does first
    # The provider as its decoder thread leaves it once the stream is open and known as YUV.
    video._ffplayer = OpenPlayer()
    video._out_fmt = "yuv420p"
    view._video = video
    video.bind(on_frame=view._on_frame)
    following = yuv_frame()
    try:
        video._next_frame = (ReplacedWhilePainted(video, following), 0.0)
        video._redraw()
        assert view._frames_announced == 1, "the provider announced the frame it skipped"
        assert not view.has_frame, "a frame that was never painted counts as shown"
        assert video._next_frame[0] is following, "the decoder's hand-over landed during the paint"
        video._redraw()
        assert view.has_frame, "the next frame, painted, is shown"
        assert texture_centre(view.frame_texture)[:3] == pytest.approx((LUMA,) * 3, abs=3)
    finally:
        video._ffplayer = None  # no player thread to stop: nothing was opened
        view.unload()


def test_a_film_decoded_to_rgba_is_painted_and_shown(window):
    """A stream that is not YUV stays on RGBA output: its frames are painted as they come."""
    from ffpyplayer.pic import Image as FfImage

    from kiosk.ui.widgets.video import VideoView, _provider

    view = VideoView(size_hint=(None, None), size=SIZE)
    video = _provider(False)(filename=None, eos="none")
    video.load()
    video._ffplayer = OpenPlayer()
    video._out_fmt = "rgba"
    view._video = video
    video.bind(on_frame=view._on_frame)
    try:
        video._next_frame = (FfImage(plane_buffers=[bytes((90, 160, 200, 255)) * (SIZE[0] * SIZE[1])],
                                     pix_fmt="rgba", size=SIZE), 0.0)
        video._redraw()
        assert video.painted and view.has_frame
        assert texture_centre(view.frame_texture) == (90, 160, 200, 255)
    finally:
        video._ffplayer = None
        view.unload()
