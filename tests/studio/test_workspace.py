"""The studio's view of a content folder: round-trip YAML, safe paths, history and undo, the
live check's temporary copy, problems sorted to form fields, and a new folder from the template."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from kiosk.model.limits import TEXT_LIMITS
from kiosk.model.problems import Problem
from kiosk.services import content_ops
from kiosk.studio.formfields import put_text
from kiosk.studio.workspace import HISTORY_KEEP, UnsafePath, Workspace, create_folder, create_story, slugify

STORY = "stories/baeckerei-vorbestellung/story.yaml"


def changed_lines(before: str, after: str) -> list[str]:
    """The lines a line diff shows as removed or added."""
    return [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:2] in ("- ", "+ ")]


def test_every_sample_file_is_written_back_byte_for_byte(sample: Path, history: Path) -> None:
    ws = Workspace(sample, history=history)
    files = sorted(sample.rglob("*.yaml"))
    assert len(files) > 15
    for path in files:
        relative = path.relative_to(sample).as_posix()
        assert ws.dump(ws.load(relative)) == path.read_text(encoding="utf-8"), relative


def test_editing_one_field_changes_exactly_that_line(sample: Path, history: Path) -> None:
    ws = Workspace(sample, history=history)
    before = (sample / STORY).read_text(encoding="utf-8")
    data = ws.load(STORY)
    put_text(data, "title", {"de": "Brötchen online bestellen", "en": str(data["title"]["en"])}, ["de", "en"])
    ws.save(STORY, data)
    after = (sample / STORY).read_text(encoding="utf-8")
    old_line = before.splitlines()[data["title"].lc.key("de")[0]]
    assert changed_lines(before, after) == [f"- {old_line}", "+   de: Brötchen online bestellen"]


def test_a_quoted_caption_in_a_nested_list_stays_quoted_and_alone_in_the_diff(sample: Path, history: Path) -> None:
    ws = Workspace(sample, history=history)
    before = (sample / STORY).read_text(encoding="utf-8")
    data = ws.load(STORY)
    caption = data["media"][0]["caption"]
    put_text(data["media"][0], "caption", {"de": "Neu: fertig gepackt", "en": str(caption["en"])}, ["de", "en"])
    ws.save(STORY, data)
    old_line = before.splitlines()[caption.lc.key("de")[0]]
    assert old_line.startswith('      de: "')  # the sample quotes it; the new text keeps the quotes
    assert changed_lines(before, (sample / STORY).read_text(encoding="utf-8")) == [
        f"- {old_line}", '+       de: "Neu: fertig gepackt"']


def test_a_save_keeps_the_old_version_outside_the_folder_and_undo_brings_it_back(sample: Path,
                                                                                  history: Path) -> None:
    ws = Workspace(sample, history=history)
    files_before = sorted(p.relative_to(sample) for p in sample.rglob("*"))
    original = (sample / STORY).read_text(encoding="utf-8")
    for title in ("Erste Fassung", "Zweite Fassung"):
        data = ws.load(STORY)
        data["title"]["de"] = title
        ws.save(STORY, data)
    assert sorted(p.relative_to(sample) for p in sample.rglob("*")) == files_before  # nothing beside the file
    assert len(ws.versions(STORY)) == 2 and all(history in v.parents for v in ws.versions(STORY))
    assert ws.undo(STORY)
    assert ws.load(STORY)["title"]["de"] == "Erste Fassung"
    assert ws.undo(STORY)
    assert (sample / STORY).read_text(encoding="utf-8") == original
    assert not ws.undo(STORY) and not ws.can_undo(STORY)


def test_a_save_that_changes_nothing_keeps_no_version(sample: Path, history: Path) -> None:
    ws = Workspace(sample, history=history)
    ws.save(STORY, ws.load(STORY))
    assert ws.versions(STORY) == []


def test_the_history_keeps_the_last_ten_versions(sample: Path, history: Path) -> None:
    ws = Workspace(sample, history=history)
    for number in range(HISTORY_KEEP + 3):
        ws.save_text("kiosk.yaml", f"# Fassung {number}\n")
    versions = ws.versions("kiosk.yaml")
    assert len(versions) == HISTORY_KEEP
    assert versions[-1].read_text(encoding="utf-8") == f"# Fassung {HISTORY_KEEP + 1}\n"


def test_saves_are_atomic_and_leave_no_temporary_file(sample: Path, history: Path, monkeypatch) -> None:
    ws = Workspace(sample, history=history)
    before = (sample / STORY).read_bytes()

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        ws.save_text(STORY, "title: kaputt\n")
    assert (sample / STORY).read_bytes() == before
    assert [p.name for p in (sample / STORY).parent.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("name", [
    "../outside.yaml", "stories/../../outside.yaml", "/etc/passwd", "~/x.yaml", "stories\\..\\..\\x",
    "stories/a\0b.yaml", "", "stories/\x1b[2J.yaml",
])
def test_safe_path_refuses_names_that_leave_the_folder(sample: Path, history: Path, name: str) -> None:
    with pytest.raises(UnsafePath):
        Workspace(sample, history=history).safe_path(name)


def test_safe_path_refuses_a_symlink_out_and_accepts_one_inside(sample: Path, history: Path, tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("geheim", encoding="utf-8")
    (sample / "link-out").symlink_to(tmp_path / "secret.txt")
    (sample / "dir-out").symlink_to(tmp_path)
    (sample / "link-in").symlink_to(sample / "kiosk.yaml")
    ws = Workspace(sample, history=history)
    for name in ("link-out", "dir-out/secret.txt"):
        with pytest.raises(UnsafePath):
            ws.safe_path(name)
    assert ws.safe_path("link-in") == (sample / "kiosk.yaml").resolve()
    assert ws.safe_path(STORY) == (sample / STORY).resolve()


def test_the_live_check_validates_a_draft_without_touching_the_folder(sample: Path, history: Path) -> None:
    ws = Workspace(sample, history=history)
    before = (sample / STORY).read_bytes()
    draft = (sample / STORY).read_text(encoding="utf-8").replace("industry: lebensmittel", "industry: raumfahrt")
    problems = ws.check_draft({STORY: draft})
    assert any(p.file == STORY and p.severity == "error" and "raumfahrt" in p.message for p in problems)
    # The films stood in by placeholders raise nothing: the only problems are the draft's own.
    assert [p for p in problems if p.severity == "error" and "raumfahrt" not in p.message] == []
    assert (sample / STORY).read_bytes() == before
    assert ws.versions(STORY) == []


def test_a_too_long_title_is_placed_at_its_language(sample: Path, history: Path) -> None:
    ws = Workspace(sample, history=history)
    data = ws.load(STORY)
    data["title"]["en"] = "E" * (TEXT_LIMITS["story.title"] + 5)
    draft = ws.dump(data)
    problems = ws.check_draft({STORY: draft})
    mapped = ws.field_problems(STORY, ws.load_text(draft), problems, {"title", "title.de", "title.en", "goals"})
    assert [p.severity for p in mapped.by_field["title.en"]] == ["warning"]
    assert "title.de" not in mapped.by_field
    expected = [p for p in problems if p.file == STORY and "title" in p.message]
    assert mapped.by_field["title.en"] == expected


def test_problems_go_to_the_nearest_shown_field_or_to_the_list_at_the_top(sample: Path, history: Path) -> None:
    ws = Workspace(sample, history=history)
    data = ws.load(STORY)
    figure_line = data["figures"].lc.item(2)[0] + 1
    goals_line = data.lc.key("goals")[0] + 1
    problems = [
        # Messages count list items from 1: 'figures[3]' is figures.2.
        Problem(STORY, figure_line, "error", "'figures[3].label' has no text for 'en'; put it in quotes"),
        Problem(STORY, goals_line, "error", "unknown goal 'x'"),
        Problem(STORY, 1, "error", "something about the comment line"),
        Problem("kiosk.yaml", 3, "error", "another file"),
    ]
    fields = {"figures.2", "figures.2.label.de", "figures.2.label.en", "goals"}
    mapped = ws.field_problems(STORY, data, problems, fields)
    assert mapped.by_field["figures.2.label.en"] == [problems[0]]
    assert mapped.by_field["goals"] == [problems[1]]
    assert mapped.other == [problems[2]]
    assert mapped.count == 3


def test_a_new_folder_from_the_template_validates_clean_with_media_decoded(tmp_path: Path, history: Path) -> None:
    folder = create_folder(tmp_path / "neu" / "ausstellung")
    checked = content_ops.validate(folder)
    assert checked.problems == () and checked.exhibition is not None
    assert len(checked.exhibition.stories) == 1
    with pytest.raises(FileExistsError):
        create_folder(folder)


def test_a_new_story_gets_a_unique_id_from_its_title_and_is_valid(sample: Path, history: Path) -> None:
    ws = Workspace(sample, history=history)
    first = create_story(ws, "Äpfel & Birnen: frisch!", "Apples")
    second = create_story(ws, "Äpfel & Birnen: frisch!")
    assert (first, second) == ("aepfel-birnen-frisch", "aepfel-birnen-frisch-2")
    assert ws.load(f"stories/{first}/story.yaml")["title"]["de"] == "Äpfel & Birnen: frisch!"
    assert content_ops.validate(sample).errors == []


def test_slugify() -> None:
    assert slugify("Große Straße 5") == "grosse-strasse-5"
    assert slugify("Café Crème") == "cafe-creme"
    assert slugify("!!!", "geschichte") == "geschichte"


def test_saves_from_several_threads_keep_every_version(sample: Path, history: Path) -> None:
    import threading

    ws = Workspace(sample, history=history)
    texts = [f"# Fassung {number}\n" for number in range(8)]
    threads = [threading.Thread(target=ws.save_text, args=("kiosk.yaml", text)) for text in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    kept = {version.read_text(encoding="utf-8") for version in ws.versions("kiosk.yaml")}
    final = (sample / "kiosk.yaml").read_text(encoding="utf-8")
    assert len(ws.versions("kiosk.yaml")) == 8  # the original and seven of the eight, none overwritten
    assert kept | {final} >= set(texts) and final not in kept


def test_a_removed_item_is_kept_outside_the_folder_even_when_removed_twice_at_once(sample: Path,
                                                                                     history: Path) -> None:
    ws = Workspace(sample, history=history)
    first = ws.remove_item("stories", "baeckerei-vorbestellung")
    (sample / "stories" / "baeckerei-vorbestellung").mkdir()
    (sample / "stories" / "baeckerei-vorbestellung" / "story.yaml").write_text("title: neu\n", encoding="utf-8")
    second = ws.remove_item("stories", "baeckerei-vorbestellung")
    assert first != second and history in first.parents and history in second.parents
    assert (second / "story.yaml").read_text(encoding="utf-8") == "title: neu\n"
    assert (first / "film.mp4").is_file()
    with pytest.raises(UnsafePath):
        ws.remove_item("stories", "../kiosk.yaml")


def test_a_missing_key_is_placed_at_its_field_not_at_the_first_line(sample: Path, history: Path) -> None:
    ws = Workspace(sample, history=history)
    data = ws.load(STORY)
    del data["benefit"]
    draft = ws.dump(data)
    problems = [p for p in ws.check_draft({STORY: draft}) if p.file == STORY and p.severity == "error"]
    assert len(problems) == 1 and "benefit" in problems[0].message
    mapped = ws.field_problems(STORY, ws.load_text(draft), problems, {"title", "title.de", "benefit", "benefit.de"})
    assert mapped.by_field == {"benefit": problems}


def test_a_problem_in_a_flow_list_item_finds_its_item_by_the_validators_count(sample: Path, history: Path) -> None:
    ws = Workspace(sample, history=history)
    data = ws.load(STORY)
    data["figures"][1]["label"]["en"] = 5  # a number where a text belongs
    draft = ws.dump(data)
    problems = [p for p in ws.check_draft({STORY: draft}) if p.file == STORY and p.severity == "error"]
    fields = {f"figures.{i}.label.{lang}" for i in range(4) for lang in ("de", "en")} | {f"figures.{i}" for i in range(4)}
    mapped = ws.field_problems(STORY, ws.load_text(draft), problems, fields)
    assert list(mapped.by_field) == ["figures.1.label.en"] and mapped.other == []
