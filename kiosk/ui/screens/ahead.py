"""First visits prepared on idle frames: every story and info page is filled into its screen
once, while another screen shows, so that its visit finds its texts rendered and its fit known.

The story screen and the page screen are one screen each, refilled per story or page, so a
first visit used to render about 20 labels, lay them out, fit a long story (several layout
passes) and load its picture, all in the frame after the tap. :class:`Ahead` does that on
idle frames instead, one item a frame, through :meth:`KioskScreen.prepare
<kiosk.ui.screens.base.KioskScreen.prepare>`: the labels' textures go to
:data:`~kiosk.ui.widgets.keptlabels.kept_textures`, a story's fit to the story screen's own
record of fits, and the picture to Kivy's image cache (for its 60 s).

It waits while a finger is on the glass and while a screen change fades (those frames are
the visitor's), and never touches the screen on show; it prepares again for a new language,
text size or window, and forgets the kept textures of an exhibition that was swapped out. A
kiosk that stopped (its screens left the window) prepares nothing: its steps would wait every
frame for screens that are no longer built, and its textures would push a running kiosk's
out of the shared store.
"""

from __future__ import annotations

import logging

from kivy.base import EventLoop
from kivy.clock import Clock

from kiosk.ui.theme import theme
from kiosk.ui.widgets.keptlabels import kept_textures

log = logging.getLogger(__name__)


class Ahead:
    """Prepares the story and page screens of ``manager`` for every item of the controller's
    exhibition on idle frames (see the module docstring). :meth:`start` (again) whenever the
    items may need it; it skips what it prepared for the same language, text size and window.
    """

    def __init__(self, manager, controller) -> None:
        self.manager = manager
        self.controller = controller
        self.prepared: dict[tuple, list[tuple]] = {}
        """(screen, item, language, text scale, window size) of every item prepared, with the
        keys of the label textures it keeps: an item whose textures the store has dropped since
        (its bounds, or a swap seen by another preparer) counts as not prepared."""
        self._exhibition = None
        self._queue: list[tuple[str, str]] = []
        self._event = None

    def items(self) -> list[tuple[str, str]]:
        """Return (screen, item id) of everything to prepare: the stories as home lists them
        (the filtered ones first), then the info pages."""
        exhibition = self.controller.exhibition
        shown = [story.id for story in self.controller.filtered_stories()]
        rest = [story.id for story in exhibition.stories if story.id not in shown]
        return [("story", item) for item in shown + rest] + [("page", page.id) for page in exhibition.pages]

    def _context(self) -> tuple:
        # The screens' size, not the window's: right after a resize the manager may not be laid
        # out yet, and what was prepared at its old size would never match a visit's texts.
        return self.controller.lang, theme.text_scale, tuple(self.manager.size)

    def start(self, *_args) -> None:
        """Prepare, from the next idle frame on, every item not yet prepared as it would show now
        (nothing while the screens are out of the window)."""
        if not self._in_window():
            self.stop()
            return
        exhibition = self.controller.exhibition
        if exhibition is not self._exhibition:  # a swap: the old texts will not come back
            self._exhibition = exhibition
            self.prepared.clear()
            kept_textures.clear()
        context = self._context()
        self._queue = [item for item in self.items() if not self._still_kept(item + context)]
        self._schedule()

    def _in_window(self) -> bool:
        return self.manager.get_root_window() is not None

    def _still_kept(self, prepared: tuple) -> bool:
        keys = self.prepared.get(prepared)
        return keys is not None and all(key in kept_textures for key in keys)

    def stop(self) -> None:
        """Prepare nothing more until the next :meth:`start`."""
        self._queue = []
        if self._event is not None:
            self._event.cancel()
            self._event = None

    @property
    def busy(self) -> bool:
        """True while items wait to be prepared."""
        return bool(self._queue)

    def _schedule(self) -> None:
        if self._queue and self._event is None:
            self._event = Clock.schedule_once(self._step, 0)

    def _step(self, _dt) -> None:
        self._event = None
        manager = self.manager
        if not self._in_window() or self.controller.exhibition is not self._exhibition:
            self._queue = []  # the kiosk stopped, or its screens were replaced (a content swap)
            return
        if not self._queue:
            return
        name, item = self._queue[0]
        # Wait while a finger is on the glass (Kivy runs the frame's Clock events before its
        # input, so a step in the frame of the lift would come before the tap's screen), for a
        # fade to end, and for the lazy builder to make the screen.
        if EventLoop.touches or manager.transition.is_active or not manager.has_screen(name):
            self._schedule()
            return
        self._queue.pop(0)
        screen = manager.get_screen(name)
        if screen.parent is not None:  # on show: left for the next start, after it leaves
            self._schedule()
            return
        kept = screen.prepare(item, manager.size)
        self.prepared[(name, item) + self._context()] = kept
        log.debug("prepared %s %s ahead: %d label textures kept", name, item, len(kept))
        self._schedule()
