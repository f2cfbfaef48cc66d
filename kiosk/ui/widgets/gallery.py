"""The media area of a story or page: the picture or film, and under it its bar.

Nothing sits on a picture that is not playing except, on a film, the one play control; a
film that plays shows only a slim progress line. The bar (:class:`MediaBar`) under the
picture holds the previous/next arrows, the sound control (only for a film with a sound
track) and the caption; a story places it beside its QR card instead. Images change by the
arrows or by a swipe. Tapping the picture pauses a film that plays; otherwise it opens the
full-screen viewer where the owner allows it (:attr:`Gallery.zoomable`), else plays the film.
The sound is off until the visitor asks for it. Only the medium on screen may hold a
decoder, and it is freed when the medium changes or the screen is left (:meth:`Gallery.stop`).

A film with subtitles in the visitor's language (``film.de.vtt`` beside ``film.mp4``) shows
the cue of the moment over the picture, light on a dark band, always on: the film is silent
until a visitor turns the sound on, and a showroom is loud. The cues are read on a thread
(:meth:`Gallery._read_cues`), and a language switch mid-film switches them.
"""

from __future__ import annotations

import logging
import threading
from functools import partial
from pathlib import Path

from kivy.clock import Clock
from kivy.lang import Builder
from kivy.properties import (AliasProperty, BooleanProperty, ListProperty, NumericProperty, ObjectProperty,
                             OptionProperty, StringProperty)
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.floatlayout import FloatLayout

from kiosk.model import subtitles
from kiosk.model.subtitles import Cue, SubtitleError
from kiosk.ui.widgets.common import Tappable
from kiosk.ui.widgets.picture import CachedImage  # noqa: F401 - used in gallery.kv
from kiosk.ui.widgets.video import VideoView  # noqa: F401 - used in gallery.kv


log = logging.getLogger(__name__)


DEFAULT_ASPECT = 16 / 9
"""Width over height of a stage whose medium's size is not known yet (the design's screen)."""


def cue_at(found: tuple[Cue, ...], position: float) -> str:
    """Return the text of the cue shown at ``position`` seconds (start <= position < end), or ""."""
    return next((cue.text for cue in found if cue.start <= position < cue.end), "")


class Stage(Tappable, FloatLayout):
    """The picture area: a tap that no button inside takes is the gallery's (see
    :meth:`Gallery.tap_stage`); a horizontal swipe fires ``on_swipe(step)`` (+1 for the next
    medium, -1 for the previous).
    """

    __events__ = ("on_swipe",)

    def on_touch_up(self, touch):
        """Turn a long horizontal drag into a swipe instead of a tap."""
        if touch.grab_current is self and abs(touch.x - touch.ox) > self.width * 0.12:
            touch.ungrab(self)
            self._do_release()
            self.dispatch("on_swipe", 1 if touch.x < touch.ox else -1)
            return True
        return super().on_touch_up(touch)

    def on_swipe(self, step: int) -> None:
        """Default handler of ``on_swipe``."""


class MediaBar(BoxLayout):
    """The bar under a gallery's picture: arrows, the sound control and the caption."""

    gallery = ObjectProperty(None, allownone=True, rebind=True)
    """The :class:`Gallery` it steers."""


