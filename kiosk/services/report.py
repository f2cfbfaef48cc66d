"""Visitor statistics report: aggregate the recorder's SQLite events into text, CSV and HTML.

``build_report`` reads the database read-only (it can run while the kiosk is writing, WAL
mode allows that) and aggregates with SQL ``GROUP BY`` wherever a count is enough; only
the values that need a median (session lengths, dwell times, video watch times) are fetched
and grouped in Python. Over 1,000,000 events the whole report builds in about a second
(see ``scripts/bench_stats.py``).

Time buckets (day, ISO week, month, hour of week) use the kiosk's local time zone. Counts
are bucketed by whole UTC hours and each hour is then mapped to local time in Python, which
is exact for every zone with whole-hour offsets (Europe/Berlin included, DST too) and much
cheaper than converting every row in SQL.

Definitions used throughout (they are printed in the report's footnotes too):

* a *session* is one ``session_start`` event; its *length* comes from its ``session_end``
  (sessions cut off by a power loss count as sessions but have no length);
* session lengths are attributed to the day the session *started*;
* *views* are ``screen_view`` events; *dwell* is the time spent on that screen;
* medians are plain medians of the recorded values (mean of the two middle values for an
  even count).
"""

from __future__ import annotations

import csv
import html
import io
import re
import sqlite3
import statistics
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Iterable, Mapping, Sequence, TextIO

from kiosk.model.problems import printable, shown

ACCENT = "#C8501E"
INK = "#222222"
GREY = "#6B6B6B"
LIGHT = "#E6E3E0"

WEEKDAYS_DE = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
MONTHS_DE = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)
MONTHS_DE_SHORT = ("Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez")
LANG_NAMES = {"de": "Deutsch", "en": "Englisch"}
TARGET_NAMES = {"story": "Geschichten", "provider": "Anbieter", "page": "Seiten"}
REASON_NAMES = {
    "idle": "Inaktivität",
    "attract": "Attract-Modus",
    "staff": "Personal",
    "new_session": "Neue Sitzung",
}
NO_DATA = "Keine Daten im Zeitraum"


# --------------------------------------------------------------------------- data model


@dataclass
class PeriodStats:
    """One row of the day / ISO week / month tables."""

    key: str  #: machine key: ``2025-06-03``, ``2025-W23`` or ``2025-06``
    label: str  #: German label for people
    start: date
    sessions: int = 0
    median_session_s: float | None = None
    story_views: int = 0
    qr_codes: int = 0


@dataclass
class ItemStats:
    """Views and median dwell of one story, provider or page."""

    id: str
    title: str
    views: int
    median_dwell_s: float | None


@dataclass
class CountRow:
    """A labelled count (goal, industry, QR target, language, ...)."""

    key: str
    label: str
    count: int


@dataclass
class VideoStats:
    """Plays and median watch time of one video (by the item it belongs to)."""

    id: str
    title: str
    plays: int
    median_watched_s: float | None
    median_completion: float | None  #: watched / duration, 0..1


