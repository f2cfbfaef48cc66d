"""Typography for visitor text: numbers written by language, and numbers kept with their units.

Pure functions, no Kivy. :func:`bind_units` runs over every visitor text when an exhibition is
loaded, so that a line break never separates "20" from "%", "3.000" from "€" or "18" from
"Beschäftigte"; Kivy wraps lines at ASCII spaces only, so a no-break space (U+00A0) holds them
together. :func:`format_number` and :func:`format_figure` write a story's key figures the way
German or English readers expect them.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.model.types import Figure

NBSP = "\u00a0"
MINUS = "\u2212"

# Units and counted nouns that follow a number in the stories. A word is listed with its plural
# endings; matching stops at a word boundary, so "Tage" does not catch "Tagesgeschäft".
_UNITS = (
    "%", "€", "‰", "°C", "m²", "m³", "km", "kg", "kWh", "MB", "GB", "min", r"Std\.", "h", "t",
    "Euro", "Cent", "Prozent", "Prozentpunkte?", "Punkte?",
    "Sekunden?", "Minuten?", "Stunden?", "Tage?n?", "Wochen?", "Monate?n?", "Jahre?n?",
    "Beschäftigte[n]?", "Mitarbeitende[n]?", "Mitarbeiter(?:innen)?", "Kunden", "Kundinnen",
    "Kund:innen", "Auszubildende[n]?", "Azubis?", "Aufträge[n]?", "Bestellungen", "Filialen",
    "Fahrzeuge[n]?", "Artikel[n]?", "Anrufe[n]?", "Termine[n]?", "Stück", "Seiten",
    "percent", "percentage points?", "points?", "seconds?", "minutes?", "hours?", "days?", "weeks?",
    "months?", "years?", "employees", "staff", "customers", "apprentices?", "orders", "calls",
    "appointments", "branches", "vehicles", "items", "pages",
)
_NUMBER_THEN_UNIT = re.compile(r"(?<=\d) (?=(?:" + "|".join(_UNITS) + r")(?!\w))")


def bind_units(text: str) -> str:
    """Return ``text`` with the space between a number and its unit made a no-break space.

    Only ASCII spaces after a digit and before a known unit or counted noun change; every other
    character stays as it was (a property test holds this).
    """
    return _NUMBER_THEN_UNIT.sub(NBSP, text)


def format_number(value: float, lang: str) -> str:
    """Return ``value`` as ``lang`` writes it: ``1.800`` and ``2,5`` in German, ``1,800`` and ``2.5`` otherwise.

    Whole numbers show no decimals; other numbers show the decimals they were written with. A
    negative number gets a real minus sign (U+2212), not a hyphen.
    """
    if not math.isfinite(value):
        raise ValueError(f"{value!r} is not a number a figure can show")
    whole = float(value).is_integer()
    text = f"{abs(int(value)):,}" if whole else f"{abs(value):,}"
    if lang == "de":
        text = text.translate(str.maketrans({",": ".", ".": ","}))
    return (MINUS if value < 0 else "") + text


def format_figure(figure: "Figure", lang: str) -> str:
    """Return a key figure's number with its unit in ``lang``, joined so that no line break parts them.

    German puts every unit after the number (``1.800 €``, ``50 %``); English writes the euro
    before it and the percent sign without a space (``€1,800``, ``50%``). The label is separate:
    ``figure.label.get(lang)``.
    """
    number = format_number(figure.value, lang)
    unit = figure.unit.get(lang) if figure.unit is not None else ""
    if not unit:
        return number
    if lang != "de" and unit == "€":
        sign = MINUS if number.startswith(MINUS) else ""
        return sign + "€" + number.removeprefix(MINUS)
    if lang != "de" and unit == "%":
        return number + unit
    return number + NBSP + unit
