"""The attract loop: a fullscreen slideshow that runs while nobody touches the kiosk.

It is a poster seen from across the room. Images drift slowly (Ken Burns) and videos play
muted, full-bleed; a story's slide lays a dark gradient under a big headline, the firm and one
line (:func:`poster_line`), so that the text reaches 4.5:1 over any picture. Items cross-fade
over about a second, and a prompt pulses by scale and glow, never by fading its words. A touch
on a story's slide opens that story (the loop names it in :attr:`Controller.attract_story`),
any other touch leads home. The next
image is loaded before it is needed, and a video fades in only once it has a frame, so no
black frame ever shows. Videos loop by advancing the slideshow ourselves, never with
``eos='loop'``; at most one video decoder runs (the outgoing video keeps its last frame).

Images come from the image cache at the window's size (never the photo itself), are decoded
on a worker thread and skip Kivy's image cache. An image not built yet, a broken image and a
video file that is gone are skipped; if nothing is ready the current picture stays until a
build finishes.

The loop draws the minimum, because a software renderer pays for every pixel of every quad in
every frame: a still slide is one quad for the picture (its drift moves texture coordinates,
see :class:`~kiosk.ui.widgets.poster.KenBurns`), one for the gradient and the text, baked into
a texture once per slide, language, text size and window size (see
:class:`~kiosk.ui.widgets.poster.BakedLayer`), and the prompt. A film slide shows its video
instead of the picture. While the loop covers the window, nothing under it is drawn: the
screens underneath leave the draw tree and come back as the loop starts to fade out.
"""

from __future__ import annotations

import logging
from pathlib import Path

from kivy.animation import Animation
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.graphics import Callback, Color, InstructionGroup, Rectangle
from kivy.lang import Builder
from kivy.properties import (
    BooleanProperty,
    ListProperty,
    NumericProperty,
    ObjectProperty,
    StringProperty,
)
from kivy.uix.anchorlayout import AnchorLayout
from kivy.uix.floatlayout import FloatLayout

from kiosk.design import KEN_BURNS_ZOOM
from kiosk.model.textfmt import format_figure
from kiosk.model.types import AttractItem, Story
from kiosk.services.uimap import Element
from kiosk.ui import media
from kiosk.ui.strings import tr
from kiosk.ui.underneath import Underneath
from kiosk.ui.widgets.poster import BakedLayer, KenBurns, Shade, decode  # noqa: F401 - used in attract.kv
from kiosk.ui.widgets.stillcache import blending, no_blending

log = logging.getLogger(__name__)

FADE_S = 1.0
"""Cross-fade between items, in seconds."""
IMAGE_S = 8.0
"""How long an image stays when its item names no duration."""
FIRST_FRAME_TIMEOUT_S = 6.0
"""A video that shows no frame within this time is skipped."""
PULSE_S = 1.4
"""Half a pulse of the prompt: it grows and glows, then settles, in twice this time."""
from kiosk.ui.widgets.video import VideoView  # noqa: F401 - used in attract.kv


class Prompt(AnchorLayout):
    """The "Tippen Sie hier" prompt: it pulses by growing a little and glowing, and its words
    always stay fully opaque (a faded prompt looks disabled)."""

    glow = NumericProperty(0.0)
    """0 at rest, 1 at the peak of a pulse (animated by the loop)."""


def poster_line(story: Story, lang: str) -> str:
    """Return the one line under a story slide's headline in ``lang``: the story's first key
    figure with its label ("1.800 € einmalig"), or its teaser when it has no figures.

    A figure, because from across the room a number set large is read at a glance where two
    lines of teaser are not; the first, because staff put first the figure they want seen.
    The slide sets a figure larger than a teaser (:attr:`Slide.figure`).
    """
    if story.figures:
        figure = story.figures[0]
        return format_figure(figure, lang) + " " + figure.label.get(lang)
    return story.teaser.get(lang)


