"""Full-window layers for staff and for closed hours: the PIN pad, the staff panel, the test
pattern and the "closed" sign.

Each layer is modal (it takes every touch, so nothing underneath reacts), names itself in the
UI map through ``overlay_name`` and reports every touch as ``on_activity`` so its owner can
close it after a quiet while. They hold no logic beyond their own drawing: the staff panel
and the closed sign bind to the :class:`~kiosk.ui.room.Room` in kv, and the behaviours in
:mod:`kiosk.ui.behaviours` show them (through the shell) and react to their events.
"""

from __future__ import annotations

from pathlib import Path

from kivy.graphics import Color, Line, Rectangle
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ListProperty, ObjectProperty, StringProperty
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.widget import Widget

from kiosk.ui.widgets.common import AccentButton, Backdrop, Tappable

PIN_MAX_DIGITS = 8
"""The longest PIN ``kiosk set-pin`` accepts."""


class Overlay(FloatLayout):
    """A modal full-window layer; see the module docstring. Event: ``on_activity()`` per touch."""

    __events__ = ("on_activity",)

    overlay_name = StringProperty("")
    """The screen name the UI map shows while this layer is on top."""

    def on_touch_down(self, touch):
        """Note activity and keep the touch away from what lies underneath."""
        self.dispatch("on_activity")
        super().on_touch_down(touch)
        return True

    def on_touch_move(self, touch):
        """Keep the touch away from what lies underneath."""
        super().on_touch_move(touch)
        return True

    def on_touch_up(self, touch):
        """Keep the touch away from what lies underneath."""
        super().on_touch_up(touch)
        return True

    def on_activity(self) -> None:
        """Default handler of ``on_activity``."""


class PadKey(AccentButton):
    """One big key of the PIN pad."""


class PinPad(Overlay):
    """Asks for the staff PIN. Events: ``on_submit(pin)`` and ``on_cancel()``.

    Without a stored PIN (``has_pin`` False) the digits are hidden and the pad says how to set one.
    """

    __events__ = ("on_submit", "on_cancel")

    has_pin = BooleanProperty(True)
    """False when no PIN is set: only the explanation and "Abbrechen" are shown."""

    entered = StringProperty("")
    """The digits typed so far (shown as dots)."""

    message = StringProperty("")
    """A line under the dots, e.g. "Falsche PIN"."""

    locked = BooleanProperty(False)
    """True while too many wrong PINs make the kiosk wait: the keys are off, ``message`` says
    how long."""

    def press(self, digit: str) -> None:
        """Add a digit (up to :data:`PIN_MAX_DIGITS`); nothing while locked."""
        if self.locked:
            return
        if len(self.entered) < PIN_MAX_DIGITS:
            self.entered += digit
        self.message = ""

    def delete(self) -> None:
        """Remove the last digit."""
        self.entered = self.entered[:-1]

    def submit(self) -> None:
        """Hand the digits to ``on_submit`` and clear them; nothing while locked."""
        if self.locked:
            return
        pin, self.entered = self.entered, ""
        self.dispatch("on_submit", pin)

    def cancel(self) -> None:
        """Dispatch ``on_cancel``."""
        self.entered = ""
        self.dispatch("on_cancel")

    def on_submit(self, pin: str) -> None:
        """Default handler of ``on_submit``."""

    def on_cancel(self) -> None:
        """Default handler of ``on_cancel``."""


