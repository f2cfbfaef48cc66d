"""Key figures, focus points and no-break spaces in story.yaml: what the loader builds and reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from contentkit import edit, line_of
from kiosk.model.loader import load_exhibition, validate
from kiosk.model.textfmt import NBSP, format_figure

STORY = "stories/baeckerei-lange/story.yaml"
FIGURES = """\
figures:
  - {value: 1800, unit: €, label: {de: einmalig, en: one-off}}
  - {value: -12, unit: {de: Prozentpunkte, en: percentage points}, label: {de: Reste, en: waste}}
  - {value: 2.5, label: {de: Stunden Arbeit, en: hours of work}}
"""


def report(folder: Path) -> list[str]:
    """Return the problems of ``folder`` as the lines `kiosk validate` prints."""
    return [str(p) for p in validate(folder, probe_media=False).problems]


def test_figures_are_loaded_in_order_and_formatted_by_language(content: Path) -> None:
    edit(content / STORY, "cover: cover.jpg", "cover: cover.jpg\n" + FIGURES.rstrip())
    story = load_exhibition(content, probe_media=False).story("baeckerei-lange")
    assert [format_figure(f, "de") for f in story.figures] == ["1.800\u00a0€", "\u221212\u00a0Prozentpunkte", "2,5"]
    assert [format_figure(f, "en") for f in story.figures] == ["€1,800", "\u221212\u00a0percentage points", "2.5"]
    assert [f.label.get("en") for f in story.figures] == ["one-off", "waste", "hours of work"]


def test_a_story_without_figures_has_none(content: Path) -> None:
    assert load_exhibition(content, probe_media=False).story("baeckerei-lange").figures == ()


@pytest.mark.parametrize("figures, expected", [
    ("figures:\n  - {value: 45, unit: €, label: im Monat}",
     "'figures' has 1; give at least 2"),
    ("figures:\n" + "  - {value: 1, label: x}\n" * 5,
     "'figures' has 5; give at most 4"),
])
def test_two_to_four_figures(content: Path, figures: str, expected: str) -> None:
    edit(content / STORY, "cover: cover.jpg", "cover: cover.jpg\n" + figures.rstrip())
    line = line_of(content / STORY, "  - {value:")
    assert report(content) == [f"{STORY}:{line}: error: {expected}"]


@pytest.mark.parametrize("value", ["'1800'", "1.800.000", ".inf", "1.0e12", "true"])
def test_a_figure_value_is_a_plain_number(content: Path, value: str) -> None:
    figures = f"figures:\n  - {{value: {value}, label: a}}\n  - {{value: 2, label: b}}"
    edit(content / STORY, "cover: cover.jpg", "cover: cover.jpg\n" + figures)
    line = line_of(content / STORY, "  - {value: " + value)
    (problem,) = report(content)
    assert problem.startswith(f"{STORY}:{line}: error: value must be a number such as 1800, 2.5 or -12, with at "
                              "most nine digits (got ")


def test_a_long_figure_label_is_a_warning(content: Path) -> None:
    figures = "figures:\n  - {value: 1, label: Das ist eine sehr lange Beschriftung}\n  - {value: 2, label: b}"
    edit(content / STORY, "cover: cover.jpg", "cover: cover.jpg\n" + figures)
    line = line_of(content / STORY, "  - {value: 1,")
    assert report(content) == [f"{STORY}:{line}: warning: 'figures[1].label' (de) has 36 characters; its place on "
                               "screen shows about 28: shorten it"]


def test_focus_points_of_cover_and_pictures(content: Path) -> None:
    edit(content / STORY, "cover: cover.jpg", "cover: cover.jpg\ncover_focus: [0.25, 0.4]")
    edit(content / STORY, "  - image: theke.jpg", "  - image: theke.jpg\n    focus: [1, 0]")
    story = load_exhibition(content, probe_media=False).story("baeckerei-lange")
    assert story.cover_focus == (0.25, 0.4)
    assert [m.focus for m in story.media] == [(1.0, 0.0), (0.5, 0.5)]


@pytest.mark.parametrize("focus", ["[0.5]", "[1.2, 0.5]", "mitte", "[0.5, 0.5, 0.5]"])
def test_a_focus_is_two_fractions(content: Path, focus: str) -> None:
    edit(content / STORY, "cover: cover.jpg", f"cover: cover.jpg\ncover_focus: {focus}")
    line = line_of(content / STORY, "cover_focus:")
    (problem,) = report(content)
    assert problem.startswith(f"{STORY}:{line}: error: focus must be two numbers from 0 to 1, across and down, "
                              "e.g. [0.3, 0.5] (got ")


def test_a_focus_on_a_film_is_an_error(content: Path) -> None:
    edit(content / STORY, "  - video: film.mp4", "  - video: film.mp4\n    focus: [0.2, 0.2]")
    line = line_of(content / STORY, "  - video: film.mp4")
    assert report(content) == [f"{STORY}:{line}: error: 'focus:' belongs to an image; a video is never cropped, "
                               "remove it"]


def test_visitor_texts_keep_numbers_with_their_units(content: Path) -> None:
    exhibition = load_exhibition(content, probe_media=False)
    story = exhibition.story("baeckerei-lange")
    assert story.benefit.get("de") == f"15{NBSP}% mehr Umsatz am Samstag."
    assert story.cost.one_off.get("de") == f"900{NBSP}€ Einrichtung"
    assert story.cost.running.get("en") == "€25 a month"
    # Ids and addresses are not visitor text: they stay as written.
    assert exhibition.settings.contact_url.count(NBSP) == 0 and story.id == "baeckerei-lange"
