"""Installing content from a USB stick, from the staff panel ("Vom USB-Stick installieren").

While the panel is open, :meth:`UsbInstall.scan` looks for content on the sticks (the machine
settings' ``usb_roots``, through :func:`kiosk.services.usb.find_content`) on a thread of its
own, so a slow stick never holds up a frame. The panel binds to the facts here: what was found,
whether an install runs, the outcome, and the validator's lines. :meth:`UsbInstall.install`
installs the newest content found through :func:`kiosk.services.content_ops.install`, the one
install path, with its lock, its check of the copy and its switch, also on a thread: the room
keeps running, and refused content changes nothing. The running kiosk's content watcher then
sees the switched live link and swaps the content in as for any install.
"""

from __future__ import annotations

import logging
import threading
from functools import partial
from collections.abc import Callable
from typing import TYPE_CHECKING

from kivy.clock import Clock
from kivy.event import EventDispatcher
from kivy.properties import BooleanProperty, ListProperty, ObjectProperty, StringProperty

from kiosk.i18n import use_language
from kiosk.model.problems import shown
from kiosk.services import content_ops as ops
from kiosk.services.usb import Found, find_content

if TYPE_CHECKING:  # the settings models are built only for a settings file that sets something
    from kiosk.services.settings import MachineSettings

log = logging.getLogger(__name__)

NOTHING_FOUND = "Kein USB-Stick mit Inhalt gefunden."
LANGUAGE = "de"
"""The language of the install's refusals and validator lines: the staff panel's, German, as the
room's content watcher speaks there (never the system locale, which a kiosk started by systemd
without LANG would make English)."""


