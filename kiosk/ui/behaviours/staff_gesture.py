"""The hidden staff gesture: five taps within three seconds in the top-left corner, left of and
around the "Start" button.

Taps on a button do not count (hammering "Start" never opens anything), and no tap is taken
away from the visitor screens except the fifth, which opens the PIN pad. The window hears
every touch before the shell does, so the gesture also works over the closed sign.
"""

from __future__ import annotations

from typing import Callable

from kivy.clock import Clock
from kivy.core.window import Window

from kiosk.ui.theme import theme

TAPS = 5
"""Taps in the corner that open the PIN pad ..."""
WINDOW_S = 3.0
"""... within this many seconds."""
ZONE = 120
"""Side of the corner zone in design pixels (scaled with the window, never under 60 px)."""


class StaffGesture:
    """Calls ``on_gesture`` after the gesture, unless ``busy()`` (a staff layer is open)."""

    def __init__(self, room, shell, controller, *, on_gesture: Callable[[], None],
                 busy: Callable[[], bool]) -> None:
        self.room, self.shell, self.controller = room, shell, controller
        self.on_gesture, self.busy = on_gesture, busy
        self._taps: list[float] = []

    def start(self) -> None:
        """Listen to the window's touches."""
        Window.bind(on_touch_down=self._on_window_touch)

    def stop(self) -> None:
        """Stop listening."""
        Window.unbind(on_touch_down=self._on_window_touch)
        self._taps = []

    def _on_window_touch(self, _window, touch) -> bool:
        if self.busy():
            return False
        zone = max(60, ZONE * theme.s)
        in_zone = touch.x < zone and touch.y > Window.height - zone
        if not in_zone or self._on_button(touch):
            self._taps = []
            return False
        now = Clock.get_boottime()
        self._taps = [t for t in self._taps if now - t < WINDOW_S] + [now]
        if len(self._taps) < TAPS:
            return False
        self._taps = []
        self.on_gesture()
        return True

    def _on_button(self, touch) -> bool:
        """Whether the touch lands on a visitor button (such taps never count)."""
        if self.room.closed or self.controller.attract:
            return False
        y_top = Window.height - touch.y
        return any(e.x <= touch.x < e.x + e.w and e.y <= y_top < e.y + e.h for e in self.shell.elements())
