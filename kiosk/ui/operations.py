"""What keeps the kiosk running unattended, on the UI thread: live content swaps, the staff
gesture, PIN pad and panel, opening hours, the keyboard lockdown and the systemd watchdog.

Content swaps: the :class:`~kiosk.services.watcher.ContentWatcher` reports from its thread;
the result is handed to the UI thread. Valid content waits until the visitor is on the home
screen or in the attract loop and then goes live in one frame through
:meth:`Controller.set_exhibition`; refused content is never shown, its validator lines stay
for the staff panel.

The staff gesture: five taps within three seconds in the top-left corner, left of and around
the "Start" button. Taps on a button do not count (hammering "Start" never opens anything)
and no tap is taken away from the visitor screens except the fifth, which opens the PIN pad.
"""

from __future__ import annotations

import logging
import os
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable

from kivy.clock import Clock
from kivy.core.window import Window

from kiosk.services import pinguard
from kiosk.services.imagecache import WarmResult
from kiosk.services.settings import WEEKDAYS, MachineSettings, OpeningHours
from kiosk.ui import media
from kiosk.ui.theme import theme
from kiosk.ui.widgets.staff import ClosedSign, PinPad, StaffPanel, TestPattern

log = logging.getLogger(__name__)

GESTURE_TAPS = 5
"""Taps in the corner that open the PIN pad ..."""
GESTURE_WINDOW_S = 3.0
"""... within this many seconds."""
GESTURE_ZONE = 120
"""Side of the corner zone in design pixels (scaled with the window, never under 60 px)."""
PIN_IDLE_S = 20.0
"""The PIN pad closes itself after this long without a touch."""
PIN_TICK_S = 1.0
"""How often a locked PIN pad counts its wait down."""
WRONG_PIN = "Falsche PIN. Bitte noch einmal."
"""The pad's line after a wrong PIN that does not lock it yet."""
PANEL_IDLE_S = 60.0
"""The staff panel (and the test pattern) close themselves after this long without a touch."""
HOURS_CHECK_S = 60.0
"""How often the opening hours are checked."""
HOURS_SHOWN_S = 8.0
"""How long a touch on the closed sign shows the opening hours."""
TEST_HOOK_POLL_S = 0.5
"""How often the test hooks look for their trigger files."""
FREEZE_ENV = "KIOSK_TEST_FREEZE_FILE"
"""Test hook: when the named file appears, the UI thread sleeps for ever (watchdog test)."""
CRASH_ENV = "KIOSK_TEST_CRASH_FILE"
"""Test hook: when the named file appears, the UI thread raises (crash test)."""
CLOSED_LINE = "Die Digitale Werkbank ist geschlossen. Öffnungszeiten: {hours}"
DAY_NAMES = dict(zip(WEEKDAYS, ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")))


def hours_text(hours: OpeningHours) -> str:
    """Return the opening hours in one line, consecutive days with the same hours grouped,
    e.g. ``Mo–Fr 09:00–18:00, Sa 10:00–14:00``."""
    groups: list[list] = []
    for day in WEEKDAYS:
        span = getattr(hours, day)
        if span is None:
            continue
        span = span.replace("-", "–").replace(" ", "")
        previous = WEEKDAYS[WEEKDAYS.index(day) - 1] if day != "mon" else None
        if groups and groups[-1][2] == span and groups[-1][1] == previous:
            groups[-1][1] = day
        else:
            groups.append([day, day, span])
    parts = [(DAY_NAMES[first] if first == last else f"{DAY_NAMES[first]}–{DAY_NAMES[last]}") + f" {span}"
             for first, last, span in groups]
    return ", ".join(parts) or "nach Vereinbarung"


class Operations:
    """Runs one kiosk shell unattended; see the module docstring.

    ``watcher`` (optional) is a ContentWatcher on the live content folder, not yet started;
    ``notifier`` a :class:`~kiosk.services.watchdog.Notifier`; ``recorder`` the statistics;
    ``on_exit`` is called when staff end the kiosk; ``now`` gives local time (tests).
    """

    def __init__(self, shell, controller, settings: MachineSettings, *, watcher=None, notifier=None,
                 recorder=None, content: Path | None = None, on_exit: Callable[[], None] | None = None,
                 now: Callable[[], datetime] = datetime.now) -> None:
        self.shell = shell
        self.controller = controller
        self.settings = settings
        self.watcher = watcher
        self.notifier = notifier
        self.recorder = recorder
        self.on_exit = on_exit
        self.now = now
        self.started_at = time.monotonic()
        self.live_folder = self._real(content or controller.exhibition.root)
        self.loaded_at = now()
        self.pending = None
        """A valid exhibition waiting for the visitor to reach home or the attract loop."""
        self.pending_folder = ""
        self.rejected: list[str] = []
        """The validator lines of the last refused content folder."""
        self.rejected_at: datetime | None = None
        self.closed = False
        """True outside the opening hours."""
        self.images: tuple[int, int] | None = None
        """``(done, total)`` of the latest image cache warming; None until it first reports."""
        self.images_failed: int | None = None
        """How many images of that warming became placeholders; None while it runs."""
        self._taps: list[float] = []
        self._events: list = []
        self._overlay = None
        self._overlay_idle_s = PANEL_IDLE_S
        self._idle_event = None
        self._hours_event = None
        self._pin_event = None
        self.pin_guard = pinguard.PinGuard(settings.resolved_data_dir() / pinguard.STATE_FILE,
                                           clock=self._epoch)
        """Wrong PINs in a row and the pad's lock, kept across reopenings and restarts."""
        self._prewarmed_size: tuple[int, int] | None = None
        self._panel_trigger = Clock.create_trigger(self._refresh_panel)
        self._size_trigger = Clock.create_trigger(self._on_window_size)
        self._closed_sign = ClosedSign()
        self._closed_sign.bind(on_activity=self._on_closed_touch)
        if watcher is not None:
            watcher.on_result = self._on_change_from_thread

    # -- life cycle ---------------------------------------------------------------------

    def start(self) -> None:
        """Lock the keyboard and window close, start watching, pinging and the hours check."""
        Window.bind(on_keyboard=self._on_keyboard, on_request_close=self._on_request_close,
                    on_touch_down=self._on_window_touch, size=self._size_trigger)
        self.controller.bind(on_navigate=self._on_navigate)
        if self.watcher is not None:
            self.watcher.start()
        self._prewarm(self.controller.exhibition)
        if self.notifier is not None:
            self._events.append(Clock.schedule_once(self._first_frame, 0))
            interval = self.notifier.watchdog_interval()
            if interval:
                self._events.append(Clock.schedule_interval(self._ping, interval))
        if self.settings.opening_hours is not None:
            self.check_hours()
            self._events.append(Clock.schedule_interval(self.check_hours, HOURS_CHECK_S))
        if os.environ.get(FREEZE_ENV) or os.environ.get(CRASH_ENV):
            self._events.append(Clock.schedule_interval(self._test_hooks, TEST_HOOK_POLL_S))
        self._status()

    def stop(self, *_args) -> None:
        """Undo :meth:`start`: stop watching, pinging and checking; tell systemd we are stopping."""
        if self.notifier is not None:
            self.notifier.stopping()
        for event in self._events:
            event.cancel()
        self._events = []
        self._cancel_idle()
        if self._hours_event is not None:
            self._hours_event.cancel()
        if self.watcher is not None:
            self.watcher.stop()
        Window.unbind(on_keyboard=self._on_keyboard, on_request_close=self._on_request_close,
                      on_touch_down=self._on_window_touch, size=self._size_trigger)
        self._size_trigger.cancel()
        self._panel_trigger.cancel()
        self.controller.unbind(on_navigate=self._on_navigate)
        self._close_overlay()
        if self._closed_sign.parent is not None:
            Window.remove_widget(self._closed_sign)

    # -- lockdown -----------------------------------------------------------------------

    def _on_keyboard(self, _window, key, *_args) -> bool:
        # A kiosk has no use for keys: Escape, Alt+F4 (without a window manager it is only a
        # key) and the function keys all end here, so Kivy's own key handling never runs.
        log.debug("key %s ignored", key)
        return True

    def _on_request_close(self, *_args, **_kwargs) -> bool:
        # The window manager's close (Alt+F4 with a WM, a close button): refuse it. Only the
        # staff panel and SIGTERM end the kiosk; neither goes through this request.
        log.info("window close request refused (the kiosk ends only from the staff panel or by SIGTERM)")
        return True

    # -- content swaps ------------------------------------------------------------------

    def _on_change_from_thread(self, change) -> None:
        # Called on the watcher's thread: hand over to the UI thread, touch nothing here.
        Clock.schedule_once(lambda _dt: self.receive(change), 0)

    def receive(self, change) -> None:
        """Take a settled content change on the UI thread: queue valid content, keep the
        validator lines of refused content (the live content stays as it is)."""
        if change.ok:
            self.pending = change.result.exhibition
            self.pending_folder = self._real(change.folder)
            log.info("new content from %s is ready; it goes live at the next home screen or attract loop",
                     self.pending_folder)
            self._prewarm(self.pending)
            self.apply_pending()
        else:
            self.rejected = [str(problem) for problem in change.result.problems]
            self.rejected_at = self.now()
            log.warning("content in %s refused; still showing %s", change.folder, self.live_folder)
        self._refresh_panel()
        self._status()

    def apply_pending(self) -> bool:
        """Put waiting content live if no visitor is in the middle of a story; return whether it did."""
        if self.pending is None:
            return False
        ctl = self.controller
        if ctl.screen not in ("home", "attract") and ctl.session_active:
            return False
        exhibition, self.pending = self.pending, None
        ctl.set_exhibition(exhibition)
        self.live_folder, self.pending_folder = self.pending_folder, ""
        self.loaded_at = self.now()
        self.rejected = []
        log.info("content from %s is live now", self.live_folder)
        self._refresh_panel()
        self._status()
        return True

    def _on_navigate(self, _controller, screen: str, _item: str) -> None:
        if screen in ("home", "attract"):
            self.apply_pending()
        self._status()

    def _prewarm(self, exhibition) -> None:
        """Let the media pipeline scale an exhibition's pictures ahead, in the background."""
        self.images, self.images_failed = None, None
        self._prewarmed_size = tuple(Window.size)
        media.prewarm(exhibition, self._prewarmed_size, on_progress=self._on_images_progress,
                      on_done=self._on_images_done)
        self._panel_trigger()

    def _on_window_size(self, *_args) -> None:
        # A new screen resolution needs new slot sizes (and install should warm for it). Content
        # that waits for the home screen goes live next, so it is warmed first; the live
        # exhibition's pictures on screen are built as they are shown meanwhile.
        if tuple(Window.size) != self._prewarmed_size:
            self._prewarm(self.pending or self.controller.exhibition)

    def _on_images_progress(self, done: int, total: int) -> None:
        self.images = (done, total)
        self._panel_trigger()

    def _on_images_done(self, result: WarmResult) -> None:
        self.images = (result.total, result.total)
        self.images_failed = result.failed
        self._panel_trigger()

    def images_line(self) -> str:
        """Return the staff panel's line about the image cache, e.g. "Bilder: 37 von 120 vorbereitet …"."""
        if self.images is None:
            return "Bilder: werden vorbereitet …"
        done, total = self.images
        if self.images_failed is None:
            return f"Bilder: {done} von {total} vorbereitet …"
        if self.images_failed:
            return (f"Bilder: {total - self.images_failed} von {total} vorbereitet, "
                    f"{self.images_failed} als Platzhalter (Gründe im Protokoll)")
        return f"Bilder: alle {total} vorbereitet"

    @staticmethod
    def _real(folder: Path) -> str:
        return os.path.realpath(folder)

    # -- staff gesture, PIN pad, panel --------------------------------------------------

    def _on_window_touch(self, _window, touch) -> bool:
        if self._overlay is not None:
            return False
        zone = max(60, GESTURE_ZONE * theme.s)
        in_zone = touch.x < zone and touch.y > Window.height - zone
        if not in_zone or self._on_button(touch):
            self._taps = []
            return False
        now = Clock.get_boottime()
        self._taps = [t for t in self._taps if now - t < GESTURE_WINDOW_S] + [now]
        if len(self._taps) < GESTURE_TAPS:
            return False
        self._taps = []
        self.open_pin()
        return True

    def _on_button(self, touch) -> bool:
        """Whether the touch lands on a visitor button (such taps never count for the gesture)."""
        if self.closed or self.controller.attract:
            return False
        y_top = Window.height - touch.y
        return any(e.x <= touch.x < e.x + e.w and e.y <= y_top < e.y + e.h for e in self.shell.elements())

    def open_pin(self) -> None:
        """Show the PIN pad (or, without a PIN, how to set one); locked while wrong PINs make
        the kiosk wait."""
        pad = PinPad(has_pin=self.settings.pin_hash is not None)
        pad.bind(on_submit=self._on_pin, on_cancel=self._close_overlay)
        self._show_overlay(pad, PIN_IDLE_S)
        self._pin_tick()
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
            # The pad closes, as it did before the guard; reopened, it shows the wait.
            self._close_overlay()
            return
        pad.message = WRONG_PIN

    def _pin_tick(self, *_args) -> None:
        """Lock the open pad and show the wait while the guard says so; unlock it after."""
        pad = self._overlay
        if not isinstance(pad, PinPad) or not pad.has_pin:
            return
        wait = self.pin_guard.wait_s()
        pad.locked = bool(wait)
        if wait:
            pad.message = pinguard.wait_text(wait)
            if self._pin_event is None:
                self._pin_event = Clock.schedule_interval(self._pin_tick, PIN_TICK_S)
            return
        if self._pin_event is not None:
            self._pin_event.cancel()
            self._pin_event = None
            pad.message = ""

    def _epoch(self) -> float:
        """Wall-clock seconds from ``now`` (tests set it), for the PIN guard's file."""
        return self.now().timestamp()

    def open_panel(self) -> None:
        """Show the staff panel (after the right PIN)."""
        panel = StaffPanel()
        panel.bind(on_action=self._on_action)
        self._show_overlay(panel, PANEL_IDLE_S)
        self._refresh_panel()

    def _on_action(self, _panel, name: str) -> None:
        log.info("staff action: %s", name)
        if name == "reload":
            if self.watcher is not None:
                self.watcher.reload()
            self._overlay.status_lines = self._overlay.status_lines + ["Inhalt wird neu geprüft …"]
        elif name == "attract":
            self._close_overlay()
            self.controller.enter_attract()
        elif name == "testpattern":
            pattern = TestPattern()
            pattern.bind(on_close=self._close_overlay)
            self._show_overlay(pattern, PANEL_IDLE_S)
        elif name == "exit":
            self._close_overlay()
            if self.on_exit is not None:
                self.on_exit()
        else:
            self._close_overlay()

    def _refresh_panel(self, *_args) -> None:
        panel = self._overlay
        if not isinstance(panel, StaffPanel):
            return
        uptime = timedelta(seconds=int(time.monotonic() - self.started_at))
        lines = [f"Live: {Path(self.live_folder).name}  ({self.live_folder})",
                 f"Geladen: {self.loaded_at:%d.%m.%Y %H:%M:%S}",
                 f"Laufzeit: {uptime}"]
        if self.pending is not None:
            lines.append(f"Wartet auf den Start-Bildschirm: {self.pending_folder}")
        if self.rejected_at is not None and self.rejected:
            lines.append(f"Abgelehnt: {self.rejected_at:%d.%m.%Y %H:%M:%S}")
        if self.closed:
            lines.append("Außerhalb der Öffnungszeiten")
        lines.append(self.images_line())
        panel.problems = self.rejected
        if self.recorder is None:
            lines.append("Statistik: aus")
            panel.today, panel.sessions = "", []
        else:
            lines.append(f"Statistik: {self.recorder.health or 'in Ordnung'}")
            counts = self.recorder.today_counts()
            panel.today = (f"Heute: {counts['sessions']} Besuche, {counts['screen_views']} Seitenaufrufe, "
                           f"{counts['qr_codes']} QR-Codes gezeigt")
            panel.sessions = [n for _day, n in self.recorder.daily_sessions(14)]
        panel.status_lines = lines

    def _show_overlay(self, overlay, idle_s: float) -> None:
        self._close_overlay()
        self._overlay = overlay
        overlay.bind(on_activity=self._restart_idle)
        self._overlay_idle_s = idle_s
        Window.add_widget(overlay)
        self.shell.overlay = overlay
        self._restart_idle()

    def _close_overlay(self, *_args) -> None:
        self._cancel_idle()
        if self._pin_event is not None:
            self._pin_event.cancel()
            self._pin_event = None
        overlay, self._overlay = self._overlay, None
        if overlay is not None and overlay.parent is not None:
            Window.remove_widget(overlay)
        self.shell.overlay = self._closed_sign if self.closed else None

    def _restart_idle(self, *_args) -> None:
        self._cancel_idle()
        if self._overlay is not None:
            self._idle_event = Clock.schedule_once(self._close_overlay, self._overlay_idle_s)

    def _cancel_idle(self) -> None:
        if self._idle_event is not None:
            self._idle_event.cancel()
            self._idle_event = None

    # -- opening hours ------------------------------------------------------------------

    def check_hours(self, *_args) -> None:
        """Go dark outside the opening hours and wake at opening time (called every minute)."""
        hours = self.settings.opening_hours
        should_close = hours is not None and not hours.is_open(self.now())
        if should_close and not self.closed:
            self._close_room(hours)
        elif self.closed and not should_close:
            self._open_room()

    def _close_room(self, hours: OpeningHours) -> None:
        log.info("outside the opening hours: the screen goes dark")
        self.closed = True
        ctl = self.controller
        ctl.enter_attract()  # wipes a visitor session and closes it in the statistics
        # No loop, no video decoding and no idle timer while the room is closed.
        self.shell.attract_layer.stop()
        ctl.stop()
        sign = self._closed_sign
        sign.hours = hours_text(hours)
        sign.line = CLOSED_LINE.format(hours=sign.hours)
        sign.hours_shown = False
        Window.add_widget(sign)
        if self._overlay is not None:  # staff keep their panel on top
            Window.remove_widget(self._overlay)
            Window.add_widget(self._overlay)
        else:
            self.shell.overlay = sign
        self._status()

    def _open_room(self) -> None:
        log.info("opening time: the attract loop starts")
        self.closed = False
        if self._closed_sign.parent is not None:
            Window.remove_widget(self._closed_sign)
        if self._overlay is None:
            self.shell.overlay = None
        self.controller.start()
        self.controller.enter_attract()
        self._status()

    def _on_closed_touch(self, sign) -> None:
        sign.hours_shown = True
        if self._hours_event is not None:
            self._hours_event.cancel()
        self._hours_event = Clock.schedule_once(self._hide_hours, HOURS_SHOWN_S)

    def _hide_hours(self, _dt) -> None:
        self._hours_event = None
        self._closed_sign.hours_shown = False

    # -- systemd and test hooks ---------------------------------------------------------

    def _first_frame(self, _dt) -> None:
        # Scheduled from on_start, this runs before the first frame is drawn: wait one more.
        self._events.append(Clock.schedule_once(self._ready, 0))

    def _ready(self, _dt) -> None:
        self.notifier.ready()
        self._status()
        log.info("kiosk is up: %s", self.live_folder)

    def _ping(self, _dt) -> None:
        self.notifier.ping()

    def _status(self) -> None:
        if self.notifier is None:
            return
        state = "geschlossen" if self.closed else self.controller.screen
        pending = ", neuer Inhalt wartet" if self.pending is not None else ""
        refused = ", letzter Inhalt abgelehnt" if self.rejected else ""
        self.notifier.status(f"{state}; Inhalt {Path(self.live_folder).name}{pending}{refused}")

    def _test_hooks(self, _dt) -> None:
        freeze, crash = os.environ.get(FREEZE_ENV), os.environ.get(CRASH_ENV)
        if freeze and Path(freeze).exists():
            log.warning("test hook: %s exists, the UI thread freezes now", freeze)
            while True:
                time.sleep(3600)
        if crash and Path(crash).exists():
            raise RuntimeError(f"test hook: {crash} exists, the kiosk crashes on purpose")