class UsbInstall(EventDispatcher):
    """Content on USB sticks and its install, for the staff panel; see the module docstring.

    ``installed()`` is called on the UI thread after an install went live (e.g. to have the
    content watcher look at once). ``find`` and ``install`` stand in for the real ones in tests.
    """

    found = ObjectProperty(None, allownone=True)
    """The newest content on a stick (a :class:`~kiosk.services.usb.Found`), or None."""

    found_line = StringProperty(NOTHING_FOUND)
    """What the sticks hold, in one line for staff."""

    busy = BooleanProperty(False)
    """True while an install from a stick runs."""

    result = StringProperty("")
    """How the last install from a stick went, in one line for staff; empty before the first."""

    problems = ListProperty([])
    """The validator's lines of the last install from a stick: its errors when it was refused,
    its warnings when it went live. Like :attr:`result`, cleared once no stick holds content."""

    def __init__(self, settings: MachineSettings, *, installed: Callable[[], None] | None = None,
                 find: Callable = find_content, install: Callable = ops.install, **kwargs) -> None:
        super().__init__(**kwargs)
        self.settings = settings
        self.installed = installed
        self._find, self._install = find, install
        self._scanning = False

    # -- looking ----------------------------------------------------------------------------

    def scan(self, *_args) -> None:
        """Look for content on the sticks, on a thread; nothing while a look or an install runs."""
        if self._scanning or self.busy:
            return
        self._scanning = True
        threading.Thread(target=self._scan_worker, name="usb-scan", daemon=True).start()

    def _scan_worker(self) -> None:
        try:
            found = self._find(self.settings.usb_roots)
        except Exception:  # noqa: BLE001 - a scan that fails offers nothing; the room goes on
            log.exception("looking for content on USB sticks failed")
            found = []
        Clock.schedule_once(partial(self._scanned, found))

    def _scanned(self, found: list[Found], _dt=None) -> None:
        self._scanning = False
        if self.busy:
            return
        self.found = found[0] if found else None
        self.found_line = found_line(found)
        if not found:
            # The stick is out: its outcome is done with, and the panel's problem list shows
            # the room's refused content again.
            self.result, self.problems = "", []

    # -- installing -------------------------------------------------------------------------

    def install(self) -> None:
        """Install the content found, on a thread; nothing while one runs or nothing is found."""
        found = self.found
        if self.busy or found is None:
            return
        self.busy = True
        self.problems = []
        self.result = f"Prüfe und installiere „{shown(found.label, 80)}“ … Der Raum läuft weiter."
        log.info("staff install from USB stick: %s", found.path)
        threading.Thread(target=self._install_worker, args=(found,), name="usb-install", daemon=True).start()

    def _install_worker(self, found: Found) -> None:
        def tell(text: str) -> None:
            Clock.schedule_once(partial(self._progress, text))

        try:
            with use_language(LANGUAGE):
                installed = self._install(
                    found.path, self.settings, on_wait=lambda: tell(
                        "Eine andere Installation läuft gerade; diese wartet, bis sie fertig ist …"),
                    progress=lambda done, total: tell(
                        f"Bilder für den Bildschirm vorbereiten: {done} von {total} …"))
        except ops.OperationError as exc:
            log.warning("content from USB stick %s refused: %s", found.path, exc)
            outcome = (False, refusal_line(found, exc), [str(problem) for problem in exc.problems])
        except Exception as exc:  # noqa: BLE001 - staff get a sentence, the log the traceback
            log.exception("install from USB stick %s failed", found.path)
            outcome = (False, f"Nicht installiert: unerwarteter Fehler ({type(exc).__name__}). Der bisherige "
                              "Inhalt bleibt. Details stehen im Protokoll.", [])
        else:
            log.info("content from USB stick %s installed as %s", found.path, installed.release)
            outcome = (True, self.installed_line(found, installed), [str(problem) for problem in installed.warnings])
        Clock.schedule_once(partial(self._finished, *outcome))

    def _progress(self, text: str, _dt=None) -> None:
        if self.busy:
            self.result = text

    def _finished(self, ok: bool, line: str, problems: list[str], _dt=None) -> None:
        self.busy = False
        self.result = line
        self.problems = problems
        if ok and self.installed is not None:
            self.installed()

    def installed_line(self, found: Found, installed: ops.Installed) -> str:
        """The line for staff after ``found`` went live as ``installed``."""
        label = shown(found.label, 80)
        if self.settings.content is not None:
            return (f"„{label}“ ist als {installed.release} installiert. Dieser Kiosk zeigt aber den Ordner, den "
                    "kiosk.toml unter „content“ nennt; entfernen Sie diese Zeile, damit er die installierten "
                    "Inhalte zeigt.")
        notes = f" Hinweise: {len(installed.warnings)} (unten)." if installed.warnings else ""
        return (f"Installiert: „{label}“ ist jetzt live ({installed.release}). Der Raum zeigt den neuen "
                f"Inhalt, sobald niemand mehr eine Geschichte liest.{notes} Sie können den Stick abziehen.")


def found_line(found: list[Found]) -> str:
    """What the sticks hold, in one line for staff: the newest content, and how many more."""
    if not found:
        return NOTHING_FOUND
    kind = "ZIP-Datei" if found[0].is_zip else "Inhaltsordner"
    more = f" (die neueste von {len(found)})" if len(found) > 1 else ""
    return f"Auf dem USB-Stick „{shown(found[0].stick.name, 40)}“: {kind} „{shown(found[0].label, 80)}“{more}."


def refusal_line(found: Found, refusal: ops.OperationError) -> str:
    """The line for staff when ``found`` was refused: errors are listed below, other refusals
    (a damaged ZIP, a full disk) in their own sentence."""
    label = shown(found.label, 80)
    if refusal.problems:
        count = sum(1 for problem in refusal.problems if problem.severity == "error")
        return (f"Nicht installiert: „{label}“ hat {count} Fehler (unten). Der bisherige Inhalt bleibt; "
                "beheben Sie die Fehler im Studio und exportieren Sie erneut.")
    return f"Nicht installiert, der bisherige Inhalt bleibt: {shown(refusal, 300)}"
