"""``python -m kiosk`` with two test hooks, for the watchdog and crash tests; not part of the app.

When the file named by ``KIOSK_TEST_FREEZE_FILE`` appears, the UI thread sleeps for ever (the
watchdog pings must stop); when the file named by ``KIOSK_TEST_CRASH_FILE`` appears, the UI
thread raises (the kiosk must log the traceback and exit 70). A daemon thread looks for the
files and hands the act to Kivy's clock, so it happens on the UI thread like a real fault.

Usage: ``python tests/e2e/hooked_kiosk.py run --windowed ...`` (the kiosk's own arguments).
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from pathlib import Path

FREEZE_ENV = "KIOSK_TEST_FREEZE_FILE"
CRASH_ENV = "KIOSK_TEST_CRASH_FILE"
POLL_S = 0.5

log = logging.getLogger("kiosk.test_hooks")


def freeze(_dt) -> None:
    """Block the UI thread for good."""
    log.warning("test hook: %s exists, the UI thread freezes now", os.environ[FREEZE_ENV])
    while True:
        time.sleep(3600)


def crash(_dt) -> None:
    """Raise on the UI thread."""
    raise RuntimeError(f"test hook: {os.environ[CRASH_ENV]} exists, the kiosk crashes on purpose")


def watch() -> None:
    """Wait for a trigger file, then schedule its act on the UI thread (Kivy is running by then)."""
    acts = [(Path(os.environ[name]), act) for name, act in ((FREEZE_ENV, freeze), (CRASH_ENV, crash))
            if os.environ.get(name)]
    while acts:
        for trigger, act in acts:
            if trigger.exists() and "kivy.clock" in sys.modules:
                from kivy.clock import Clock

                Clock.schedule_once(act, 0)
                return
        time.sleep(POLL_S)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    threading.Thread(target=watch, name="test-hooks", daemon=True).start()
    from kiosk.cli import main

    sys.exit(main())
