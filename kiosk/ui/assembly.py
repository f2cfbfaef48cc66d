"""One assembly: :class:`Kiosk` builds the running kiosk from an exhibition, the machine
settings and the content folder, and starts and stops its parts in one order.

``kiosk run`` (through :func:`kiosk.ui.launch.run_app`), ``kiosk snapshot``, the UI tests, the
soak and the benchmarks all build their kiosk here, so they drive the wiring production runs.
Import this module only after :func:`kiosk.ui.launch.configure_kivy`: it opens the window.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kivy.app import App
from kivy.clock import Clock
from kivy.core.window import Window

from kiosk.services.content_ops import video_profile
from kiosk.services.display import Rect
from kiosk.services.settings import defaults
from kiosk.services.stats import StatsRecorder, database_path
from kiosk.services.watchdog import Notifier
from kiosk.services.watcher import ContentWatcher
from kiosk.ui.behaviours.content_swaps import ContentSwaps
from kiosk.ui.behaviours.lockdown import Lockdown
from kiosk.ui.behaviours.opening_hours import OpeningHoursKeeper
from kiosk.ui.behaviours.staff_access import StaffAccess
from kiosk.ui.behaviours.staff_gesture import StaffGesture
from kiosk.ui.behaviours.watchdog import Watchdog
from kiosk.ui.controller import Controller
from kiosk.ui.launch import EXIT_STAFF, check_window
from kiosk.ui.prebuild import Prebuild
from kiosk.ui.room import Room
from kiosk.ui.shell import Shell
from kiosk.ui.theme import register_fonts, theme

if TYPE_CHECKING:
    from kiosk.services.settings import DefaultSettings, MachineSettings

log = logging.getLogger(__name__)


class Kiosk:
    """The running kiosk: controller, shell, room and the behaviours acting on it, content
    watcher, statistics recorder and systemd notifier.

    ``settings`` are the machine settings (default: all defaults). ``folder`` is the live
    content folder, watched for new content (None: nothing is watched); ``watch_from`` the
    folder's :func:`~kiosk.services.watcher.signature` taken before the exhibition was
    validated, and ``refused`` says the folder was refused and a last good exhibition shows,
    so the watcher checks it again at once. ``record`` keeps visitor statistics in the data
    dir. ``lang``, ``idle_timeout``, ``ui_map`` and ``animate`` go to the controller and the
    shell; ``screen`` is the screen the window must cover (from
    :func:`~kiosk.ui.launch.configure_kivy`), checked once it shows. For tests and tools: ``recorder``, ``watcher`` and ``notifier`` stand in for the
    real ones, ``on_exit`` for ending the app, ``now`` for the local time.
    """

    def __init__(self, exhibition, settings: MachineSettings | DefaultSettings | None = None, *, folder: Path | None = None,
                 watch_from: tuple | None = None, refused: bool = False, record: bool = False,
                 lang: str | None = None, idle_timeout: float | None = None, ui_map: Path | None = None,
                 animate: bool = True, screen: Rect | None = None, recorder=None, watcher=None, notifier=None,
                 on_exit: Callable[[], None] | None = None, now: Callable[[], datetime] = datetime.now) -> None:
        settings = settings or defaults()
        profile = video_profile(settings)
        self.exit_code = 0
        """The process exit code once the kiosk has stopped: 0, or EXIT_STAFF."""
        self.statistics = (StatsRecorder(database_path(settings.resolved_data_dir()),
                                         retention_days=settings.stats_retention_days) if record else None)
        """The recorder this kiosk opens and closes itself (with ``record``)."""
        self.recorder = recorder or self.statistics
        self.controller = Controller(exhibition, recorder=self.recorder, lang=lang, idle_timeout=idle_timeout,
                                     video_profile=profile)
        register_fonts()
        theme.attach(Window)
        self.shell = Shell(controller=self.controller, ui_map=ui_map)
        self.shell.animate = animate
        self.prebuild = Prebuild(self.controller)
        self.room = Room(folder or exhibition.root, now=now())
        self.content_swaps = ContentSwaps(self.room, self.controller, now=now)
        if watcher is None and folder is not None:
            # The staff panel, which shows the problems of refused content, is German.
            watcher = ContentWatcher(folder, on_result=self.content_swaps.receive_from_watcher, profile=profile,
                                     loaded=watch_from, lang="de")
        self.watcher = watcher
        self.refused = refused
        self.staff_access = StaffAccess(self.room, self.shell, self.controller, settings, recorder=self.recorder,
                                        reload=watcher.reload if watcher is not None else None,
                                        on_exit=on_exit or self.end_by_staff, now=now)
        self.staff_gesture = StaffGesture(self.room, self.shell, self.controller,
                                          on_gesture=self.staff_access.open_pin, busy=self.staff_access.is_open)
        self.opening_hours = OpeningHoursKeeper(self.room, self.shell, self.controller, settings.opening_hours,
                                                now=now)
        self.lockdown = Lockdown()
        self.watchdog = Watchdog(self.room, self.controller, notifier or Notifier())
        self.screen = screen
        self.unattended = False
        """Whether :meth:`start` started the behaviours too."""
        self._placed = False
        self._later_event = None

    def start(self, *, unattended: bool = True) -> None:
        """Start the kiosk, in this order:

        1. the statistics, so the first touch is recorded;
        2. the shell in the window (an App has put it there already), a check that the window
           covers the screen, the idle timer, the UI map, and after the first frame the work
           taps would otherwise wait for (:mod:`kiosk.ui.prebuild`);

        and ``unattended`` (what ``kiosk run`` does; snapshots, benchmarks and most UI tests
        drive the visitor side by hand and skip these):

        3. the keyboard lockdown;
        4. the staff gesture;
        5. the opening hours, which may close the room at once;
        6. systemd's READY, watchdog pings and status line;
        7. the attract loop, unless the room is closed: a restart greets the room the same way;
        8. in the frame after the first one: content swaps (pre-warming the live content's
           pictures), then the watcher. Both work on threads of their own, which would take
           the CPU the first frame needs; the watcher compares with the folder as it was
           before it was validated, so a change meanwhile is still seen;

        and last the visitor screens: only what the first frame shows now (home, unless the
        attract loop covers it), the others one per frame after it (:meth:`Shell.start`).
        """
        if self.statistics is not None:
            self.statistics.start()
        if self.shell.parent is None:
            Window.add_widget(self.shell)
            self._placed = True
        check_window(self.screen)
        self.controller.start()
        self.shell.schedule_map()
        self.prebuild.start()
        self.unattended = unattended
        if unattended:
            self._start_unattended()
        self.shell.start()

    def _start_unattended(self) -> None:
        """Steps 3 to 8 of :meth:`start`."""
        self.lockdown.start()
        self.staff_gesture.start()
        self.opening_hours.start()
        self.watchdog.start()
        if not self.room.closed:
            self.controller.enter_attract()
        Window.fbind("on_flip", self._after_first_frame)

    def _after_first_frame(self, *_args) -> None:
        Window.funbind("on_flip", self._after_first_frame)
        # In the next frame, not in this one's flip, which is still the first frame's time.
        self._later_event = Clock.schedule_once(self._start_later, 0)

    def _start_later(self, _dt) -> None:
        """Step 8 of :meth:`start`."""
        self._later_event = None
        self.content_swaps.start()
        if self.watcher is not None:
            self.watcher.start()
            if self.refused:
                self.watcher.reload()  # the refused folder's problems reach the log and the staff panel

    def stop(self) -> None:
        """Stop the kiosk, in the reverse order of :meth:`start`: systemd hears first that the
        stop is on purpose, the statistics close last with the visitor's session."""
        Window.funbind("on_flip", self._after_first_frame)
        if self._later_event is not None:
            self._later_event.cancel()
            self._later_event = None
        if self.unattended:
            self.watchdog.stop()
            self.opening_hours.stop()
            self.staff_gesture.stop()
            self.staff_access.stop()
            if self.watcher is not None:
                self.watcher.stop()
            self.content_swaps.stop()
            self.lockdown.stop()
            self.unattended = False
        self.prebuild.stop()
        self.shell.stop()
        self.controller.stop()
        if self._placed:
            Window.remove_widget(self.shell)
            self._placed = False
        if self.statistics is not None:
            self.statistics.close()

    def end_by_staff(self) -> None:
        """End the kiosk for good ("Kiosk beenden" on the staff panel): stop the app with
        :data:`~kiosk.ui.launch.EXIT_STAFF`, which systemd does not restart."""
        log.info("staff ended the kiosk (exit code %d: systemd leaves it off)", EXIT_STAFF)
        self.exit_code = EXIT_STAFF
        app = App.get_running_app()
        if app is not None:
            app.stop()