@dataclass
class Report:
    """Everything the renderers need; built by :func:`build_report`."""

    since: date | None
    until: date | None
    generated_at: datetime
    events: int = 0
    sessions: int = 0
    median_session_s: float | None = None
    qr_codes: int = 0
    story_views: int = 0
    screen_views: int = 0
    attract_cycles: int = 0
    days: list[PeriodStats] = field(default_factory=list)
    weeks: list[PeriodStats] = field(default_factory=list)
    months: list[PeriodStats] = field(default_factory=list)
    stories: list[ItemStats] = field(default_factory=list)  #: by views, most first
    providers: list[ItemStats] = field(default_factory=list)
    pages: list[ItemStats] = field(default_factory=list)
    goals: list[CountRow] = field(default_factory=list)
    industries: list[CountRow] = field(default_factory=list)
    qr_targets: list[CountRow] = field(default_factory=list)  #: story / provider / page totals
    qr_by_story: list[CountRow] = field(default_factory=list)
    qr_by_provider: list[CountRow] = field(default_factory=list)
    qr_by_page: list[CountRow] = field(default_factory=list)
    languages: list[CountRow] = field(default_factory=list)  #: screen views by language
    lang_switches: list[CountRow] = field(default_factory=list)  #: key ``"de>en"``
    heatmap: list[list[int]] = field(default_factory=lambda: [[0] * 24 for _ in range(7)])  #: [weekday Mo=0][hour]
    end_reasons: list[CountRow] = field(default_factory=list)
    videos: list[VideoStats] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when the period holds no events at all."""
        return self.events == 0

    @property
    def stories_by_dwell(self) -> list[ItemStats]:
        """Stories ranked by median dwell (longest first); stories without a dwell value last."""
        return sorted(
            self.stories,
            key=lambda s: (s.median_dwell_s is None, -(s.median_dwell_s or 0.0), -s.views, s.id),
        )


# --------------------------------------------------------------------------- building


def _midnight(d: date) -> float:
    return datetime(d.year, d.month, d.day).timestamp()


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _week_key(d: date) -> tuple[str, str, date]:
    iso = d.isocalendar()
    monday = d - timedelta(days=d.weekday())
    return f"{iso.year}-W{iso.week:02d}", f"KW {iso.week:02d}/{iso.year}", monday


def _month_key(d: date) -> tuple[str, str, date]:
    return f"{d.year}-{d.month:02d}", f"{MONTHS_DE[d.month - 1]} {d.year}", d.replace(day=1)


def _day_key(d: date) -> tuple[str, str, date]:
    return d.isoformat(), f"{WEEKDAYS_DE[d.weekday()]} {d.day:02d}.{d.month:02d}.{d.year}", d


class _HourMap:
    """Maps a UTC hour number (``int(ts // 3600)``) to local (date, weekday, hour), cached."""

    def __init__(self) -> None:
        self._cache: dict[int, tuple[date, int, int]] = {}

    def __call__(self, h: int) -> tuple[date, int, int]:
        hit = self._cache.get(h)
        if hit is None:
            dt = datetime.fromtimestamp(h * 3600)
            hit = (dt.date(), dt.weekday(), dt.hour)
            self._cache[h] = hit
        return hit


def _open_ro(db_path: Path) -> sqlite3.Connection:
    # mode=ro: the report must never create or modify the kiosk's database.
    uri = f"{Path(db_path).resolve().as_uri()}?mode=ro"
    return sqlite3.connect(uri, uri=True, timeout=5.0)


def build_report(
    db_path: Path,
    since: date | None,
    until: date | None,
    titles: Mapping[str, str] | None = None,
) -> Report:
    """Aggregate the events between ``since`` and ``until`` (both inclusive, local days).

    ``None`` bounds mean "from the first" / "to the last" recorded event. ``titles`` maps a
    story/provider/page (or goal/industry) id to its display title; unknown ids show as the
    id. Raises ``FileNotFoundError`` for a missing database, ``ValueError`` if since > until
    and ``sqlite3.DatabaseError`` for a file that is not a statistics database.
    """
    db_path = Path(db_path)
    if not db_path.is_file():
        raise FileNotFoundError(str(db_path))
    if since and until and since > until:
        raise ValueError(f"since ({since}) is after until ({until})")
    titles = dict(titles or {})
    title = lambda key: titles.get(key) or key  # noqa: E731

    conn = _open_ro(db_path)
    try:
        return _build(conn, since, until, title)
    finally:
        conn.close()


def _build(conn: sqlite3.Connection, since: date | None, until: date | None, title) -> Report:
    lo_ts, hi_ts = conn.execute("SELECT min(ts), max(ts) FROM events").fetchone()
    if lo_ts is not None:
        since = since or datetime.fromtimestamp(lo_ts).date()
        until = until or datetime.fromtimestamp(hi_ts).date()
        if since > until:  # only one bound given and it lies outside the data
            until = since
    report = Report(since=since, until=until, generated_at=datetime.now().replace(microsecond=0))
    if since is None or until is None:
        return report
    t0, t1 = _midnight(since), _midnight(until + timedelta(days=1))
    rng = (t0, t1)

    report.events = conn.execute("SELECT count(*) FROM events WHERE ts >= ? AND ts < ?", rng).fetchone()[0]
    if report.events == 0:
        return report

    hour_map = _HourMap()
    day_sessions: Counter = Counter()
    day_story_views: Counter = Counter()
    day_qr: Counter = Counter()

    # Counts per kind and UTC hour: one GROUP BY pass, a few thousand result rows per year.
    rows = conn.execute(
        "SELECT kind, CAST(ts / 3600 AS INTEGER) AS h, count(*) FROM events"
        " WHERE kind IN ('session_start', 'qr_shown', 'attract_cycle') AND ts >= ? AND ts < ?"
        " GROUP BY kind, h",
        rng,
    )
    for kind, h, n in rows:
        d, wd, hour = hour_map(h)
        if kind == "session_start":
            day_sessions[d] += n
            report.heatmap[wd][hour] += n
        elif kind == "qr_shown":
            day_qr[d] += n
        else:
            report.attract_cycles += n

    # Screen views are most of the data. One pass fetches what the medians need and counts
    # the rest on the way; measured faster than three GROUP BY passes over the same rows.
    lang_counts: Counter = Counter()
    story_hours: Counter = Counter()
    views: Counter = Counter()
    dwell: dict[tuple[str, str], list[float]] = defaultdict(list)
    with_items = {"story", "provider", "page"}
    for screen, item, lang, h, d in conn.execute(
        "SELECT screen, item, lang, CAST(ts / 3600 AS INTEGER), dwell_s FROM events"
        " WHERE kind = 'screen_view' AND ts >= ? AND ts < ?",
        rng,
    ):
        lang_counts[lang or ""] += 1
        if screen in with_items and item:
            key = (screen, item)
            views[key] += 1
            if d is not None:
                dwell[key].append(d)
            if screen == "story":
                story_hours[h] += 1
    for h, n in story_hours.items():
        day_story_views[hour_map(h)[0]] += n
    report.sessions = sum(day_sessions.values())
    report.qr_codes = sum(day_qr.values())
    report.story_views = sum(day_story_views.values())

    # Session lengths: fetched (a median needs the values), bucketed by the local start day.
    day_lengths: dict[date, list[float]] = defaultdict(list)
    reasons: Counter = Counter()
    all_lengths: list[float] = []
    for ts, duration, reason in conn.execute(
        "SELECT ts, duration_s, reason FROM events WHERE kind = 'session_end' AND ts >= ? AND ts < ?", rng
    ):
        reasons[reason or ""] += 1
        if duration is None:
            continue
        start_day = hour_map(int((ts - duration) // 3600))[0]
        day_lengths[max(start_day, since)].append(duration)
        all_lengths.append(duration)
    report.median_session_s = _median(all_lengths)
    report.end_reasons = [
        CountRow(k, REASON_NAMES.get(k, k or "unbekannt"), n) for k, n in _ranked(reasons)
    ]

    report.days, report.weeks, report.months = (
        _periods(since, until, keyfn, day_sessions, day_lengths, day_story_views, day_qr)
        for keyfn in (_day_key, _week_key, _month_key)
    )

    report.screen_views = sum(lang_counts.values())
    report.languages = [
        CountRow(k, LANG_NAMES.get(k, k.upper() or "unbekannt"), n)
        for k, n in _ranked(lang_counts)
    ]

    def items(screen: str) -> list[ItemStats]:
        out = [
            ItemStats(item, title(item), n, _median(dwell.get((screen, item), [])))
            for (s, item), n in views.items()
            if s == screen
        ]
        out.sort(key=lambda x: (-x.views, x.id))
        return out

    report.stories, report.providers, report.pages = items("story"), items("provider"), items("page")

    # Filters chosen.
    goals, industries = Counter(), Counter()
    for dim, value, n in conn.execute(
        "SELECT dimension, value, count(*) FROM events WHERE kind = 'filter' AND ts >= ? AND ts < ?"
        " GROUP BY dimension, value",
        rng,
    ):
        (goals if dim == "goal" else industries if dim == "industry" else Counter())[value or ""] += n
    report.goals = [CountRow(k, title(k), n) for k, n in _ranked(goals)]
    report.industries = [CountRow(k, title(k), n) for k, n in _ranked(industries)]

    # QR codes shown, per target and item.
    per_target: dict[str, Counter] = defaultdict(Counter)
    for target, item, n in conn.execute(
        "SELECT target, item, count(*) FROM events WHERE kind = 'qr_shown' AND ts >= ? AND ts < ?"
        " GROUP BY target, item",
        rng,
    ):
        per_target[target or ""][item or ""] += n
    report.qr_targets = [
        CountRow(t, TARGET_NAMES.get(t, t or "unbekannt"), sum(per_target[t].values()))
        for t in ["story", "provider", "page", *sorted(k for k in per_target if k not in TARGET_NAMES)]
        if t in per_target or t in TARGET_NAMES
    ]
    report.qr_by_story = [CountRow(k, title(k), n) for k, n in _ranked(per_target.get("story", {}))]
    report.qr_by_provider = [CountRow(k, title(k), n) for k, n in _ranked(per_target.get("provider", {}))]
    report.qr_by_page = [CountRow(k, title(k), n) for k, n in _ranked(per_target.get("page", {}))]

    # Language switches.
    switches = Counter()
    for a, b, n in conn.execute(
        "SELECT from_lang, to_lang, count(*) FROM events WHERE kind = 'lang_switch' AND ts >= ? AND ts < ?"
        " GROUP BY from_lang, to_lang",
        rng,
    ):
        switches[(a or "", b or "")] += n
    report.lang_switches = [
        CountRow(f"{a}>{b}", f"{LANG_NAMES.get(a, a)} → {LANG_NAMES.get(b, b)}", n) for (a, b), n in _ranked(switches)
    ]

    # Videos.
    watched: dict[str, list[float]] = defaultdict(list)
    completion: dict[str, list[float]] = defaultdict(list)
    plays: Counter = Counter()
    for item, w, d in conn.execute(
        "SELECT item, watched_s, duration_s FROM events WHERE kind = 'video_play' AND ts >= ? AND ts < ?", rng
    ):
        item = item or ""
        plays[item] += 1
        if w is not None:
            watched[item].append(w)
            if d:
                completion[item].append(min(1.0, w / d))
    report.videos = [
        VideoStats(k, title(k), n, _median(watched[k]), _median(completion[k])) for k, n in _ranked(plays)
    ]
    return report


def _ranked(counter: Mapping) -> list[tuple]:
    """Items by count (most first), ties by key, so output is stable."""
    return sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0])))


