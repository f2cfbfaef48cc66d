"""The room as observable state: what is live, what waits, what was refused, whether the room
is open, how far the image cache is, and how the statistics are.

:class:`Room` holds these facts as Kivy properties and nothing else. The behaviours in
:mod:`kiosk.ui.behaviours` change them; whoever shows them binds to them: the staff panel in
kv, systemd's status line in :mod:`kiosk.ui.behaviours.watchdog`. The texts derived from the
facts are alias properties over the pure rules in :mod:`kiosk.ui.rules`.
"""

from __future__ import annotations

import os
import time
from datetime import datetime
from pathlib import Path

from kivy.event import EventDispatcher
from kivy.properties import (AliasProperty, BooleanProperty, ListProperty, NumericProperty,
                             ObjectProperty, StringProperty)

from kiosk.ui import rules

SESSION_DAYS = 14
"""Days in the staff panel's chart of visitor sessions."""


class Room(EventDispatcher):
    """The state of one kiosk's room; see the module docstring."""

    live_folder = StringProperty("")
    """The real path of the content folder that is live."""

    loaded_at = ObjectProperty(None, allownone=True)
    """When the live content went live (local time), or None."""

    pending = ObjectProperty(None, allownone=True)
    """A valid exhibition waiting for the visitor to reach home or the attract loop, or None."""

    pending_folder = StringProperty("")
    """The real path of :attr:`pending`'s folder; empty while nothing waits."""

    checking = BooleanProperty(False)
    """True from a staff reload until the watcher reports on the folder."""

    rejected = ListProperty([])
    """The validator lines of the last refused content folder (empty: nothing refused)."""

    rejected_at = ObjectProperty(None, allownone=True)
    """When that folder was refused (local time), or None."""

    closed = BooleanProperty(False)
    """True outside the opening hours."""

    hours = StringProperty("")
    """The opening hours in one line (see :func:`kiosk.ui.rules.hours_text`); empty without hours."""

    images_done = NumericProperty(0)
    """Images the latest image cache warming has prepared so far."""

    images_total = ObjectProperty(None, allownone=True)
    """Images that warming prepares in all; None until it first reports."""

    images_failed = ObjectProperty(None, allownone=True)
    """Images of that warming that became placeholders; None while it runs."""

    health = StringProperty("aus")
    """What the statistics do: "aus", "in Ordnung" or the recorder's fault message."""

    today = StringProperty("")
    """Today's visitor numbers in one line; empty without statistics."""

    sessions = ListProperty([])
    """Visitor sessions per day of the last 14 days, oldest first; empty without statistics."""

    started_at = NumericProperty(0.0)
    """When the kiosk started, in monotonic seconds (the uptime counts from here)."""

    read_at = NumericProperty(0.0)
    """When the facts were last read for staff, in monotonic seconds (the uptime counts to here)."""

    def __init__(self, live_folder: Path | str, *, now: datetime, **kwargs) -> None:
        super().__init__(**kwargs)
        self.live_folder = os.path.realpath(live_folder)
        self.loaded_at = now
        self.started_at = self.read_at = time.monotonic()

    def _get_images_line(self) -> str:
        return rules.images_line(self.images_done, self.images_total, self.images_failed)

    images_line = AliasProperty(_get_images_line, bind=("images_done", "images_total", "images_failed"),
                                cache=True)
    """The staff panel's line about the image cache, e.g. "Bilder: 37 von 120 vorbereitet …"."""

    def _get_closed_line(self) -> str:
        return rules.closed_line(self.hours)

    closed_line = AliasProperty(_get_closed_line, bind=("hours",), cache=True)
    """The closed sign's dim line, with the opening hours."""

    def _get_status_lines(self) -> list[str]:
        return rules.panel_lines(
            live_folder=self.live_folder, loaded_at=self.loaded_at, uptime_s=self.read_at - self.started_at,
            pending_folder=self.pending_folder, checking=self.checking, rejected=bool(self.rejected),
            rejected_at=self.rejected_at, closed=self.closed, images=self.images_line, health=self.health)

    status_lines = AliasProperty(_get_status_lines, cache=True, bind=(
        "live_folder", "loaded_at", "started_at", "read_at", "pending_folder", "checking", "rejected",
        "rejected_at", "closed", "images_line", "health"))
    """The staff panel's status lines (see :func:`kiosk.ui.rules.panel_lines`)."""

    def read_statistics(self, recorder, *, counts: bool = True) -> None:
        """Read the uptime and the health of ``recorder`` (None: no statistics) for staff; with
        ``counts`` also today's numbers and the sessions per day (two database reads)."""
        self.read_at = time.monotonic()
        self.health = rules.health_text(recorder is not None, recorder.health if recorder is not None else None)
        if counts:
            self.today = rules.today_line(recorder.today_counts()) if recorder is not None else ""
            self.sessions = [n for _day, n in recorder.daily_sessions(SESSION_DAYS)] if recorder is not None else []

    def queue(self, exhibition, folder: Path | str) -> None:
        """Note valid content from ``folder`` that waits to go live."""
        self.pending_folder = os.path.realpath(folder)
        self.pending = exhibition
        self.checking = False

    def refuse(self, problems: list, at: datetime) -> None:
        """Note a refused content folder: its validator lines, and when."""
        self.rejected = [str(problem) for problem in problems]
        self.rejected_at = at
        self.checking = False

    def go_live(self, at: datetime):
        """Make the waiting content the live one; return its exhibition."""
        exhibition, self.pending = self.pending, None
        self.live_folder, self.pending_folder = self.pending_folder, ""
        self.loaded_at = at
        self.rejected = []
        return exhibition

    def warming(self, done: int, total: int) -> None:
        """Note the image cache warming's progress."""
        self.images_done, self.images_total = done, total

    def warmed(self, total: int, failed: int) -> None:
        """Note that the warming is done, with how many images became placeholders."""
        self.images_done, self.images_total, self.images_failed = total, total, failed

    def restart_warming(self) -> None:
        """Forget the image cache progress: a new warming begins."""
        self.images_done, self.images_total, self.images_failed = 0, None, None
