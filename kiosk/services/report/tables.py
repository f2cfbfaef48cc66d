"""The report's tables as plain data, so that the text and the HTML page show the same columns.

Each function returns a :class:`Table` of strings; :mod:`.render_text` pads it into columns
and :mod:`.render_html` writes it as ``<table>``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from kiosk.services.report.aggregate import CountRow, ItemStats, PeriodStats, Report, VideoStats
from kiosk.services.report.labels import (WEEKDAYS, fmt_completion, fmt_duration, fmt_int,
                                          fmt_share)


@dataclass
class Table:
    """Headers, rows of cell texts, the numeric (right-aligned) columns and the id columns."""

    headers: list[str]
    rows: list[list[str]]
    numeric: tuple[int, ...] = ()
    ids: tuple[int, ...] = ()


def key_figures(report: Report) -> Table:
    """The period's headline numbers."""
    return Table(["Kennzahl", "Wert"], [
        ["Sitzungen", fmt_int(report.sessions)],
        ["Sitzungsdauer (Median)", fmt_duration(report.median_session_s)],
        ["QR-Codes angezeigt", fmt_int(report.qr_codes)],
        ["Geschichten-Aufrufe", fmt_int(report.story_views)],
        ["Bildschirmaufrufe gesamt", fmt_int(report.screen_views)],
        ["Attract-Durchläufe", fmt_int(report.attract_cycles)],
        ["Sitzungen aus der Attract-Schleife", fmt_int(report.attract_sessions)],
        ["Erfasste Ereignisse", fmt_int(report.events)],
    ], numeric=(1,))


def periods(rows: Sequence[PeriodStats]) -> Table:
    """Days, weeks or months: sessions (and how many of them the attract loop began), their
    median length, story views and QR codes."""
    return Table(
        ["Zeitraum", "Sitzungen", "davon aus Attract-Schleife", "Dauer (Median)", "Geschichten-Aufrufe",
         "QR-Codes"],
        [[p.label, fmt_int(p.sessions), fmt_int(p.from_attract), fmt_duration(p.median_session_s),
          fmt_int(p.story_views), fmt_int(p.qr_codes)] for p in rows],
        numeric=(1, 2, 3, 4, 5),
    )


def items(rows: Sequence[ItemStats]) -> Table:
    """Stories, providers or pages ranked, with views and median dwell; a title column when known."""
    if not any(s.title != s.id for s in rows):  # no titles known: the ID column would repeat them
        return Table(["#", "ID", "Aufrufe", "Verweildauer (Median)"],
                     [[str(i), s.id, fmt_int(s.views), fmt_duration(s.median_dwell_s)]
                      for i, s in enumerate(rows, 1)], numeric=(0, 2, 3))
    return Table(["#", "Titel", "ID", "Aufrufe", "Verweildauer (Median)"],
                 [[str(i), s.title, s.id, fmt_int(s.views), fmt_duration(s.median_dwell_s)]
                  for i, s in enumerate(rows, 1)], numeric=(0, 3, 4), ids=(2,))


def counts(rows: Sequence[CountRow], label: str, with_id: bool = True) -> Table:
    """Labelled counts with their share; an ID column when ``with_id`` and a label differs from its key."""
    total = sum(r.count for r in rows)
    if with_id and any(r.label != r.key for r in rows):
        return Table([label, "ID", "Anzahl", "Anteil"],
                     [[r.label, r.key, fmt_int(r.count), fmt_share(r.count, total)] for r in rows],
                     numeric=(2, 3), ids=(1,))
    return Table([label, "Anzahl", "Anteil"],
                 [[r.label, fmt_int(r.count), fmt_share(r.count, total)] for r in rows], numeric=(1, 2))


def videos(rows: Sequence[VideoStats]) -> Table:
    """Plays, median watch time and median share watched of each video."""
    return Table(
        ["Titel", "ID", "Starts", "Geschaut (Median)", "Anteil (Median)"],
        [[v.title, v.id, fmt_int(v.plays), fmt_duration(v.median_watched_s), fmt_completion(v.median_completion)]
         for v in rows],
        numeric=(2, 3, 4), ids=(1,),
    )


def heatmap(report: Report) -> Table:
    """Session starts by weekday (rows) and hour (columns); '.' for none."""
    return Table(["Tag"] + [f"{h:02d}" for h in range(24)],
                 [[WEEKDAYS[wd]] + [str(n) if n else "." for n in report.heatmap[wd]] for wd in range(7)],
                 numeric=tuple(range(1, 25)))
