"""Helpers for the statistics tests: a fake clock, direct inserts, a hand-built event set
with its expected figures, and the child process of the SIGKILL durability test.

Run as a script (``python tests/stats_fixtures.py durability-child DB INTERVAL``) it records
events in a loop and prints ``durable=<committed> recorded=<queued>`` whenever the writer
has committed more; the test kills it with SIGKILL.
"""

from __future__ import annotations

import sqlite3
import sys
import time
from datetime import date, datetime
from pathlib import Path

if __name__ == "__main__":  # as a child process: make the repo importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.services.stats import INSERT_EVENT_SQL, StatsRecorder, ensure_schema, event_row  # noqa: E402


class FakeClock:
    """A controllable ``clock()`` for the recorder: returns ``now`` until advanced."""

    def __init__(self, now: float) -> None:
        self.now = float(now)

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move time forward."""
        self.now += seconds


def local_ts(y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: float = 0.0) -> float:
    """Epoch seconds of a local wall-clock time (the report buckets in local time too)."""
    return datetime(y, mo, d, h, mi).timestamp() + s


def write_events(db: Path, events: list[tuple]) -> None:
    """Insert ``(ts, kind, session, fields)`` events directly, with the recorder's schema."""
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        ensure_schema(conn)
        conn.execute("BEGIN")
        conn.executemany(INSERT_EVENT_SQL, [event_row(*e) for e in events])
        conn.execute("COMMIT")
    finally:
        conn.close()


