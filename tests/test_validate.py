"""Validation of broken content folders: every problem class, with file, line and wording."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from contentkit import edit, line_of
from kiosk.model.loader import load_exhibition, validate
from kiosk.model.problems import ContentError, NotAContentFolder

STORY = "stories/baeckerei-lange/story.yaml"
PROVIDER = "providers/nordwerk/provider.yaml"
PAGE = "pages/foerderprogramm/page.yaml"


def report(folder: Path, **kwargs) -> list[str]:
    """Return the problems of ``folder`` as the lines `kiosk validate` prints."""
    return [str(p) for p in validate(folder, **kwargs).problems]


def test_valid_folder_has_no_problems_and_resolves(content: Path) -> None:
    exhibition = load_exhibition(content)
    story = exhibition.story("baeckerei-lange")
    assert story.company.industry.label.get("en") == "Skilled trades"
    assert [p.id for p in story.providers] == ["nordwerk"]
    assert exhibition.provider("nordwerk").story_ids == ("baeckerei-lange",)
    assert story.cover == content / "stories/baeckerei-lange/cover.jpg" and story.cover.is_absolute()
    assert [m.kind for m in story.media] == ["image", "video"]
    assert story.media[1].poster == story.cover
    assert report(content) == []


def test_yaml_syntax_error_names_line_and_fix(content: Path) -> None:
    path = content / STORY
    edit(path, "  industry: handwerk", "\tindustry: handwerk")
    line = line_of(path, "industry: handwerk")
    assert report(content) == [
        f"{STORY}:{line}: error: YAML syntax error: found a tab character that violates indentation "
        "(use spaces, not tabs, to indent)"]


def test_unclosed_quote_is_a_syntax_error(content: Path) -> None:
    edit(content / PAGE, "qr: contact", 'qr: "contact')
    (problem,) = validate(content).problems
    assert problem.file == PAGE and problem.severity == "error" and problem.line is not None
    assert problem.message.startswith("YAML syntax error")


def test_unknown_key_suggests_the_right_one(content: Path) -> None:
    path = content / STORY
    edit(path, "teaser:", "teasr:")
    lines = report(content)
    line = line_of(path, "teasr:")
    assert f"{STORY}:{line}: error: unknown key 'teasr' (did you mean 'teaser'?)" in lines
    assert f"{STORY}:1: error: required key 'teaser' is missing; add 'teaser: ...'" in lines


def test_unknown_key_without_a_close_match_lists_allowed_keys(content: Path) -> None:
    edit(content / PROVIDER, "place: Dortmund", "place: Dortmund\nfarbe: rot")
    line = line_of(content / PROVIDER, "farbe")
    assert report(content) == [
        f"{PROVIDER}:{line}: error: unknown key 'farbe' (allowed here: name, logo, tagline, description, "
        "services, place, website)"]


def test_missing_required_key_in_nested_block(content: Path) -> None:
    path = content / STORY
    edit(path, "  employees: 12\n", "")
    assert report(content) == [
        f"{STORY}:{line_of(path, 'company:')}: error: required key 'employees' is missing in 'company'; "
        "add 'employees: ...'"]


def test_wrong_types(content: Path) -> None:
    path = content / STORY
    edit(path, "employees: 12", "employees: viele")
    edit(path, "goals: [neue-kunden]", "goals: neue-kunden")
    edit(content / "kiosk.yaml", "idle_timeout: 60", "idle_timeout: lange")
    assert report(content) == [
        "kiosk.yaml:3: error: 'idle_timeout' must be a number, e.g. 90",
        f"{STORY}:{line_of(path, 'employees')}: error: 'company.employees' must be a whole number, e.g. 12",
        f"{STORY}:{line_of(path, 'goals:')}: error: 'goals' must be a list, one '- item' per line",
    ]


def test_text_must_be_text_or_language_map(content: Path) -> None:
    path = content / STORY
    edit(path, "benefit: {de: 15 % mehr Umsatz am Samstag., en: 15% more sales on Saturdays.}", "benefit: [a, b]")
    assert report(content) == [
        f"{STORY}:{line_of(path, 'benefit:')}: error: 'benefit' must be a text, or one text per language "
        "such as {de: ..., en: ...}"]


def test_unknown_goal_industry_provider_and_story_ids(content: Path) -> None:
    path = content / STORY
    edit(path, "industry: handwerk", "industry: handwerc")
    edit(path, "goals: [neue-kunden]", "goals: [neue-kunden, fachkraefte]")
    edit(path, "providers: [nordwerk]", "providers: [nordwrk]")
    edit(content / "kiosk.yaml", "industries:", "attract:\n  - story: baeckerei\n    duration: 5\nindustries:")
    assert report(content) == [
        f"kiosk.yaml:{line_of(content / 'kiosk.yaml', 'story: baeckerei')}: error: unknown story 'baeckerei' "
        "(did you mean 'baeckerei-lange'?); story ids are defined in stories/",
        f"{STORY}:{line_of(path, 'handwerc')}: error: unknown industry 'handwerc' (did you mean 'handwerk'?); "
        "industry ids are defined in kiosk.yaml 'industries'",
        f"{STORY}:{line_of(path, 'fachkraefte')}: error: unknown goal 'fachkraefte' (known: kunden-binden, "
        "neue-kunden); goal ids are defined in kiosk.yaml 'goals'",
        f"{STORY}:{line_of(path, 'nordwrk')}: error: unknown provider 'nordwrk' (did you mean 'nordwerk'?); "
        "provider ids are defined in providers/",
    ]


def test_duplicate_ids_and_keys(content: Path) -> None:
    kiosk = content / "kiosk.yaml"
    edit(kiosk, "  - id: kunden-binden", "  - id: neue-kunden")
    edit(content / STORY, "providers: [nordwerk]", "providers: [nordwerk, nordwerk]\ncover: a.jpg")
    first = line_of(kiosk, "- id: neue-kunden")
    second = first + 2
    lines = report(content)
    assert f"kiosk.yaml:{second}: error: id 'neue-kunden' is used twice in 'goals' (also on line {first}); " \
           "every id must be unique" in lines
    providers_line = line_of(content / STORY, "providers:")
    assert f"{STORY}:{providers_line}: warning: provider 'nordwerk' is listed twice; remove one" in lines
    assert f"{STORY}:{providers_line + 1}: error: key 'cover' appears twice (first on line {providers_line + 2}); " \
           "only the last one counts: remove one" not in lines  # the first one is named, the repeat is flagged:
    cover_lines = [n for n, text in enumerate((content / STORY).read_text().splitlines(), 1) if text.startswith("cover:")]
    assert f"{STORY}:{cover_lines[1]}: error: key 'cover' appears twice (first on line {cover_lines[0]}); " \
           "only the last one counts: remove one" in lines


def test_invalid_folder_name_and_missing_file(content: Path) -> None:
    (content / "stories" / "Neue Geschichte").mkdir()
    (content / "providers" / "leer").mkdir()
    assert report(content) == [
        "providers/leer: error: the folder has no provider.yaml; add one or remove the folder",
        "stories/Neue Geschichte: error: folder name 'Neue Geschichte' is not a valid id: use lowercase "
        "letters, digits and '-' (e.g. 'neue-geschichte')",
    ]


def test_media_missing_wrong_type_folder_and_outside(content: Path, tmp_path: Path) -> None:
    path = content / STORY
    story_dir = path.parent
    (story_dir / "ordner.jpg").mkdir()
    (tmp_path / "draussen.jpg").write_bytes((story_dir / "cover.jpg").read_bytes())
    (story_dir / "link.jpg").symlink_to(tmp_path / "draussen.jpg")
    edit(path, "  - image: theke.jpg", "\n".join([
        "  - image: Theke.jpg", "  - image: film.mp4", "  - image: notiz.txt", "  - image: ordner.jpg",
        "  - image: ../../../draussen.jpg", "  - image: /etc/hostname.jpg", "  - image: link.jpg"]))
    line = line_of(path, "Theke.jpg")
    assert report(content) == [
        f"{STORY}:{line}: error: file 'Theke.jpg' is missing; check the name (upper/lower case counts) or copy it here",
        f"{STORY}:{line + 1}: error: 'film.mp4' is a video; list it under 'video:'",
        f"{STORY}:{line + 2}: error: 'notiz.txt' has a file type the kiosk cannot show as image; use one of "
        ".jpeg, .jpg, .png",
        f"{STORY}:{line + 3}: error: 'ordner.jpg' is a folder, not a file",
        f"{STORY}:{line + 4}: error: '../../../draussen.jpg' points outside the content folder; copy the file "
        "into the folder",
        f"{STORY}:{line + 5}: error: '/etc/hostname.jpg' is an absolute path; give the path relative to this "
        "file, e.g. 'bild.jpg'",
        f"{STORY}:{line + 6}: error: 'link.jpg' is a link that leads outside the content folder; copy the file itself",
    ]


def test_unreadable_media_file(content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root, where chmod does not stop reading; so the permission check is made to fail.
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: not str(p).endswith("theke.jpg") and real_access(p, mode))
    path = content / STORY
    assert report(content) == [
        f"{STORY}:{line_of(path, 'theke.jpg')}: error: file 'theke.jpg' cannot be read (no permission); "
        "fix its permissions"]


def test_image_that_does_not_decode(content: Path) -> None:
    cover = content / "stories/baeckerei-lange/theke.jpg"
    cover.write_bytes(cover.read_bytes()[:200])
    (content / "providers/nordwerk/logo.png").write_text("kein Bild")
    lines = report(content)
    assert lines == [
        f"{PROVIDER}:2: error: image 'logo.png' cannot be decoded: the file is damaged or not really a "
        "JPEG/PNG; export it again",
        f"{STORY}:{line_of(content / STORY, 'theke.jpg')}: error: image 'theke.jpg' cannot be decoded: the file "
        "is damaged or not really a JPEG/PNG; export it again",
    ]


@pytest.mark.parametrize("damage", ["empty", "garbage", "truncated"])
def test_video_that_cannot_be_opened(content: Path, damage: str) -> None:
    video = content / "stories/baeckerei-lange/film.mp4"
    data = video.read_bytes()
    video.write_bytes({"empty": b"", "garbage": b"this is no video" * 10, "truncated": data[:300]}[damage])
    line = line_of(content / STORY, "film.mp4")
    expected = ("file 'film.mp4' is empty (0 bytes); copy it again" if damage == "empty" else
                "video 'film.mp4' cannot be opened (damaged or an unknown format); export it again as MP4 (H.264)")
    assert report(content) == [f"{STORY}:{line}: error: {expected}"]


def test_without_probing_media_is_not_decoded(content: Path) -> None:
    (content / "stories/baeckerei-lange/film.mp4").write_bytes(b"no video at all")
    assert report(content, probe_media=False) == []
    assert len(report(content)) == 1


def test_contact_url_must_be_https_with_known_placeholders(content: Path) -> None:
    edit(content / "kiosk.yaml", "https://werkbank.example/kontakt?story={story}",
         "http://werkbank.example/kontakt?story={stroy}&x={kunde}")
    lines = report(content)
    assert lines == [
        "kiosk.yaml:4: error: contact_url has an unknown placeholder {kunde} (known: {story} {provider} "
        "{page} {lang} {source})",
        "kiosk.yaml:4: error: contact_url has an unknown placeholder {stroy} (did you mean {story}?)",
        "kiosk.yaml:4: error: contact_url must start with https:// (got 'http://werkbank.example/kontakt?"
        "story={stroy}&x={kunde}&provider={provider}&page={page}&lang={lang}&source={source}'); visitors' "
        "phones open it, so it must be a secure address",
    ]


def test_page_qr_must_be_contact_or_https(content: Path) -> None:
    edit(content / PAGE, "qr: contact", "qr: www.stadt.example")
    assert report(content) == [
        f"{PAGE}:3: error: qr must be 'contact' or an https:// address (got 'www.stadt.example')"]


def test_text_longer_than_its_slot_is_a_warning(content: Path) -> None:
    long_title = "Sehr " * 20
    edit(content / STORY, "title: {de: Brötchen vorbestellen,", f"title: {{de: {long_title.strip()},")
    # One character over the limit of a story slot; the limits are what tests/ui/test_story_fit.py renders.
    long_challenge = "Lange Schlangen am Morgen. " * 3 + "Viele gingen wieder."
    edit(content / STORY, "challenge: {de: Lange Schlangen am Morgen.,", f"challenge: {{de: {long_challenge},")
    result = validate(content)
    assert [str(p) for p in result.problems] == [
        f"{STORY}:1: warning: 'title' (de) has 99 characters; its place on screen shows about 36: shorten it",
        f"{STORY}:9: warning: 'challenge' (de) has 101 characters; its place on screen shows about 100: shorten it"]
    assert result.exhibition is not None, "a warning alone must not stop the folder"


def test_missing_translation_falls_back_with_a_warning(content: Path) -> None:
    edit(content / STORY, "teaser: {de: Die Bäckerei nimmt Bestellungen online an., en: The bakery takes orders online.}",
         "teaser: {de: Die Bäckerei nimmt Bestellungen online an.}")
    result = validate(content)
    assert [str(p) for p in result.problems] == [
        f"{STORY}:2: warning: 'teaser' has no 'en' translation; the 'de' text is shown instead"]
    teaser = result.exhibition.story("baeckerei-lange").teaser
    assert teaser.get("en") == "Die Bäckerei nimmt Bestellungen online an."


def test_every_problem_is_reported_at_once(content: Path) -> None:
    edit(content / "kiosk.yaml", "https://", "http://")
    edit(content / STORY, "employees: 12", "employees: zwölf")
    edit(content / STORY, "industry: handwerk", "industry: metall")
    edit(content / STORY, "cover: cover.jpg", "cover: titel.jpg")
    edit(content / PROVIDER, "website: https://nordwerk.example", "website: nordwerk")
    result = validate(content)
    assert result.exhibition is None
    assert {(p.file, p.severity) for p in result.problems} == {
        ("kiosk.yaml", "error"), (STORY, "error"), (PROVIDER, "error")}
    assert len(result.errors) == 5
    with pytest.raises(ContentError) as raised:
        load_exhibition(content)
    assert len(raised.value.problems) == 5


def test_missing_folder_or_kiosk_yaml_is_not_a_content_folder(tmp_path: Path) -> None:
    with pytest.raises(NotAContentFolder):
        validate(tmp_path / "gibt-es-nicht")
    with pytest.raises(NotAContentFolder):
        validate(tmp_path)


def test_empty_and_non_mapping_files(content: Path) -> None:
    (content / PAGE).write_text("")
    (content / PROVIDER).write_text("- nur\n- eine Liste\n")
    assert report(content) == [
        f"{PAGE}:1: error: the file is empty; see content/README.md for an example",
        f"{PROVIDER}:1: error: the file is not a block of 'key: value' lines; see content/README.md for an example",
    ]
