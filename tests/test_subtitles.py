"""Subtitles beside a film: found by name, read per language, and checked by kiosk validate."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.model.loader import load_exhibition, validate
from kiosk.model.subtitles import Cue, SubtitleError, cues, subtitle_files

FOLDER = "stories/baeckerei-lange"
GOOD = "WEBVTT\n\nNOTE made by hand\n\n1\n00:00.000 --> 00:00.600\nGuten <b>Morgen</b>\n\n00:00.600 --> 00:01.000\nzwei\nZeilen\n"


def write(content: Path, name: str, text: str) -> Path:
    path = content / FOLDER / name
    path.write_text(text, encoding="utf-8")
    return path


def lines(folder: Path, **kwargs) -> list[str]:
    return [str(p) for p in validate(folder, **kwargs).problems]


def test_subtitles_are_found_beside_the_film_by_language(content: Path) -> None:
    de = write(content, "film.de.vtt", GOOD)
    en = write(content, "film.en.vtt", GOOD.replace("Guten", "Good"))
    for other in ("film.vtt", "film.poster.vtt", "filme.de.vtt", "film.DE.vtt"):
        write(content, other, GOOD)
    assert subtitle_files(content / FOLDER / "film.mp4") == {"de": de, "en": en}
    film = load_exhibition(content).story("baeckerei-lange").media[1]
    assert film.subtitles == {"de": de, "en": en}
    assert load_exhibition(content).story("baeckerei-lange").media[0].subtitles == {}
    assert cues(de) == (Cue(0.0, 0.6, "Guten Morgen"), Cue(0.6, 1.0, "zwei\nZeilen"))


@pytest.mark.parametrize("text, line, message", [
    ("Guten Morgen\n", 1, "a subtitle file must begin with the line WEBVTT; add it as the first line"),
    ("WEBVTT\n\n00:00.000 --> 00:00.500\nA\n\n00:00,500 --> 00:00.900\nB\n", 6,
     "this cue cannot be read: write its time as 00:01.500 --> 00:04.000 on one line, the text below it, "
     "and an empty line after it"),
    ("WEBVTT\n\n00:00.800 --> 00:00.200\nA\n", 3, "this cue ends (0:00.2) before it begins (0:00.8); swap or fix "
                                                 "the times"),
])
def test_a_broken_subtitle_file_is_an_error_with_its_line(content: Path, text: str, line: int, message: str) -> None:
    write(content, "film.de.vtt", text)
    result = validate(content, probe_media=False)
    assert [str(p) for p in result.problems] == [f"{FOLDER}/film.de.vtt:{line}: error: {message}"]
    assert result.exhibition is None
    with pytest.raises(SubtitleError) as raised:
        cues(content / FOLDER / "film.de.vtt")
    assert raised.value.line == line


def test_a_cue_after_the_films_end_is_a_warning(content: Path) -> None:
    # The test film is one second long.
    write(content, "film.de.vtt", GOOD + "\n00:01.000 --> 00:04.000\nzu spät\n\n00:05.000 --> 00:06.000\nauch\n")
    assert lines(content) == [
        f"{FOLDER}/film.de.vtt:13: warning: this cue ends at 0:04.0, after the film's end at 0:01.0 (and 1 more after "
        "it), so it is never shown; fix its time or the film"]
    assert lines(content, probe_media=False) == []


def test_subtitles_in_a_language_the_exhibition_lacks_are_a_warning(content: Path) -> None:
    write(content, "film.fr.vtt", GOOD)
    result = validate(content, probe_media=False)
    assert [str(p) for p in result.problems] == [
        f"{FOLDER}/film.fr.vtt: warning: the exhibition has no language 'fr' (see 'languages' in kiosk.yaml), so "
        "these subtitles are never shown"]
    assert result.exhibition.story("baeckerei-lange").media[1].subtitles == {}


def test_a_subtitle_link_out_of_the_folder_is_an_error(content: Path, tmp_path: Path) -> None:
    outside = tmp_path / "privat.vtt"
    outside.write_text(GOOD, encoding="utf-8")
    (content / FOLDER / "film.de.vtt").symlink_to(outside)
    assert lines(content, probe_media=False) == [
        f"{FOLDER}/film.de.vtt: error: 'film.de.vtt' is a link that leads outside the content folder; copy the "
        "file itself"]


def test_content_install_copies_the_subtitles(content: Path, tmp_path: Path) -> None:
    from kiosk.services.releases import ReleaseStore

    write(content, "film.de.vtt", GOOD)
    release = ReleaseStore(tmp_path / "data").install(content)
    assert (release.path / FOLDER / "film.de.vtt").read_text(encoding="utf-8") == GOOD