def _periods(since, until, keyfn, sessions, lengths, story_views, qr) -> list[PeriodStats]:
    buckets: dict[str, PeriodStats] = {}
    bucket_lengths: dict[str, list[float]] = defaultdict(list)
    d = since
    one = timedelta(days=1)
    while d <= until:
        key, label, start = keyfn(d)
        p = buckets.get(key)
        if p is None:
            p = buckets[key] = PeriodStats(key, label, start)
        p.sessions += sessions.get(d, 0)
        p.story_views += story_views.get(d, 0)
        p.qr_codes += qr.get(d, 0)
        if d in lengths:
            bucket_lengths[key].extend(lengths[d])
        d += one
    for key, values in bucket_lengths.items():
        buckets[key].median_session_s = _median(values)
    return list(buckets.values())


# --------------------------------------------------------------------------- formatting helpers


def fmt_int(n: int) -> str:
    """German thousands separator: 12345 -> '12.345'."""
    return f"{n:,}".replace(",", ".")


def fmt_duration(seconds: float | None) -> str:
    """'45 s', '2:05 min', '1:02:03 h'; '–' for no value."""
    if seconds is None:
        return "–"
    s = int(round(seconds))
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60}:{s % 60:02d} min"
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d} h"


def fmt_date(d: date | None) -> str:
    """'3. Juni 2025'."""
    if d is None:
        return "–"
    return f"{d.day}. {MONTHS_DE[d.month - 1]} {d.year}"


def fmt_period(report: Report) -> str:
    """Human period line, e.g. '1. Juni 2025 – 30. Juni 2025'."""
    if report.since is None and report.until is None:
        return "gesamter Zeitraum"
    if report.since == report.until:
        return fmt_date(report.since)
    return f"{fmt_date(report.since)} – {fmt_date(report.until)}"


def _pct(n: int, total: int) -> str:
    return f"{100.0 * n / total:.0f} %".replace(".", ",") if total else "–"


def _active(periods: Sequence[PeriodStats]) -> list[PeriodStats]:
    return [p for p in periods if p.sessions or p.story_views or p.qr_codes]


# --------------------------------------------------------------------------- text


def _text_table(headers: Sequence[str], rows: Iterable[Sequence[str]], right: Sequence[int] = ()) -> str:
    rows = [list(map(str, r)) for r in rows]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]

    def line(cells):
        return "  ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    out = [line(headers), "  ".join("-" * w for w in widths)]
    out.extend(line(r) for r in rows)
    return "\n".join(out)


