"""The report as long-format CSV: one figure per row, easy to pivot in a spreadsheet."""

from __future__ import annotations

import csv
import io
from typing import Iterator

from kiosk.services.report.aggregate import Report
from kiosk.services.report.labels import WEEKDAYS

CSV_COLUMNS = ("section", "key", "label", "metric", "value")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection")."""

Row = tuple[str, object, object, str, object]


def csv_text(text: str) -> str:
    """Return ``text`` safe for a spreadsheet cell: one that starts like a formula gets a
    leading ``'``, as OWASP recommends, so Excel and LibreOffice show it as text."""
    return "'" + text if text.startswith(FORMULA_START) else text


def render_csv(report: Report) -> str:
    """Long-format CSV: ``section,key,label,metric,value`` (one figure per row, easy to pivot).

    Sections: summary, day, week, month, story, provider, page, goal, industry, qr_target,
    qr_story, qr_provider, qr_page, language, lang_switch, screen, session_end_reason,
    event_kind, video, heatmap (key ``<weekday 0=Mo>-<hour>``). Durations are seconds,
    decimals use a dot.

    ``key`` and ``label`` hold ids and titles from the content and the recorded events, so
    each goes through :func:`csv_text`; ``value`` holds only numbers (a negative one stays a
    number) and the period's ISO dates.
    """
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for section, key, label, metric, value in _rows(report):
        w.writerow([section, csv_text(str(key)), csv_text(str(label)), metric, value])
    return buf.getvalue()


def _rows(report: Report) -> Iterator[Row]:
    yield from _summary(report)
    yield from _periods(report)
    for section, items in (("story", report.stories), ("provider", report.providers), ("page", report.pages)):
        for s in items:
            yield section, s.id, s.title, "views", s.views
            yield section, s.id, s.title, "median_dwell_s", _num(s.median_dwell_s)
    yield from _counts(report)
    for v in report.videos:
        yield "video", v.id, v.title, "plays", v.plays
        yield "video", v.id, v.title, "median_watched_s", _num(v.median_watched_s)
        yield "video", v.id, v.title, "median_completion", "" if v.median_completion is None else f"{v.median_completion:.3f}"
    if not report.empty:
        for wd in range(7):
            for h in range(24):
                yield "heatmap", f"{wd}-{h:02d}", f"{WEEKDAYS[wd]} {h:02d} Uhr", "session_starts", report.heatmap[wd][h]


def _summary(report: Report) -> Iterator[Row]:
    yield "summary", "", "", "since", report.since.isoformat() if report.since else ""
    yield "summary", "", "", "until", report.until.isoformat() if report.until else ""
    for metric in ("events", "sessions", "attract_sessions", "median_session_s", "qr_codes", "story_views",
                   "screen_views", "attract_cycles"):
        yield "summary", "", "", metric, _num(getattr(report, metric))


def _periods(report: Report) -> Iterator[Row]:
    for section, periods in (("day", report.days), ("week", report.weeks), ("month", report.months)):
        for p in periods:
            yield section, p.key, p.label, "sessions", p.sessions
            yield section, p.key, p.label, "attract_sessions", p.from_attract
            yield section, p.key, p.label, "median_session_s", _num(p.median_session_s)
            yield section, p.key, p.label, "story_views", p.story_views
            yield section, p.key, p.label, "qr_codes", p.qr_codes


def _counts(report: Report) -> Iterator[Row]:
    for section, rows in (
        ("goal", report.goals),
        ("industry", report.industries),
        ("qr_target", report.qr_targets),
        ("qr_story", report.qr_by_story),
        ("qr_provider", report.qr_by_provider),
        ("qr_page", report.qr_by_page),
        ("language", report.languages),
        ("lang_switch", report.lang_switches),
        ("screen", report.screens),
        ("session_end_reason", report.end_reasons),
        ("event_kind", report.kinds),
    ):
        for r in rows:
            yield section, r.key, r.label, "count", r.count


def _num(v: float | int | None) -> str:
    if v is None:
        return ""
    return f"{v:.1f}" if isinstance(v, float) else str(v)
