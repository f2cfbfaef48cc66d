"""Kivy's ffpyplayer video provider for a film shown without sound, which never drops frames.

Kivy's provider (:mod:`kivy.core.video.video_ffpyplayer`) opens every film with its sound and
with ffmpeg's frame dropping on, as a player must when picture and sound have to stay together.
The attract loop shows its films silently, and there frame dropping does harm: without a sound
track the picture follows a clock that runs in real time from the moment the film opens, and a
decoder that falls behind that clock (a 1080p film while the machine is busy) drops every frame
it decodes for as long as packets are queued. The loop then shows nothing and skips the film:
a 150-minute endurance run skipped one film with "stream opened, 2 frames announced, none
painted" after 6 s, while other work ran on the second core.

Here the film opens without its sound track (nothing to decode, no audio device) and without
frame dropping: a busy machine shows the film a little slower instead of not at all. Measured
on the sample's 1080p film with the decoder at the lowest priority beside other work: the
first frame after 0.48 s instead of 0.78 s, and 100 frames in 3 s instead of 58.
"""

from __future__ import annotations

from threading import Thread

from kivy.core.video.video_ffpyplayer import MediaPlayer, VideoFFPy

SILENT_OPTIONS = {"an": True, "framedrop": False, "sn": True}
"""ffpyplayer's player options (as ffplay's): no audio, no frame dropping, no subtitles."""


class SilentVideo(VideoFFPy):
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