def render_text(report: Report) -> str:
    """Plain-text report for the terminal (UTF-8, fixed-width tables)."""
    out: list[str] = []
    head = "Besucherstatistik Digitale Werkbank – Werkbank Kiosk"
    out += [head, "=" * len(head), f"Zeitraum: {fmt_period(report)}", f"Erstellt: {report.generated_at:%d.%m.%Y %H:%M}", ""]
    if report.empty:
        out += [NO_DATA, ""]
        return "\n".join(out)

    def section(title: str, body: str) -> None:
        out.extend([title, "-" * len(title), body, ""])

    section(
        "Kennzahlen",
        _text_table(
            ["Kennzahl", "Wert"],
            [
                ["Sitzungen", fmt_int(report.sessions)],
                ["Sitzungsdauer (Median)", fmt_duration(report.median_session_s)],
                ["QR-Codes angezeigt", fmt_int(report.qr_codes)],
                ["Geschichten-Aufrufe", fmt_int(report.story_views)],
                ["Bildschirmaufrufe gesamt", fmt_int(report.screen_views)],
                ["Attract-Durchläufe", fmt_int(report.attract_cycles)],
            ],
            right=[1],
        ),
    )
    period_headers = ["Zeitraum", "Sitzungen", "Dauer (Median)", "Geschichten", "QR-Codes"]

    def period_rows(periods):
        return [[p.label, fmt_int(p.sessions), fmt_duration(p.median_session_s), fmt_int(p.story_views), fmt_int(p.qr_codes)] for p in periods]

    section("Pro Monat", _text_table(period_headers, period_rows(report.months), right=[1, 2, 3, 4]))
    section("Pro Kalenderwoche", _text_table(period_headers, period_rows(report.weeks), right=[1, 2, 3, 4]))
    section("Pro Tag (Tage mit Betrieb)", _text_table(period_headers, period_rows(_active(report.days)), right=[1, 2, 3, 4]))

    def item_table(items) -> str:
        if not items:
            return NO_DATA
        if not any(s.title != s.id for s in items):  # no titles known: one ID column is enough
            return _text_table(["#", "ID", "Aufrufe", "Verweildauer (Median)"],
                               [[str(i + 1), s.id, fmt_int(s.views), fmt_duration(s.median_dwell_s)] for i, s in enumerate(items)],
                               right=[0, 2, 3])
        return _text_table(["#", "Titel", "ID", "Aufrufe", "Verweildauer (Median)"],
                           [[str(i + 1), s.title, s.id, fmt_int(s.views), fmt_duration(s.median_dwell_s)] for i, s in enumerate(items)],
                           right=[0, 3, 4])

    section("Geschichten nach Aufrufen", item_table(report.stories))
    section("Geschichten nach Verweildauer", item_table(report.stories_by_dwell))
    if report.providers:
        section("Anbieter nach Aufrufen", item_table(report.providers))
    if report.pages:
        section("Seiten nach Aufrufen", item_table(report.pages))

    def count_table(rows: Sequence[CountRow], label: str, with_id: bool = True) -> str:
        if not rows:
            return NO_DATA
        total = sum(r.count for r in rows)
        if with_id and any(r.label != r.key for r in rows):
            return _text_table([label, "ID", "Anzahl", "Anteil"], [[r.label, r.key, fmt_int(r.count), _pct(r.count, total)] for r in rows], right=[2, 3])
        return _text_table([label, "Anzahl", "Anteil"], [[r.label, fmt_int(r.count), _pct(r.count, total)] for r in rows], right=[1, 2])

    section("Gewählte Ziele", count_table(report.goals, "Ziel"))
    section("Gewählte Branchen", count_table(report.industries, "Branche"))
    section("QR-Codes nach Ziel", count_table(report.qr_targets, "Ziel", with_id=False))
    section("QR-Codes je Geschichte", count_table(report.qr_by_story, "Geschichte"))
    section("QR-Codes je Anbieter", count_table(report.qr_by_provider, "Anbieter"))
    section("QR-Codes je Seite", count_table(report.qr_by_page, "Seite"))
    section("Sprachen (Bildschirmaufrufe)", count_table(report.languages, "Sprache", with_id=False))
    section("Sprachwechsel", count_table(report.lang_switches, "Wechsel", with_id=False))
    section("Sitzungsende", count_table(report.end_reasons, "Grund", with_id=False))
    if report.videos:
        section(
            "Videos",
            _text_table(
                ["Titel", "ID", "Starts", "Geschaut (Median)", "Anteil (Median)"],
                [[v.title, v.id, fmt_int(v.plays), fmt_duration(v.median_watched_s), _pct(round((v.median_completion or 0) * 1000), 1000) if v.median_completion is not None else "–"] for v in report.videos],
                right=[2, 3, 4],
            ),
        )
    heat = [[WEEKDAYS_DE[wd]] + [str(n) if n else "." for n in report.heatmap[wd]] for wd in range(7)]
    section("Sitzungsbeginn nach Wochentag und Stunde", _text_table(["Tag"] + [f"{h:02d}" for h in range(24)], heat, right=range(1, 25)))
    out.append(_FOOTNOTE_TEXT)
    return "\n".join(out) + "\n"


_FOOTNOTE_TEXT = (
    "Anonym erfasst: keine personenbezogenen Daten, keine Kennung über eine Sitzung hinaus.\n"
    "Sitzung = Besuch vom ersten Tippen bis Rückkehr in den Ruhezustand; Dauer und Verweildauer als Median."
)


# --------------------------------------------------------------------------- CSV

CSV_COLUMNS = ("section", "key", "label", "metric", "value")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection")."""


def csv_text(text: str) -> str:
    """Return ``text`` safe for a spreadsheet cell: one that starts like a formula gets a
    leading ``'``, as OWASP recommends, so Excel and LibreOffice show it as text."""
    return "'" + text if text.startswith(FORMULA_START) else text


def render_csv(report: Report) -> str:
    """Long-format CSV: ``section,key,label,metric,value`` (one figure per row, easy to pivot).

    Sections: summary, day, week, month, story, provider, page, goal, industry, qr_target,
    qr_story, qr_provider, qr_page, language, lang_switch, session_end_reason, video,
    heatmap (key ``<weekday 0=Mo>-<hour>``). Durations are seconds, decimals use a dot.

    ``key`` and ``label`` hold ids and titles from the content and the recorded events, so
    each goes through :func:`csv_text`; ``value`` holds only numbers (a negative one stays a
    number) and the period's ISO dates.
    """
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)

    def row(section: str, key, label, metric: str, value) -> None:
        w.writerow([section, csv_text(str(key)), csv_text(str(label)), metric, value])

    def num(v):
        if v is None:
            return ""
        return f"{v:.1f}" if isinstance(v, float) else str(v)

    summary = [
        ("since", report.since.isoformat() if report.since else ""),
        ("until", report.until.isoformat() if report.until else ""),
        ("events", report.events),
        ("sessions", report.sessions),
        ("median_session_s", report.median_session_s),
        ("qr_codes", report.qr_codes),
        ("story_views", report.story_views),
        ("screen_views", report.screen_views),
        ("attract_cycles", report.attract_cycles),
    ]
    for metric, value in summary:
        row("summary", "", "", metric, value if isinstance(value, str) else num(value))
    for section, periods in (("day", report.days), ("week", report.weeks), ("month", report.months)):
        for p in periods:
            row(section, p.key, p.label, "sessions", p.sessions)
            row(section, p.key, p.label, "median_session_s", num(p.median_session_s))
            row(section, p.key, p.label, "story_views", p.story_views)
            row(section, p.key, p.label, "qr_codes", p.qr_codes)
    for section, items in (("story", report.stories), ("provider", report.providers), ("page", report.pages)):
        for s in items:
            row(section, s.id, s.title, "views", s.views)
            row(section, s.id, s.title, "median_dwell_s", num(s.median_dwell_s))
    for section, rows in (
        ("goal", report.goals),
        ("industry", report.industries),
        ("qr_target", report.qr_targets),
        ("qr_story", report.qr_by_story),
        ("qr_provider", report.qr_by_provider),
        ("qr_page", report.qr_by_page),
        ("language", report.languages),
        ("lang_switch", report.lang_switches),
        ("session_end_reason", report.end_reasons),
    ):
        for r in rows:
            row(section, r.key, r.label, "count", r.count)
    for v in report.videos:
        row("video", v.id, v.title, "plays", v.plays)
        row("video", v.id, v.title, "median_watched_s", num(v.median_watched_s))
        row("video", v.id, v.title, "median_completion", "" if v.median_completion is None else f"{v.median_completion:.3f}")
    if not report.empty:
        for wd in range(7):
            for h in range(24):
                row("heatmap", f"{wd}-{h:02d}", f"{WEEKDAYS_DE[wd]} {h:02d} Uhr", "session_starts", report.heatmap[wd][h])
    return buf.getvalue()


