"""A video surface that never flashes white or black and never unloads at a bad moment.

Kivy's ``Video`` widget shows a white frame until the first picture and unloads the player
from inside its end-of-stream handling (kivy#889, #8360). This widget instead paints the
poster (or black) underneath, shows the video only once it has produced a frame, creates
its decoder only on :meth:`play`, and reports the end of the stream one frame later so the
owner may unload or seek from there.

At most one decoder is alive in the whole app: starting a video unloads any other (which
keeps its last frame on screen). :func:`live_decoders` counts them for tests and soak runs.
The poster comes from the image cache at the size of :attr:`VideoView.poster_slot`.
"""

from __future__ import annotations

import logging
import time
import weakref
from pathlib import Path

from kivy.clock import Clock
from kivy.core.image import Image as CoreImage
from kivy.lang import Builder
from kivy.properties import (
    AliasProperty,
    BooleanProperty,
    NumericProperty,
    ObjectProperty,
    OptionProperty,
    StringProperty,
)
from kivy.uix.widget import Widget

from kiosk.ui import media
from kiosk.ui.geometry import fit_rect, similar_aspect

log = logging.getLogger(__name__)

_LIVE: weakref.WeakSet = weakref.WeakSet()


def live_decoders() -> int:
    """Return how many video decoders exist right now (for leak, lifecycle and soak tests)."""
    return sum(1 for view in list(_LIVE) if view._video is not None)


def frame_was_drawn(video) -> bool:
    """Whether the frame ``video`` just announced was really painted into its texture.

    Kivy's ffpyplayer provider announces frames it skipped painting (RGBA ones decoded before
    it switched to YUV), so showing its texture then would flash black between the poster and
    the film. The kiosk's ffpyplayer providers record what they painted
    (:class:`~kiosk.ui.widgets.ffvideo.PaintedFrames`); any other provider is trusted.
    """
    return getattr(video, "painted", True)


def _provider(silent: bool):
    """Return the video provider class: where Kivy plays through ffpyplayer, the kiosk's
    (:mod:`kiosk.ui.widgets.ffvideo`), for a ``silent`` film the one that opens it without sound
    and frame dropping; otherwise Kivy's."""
    from kivy.core.video import Video as CoreVideo

    if CoreVideo.__name__ != "VideoFFPy":
        return CoreVideo
    from kiosk.ui.widgets.ffvideo import SilentVideo, StoryVideo

    return SilentVideo if silent else StoryVideo


NO_BAR = ((0.0, 0.0), (0.0, 0.0))
"""A bar of no size: nothing to paint."""


def letterbox_bars(box_pos, box_size, shown) -> tuple[tuple, tuple]:
    """Return the two ``(pos, size)`` strips of a box that a centred picture leaves uncovered.

    ``shown`` is the picture's ``(pos, size)`` (see :func:`~kiosk.ui.geometry.fit_rect`); one
    of no size covers nothing, so the first strip is the whole box. Strips under half a pixel
    are :data:`NO_BAR`: a picture that fills the box needs nothing painted under it.
    """
    (bx, by), (bw, bh) = box_pos, box_size
    (rx, ry), (rw, rh) = shown
    if rw <= 0 or rh <= 0:
        return ((bx, by), (bw, bh)), NO_BAR
    left, right = rx - bx, bx + bw - (rx + rw)
    bottom, top = ry - by, by + bh - (ry + rh)
    if max(left, right) >= 0.5:
        return ((bx, by), (max(0, left), bh)), ((rx + rw, by), (max(0, right), bh))
    if max(bottom, top) >= 0.5:
        return ((bx, by), (bw, max(0, bottom))), ((bx, ry + rh), (bw, max(0, top)))
    return NO_BAR, NO_BAR


