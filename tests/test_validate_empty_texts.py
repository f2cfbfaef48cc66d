"""A text visitors read may not be empty: ``name: ""``, a text of spaces, or one language's
version left empty is an error naming the file, the line and the fix, in English and German,
and the kiosk does not show the folder (it would show an empty heading)."""

from __future__ import annotations

from pathlib import Path

import pytest

from contentkit import edit, line_of
from kiosk.model.loader import validate

STORY = "stories/baeckerei-lange/story.yaml"
PROVIDER = "providers/nordwerk/provider.yaml"
PAGE = "pages/foerderprogramm/page.yaml"

EMPTY = "is empty; write a text after the colon, or one text per language such as {de: ..., en: ...}"
EMPTY_DE = "ist leer; schreiben Sie nach dem Doppelpunkt einen Text, oder je Sprache einen Text wie {de: ..., en: ...}"


def _empty_in(lang: str) -> str:
    return (f"has an empty '{lang}' text; write the text after '{lang}:', or leave out '{lang}:' to show another "
            "language's text")


# (case, file, old text, new text, the key's line starts with, the problem after the key's name)
EMPTY_TEXTS = [
    ("an empty provider name", PROVIDER, "name: Nordwerk IT", 'name: ""', "name:", "'name' " + EMPTY),
    ("a provider name of spaces", PROVIDER, "name: Nordwerk IT", "name: '   '", "name:", "'name' " + EMPTY),
    ("a provider name of a tab and a line break", PROVIDER, "name: Nordwerk IT", 'name: "\\t\\n"', "name:",
     "'name' " + EMPTY),
    ("an empty German story title", STORY, "title: {de: Brötchen vorbestellen, en: Pre-ordering bread rolls}",
     'title: {de: ""}', "title:", "'title' " + _empty_in("de")),
    ("an English story title of spaces", STORY, "en: Pre-ordering bread rolls}", "en: '  '}", "title:",
     "'title' " + _empty_in("en")),
    ("an empty page title", PAGE, "title: {de: Förderprogramm, en: Funding programme}", "title: ''", "title:",
     "'title' " + EMPTY),
    ("an empty German page title", PAGE, "title: {de: Förderprogramm,", "title: {de: ' ',", "title:",
     "'title' " + _empty_in("de")),
    ("an empty company name", STORY, "name: Bäckerei Lange", 'name: ""', "  name:", "'company.name' " + EMPTY),
    ("an empty service", PROVIDER, "  - {de: Online-Bestellung, en: Online ordering}", '  - ""', '  - ""',
     "'services[1]' " + EMPTY),
    ("an empty caption", STORY, "caption: {de: Die Theke, en: The counter}", "caption: ' '", "    caption: ' '",
     "'media[1].caption' " + EMPTY),
]


@pytest.mark.parametrize("case,file,old,new,key,says", EMPTY_TEXTS, ids=[e[0] for e in EMPTY_TEXTS])
def test_an_empty_text_is_an_error_naming_file_line_and_fix(content: Path, case: str, file: str, old: str,
                                                           new: str, key: str, says: str) -> None:
    edit(content / file, old, new)
    result = validate(content, probe_media=False)
    assert [str(p) for p in result.problems] == [f"{file}:{line_of(content / file, key)}: error: {says}"]
    assert result.exhibition is None, "the kiosk must not show an empty text"


def test_an_empty_text_is_worded_in_german_too(content: Path) -> None:
    edit(content / PROVIDER, "name: Nordwerk IT", 'name: ""')
    edit(content / STORY, "en: Pre-ordering bread rolls}", "en: ''}")
    problems = validate(content, probe_media=False, lang="de").problems
    assert sorted(str(p) for p in problems) == sorted([
        f"{PROVIDER}:1: Fehler: 'name' {EMPTY_DE}",
        f"{STORY}:{line_of(content / STORY, 'title:')}: Fehler: 'title' hat einen leeren Text für 'en'; schreiben Sie "
        "den Text hinter 'en:', oder lassen Sie 'en:' weg, damit der Text einer anderen Sprache erscheint"])


def test_a_text_with_something_to_read_passes(content: Path) -> None:
    """One visible character is a text, with spaces around it or in one language only."""
    edit(content / PROVIDER, "name: Nordwerk IT", "name: ' X '")
    edit(content / STORY, "title: {de: Brötchen vorbestellen, en: Pre-ordering bread rolls}",
         "title: {de: Brötchen vorbestellen}")
    problems = validate(content, probe_media=False).problems
    assert [p.severity for p in problems] == ["warning"], problems  # the missing English translation only
