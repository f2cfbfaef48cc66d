"""The report as plain text for the terminal: UTF-8, fixed-width tables."""

from __future__ import annotations

from kiosk.services.report import tables
from kiosk.services.report.aggregate import Report
from kiosk.services.report.labels import NO_DATA, fmt_period
from kiosk.services.report.tables import Table

TITLE = "Besucherstatistik Digitale Werkbank – Werkbank Kiosk"
FOOTNOTE = (
    "Anonym erfasst: keine personenbezogenen Daten, keine Kennung über eine Sitzung hinaus.\n"
    "Sitzung = Besuch vom ersten Tippen bis Rückkehr in den Ruhezustand; Dauer und Verweildauer als Median."
)


def render_text(report: Report) -> str:
    """Plain-text report for the terminal (UTF-8, fixed-width tables)."""
    out = [TITLE, "=" * len(TITLE), f"Zeitraum: {fmt_period(report.since, report.until)}",
           f"Erstellt: {report.generated_at:%d.%m.%Y %H:%M}", ""]
    if report.empty:
        return "\n".join(out + [NO_DATA, ""])
    for title, table in _sections(report):
        body = _columns(table) if table.rows else NO_DATA
        out.extend([title, "-" * len(title), body, ""])
    out.append(FOOTNOTE)
    return "\n".join(out) + "\n"


def _sections(report: Report) -> list[tuple[str, Table]]:
    sections = [
        ("Kennzahlen", tables.key_figures(report)),
        ("Pro Monat", tables.periods(report.months)),
        ("Pro Kalenderwoche", tables.periods(report.weeks)),
        ("Pro Tag (Tage mit Betrieb)", tables.periods([p for p in report.days if p.active])),
        ("Geschichten nach Aufrufen", tables.items(report.stories)),
        ("Geschichten nach Verweildauer", tables.items(report.stories_by_dwell)),
    ]
    if report.providers:
        sections.append(("Anbieter nach Aufrufen", tables.items(report.providers)))
    if report.pages:
        sections.append(("Seiten nach Aufrufen", tables.items(report.pages)))
    sections += [
        ("Gewählte Ziele", tables.counts(report.goals, "Ziel")),
        ("Gewählte Branchen", tables.counts(report.industries, "Branche")),
        ("QR-Codes nach Ziel", tables.counts(report.qr_targets, "Ziel", with_id=False)),
        ("QR-Codes je Geschichte", tables.counts(report.qr_by_story, "Geschichte")),
        ("QR-Codes je Anbieter", tables.counts(report.qr_by_provider, "Anbieter")),
        ("QR-Codes je Seite", tables.counts(report.qr_by_page, "Seite")),
        ("Sprachen (Bildschirmaufrufe)", tables.counts(report.languages, "Sprache", with_id=False)),
        ("Sprachwechsel", tables.counts(report.lang_switches, "Wechsel", with_id=False)),
        ("Bildschirmaufrufe nach Bildschirm", tables.counts(report.screens, "Bildschirm", with_id=False)),
        ("Sitzungsende", tables.counts(report.end_reasons, "Grund", with_id=False)),
        ("Erfasste Ereignisse nach Art", tables.counts(report.kinds, "Ereignis", with_id=False)),
    ]
    if report.videos:
        sections.append(("Videos", tables.videos(report.videos)))
    sections.append(("Sitzungsbeginn nach Wochentag und Stunde", tables.heatmap(report)))
    return sections


def _columns(table: Table) -> str:
    """Pad the table's cells into columns: numbers right-aligned, a dashed rule under the headers."""
    widths = [max([len(h)] + [len(r[i]) for r in table.rows]) for i, h in enumerate(table.headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(c.rjust(w) if i in table.numeric else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    return "\n".join([line(table.headers), "  ".join("-" * w for w in widths), *map(line, table.rows)])
