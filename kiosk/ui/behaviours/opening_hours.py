"""Opening hours: outside them the room goes dark (a near-black sign with one dim line, no
attract loop, no video, no idle timer) and wakes by itself at opening time.

Checked once a minute against ``[opening_hours]`` in the machine settings
(:func:`kiosk.ui.rules.is_closed`); :attr:`Room.closed` says which way it went. A touch on the
sign shows the hours larger for a few seconds.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from kivy.clock import Clock

from kiosk.ui.rules import hours_text, is_closed
from kiosk.ui.shell import LAYER_CLOSED

if TYPE_CHECKING:  # the settings models are built only for a settings file that sets something
    from kiosk.services.settings import OpeningHours

log = logging.getLogger(__name__)

CHECK_S = 60.0
"""How often the opening hours are checked."""
HOURS_SHOWN_S = 8.0
"""How long a touch on the closed sign shows the opening hours."""


class OpeningHoursKeeper:
    """Closes and opens ``room`` by ``hours`` (None: always open); ``now`` gives local time."""

    def __init__(self, room, shell, controller, hours: OpeningHours | None, *,
                 now: Callable[[], datetime] = datetime.now) -> None:
        self.room, self.shell, self.controller, self.hours, self.now = room, shell, controller, hours, now
        self.sign = None
        """The closed sign (it binds to the room's hours in kv), made when the room first closes."""
        self._check_event = None
        self._shown_event = None
        room.hours = hours_text(hours) if hours is not None else ""

    def start(self) -> None:
        """Check now, then once a minute (nothing to do without opening hours)."""
        if self.hours is None:
            return
        self.check()
        self._check_event = Clock.schedule_interval(self.check, CHECK_S)

    def stop(self) -> None:
        """Stop checking and take the sign away."""
        for event in (self._check_event, self._shown_event):
            if event is not None:
                event.cancel()
        self._check_event = self._shown_event = None
        if self.sign is not None:
            self.shell.hide_overlay(self.sign)

    def check(self, *_args) -> None:
        """Go dark outside the opening hours and wake at opening time."""
        closed = is_closed(self.hours, self.now())
        if closed and not self.room.closed:
            self._close()
        elif self.room.closed and not closed:
            self._open()

    def _close(self) -> None:
        log.info("outside the opening hours: the screen goes dark")
        self.room.closed = True
        self.controller.enter_attract()  # wipes a visitor session and closes it in the statistics
        # No loop, no video decoding and no idle timer while the room is closed.
        self.shell.stop()
        self.controller.stop()
        if self.sign is None:
            # Imported at closing time: no start needs the sign's widgets and kv rules.
            from kiosk.ui.widgets.staff import ClosedSign

            self.sign = ClosedSign(room=self.room)
            self.sign.bind(on_activity=self._on_sign_touched)
        self.sign.hours_shown = False
        self.shell.show_overlay(self.sign, LAYER_CLOSED)

    def _open(self) -> None:
        log.info("opening time: the attract loop starts")
        self.room.closed = False
        self.shell.hide_overlay(self.sign)
        self.controller.start()
        self.controller.enter_attract()

    def _on_sign_touched(self, sign) -> None:
        sign.hours_shown = True
        if self._shown_event is not None:
            self._shown_event.cancel()
        self._shown_event = Clock.schedule_once(self._hide_hours, HOURS_SHOWN_S)

    def _hide_hours(self, _dt) -> None:
        self._shown_event = None
        self.sign.hours_shown = False