class Slide(FloatLayout):
    """One layer of the loop: a drifting image or a muted video; a story's slide also shows its
    firm, its title as the headline and one line (:func:`poster_line`) over a dark gradient.

    The gradient and the texts are baked into one texture (:attr:`poster`); the video view is
    in the slide only while it shows a film, so an image slide is two quads."""

    title = StringProperty("")
    """The story title shown over the picture, or empty."""

    subtitle = StringProperty("")
    """The firm and place above the title."""

    line = StringProperty("")
    """The line under the title: a key figure or the teaser (see :func:`poster_line`)."""

    figure = BooleanProperty(False)
    """True when :attr:`line` is a key figure, which is set larger than a teaser."""

    item = ObjectProperty(None, allownone=True)
    """The :class:`~kiosk.model.types.AttractItem` the slide shows, or None."""

    picture = ObjectProperty(None)
    """The :class:`~kiosk.ui.widgets.poster.KenBurns` picture (set by kv)."""

    video = ObjectProperty(None)
    """The :class:`~kiosk.ui.widgets.video.VideoView` (set by kv)."""

    poster = ObjectProperty(None)
    """The :class:`~kiosk.ui.widgets.poster.BakedLayer` of the gradient and the texts (set by kv)."""

    def on_kv_post(self, _base_widget) -> None:
        """Keep the video view (kv made it) and take it out until a film shows."""
        # kv hands out a weak proxy: the video view, out of the tree on image slides, would
        # be collected without this strong reference.
        self._video = self.video.__self__
        self.show_film(False)

    def on_parent(self, _slide, parent) -> None:
        """Back in the loop, let the texts that changed while the slide was out of it be drawn."""
        if parent is not None and self.poster is not None:
            self.poster.shown()

    def show_film(self, shown: bool) -> None:
        """Put the video view into the slide (over the picture, under the text) or take it out."""
        video = self._video
        if shown and video.parent is None:
            picture = self.picture.__self__
            self.add_widget(video, index=self.children.index(picture) if picture in self.children else 0)
        elif not shown and video.parent is self:
            self.remove_widget(video)

    def label(self, lang: str) -> None:
        """Set the slide's texts for its :attr:`item` in ``lang``."""
        story = self.item.story if self.item is not None else None
        self.title = story.title.get(lang) if story else ""
        self.subtitle = (story.company.name.get(lang) + " · " + story.company.place.get(lang)) if story else ""
        self.line = poster_line(story, lang) if story else ""
        self.figure = bool(story and story.figures)


def attract_items(exhibition) -> tuple[AttractItem, ...]:
    """Return the loop's items: the exhibition's attract list, or else every story cover."""
    if exhibition.attract:
        return exhibition.attract
    return tuple(AttractItem(kind="image", path=s.cover, duration=None, story=s) for s in exhibition.stories)


_PENDING = object()
"""Marks a picture whose decoding is under way."""


