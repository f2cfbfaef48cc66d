"""Aggregation: the recorder's SQLite events, counted into a :class:`Report` for the renderers.

:func:`build_report` reads the database read-only (it can run while the kiosk is writing, WAL
mode allows that) and aggregates with SQL ``GROUP BY`` wherever a count is enough; only the
values that need a median (session lengths, dwell times, video watch times) are fetched and
grouped in Python. Over 1,000,000 events the whole report builds in about a second (see
``scripts/bench_stats.py``).

Time buckets (day, ISO week, month, hour of week) use the kiosk's local time zone. Counts
are bucketed by whole UTC hours and each hour is then mapped to local time in Python, which
is exact for every zone with whole-hour offsets (Europe/Berlin included, DST too) and much
cheaper than converting every row in SQL.
"""

from __future__ import annotations

import sqlite3
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Callable, Mapping

from kiosk.services.events import ITEM_SCREENS, EventKind, FilterDimension, Screen
from kiosk.services.report.labels import (KIND_NAMES, LANG_NAMES, MONTHS, REASON_NAMES, SCREEN_NAMES,
                                          TARGET_NAMES, UNKNOWN, WEEKDAYS, name)
from kiosk.services.stats import open_read_only


@dataclass
class PeriodStats:
    """One row of the day / ISO week / month tables."""

    key: str  #: machine key: ``2025-06-03``, ``2025-W23`` or ``2025-06``
    label: str  #: German label for people
    start: date
    sessions: int = 0
    from_attract: int = 0  #: sessions whose first touch ended the attract loop
    median_session_s: float | None = None
    story_views: int = 0
    qr_codes: int = 0

    @property
    def active(self) -> bool:
        """True when anything happened in the period."""
        return bool(self.sessions or self.story_views or self.qr_codes)


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
    attract_sessions: int = 0  #: sessions whose first touch ended the attract loop
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
    screens: list[CountRow] = field(default_factory=list)  #: screen views by screen
    kinds: list[CountRow] = field(default_factory=list)  #: recorded events by kind

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


Titles = Callable[[str], str]


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
    known = dict(titles or {})

    def title(key: str) -> str:
        return known.get(key) or key

    conn = open_read_only(db_path, timeout=5.0)  # the report never creates or changes the database
    try:
        return _build(_Events(conn), since, until, title)
    finally:
        conn.close()


