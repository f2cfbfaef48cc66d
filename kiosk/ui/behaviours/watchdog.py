"""systemd's side of the room: READY after the first frame, watchdog pings from the UI thread's
clock (so a frozen UI thread stops them and systemd restarts the kiosk), and a status line
bound to the :class:`~kiosk.ui.room.Room` and the visitor's screen."""

from __future__ import annotations

import logging

from kivy.clock import Clock

from kiosk.ui.rules import systemd_status

log = logging.getLogger(__name__)

STATUS_FACTS = ("closed", "live_folder", "pending", "rejected")
"""The room's properties that systemd's status line shows."""


class Watchdog:
    """Tells ``notifier`` (a :class:`~kiosk.services.watchdog.Notifier`) how ``room`` is."""

    def __init__(self, room, controller, notifier) -> None:
        self.room, self.controller, self.notifier = room, controller, notifier
        self._events: list = []
        self._status_trigger = Clock.create_trigger(self._send_status)

    def start(self) -> None:
        """Say READY after the first frame, ping as systemd asks, and follow the room."""
        # Started from on_start, this runs before the first frame is drawn: wait one more.
        self._events.append(Clock.schedule_once(self._after_first_frame, 0))
        interval = self.notifier.watchdog_interval()
        if interval:
            self._events.append(Clock.schedule_interval(self._ping, interval))
        self.room.bind(**{fact: self._status_trigger for fact in STATUS_FACTS})
        self.controller.bind(screen=self._status_trigger)
        self._status_trigger()

    def stop(self) -> None:
        """Tell systemd the kiosk stops on purpose; stop pinging and following."""
        self.notifier.stopping()
        for event in self._events:
            event.cancel()
        self._events = []
        self.room.unbind(**{fact: self._status_trigger for fact in STATUS_FACTS})
        self.controller.unbind(screen=self._status_trigger)
        self._status_trigger.cancel()

    def _after_first_frame(self, _dt) -> None:
        self._events.append(Clock.schedule_once(self._ready, 0))

    def _ready(self, _dt) -> None:
        self.notifier.ready()
        self._send_status()
        log.info("kiosk is up: %s", self.room.live_folder)

    def _ping(self, _dt) -> None:
        self.notifier.ping()

    def _send_status(self, *_args) -> None:
        room = self.room
        self.notifier.status(systemd_status(screen=self.controller.screen, closed=room.closed,
                                            live_folder=room.live_folder, pending=room.pending is not None,
                                            rejected=bool(room.rejected)))