# --------------------------------------------------------------------------- HTML

_CSS = f"""
:root {{ --accent: {ACCENT}; --ink: {INK}; --grey: {GREY}; --light: {LIGHT}; --paper: #FAF8F6; }}
* {{ box-sizing: border-box; }}
html {{ background: var(--paper); }}
body {{ margin: 0; color: var(--ink); font-family: Inter, "Segoe UI", "Helvetica Neue", Arial, sans-serif;
       font-size: 18px; line-height: 1.5; -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
main {{ max-width: 1040px; margin: 0 auto; padding: 48px 32px 64px; }}
header {{ border-bottom: 4px solid var(--accent); padding-bottom: 20px; margin-bottom: 32px; }}
.eyebrow {{ margin: 0; color: var(--grey); font-size: 16px; letter-spacing: .06em; text-transform: uppercase; }}
h1 {{ margin: 4px 0 8px; font-size: 44px; line-height: 1.15; font-weight: 700; }}
.period {{ margin: 0; font-size: 22px; }}
h2 {{ margin: 48px 0 12px; font-size: 28px; font-weight: 600; }}
h3 {{ margin: 28px 0 8px; font-size: 20px; font-weight: 600; }}
.kpis {{ display: grid; grid-template-columns: repeat(auto-fit, minmax(210px, 1fr)); gap: 16px; }}
.kpi {{ background: #fff; border: 1px solid var(--light); border-top: 4px solid var(--accent); border-radius: 6px; padding: 18px 20px; }}
.kpi .value {{ display: block; font-size: 40px; font-weight: 700; line-height: 1.1; font-variant-numeric: tabular-nums; }}
.kpi .label {{ display: block; color: var(--grey); font-size: 16px; margin-top: 6px; }}
figure {{ margin: 8px 0 16px; background: #fff; border: 1px solid var(--light); border-radius: 6px; padding: 12px; break-inside: avoid; }}
figure svg {{ display: block; width: 100%; height: auto; }}
figcaption {{ color: var(--grey); font-size: 15px; margin-top: 6px; }}
table {{ border-collapse: collapse; width: 100%; background: #fff; font-size: 16px; margin: 8px 0 16px; }}
th, td {{ text-align: left; padding: 7px 10px; border-bottom: 1px solid var(--light); vertical-align: top; }}
th {{ color: var(--grey); font-weight: 600; font-size: 14px; text-transform: uppercase; letter-spacing: .04em; }}
td.n, th.n {{ text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }}
td.id {{ color: var(--grey); font-size: 14px; }}
.empty {{ background: #fff; border: 1px solid var(--light); border-left: 6px solid var(--accent); padding: 24px; font-size: 24px; }}
.nodata {{ color: var(--grey); font-style: italic; }}
.cols {{ display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 0 24px; }}
details summary {{ cursor: pointer; color: var(--accent); font-weight: 600; margin: 8px 0; }}
footer {{ margin-top: 56px; padding-top: 16px; border-top: 1px solid var(--light); color: var(--grey); font-size: 15px; }}
@media print {{ html {{ background: #fff; }} main {{ padding: 0; }} h2 {{ break-after: avoid; }} table, figure {{ break-inside: avoid; }} }}
"""


def _esc(s: object) -> str:
    return html.escape(str(s), quote=True)