class _Events:
    """The events of one period: SQL over one kind at a time, within ``[t0, t1)``."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.range = (0.0, 0.0)

    def select(self, columns: str, kind: EventKind, group_by: str = "") -> sqlite3.Cursor:
        """``SELECT columns`` of the ``kind`` events in the range, grouped by ``group_by`` if given."""
        sql = f"SELECT {columns} FROM events WHERE kind = ? AND ts >= ? AND ts < ?"
        return self.conn.execute(sql + (f" GROUP BY {group_by}" if group_by else ""), (kind, *self.range))

    def count_by_kind(self) -> Counter:
        """Events in the range by kind, whatever their kind (none with a count of 0)."""
        # One count per kind uses the (kind, ts) index; one GROUP BY over the range would sort
        # every row of it (measured 0.1 s against 0.6 s over a year of a million events).
        kinds = [kind for (kind,) in self.conn.execute("SELECT DISTINCT kind FROM events")]
        counts = Counter({kind: self.select("count(*)", kind).fetchone()[0] for kind in kinds})
        return +counts


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


@dataclass
class _Days:
    """Figures per local day, before they are summed into days, weeks and months."""

    sessions: Counter = field(default_factory=Counter)
    from_attract: Counter = field(default_factory=Counter)
    story_views: Counter = field(default_factory=Counter)
    qr_codes: Counter = field(default_factory=Counter)
    lengths: dict[date, list[float]] = field(default_factory=lambda: defaultdict(list))


@dataclass
class _Views:
    """What the screen views give: counts by language and screen, views and dwells by item."""

    languages: Counter = field(default_factory=Counter)
    screens: Counter = field(default_factory=Counter)
    items: Counter = field(default_factory=Counter)  #: (screen, item) -> views
    dwell: dict[tuple[str, str], list[float]] = field(default_factory=lambda: defaultdict(list))


def _build(events: _Events, since: date | None, until: date | None, title: Titles) -> Report:
    since, until = _bounds(events.conn, since, until)
    report = Report(since=since, until=until, generated_at=datetime.now().replace(microsecond=0))
    if since is None or until is None:
        return report
    events.range = (_midnight(since), _midnight(until + timedelta(days=1)))
    kinds = events.count_by_kind()
    report.events = sum(kinds.values())
    if report.events == 0:
        return report
    report.kinds = _count_rows(kinds, lambda k: name(KIND_NAMES, k))
    report.attract_cycles = kinds[EventKind.ATTRACT_CYCLE]
    hours, days = _HourMap(), _Days()
    _count_by_hour(events, hours, days, report)
    views = _screen_views(events, hours, days)
    report.end_reasons = _session_ends(events, hours, days, since, report)
    report.sessions = sum(days.sessions.values())
    report.attract_sessions = sum(days.from_attract.values())
    report.qr_codes = sum(days.qr_codes.values())
    report.story_views = sum(days.story_views.values())
    report.screen_views = sum(views.languages.values())
    report.days, report.weeks, report.months = (
        _periods(since, until, keyfn, days) for keyfn in (_day_key, _week_key, _month_key)
    )
    report.languages = _count_rows(views.languages, lambda k: LANG_NAMES.get(k, k.upper() or UNKNOWN))
    report.screens = _count_rows(views.screens, lambda k: name(SCREEN_NAMES, k))
    report.stories, report.providers, report.pages = (_items(views, screen, title) for screen in ITEM_SCREENS)
    report.goals, report.industries = _filters(events, title)
    _qr_codes(events, title, report)
    report.lang_switches = _lang_switches(events)
    report.videos = _videos(events, title)
    return report


def _bounds(conn: sqlite3.Connection, since: date | None, until: date | None) -> tuple[date | None, date | None]:
    """Open bounds become the first / last recorded day; None, None without any events."""
    lo_ts, hi_ts = conn.execute("SELECT min(ts), max(ts) FROM events").fetchone()
    if lo_ts is None:
        return since, until
    since = since or datetime.fromtimestamp(lo_ts).date()
    until = until or datetime.fromtimestamp(hi_ts).date()
    return since, max(since, until)  # only one bound given, and it lies outside the data


def _count_by_hour(events: _Events, hours: _HourMap, days: _Days, report: Report) -> None:
    """Session starts by day and hour of the week (and by day those from the attract loop, whose
    start names it as its ``screen``), QR codes by day."""
    # Counts per UTC hour: a GROUP BY per kind, a few thousand result rows per year.
    hourly = "CAST(ts / 3600 AS INTEGER) AS h, count(*)"
    for h, entry, n in events.select("CAST(ts / 3600 AS INTEGER) AS h, screen, count(*)",
                                     EventKind.SESSION_START, "h, screen"):
        d, weekday, hour = hours(h)
        days.sessions[d] += n
        if entry == Screen.ATTRACT:
            days.from_attract[d] += n
        report.heatmap[weekday][hour] += n
    for h, n in events.select(hourly, EventKind.QR_SHOWN, "h"):
        days.qr_codes[hours(h)[0]] += n


def _screen_views(events: _Events, hours: _HourMap, days: _Days) -> _Views:
    # Screen views are most of the data. One pass fetches what the medians need and counts
    # the rest on the way; measured faster than three GROUP BY passes over the same rows.
    views = _Views()
    story_hours: Counter = Counter()
    with_items = set(ITEM_SCREENS)
    for screen, item, lang, h, dwell in events.select(
        "screen, item, lang, CAST(ts / 3600 AS INTEGER), dwell_s", EventKind.SCREEN_VIEW
    ):
        views.languages[lang or ""] += 1
        views.screens[screen or ""] += 1
        if screen in with_items and item:
            views.items[(screen, item)] += 1
            if dwell is not None:
                views.dwell[(screen, item)].append(dwell)
            if screen == Screen.STORY:
                story_hours[h] += 1
    for h, n in story_hours.items():
        days.story_views[hours(h)[0]] += n
    return views


def _session_ends(events: _Events, hours: _HourMap, days: _Days, since: date, report: Report) -> list[CountRow]:
    """Session lengths by the local day each session started; returns the end reasons counted."""
    reasons: Counter = Counter()
    lengths: list[float] = []
    for ts, duration, reason in events.select("ts, duration_s, reason", EventKind.SESSION_END):
        reasons[reason or ""] += 1
        if duration is None:
            continue
        start_day = hours(int((ts - duration) // 3600))[0]
        days.lengths[max(start_day, since)].append(duration)
        lengths.append(duration)
    report.median_session_s = _median(lengths)
    return _count_rows(reasons, lambda k: name(REASON_NAMES, k))


def _items(views: _Views, screen: Screen, title: Titles) -> list[ItemStats]:
    out = [
        ItemStats(item, title(item), n, _median(views.dwell.get((s, item), [])))
        for (s, item), n in views.items.items()
        if s == screen
    ]
    out.sort(key=lambda x: (-x.views, x.id))
    return out


def _filters(events: _Events, title: Titles) -> tuple[list[CountRow], list[CountRow]]:
    """Goals and industries chosen."""
    chosen: dict[str, Counter] = defaultdict(Counter)
    for dimension, value, n in events.select("dimension, value, count(*)", EventKind.FILTER, "dimension, value"):
        chosen[dimension][value or ""] += n
    return tuple(_count_rows(chosen[d], title) for d in (FilterDimension.GOAL, FilterDimension.INDUSTRY))


def _qr_codes(events: _Events, title: Titles, report: Report) -> None:
    """QR codes shown, per target (every target listed, zeros too) and per item."""
    per_target: dict[str, Counter] = defaultdict(Counter)
    for target, item, n in events.select("target, item, count(*)", EventKind.QR_SHOWN, "target, item"):
        per_target[target or ""][item or ""] += n
    others = sorted(k for k in per_target if k not in TARGET_NAMES)
    report.qr_targets = [CountRow(t, name(TARGET_NAMES, t), sum(per_target[t].values()))
                         for t in [*ITEM_SCREENS, *others]]
    report.qr_by_story, report.qr_by_provider, report.qr_by_page = (
        _count_rows(per_target.get(t, {}), title) for t in ITEM_SCREENS
    )


def _lang_switches(events: _Events) -> list[CountRow]:
    switches: Counter = Counter()
    for a, b, n in events.select("from_lang, to_lang, count(*)", EventKind.LANG_SWITCH, "from_lang, to_lang"):
        switches[(a or "", b or "")] += n
    return [CountRow(f"{a}>{b}", f"{LANG_NAMES.get(a, a)} → {LANG_NAMES.get(b, b)}", n)
            for (a, b), n in _ranked(switches)]


def _videos(events: _Events, title: Titles) -> list[VideoStats]:
    watched: dict[str, list[float]] = defaultdict(list)
    completion: dict[str, list[float]] = defaultdict(list)
    plays: Counter = Counter()
    for item, w, d in events.select("item, watched_s, duration_s", EventKind.VIDEO_PLAY):
        item = item or ""
        plays[item] += 1
        if w is not None:
            watched[item].append(w)
            if d:
                completion[item].append(min(1.0, w / d))
    return [VideoStats(k, title(k), n, _median(watched[k]), _median(completion[k])) for k, n in _ranked(plays)]


def _count_rows(counter: Mapping[str, int], label: Callable[[str], str]) -> list[CountRow]:
    return [CountRow(k, label(k), n) for k, n in _ranked(counter)]


def _ranked(counter: Mapping) -> list[tuple]:
    """Items by count (most first), ties by key, so output is stable."""
    return sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0])))


def _periods(since: date, until: date, keyfn, days: _Days) -> list[PeriodStats]:
    buckets: dict[str, PeriodStats] = {}
    bucket_lengths: dict[str, list[float]] = defaultdict(list)
    d = since
    while d <= until:
        key, label, start = keyfn(d)
        p = buckets.get(key)
        if p is None:
            p = buckets[key] = PeriodStats(key, label, start)
        p.sessions += days.sessions.get(d, 0)
        p.from_attract += days.from_attract.get(d, 0)
        p.story_views += days.story_views.get(d, 0)
        p.qr_codes += days.qr_codes.get(d, 0)
        if d in days.lengths:
            bucket_lengths[key].extend(days.lengths[d])
        d += timedelta(days=1)
    for key, values in bucket_lengths.items():
        buckets[key].median_session_s = _median(values)
    return list(buckets.values())


def _midnight(d: date) -> float:
    return datetime(d.year, d.month, d.day).timestamp()


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _day_key(d: date) -> tuple[str, str, date]:
    return d.isoformat(), f"{WEEKDAYS[d.weekday()]} {d.day:02d}.{d.month:02d}.{d.year}", d


def _week_key(d: date) -> tuple[str, str, date]:
    iso = d.isocalendar()
    monday = d - timedelta(days=d.weekday())
    return f"{iso.year}-W{iso.week:02d}", f"KW {iso.week:02d}/{iso.year}", monday


def _month_key(d: date) -> tuple[str, str, date]:
    return f"{d.year}-{d.month:02d}", f"{MONTHS[d.month - 1]} {d.year}", d.replace(day=1)
