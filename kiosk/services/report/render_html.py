"""The report as one self-contained HTML page: inline CSS, charts as inline SVG, no scripts, no URLs."""

from __future__ import annotations

import html
from itertools import count
from typing import Iterator

from kiosk.services.report import tables
from kiosk.services.report.aggregate import Report
from kiosk.services.report.charts import ACCENT, GREY, INK, LIGHT, PAPER, Charts
from kiosk.services.report.labels import NO_DATA, fmt_period
from kiosk.services.report.tables import Table

CSS = f"""
:root {{ --accent: {ACCENT}; --ink: {INK}; --grey: {GREY}; --light: {LIGHT}; --paper: {PAPER}; }}
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

NO_DATA_HTML = f'<p class="nodata">{NO_DATA}</p>'


def render_html(report: Report) -> str:
    """One self-contained HTML file: inline CSS, charts as inline SVG, no scripts, no URLs."""
    period = esc(fmt_period(report.since, report.until))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="de"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Besucherstatistik Digitale Werkbank – {period}</title><style>{CSS}</style></head><body><main>",
        '<header><p class="eyebrow">Digitale Werkbank Dortmund · Werkbank Kiosk</p>',
        "<h1>Besucherstatistik</h1>",
        f'<p class="period">Zeitraum: <strong>{period}</strong></p></header>',
    ]
    if report.empty:
        parts.append(f'<p class="empty">{NO_DATA}</p>')
    else:
        parts.extend(_body(report, _Figures(Charts())))  # matplotlib only when there is something to draw
    parts += [_footer(report), "</main></body></html>"]
    return "\n".join(parts)


def esc(s: object) -> str:
    """Escape text for HTML, quotes too."""
    return html.escape(str(s), quote=True)


def table_html(table: Table) -> str:
    """A :class:`~kiosk.services.report.tables.Table` as ``<table>``; the no-data line when it has no rows."""
    if not table.rows:
        return NO_DATA_HTML

    def cls(i: int) -> str:
        return ' class="n"' if i in table.numeric else ' class="id"' if i in table.ids else ""

    head = "".join(f"<th{' class=n' if i in table.numeric else ''}>{esc(h)}</th>" for i, h in enumerate(table.headers))
    body = "".join("<tr>" + "".join(f"<td{cls(i)}>{esc(c)}</td>" for i, c in enumerate(r)) + "</tr>"
                   for r in table.rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


class _Figures:
    """Charts as ``<figure>`` elements, numbered in page order so their SVG ids stay unique."""

    def __init__(self, charts: Charts) -> None:
        self.charts = charts
        self._numbers = count(1)

    def pairs(self, rows, caption: str, **options) -> str:
        """Horizontal bars of ``(label, count)`` rows."""
        return self.wrap(self.charts.hbar(rows, next(self._numbers), **options), caption)

    def days(self, report: Report, caption: str) -> str:
        """Sessions per day."""
        return self.wrap(self.charts.sessions_per_day(report.days, next(self._numbers)), caption)

    def heatmap(self, report: Report, caption: str) -> str:
        """Session starts by weekday and hour."""
        return self.wrap(self.charts.heatmap(report.heatmap, next(self._numbers)), caption)

    @staticmethod
    def wrap(svg: str | None, caption: str) -> str:
        """The figure with its caption; the no-data line when there was nothing to draw."""
        if not svg:
            return NO_DATA_HTML
        return f"<figure>{svg}<figcaption>{esc(caption)}</figcaption></figure>"


def _body(report: Report, fig: _Figures) -> Iterator[str]:
    kpis = tables.key_figures(report).rows[:4]
    yield '<section class="kpis" aria-label="Kennzahlen">'
    yield from (f'<div class="kpi"><span class="value">{esc(v)}</span><span class="label">{esc(k)}</span></div>'
                for k, v in kpis)
    yield "</section>"
    yield "<section><h2>Sitzungen pro Tag</h2>"
    yield fig.days(report, "Anzahl begonnener Sitzungen je Kalendertag.")
    yield "</section><section><h2>Beliebteste Geschichten</h2>"
    yield fig.pairs([(s.title, s.views) for s in report.stories[:10]], "Die zehn meistgesehenen Geschichten nach Aufrufen.")
    if report.stories:
        yield "<h3>Alle Geschichten nach Aufrufen</h3>" + table_html(tables.items(report.stories))
        yield "<h3>Geschichten nach Verweildauer</h3>" + table_html(tables.items(report.stories_by_dwell))
    yield "</section><section><h2>Gewählte Ziele</h2>"
    yield fig.pairs([(r.label, r.count) for r in report.goals[:12]], "Wie oft Besucher nach einem Geschäftsziel gefiltert haben.")
    yield '<div class="cols"><div><h3>Ziele</h3>' + table_html(tables.counts(report.goals, "Ziel")) + "</div>"
    yield "<div><h3>Branchen</h3>" + table_html(tables.counts(report.industries, "Branche")) + "</div></div>"
    yield "</section>"
    yield from _qr_and_languages(report, fig)
    yield "<section><h2>Wann kommen Besucher?</h2>"
    yield fig.heatmap(report, "Begonnene Sitzungen nach Wochentag und Uhrzeit (Ortszeit), summiert über den Zeitraum.")
    yield "</section>"
    yield from _periods(report)
    yield from _more(report)


def _qr_and_languages(report: Report, fig: _Figures) -> Iterator[str]:
    yield "<section><h2>QR-Codes (Kontaktanfragen)</h2>"
    yield fig.pairs([(r.label, r.count) for r in report.qr_targets], "Angezeigte QR-Codes nach Ziel der Kontaktanfrage.", min_rows=3)
    yield '<div class="cols">'
    yield "<div><h3>Je Geschichte</h3>" + table_html(tables.counts(report.qr_by_story, "Geschichte")) + "</div>"
    yield "<div><h3>Je Anbieter</h3>" + table_html(tables.counts(report.qr_by_provider, "Anbieter")) + "</div>"
    yield "</div><h3>Je Seite</h3>" + table_html(tables.counts(report.qr_by_page, "Seite"))
    yield "</section><section><h2>Sprachen</h2>"
    total_views = sum(r.count for r in report.languages)
    yield fig.pairs([(r.label, r.count) for r in report.languages], "Bildschirmaufrufe nach Sprache.", total=total_views)
    yield ('<div class="cols"><div><h3>Bildschirmaufrufe</h3>'
           + table_html(tables.counts(report.languages, "Sprache", with_id=False)) + "</div>")
    yield ("<div><h3>Sprachwechsel</h3>"
           + table_html(tables.counts(report.lang_switches, "Wechsel", with_id=False)) + "</div></div>")
    yield "</section>"


def _periods(report: Report) -> Iterator[str]:
    yield "<section><h2>Verlauf</h2><h3>Pro Monat</h3>" + table_html(tables.periods(report.months))
    active_weeks = [p for p in report.weeks if p.active]
    yield "<h3>Pro Kalenderwoche</h3>" + table_html(tables.periods(active_weeks or report.weeks))
    active_days = [p for p in report.days if p.active]
    # Short lists stay open (and print); a year of days is folded away but one click from view.
    opened = " open" if len(active_days) <= 31 else ""
    yield (f"<details{opened}><summary>Pro Tag (Tage mit Betrieb)</summary>"
           + table_html(tables.periods(active_days)) + "</details>")
    yield "</section>"


def _more(report: Report) -> Iterator[str]:
    yield "<section><h2>Weitere Angaben</h2>"
    if report.providers:
        yield "<h3>Anbieter nach Aufrufen</h3>" + table_html(tables.items(report.providers))
    if report.pages:
        yield "<h3>Seiten nach Aufrufen</h3>" + table_html(tables.items(report.pages))
    if report.videos:
        yield "<h3>Videos</h3>" + table_html(tables.videos(report.videos))
    yield "<h3>Bildschirmaufrufe nach Bildschirm</h3>" + table_html(tables.counts(report.screens, "Bildschirm", with_id=False))
    yield "<h3>Sitzungsende</h3>" + table_html(tables.counts(report.end_reasons, "Grund", with_id=False))
    yield "<h3>Erfasste Ereignisse nach Art</h3>" + table_html(tables.counts(report.kinds, "Ereignis", with_id=False))
    more = tables.key_figures(report)
    yield table_html(Table(["Weitere Kennzahl", "Wert"], more.rows[4:], numeric=more.numeric))
    yield "</section>"


def _footer(report: Report) -> str:
    return (
        "<footer><p>Anonym erfasst: keine personenbezogenen Daten, keine Kennung über eine Sitzung hinaus. "
        "Eine Sitzung reicht vom ersten Tippen bis zur Rückkehr in den Ruhezustand; Sitzungsdauer und "
        "Verweildauer sind Mediane (die Hälfte der Werte liegt darunter, die Hälfte darüber). "
        "Zeiten in Ortszeit des Kiosks.</p>"
        f"<p>Erstellt am {report.generated_at:%d.%m.%Y um %H:%M} Uhr mit Werkbank Kiosk.</p></footer>"
    )