def _html_table(headers: Sequence[str], rows: Iterable[Sequence], numeric: Sequence[int] = (), id_cols: Sequence[int] = ()) -> str:
    def cls(i):
        return ' class="n"' if i in numeric else ' class="id"' if i in id_cols else ""

    head = "".join(f"<th{' class=n' if i in numeric else ''}>{_esc(h)}</th>" for i, h in enumerate(headers))
    body = "".join("<tr>" + "".join(f"<td{cls(i)}>{_esc(c)}</td>" for i, c in enumerate(r)) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _count_html(rows: Sequence[CountRow], label: str, with_id: bool = True) -> str:
    if not rows:
        return f'<p class="nodata">{NO_DATA}</p>'
    total = sum(r.count for r in rows)
    if with_id and any(r.label != r.key for r in rows):  # an ID column only when titles differ
        return _html_table([label, "ID", "Anzahl", "Anteil"], [[r.label, r.key, fmt_int(r.count), _pct(r.count, total)] for r in rows], numeric=[2, 3], id_cols=[1])
    return _html_table([label, "Anzahl", "Anteil"], [[r.label, fmt_int(r.count), _pct(r.count, total)] for r in rows], numeric=[1, 2])


def _period_html(periods: Sequence[PeriodStats]) -> str:
    return _html_table(
        ["Zeitraum", "Sitzungen", "Dauer (Median)", "Geschichten-Aufrufe", "QR-Codes"],
        [[p.label, fmt_int(p.sessions), fmt_duration(p.median_session_s), fmt_int(p.story_views), fmt_int(p.qr_codes)] for p in periods],
        numeric=[1, 2, 3, 4],
    )


def _items_html(items: Sequence[ItemStats]) -> str:
    if not any(s.title != s.id for s in items):  # no titles known: the ID column would repeat them
        return _html_table(
            ["#", "ID", "Aufrufe", "Verweildauer (Median)"],
            [[i + 1, s.id, fmt_int(s.views), fmt_duration(s.median_dwell_s)] for i, s in enumerate(items)],
            numeric=[0, 2, 3],
        )
    return _html_table(
        ["#", "Titel", "ID", "Aufrufe", "Verweildauer (Median)"],
        [[i + 1, s.title, s.id, fmt_int(s.views), fmt_duration(s.median_dwell_s)] for i, s in enumerate(items)],
        numeric=[0, 3, 4],
        id_cols=[2],
    )


def render_html(report: Report) -> str:
    """One self-contained HTML file: inline CSS, charts as inline SVG, no scripts, no URLs."""
    title = f"Besucherstatistik Digitale Werkbank – {fmt_period(report)}"
    parts: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="de"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_esc(title)}</title><style>{_CSS}</style></head><body><main>",
        '<header><p class="eyebrow">Digitale Werkbank Dortmund · Werkbank Kiosk</p>',
        "<h1>Besucherstatistik</h1>",
        f'<p class="period">Zeitraum: <strong>{_esc(fmt_period(report))}</strong></p></header>',
    ]
    if report.empty:
        parts.append(f'<p class="empty">{NO_DATA}</p>')
        parts.append(_footer_html(report))
        parts.append("</main></body></html>")
        return "\n".join(parts)

    charts = _Charts()  # imports matplotlib only when HTML is wanted

    kpis = [
        (fmt_int(report.sessions), "Sitzungen"),
        (fmt_duration(report.median_session_s), "Sitzungsdauer (Median)"),
        (fmt_int(report.qr_codes), "QR-Codes angezeigt"),
        (fmt_int(report.story_views), "Geschichten-Aufrufe"),
    ]
    parts.append('<section class="kpis" aria-label="Kennzahlen">')
    parts += [f'<div class="kpi"><span class="value">{_esc(v)}</span><span class="label">{_esc(l)}</span></div>' for v, l in kpis]
    parts.append("</section>")

    def fig(svg: str | None, caption: str = "") -> str:
        if not svg:
            return f'<p class="nodata">{NO_DATA}</p>'
        cap = f"<figcaption>{_esc(caption)}</figcaption>" if caption else ""
        return f"<figure>{svg}{cap}</figure>"

    chart_ids = iter(range(1, 100))

    parts.append("<section><h2>Sitzungen pro Tag</h2>")
    parts.append(fig(charts.sessions_per_day(report.days, next(chart_ids)), "Anzahl begonnener Sitzungen je Kalendertag."))
    parts.append("</section>")

    parts.append("<section><h2>Beliebteste Geschichten</h2>")
    parts.append(fig(charts.hbar([(s.title, s.views) for s in report.stories[:10]], next(chart_ids)), "Die zehn meistgesehenen Geschichten nach Aufrufen."))
    if report.stories:
        parts.append("<h3>Alle Geschichten nach Aufrufen</h3>" + _items_html(report.stories))
        parts.append("<h3>Geschichten nach Verweildauer</h3>" + _items_html(report.stories_by_dwell))
    parts.append("</section>")

    parts.append("<section><h2>Gewählte Ziele</h2>")
    parts.append(fig(charts.hbar([(r.label, r.count) for r in report.goals[:12]], next(chart_ids)), "Wie oft Besucher nach einem Geschäftsziel gefiltert haben."))
    parts.append('<div class="cols"><div><h3>Ziele</h3>' + _count_html(report.goals, "Ziel") + "</div>")
    parts.append("<div><h3>Branchen</h3>" + _count_html(report.industries, "Branche") + "</div></div>")
    parts.append("</section>")

    parts.append("<section><h2>QR-Codes (Kontaktanfragen)</h2>")
    parts.append(fig(charts.hbar([(r.label, r.count) for r in report.qr_targets], next(chart_ids), min_rows=3), "Angezeigte QR-Codes nach Ziel der Kontaktanfrage."))
    parts.append('<div class="cols">')
    parts.append("<div><h3>Je Geschichte</h3>" + _count_html(report.qr_by_story, "Geschichte") + "</div>")
    parts.append("<div><h3>Je Anbieter</h3>" + _count_html(report.qr_by_provider, "Anbieter") + "</div>")
    parts.append("</div><h3>Je Seite</h3>" + _count_html(report.qr_by_page, "Seite"))
    parts.append("</section>")

    parts.append("<section><h2>Sprachen</h2>")
    total_views = sum(r.count for r in report.languages)
    parts.append(fig(charts.hbar([(r.label, r.count) for r in report.languages], next(chart_ids), total=total_views), "Bildschirmaufrufe nach Sprache."))
    parts.append('<div class="cols"><div><h3>Bildschirmaufrufe</h3>' + _count_html(report.languages, "Sprache", with_id=False) + "</div>")
    parts.append("<div><h3>Sprachwechsel</h3>" + _count_html(report.lang_switches, "Wechsel", with_id=False) + "</div></div>")
    parts.append("</section>")

    parts.append("<section><h2>Wann kommen Besucher?</h2>")
    parts.append(fig(charts.heatmap(report.heatmap, next(chart_ids)), "Begonnene Sitzungen nach Wochentag und Uhrzeit (Ortszeit), summiert über den Zeitraum."))
    parts.append("</section>")

    parts.append("<section><h2>Verlauf</h2><h3>Pro Monat</h3>" + _period_html(report.months))
    parts.append("<h3>Pro Kalenderwoche</h3>" + _period_html(_active(report.weeks) or report.weeks))
    active_days = _active(report.days)
    # Short lists stay open (and print); a year of days is folded away but one click from view.
    opened = " open" if len(active_days) <= 31 else ""
    parts.append(f"<details{opened}><summary>Pro Tag (Tage mit Betrieb)</summary>" + _period_html(active_days) + "</details>")
    parts.append("</section>")

    parts.append("<section><h2>Weitere Angaben</h2>")
    if report.providers:
        parts.append("<h3>Anbieter nach Aufrufen</h3>" + _items_html(report.providers))
    if report.pages:
        parts.append("<h3>Seiten nach Aufrufen</h3>" + _items_html(report.pages))
    if report.videos:
        parts.append(
            "<h3>Videos</h3>"
            + _html_table(
                ["Titel", "ID", "Starts", "Geschaut (Median)", "Anteil (Median)"],
                [
                    [v.title, v.id, fmt_int(v.plays), fmt_duration(v.median_watched_s),
                     "–" if v.median_completion is None else f"{v.median_completion * 100:.0f} %"]
                    for v in report.videos
                ],
                numeric=[2, 3, 4],
                id_cols=[1],
            )
        )
    parts.append("<h3>Sitzungsende</h3>" + _count_html(report.end_reasons, "Grund", with_id=False))
    parts.append(
        _html_table(
            ["Weitere Kennzahl", "Wert"],
            [["Bildschirmaufrufe gesamt", fmt_int(report.screen_views)], ["Attract-Durchläufe", fmt_int(report.attract_cycles)], ["Erfasste Ereignisse", fmt_int(report.events)]],
            numeric=[1],
        )
    )
    parts.append("</section>")
    parts.append(_footer_html(report))
    parts.append("</main></body></html>")
    return "\n".join(parts)


