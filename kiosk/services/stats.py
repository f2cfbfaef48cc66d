"""Anonymous visitor statistics: a non-blocking event recorder backed by SQLite.

Privacy
    Nothing here identifies a person. Each visitor session gets a random id
    (``secrets.token_hex``) that exists only from :meth:`StatsRecorder.begin_session`
    to :meth:`StatsRecorder.end_session`; it links the events of one session so the
    report can count sessions and their length, and it is never reused or derived
    from anything about the visitor or the machine. Events are deleted after
    ``retention_days`` (default 365).

Threading and durability
    :meth:`StatsRecorder.record` is called on the UI (Kivy) thread. It only stamps
    the event and appends it to an in-memory deque (O(1), no lock, no I/O, never
    raises). A background writer thread wakes every ``flush_interval`` seconds
    (default **1.0 s**) and writes everything queued in one transaction per batch.
    The database runs in WAL mode. What an interruption can cost:

    * the kiosk process crashes or is killed: at most the events of the last
      **~1 s** (``flush_interval``), the ones still queued in memory; every committed
      batch survives (tested with SIGKILL);
    * power cut, default ``synchronous="NORMAL"``: SQLite does not fsync each commit
      in this mode, only at checkpoints, so commits still in the OS cache can roll
      back too. The writer therefore forces a checkpoint (which fsyncs) at most
      **60 s** after a write, bounding the loss to the last **~60 s + 1 s**;
    * power cut with ``synchronous="FULL"``: each batch is fsynced, at most the last
      **~1 s** is lost, for one fsync per batch (at most one a second, only while
      visitors are active).

    In every case the database file stays consistent (``PRAGMA integrity_check``).

Faults
    A full disk, a read-only or missing data directory, or a locked database never
    raise into the caller. The writer logs the problem once, sets :attr:`health`
    (a short German message for the staff panel), keeps the unwritten events in
    the bounded queue (``max_queue``, default 100,000 events, roughly a day of
    heavy use) and retries every ``flush_interval``; beyond the cap the oldest events
    are dropped and counted (:attr:`dropped`). When the fault goes away the queue is
    written and :attr:`health` returns to ``None``.

Event kinds (``record(kind, **fields)``)
    The kinds, end reasons and fields are :mod:`kiosk.services.events`; the kiosk reports
    through its typed :class:`~kiosk.services.events.Events`, which calls this recorder.
    Known fields are stored in their own columns (so the report can GROUP BY them
    over a million rows); unknown fields, and kinds not (yet) in the vocabulary, are
    stored too (fields in a JSON ``extra`` column), for forward compatibility.
"""

from __future__ import annotations

import collections
import json
import logging
import secrets
import sqlite3
import threading
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Callable

from kiosk.services.events import EndReason, EventKind

log = logging.getLogger(__name__)

# Field columns, in table order. Text fields first, then numbers.
TEXT_FIELDS = ("screen", "item", "lang", "target", "dimension", "value", "reason", "url", "from_lang", "to_lang")
REAL_FIELDS = ("dwell_s", "duration_s", "watched_s")
FIELD_COLUMNS = TEXT_FIELDS + REAL_FIELDS
_FIELD_SET = frozenset(FIELD_COLUMNS)

SCHEMA_VERSION = 1

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    ts REAL NOT NULL,
    kind TEXT NOT NULL,
    session TEXT,
    {", ".join(f"{c} TEXT" for c in TEXT_FIELDS)},
    {", ".join(f"{c} REAL" for c in REAL_FIELDS)},
    extra TEXT
);
CREATE INDEX IF NOT EXISTS events_ts ON events (ts);
CREATE INDEX IF NOT EXISTS events_kind_ts ON events (kind, ts);
"""

#: INSERT statement matching :func:`event_row` (used by the writer, the bench and test fixtures).
INSERT_EVENT_SQL = (
    f"INSERT INTO events (ts, kind, session, {', '.join(FIELD_COLUMNS)}, extra) "
    f"VALUES ({', '.join('?' * (len(FIELD_COLUMNS) + 4))})"
)

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


DB_FILENAME = "stats.sqlite3"


def database_path(data_dir: Path | None = None) -> Path:
    """Where the statistics live: ``<data_dir>/stats.sqlite3`` (default: :func:`paths.data_dir`).

    The recorder (app) and ``kiosk stats`` (CLI) both use this, so they always agree.
    """
    if data_dir is None:
        from kiosk.services.paths import data_dir as default_data_dir

        data_dir = default_data_dir()
    return Path(data_dir) / DB_FILENAME


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create the ``events`` table and its indexes if missing (idempotent)."""
    conn.executescript(_SCHEMA)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _clean_text(value: Any) -> str | None:
    # str() also turns an enum member (EventKind.FILTER) into its plain stored value.
    return None if value is None else str(value)


