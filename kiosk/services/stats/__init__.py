"""Anonymous visitor statistics: a non-blocking event recorder backed by SQLite.

:mod:`.recorder` is what the UI thread calls, :mod:`.writer` the thread that writes, :mod:`.db`
the database file, its table and rows. The report that reads them is :mod:`kiosk.services.report`.

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

from kiosk.services.stats.db import INSERT_EVENT_SQL, database_path, ensure_schema, event_row, open_read_only
from kiosk.services.stats.recorder import StatsRecorder

__all__ = ["INSERT_EVENT_SQL", "StatsRecorder", "database_path", "ensure_schema", "event_row", "open_read_only"]
