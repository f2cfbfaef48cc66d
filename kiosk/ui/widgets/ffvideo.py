"""Kivy's ffpyplayer video provider as the kiosk plays its films: every announced frame says
whether it was painted, and the attract loop's films play silent without frame dropping.

**Painted frames.** Kivy's provider (:mod:`kivy.core.video.video_ffpyplayer`) decodes on a
thread of its own, which puts each new frame into ``_next_frame``; on the UI thread ``_redraw``
paints that frame into the texture and announces it (``on_frame``). Frames decoded before the
provider switched to YUV output arrive as RGBA and are not painted, but are announced all the
same: the texture is still empty, and showing it would flash black between poster and film.
Asking ``_next_frame`` afterwards which frame was announced is a race, since the decoder thread
may have put the next frame there meanwhile (1 of 6 first pictures read empty under load).
:class:`PaintedFrames` therefore takes the frame once, paints it, and records in
:attr:`~PaintedFrames.painted` whether it did, before announcing it.

**Silent films.** Kivy's provider opens every film with its sound and with ffmpeg's frame
dropping on, as a player must when picture and sound have to stay together. The attract loop
shows its films silently, and there frame dropping does harm: without a sound track the picture
follows a clock that runs in real time from the moment the film opens, and a decoder that falls
behind that clock (a 1080p film while the machine is busy) drops every frame it decodes for as
long as packets are queued. The loop then shows nothing and skips the film: a 150-minute
endurance run skipped one film with "stream opened, 2 frames announced, none painted" after
6 s, while other work ran on the second core.

:class:`SilentVideo` opens the film without its sound track (nothing to decode, no audio
device) and without frame dropping: a busy machine shows the film a little slower instead of
not at all. Measured on the sample's 1080p film with the decoder at the lowest priority beside
other work: the first frame after 0.48 s instead of 0.78 s, and 100 frames in 3 s instead of 58.
"""

from __future__ import annotations

from threading import Thread

from kivy.core.video.video_ffpyplayer import MediaPlayer, VideoFFPy
from kivy.graphics import BindTexture, Fbo, Rectangle
from kivy.graphics.texture import Texture

SILENT_OPTIONS = {"an": True, "framedrop": False, "sn": True}
"""ffpyplayer's player options (as ffplay's): no audio, no frame dropping, no subtitles."""


class PaintedFrames:
    """Paints frames as Kivy's ``VideoFFPy._redraw`` (Kivy 2.3) does, and records in
    :attr:`painted` whether the frame it announces was painted (see the module docstring).
    Mixed in before ``VideoFFPy``."""

    painted = False
    """Whether the frame last announced by ``on_frame`` was painted into :attr:`texture`."""

    def _redraw(self, *_args) -> None:
        if not self._ffplayer:
            return
        # Read once: the decoder thread replaces _next_frame whenever it has the next frame.
        frame = self._next_frame
        if not frame:
            return
        image = frame[0]
        if image.get_size() != self._size or self._texture is None:
            self._make_texture(image.get_size())
        self.painted = self._paint(image)
        self.dispatch("on_frame")

    def _make_texture(self, size) -> None:
        """Make the texture for frames of ``size``: for YUV frames one whose framebuffer
        converts three single-channel planes to RGB in a shader."""
        self._size = width, height = size
        if self._out_fmt == "yuv420p":
            self._tex_y = Texture.create(size=size, colorfmt="luminance")
            self._tex_u = Texture.create(size=(width // 2, height // 2), colorfmt="luminance")
            self._tex_v = Texture.create(size=(width // 2, height // 2), colorfmt="luminance")
            self._fbo = fbo = Fbo(size=size)
            with fbo:
                BindTexture(texture=self._tex_u, index=1)
                BindTexture(texture=self._tex_v, index=2)
                Rectangle(size=fbo.size, texture=self._tex_y)
            fbo.shader.fs = VideoFFPy.YUV_RGB_FS
            fbo["tex_y"], fbo["tex_u"], fbo["tex_v"] = 0, 1, 2
            self._texture = fbo.texture
        else:
            self._texture = Texture.create(size=size, colorfmt="rgba")
        self._texture.flip_vertical()
        self.dispatch("on_load")

    def _paint(self, image) -> bool:
        """Paint ``image`` into the texture; return False for an RGBA frame that reached a
        provider already switched to YUV, which has no planes to paint."""
        if self._out_fmt != "yuv420p":
            self._texture.blit_buffer(image.to_memoryview()[0], colorfmt="rgba")
            return True
        y, u, v, _ = image.to_memoryview()
        if not (y and u and v):
            return False
        self._tex_y.blit_buffer(y, colorfmt="luminance")
        self._tex_u.blit_buffer(u, colorfmt="luminance")
        self._tex_v.blit_buffer(v, colorfmt="luminance")
        self._fbo.ask_update()
        self._fbo.draw()
        return True


class StoryVideo(PaintedFrames, VideoFFPy):
    """The ffpyplayer provider for a film with its sound, telling which frames it painted."""


class SilentVideo(PaintedFrames, VideoFFPy):
    """The ffpyplayer provider, playing the picture only (see the module docstring)."""

    def play(self) -> None:
        """Start the film; anything but the very first start is Kivy's own handling."""
        if self._ffplayer is not None or self._state:
            super().play()
            return
        # As Kivy's play() does, with the player's options above: the player starts paused
        # and the provider's frame thread unpauses it once it knows the stream's pixel format.
        self.load()
        self._out_fmt = "rgba"
        player = MediaPlayer(self._filename, callback=self._player_callback, thread_lib="SDL", loglevel="info",
                             ff_opts={"paused": True, "out_fmt": self._out_fmt, **SILENT_OPTIONS})
        self._thread = Thread(target=self._next_frame_run, name="Next frame", args=(player,), daemon=True)
        self._state = "playing"
        self._thread.start()
