"""Visitor statistics report: the recorder's SQLite events as text, CSV or one HTML page.

:mod:`.aggregate` counts the events of a period into a :class:`Report`; :mod:`.render_text`,
:mod:`.render_csv` and :mod:`.render_html` (with :mod:`.charts`) show it; :mod:`.labels`
holds the German words and number formats, :mod:`.tables` the columns that text and HTML
share. The command, ``kiosk stats``, is :func:`kiosk.cli.cmd_stats`.

Definitions used throughout (they are printed in the report's footnotes too):

* a *session* is one ``session_start`` event; its *length* comes from its ``session_end``
  (sessions cut off by a power loss count as sessions but have no length);
* session lengths are attributed to the day the session *started*;
* *views* are ``screen_view`` events; *dwell* is the time spent on that screen;
* medians are plain medians of the recorded values (mean of the two middle values for an
  even count).
"""

from __future__ import annotations

from kiosk.services.report.aggregate import CountRow, ItemStats, PeriodStats, Report, VideoStats, build_report
from kiosk.services.report.charts import ACCENT
from kiosk.services.report.labels import NO_DATA, fmt_duration, fmt_int
from kiosk.services.report.render_csv import csv_text, render_csv
from kiosk.services.report.render_html import render_html
from kiosk.services.report.render_text import render_text

RENDERERS = {"text": render_text, "csv": render_csv, "html": render_html}
"""The report formats ``kiosk stats --format`` offers, by name."""

__all__ = [
    "ACCENT", "NO_DATA", "RENDERERS", "CountRow", "ItemStats", "PeriodStats", "Report", "VideoStats",
    "build_report", "csv_text", "fmt_duration", "fmt_int", "render_csv", "render_html", "render_text",
]
