"""The statistics report: figures against a hand-built event set, renderers and the command."""

from __future__ import annotations

import csv
import io
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from kiosk.cli import stats_command
from kiosk.services.report import (
    NO_DATA,
    build_report,
    fmt_duration,
    fmt_int,
    render_csv,
    render_html,
    render_text,
)
from kiosk.services.stats import StatsRecorder
from stats_fixtures import EXPECTED, TITLES, FakeClock, hand_built_events, local_ts, write_events


@pytest.fixture
def hand_db(tmp_path: Path) -> Path:
    db = tmp_path / "stats.sqlite3"
    write_events(db, hand_built_events())
    return db


def _periods(periods) -> dict:
    return {
        p.key: (p.sessions, p.median_session_s, p.story_views, p.qr_codes)
        for p in periods
        if p.sessions or p.story_views or p.qr_codes
    }


def test_report_figures_match_hand_built_events(hand_db: Path) -> None:
    r = build_report(hand_db, None, None, TITLES)
    e = EXPECTED
    assert (r.since, r.until) == (e["since"], e["until"])
    assert r.sessions == e["sessions"]
    assert r.median_session_s == e["median_session_s"]
    assert r.qr_codes == e["qr_codes"]
    assert r.story_views == e["story_views"]
    assert r.screen_views == e["screen_views"]
    assert r.attract_cycles == e["attract_cycles"]
    assert _periods(r.days) == e["days"]
    assert _periods(r.weeks) == e["weeks"]
    assert _periods(r.months) == e["months"]
    # Every day of the period is listed (zeros too), weeks and months contiguous.
    assert len(r.days) == 31 and r.days[0].key == "2025-06-02" and r.days[-1].key == "2025-07-02"
    assert [w.key for w in r.weeks] == ["2025-W23", "2025-W24", "2025-W25", "2025-W26", "2025-W27"]
    assert [m.label for m in r.months] == ["Juni 2025", "Juli 2025"]
    assert [(s.id, s.views, s.median_dwell_s) for s in r.stories] == e["stories"]
    assert [s.id for s in r.stories_by_dwell] == e["stories_by_dwell"]
    assert r.stories[0].title == "Roboter im Handwerk" and r.stories[2].title == "s3"  # unknown id: shown as id
    assert [(g.key, g.count) for g in r.goals] == e["goals"]
    assert [(g.key, g.count) for g in r.industries] == e["industries"]
    assert [(q.key, q.count) for q in r.qr_targets] == e["qr_targets"]
    assert [(q.key, q.count) for q in r.qr_by_story] == e["qr_by_story"]
    assert [(q.key, q.count) for q in r.qr_by_provider] == e["qr_by_provider"]
    assert r.qr_by_provider[0].label == "Muster GmbH"
    assert [(q.key, q.count) for q in r.qr_by_page] == e["qr_by_page"]
    assert [(x.key, x.count) for x in r.languages] == e["languages"]
    assert [(x.key, x.count) for x in r.lang_switches] == e["lang_switches"]
    assert [(x.key, x.count) for x in r.end_reasons] == e["end_reasons"]
    cells = {(wd, h): n for wd in range(7) for h in range(24) if (n := r.heatmap[wd][h])}
    assert cells == e["heatmap"]
    assert sum(map(sum, r.heatmap)) == r.sessions
    assert [(p.id, p.views, p.median_dwell_s) for p in r.providers] == [("p1", 1, 15.0)]
    assert [(p.id, p.views) for p in r.pages] == [("impressum", 1)]
    assert [(v.id, v.plays, v.median_watched_s, v.median_completion) for v in r.videos] == [("s1", 1, 30.0, 0.5)]


def test_period_bounds_are_inclusive_local_days(hand_db: Path) -> None:
    r = build_report(hand_db, date(2025, 6, 3), date(2025, 6, 10))
    assert r.sessions == 2  # C (3 June) and D (10 June)
    assert r.median_session_s == 195.0  # of 300 and 90
    assert len(r.days) == 8
    assert [(s.id, s.views) for s in r.stories] == [("s1", 1), ("s2", 1)]
    assert r.qr_codes == 3
    r = build_report(hand_db, date(2025, 7, 1), None)
    assert (r.since, r.until, r.sessions) == (date(2025, 7, 1), date(2025, 7, 2), 2)
    r = build_report(hand_db, None, date(2025, 6, 2))
    assert (r.since, r.until, r.sessions, r.median_session_s) == (date(2025, 6, 2), date(2025, 6, 2), 2, 90.0)


