"""A video surface that never flashes white or black and never unloads at a bad moment.

Kivy's ``Video`` widget shows a white frame until the first picture and unloads the player
from inside its end-of-stream handling (kivy#889, #8360). This widget instead paints the
poster (or black) underneath, shows the video only once it has produced a frame, creates
its decoder only on :meth:`play`, and reports the end of the stream one frame later so the
owner may unload or seek from there. :func:`live_decoders` counts decoders for the tests.
"""

from __future__ import annotations

import logging
from pathlib import Path

from kivy.clock import Clock
from kivy.core.image import Image as CoreImage
from kivy.lang import Builder
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.widget import Widget

from kiosk.ui.geometry import fit_rect

log = logging.getLogger(__name__)

_LIVE: set[int] = set()


def live_decoders() -> int:
    """Return how many video decoders exist right now (for leak and lifecycle tests)."""
    return len(_LIVE)


class VideoView(Widget):
    """Plays one video file over its poster. Events: ``on_end`` (one frame after the stream ended)."""

    __events__ = ("on_end",)

    source = StringProperty("")
    """Path of the video file."""

    poster = StringProperty("")
    """Path of the poster image; empty paints black."""

    muted = BooleanProperty(True)
    """True while the sound is off; a visitor turns it on by tapping."""

    playing = BooleanProperty(False)
    """True while the video plays."""

    has_frame = BooleanProperty(False)
    """True once the decoder produced a picture; until then the poster shows."""

    cover = BooleanProperty(False)
    """Fill the whole widget (attract loop) instead of fitting inside it."""

    position = NumericProperty(0.0)
    """Playback position in seconds."""

    duration = NumericProperty(0.0)
    """Length in seconds, known once the decoder runs."""

    poster_texture = ObjectProperty(None, allownone=True)
    """Texture of the poster."""

    frame_texture = ObjectProperty(None, allownone=True)
    """Texture of the latest video frame; kept after unload so the last frame can stay."""

    def __init__(self, **kwargs) -> None:
        self._video = None
        super().__init__(**kwargs)
        self.fbind("poster", self._load_poster)
        self.fbind("muted", self._apply_volume)
        self._load_poster()

    def _load_poster(self, *_args) -> None:
        if self.poster:
            try:
                self.poster_texture = CoreImage(self.poster, nocache=True).texture
            except Exception:  # a broken poster must not stop the video
                log.exception("cannot load poster %s", self.poster)
                self.poster_texture = None
        else:
            self.poster_texture = None

    def play(self) -> None:
        """Start or resume playback; creates the decoder on first use."""
        if not self.source:
            return
        if self._video is None:
            from kivy.core.video import Video as CoreVideo

            # eos='none': the provider then neither stops nor loops by itself at the end.
            self._video = CoreVideo(filename=self.source, eos="none")
            self._video.bind(on_frame=self._on_frame, on_eos=self._on_eos)
            _LIVE.add(id(self))
            self._apply_volume()
        self._video.play()
        self.playing = True

    def pause(self) -> None:
        """Pause playback; the current frame stays."""
        if self._video is not None:
            self._video.pause()
        self.playing = False

    def toggle(self) -> None:
        """Play if paused, pause if playing."""
        if self.playing:
            self.pause()
        else:
            self.play()

    def rewind(self) -> None:
        """Seek to the start (the frame shows once decoded)."""
        if self._video is not None:
            self._video.seek(0)
        self.position = 0.0

    def unload(self, keep_frame: bool = False) -> None:
        """Stop and free the decoder. Never call this from an end-of-stream callback.

        ``keep_frame`` keeps the last picture on screen (the attract loop fades over it).
        """
        video, self._video = self._video, None
        self.playing = False
        if video is not None:
            video.unbind(on_frame=self._on_frame, on_eos=self._on_eos)
            video.unload()
            _LIVE.discard(id(self))
        if not keep_frame:
            self.frame_texture = None
            self.has_frame = False
        self.position = 0.0

    def _apply_volume(self, *_args) -> None:
        if self._video is not None:
            self._video.volume = 0.0 if self.muted else 1.0

    def _on_frame(self, *_args) -> None:
        video = self._video
        if video is None or video.texture is None:
            return
        self.frame_texture = video.texture
        self.has_frame = True
        self.duration = video.duration or 0.0
        self.position = video.position or 0.0
        self.canvas.ask_update()

    def _on_eos(self, *_args) -> None:
        # The provider calls this from its own machinery; act one frame later (kivy#7518).
        Clock.schedule_once(self._dispatch_end, 0)

    def _dispatch_end(self, _dt) -> None:
        if self._video is not None:
            self.playing = False
            self.dispatch("on_end")

    def on_end(self) -> None:
        """Default handler of ``on_end``."""


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