class VideoView(Widget):
    """Plays one video file over its poster. Events: ``on_end`` (one frame after the stream ended)."""

    __events__ = ("on_end",)

    source = StringProperty("")
    """Path of the video file."""

    poster = StringProperty("")
    """Path of the poster image; empty paints black."""

    muted = BooleanProperty(True)
    """True while the sound is off; a visitor turns it on by tapping."""

    silent = BooleanProperty(False)
    """The film is only ever shown without sound (the attract loop): it is opened without its
    sound track and never drops frames (:mod:`kiosk.ui.widgets.ffvideo`). Read at
    :meth:`play` when the decoder is made."""

    playing = BooleanProperty(False)
    """True while the video plays."""

    has_frame = BooleanProperty(False)
    """True once the decoder produced a picture; until then the poster shows."""

    cover = BooleanProperty(False)
    """Fill the whole widget (attract loop) instead of fitting inside it, when the video's
    aspect ratio is close to the widget's; a portrait film on a landscape screen is letterboxed."""

    position = NumericProperty(0.0)
    """Playback position in seconds."""

    duration = NumericProperty(0.0)
    """Length in seconds, known once the decoder runs."""

    poster_slot = OptionProperty("media", options=("media", "viewer"))
    """The image cache slot the poster is scaled for."""

    failed = BooleanProperty(False)
    """True when the file was missing at :meth:`play`; the poster stays."""

    poster_texture = ObjectProperty(None, allownone=True)
    """Texture of the poster."""

    frame_texture = ObjectProperty(None, allownone=True)
    """Texture of the latest video frame; kept after unload so the last frame can stay."""

    def _fitted(self, texture) -> tuple[tuple, tuple]:
        content = texture.size if texture is not None else (0, 0)
        return fit_rect(self.pos, self.size, content, self.cover and similar_aspect(self.size, content))

    def _get_poster_rect(self) -> tuple[tuple, tuple]:
        return self._fitted(self.poster_texture)

    poster_rect = AliasProperty(_get_poster_rect, bind=("pos", "size", "poster_texture", "cover"), cache=True)
    """``(pos, size)`` of the poster: fitted inside the widget, or covering it (:attr:`cover`)."""

    def _get_frame_rect(self) -> tuple[tuple, tuple]:
        return self._fitted(self.frame_texture)

    frame_rect = AliasProperty(_get_frame_rect, bind=("pos", "size", "frame_texture", "cover"), cache=True)
    """``(pos, size)`` of the video frame, placed as the poster is."""

    def _get_bars(self) -> tuple[tuple, tuple]:
        if self.has_frame and self.frame_texture is not None:
            shown = self.frame_rect
        else:
            shown = self.poster_rect
        return letterbox_bars(self.pos, self.size, shown)

    bars = AliasProperty(_get_bars, bind=("pos", "size", "poster_rect", "frame_rect", "has_frame"), cache=True)
    """The two black strips beside or above and below the picture shown (see
    :func:`letterbox_bars`); none when it fills the widget, the whole widget when there is none."""

    def __init__(self, **kwargs) -> None:
        self._video = None
        self._started_at = 0.0
        self._frames_announced = 0
        super().__init__(**kwargs)
        self.fbind("poster", self._load_poster)
        self.fbind("poster_slot", self._load_poster)
        self.fbind("muted", self._apply_volume)
        self._load_poster()

    def _load_poster(self, *_args) -> None:
        self.poster_texture = None
        if self.poster:
            found = media.request(self.poster, self.poster_slot, self._on_poster_ready)
            if found is not None:
                self._on_poster_ready(Path(self.poster), found)

    def _on_poster_ready(self, source: Path, path: Path) -> None:
        if str(source) != self.poster:  # a late answer for an earlier poster
            return
        try:
            self.poster_texture = CoreImage(str(path), nocache=True).texture
        except Exception:  # a broken cache entry must not stop the video
            log.exception("cannot load poster %s", path)
            self.poster_texture = None

    def play(self) -> None:
        """Start or resume playback; creates the decoder on first use and frees any other.

        A file that is gone (deleted after validation) sets :attr:`failed` and keeps the
        poster on screen instead of raising.
        """
        if not self.source:
            return
        if self._video is None:
            if not Path(self.source).is_file():
                log.warning("video %s is missing; showing its poster", self.source)
                self.failed = True
                return
            for other in list(_LIVE):
                if other is not self:
                    other.unload(keep_frame=True)
            # eos='none': the provider then neither stops nor loops by itself at the end.
            self._video = _provider(self.silent)(filename=self.source, eos="none")
            self._started_at = time.monotonic()
            self._frames_announced = 0
            self._video.bind(on_frame=self._on_frame, on_eos=self._on_eos)
            _LIVE.add(self)
            self.failed = False
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
            _LIVE.discard(self)
        if not keep_frame:
            self.frame_texture = None
            self.has_frame = False
        self.position = 0.0

    def _apply_volume(self, *_args) -> None:
        if self._video is not None:
            self._video.volume = 0.0 if self.muted else 1.0

    def decoder_state(self) -> str:
        """Say where the decoder is, for the log of a film that shows no frame: how long ago it
        was started (real seconds), whether it has read the stream's format yet (Kivy's provider
        opens the file on a thread of its own) and how many frames it announced that were not
        painted. Tells a decoder that never opened from one that decodes but shows nothing."""
        video = self._video
        if video is None:
            return "no decoder"
        opened = getattr(video, "_ffplayer", None) is not None
        return (f"started {time.monotonic() - self._started_at:.1f} s ago, "
                f"{'stream opened' if opened else 'stream not opened yet'}, "
                f"{self._frames_announced} frames announced, none painted")

    def seconds_since_play(self) -> float:
        """Real seconds since this view's decoder was made (0 without one)."""
        return time.monotonic() - self._started_at if self._video is not None else 0.0

    def _on_frame(self, *_args) -> None:
        self._frames_announced += 1
        video = self._video
        if video is None or video.texture is None or not frame_was_drawn(video):
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