def test_empty_period_and_empty_database(hand_db: Path, tmp_path: Path) -> None:
    r = build_report(hand_db, date(2024, 1, 1), date(2024, 1, 31))
    assert r.empty and r.sessions == 0
    empty_db = tmp_path / "empty.sqlite3"
    write_events(empty_db, [])
    for report in (r, build_report(empty_db, None, None)):
        assert NO_DATA in render_text(report)
        page = render_html(report)
        assert NO_DATA in page and "<svg" not in page
        rows = list(csv.reader(io.StringIO(render_csv(report))))
        assert rows[0] == ["section", "key", "label", "metric", "value"]
        assert ["summary", "", "", "sessions", "0"] in rows


def test_report_of_recorded_sessions(tmp_path: Path) -> None:
    # End to end: what the recorder writes is what the report counts.
    db = tmp_path / "stats.sqlite3"
    clock = FakeClock(local_ts(2025, 6, 4, 11, 0))
    rec = StatsRecorder(db, flush_interval=0.02, clock=clock)
    rec.start()
    for length in (40, 80, 200):
        rec.begin_session()
        rec.record("screen_view", screen="story", item="s1", lang="de", dwell_s=length / 2)
        rec.record("qr_shown", target="story", item="s1", url="u")
        clock.advance(length)
        rec.end_session("idle")
        clock.advance(600)
    assert rec.flush()
    r = build_report(db, None, None)  # while the recorder is still open (WAL readers)
    rec.close()
    assert (r.sessions, r.median_session_s, r.qr_codes) == (3, 80.0, 3)
    assert [(s.id, s.views, s.median_dwell_s) for s in r.stories] == [("s1", 3, 40.0)]
    assert r.heatmap[2][11] == 3  # Wednesday 11:00, 11:10, 11:22


def test_text_rendering(hand_db: Path) -> None:
    text = render_text(build_report(hand_db, None, None, TITLES))
    assert "Zeitraum: 2. Juni 2025 – 2. Juli 2025" in text
    assert any(line.startswith("Sitzungen ") and line.endswith(" 6") for line in text.splitlines())
    assert "1:30 min" in text  # median session length
    assert "Roboter im Handwerk" in text and "KW 23/2025" in text and "Juni 2025" in text
    assert "Deutsch" in text and "Englisch" in text


def test_csv_rendering(hand_db: Path) -> None:
    rows = list(csv.reader(io.StringIO(render_csv(build_report(hand_db, None, None, TITLES)))))
    index = {(s, k, m): v for s, k, _label, m, v in rows[1:]}
    assert index[("summary", "", "sessions")] == "6"
    assert index[("summary", "", "median_session_s")] == "90.0"
    assert index[("summary", "", "qr_codes")] == "5"
    assert index[("day", "2025-06-02", "sessions")] == "2"
    assert index[("day", "2025-06-05", "sessions")] == "0"
    assert index[("day", "2025-06-02", "median_session_s")] == "90.0"
    assert index[("week", "2025-W23", "median_session_s")] == "120.0"
    assert index[("month", "2025-06", "median_session_s")] == "105.0"
    assert index[("story", "s1", "views")] == "4"
    assert index[("story", "s2", "median_dwell_s")] == "25.0"
    assert index[("goal", "effizienz", "count")] == "2"
    assert index[("qr_target", "story", "count")] == "3"
    assert index[("qr_provider", "p1", "count")] == "1"
    assert index[("language", "de", "count")] == "9"
    assert index[("lang_switch", "de>en", "count")] == "1"
    assert index[("heatmap", "0-10", "session_starts")] == "2"
    assert index[("heatmap", "2-16", "session_starts")] == "2"
    assert index[("heatmap", "6-23", "session_starts")] == "0"
    assert sum(1 for r in rows if r[0] == "heatmap") == 168


def test_formatting_helpers() -> None:
    assert fmt_int(1234567) == "1.234.567"
    assert [fmt_duration(x) for x in (None, 4.4, 59.6, 90, 3725)] == ["–", "4 s", "1:00 min", "1:30 min", "1:02:05 h"]


# ---------------------------------------------------------------- stats_command