class _Charts:
    """Matplotlib charts rendered to inline SVG (text kept as text, styled by the page's CSS)."""

    _fonts_registered = False

    def __init__(self) -> None:
        import matplotlib
        from matplotlib.figure import Figure

        self._mpl = matplotlib
        self._Figure = Figure
        self._register_fonts()
        self._rc = {
            "svg.fonttype": "none",  # real <text>: crisp, selectable, small files
            "svg.hashsalt": "werkbank-kiosk",  # deterministic ids -> reproducible files
            "font.family": ["Inter", "DejaVu Sans"],
            "font.size": 12,
            "axes.edgecolor": LIGHT,
            "axes.labelcolor": GREY,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "xtick.color": GREY,
            "ytick.color": GREY,
            "xtick.labelcolor": INK,
            "ytick.labelcolor": INK,
            "text.color": INK,
            "figure.facecolor": "white",
            "axes.facecolor": "white",
        }

    @classmethod
    def _register_fonts(cls) -> None:
        # Inter ships with the kiosk; with it matplotlib measures labels as the page shows them.
        if cls._fonts_registered:
            return
        cls._fonts_registered = True
        try:
            from matplotlib import font_manager

            from kiosk.services.paths import ASSETS_DIR

            for f in sorted((ASSETS_DIR / "fonts").glob("Inter-*.otf")):
                font_manager.fontManager.addfont(str(f))
        except Exception:  # noqa: BLE001 - fall back to matplotlib's default font metrics
            pass

    def _figure(self, width: float, height: float):
        # Constrained layout fits labels in one pass (bbox_inches="tight" would draw twice).
        return self._Figure(figsize=(width, height), dpi=72, layout="constrained")

    def _svg(self, fig, n: int, label: str) -> str:
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Creator": None, "Date": None, "Format": None, "Type": None})
        svg = buf.getvalue()
        svg = svg[svg.index("<svg"):]  # drop XML prolog and DOCTYPE (which names an external DTD)
        # Let the page's font stack apply (Inter, Segoe UI, Arial ...).
        svg = re.sub(r"font-family: [^;\"]*;? ?", "", svg)
        # Several SVGs share one document: make their ids (clip paths, markers) unique.
        svg = re.sub(r'id="([^"]+)"', rf'id="c{n}-\1"', svg)
        svg = svg.replace("url(#", f"url(#c{n}-").replace('href="#', f'href="#c{n}-')
        svg = svg.replace("<svg ", f'<svg role="img" aria-label="{_esc(label)}" ', 1)
        return svg.strip()

    def _style(self, ax, value_axis: str) -> None:
        ax.tick_params(length=0, pad=6)
        ax.grid(axis=value_axis, color=LIGHT, linewidth=0.8)
        ax.set_axisbelow(True)
        for side in ("left", "bottom"):
            ax.spines[side].set_color(LIGHT)

    def sessions_per_day(self, days: Sequence[PeriodStats], n: int) -> str | None:
        """Bar chart: sessions per calendar day."""
        if not days or not any(p.sessions for p in days):
            return None
        from matplotlib.ticker import FuncFormatter, MaxNLocator

        with self._mpl.rc_context(self._rc):
            fig = self._figure(10, 3.4)
            ax = fig.add_subplot()
            xs = list(range(len(days)))
            values = [p.sessions for p in days]
            if len(days) <= 62:
                ax.bar(xs, values, width=0.8, color=ACCENT, linewidth=0)
            else:
                # A year of days: one filled step outline instead of hundreds of bar patches
                # (same picture at this width, a fraction of the SVG size and render time).
                ax.stairs(values, [x - 0.5 for x in xs] + [len(xs) - 0.5], fill=True, color=ACCENT, linewidth=0)
            self._style(ax, "y")
            ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt_int(int(v))))
            # Ticks: every few days for short periods, month starts for long ones.
            if len(days) <= 45:
                step = 1 if len(days) <= 10 else 7 if len(days) > 21 else 3
                ticks = xs[::step]
                labels = [f"{days[i].start.day}.{days[i].start.month}." for i in ticks]
            else:
                ticks = [i for i, p in enumerate(days) if p.start.day == 1] or [0]
                if len(ticks) > 14:
                    ticks = ticks[:: (len(ticks) + 11) // 12]
                labels = [f"{MONTHS_DE_SHORT[days[i].start.month - 1]} {days[i].start.year % 100:02d}" for i in ticks]
            ax.set_xticks(ticks, labels)
            ax.set_xlim(-0.7, len(days) - 0.3)
            ax.set_ylabel("Sitzungen")
            return self._svg(fig, n, "Sitzungen pro Tag")

    def hbar(self, pairs: Sequence[tuple[str, int]], n: int, total: int | None = None, min_rows: int = 0) -> str | None:
        """Horizontal bars, largest on top, each labelled with its value (and share of ``total``)."""
        if not pairs or not any(v for _, v in pairs):
            return None
        from matplotlib.ticker import MaxNLocator

        def short(t: str) -> str:
            return t if len(t) <= 42 else t[:40].rstrip() + "…"

        labels = [short(str(t)) for t, _ in pairs][::-1]
        values = [v for _, v in pairs][::-1]
        rows = max(len(pairs), min_rows)
        with self._mpl.rc_context(self._rc):
            fig = self._figure(10, 0.5 * rows + 0.7)
            ax = fig.add_subplot()
            ys = list(range(len(values)))
            ax.barh(ys, values, height=0.62, color=ACCENT, linewidth=0)
            ax.set_yticks(ys, labels)
            ax.set_ylim(-0.6, max(len(values), min_rows) - 0.4)
            self._style(ax, "x")
            ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
            ax.xaxis.set_major_formatter(self._mpl.ticker.FuncFormatter(lambda v, _: fmt_int(int(v))))
            vmax = max(values)
            ax.set_xlim(0, vmax * 1.18)
            for y, v in zip(ys, values):
                text = fmt_int(v) + (f"  ({_pct(v, total)})" if total else "")
                ax.text(v + vmax * 0.012, y, text, va="center", ha="left", fontsize=12, color=INK)
            ax.spines["left"].set_visible(False)
            return self._svg(fig, n, ", ".join(f"{t}: {v}" for t, v in pairs[:12]))

    def heatmap(self, grid: Sequence[Sequence[int]], n: int) -> str | None:
        """7 x 24 heat map of session starts (rows Mo..So, columns hours)."""
        if not any(any(row) for row in grid):
            return None
        from matplotlib.colors import LinearSegmentedColormap

        cmap = LinearSegmentedColormap.from_list("werkbank", ["#F7F3F0", "#EBB899", ACCENT, "#7A2E0E"])
        with self._mpl.rc_context(self._rc):
            fig = self._figure(10, 3.6)
            ax = fig.add_subplot()
            mesh = ax.pcolormesh(
                list(range(25)), list(range(8)), [list(r) for r in grid],
                cmap=cmap, vmin=0, edgecolors="white", linewidth=1.5, shading="flat",
            )
            ax.set_ylim(7, 0)  # Monday on top
            ax.set_yticks([i + 0.5 for i in range(7)], WEEKDAYS_DE)
            ax.set_xticks([h + 0.5 for h in range(0, 24, 2)], [f"{h:02d}" for h in range(0, 24, 2)])
            ax.set_xlabel("Uhrzeit")
            ax.tick_params(length=0)
            for side in ("left", "bottom"):
                ax.spines[side].set_visible(False)
            cb = fig.colorbar(mesh, ax=ax, fraction=0.03, pad=0.02)
            cb.outline.set_visible(False)
            if cb.solids is not None:
                cb.solids.set_rasterized(False)  # vector, not an embedded PNG
                cb.solids.set_edgecolor("face")  # no hairline seams between the colour steps
            cb.ax.tick_params(length=0, labelsize=11)
            from matplotlib.ticker import FuncFormatter, MaxNLocator

            cb.ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))  # whole sessions only
            cb.ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt_int(int(v))))
            cb.set_label("Sitzungen", color=GREY)
            return self._svg(fig, n, "Sitzungsbeginn nach Wochentag und Uhrzeit")


