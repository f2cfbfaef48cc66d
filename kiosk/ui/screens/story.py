"""The story screen: one firm's story built around its picture or film.

Every story reads the same way: "Die Ausgangslage", "Die Lösung", "Was es gekostet hat",
"Was es gebracht hat". The media are the largest thing on the screen, at 16:9 and at least
half its width at 1080p landscape; a tap on them opens the full-screen viewer
(:class:`~kiosk.ui.widgets.viewer.MediaViewer`). The QR card under the media asks for
contact about this story and stands in the same place on every story; the providers who did
it are chips that open the provider screen. Under the title stand the story's key figures
(:class:`~kiosk.ui.widgets.figures.FigureRow`).

A long story steps down until it fits (:meth:`StoryScreen._fit`): smaller slot text, a
smaller title, then smaller media; only a story in large type that still does not fit
scrolls its text, while the media and the QR card stay where they are.
"""

from __future__ import annotations

from pathlib import Path

from kivy.clock import Clock
from kivy.lang import Builder
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty
from kivy.uix.widget import Widget

from kiosk.model.types import Medium
from kiosk.services.events import Screen
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.theme import theme
from kiosk.ui.widgets.common import AccentButton
from kiosk.ui.widgets.figures import FigureRow  # noqa: F401 - used in story.kv
from kiosk.ui.widgets.gallery import Gallery  # noqa: F401 - used in story.kv
from kiosk.ui.widgets.qrview import QRBlock  # noqa: F401 - used in story.kv
from kiosk.ui.widgets.scrollcolumn import ScrollColumn  # noqa: F401 - used in story.kv
from kiosk.ui.widgets.viewer import MediaViewer

SMALLER_MEDIA = (0.95, 0.9, 0.85, 0.8, 0.7, 0.6, 0.5)
"""The media's steps down in landscape for a story too long to fit beside them (in large type,
say), small enough that a story gives up little more than it needs."""


SCROLLING_MEDIA = 0.7
"""Landscape: the media's share of their full width on a story that scrolls even with the
smallest media. Scrolling anyway, the picture gets back some of its size, while the column
beside it stays wide enough for lines of a readable length."""

PORTRAIT_MEDIA_FLOOR = 0.5
"""Upright, the picture shrinks for a long story no further than this share of its full
height; a story that still does not fit scrolls instead."""


class ProviderChip(AccentButton):
    """A provider who took part in a story; tapping opens the provider screen."""

    provider = ObjectProperty(None)
    """The :class:`kiosk.model.types.Provider`."""

    controller = ObjectProperty(None, rebind=True)
    """The kiosk controller."""


