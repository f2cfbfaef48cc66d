"""Content swaps: new content from the watcher goes live when no visitor is in the middle of a
story, and the image cache is warmed for what is shown next.

The :class:`~kiosk.services.watcher.ContentWatcher` reports from its thread; the report is
handed to the UI thread. Valid content waits in :attr:`Room.pending` until the visitor is on
the home screen or in the attract loop (:func:`kiosk.ui.rules.swap_allowed`) and then goes
live in one frame through :meth:`Controller.set_exhibition`; refused content is never shown,
its validator lines stay in :attr:`Room.rejected` for the staff panel.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Callable

from kivy.clock import Clock, mainthread
from kivy.core.window import Window

from kiosk.services.imagecache import WarmResult
from kiosk.services.watcher import ContentChange
from kiosk.ui import media
from kiosk.ui.rules import SWAP_SCREENS, swap_allowed

log = logging.getLogger(__name__)


class ContentSwaps:
    """Puts watched content live on ``room`` through ``controller``; ``now`` gives local time."""

    def __init__(self, room, controller, *, now: Callable[[], datetime] = datetime.now) -> None:
        self.room = room
        self.controller = controller
        self.now = now
        self._warmed_size: tuple[int, int] | None = None
        self._size_trigger = Clock.create_trigger(self._on_window_size)

    def start(self) -> None:
        """Follow the visitor's navigation and the window size, and warm the live content."""
        self.controller.bind(on_navigate=self._on_navigate)
        Window.bind(size=self._size_trigger)
        self._prewarm(self.controller.exhibition)

    def stop(self) -> None:
        """Undo :meth:`start`."""
        Window.unbind(size=self._size_trigger)
        self._size_trigger.cancel()
        self.controller.unbind(on_navigate=self._on_navigate)

    @mainthread
    def receive_from_watcher(self, change: ContentChange) -> None:
        """The watcher's ``on_result``: called on its thread, runs :meth:`receive` on the UI thread."""
        self.receive(change)

    def receive(self, change: ContentChange) -> None:
        """Take a settled content change: queue valid content (live at once if nobody reads a
        story), keep the validator lines of refused content; the live content stays as it is."""
        if change.ok:
            self.room.queue(change.result.exhibition, change.folder)
            log.info("new content from %s is ready; it goes live at the next home screen or attract loop",
                     self.room.pending_folder)
            self._prewarm(self.room.pending)
            self.apply_pending()
        else:
            self.room.refuse(change.result.problems, self.now())
            log.warning("content in %s refused; still showing %s", change.folder, self.room.live_folder)

    def apply_pending(self) -> bool:
        """Put waiting content live if no visitor is in the middle of a story; return whether it did."""
        ctl = self.controller
        if self.room.pending is None or not swap_allowed(ctl.screen, ctl.session_active):
            return False
        ctl.set_exhibition(self.room.go_live(self.now()))
        log.info("content from %s is live now", self.room.live_folder)
        return True

    def _on_navigate(self, _controller, screen: str, _item: str) -> None:
        if screen in SWAP_SCREENS:
            self.apply_pending()

    def _prewarm(self, exhibition) -> None:
        """Let the media pipeline scale an exhibition's pictures ahead, in the background."""
        self.room.restart_warming()
        self._warmed_size = tuple(Window.size)
        media.prewarm(exhibition, self._warmed_size, on_progress=self.room.warming, on_done=self._on_warmed)

    def _on_warmed(self, result: WarmResult) -> None:
        self.room.warmed(result.total, result.failed)

    def _on_window_size(self, *_args) -> None:
        # A new screen resolution needs new slot sizes (and install should warm for it). Content
        # that waits for the home screen goes live next, so it is warmed first; the live
        # exhibition's pictures on screen are built as they are shown meanwhile.
        if tuple(Window.size) != self._warmed_size:
            self._prewarm(self.room.pending or self.controller.exhibition)