def _clean_real(value: Any) -> float | None:
    if value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def event_row(ts: float, kind: str, session: str | None, fields: dict[str, Any]) -> tuple:
    """Turn one event into a row for :data:`INSERT_EVENT_SQL`.

    Values are coerced (text columns to ``str``, numbers to ``float``) so that one odd
    value can never make a whole batch fail to bind; unknown fields go to ``extra``.
    """
    get = fields.get
    row = [float(ts), str(kind), session]
    row.extend(_clean_text(get(c)) for c in TEXT_FIELDS)
    row.extend(_clean_real(get(c)) for c in REAL_FIELDS)
    extra = {k: v for k, v in fields.items() if k not in _FIELD_SET}
    row.append(json.dumps(extra, default=str, ensure_ascii=False) if extra else None)
    return tuple(row)


def _default_connect(path: Path, timeout: float) -> sqlite3.Connection:
    # isolation_level=None: we issue BEGIN/COMMIT ourselves, one transaction per batch.
    return sqlite3.connect(str(path), timeout=timeout, isolation_level=None, check_same_thread=False)


def _local_midnight(d: date) -> float:
    return datetime(d.year, d.month, d.day).timestamp()


class _FlushMarker:
    """Queued by :meth:`StatsRecorder.flush`; set by the writer once everything before it is handled."""

    __slots__ = ("event", "ok")

    def __init__(self) -> None:
        self.event = threading.Event()
        self.ok = False


class StatsRecorder:
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
        self.db_path = Path(db_path)
        self.retention_days = int(retention_days)
        self.flush_interval = max(0.01, float(flush_interval))  # 0 would spin the writer
        self._clock = clock
        self._max_queue = int(max_queue)
        self._connect_factory = connect or _default_connect
        if synchronous.upper() not in ("NORMAL", "FULL"):
            raise ValueError(f"synchronous must be NORMAL or FULL, not {synchronous!r}")
        self._synchronous = synchronous.upper()
        # Waiting on a locked DB happens in the writer thread only, but keep it short so a
        # close() at shutdown is not held up for long.
        self._busy_timeout = max(0.05, min(1.0, self.flush_interval))

        # deque.append/popleft/extendleft are atomic in CPython: the UI thread appends,
        # only the writer thread pops. No lock on the hot path.
        self._queue: collections.deque = collections.deque()
        self._session: str | None = None
        self._session_start: float | None = None

        self._conn: sqlite3.Connection | None = None
        self._thread: threading.Thread | None = None
        self._wake = threading.Event()
        self._stop = False
        self._closed = False
        self._fault: str | None = None
        # Two drop counters, each written by one thread only, so no update is ever lost.
        self._dropped_ui = 0  # record(): queue full, or record() itself failed
        self._dropped_writer = 0  # writer: put-back beyond the cap, unbindable values
        self._dropped_logged = 0
        self._unsynced_since: float | None = None  # first commit not yet checkpointed
        self.checkpoints = 0
        self._written = 0
        self._last_retention: float | None = None

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
                if isinstance(oldest, _FlushMarker):
                    oldest.event.set()  # release its flush() caller (ok stays False)
                elif oldest is not None:
                    self._dropped_ui += 1
            queue.append((self._clock(), kind, self._session, fields))
        except Exception:  # noqa: BLE001 - statistics must never break the exhibit
            self._dropped_ui += 1

    def begin_session(self) -> None:
        """Start a visitor session: new random id, then a ``session_start`` event.

        A session still open is ended first with reason ``new_session``.
        """
        try:
            if self._session is not None:
                self.end_session(EndReason.NEW_SESSION)
            self._session = secrets.token_hex(8)
            self._session_start = self._clock()
            self.record(EventKind.SESSION_START)
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
            return not any(not isinstance(e, _FlushMarker) for e in list(self._queue))
        marker = _FlushMarker()
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
        unwritten = sum(1 for e in self._queue.copy() if not isinstance(e, _FlushMarker))
        if unwritten:
            log.warning("Statistics closed with %d unwritten events (storage unavailable)", unwritten)
        if self._conn is not None:
            try:
                self._conn.close()
            except sqlite3.Error:
                pass
            self._conn = None

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

    def today_counts(self) -> dict:
        """Today's figures for the staff panel: ``{"date", "sessions", "qr_codes", "screen_views"}``.

        Reads the database (committed events only, so it may lag by ``flush_interval``).
        Returns zeros if the database can't be read.
        """
        today = datetime.fromtimestamp(self._now()).date()
        result = {"date": today, "sessions": 0, "qr_codes": 0, "screen_views": 0}
        start = _local_midnight(today)
        end = _local_midnight(today + timedelta(days=1))
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
            (EventKind.SESSION_START, _local_midnight(first), _local_midnight(today + timedelta(days=1))),
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
            conn = sqlite3.connect(f"{self.db_path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.5)
            try:
                return conn.execute(sql, params).fetchall()
            finally:
                conn.close()
        except sqlite3.Error as exc:
            log.warning("Statistics could not be read: %s", exc)
            return []

    # ------------------------------------------------------------------ writer thread

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
            markers: list[_FlushMarker] = []
            popleft = queue.popleft
            while queue and len(batch) < _BATCH_SIZE:
                item = popleft()
                if isinstance(item, _FlushMarker):
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
        if not any(isinstance(e, _FlushMarker) for e in queue.copy()):
            return
        keep = []
        while queue:
            item = queue.popleft()
            if isinstance(item, _FlushMarker):
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
