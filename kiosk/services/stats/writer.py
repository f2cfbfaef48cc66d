"""The writing half of the statistics recorder: the queue of events and the thread that drains
it into SQLite, with its storage faults, retention and checkpoints.

:class:`Writer` is the base of :class:`~kiosk.services.stats.recorder.StatsRecorder`, which
adds what the UI thread calls. The UI thread only appends to the queue (and reads the counters);
everything else here runs on the writer thread. What an interruption or a fault costs is in
:mod:`kiosk.services.stats`.
"""

from __future__ import annotations

import collections
import logging
import sqlite3
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Callable

from kiosk.services.stats.db import INSERT_EVENT_SQL, connect as default_connect, ensure_schema, event_row

log = logging.getLogger(__name__)

DEFAULT_MAX_QUEUE = 100_000
_BATCH_SIZE = 5_000  # events per transaction; keeps one commit short even after a long outage
_RETENTION_EVERY_S = 24 * 3600.0
_CHECKPOINT_EVERY_S = 60.0  # bounds the power-cut loss with synchronous=NORMAL (see module doc)


# Short messages for the staff panel. German, because the staff panel is German.
MSG_DISK_FULL = "Statistik: Datenträger voll – Ereignisse werden zurückgehalten"
MSG_READONLY = "Statistik: Datenbank schreibgeschützt – Ereignisse werden zurückgehalten"
MSG_LOCKED = "Statistik: Datenbank gesperrt – Ereignisse werden zurückgehalten"
MSG_NO_DIR = "Statistik: Datenverzeichnis nicht verfügbar – Statistik ist aus"
MSG_CORRUPT = "Statistik: Datenbank beschädigt – wurde beiseitegelegt"
MSG_ERROR = "Statistik: Schreibfehler – Ereignisse werden zurückgehalten"
MSG_QUEUE_FULL = "Statistik: Warteschlange voll"


class FlushMarker:
    """Queued by ``StatsRecorder.flush``; set by the writer once everything before it is handled."""

    __slots__ = ("event", "ok")

    def __init__(self) -> None:
        self.event = threading.Event()
        self.ok = False



