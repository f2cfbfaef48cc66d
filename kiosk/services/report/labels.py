"""How the report says things: German names for what the kiosk records, and number formats.

Every event kind, session end reason and viewed screen of :mod:`kiosk.services.events` has
its name here, and nothing else does: a test walks the enums.
"""

from __future__ import annotations

from datetime import date

from kiosk.services.events import EndReason, EventKind, Screen
from kiosk.services.settings import WEEKDAY_NAMES

NO_DATA = "Keine Daten im Zeitraum"
UNKNOWN = "unbekannt"

MONTHS = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)
MONTHS_SHORT = ("Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez")
WEEKDAYS = WEEKDAY_NAMES
"""Mo .. So, indexed as ``date.weekday()`` counts."""

LANG_NAMES = {"de": "Deutsch", "en": "Englisch"}

KIND_NAMES = {
    EventKind.SESSION_START: "Sitzungsbeginn",
    EventKind.SESSION_END: "Sitzungsende",
    EventKind.SCREEN_VIEW: "Bildschirmaufruf",
    EventKind.FILTER: "Filter gewählt",
    EventKind.QR_SHOWN: "QR-Code angezeigt",
    EventKind.VIDEO_PLAY: "Video abgespielt",
    EventKind.LANG_SWITCH: "Sprachwechsel",
    EventKind.ATTRACT_CYCLE: "Attract-Durchlauf",
}

REASON_NAMES = {
    EndReason.IDLE: "Inaktivität",
    EndReason.SHUTDOWN: "Kiosk beendet",
    EndReason.NEW_SESSION: "Neue Sitzung",
}

SCREEN_NAMES = {
    Screen.HOME: "Startseite",
    Screen.STORY: "Geschichte",
    Screen.PROVIDERS: "Anbieterübersicht",
    Screen.PROVIDER: "Anbieter",
    Screen.PAGE: "Infoseite",
}
"""Every screen whose visits are recorded (:data:`kiosk.services.events.VIEWED_SCREENS`)."""

TARGET_NAMES = {Screen.STORY: "Geschichten", Screen.PROVIDER: "Anbieter", Screen.PAGE: "Seiten"}
"""What a QR code asks about (:data:`kiosk.services.events.ITEM_SCREENS`)."""


def name(names: dict, key: str) -> str:
    """Return the German name of a stored ``key`` in ``names``; an unknown key shows as itself."""
    return names.get(key) or key or UNKNOWN


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
    return f"{d.day}. {MONTHS[d.month - 1]} {d.year}"


def fmt_period(since: date | None, until: date | None) -> str:
    """Human period line, e.g. '1. Juni 2025 – 30. Juni 2025'."""
    if since is None and until is None:
        return "gesamter Zeitraum"
    if since == until:
        return fmt_date(since)
    return f"{fmt_date(since)} – {fmt_date(until)}"


def fmt_share(n: int, total: int) -> str:
    """``n`` as a whole percentage of ``total`` ('42 %'), '–' when the total is 0."""
    return f"{100.0 * n / total:.0f} %" if total else "–"


def fmt_completion(share: float | None) -> str:
    """A share 0..1 as a whole percentage, '–' for none."""
    return "–" if share is None else f"{share * 100:.0f} %"
