"""Typography of visitor text: numbers kept with their units, key figures written by language."""

from __future__ import annotations

import re
from types import MappingProxyType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.model.textfmt import NBSP, bind_units, format_figure, format_number
from kiosk.model.types import Figure, Text, plain


@pytest.mark.parametrize("text, expected", [
    ("20 % mehr Umsatz", "20\u00a0% mehr Umsatz"),
    ("rund 3.000 € im Jahr", "rund 3.000\u00a0€ im Jahr"),
    ("18 Beschäftigte und 2 Azubis", "18\u00a0Beschäftigte und 2\u00a0Azubis"),
    ("−12 Prozentpunkte Reste", "−12\u00a0Prozentpunkte Reste"),
    ("nach 6 Monaten, 1,5 Stunden am Tag", "nach 6\u00a0Monaten, 1,5\u00a0Stunden am Tag"),
    ("saves 4 hours a week for 120 customers", "saves 4\u00a0hours a week for 120\u00a0customers"),
])
def test_a_number_is_joined_to_its_unit(text: str, expected: str) -> None:
    assert bind_units(text) == expected


@pytest.mark.parametrize("text", [
    "Seit 2019 nutzt der Betrieb", "3 neue Kundinnenkarten", "im Tagesgeschäft 5 Tagesgerichte",
    "20 Prozentsätze", "Bäckerei Lange", "",
])
def test_other_spaces_stay(text: str) -> None:
    # A number before an ordinary word, or a unit that only starts a longer word, keeps its space.
    assert bind_units(text) == text


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 .,%€-−\u00a0\nTageStundnMoatPrzplhursmcieäß")),
               max_size=60) | st.text(max_size=60))
def test_binding_only_turns_spaces_after_a_digit_into_no_break_spaces(text: str) -> None:
    bound = bind_units(text)
    assert len(bound) == len(text)
    for index, (before, after) in enumerate(zip(text, bound)):
        if before != after:
            assert (before, after) == (" ", NBSP) and index > 0 and text[index - 1].isdigit()


def test_numbers_are_written_by_language() -> None:
    assert format_number(1800, "de") == "1.800" and format_number(1800, "en") == "1,800"
    assert format_number(1234567.5, "de") == "1.234.567,5" and format_number(1234567.5, "en") == "1,234,567.5"
    assert format_number(-12, "de") == "\u221212" and format_number(2.0, "en") == "2"
    assert format_number(0.25, "de") == "0,25"


def _figure(value: float, unit: str | dict | None) -> Figure:
    unit_text = None if unit is None else plain(unit) if isinstance(unit, str) else Text(MappingProxyType(unit), "de")
    return Figure(value=value, unit=unit_text, label=plain("einmalig"))


def test_figures_put_the_unit_where_each_language_does() -> None:
    assert format_figure(_figure(1800, "€"), "de") == "1.800\u00a0€"
    assert format_figure(_figure(1800, "€"), "en") == "€1,800"
    assert format_figure(_figure(50, "%"), "de") == "50\u00a0%"
    assert format_figure(_figure(50, "%"), "en") == "50%"
    points = _figure(-12, {"de": "Prozentpunkte", "en": "percentage points"})
    assert format_figure(points, "de") == "\u221212\u00a0Prozentpunkte"
    assert format_figure(points, "en") == "\u221212\u00a0percentage points"
    assert format_figure(_figure(-45, "€"), "en") == "\u2212€45"
    assert format_figure(_figure(3, None), "de") == "3"
    assert not re.search(r"\d [^\s]", format_figure(_figure(2.5, "Stunden"), "de"))
