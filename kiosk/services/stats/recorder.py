"""The statistics recorder: what the UI thread calls, and the figures the staff panel reads.

See :mod:`kiosk.services.stats` for privacy, durability and faults.
"""

from __future__ import annotations

import logging
import secrets
import sqlite3
import threading
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Callable

from kiosk.services.events import EndReason, EventKind
from kiosk.services.stats.db import local_midnight, open_read_only
from kiosk.services.stats.writer import DEFAULT_MAX_QUEUE, FlushMarker, Writer

log = logging.getLogger(__name__)


class StatsRecorder(Writer):
    """Records anonymous kiosk events into SQLite without ever blocking or raising on the UI thread.

    Usage::

        rec = StatsRecorder(database_path())
        rec.start()
        rec.begin_session()
        rec.record(EventKind.SCREEN_VIEW, screen="story", item="roboter", lang="de", dwell_s=12.5)
        rec.end_session(EndReason.IDLE)
        rec.close()

    ``clock`` (seconds since the epoch) is injectable for tests; it stamps events, measures
    session length and drives retention and checkpoints. ``connect``
    (``(path, timeout) -> Connection``) is injectable to simulate storage faults.
    ``synchronous`` is ``"NORMAL"`` (default) or ``"FULL"``; see the module docstring for
    what each means after a power cut. ``checkpoints`` counts the forced WAL checkpoints.
    """

    def __init__(
        self,
        db_path: Path,
        *,
        retention_days: int = 365,
        flush_interval: float = 1.0,
        clock: Callable[[], float] = time.time,
        max_queue: int = DEFAULT_MAX_QUEUE,
        connect: Callable[[Path, float], sqlite3.Connection] | None = None,
        synchronous: str = "NORMAL",
    ) -> None:
        super().__init__(db_path, retention_days=retention_days, flush_interval=flush_interval, clock=clock,
                         max_queue=max_queue, connect=connect, synchronous=synchronous)
        self._session: str | None = None
        self._session_start: float | None = None
        self._thread: threading.Thread | None = None
        self._closed = False

    # ------------------------------------------------------------------ UI-thread API

    def start(self) -> None:
        """Open (or create) the database and start the background writer.

        Opening happens here, synchronously, so :attr:`health` is meaningful right after
        ``start()``; retention runs in the writer thread so a large delete never delays the UI.
        If the database can't be opened the recorder keeps working and retries every
        ``flush_interval``.
        """
        if self._thread is not None or self._closed:
            return
        self._try_open()
        self._thread = threading.Thread(target=self._run, name="stats-writer", daemon=True)
        self._thread.start()

    def record(self, kind: EventKind | str, **fields: Any) -> None:
        """Queue one event, stamped with ``clock()`` and the current session id.

        O(1), never blocks, never raises. When the queue is full (storage down for a long
        time) the *oldest* queued event is dropped and counted in :attr:`dropped`, so that
        after an outage the most recent events are the ones that get written.
        """
        try:
            if self._closed:
                return
            queue = self._queue
            if len(queue) >= self._max_queue:
                try:
                    oldest = queue.popleft()
                except IndexError:  # the writer emptied it meanwhile
                    oldest = None
                if isinstance(oldest, FlushMarker):
                    oldest.event.set()  # release its flush() caller (ok stays False)
                elif oldest is not None:
                    self._dropped_ui += 1
            queue.append((self._clock(), kind, self._session, fields))
        except Exception:  # noqa: BLE001 - statistics must never break the exhibit
            self._dropped_ui += 1

    def begin_session(self, **fields: Any) -> None:
        """Start a visitor session: new random id, then a ``session_start`` event with ``fields``
        (its entry point, see :meth:`kiosk.services.events.Events.session_started`).

        A session still open is ended first with reason ``new_session``.
        """
        try:
            if self._session is not None:
                self.end_session(EndReason.NEW_SESSION)
            self._session = secrets.token_hex(8)
            self._session_start = self._clock()
            self.record(EventKind.SESSION_START, **fields)
        except Exception:  # noqa: BLE001
            log.exception("begin_session failed")

    def end_session(self, reason: EndReason) -> None:
        """End the session: ``session_end(duration_s, reason)``, then forget the id.

        Does nothing when no session is open. Later events carry no session id.
        """
        try:
            if self._session is None:
                return
            start = self._session_start if self._session_start is not None else self._clock()
            duration = max(0.0, self._clock() - start)
            self.record(EventKind.SESSION_END, duration_s=round(duration, 3), reason=reason)
        except Exception:  # noqa: BLE001
            log.exception("end_session failed")
        finally:
            self._session = None
            self._session_start = None

    @property
    def session_id(self) -> str | None:
        """The current session's random id, or ``None`` outside a session."""
        return self._session

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until everything queued so far has been written; True on success.

        Returns False on timeout, when the write failed (the events stay queued for the
        next retry) or when the writer is not running.
        """
        thread = self._thread
        if thread is None or not thread.is_alive():
            return not any(not isinstance(e, FlushMarker) for e in list(self._queue))
        marker = FlushMarker()
        self._queue.append(marker)
        self._wake.set()
        if not marker.event.wait(timeout):
            return False
        return marker.ok

    def close(self) -> None:
        """Flush, stop the writer thread and close the database. Idempotent."""
        if self._closed:
            return
        if self._thread is not None and self._thread.is_alive():
            self.flush(timeout=max(5.0, 3 * self.flush_interval))
        self._closed = True
        self._stop = True
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10.0)
        unwritten = sum(1 for e in self._queue.copy() if not isinstance(e, FlushMarker))
        if unwritten:
            log.warning("Statistics closed with %d unwritten events (storage unavailable)", unwritten)
        if self._conn is not None:
            try:
                self._conn.close()
            except sqlite3.Error:
                pass
            self._conn = None

    def today_counts(self) -> dict:
        """Today's figures for the staff panel: ``{"date", "sessions", "qr_codes", "screen_views"}``.

        Reads the database (committed events only, so it may lag by ``flush_interval``).
        Returns zeros if the database can't be read.
        """
        today = datetime.fromtimestamp(self._now()).date()
        result = {"date": today, "sessions": 0, "qr_codes": 0, "screen_views": 0}
        start = local_midnight(today)
        end = local_midnight(today + timedelta(days=1))
        names = {EventKind.SESSION_START: "sessions", EventKind.QR_SHOWN: "qr_codes",
                 EventKind.SCREEN_VIEW: "screen_views"}
        rows = self._read(
            "SELECT kind, count(*) FROM events WHERE kind IN (?, ?, ?) AND ts >= ? AND ts < ? GROUP BY kind",
            (*names, start, end),
        )
        for kind, n in rows:
            result[names[kind]] = n
        return result

    def daily_sessions(self, days: int = 14) -> list[tuple[date, int]]:
        """Sessions per local day for the last ``days`` days (oldest first, today last, zeros filled)."""
        days = max(1, int(days))
        today = datetime.fromtimestamp(self._now()).date()
        first = today - timedelta(days=days - 1)
        counts = {first + timedelta(days=i): 0 for i in range(days)}
        rows = self._read(
            "SELECT ts FROM events WHERE kind = ? AND ts >= ? AND ts < ?",
            (EventKind.SESSION_START, local_midnight(first), local_midnight(today + timedelta(days=1))),
        )
        for (ts,) in rows:
            d = datetime.fromtimestamp(ts).date()
            if d in counts:
                counts[d] += 1
        return sorted(counts.items())

    # ------------------------------------------------------------------ reading helper

    def _read(self, sql: str, params: tuple) -> list[tuple]:
        # A short-lived read connection on the caller's thread: WAL lets it read while the
        # writer writes, and nothing is shared between threads.
        if not self.db_path.exists():
            return []
        try:
            conn = open_read_only(self.db_path, timeout=0.5)
            try:
                return conn.execute(sql, params).fetchall()
            finally:
                conn.close()
        except sqlite3.Error as exc:
            log.warning("Statistics could not be read: %s", exc)
            return []

