"""The staff PIN's guard against guessing: after a few wrong PINs in a row the pad locks, for
longer after each further wrong PIN, and that survives closing the pad and restarting the kiosk.

The rule (:func:`lockout_s`, :func:`wait_s`): the first :data:`FREE_TRIES` wrong PINs cost
nothing; the one that reaches it locks the pad for :data:`FIRST_LOCK_S` seconds, and each
further wrong PIN doubles that, up to :data:`MAX_LOCK_S`. A right PIN starts the count again.

:class:`PinGuard` keeps the count and the end of the lock in a small JSON file in the data dir,
written atomically, so a restart (or a crash loop that someone provokes) does not reset it.
The end of the lock is wall-clock time, which a restart keeps; a clock set back by years
(a Raspberry Pi without a clock battery) never locks longer than the rule allows.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from kiosk.files import write_atomic

log = logging.getLogger(__name__)

FREE_TRIES = 3
"""Wrong PINs in a row that cost no wait; the next wrong one after them locks the pad."""
FIRST_LOCK_S = 30.0
"""The first lock, after :data:`FREE_TRIES` wrong PINs."""
MAX_LOCK_S = 15 * 60.0
"""The longest lock: each further wrong PIN doubles the wait up to this."""
STATE_FILE = "pin-guard.json"
"""The file in the data dir that keeps the count across restarts."""


@dataclass(frozen=True)
class GuardState:
    """Wrong PINs in a row, and until when (epoch seconds) the pad is locked."""

    failures: int = 0
    locked_until: float = 0.0


def lockout_s(failures: int) -> float:
    """Return how long the pad locks after the ``failures``-th wrong PIN in a row (0: not at all)."""
    if failures < FREE_TRIES:
        return 0.0
    doublings = min(failures - FREE_TRIES, 10)  # 2**10 * 30 s is far past the cap already
    return min(FIRST_LOCK_S * 2 ** doublings, MAX_LOCK_S)


def wait_s(state: GuardState, now: float) -> float:
    """Return how many seconds from ``now`` the pad still refuses entries (0: it takes them)."""
    return max(0.0, min(state.locked_until - now, lockout_s(state.failures)))


def after_failure(state: GuardState, now: float) -> GuardState:
    """Return the state after one more wrong PIN at ``now``."""
    failures = state.failures + 1
    return GuardState(failures, now + lockout_s(failures))


def wait_text(seconds: float) -> str:
    """Return the pad's German message for a lock of ``seconds`` (rounded up, at least 1)."""
    seconds = max(1, int(-(-seconds // 1)))
    if seconds > 90:
        minutes = -(-seconds // 60)
        span = f"{minutes} Minuten"
    else:
        span = "1 Sekunde" if seconds == 1 else f"{seconds} Sekunden"
    return f"Zu viele Versuche. Bitte in {span} erneut versuchen."


class PinGuard:
    """The guard of one kiosk: the state in ``path`` (read once here), ``clock`` epoch seconds.

    Never raises for its file: an unreadable file counts as no wrong PINs and a file that
    cannot be written keeps the count in memory for this run; both are logged.
    """

    def __init__(self, path: Path, clock: Callable[[], float] = time.time, *,
                 what: str = "staff PIN", where: str = "the PIN pad") -> None:
        self.path = Path(path)
        self.clock = clock
        # The log names what was guessed and what locks, e.g. the studio's password and its login.
        self.what, self.where = what, where
        self.state = self._read()

    def wait_s(self) -> float:
        """Return how many seconds the pad still refuses entries (0: it takes them)."""
        return wait_s(self.state, self.clock())

    def failed(self) -> float:
        """Count a wrong PIN, log it (never the PIN) and return the wait it causes (0: none)."""
        now = self.clock()
        self.state = after_failure(self.state, now)
        wait = wait_s(self.state, now)
        if wait:
            log.warning("wrong %s (%d in a row): %s is locked for %d s", self.what, self.state.failures,
                        self.where, wait)
        else:
            log.warning("wrong %s (%d in a row; %s locks after %d)", self.what, self.state.failures,
                        self.where, FREE_TRIES)
        self._write()
        return wait

    def succeeded(self) -> None:
        """Start the count again after the right PIN."""
        if self.state == GuardState():
            return
        self.state = GuardState()
        self._write()

    def _read(self) -> GuardState:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            state = GuardState(int(data["failures"]), float(data["locked_until"]))
        except FileNotFoundError:
            return GuardState()
        except (OSError, ValueError, TypeError, KeyError, OverflowError) as exc:
            log.warning("PIN guard: %s is unreadable (%s); counting wrong PINs from 0", self.path, exc)
            return GuardState()
        return GuardState(max(0, state.failures), state.locked_until)

    def _write(self) -> None:
        text = json.dumps({"failures": self.state.failures, "locked_until": self.state.locked_until})
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # 0o600: how many wrong PINs were tried is nobody else's business.
            write_atomic(self.path, text, mode=0o600, sync_folder=True)
        except OSError as exc:
            log.warning("PIN guard: cannot write %s (%s); the count holds until the kiosk restarts",
                        self.path, exc)