class AttractScreen(FloatLayout):
    """The fullscreen loop; :meth:`start` and :meth:`stop` are called by the shell."""

    controller = ObjectProperty(None, rebind=True)
    """The kiosk controller."""

    lang = StringProperty("")
    """The language the slides speak (kv ties it to the controller's)."""

    slides = ListProperty([])
    """The two :class:`Slide` layers (set by kv), swapped at each item."""

    prompt = ObjectProperty(None)
    """The pulsing "Tippen Sie hier" :class:`Prompt` (set by kv)."""

    index = NumericProperty(-1)
    """Index of the item on screen."""

    animate = BooleanProperty(True)
    """False shows each item at once and still (snapshots)."""

    covering = BooleanProperty(False)
    """True while the loop covers the whole window and what is under it is out of the draw tree."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        # kv hands out weak proxies; a slide taken out of the tree between fades would be
        # collected without these strong references.
        self._own_slides = [slide.__self__ for slide in self.slides]
        # A slide is in the tree only while it shows (see _fade_in and _forget_old): out of it,
        # it is neither drawn nor laid out, and its text is not baked before the first picture
        # is there, which would hold up the first frame.
        for slide in self._own_slides:
            self.remove_widget(slide)
        self._items: tuple[AttractItem, ...] = ()
        self._front = 0
        self._next_event = None
        self._watchdog = None
        self._forget_event = None
        self._old = None
        self._prefetched: list | None = None  # [path, texture, _PENDING or None, decoding]
        self._awaiting: int | None = None
        self._fading = None  # the incoming slide's fade while it runs
        self._advance_after_fade = False
        self._pulse = None
        self._skipped = 0
        self._stalled = False
        self._too_large: set = set()
        self._underneath = Underneath(self)
        self.running = False
        with self.canvas.before:
            # Black until the first slide shows; out of the tree while a slide covers it.
            self._black = InstructionGroup()
        self._black.add(Callback(self._opaque_ground))
        self._black.add(Color(0, 0, 0, 1))
        self._black_rect = Rectangle()
        self._black.add(self._black_rect)
        self._black.add(Callback(blending))
        self._black_shown = True
        self._clear = None  # the window's clear colour while the loop clears it black
        for name in ("pos", "size"):
            self.fbind(name, self._place_black)
        self._update_cover = Clock.create_trigger(self._cover, -1)
        for name in ("opacity", "parent"):
            self.fbind(name, self._update_cover)
        self.fbind("parent", self._uncover_on_leave)
        for slide in self._own_slides:
            slide.fbind("opacity", self._update_cover)
            slide.fbind("parent", self._update_cover)

    def start(self, *, show_first: bool = True) -> None:
        """Start the loop from the first item; without ``show_first`` only the ground and the
        prompt show until :meth:`advance` (the kiosk's first frame, which must not wait for a
        picture's file to be hashed and decoded)."""
        self.stop()
        self._items = attract_items(self.controller.exhibition)
        if not self._items:
            return
        self.running = True
        self.index = -1
        self._skipped = 0
        self._stalled = False
        if self.animate:
            self._pulse = (Animation(glow=1.0, duration=PULSE_S, t="in_out_sine")
                           + Animation(glow=0.0, duration=PULSE_S, t="in_out_sine"))
            self._pulse.repeat = True
            self._pulse.start(self.prompt)
        if show_first:
            self.advance()

    def stop(self) -> None:
        """Stop the loop: cancel timers and animations, free decoders and textures."""
        self.running = False
        for event in (self._next_event, self._watchdog, self._forget_event):
            if event is not None:
                event.cancel()
        self._next_event = self._watchdog = self._forget_event = None
        self._old = None
        self._awaiting = None
        self._fading, self._advance_after_fade = None, False
        if self._pulse is not None:
            self._pulse.cancel(self.prompt)
            self._pulse = None
        self.prompt.glow = 0.0
        self.controller.attract_story = ""
        for slide in self.slides:
            Animation.cancel_all(slide)
            Animation.cancel_all(slide.picture)
            slide.video.unbind(has_frame=self._on_video_frame, on_end=self._on_video_end)
            slide.video.unload()
            slide.video.poster = ""
            slide.show_film(False)
            slide.picture.texture = None
            slide.opacity = 0
            self.remove_widget(slide)
        self._drop_prefetched()
        self._stalled = False
        self._cover()

    def settled(self) -> bool:
        """Return True while the loop holds what one still item needs and nothing more: the
        item on screen has faded in, the slide before it is put away, and the next picture is
        decoded (or the next item needs none). Two moments of this kind hold the same pictures
        for the same item, so the endurance run reads memory only then."""
        prefetched = self._prefetched
        return (self.running and self._fading is None and self._old is None and self._awaiting is None
                and self._watchdog is None and (prefetched is None or prefetched[2] is not _PENDING))

    def elements(self) -> list[Element]:
        """Return the loop's UI map: the whole window ends the loop (``attract``); on a story's
        slide it is also ``story:<id>``, the tap that opens that story."""
        width, height = int(Window.width), int(Window.height)
        label = tr("attract.prompt", "de") + " / " + tr("attract.prompt", "en")
        found = [Element("attract", label, 0, 0, width, height)]
        story = self.controller.attract_story
        if story:
            found.append(Element(f"story:{story}", self.slides[self._front].title, 0, 0, width, height))
        return found

    def on_lang(self, _screen, lang: str) -> None:
        """Let the slides on screen speak ``lang``."""
        for slide in self.slides:
            if slide.parent is self:
                slide.label(lang)

    def advance(self, *_args) -> None:
        """Show the next item (wrapping around; each wrap counts one attract cycle)."""
        if not self.running:
            return
        # Called by its own timer, by a video's end or by hand: never leave a second timer.
        for event in (self._next_event, self._watchdog):
            if event is not None:
                event.cancel()
        self._next_event = self._watchdog = None
        self._awaiting = None
        if self._fading is not None:
            # A film that ended while it still faded in: the slide under it is the ground of
            # that fade, and taking it for the next item now would show black.
            self._advance_after_fade = True
            return
        index = (int(self.index) + 1) % len(self._items)
        if index == 0 and self.index >= 0:
            self.controller.note_attract_cycle(still_in=FADE_S + 0.1)  # after the cross-fade
        self.index = index
        item = self._items[index]
        front = self.slides[self._front]
        back = self.slides[1 - self._front]
        # One decoder at a time: the outgoing video stops but keeps its last frame on screen.
        front.video.unload(keep_frame=True)
        if self._old is back and self._forget_event is not None:
            # The slide is reused before it was put away (the item in between was shorter than
            # a fade): putting it away now would unload the film about to start on it.
            self._forget_event.cancel()
            self._forget_event = self._old = None
        back.item = item
        back.label(self.controller.lang)
        texture = self._texture_for(item.path) if item.kind == "image" else None
        if texture is _PENDING:
            self._awaiting = index  # the picture is being decoded: _on_decoded shows it
            return
        self._show(index, texture)

    def _show(self, index: int, texture) -> None:
        """Show item ``index`` on the back slide with ``texture`` (images), or skip it."""
        item = self._items[index]
        back = self.slides[1 - self._front]
        if not self._ready(item, texture):
            return
        if item.kind == "video":
            back.picture.texture = None
            # The slide may still hold the last frame of its previous film (kept when it was
            # left, and not yet forgotten if the item in between was short): without this the
            # new film's first frame would not change has_frame and the loop would wait for
            # the watchdog.
            back.video.unload()
            back.show_film(True)
            back.video.source = str(item.path)
            # One watch each: the slide may still carry those of a film the loop left before
            # its first frame, and two would fade this one in twice.
            for name, watch in (("has_frame", self._on_video_frame), ("on_end", self._on_video_end)):
                back.video.funbind(name, watch)
                back.video.fbind(name, watch)
            back.video.play()
            self._watchdog = Clock.schedule_once(self._skip_stuck_video, FIRST_FRAME_TIMEOUT_S)
        else:
            back.video.unload()
            # A video view with a source paints black until its first frame: clear it, or
            # a film that ended without a frame would cover this image.
            back.video.source = ""
            back.show_film(False)
            back.picture.texture = texture
            self._fade_in(back, item)
        self._prefetch(index + 1)

    def _ready(self, item: AttractItem, texture) -> bool:
        """Return True if ``item`` can show now; otherwise skip it, or wait if nothing can."""
        if item.kind == "video" and not self.controller.can_play(item):
            if item.path not in self._too_large:  # once: the validator named the fix already
                self._too_large.add(item.path)
                log.warning("attract loop: video %s is above the hardware's limits, skipping it", item.path)
            ready = False
        elif item.kind == "video" and Path(item.path).is_file():
            ready = True
        elif item.kind == "video":
            log.warning("attract loop: video %s is gone, skipping it", item.path)
            ready = False
        else:
            ready = texture is not None
        if ready:
            self._skipped = 0
            return True
        self._skipped += 1
        if self._skipped < len(self._items):
            self._next_event = Clock.schedule_once(self.advance, 0)
        else:
            # Nothing is ready: the current picture stays until an image build finishes.
            self._skipped = 0
            self._stalled = True
        self._prefetch(int(self.index) + 1)
        return False

    def _texture_for(self, path: Path):
        """Return the picture of ``path``: its texture, None if it cannot show now, or
        :data:`_PENDING` while it is being decoded."""
        if self._prefetched is None or self._prefetched[0] != str(path):
            self._load(path)
        found = self._prefetched
        if found is not None and found[0] == str(path) and found[2] is _PENDING:
            return _PENDING
        self._prefetched = None
        return found[1] if found is not None and found[0] == str(path) else None

    def _load(self, path: Path) -> None:
        """Start decoding the window-sized copy of ``path`` if it is built (else build it)."""
        self._drop_prefetched()
        found = media.request(path, "fullscreen", self._on_image_ready)
        if found is None:
            return
        if media.is_placeholder(found):
            log.warning("attract loop: %s does not decode, skipping it", path)
            return
        self._prefetched = [str(path), None, _PENDING, None]
        self._prefetched[3] = decode(found, lambda texture, key=str(path): self._on_decoded(key, texture))

    def _drop_prefetched(self) -> None:
        """Forget the picture decoded ahead; a decode not started yet is not done at all (the
        loop moved on faster than the worker, as when it is advanced by hand)."""
        if self._prefetched is not None and self._prefetched[3] is not None:
            self._prefetched[3].cancel()
        self._prefetched = None

    def _on_decoded(self, key: str, texture) -> None:
        found = self._prefetched
        if not self.running or found is None or found[0] != key or found[2] is not _PENDING:
            return  # the loop moved on, or stopped, while this picture was decoded
        found[1], found[2] = texture, None
        if texture is None:
            log.warning("attract loop: cannot load %s, skipping it", key)
        waiting = self._awaiting
        if waiting is not None and str(self._items[waiting].path) == key:
            self._awaiting = None
            self._prefetched = None
            self._show(waiting, texture)

    def _on_image_ready(self, _source: Path, _path: Path) -> None:
        if self._stalled and self.running:
            self._stalled = False
            self.advance()

    def _prefetch(self, index: int) -> None:
        item = self._items[index % len(self._items)]
        if item.kind == "image":
            self._load(item.path)

    def _on_video_frame(self, video, has_frame: bool) -> None:
        if not has_frame:
            return
        video.funbind("has_frame", self._on_video_frame)
        log.debug("attract loop: video %s showed its first frame after %.2f s", video.source,
                  video.seconds_since_play(), extra={"first_frame_s": video.seconds_since_play()})
        if self._watchdog is not None:
            self._watchdog.cancel()
            self._watchdog = None
        slide = self.slides[1 - self._front]
        self._fade_in(slide, self._items[int(self.index)])

    def _on_video_end(self, video) -> None:
        video.funbind("on_end", self._on_video_end)
        if self.running and self._next_event is None:
            self._next_event = Clock.schedule_once(self.advance, 0)

    def _skip_stuck_video(self, _dt) -> None:
        self._watchdog = None
        slide = self.slides[1 - self._front]
        log.warning("attract loop: video %s showed no frame, skipping it (%s)",
                    self._items[int(self.index)].path, slide.video.decoder_state())
        slide.video.funbind("has_frame", self._on_video_frame)
        slide.video.funbind("on_end", self._on_video_end)
        slide.video.unload()
        self._next_event = Clock.schedule_once(self.advance, 0)

    def _fade_in(self, slide: Slide, item: AttractItem) -> None:
        old = self.slides[self._front]
        self._front = self.slides.index(slide)
        # From the moment it starts to show, a touch opens the incoming slide's story.
        self.controller.attract_story = item.story.id if item.story else ""
        # The incoming slide goes on top of the outgoing one, under the prompt.
        self.remove_widget(slide)
        self.add_widget(slide, index=1)
        Animation.cancel_all(slide)
        if self.animate:
            slide.opacity = 0
            self._fading = Animation(opacity=1, duration=FADE_S, t="in_out_quad")
            self._fading.bind(on_complete=self._faded_in)
            self._fading.start(slide)
        else:
            slide.opacity = 1
        hold = item.duration if item.duration else (IMAGE_S if item.kind == "image" else None)
        if item.kind == "image" and self.animate:
            Animation.cancel_all(slide.picture)
            drift = 1 if int(self.index) % 2 == 0 else -1
            slide.picture.zoom, slide.picture.pan = 1.0, [-0.6 * drift, 0.3]
            # Zooming shows a smaller part of the window-sized copy: the quad stays the window.
            Animation(zoom=KEN_BURNS_ZOOM, pan=[0.6 * drift, -0.3], duration=(hold or IMAGE_S) + FADE_S * 2,
                      t="linear").start(slide.picture)
        if self._next_event is not None:  # one timer, whoever shows the slide
            self._next_event.cancel()
            self._next_event = None
        if hold is not None:
            self._next_event = Clock.schedule_once(self.advance, hold + FADE_S)
        if self._forget_event is not None:
            self._forget_event.cancel()
        self._old = old
        if self.animate:
            self._forget_event = Clock.schedule_once(self._forget_old, FADE_S + 0.05)
        else:
            self._forget_old(0)  # no fade: the outgoing slide is covered already

    def _faded_in(self, _animation, _slide) -> None:
        self._fading = None
        if self._advance_after_fade:
            self._advance_after_fade = False
            self.advance()

    def _forget_old(self, _dt) -> None:
        old, self._old, self._forget_event = self._old, None, None
        if old is not None and old is not self.slides[self._front]:
            old.opacity = 0
            old.video.unload()
            old.show_film(False)
            Animation.cancel_all(old.picture)
            # A hidden slide still costs a full-screen fill per frame (Kivy draws opacity 0),
            # which on a weak GPU halves the loop's frame rate: take it out until its next fade.
            old.picture.texture = None
            self.remove_widget(old)

    # -- nothing underneath ------------------------------------------------------------

    def _opaque_ground(self, _instruction) -> None:
        """Copy the black ground's pixels instead of blending them while the loop is opaque:
        a software renderer then does not read back the whole window under it. (A running
        loop that covers the window has no quad at all: the window's clear is its ground, see
        :meth:`_cover`.) Fading in or out over a screen, the ground blends with the screen's
        picture, as the rest of the layer does."""
        if self.opacity >= 1:
            no_blending()

    def _place_black(self, *_args) -> None:
        self._black_rect.pos, self._black_rect.size = self.pos, self.size

    def _slide_covers(self) -> bool:
        """Return True if a slide in the loop is fully opaque: it covers the window by itself
        (an image covers it, a film slide paints black around its video)."""
        return any(slide.parent is self and slide.opacity >= 1
                   and (slide.picture.texture is not None or slide.video.parent is not None)
                   for slide in self.slides)

    def _cover(self, *_args) -> None:
        """Take what the loop hides out of the draw tree, or put it back when it shows again,
        and lay the black ground where no slide covers the window."""
        if self.parent is not None and self.opacity >= 1 and self.running:
            self._underneath.hide()
        else:
            self._underneath.show()
        self.covering = self._underneath.hidden
        # With nothing drawn under the loop, the window's clear is its black ground: the clear
        # is drawn anyway, while the full-window quad cost about 45 ms a frame on llvmpipe (the
        # start's first frame, the black between two items). Over a screen the quad is drawn.
        self._clear_black(self.covering)
        quad = not self.covering and not self._slide_covers()
        if quad != self._black_shown:
            if quad:
                self.canvas.before.insert(0, self._black)
            else:
                self.canvas.before.remove(self._black)
            self._black_shown = quad

    def _clear_black(self, black: bool) -> None:
        """Clear the window black, or back to the colour it had before."""
        if black and self._clear is None:
            self._clear = tuple(Window.clearcolor)
            Window.clearcolor = (0, 0, 0, 1)
        elif not black and self._clear is not None:
            Window.clearcolor, self._clear = self._clear, None

    def _uncover_on_leave(self, _screen, parent) -> None:
        # Taken out of its parent (the loop is over): the parent's canvas gets its screens back now.
        if parent is None:
            self._underneath.show()
            self.covering = False
            self._clear_black(False)


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