class Gallery(BoxLayout):
    """Shows one medium of ``media`` at a time; see the module docstring. Events:
    ``on_open`` when a tap on the picture asks for the full-screen viewer."""

    __events__ = ("on_open",)

    media = ListProperty([])
    """The :class:`kiosk.model.types.Medium` items."""

    index = NumericProperty(0)
    """Index of the medium shown."""

    lang = StringProperty("de")
    """Language of captions and button words."""

    controller = ObjectProperty(None, allownone=True, rebind=True)
    """The kiosk controller: kept alive while a video plays, and told what was watched."""

    item = StringProperty("")
    """Id of the story or page the media belong to (for statistics)."""

    stage_ratio = NumericProperty(0)
    """Height of the picture area as a fraction of its width (9/16); 0 lets it fill the gallery."""

    max_stage_height = NumericProperty(10 ** 6)
    """Tallest the picture area may get when :attr:`stage_ratio` sets its height."""

    video = ObjectProperty(None)
    """The :class:`VideoView` (set by kv)."""

    stage = ObjectProperty(None)
    """The :class:`Stage` (set by kv)."""

    picture = ObjectProperty(None)
    """The :class:`~kiosk.ui.widgets.picture.CachedImage` showing :attr:`still` (set by kv)."""

    shown_aspect = NumericProperty(DEFAULT_ASPECT)
    """Width over height of what the stage shows now (see :meth:`media_aspect`; kv keeps it):
    the viewer gives its stage this shape, so a picture or film fills it without bars."""

    @staticmethod
    def media_aspect(is_video: bool, picture_size, poster_texture, frame_texture, info) -> float:
        """Return width over height of what a stage shows: the picture, else a film's frame once
        it plays, its poster before, the probed frame size without a poster, else
        :data:`DEFAULT_ASPECT`.

        ``picture_size`` is the still's texture size ((0, 0) or None while it loads), the textures
        may be None and ``info`` is the film's :class:`~kiosk.model.media.VideoInfo` or None.
        """
        if is_video:
            candidates = [t.size for t in (frame_texture, poster_texture) if t is not None]
            if info is not None:
                candidates.append((info.width, info.height))
        else:
            candidates = [picture_size] if picture_size else []
        for width, height in candidates:
            if width > 0 and height > 0:
                return width / height
        return DEFAULT_ASPECT

    def _get_current(self):
        if not self.media:
            return None
        return self.media[int(self.index) % len(self.media)]

    current = AliasProperty(_get_current, bind=("media", "index"), cache=True)
    """The medium shown, or None."""

    def _get_is_video(self) -> bool:
        current = self.current
        return (current is not None and current.kind == "video"
                and (self.controller is None or self.controller.can_play(current)))

    is_video = AliasProperty(_get_is_video, bind=("current", "controller"), cache=True)
    """True when the medium shown is a video this kiosk plays. A film above the hardware's
    limits (see :meth:`Controller.can_play`) shows as a still: its poster, or the empty stage."""

    def _get_still(self) -> str:
        current = self.current
        if current is None or self.is_video:
            return ""
        if current.kind == "video":
            return str(current.poster) if current.poster else ""
        return str(current.path)

    still = AliasProperty(_get_still, bind=("current", "is_video"), cache=True)
    """Path of the still picture shown: the image, or the poster of a film that is not played."""

    def _get_caption_text(self) -> str:
        current = self.current
        caption = current.caption.get(self.lang) if current is not None and current.caption else ""
        # No-break spaces inside the counter: a long caption wraps before "2 / 3", never inside it.
        counter = "   %d\u00a0/\u00a0%d" % (int(self.index) % len(self.media) + 1, len(self.media)) \
            if len(self.media) > 1 else ""
        return (caption + counter).strip()

    caption_text = AliasProperty(_get_caption_text, bind=("current", "lang"), cache=True)
    """The caption of the medium shown and "2 / 3" when there are several."""

    def _get_has_sound(self) -> bool:
        current = self.current
        return bool(self.is_video and current.video is not None and current.video.has_audio)

    has_sound = AliasProperty(_get_has_sound, bind=("current", "is_video"), cache=True)
    """True when the film shown has a sound track: only then is a sound control offered."""

    def _get_subtitle_file(self) -> str:
        current = self.current
        if not self.is_video or not current.subtitles:
            return ""
        path = current.subtitles.get(self.lang)
        return str(path) if path else ""

    subtitle_file = AliasProperty(_get_subtitle_file, bind=("current", "is_video", "lang"), cache=True)
    """The WebVTT file of the film shown in the visitor's language, or "" for none."""

    cues = ObjectProperty((), rebind=False)
    """The cues of :attr:`subtitle_file` once read (a tuple of :class:`~kiosk.model.subtitles.Cue`)."""

    subtitle = StringProperty("")
    """The cue shown over the film now, or "" between cues and on pictures."""

    show_bar = BooleanProperty(True)
    """False leaves the :class:`MediaBar` to the owner, who places its own elsewhere."""

    image_slot = OptionProperty("media", options=("media", "viewer"))
    """The image cache slot pictures and posters are scaled for: "viewer" in the viewer."""

    zoomable = BooleanProperty(False)
    """True: a tap on a picture that is not a playing film fires ``on_open``."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._watched = 0.0
        self._play_since = None
        self.fbind("subtitle_file", self._load_cues)
        self.fbind("cues", self._show_cue)

    def _load_cues(self, *_args) -> None:
        """Start reading the cues of :attr:`subtitle_file`; none show until they are read."""
        self.cues = ()
        if self.subtitle_file:
            threading.Thread(target=self._read_cues, args=(self.subtitle_file,), name="subtitles",
                             daemon=True).start()

    def _read_cues(self, path: str) -> None:
        """Read the cues of ``path`` off the UI thread and hand them to it."""
        try:
            found = subtitles.cues(Path(path))
        except (SubtitleError, OSError) as exc:  # validated content, changed since: show none
            log.warning("subtitles %s cannot be read: %s", path, exc)
            found = ()
        Clock.schedule_once(partial(self._cues_read, path, found))

    def _cues_read(self, path: str, found: tuple[Cue, ...], _dt) -> None:
        if path == self.subtitle_file:  # not a late answer for a film or language left since
            self.cues = found

    def _show_cue(self, *_args) -> None:
        """Show the cue at the film's position (called as it plays and when the cues change)."""
        self.subtitle = cue_at(self.cues, self.video.position) if self.is_video and self.video else ""

    def show_media(self, media, item: str, index: int = 0) -> None:
        """Show ``media`` from the item at ``index`` on; frees any running video first."""
        self.stop()
        self.item = item
        self.media = list(media)
        self.index = index % len(self.media) if self.media else 0
        self._load_current()

    def step(self, delta: int) -> None:
        """Show the medium ``delta`` steps away (wrapping around)."""
        if len(self.media) < 2:
            return
        self.stop()
        self.index = (int(self.index) + delta) % len(self.media)
        self._load_current()

    def tap_stage(self) -> None:
        """Pause a playing film; else open the viewer (:attr:`zoomable`) or play the film."""
        if self.is_video and self.video.playing:
            self.toggle_video()
        elif self.zoomable and self.current is not None:
            self.dispatch("on_open")
        elif self.is_video:
            self.toggle_video()

    def on_open(self) -> None:
        """Default handler of ``on_open``."""

    def toggle_video(self) -> None:
        """Play or pause the video shown."""
        if self.video.playing:
            self._count_watch()
            self.video.pause()
        else:
            self._play_since = Clock.get_boottime()
            self.video.play()

    def toggle_sound(self) -> None:
        """Turn the video's sound on or off."""
        self.video.muted = not self.video.muted

    def stop(self) -> None:
        """Free the video decoder and report what was watched; call from the screen's on_leave."""
        if self.video is None:
            return
        self._count_watch()
        if self._watched > 0 and self.controller is not None:
            self.controller.note_video(self.item, self._watched, self.video.duration)
        self._watched = 0.0
        self.video.unload()
        self.video.muted = True

    def _count_watch(self) -> None:
        if self._play_since is not None:
            self._watched += Clock.get_boottime() - self._play_since
            self._play_since = None

    def _load_current(self) -> None:
        medium = self.current
        if self.video is None:
            return
        if self.is_video:
            self.video.poster = str(medium.poster) if medium.poster else ""
            self.video.source = str(medium.path)
        else:
            self.video.source = ""
            self.video.poster = ""

    def on_video_position(self) -> None:
        """Keep the visitor's session alive while a video plays, and show its cue of the moment."""
        self._show_cue()
        if self.controller is not None and self.video.playing:
            self.controller.poke()

    def on_video_end(self) -> None:
        """Rewind a finished video and show its play button again (called one frame after EOS)."""
        self._count_watch()
        self.video.pause()
        self.video.rewind()


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