def query(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    """Run one query on a fresh connection."""
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


TITLES = {"s1": "Roboter im Handwerk", "s2": "Digitale Kasse", "p1": "Muster GmbH", "impressum": "Impressum"}


def _session(sid: str, start: float, steps: list[tuple[float, str, dict]], end: tuple[float, str] | None) -> list[tuple]:
    """Events of one session; steps are (seconds after start, kind, fields)."""
    ev = [(start, "session_start", sid, {})]
    ev += [(start + dt, kind, sid, fields) for dt, kind, fields in steps]
    if end is not None:
        ev.append((start + end[0], "session_end", sid, {"duration_s": end[0], "reason": end[1]}))
    return ev


def hand_built_events() -> list[tuple]:
    """Six sessions in June/July 2025 with known figures (see :data:`EXPECTED`).

    2025-06-02 is a Monday (ISO week 23), 2025-06-10 a Tuesday (week 24),
    2025-07-02 a Wednesday (week 27). No date is near a DST change.
    """
    sv = lambda screen, item, lang, dwell: {"screen": screen, "item": item, "lang": lang, "dwell_s": dwell}  # noqa: E731
    ev: list[tuple] = []
    # A: Mon 2 June 10:15, 120 s, idle
    ev += _session("a" * 16, local_ts(2025, 6, 2, 10, 15), [
        (1, "screen_view", sv("home", "", "de", 5.0)),
        (10, "filter", {"dimension": "goal", "value": "effizienz"}),
        (20, "screen_view", sv("story", "s1", "de", 30.0)),
        (50, "qr_shown", {"target": "story", "item": "s1", "url": "https://werkbank.example/kontakt?story=s1"}),
        (60, "screen_view", sv("story", "s2", "de", 10.0)),
    ], (120.0, "idle"))
    # B: Mon 2 June 10:40, 60 s, attract
    ev += _session("b" * 16, local_ts(2025, 6, 2, 10, 40), [
        (2, "lang_switch", {"from_lang": "de", "to_lang": "en"}),
        (5, "filter", {"dimension": "goal", "value": "effizienz"}),
        (8, "filter", {"dimension": "industry", "value": "handwerk"}),
        (10, "screen_view", sv("story", "s1", "en", 50.0)),
        (40, "qr_shown", {"target": "provider", "item": "p1", "url": "https://werkbank.example/kontakt?provider=p1"}),
    ], (60.0, "attract"))
    # C: Tue 3 June 14:05, 300 s, staff
    ev += _session("c" * 16, local_ts(2025, 6, 3, 14, 5), [
        (10, "screen_view", sv("story", "s1", "de", 20.0)),
        (20, "video_play", {"item": "s1", "watched_s": 30.0, "duration_s": 60.0}),
        (40, "screen_view", sv("provider", "p1", "de", 15.0)),
        (60, "screen_view", sv("page", "impressum", "de", 8.0)),
        (70, "qr_shown", {"target": "page", "item": "impressum", "url": "https://werkbank.example/kontakt?page=impressum"}),
    ], (300.0, "staff"))
    # D: Tue 10 June 09:00, 90 s, idle
    ev += _session("d" * 16, local_ts(2025, 6, 10, 9, 0), [
        (10, "screen_view", sv("story", "s2", "de", 40.0)),
        (50, "qr_shown", {"target": "story", "item": "s2", "url": "u"}),
        (55, "qr_shown", {"target": "story", "item": "s1", "url": "u"}),
    ], (90.0, "idle"))
    # E: Wed 2 July 16:30, 30 s, idle
    ev += _session("e" * 16, local_ts(2025, 7, 2, 16, 30), [
        (5, "filter", {"dimension": "goal", "value": "neue-kunden"}),
        (10, "screen_view", sv("story", "s3", "de", 5.0)),
    ], (30.0, "idle"))
    # F: Wed 2 July 16:59, never ended (power cut): counted, but has no length
    ev += _session("f" * 16, local_ts(2025, 7, 2, 16, 59), [
        (10, "screen_view", sv("story", "s1", "de", None)),
    ], None)
    ev += [
        (local_ts(2025, 6, 2, 12, 0), "attract_cycle", None, {}),
        (local_ts(2025, 6, 3, 18, 0), "attract_cycle", None, {}),
    ]
    return ev


#: Figures the report must produce for :func:`hand_built_events` (whole range).
EXPECTED = {
    "since": date(2025, 6, 2),
    "until": date(2025, 7, 2),
    "sessions": 6,
    "median_session_s": 90.0,  # of 120, 60, 300, 90, 30
    "qr_codes": 5,
    "story_views": 7,
    "screen_views": 10,
    "attract_cycles": 2,
    "days": {  # key: (sessions, median length, story views, qr codes)
        "2025-06-02": (2, 90.0, 3, 2),
        "2025-06-03": (1, 300.0, 1, 1),
        "2025-06-10": (1, 90.0, 1, 2),
        "2025-07-02": (2, 30.0, 2, 0),
    },
    "weeks": {
        "2025-W23": (3, 120.0, 4, 3),
        "2025-W24": (1, 90.0, 1, 2),
        "2025-W27": (2, 30.0, 2, 0),
    },
    "months": {
        "2025-06": (4, 105.0, 5, 5),
        "2025-07": (2, 30.0, 2, 0),
    },
    "stories": [("s1", 4, 30.0), ("s2", 2, 25.0), ("s3", 1, 5.0)],  # by views
    "stories_by_dwell": ["s1", "s2", "s3"],
    "goals": [("effizienz", 2), ("neue-kunden", 1)],
    "industries": [("handwerk", 1)],
    "qr_targets": [("story", 3), ("provider", 1), ("page", 1)],
    "qr_by_story": [("s1", 2), ("s2", 1)],
    "qr_by_provider": [("p1", 1)],
    "qr_by_page": [("impressum", 1)],
    "languages": [("de", 9), ("en", 1)],
    "lang_switches": [("de>en", 1)],
    "heatmap": {(0, 10): 2, (1, 14): 1, (1, 9): 1, (2, 16): 2},  # (weekday Mo=0, hour): session starts
    "end_reasons": [("idle", 3), ("attract", 1), ("staff", 1)],
}


def durability_child(db: str, interval: float, stall_after: int = 0) -> None:
    """Record events as fast as sensible and report every commit; runs until killed.

    With ``stall_after`` > 0 the writer's batch after that many commits stops *inside* its
    transaction (rows inserted, no COMMIT yet), prints ``midwrite``, and waits to be killed:
    a deterministic kill in the middle of a write.
    """
    commits = {"n": 0}

    class StallingConnection:
        """Delegates to a real connection; stalls in the chosen transaction."""

        def __init__(self, conn: sqlite3.Connection) -> None:
            self._conn = conn

        def executemany(self, sql, rows):
            cur = self._conn.executemany(sql, rows)
            commits["n"] += 1
            if stall_after and commits["n"] > stall_after:
                sys.stdout.write(f"midwrite durable={rec.written} pending={len(rows)}\n")
                sys.stdout.flush()
                time.sleep(60)
            return cur

        def __getattr__(self, name):
            return getattr(self._conn, name)

    def connect(path: Path, timeout: float):
        raw = sqlite3.connect(str(path), timeout=timeout, isolation_level=None, check_same_thread=False)
        return StallingConnection(raw)

    rec = StatsRecorder(Path(db), flush_interval=interval, connect=connect)
    rec.start()
    rec.begin_session()
    i = 0
    last = -1
    out = sys.stdout
    while True:
        rec.record("screen_view", screen="story", item=str(i), lang="de", dwell_s=1.0, url="x" * 64)
        i += 1
        written = rec.written
        if written != last:
            out.write(f"durable={written} recorded={i}\n")
            out.flush()
            last = written
        if i % 25 == 0:
            time.sleep(0.001)


if __name__ == "__main__":
    if len(sys.argv) in (4, 5) and sys.argv[1] == "durability-child":
        durability_child(sys.argv[2], float(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) == 5 else 0)
    else:
        sys.exit("usage: stats_fixtures.py durability-child DB INTERVAL [STALL_AFTER_COMMITS]")