class SessionChart(Widget):
    """A bar chart of visitor sessions per day, drawn with Kivy graphics (oldest day left)."""

    values = ListProperty([])
    """Sessions per day."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.fbind("pos", self._redraw)
        self.fbind("size", self._redraw)
        self.fbind("values", self._redraw)

    def _redraw(self, *_args) -> None:
        from kiosk.ui.theme import C

        self.canvas.clear()
        if not self.values or self.width <= 0:
            return
        top = max(max(self.values), 1)
        slot = self.width / len(self.values)
        bar = max(1.0, slot * 0.7)
        with self.canvas:
            Color(*C["line"])
            Rectangle(pos=(self.x, self.y), size=(self.width, max(1, self.height * 0.01)))
            Color(*C["accent"])
            for index, value in enumerate(self.values):
                height = self.height * 0.95 * value / top
                Rectangle(pos=(self.x + index * slot + (slot - bar) / 2, self.y), size=(bar, height))


class StaffPanel(Backdrop, Overlay):
    """The staff panel: what is live, what was refused, visitor numbers, and big actions.

    Event: ``on_action(name)`` with name ``reload``, ``usb``, ``attract``, ``testpattern``,
    ``exit`` or ``close``.
    """

    __events__ = ("on_action",)

    room = ObjectProperty(None, rebind=True)
    """The :class:`~kiosk.ui.room.Room` the panel shows; the properties below bind to it in kv."""

    usb = ObjectProperty(None, rebind=True, allownone=True)
    """The :class:`~kiosk.ui.behaviours.usb_install.UsbInstall` whose findings and outcome the
    panel shows, with the button "Vom USB-Stick installieren" while a stick holds content."""

    status_lines = ListProperty([])
    """Lines about the live content, uptime, statistics health and the image cache."""

    problems = ListProperty([])
    """The validator lines of the last install from a USB stick, if it left any, else those of
    the last refused content folder (empty: nothing refused)."""

    today = StringProperty("")
    """Today's visitor numbers in one line."""

    sessions = ListProperty([])
    """Sessions per day of the last 14 days, for the chart."""

    def scroll_problems(self, pages: float) -> None:
        """Scroll the problem list by ``pages`` screens (positive: down)."""
        view = self.ids.problems_view
        hidden = view.children[0].height - view.height
        if hidden <= 0:
            return
        step = pages * view.height / hidden
        view.scroll_y = min(1.0, max(0.0, view.scroll_y - step))

    def on_action(self, name: str) -> None:
        """Default handler of ``on_action``."""


class TestPattern(Overlay):
    """A full-window test pattern: grey steps, colour bars, a 1 px grid and corner markers.

    A tap anywhere closes it (``on_close``).
    """

    __events__ = ("on_close",)

    GRID = 40
    """Grid spacing in pixels."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.fbind("size", self._redraw)
        self.fbind("pos", self._redraw)

    def close(self) -> None:
        """Dispatch ``on_close``."""
        self.dispatch("on_close")

    def on_close(self) -> None:
        """Default handler of ``on_close``."""

    def _redraw(self, *_args) -> None:
        self.canvas.before.clear()
        x0, y0, w, h = self.x, self.y, self.width, self.height
        if w <= 0 or h <= 0:
            return
        with self.canvas.before:
            Color(0, 0, 0, 1)
            Rectangle(pos=self.pos, size=self.size)
            # Upper half: eight colour bars; lower half: eleven grey steps, black to white.
            bars = ((1, 1, 1), (1, 1, 0), (0, 1, 1), (0, 1, 0), (1, 0, 1), (1, 0, 0), (0, 0, 1), (0, 0, 0))
            for index, rgb in enumerate(bars):
                Color(*rgb, 1)
                Rectangle(pos=(x0 + index * w / len(bars), y0 + h / 2), size=(w / len(bars) + 1, h / 2))
            for index in range(11):
                Color(index / 10, index / 10, index / 10, 1)
                Rectangle(pos=(x0 + index * w / 11, y0), size=(w / 11 + 1, h / 2))
            Color(0.5, 0.5, 0.5, 1)
            for x in range(0, int(w), self.GRID):
                Rectangle(pos=(x0 + x, y0), size=(1, h))
            for y in range(0, int(h), self.GRID):
                Rectangle(pos=(x0, y0 + y), size=(w, 1))
            # Corner markers show whether the picture is cut off or shifted on the panel.
            Color(1, 0, 0, 1)
            arm, thick = min(w, h) / 10, 4
            for cx, cy, dx, dy in ((x0, y0, 1, 1), (x0 + w, y0, -1, 1), (x0, y0 + h, 1, -1),
                                   (x0 + w, y0 + h, -1, -1)):
                Line(points=[cx + dx * arm, cy + dy * thick / 2, cx + dx * thick / 2, cy + dy * thick / 2,
                             cx + dx * thick / 2, cy + dy * arm], width=thick / 2)


class ClosedSign(Overlay):
    """Outside the opening hours: near-black, one small dim line, nothing moving.

    A touch shows the opening hours larger for a few seconds (``hours_shown``); the owner
    turns it off again.
    """

    room = ObjectProperty(None, rebind=True)
    """The :class:`~kiosk.ui.room.Room` whose opening hours the sign shows (bound in kv)."""

    line = StringProperty("")
    """The dim line, e.g. "Die Digitale Werkbank ist geschlossen. Öffnungszeiten: …"."""

    hours = StringProperty("")
    """The opening hours, shown larger after a touch."""

    hours_shown = BooleanProperty(False)
    """True while the hours are shown after a touch."""


class CloseArea(Tappable, Widget):
    """An invisible tappable area (the whole test pattern) with a UI map id."""


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
