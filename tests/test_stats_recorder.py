"""StatsRecorder: recording, sessions, storage faults, retention and crash durability."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from kiosk.services import stats
from kiosk.services.events import EndReason, Screen
from kiosk.services.stats import StatsRecorder
from stats_fixtures import FakeClock, local_ts, query, write_events

T0 = local_ts(2025, 6, 2, 10, 0)
FAST = 0.02  # flush interval for tests: the writer wakes often, flush() returns quickly


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "stats.sqlite3"


def make(db: Path, clock=None, **kw) -> StatsRecorder:
    rec = StatsRecorder(db, flush_interval=kw.pop("flush_interval", FAST), clock=clock or FakeClock(T0), **kw)
    rec.start()
    return rec


def rows(db: Path) -> list[dict]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute("SELECT * FROM events ORDER BY id")]
    finally:
        conn.close()


@pytest.mark.timeout(30)
def test_sessions_events_and_fields(db: Path) -> None:
    clock = FakeClock(T0)
    rec = make(db, clock)
    rec.record("attract_cycle")
    rec.begin_session()
    first_id = rec.session_id
    clock.advance(5)
    rec.record("screen_view", screen="story", item="s1", lang="de", dwell_s=12.5)
    rec.record("filter", dimension="goal", value="effizienz")
    clock.advance(10)
    rec.record("qr_shown", target="story", item="s1", url="https://werkbank.example/kontakt?story=s1")
    rec.record("video_play", item="s1", watched_s=30, duration_s=60)
    rec.record("lang_switch", from_lang="de", to_lang="en")
    clock.advance(15)
    rec.end_session("idle")
    assert rec.session_id is None
    rec.record("attract_cycle")
    rec.begin_session()
    clock.advance(2.5)
    rec.end_session("staff")
    assert rec.flush()
    rec.close()

    r = rows(db)
    assert [e["kind"] for e in r] == [
        "attract_cycle", "session_start", "screen_view", "filter", "qr_shown", "video_play",
        "lang_switch", "session_end", "attract_cycle", "session_start", "session_end",
    ]
    # One random id shared inside a session, none outside, a new one for the next session.
    assert r[0]["session"] is None and r[8]["session"] is None
    ids1 = {e["session"] for e in r[1:8]}
    assert ids1 == {first_id} and len(first_id) == 16 and int(first_id, 16) >= 0
    second = {e["session"] for e in r[9:]}
    assert len(second) == 1 and second != ids1 and None not in second
    # Timestamps and the duration come from the injected clock.
    assert r[1]["ts"] == T0 and r[2]["ts"] == T0 + 5 and r[7]["ts"] == T0 + 30
    assert r[7]["duration_s"] == pytest.approx(30.0) and r[7]["reason"] == "idle"
    assert r[10]["duration_s"] == pytest.approx(2.5) and r[10]["reason"] == "staff"
    # Fields land in their columns.
    assert (r[2]["screen"], r[2]["item"], r[2]["lang"], r[2]["dwell_s"]) == ("story", "s1", "de", 12.5)
    assert (r[3]["dimension"], r[3]["value"]) == ("goal", "effizienz")
    assert (r[4]["target"], r[4]["item"], r[4]["url"]) == ("story", "s1", "https://werkbank.example/kontakt?story=s1")
    assert (r[5]["watched_s"], r[5]["duration_s"]) == (30.0, 60.0)
    assert (r[6]["from_lang"], r[6]["to_lang"]) == ("de", "en")
    assert all(e["extra"] is None for e in r)


@pytest.mark.timeout(30)
def test_session_start_keeps_its_entry_point(db: Path) -> None:
    rec = make(db)
    rec.begin_session(screen=Screen.ATTRACT, item="s1")  # a touch on the loop's slide of s1
    rec.end_session(EndReason.IDLE)
    rec.begin_session()  # a touch on a screen: no entry point
    assert rec.flush()
    rec.close()
    starts = [(e["screen"], e["item"], e["extra"]) for e in rows(db) if e["kind"] == "session_start"]
    assert starts == [("attract", "s1", None), (None, None, None)]


@pytest.mark.timeout(30)
def test_odd_values_are_coerced_and_unknown_fields_kept(db: Path) -> None:
    rec = make(db)
    rec.record("screen_view", screen="story", item=42, lang=None, dwell_s="3.5", note={"a": 1})
    rec.record("screen_view", screen="story", item="bad\udc80", dwell_s="n/a")  # unencodable text
    rec.record("filter", dimension="goal", value="ok")
    assert rec.flush()
    rec.close()
    r = rows(db)
    assert (r[0]["item"], r[0]["lang"], r[0]["dwell_s"]) == ("42", None, 3.5)
    assert json.loads(r[0]["extra"]) == {"note": {"a": 1}}
    # The unencodable event is dropped alone; the batch around it is kept.
    assert [e["kind"] for e in r] == ["screen_view", "filter"]
    assert rec.dropped == 1 and rec.health is None


@pytest.mark.timeout(30)
def test_end_session_without_session_and_begin_twice(db: Path) -> None:
    clock = FakeClock(T0)
    rec = make(db, clock)
    rec.end_session("idle")  # nothing open: nothing recorded
    rec.begin_session()
    clock.advance(7)
    rec.begin_session()  # the open one is closed first
    rec.end_session("idle")
    assert rec.flush()
    rec.close()
    kinds = [(e["kind"], e["reason"], e["duration_s"]) for e in rows(db)]
    assert kinds == [
        ("session_start", None, None),
        ("session_end", "new_session", 7.0),
        ("session_start", None, None),
        ("session_end", "idle", 0.0),
    ]


@pytest.mark.timeout(30)
def test_record_never_raises(db: Path) -> None:
    def broken_clock() -> float:
        raise RuntimeError("clock gone")

    rec = StatsRecorder(db, flush_interval=FAST, clock=broken_clock)
    rec.start()
    rec.record("attract_cycle")
    rec.begin_session()
    rec.end_session("idle")
    rec.close()
    rec.close()  # idempotent
    rec.record("attract_cycle")  # after close: silently ignored
    assert rec.dropped >= 1


@pytest.mark.timeout(30)
def test_an_unstorable_event_is_dropped_alone(db: Path) -> None:
    stamps = iter([T0, "not a time", T0 + 2])
    ui_thread = threading.get_ident()

    def clock():
        # Only record() on this thread gets the odd stamp; the writer's own clock reads get T0.
        return next(stamps) if threading.get_ident() == ui_thread else T0

    rec = make(db, clock=clock)
    for item in ("a", "b", "c"):
        rec.record("screen_view", screen="story", item=item, lang="de", dwell_s=1.0)
    assert rec.flush(timeout=5)  # no hang, no fault
    rec.close()
    assert [r["item"] for r in rows(db)] == ["a", "c"]
    assert rec.dropped == 1 and rec.health is None


@pytest.mark.timeout(30)
def test_queue_is_bounded_and_keeps_the_newest(db: Path) -> None:
    rec = StatsRecorder(db, flush_interval=FAST, clock=FakeClock(T0), max_queue=10)
    for i in range(25):  # not started yet: nothing is written, the queue fills up
        rec.record("screen_view", screen="home", item=str(i), lang="de", dwell_s=1.0)
    assert rec.dropped == 15
    assert "Warteschlange" in (rec.health or "")
    rec.start()
    assert rec.flush()
    rec.close()
    assert [r["item"] for r in rows(db)] == [str(i) for i in range(15, 25)]
    assert rec.health is None


@pytest.mark.timeout(30)
def test_today_counts_and_daily_sessions(db: Path) -> None:
    clock = FakeClock(local_ts(2025, 6, 10, 9, 0))
    rec = make(db, clock)
    for day_offset, sessions in ((-2, 3), (-1, 0), (0, 2)):
        clock.now = local_ts(2025, 6, 10, 9, 0) + day_offset * 86400
        for _ in range(sessions):
            rec.begin_session()
            rec.record("qr_shown", target="story", item="s1", url="u")
            rec.end_session("idle")
    assert rec.flush()
    counts = rec.today_counts()
    assert counts["sessions"] == 2 and counts["qr_codes"] == 2
    assert counts["date"] == datetime(2025, 6, 10).date()
    d = datetime(2025, 6, 10).date()
    assert rec.daily_sessions(4) == [
        (d - timedelta(days=3), 0), (d - timedelta(days=2), 3), (d - timedelta(days=1), 0), (d, 2),
    ]
    rec.close()


def test_database_path_follows_the_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert stats.database_path() == tmp_path / "werkbank-kiosk" / "stats.sqlite3"
    assert stats.database_path(tmp_path / "x") == tmp_path / "x" / "stats.sqlite3"


# ---------------------------------------------------------------- storage faults


class FaultyConnect:
    """Connection factory that fails with a given SQLite error while ``fault`` is set."""

    def __init__(self, message: str | None) -> None:
        self.fault = message
        self.calls = 0

    def __call__(self, path: Path, timeout: float) -> sqlite3.Connection:
        self.calls += 1
        if self.fault:
            raise sqlite3.OperationalError(self.fault)
        return sqlite3.connect(str(path), timeout=timeout, isolation_level=None, check_same_thread=False)


@pytest.mark.timeout(30)
@pytest.mark.parametrize(
    "message, expected",
    [
        ("attempt to write a readonly database", "schreibgeschützt"),
        ("database or disk is full", "voll"),
        ("unable to open database file", "nicht verfügbar"),
    ],
)
def test_open_fault_never_raises_and_recovers(db: Path, message: str, expected: str) -> None:
    factory = FaultyConnect(message)
    rec = make(db, connect=factory)
    assert expected in (rec.health or "")
    for i in range(50):
        rec.record("screen_view", screen="home", item="", lang="de", dwell_s=float(i))  # must not raise
    rec.begin_session()
    rec.end_session("idle")
    assert rec.flush(timeout=2) is False
    assert factory.calls >= 2  # it keeps retrying
    assert expected in (rec.health or "")
    factory.fault = None  # e.g. the disk was remounted read-write
    assert rec.flush()
    assert rec.health is None
    rec.close()
    assert len(rows(db)) == 52  # nothing lost while the fault lasted


@pytest.mark.timeout(30)
def test_real_disk_full_keeps_events_bounded_and_recovers(db: Path) -> None:
    # A genuine SQLITE_FULL: cap the database at its current size via max_page_count.
    limit = {"pages": None}

    def connect(path: Path, timeout: float) -> sqlite3.Connection:
        conn = sqlite3.connect(str(path), timeout=timeout, isolation_level=None, check_same_thread=False)
        if limit["pages"] is not None:
            conn.execute(f"PRAGMA max_page_count = {limit['pages']}")
        return conn

    setup = make(db)  # a database with its schema and one event
    setup.record("attract_cycle")
    assert setup.flush()
    setup.close()
    limit["pages"] = query(db, "PRAGMA page_count")[0][0]  # no room to grow
    rec = make(db, connect=connect, max_queue=500)
    assert rec.health is None  # opening needs no new pages
    for i in range(800):
        rec.record("qr_shown", target="story", item=f"s{i}", url="https://werkbank.example/kontakt?" + "x" * 200)
    assert rec.flush(timeout=2) is False
    assert "voll" in (rec.health or "")
    assert rec.dropped == 300  # capped at max_queue, the rest counted
    assert "300 verworfen" in rec.health
    limit["pages"] = None  # space freed
    assert rec.flush()
    assert rec.health is None
    rec.close()
    r = rows(db)
    assert len(r) == 1 + 500
    # The oldest events were dropped, the newest kept, in order.
    assert [e["item"] for e in r[1:]] == [f"s{i}" for i in range(300, 800)]
    assert query(db, "PRAGMA integrity_check") == [("ok",)]


@pytest.mark.timeout(30)
def test_failing_write_midway_is_rolled_back_and_retried(db: Path) -> None:
    class Flaky:
        """Wraps a connection; executemany fails with 'disk full' while ``full`` is set."""

        full = False

        def __init__(self, conn: sqlite3.Connection) -> None:
            self._conn = conn

        def executemany(self, *a):
            if Flaky.full:
                raise sqlite3.OperationalError("database or disk is full")
            return self._conn.executemany(*a)

        def __getattr__(self, name):
            return getattr(self._conn, name)

    def connect(path: Path, timeout: float):
        return Flaky(sqlite3.connect(str(path), timeout=timeout, isolation_level=None, check_same_thread=False))

    rec = make(db, connect=connect)
    rec.record("attract_cycle")
    assert rec.flush()
    Flaky.full = True
    for _ in range(20):
        rec.record("attract_cycle")
    assert rec.flush(timeout=2) is False
    assert "voll" in rec.health
    Flaky.full = False
    assert rec.flush()
    rec.close()
    assert len(rows(db)) == 21 and rec.dropped == 0


@pytest.mark.timeout(30)
def test_locked_database(db: Path) -> None:
    rec = make(db)
    rec.record("attract_cycle")
    assert rec.flush()
    blocker = sqlite3.connect(db, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        rec.record("attract_cycle")
        assert rec.flush(timeout=2) is False
        assert "gesperrt" in (rec.health or "")
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert rec.flush()
    assert rec.health is None
    rec.close()
    assert len(rows(db)) == 2


@pytest.mark.timeout(30)
def test_data_dir_cannot_be_created_then_appears(tmp_path: Path) -> None:
    # A regular file where the data directory should be: mkdir fails even as root.
    blocker = tmp_path / "data"
    blocker.write_text("not a directory")
    db = blocker / "werkbank-kiosk" / "stats.sqlite3"
    rec = make(db)
    assert "nicht verfügbar" in (rec.health or "")
    rec.begin_session()
    rec.record("screen_view", screen="home", item="", lang="de", dwell_s=1.0)
    rec.end_session("idle")
    assert rec.flush(timeout=1) is False
    assert rec.today_counts()["sessions"] == 0 and rec.daily_sessions(3)[-1][1] == 0
    blocker.unlink()  # the storage becomes available
    assert rec.flush()
    assert rec.health is None
    rec.close()
    assert len(rows(db)) == 3


@pytest.mark.timeout(30)
def test_corrupt_database_is_set_aside(db: Path) -> None:
    db.parent.mkdir(parents=True)
    db.write_bytes(b"this is not an sqlite file" * 100)
    rec = make(db)
    rec.record("attract_cycle")
    assert rec.flush()
    assert rec.health is None
    rec.close()
    assert len(rows(db)) == 1
    assert list(db.parent.glob("stats.sqlite3.corrupt-*"))


@pytest.mark.timeout(30)
def test_checkpoint_bounds_unsynced_commits(db: Path) -> None:
    clock = FakeClock(T0)
    rec = make(db, clock)
    rec.record("attract_cycle")
    assert rec.flush()
    clock.advance(30)
    rec.record("attract_cycle")
    assert rec.flush() and rec.checkpoints == 0  # first write is only 30 s old
    clock.advance(31)
    assert rec.flush() and rec.checkpoints == 1  # 61 s after the first unsynced commit
    clock.advance(120)
    assert rec.flush() and rec.checkpoints == 1  # nothing written since: nothing to sync
    rec.close()

    full = make(tmp := db.with_name("full.sqlite3"), clock, synchronous="full")
    full.record("attract_cycle")
    assert full.flush()
    clock.advance(120)
    assert full.flush() and full.checkpoints == 0  # every commit is fsynced already
    assert query(tmp, "SELECT count(*) FROM events") == [(1,)]
    full.close()
    with pytest.raises(ValueError):
        StatsRecorder(db, synchronous="OFF")


# ---------------------------------------------------------------- retention


@pytest.mark.timeout(30)
def test_retention_at_start_and_daily(db: Path) -> None:
    now = local_ts(2025, 6, 10, 12, 0)
    day = 86400.0
    db.parent.mkdir(parents=True)
    write_events(db, [
        (now - 400 * day, "attract_cycle", None, {"item": "400"}),
        (now - 366 * day, "attract_cycle", None, {"item": "366"}),
        (now - 364 * day, "attract_cycle", None, {"item": "364"}),
        (now - 350 * day, "attract_cycle", None, {"item": "350"}),
        (now - 1 * day, "attract_cycle", None, {"item": "1"}),
    ])
    clock = FakeClock(now)
    rec = make(db, clock, retention_days=365)
    assert rec.flush()
    assert [r["item"] for r in rows(db)] == ["364", "350", "1"]
    clock.advance(1.5 * day)  # next daily purge is due; "364" is now 365.5 days old
    rec.record("attract_cycle", item="new")
    assert rec.flush()
    assert [r["item"] for r in rows(db)] == ["350", "1", "new"]
    clock.advance(20 * day)  # the 350-day-old event passes the limit
    rec.record("attract_cycle", item="later")
    assert rec.flush()
    assert [r["item"] for r in rows(db)] == ["1", "new", "later"]
    rec.close()


@pytest.mark.timeout(30)
def test_retention_runs_at_most_once_a_day(db: Path) -> None:
    now = local_ts(2025, 6, 10, 12, 0)
    day = 86400.0
    db.parent.mkdir(parents=True)
    write_events(db, [(now - 364.9 * day, "attract_cycle", None, {"item": "old"})])
    clock = FakeClock(now)
    rec = make(db, clock, retention_days=365)
    assert rec.flush()
    clock.advance(0.5 * day)  # now 365.4 days old, but the daily purge isn't due for 12 h
    rec.record("attract_cycle", item="x")
    assert rec.flush()
    assert [r["item"] for r in rows(db)] == ["old", "x"]
    clock.advance(0.6 * day)
    rec.record("attract_cycle", item="y")
    assert rec.flush()
    assert [r["item"] for r in rows(db)] == ["x", "y"]
    rec.close()


# ---------------------------------------------------------------- durability


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "commits_before_kill, stall",
    [(3, False), (8, False), (4, True)],
    ids=["kill-early", "kill-later", "kill-inside-transaction"],
)
def test_sigkill_mid_write_loses_at_most_one_interval(tmp_path: Path, commits_before_kill: int, stall: bool) -> None:
    db = tmp_path / "stats.sqlite3"
    interval = 0.1
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    cmd = [sys.executable, str(Path(__file__).with_name("stats_fixtures.py")), "durability-child", str(db), str(interval)]
    if stall:
        cmd.append(str(commits_before_kill))  # the writer stops inside its next transaction
    child = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    lines: list[tuple[int, int]] = []
    midwrite = False
    durable_at_stall = -1

    def parse(line: str) -> None:
        nonlocal midwrite, durable_at_stall
        if line.startswith("durable="):
            lines.append(tuple(int(part.split("=")[1]) for part in line.split()))
        elif line.startswith("midwrite"):
            midwrite = True
            durable_at_stall = int(line.split()[1].split("=")[1])

    try:
        assert child.stdout is not None
        for line in child.stdout:
            parse(line)
            if midwrite if stall else sum(1 for d, _ in lines if d > 0) >= commits_before_kill:
                break
        child.send_signal(signal.SIGKILL)
        rest, err = child.communicate(timeout=20)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL, err
    for line in rest.splitlines():  # whatever it printed before dying
        parse(line)
    assert lines and lines[-1][0] > 0
    assert midwrite == stall

    assert query(db, "PRAGMA integrity_check") == [("ok",)]
    items = [int(r[0]) for r in query(db, "SELECT item FROM events WHERE kind = 'screen_view' ORDER BY id")]
    assert items == list(range(len(items))), "losses may only be at the tail, in order"
    kept = query(db, "SELECT count(*) FROM events")[0][0]  # + the session_start
    durable_last, recorded_last = lines[-1]
    assert kept >= durable_last, "an event reported durable was lost"
    if stall:
        # Exactly the committed batches survive; the interrupted one leaves no trace.
        assert kept == durable_at_stall, "the interrupted transaction must leave no trace"
    # Events recorded between two commits = what one flush interval holds at this rate.
    per_interval = max(r2 - r1 for (_, r1), (_, r2) in zip(lines, lines[1:]))
    lost = (recorded_last + 1) - kept
    assert lost <= 2 * per_interval, (lost, per_interval, lines[-3:])