class Writer:
    """The event queue and the writer thread's work on it; see the module docstring.

    The arguments are :class:`~kiosk.services.stats.recorder.StatsRecorder`'s.
    """

    def __init__(
        self,
        db_path: Path,
        *,
        retention_days: int,
        flush_interval: float,
        clock: Callable[[], float],
        max_queue: int,
        connect: Callable[[Path, float], sqlite3.Connection] | None,
        synchronous: str,
    ) -> None:
        self.db_path = Path(db_path)
        self.retention_days = int(retention_days)
        self.flush_interval = max(0.01, float(flush_interval))  # 0 would spin the writer
        self._clock = clock
        self._max_queue = int(max_queue)
        self._connect_factory = connect or default_connect
        if synchronous.upper() not in ("NORMAL", "FULL"):
            raise ValueError(f"synchronous must be NORMAL or FULL, not {synchronous!r}")
        self._synchronous = synchronous.upper()
        # Waiting on a locked DB happens in the writer thread only, but keep it short so a
        # close() at shutdown is not held up for long.
        self._busy_timeout = max(0.05, min(1.0, self.flush_interval))

        # deque.append/popleft/extendleft are atomic in CPython: the UI thread appends,
        # only the writer thread pops. No lock on the hot path.
        self._queue: collections.deque = collections.deque()
        self._conn: sqlite3.Connection | None = None
        self._wake = threading.Event()
        self._stop = False
        self._fault: str | None = None
        # Two drop counters, each written by one thread only, so no update is ever lost.
        self._dropped_ui = 0  # record(): queue full, or record() itself failed
        self._dropped_writer = 0  # writer: put-back beyond the cap, unbindable values
        self._dropped_logged = 0
        self._unsynced_since: float | None = None  # first commit not yet checkpointed
        self.checkpoints = 0
        self._written = 0
        self._last_retention: float | None = None

    @property
    def health(self) -> str | None:
        """None when fine; otherwise a short German message for the staff panel."""
        fault = self._fault
        unreported = self.dropped - self._dropped_logged  # drops since the last good write
        if fault is None:
            if unreported > 0:
                return f"{MSG_QUEUE_FULL} – {unreported} Ereignisse verworfen"
            return None
        if unreported > 0:
            return f"{fault} ({unreported} verworfen)"
        return fault

    @property
    def dropped(self) -> int:
        """Number of events dropped so far (queue full, recorder closed, or unwritable)."""
        return self._dropped_ui + self._dropped_writer

    @property
    def written(self) -> int:
        """Number of events committed to the database by this recorder."""
        return self._written

    def _set_fault(self, message: str | None, exc: BaseException | None = None) -> None:
        if message != self._fault:
            if message is None:
                log.info("Statistics storage recovered (%d events dropped so far)", self.dropped)
            else:
                log.warning("%s: %s", message, exc)
        self._fault = message

    def _classify(self, exc: BaseException) -> str:
        text = str(exc).lower()
        if "full" in text:
            return MSG_DISK_FULL
        if "readonly" in text or "read-only" in text or "read only" in text:
            return MSG_READONLY
        if "locked" in text or "busy" in text:
            return MSG_LOCKED
        if "unable to open" in text or isinstance(exc, OSError):
            return MSG_NO_DIR
        return MSG_ERROR

    def _drop_connection(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except Exception:  # noqa: BLE001
                pass
            self._conn = None

    def _try_open(self, _may_set_aside: bool = True) -> bool:
        """Create the data dir and open/prepare the DB; on failure set the fault and return False."""
        if self._conn is not None:
            return True
        try:
            self.db_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self._set_fault(MSG_NO_DIR, exc)
            return False
        conn = None
        try:
            conn = self._connect_factory(self.db_path, self._busy_timeout)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(f"PRAGMA synchronous={self._synchronous}")
            # Keep the WAL file small after bursts; it is truncated to this at checkpoints.
            conn.execute("PRAGMA journal_size_limit=4194304")
            ensure_schema(conn)
        except sqlite3.DatabaseError as exc:
            if conn is not None:
                try:
                    conn.close()
                except Exception:  # noqa: BLE001
                    pass
            if (_may_set_aside and not isinstance(exc, sqlite3.OperationalError)
                    and self._set_aside_corrupt(exc)):
                return self._try_open(_may_set_aside=False)
            self._set_fault(self._classify(exc), exc)
            return False
        except Exception as exc:  # noqa: BLE001
            self._set_fault(self._classify(exc), exc)
            return False
        self._conn = conn
        return True

    def _set_aside_corrupt(self, exc: BaseException) -> bool:
        """A file that is not a usable database is renamed aside so statistics can go on."""
        text = str(exc).lower()
        if "not a database" not in text and "malformed" not in text:
            return False
        stamp = datetime.fromtimestamp(self._now()).strftime("%Y%m%d-%H%M%S")
        try:
            for suffix in ("", "-wal", "-shm"):
                p = Path(str(self.db_path) + suffix)
                if p.exists():
                    p.rename(p.with_name(f"{p.name}.corrupt-{stamp}"))
        except OSError:
            return False
        log.error("Statistics database was unreadable (%s); moved aside, starting a new one", exc)
        self._set_fault(MSG_CORRUPT, exc)
        return True

    def _run(self) -> None:
        while True:
            self._wake.wait(self.flush_interval)
            self._wake.clear()
            stopping = self._stop
            # Retention first, so that once flush() returns a due purge has happened too.
            for step in (self._maybe_retention, self._write_pending, self._maybe_checkpoint):
                try:
                    step()
                except Exception as exc:  # noqa: BLE001 - the writer thread must survive anything
                    log.exception("Statistics writer error")
                    self._set_fault(MSG_ERROR, exc)
                    self._drop_connection()
                    self._release_markers(ok=False)
            if stopping:
                return

    def _now(self) -> float:
        # The writer must not die of a broken injected clock.
        try:
            return float(self._clock())
        except Exception:  # noqa: BLE001
            return time.time()

    def _maybe_checkpoint(self) -> None:
        """With synchronous=NORMAL, commits reach the disk only at a checkpoint: force one
        at most ``_CHECKPOINT_EVERY_S`` after a write, to bound what a power cut can take."""
        if self._unsynced_since is None or self._conn is None:
            return
        if self._now() - self._unsynced_since < _CHECKPOINT_EVERY_S:
            return
        try:
            self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error as exc:
            log.debug("Statistics checkpoint failed (retried next tick): %s", exc)
            return
        self.checkpoints += 1
        self._unsynced_since = None

    def _maybe_retention(self) -> None:
        if self._conn is None:
            return
        now = self._now()
        if self._last_retention is not None and now - self._last_retention < _RETENTION_EVERY_S:
            return
        cutoff = now - self.retention_days * 86400.0
        try:
            cur = self._conn.execute("DELETE FROM events WHERE ts < ?", (cutoff,))
        except sqlite3.Error as exc:
            # A failed retention is retried on the next tick; it must not stop recording.
            log.warning("Statistics retention failed: %s", exc)
            self._set_fault(self._classify(exc), exc)
            self._drop_connection()
            return
        self._last_retention = now
        if cur.rowcount:
            log.info("Statistics retention: deleted %d events older than %d days", cur.rowcount, self.retention_days)

    def _write_pending(self) -> None:
        """Write queued events in batches. On a storage fault, put them back (bounded) for the next tick."""
        queue = self._queue
        if self._conn is None and not self._try_open():
            # Still release flush() callers; events stay queued for the next retry.
            self._release_markers(ok=False)
            return
        # Retention must run before the first batch so a fresh start never counts stale rows.
        if self._last_retention is None:
            self._maybe_retention()
            if self._conn is None:
                self._release_markers(ok=False)
                return
        while queue:
            batch: list = []
            markers: list[FlushMarker] = []
            popleft = queue.popleft
            while queue and len(batch) < _BATCH_SIZE:
                item = popleft()
                if isinstance(item, FlushMarker):
                    markers.append(item)
                else:
                    batch.append(item)
            try:
                ok = self._write_batch(batch) if batch else True
            except Exception as exc:  # noqa: BLE001 - keep the events, release the waiters
                log.exception("Statistics batch failed")
                self._set_fault(MSG_ERROR, exc)
                self._drop_connection()
                ok = False
            if not ok:
                self._put_back(batch)
                for m in markers:
                    m.event.set()  # ok stays False
                self._release_markers(ok=False)
                return
            if markers:
                # A flush() caller (e.g. shutdown) also gets a due checkpoint before it returns.
                self._maybe_checkpoint()
            for m in markers:
                m.ok = True
                m.event.set()

    def _note_commit(self) -> None:
        if self._unsynced_since is None and self._synchronous == "NORMAL":
            self._unsynced_since = self._now()

    def _write_rows_individually(self, rows: list[tuple]) -> bool:
        conn = self._conn
        if conn is None:
            return False
        good = bad = 0
        try:
            conn.execute("BEGIN")
            for row in rows:
                try:
                    conn.execute(INSERT_EVENT_SQL, row)
                    good += 1
                except (sqlite3.InterfaceError, sqlite3.ProgrammingError, ValueError, TypeError, OverflowError):
                    bad += 1
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            self._set_fault(self._classify(exc), exc)
            self._drop_connection()
            return False
        self._written += good
        self._note_commit()
        # A bad value is a caller bug, not a storage fault: count it, but don't alarm the staff.
        self._dropped_writer += bad
        self._dropped_logged += bad
        self._set_fault(None)
        return True

    def _release_markers(self, ok: bool) -> None:
        # Pull flush markers out of the queue without reordering events.
        queue = self._queue
        if not any(isinstance(e, FlushMarker) for e in queue.copy()):
            return
        keep = []
        while queue:
            item = queue.popleft()
            if isinstance(item, FlushMarker):
                item.ok = ok
                item.event.set()
            else:
                keep.append(item)
        self._put_back(keep)

    def _put_back(self, batch: list) -> None:
        """Return unwritten events to the front of the queue, dropping the oldest beyond the cap."""
        room = self._max_queue - len(self._queue)
        if room < len(batch):
            lost = len(batch) - max(room, 0)
            self._dropped_writer += lost
            batch = batch[lost:]
        if batch:
            self._queue.extendleft(reversed(batch))

    def _write_batch(self, batch: list) -> bool:
        conn = self._conn
        if conn is None:
            return False
        rows = []
        for ts, kind, session, fields in batch:
            try:
                rows.append(event_row(ts, kind, session, fields))
            except Exception:  # noqa: BLE001 - e.g. a non-numeric timestamp: drop that one event
                self._dropped_writer += 1
                self._dropped_logged += 1
        if not rows:
            return True
        try:
            conn.execute("BEGIN")
            try:
                conn.executemany(INSERT_EVENT_SQL, rows)
                conn.execute("COMMIT")
            except BaseException:
                try:
                    conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
                raise
        except sqlite3.OperationalError as exc:
            # Environmental (full, read-only, locked, I/O): keep the events and retry later
            # on a fresh connection, so a remount or freed space is picked up.
            self._set_fault(self._classify(exc), exc)
            self._drop_connection()
            return False
        except sqlite3.DatabaseError as exc:
            self._set_fault(self._classify(exc), exc)
            self._drop_connection()
            # A damaged file would fail every retry: move it aside, the next tick starts anew.
            self._set_aside_corrupt(exc)
            return False
        except (sqlite3.Error, ValueError, TypeError, OverflowError) as exc:
            # A value that can't be bound (e.g. a lone surrogate in a string) must not
            # poison the whole batch: write row by row and drop only the bad ones.
            log.warning("Statistics batch rejected (%s); writing row by row", exc)
            return self._write_rows_individually(rows)
        self._written += len(rows)
        self._note_commit()
        self._set_fault(None)
        dropped = self.dropped
        if dropped > self._dropped_logged:
            log.warning("Statistics: %d events were dropped while storage was unavailable",
                        dropped - self._dropped_logged)
            self._dropped_logged = dropped
        return True