def run(db, since=None, until=None, fmt="text", out=None):
    o, e = io.StringIO(), io.StringIO()
    code = stats_command(db, since, until, fmt, out, TITLES, stdout=o, stderr=e)
    return code, o.getvalue(), e.getvalue()


def test_command_writes_each_format(hand_db: Path, tmp_path: Path) -> None:
    code, out, err = run(hand_db, "2025-06-01", "30.06.2025")  # ISO and German dates
    assert code == 0 and err == ""
    assert "Zeitraum: 1. Juni 2025 – 30. Juni 2025" in out
    for fmt in ("text", "csv", "html"):
        target = tmp_path / f"report.{fmt}"
        code, out, err = run(hand_db, None, None, fmt, target)
        assert (code, out, err) == (0, "", "")
        assert target.stat().st_size > 200
    assert (tmp_path / "report.csv").read_bytes().startswith(b"\xef\xbb\xbfsection,")  # BOM for Excel
    assert (tmp_path / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    "since, until, fmt, needle",
    [
        ("2025-13-01", None, "text", "ungültiges Datum für --since"),
        (None, "gestern", "text", "ungültiges Datum für --until"),
        ("2025-07-01", "2025-06-01", "text", "liegt nach"),
        (None, None, "pdf", "unbekanntes Format"),
    ],
)
def test_command_rejects_bad_input(hand_db: Path, since, until, fmt, needle) -> None:
    code, out, err = run(hand_db, since, until, fmt)
    assert code == 2 and out == ""
    assert needle in err and err.startswith("kiosk stats: ")


def test_command_missing_or_broken_database(tmp_path: Path) -> None:
    missing = tmp_path / "nope" / "stats.sqlite3"
    code, _, err = run(missing)
    assert code == 2 and "keine Statistik-Datenbank" in err
    assert not missing.exists() and not missing.parent.exists()  # the report never creates anything
    with pytest.raises(FileNotFoundError):
        build_report(missing, None, None)
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"garbage" * 200)
    code, _, err = run(junk)
    assert code == 2 and "nicht lesbar" in err
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE x (y)").connection.close()
    code, _, err = run(other)
    assert code == 2 and "nicht lesbar" in err


def test_command_unwritable_output(hand_db: Path, tmp_path: Path) -> None:
    code, _, err = run(hand_db, out=tmp_path / "no-such-dir" / "r.txt")
    assert code == 2 and "kann" in err


def test_sessions_from_the_attract_loop_per_period_in_every_format(tmp_path: Path) -> None:
    # Two sessions began with a touch on the attract loop, one on a screen; the old database's
    # session starts name no entry point and count as sessions, not as from the loop.
    db = tmp_path / "stats.sqlite3"
    write_events(db, [
        (local_ts(2025, 6, 2, 10, 0), "session_start", "a", {}),
        (local_ts(2025, 6, 2, 11, 0), "session_start", "b", {"screen": "attract", "item": "s1"}),
        (local_ts(2025, 6, 3, 9, 0), "session_start", "c", {"screen": "attract", "item": ""}),
        (local_ts(2025, 6, 3, 9, 5), "session_start", "d", {}),
    ])
    r = build_report(db, None, None, TITLES)
    assert (r.sessions, r.attract_sessions) == (4, 2)
    assert [(p.key, p.sessions, p.from_attract) for p in r.days] == [("2025-06-02", 2, 1), ("2025-06-03", 2, 1)]
    assert [(p.key, p.from_attract) for p in r.weeks + r.months] == [("2025-W23", 2), ("2025-06", 2)]
    text = render_text(r)
    assert any(line.startswith("Sitzungen aus der Attract-Schleife ") and line.endswith(" 2")
               for line in text.splitlines())
    assert "davon aus Attract-Schleife" in text
    day = next(line for line in text.splitlines() if line.startswith("Mo 02.06.2025"))
    assert day.split()[2:4] == ["2", "1"], day
    rows = list(csv.reader(io.StringIO(render_csv(r))))
    index = {(s, k, m): v for s, k, _label, m, v in rows[1:]}
    assert index[("summary", "", "attract_sessions")] == "2"
    assert index[("day", "2025-06-03", "attract_sessions")] == "1"
    assert index[("week", "2025-W23", "attract_sessions")] == "2"
    page = render_html(r)
    assert "Sitzungen aus der Attract-Schleife" in page and "davon aus Attract-Schleife" in page