def _footer_html(report: Report) -> str:
    return (
        "<footer><p>Anonym erfasst: keine personenbezogenen Daten, keine Kennung über eine Sitzung hinaus. "
        "Eine Sitzung reicht vom ersten Tippen bis zur Rückkehr in den Ruhezustand; Sitzungsdauer und "
        "Verweildauer sind Mediane (die Hälfte der Werte liegt darunter, die Hälfte darüber). "
        "Zeiten in Ortszeit des Kiosks.</p>"
        f"<p>Erstellt am {report.generated_at:%d.%m.%Y um %H:%M} Uhr mit Werkbank Kiosk.</p></footer>"
    )


# --------------------------------------------------------------------------- command


FIRST_DAY, LAST_DAY = date(1970, 1, 1), date(2099, 12, 31)
"""The days a report can cover: the kiosk's clock counts from 1970, and the upper bound keeps
the day-by-day tables of any period a size that builds in seconds."""


def _parse_date(text: str | None, name: str) -> date | None:
    """Return the day ``text`` names, ISO ``2025-06-01`` or German ``01.06.2025`` (None if empty).

    Raises ValueError with one sentence for staff when it is no date or lies outside
    :data:`FIRST_DAY` to :data:`LAST_DAY`.
    """
    if text is None or text == "":
        return None
    text = text.strip()
    quoted = f"'{shown(text)}'"
    m = re.fullmatch(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})", text)
    try:
        day = date(int(m.group(3)), int(m.group(2)), int(m.group(1))) if m else date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"ungültiges Datum für {name}: {quoted} (erwartet JJJJ-MM-TT, z. B. 2025-06-01)") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        open_end = "beginnt der Bericht am ersten" if name == "--since" else "endet der Bericht am letzten"
        raise ValueError(f"ungültiges Datum für {name}: {quoted} liegt nicht zwischen {FIRST_DAY.year} und "
                         f"{LAST_DAY.year} (ohne {name} {open_end} erfassten Tag)")
    return day


RENDERERS = {"text": render_text, "csv": render_csv, "html": render_html}


def stats_command(
    db_path: Path,
    since: str | None,
    until: str | None,
    fmt: str,
    out: Path | None,
    titles: Mapping[str, str] | None,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Build the report and write it to ``out`` (or stdout). Returns 0, or 2 on a user error.

    User errors (bad date, since after until, unknown format, missing or unreadable database,
    unwritable output file) print one clear line to stderr. CSV written to a file gets a
    UTF-8 byte-order mark so Excel shows umlauts correctly; stdout gets plain UTF-8.
    """
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr

    def fail(msg: str) -> int:
        # printable: paths and database errors may hold a line break or a terminal escape.
        print(f"kiosk stats: {printable(msg)}", file=stderr)
        return 2

    renderer = RENDERERS.get(fmt)
    if renderer is None:
        return fail(f"unbekanntes Format {fmt!r} (text, csv oder html)")
    try:
        since_d = _parse_date(since, "--since")
        until_d = _parse_date(until, "--until")
    except ValueError as exc:
        return fail(str(exc))
    if since_d and until_d and since_d > until_d:
        return fail(f"--since ({since_d}) liegt nach --until ({until_d})")
    db_path = Path(db_path)
    if not db_path.is_file():
        return fail(f"keine Statistik-Datenbank unter {db_path} (wurde der Kiosk schon gestartet?)")
    problem = _out_problem(Path(out), db_path, fmt) if out is not None else ""
    if problem:
        return fail(f"kann {out} nicht schreiben: {problem}")
    try:
        report = build_report(db_path, since_d, until_d, titles)
    except sqlite3.DatabaseError as exc:
        return fail(f"Statistik-Datenbank {db_path} nicht lesbar: {exc}")
    text = renderer(report)
    if out is None:
        stdout.write(text)
        stdout.flush()
        return 0
    try:
        encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
        Path(out).write_text(text, encoding=encoding, newline="")
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the name
        return fail(f"kann {out} nicht schreiben: {getattr(exc, 'strerror', None) or exc}")
    return 0


def _out_problem(out: Path, db_path: Path, fmt: str) -> str:
    """Why the report cannot go to ``out``, in words for staff, or "" when it can (as far as
    one can tell before writing)."""
    try:
        if out.is_dir():
            return f"das ist ein Ordner; geben Sie einen Dateinamen an, z. B. {out / ('bericht.' + fmt)}"
        if not out.parent.is_dir():
            return f"den Ordner {out.parent} gibt es nicht"
        if out.exists() and out.resolve() == db_path.resolve():
            return "das ist die Statistik-Datenbank selbst"
    except (OSError, ValueError) as exc:  # a name too long, a NUL byte in it, a loop of links
        return str(getattr(exc, "strerror", None) or exc)
    return ""