class StoryScreen(KioskScreen):
    """See the module docstring."""

    qr_target = Screen.STORY

    story = ObjectProperty(None, allownone=True)
    """The :class:`kiosk.model.types.Story` shown."""

    gallery = ObjectProperty(None)
    """The media :class:`~kiosk.ui.widgets.gallery.Gallery` (set by kv)."""

    chips_box = ObjectProperty(None)
    """Container of the provider chips (set by kv)."""

    body = ObjectProperty(None)
    """The box under the navigation bar that holds the columns (set by kv)."""

    header = ObjectProperty(None)
    """The title and the company line (set by kv)."""

    slots = ObjectProperty(None)
    """The 2x2 grid of the four slots (set by kv)."""

    figures_row = ObjectProperty(None)
    """The :class:`~kiosk.ui.widgets.figures.FigureRow` under the title; out of the tree for a
    story without figures, so that it takes not even a gap (set by kv)."""

    chips_row = ObjectProperty(None)
    """"Umgesetzt mit" and the provider chips (set by kv)."""

    media_row = ObjectProperty(None)
    """Under the media: their bar (arrows, sound, caption) and the QR card (set by kv)."""

    scroll = ObjectProperty(None)
    """The :class:`~kiosk.ui.widgets.scrollcolumn.ScrollColumn` that holds :attr:`left` (set by kv)."""

    left = ObjectProperty(None)
    """The title, figures, slots and providers, inside :attr:`scroll` (set by kv)."""

    scrolls = BooleanProperty(False)
    """True when a story does not fit even after every step down (:meth:`_fit`): then
    :attr:`left` takes the height of its blocks and :attr:`scroll` scrolls it."""

    right = ObjectProperty(None)
    """The media with their bar and the QR card: right of the text in landscape, above it in
    portrait (set by kv)."""

    compact = BooleanProperty(False)
    """True when the slots use the smaller body size because the story is long."""

    tight = BooleanProperty(False)
    """True when, beyond :attr:`compact`, the title and company line are set smaller and the
    gaps between the blocks narrower."""

    media_scale = NumericProperty(1.0)
    """Landscape: the media's width as a share of :data:`kiosk.design.STORY_MEDIA`; below 1
    only when a story's texts do not fit beside the full-size media even in the smallest type."""

    viewing = BooleanProperty(False)
    """True while the full-screen viewer covers the story."""

    viewer = ObjectProperty(None, allownone=True)
    """The :class:`~kiosk.ui.widgets.viewer.MediaViewer`, made on the first tap on the media."""

    steps = NumericProperty(0)
    """How many steps down (:meth:`_fit`) have been taken on this screen: a story seen before
    in the same language, text size and window takes none, its fit is known."""

    def arrange(self, *_args) -> None:
        """Put the blocks where the window's orientation wants them (see story.kv)."""
        blocks = (self.header, self.slots, self.chips_row, self.gallery, self.media_row)
        for block in blocks:
            if block.parent is not None:
                block.parent.remove_widget(block)
        self.left.clear_widgets()
        self.right.clear_widgets()
        # Landscape: the media beside the text, on the right; portrait: above it, so that the
        # picture and the QR card stand still while a long story's text scrolls under them.
        self.body.remove_widget(self.right)
        self.body.add_widget(self.right, index=0 if theme.landscape else len(self.body.children))
        for block in (self.header, self.slots, self.chips_row):
            self.left.add_widget(block)
        self.right.add_widget(self.gallery)
        self.right.add_widget(self.media_row)
        if theme.landscape:
            # The spacer keeps the media at the top when a long story makes them smaller.
            self.right.add_widget(Widget())

    def stage_room(self, body_height: float, right_height: float, header: float, slots: float,
                   chips: float, media_row: float) -> float:
        """Return the tallest the picture may be: in landscape what its column leaves above
        the QR card; in portrait what the blocks under it leave of the screen's height, but
        never less than :data:`PORTRAIT_MEDIA_FLOOR` of its full height (the text scrolls then)."""
        if theme.landscape:
            return right_height - media_row
        body, left = self.body, self.left
        text = header + slots + chips + left.spacing * 2
        room = body_height - body.padding[1] - body.padding[3] - body.spacing - media_row - text
        return max(room, self.gallery.width * self.gallery.stage_ratio * PORTRAIT_MEDIA_FLOOR)

    def populate(self) -> None:
        """Show the story :attr:`item_id`: texts, provider chips, media from the first one."""
        self.close_viewer()
        self.arrange()
        self.scroll.to_top()
        controller = self.controller
        self._relax()
        self.story = controller.exhibition.story(self.item_id)
        row = self.figures_row
        if self.story.figures and row.parent is None:
            self.header.add_widget(row, index=0)
        elif not self.story.figures and row.parent is not None:
            self.header.remove_widget(row)
        self._show_chips(self.story.providers)
        self._use_known_fit()
        self.gallery.show_media(self.media(), self.story.id)

    def _show_chips(self, providers) -> None:
        """Show a chip for each of ``providers``, in order. The chips are reused from story to
        story (a story has one to three): a chip built per visit was garbage at the next, and
        its reference cycles made the collections that a tap could wait for."""
        box, role = self.chips_box, self.chip_role()
        shown = list(reversed(box.children))  # Kivy lists the last added first
        for chip in shown[len(providers):]:
            box.remove_widget(chip)
            self._spare_chips.append(chip)
        for index, provider in enumerate(providers):
            if index < len(shown):
                chip = shown[index]
            else:
                chip = self._spare_chips.pop() if self._spare_chips else ProviderChip(controller=self.controller)
                box.add_widget(chip)
            chip.provider, chip.role = provider, role

    def chip_role(self) -> str:
        """Return the type step of the provider chips' words: smaller on a tight story, so that
        two chips keep to one row beside "Umgesetzt mit" (they stay as tall as every touch target)."""
        return "caption" if self.tight else "body"

    def on_tight(self, *_args) -> None:
        """Set the provider chips' words to the size that :attr:`tight` asks for."""
        for chip in self.chips_box.children:
            chip.role = self.chip_role()

    def media(self) -> tuple[Medium, ...]:
        """Return the story's media, or its cover alone when it has none."""
        return self.story.media or (Medium(kind="image", path=self.story.cover),)

    def open_viewer(self) -> None:
        """Show the media full screen, from the one on display; the story's film stops."""
        if self.viewing or self.story is None:
            return
        if self.viewer is None:
            self.viewer = MediaViewer(controller=self.controller)
            self.viewer.bind(on_close=self._on_viewer_closed)
        index = int(self.gallery.index)
        self.gallery.stop()
        self.viewing = True
        self.add_widget(self.viewer)
        self.viewer.show(self.media(), self.story.id, index)

    def close_viewer(self) -> None:
        """Close the viewer if it is open (the story shows the medium the visitor got to)."""
        if self.viewer is not None and self.viewer.parent is not None:
            self.viewer.close()

    def _on_viewer_closed(self, viewer, index: int) -> None:
        if viewer.parent is self:
            self.remove_widget(viewer)
        self.viewing = False
        if self.story is not None and index != int(self.gallery.index):
            self.gallery.show_media(self.media(), self.story.id, index)

    def on_enter(self, *args) -> None:
        """Report the QR code shown, now and after each language switch; follow rotation."""
        theme.fbind("landscape", self._rearrange)
        theme.fbind("text_scale", self._refit)
        self.controller.fbind("lang", self._refit)
        super().on_enter(*args)

    def on_leave(self, *args) -> None:
        """Close the viewer, free the video decoder, stop following the language and the window."""
        super().on_leave(*args)
        theme.funbind("landscape", self._rearrange)
        theme.funbind("text_scale", self._refit)
        self.controller.funbind("lang", self._refit)
        self.close_viewer()
        self.gallery.stop()

    def _rearrange(self, *_args) -> None:
        self._relax()
        self.arrange()
        self._use_known_fit()

    def _refit(self, *_args) -> None:
        """Fit the story anew after a change of language, text size or screen size: as it
        would fit had the visitor opened it so, larger again where the texts got shorter."""
        if self.story is None:
            return
        self._relax()
        self._use_known_fit()
        self._fit_trigger()

    def _fit_key(self) -> tuple:
        return (self.story.id, self.controller.lang, theme.text_scale, theme.width, theme.height,
                self.width, self.height)

    def _use_known_fit(self) -> None:
        """Take the steps this story took before in this language, text size and screen at
        once, so that :meth:`_fit` has nothing left to try (each try lays out every text).
        Call it on the story at its full sizes (:meth:`_relax`): what :meth:`_fit` finds from
        there is what a fresh visit shows, and only that is kept."""
        key = self._fit_key()
        self._relaxed_for = key
        known = self._fits.get(key)
        if known is None or known[0] is not self.story:  # another exhibition's story of that id
            return
        _story, self.compact, self.tight, self.media_scale, self.scrolls, self.chips_row.orientation = known

    def _relax(self) -> None:
        self.compact = self.tight = self.scrolls = False
        self.media_scale = 1.0

    def __init__(self, **kwargs) -> None:
        # -1: before the next frame is drawn, so that no frame shows the story at the sizes
        # it had before the fit (the title and slots bind their type to compact and tight).
        self._fit_trigger = Clock.create_trigger(self._fit, -1)
        self._fits: dict[tuple, tuple] = {}
        """The fitted state by (story, language, text scale, window and screen size): what
        :meth:`_use_known_fit` restores."""
        self._spare_chips: list[ProviderChip] = []
        """Provider chips taken off a story with fewer providers, for the next one with more."""
        self._relaxed_for = None
        """The key of the state the steps down started from: a change the story did not
        start again for (a language switch while it is not shown) makes a fit not worth keeping."""
        super().__init__(**kwargs)
        # The screen's own size, not the window's: it follows the window a layout pass later.
        self.fbind("size", self._refit)

    def check_fit(self, *_args) -> None:
        """Check, once this frame's changes are made, whether a long story crowds the screen
        (:meth:`_fit`); bound to the layout's sizes, so it runs whenever layout or text change."""
        self._fit_trigger()

    def lay_out(self) -> None:
        """Lay the story out and fit it now (:meth:`_fit`), as its visit would on its first
        frame, so that the visit finds its fit known."""
        self.flush()
        self._fit()
        self._fit_trigger.cancel()

    def _crowded(self) -> bool:
        """Landscape: the text side is taller than its column. Portrait: the media had to
        shrink below full width, or the blocks are taller than the screen."""
        overflows = self.left.minimum_height > self.scroll.view.height + 1
        if theme.landscape:
            return overflows
        stage = self.gallery.stage
        return overflows or stage.height + 1 < self.gallery.width * self.gallery.stage_ratio

    def _step_down(self) -> bool:
        """Take the next step towards a story that fits; False when none is left, and the
        text column scrolls what does not fit."""
        if not self.compact:
            self.compact = True
        elif not self.tight:
            self.tight = True
        elif theme.landscape and any(scale < self.media_scale for scale in SMALLER_MEDIA):
            self.media_scale = next(scale for scale in SMALLER_MEDIA if scale < self.media_scale)
        else:
            return False
        self.steps += 1
        return True

    def _fit(self, *_args) -> None:
        """Step down while a long story crowds the screen: first the slots to the compact body
        size (24 px at 1080p), then the title and company line, then (landscape) the media to
        :data:`SMALLER_MEDIA`; what still does not fit scrolls, beside media at
        :data:`SCROLLING_MEDIA` (in large type, a visitor is better served by a column to
        scroll than by text set small again). It only ever steps
        down within a visit, so it cannot oscillate, and it takes all its steps at once, so the
        visitor never sees the story shrink.
        """
        if self.left is None or self.scroll is None or self.scroll.view.height <= 0 or self.scrolls:
            return  # a story that scrolls stays so until the next visit or turn of the screen
        self.flush()
        self.place_chips()
        while self._crowded() and self._step_down():
            self.flush()
            self.place_chips()
        if self._crowded():
            if theme.landscape:
                self.media_scale = max(self.media_scale, SCROLLING_MEDIA)
            self.scrolls = True
        if self.story is not None and self._relaxed_for == self._fit_key():
            self._fits[self._fit_key()] = (self.story, self.compact, self.tight, self.media_scale, self.scrolls,
                                           self.chips_row.orientation)

    def place_chips(self) -> None:
        """Put "Umgesetzt mit:" beside the provider chips when they all fit in one row beside
        it, else above them; then bring the layout up to date."""
        row, chips = self.chips_row, self.chips_box.children
        need = (self.ids.providers_label.width + theme.small_gap + sum(chip.width for chip in chips)
                + self.chips_box.spacing[0] * max(0, len(chips) - 1))
        orientation = "horizontal" if need <= row.width else "vertical"
        if row.orientation != orientation:
            row.orientation = orientation
            self.flush()


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
