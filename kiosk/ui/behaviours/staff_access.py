"""Staff access: the PIN pad with its guard against guessing, the staff panel and its actions.

The pad opens from the hidden gesture (:mod:`kiosk.ui.behaviours.staff_gesture`). The panel
shows the :class:`~kiosk.ui.room.Room` (it binds to it in kv); this module only has the room
read the statistics while the panel is open, and acts on the panel's buttons. Each of these
layers closes itself after a quiet while.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from kivy.clock import Clock

from kiosk.services import pinguard
from kiosk.ui.behaviours.usb_install import UsbInstall

if TYPE_CHECKING:  # the settings models are built only for a settings file that sets something
    from kiosk.services.settings import MachineSettings

log = logging.getLogger(__name__)


def _staff_widgets():
    """The staff layers' widgets, imported (with their kv rules) when staff first open one:
    no start needs them, and loading them took 20-30 ms of the first frame."""
    from kiosk.ui.widgets import staff

    return staff

PIN_IDLE_S = 20.0
"""The PIN pad closes itself after this long without a touch."""
PANEL_IDLE_S = 60.0
"""The staff panel (and the test pattern) close themselves after this long without a touch."""
TICK_S = 1.0
"""How often a locked PIN pad counts its wait down, and the open panel reads the uptime."""
WRONG_PIN = "Falsche PIN. Bitte noch einmal."


class StaffAccess:
    """Lets staff into ``room``'s panel on ``shell``; see the module docstring.

    ``recorder`` is the statistics (or None), ``reload`` asks the watcher to check the content
    folder again, ``on_exit`` ends the kiosk, ``now`` gives local time (tests).
    """

    def __init__(self, room, shell, controller, settings: MachineSettings, *, recorder=None,
                 reload: Callable[[], None] | None = None, on_exit: Callable[[], None] | None = None,
                 now: Callable[[], datetime] = datetime.now) -> None:
        self.room, self.shell, self.controller, self.settings = room, shell, controller, settings
        self.recorder, self.reload, self.on_exit, self.now = recorder, reload, on_exit, now
        self.pin_guard = pinguard.PinGuard(settings.resolved_data_dir() / pinguard.STATE_FILE, clock=self._epoch)
        """Wrong PINs in a row and the pad's lock, kept across reopenings and restarts."""
        self.layer = None
        """The PIN pad, staff panel or test pattern shown, or None."""
        self.usb = UsbInstall(settings, installed=self._usb_installed)
        """Content on USB sticks and its install, shown by the panel."""
        self._idle_s = PANEL_IDLE_S
        self._idle_event = None
        self._tick_event = None

    def stop(self) -> None:
        """Close whatever is open."""
        self.close()

    def is_open(self) -> bool:
        """Whether the PIN pad, the panel or the test pattern is shown."""
        return self.layer is not None

    # -- PIN pad ------------------------------------------------------------------------

    def open_pin(self) -> None:
        """Show the PIN pad (or, without a PIN, how to set one); locked while wrong PINs make
        the kiosk wait."""
        pad = _staff_widgets().PinPad(has_pin=self.settings.pin_hash is not None)
        pad.bind(on_submit=self._on_pin, on_cancel=self.close)
        self._show(pad, PIN_IDLE_S, self._pin_tick)
        log.info("staff gesture: PIN pad opened")

    def _on_pin(self, pad, pin: str) -> None:
        if self.pin_guard.wait_s():
            return  # a locked pad sends nothing; this stops an entry that slips through anyway
        if self.settings.check_pin(pin):
            self.pin_guard.succeeded()
            log.info("staff panel opened")
            self.open_panel()
            return
        if self.pin_guard.failed():
            # The pad closes; reopened, it shows the wait.
            self.close()
            return
        pad.message = WRONG_PIN

    def _pin_tick(self, *_args) -> None:
        """Lock the open pad and show the wait while the guard says so; unlock it after."""
        pad = self.layer
        if not isinstance(pad, _staff_widgets().PinPad) or not pad.has_pin:
            return
        wait = self.pin_guard.wait_s()
        if wait:
            pad.message = pinguard.wait_text(wait)
        elif pad.locked:
            pad.message = ""
        pad.locked = bool(wait)

    def _epoch(self) -> float:
        """Wall-clock seconds from ``now`` (tests set it), for the PIN guard's file."""
        return self.now().timestamp()

    # -- panel --------------------------------------------------------------------------

    def open_panel(self) -> None:
        """Show the staff panel (after the right PIN), with the statistics read afresh."""
        panel = _staff_widgets().StaffPanel(room=self.room, usb=self.usb)
        panel.bind(on_action=self._on_action)
        self.room.read_statistics(self.recorder)
        self._show(panel, PANEL_IDLE_S, self._panel_tick)

    def _panel_tick(self, *_args) -> None:
        self.room.read_statistics(self.recorder, counts=False)
        self.usb.scan()  # a stick plugged in while the panel is open shows within a second or two

    def _usb_installed(self) -> None:
        """Have the watcher look at the live link at once, instead of at its next round."""
        if self.reload is not None:
            self.room.checking = True
            self.reload()

    def _on_action(self, _panel, name: str) -> None:
        log.info("staff action: %s", name)
        if name == "reload":
            self.room.checking = self.reload is not None
            if self.reload is not None:
                self.reload()
        elif name == "usb":
            self.usb.install()
        elif name == "testpattern":
            pattern = _staff_widgets().TestPattern()
            pattern.bind(on_close=self.close)
            self._show(pattern, PANEL_IDLE_S)
        else:
            self.close()
            if name == "attract":
                self.controller.enter_attract()
            elif name == "exit" and self.on_exit is not None:
                self.on_exit()

    # -- the layer shown ----------------------------------------------------------------

    def _show(self, layer, idle_s: float, tick: Callable | None = None) -> None:
        """Show ``layer`` on the shell, close it after ``idle_s`` without a touch, and call
        ``tick`` now and every second while it shows."""
        self.close()
        self.layer = layer
        layer.bind(on_activity=self._restart_idle)
        self._idle_s = idle_s
        self.shell.show_overlay(layer)
        self._restart_idle()
        if tick is not None:
            tick()
            self._tick_event = Clock.schedule_interval(tick, TICK_S)

    def close(self, *_args) -> None:
        """Close the PIN pad, panel or test pattern, if one is open."""
        for event in (self._idle_event, self._tick_event):
            if event is not None:
                event.cancel()
        self._idle_event = self._tick_event = None
        layer, self.layer = self.layer, None
        if layer is not None:
            self.shell.hide_overlay(layer)

    def _restart_idle(self, *_args) -> None:
        if self._idle_event is not None:
            self._idle_event.cancel()
        self._idle_event = Clock.schedule_once(self.close, self._idle_s) if self.layer is not None else None
