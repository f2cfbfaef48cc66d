"""Hostile content folders: whatever the bytes, the validator reports problems and never crashes.

Each test here is a way a careless or malicious folder broke ``kiosk validate`` (a traceback,
a hang, gigabytes of memory): wrong ids, deep nesting, alias bombs, huge or unreadable files,
over-long and non-UTF-8 names, and contact URL templates that did more than fill in a name.
"""

from __future__ import annotations

import errno
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import pytest

from contentkit import edit, line_of
from kiosk.cli import main
from kiosk.model import loader
from kiosk.model.loader import validate
from kiosk.model.types import PLACEHOLDERS, fill_contact_url
from kiosk.model.yamlsrc import MAX_BYTES, MAX_DEPTH, MAX_VALUES

STORY = "stories/baeckerei-lange/story.yaml"
PROVIDER = "providers/nordwerk/provider.yaml"
PAGE = "pages/foerderprogramm/page.yaml"
URL = "https://werkbank.example/kontakt?story={story}&provider={provider}&page={page}&lang={lang}&source={source}"


def report(folder: Path, **kwargs) -> list[str]:
    """Return the problems of ``folder`` as the lines `kiosk validate` prints."""
    return [str(p) for p in validate(folder, probe_media=False, **kwargs).problems]


def run_validate(folder: Path, capsys: pytest.CaptureFixture, *extra: str) -> tuple[int, str, str]:
    """Run `kiosk validate` in this process; return (exit code, stdout, stderr)."""
    code = main(["validate", "--no-probe", "--profile", "mini-pc", *extra, str(folder)])
    out, err = capsys.readouterr()
    return code, out, err


# -- ids that are not ids -----------------------------------------------------------------------


def test_bad_ids_and_languages_are_problems_and_hide_nothing(content: Path, capsys: pytest.CaptureFixture) -> None:
    kiosk = content / "kiosk.yaml"
    edit(kiosk, "languages: [de, en]", "languages: [de, english]")
    edit(kiosk, "  - id: neue-kunden", "  - id: Neue Kunden")
    edit(kiosk, "  - id: handel", "  - id: Handel und Gewerbe")
    story = content / STORY
    edit(story, "goals: [neue-kunden]", "goals: [Neue Kunden, kunden-binden]")
    edit(story, "providers: [nordwerk]", "providers: [Kassenwerk Systeme, nordwerk]")
    bad_provider = content / "providers" / "Kassenwerk Systeme"
    shutil.copytree(content / "providers/nordwerk", bad_provider)
    # An unrelated mistake elsewhere must still be reported.
    edit(content / PROVIDER, "logo: logo.png", "logo: fehlt.png")

    code, out, err = run_validate(content, capsys)
    assert (code, err) == (1, "")
    lines = out.splitlines()
    assert (f"kiosk.yaml:{line_of(kiosk, 'languages')}: error: 'languages[2]' 'english' is not a language "
            "code: use two lowercase letters, e.g. 'de'") in lines
    assert (f"kiosk.yaml:{line_of(kiosk, 'Neue Kunden')}: error: 'goals[1].id' 'Neue Kunden' is not a valid id: "
            "use lowercase letters, digits and '-', e.g. 'neue-kunden'") in lines
    assert (f"kiosk.yaml:{line_of(kiosk, 'Handel und')}: error: 'industries[2].id' 'Handel und Gewerbe' is not a "
            "valid id: use lowercase letters, digits and '-', e.g. 'handel-und-gewerbe'") in lines
    assert (f"{STORY}:{line_of(story, 'goals:')}: error: 'goals[1]' 'Neue Kunden' is not a valid id: "
            "use lowercase letters, digits and '-', e.g. 'neue-kunden'") in lines
    assert (f"{STORY}:{line_of(story, 'providers:')}: error: 'providers[1]' 'Kassenwerk Systeme' is not a valid "
            "id: use lowercase letters, digits and '-', e.g. 'kassenwerk-systeme'") in lines
    assert ("providers/Kassenwerk Systeme: error: folder name 'Kassenwerk Systeme' is not a valid id: use "
            "lowercase letters, digits and '-' (e.g. 'kassenwerk-systeme')") in lines
    assert (f"{PROVIDER}:2: error: file 'fehlt.png' is missing; check the name (upper/lower case counts) or copy "
            "it here") in lines
    # With a language that is not one, nobody knows which languages were meant: no warning per text.
    assert not [line for line in lines if "is not listed under 'languages'" in line]


def test_content_install_lists_bad_ids_too(content: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from kiosk.services import settings as machine

    edit(content / "kiosk.yaml", "  - id: neue-kunden", "  - id: Neue Kunden")
    config = machine.save(machine.MachineSettings(data_dir=tmp_path / "data"), tmp_path / "kiosk.toml")
    assert main(["--config", str(config), "content", "install", "--no-prewarm", str(content)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert ("kiosk.yaml:6: error: 'goals[1].id' 'Neue Kunden' is not a valid id: use lowercase letters, digits "
            "and '-', e.g. 'neue-kunden'") in err.splitlines()


def test_a_goal_entry_that_is_not_a_block_is_a_problem(content: Path) -> None:
    edit(content / "kiosk.yaml", "  - id: kunden-binden\n    label: {de: Kunden binden, en: Keep customers}\n",
         "  - kunden-binden\n")
    line = line_of(content / "kiosk.yaml", "- kunden-binden")
    assert f"kiosk.yaml:{line}: error: 'goals[2]' must be a block of 'key: value' lines" in report(content)


def test_a_block_where_the_media_list_belongs_is_a_problem(content: Path) -> None:
    # Found by the fuzzer: the block was read as one media entry, then walked as if it were the list.
    story = content / STORY
    text = story.read_text(encoding="utf-8")
    story.write_text(text[:text.index("media:")] + "media: {de: Bilder, en: Pictures}\n", encoding="utf-8")
    assert report(content) == [f"{STORY}:{line_of(story, 'media:')}: error: 'media' must be a list, one '- item' "
                               "per line"]


# -- nesting, aliases, size -------------------------------------------------------------------------


@pytest.mark.parametrize("shape", ["block", "flow"])
def test_deep_nesting_is_a_problem_with_its_line(content: Path, shape: str) -> None:
    depth = 300  # the YAML library itself stops at 1000 levels; a tenth of that overflowed Python's stack
    if shape == "block":
        nested = "".join("  " * level + f"- k{level}:\n" for level in range(depth)) + "  " * depth + "- x\n"
    else:
        nested = "[" * depth + "]" * depth + "\n"
    (content / PAGE).write_text(f"title: Seite\nbody: Text\nmedia: {nested if shape == 'flow' else ''}\n"
                                + ("" if shape == "flow" else nested), encoding="utf-8")
    (problem,) = [p for p in validate(content, probe_media=False).problems if p.file == PAGE]
    assert problem.severity == "error" and problem.line is not None and problem.line >= 3
    assert problem.message.startswith(f"the file is nested deeper than {MAX_DEPTH} levels")


BOMB = """\
title: Seite
body: Text
a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
""" + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10))


def _peak_mb(code: str) -> tuple[float, str]:
    """Run ``code`` in a fresh interpreter with 1.5 GB of address space; return its peak RSS (MB), output.

    The peak is the interpreter's own high-water mark (VmHWM): ``ru_maxrss`` would carry over the
    forking test process's size, which Linux keeps across exec."""
    limit = 1536 * 1024 * 1024
    peak_kb = "[l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:')][0]"
    done = subprocess.run(
        [sys.executable, "-c", f"import resource; resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))\n"
                               + code + f"\nprint('peak', {peak_kb})"],
        capture_output=True, text=True, timeout=120)
    peak = [line for line in done.stdout.splitlines() if line.startswith("peak ")]
    return (int(peak[0].split()[1]) / 1024 if peak else float("inf")), done.stdout + done.stderr


def test_alias_bomb_is_refused_in_bounded_time_and_memory(content: Path) -> None:
    page = content / PAGE
    page.write_text(BOMB, encoding="utf-8")
    assert len(BOMB) < 3000
    peak, output = _peak_mb(f"from kiosk.model.loader import validate\n"
                            f"for p in validate({str(content)!r}, probe_media=False).problems: print(p)")
    assert "Traceback" not in output and "MemoryError" not in output
    assert peak < 300, f"validating a {len(BOMB)}-byte file took {peak:.0f} MB"
    # The alias that expands past the budget is named by the line that uses it.
    message = (f": error: the aliases ('*name') in this file expand to more than {MAX_VALUES} values; write the "
               "values out instead of repeating them by alias")
    (line,) = [line for line in output.splitlines() if line.endswith(message)]
    alias_lines = [f"{PAGE}:{number}" for number in range(4, 13)]
    assert line.removesuffix(message) in alias_lines


def test_an_alias_that_expands_modestly_is_fine(content: Path) -> None:
    edit(content / STORY, "cost:\n  one_off: {de: 900 € Einrichtung, en: €900 set-up}",
         "cost:\n  one_off: &preis {de: 900 € Einrichtung, en: €900 set-up}\n  effort: *preis")
    assert report(content) == []


def test_a_file_over_the_size_limit_is_refused(content: Path) -> None:
    page = content / PAGE
    page.write_text(page.read_text(encoding="utf-8") + "# " + "x" * MAX_BYTES + "\n", encoding="utf-8")
    assert report(content) == [f"{PAGE}:1: error: the file is larger than {MAX_BYTES // 1_000_000} MB; content "
                               "files are a few KB: check that this is the right file, and keep pictures and films "
                               "in files of their own"]


@pytest.mark.parametrize(("value", "expected"), [
    ("2024-13-45", "the value '2024-13-45' is not a real date (month must be in 1..12); write dates as YYYY-MM-DD, "
                   "or put a text in quotes"),
    ("!!int " + "1" * 5000, f"the value '{'1' * 40}…' cannot be read as a whole number; put it in quotes if it "
                            "is a text"),
])
def test_scalars_that_the_yaml_library_cannot_build_are_problems(content: Path, value: str, expected: str) -> None:
    edit(content / PAGE, "title: {de: Förderprogramm, en: Funding programme}", f"title: {value}")
    assert report(content) == [f"{PAGE}:1: error: {expected}"]


def test_keys_are_taken_as_written(content: Path) -> None:
    # YAML would read these keys as a date, nothing and a boolean; in a content file each is a word.
    edit(content / PAGE, "qr: contact", "qr: contact\n2024-01-01: x\nnull: y")
    edit(content / PAGE, "title: {de: Förderprogramm, en: Funding programme}",
         "title: {de: Förderprogramm, en: Funding programme, no: Støtteprogram}")
    assert report(content) == [
        f"{PAGE}:1: warning: language 'no' in 'title' is not listed under 'languages' in kiosk.yaml, so it is "
        "never shown",
        f"{PAGE}:4: error: unknown key '2024-01-01' (allowed here: title, body, media, qr, qr_caption)",
        f"{PAGE}:5: error: unknown key 'null' (allowed here: title, body, media, qr, qr_caption)"]


def test_control_characters_and_bad_utf8_name_their_line(content: Path) -> None:
    edit(content / PAGE, "qr: contact", "qr: con\x1b[31mtact")
    place_line = line_of(content / PROVIDER, "place: Dortmund")
    raw = (content / PROVIDER).read_bytes().replace(b"place: Dortmund", b"place: Dortm\xfcnd")
    (content / PROVIDER).write_bytes(raw)
    lines = report(content)
    assert (f"{PAGE}:3: error: the file contains the control character U+001B, which YAML does not allow; "
            "delete it (it is invisible in most editors)") in lines
    assert (f"{PROVIDER}:{place_line}: error: the file is not UTF-8 text (byte 0xfc in column 13); save it as "
            "UTF-8") in lines


def test_a_byte_order_mark_is_accepted(content: Path) -> None:
    page = content / PAGE
    page.write_bytes(b"\xef\xbb\xbf" + page.read_bytes())
    assert report(content) == []


# -- unreadable folders and files ------------------------------------------------------------------


def test_an_unreadable_folder_is_a_problem_with_the_fix(content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stories = content / "stories"
    real_iterdir = pathlib.Path.iterdir

    def iterdir(self: Path):
        if self == stories:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_iterdir(self)

    monkeypatch.setattr(pathlib.Path, "iterdir", iterdir)
    lines = report(content)
    assert ("stories: error: the kiosk cannot read this folder (permission denied); give the kiosk user read "
            f"access: chmod -R a+rX '{stories}'") in lines
    assert "stories: error: the folder has no stories; add stories/<id>/story.yaml" not in lines


def test_an_unreadable_file_is_a_problem_with_the_fix(content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = content / STORY
    real_open = pathlib.Path.open

    def open_(self: Path, *args, **kwargs):
        if self == target:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", open_)
    assert report(content) == [f"{STORY}:1: error: the kiosk cannot read this file (permission denied); give the "
                               f"kiosk user read access: chmod a+r '{target}'"]


def _as_nobody(argv: list[str]) -> subprocess.CompletedProcess:
    """Run the kiosk command line as the unprivileged user 'nobody' (the test runs as root).

    The interpreter may live where only root can read it, so the process starts as root, imports
    what validation needs, and only then gives up its privileges.
    """
    code = ("import os, sys\n"
            "from kiosk.cli import main\n"
            "from kiosk.model import loader\n"
            "os.setgroups([]); os.setgid(65534); os.setuid(65534)\n"
            f"sys.exit(main({argv!r}))\n")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to switch to 'nobody'")
def test_unreadable_folder_and_file_as_an_unprivileged_user(content: Path) -> None:
    # The service runs as an unprivileged user, who really cannot read these; root always can.
    public = Path(tempfile.mkdtemp())
    try:
        public.chmod(0o755)
        folder = shutil.copytree(content, public / "content")
        (folder / "providers").chmod(0o300)
        (folder / STORY).chmod(0o200)
        done = _as_nobody(["validate", "--no-probe", "--profile", "mini-pc", str(folder)])
    finally:
        shutil.rmtree(public)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    lines = done.stdout.splitlines()
    assert ("providers: error: the kiosk cannot read this folder (permission denied); give the kiosk user read "
            f"access: chmod -R a+rX '{folder / 'providers'}'") in lines
    assert (f"{STORY}:1: error: the kiosk cannot read this file (permission denied); give the kiosk user read "
            f"access: chmod a+r '{folder / STORY}'") in lines


def test_an_unreadable_content_folder_ends_with_one_line(content: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture) -> None:
    real_stat = pathlib.Path.stat

    def stat(self: Path, *args, **kwargs):
        if self == content / "kiosk.yaml":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_stat(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "stat", stat)
    code, out, err = run_validate(content, capsys)
    assert code == 2 and out == ""
    assert err == (f"kiosk validate: the kiosk cannot read {content / 'kiosk.yaml'} (permission denied); give the "
                   f"kiosk user read access: chmod -R a+rX '{content}'\n")


# -- names --------------------------------------------------------------------------------------------


def test_a_media_name_over_255_bytes_is_a_problem(content: Path) -> None:
    name = "ü" * 130 + ".jpg"  # 264 bytes in UTF-8
    edit(content / STORY, "cover: cover.jpg", f"cover: {name}")
    line = line_of(content / STORY, "cover:")
    assert report(content) == [f"{STORY}:{line}: error: the file name '{'ü' * 120}…' is longer than the 255 bytes "
                               "a file name may have; shorten it"]


def test_a_media_name_with_a_nul_character_is_a_problem(content: Path) -> None:
    edit(content / STORY, "cover: cover.jpg", 'cover: "cover\\0.jpg"')
    line = line_of(content / STORY, "cover:")
    assert report(content) == [f"{STORY}:{line}: error: the file name 'cover\\x00.jpg' contains a control "
                               "character; type the name again"]


def test_names_that_are_not_utf8_are_printed_safely(content: Path) -> None:
    bad = os.fsdecode(b"caf\xe9")  # Latin-1 bytes: a lone surrogate in Python's view of the name
    (content / "stories" / bad).mkdir()
    edit(content / STORY, "cover: cover.jpg", 'cover: "\\e[2Jcover.jpg"')  # a terminal escape in a YAML value
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, "-m", "kiosk", "validate", "--no-probe", "--profile", "mini-pc",
                           str(content)], capture_output=True, env=env, timeout=120)
    assert done.returncode == 1 and b"Traceback" not in done.stderr, done.stderr
    out = done.stdout.decode("utf-8")  # the output is valid UTF-8 ...
    assert "\x1b" not in out  # ... without terminal control codes
    assert ("stories/caf\\udce9: error: folder name 'caf\\udce9' is not a valid id: use lowercase letters, digits "
            "and '-' (e.g. 'caf')") in out.splitlines()
    assert "the file name '\\x1b[2Jcover.jpg' contains a control character; type the name again" in out
    done = subprocess.run([sys.executable, "-m", "kiosk", "validate", "--no-probe", "--format", "json",
                           "--profile", "mini-pc", str(content)], capture_output=True, env=env, timeout=120)
    assert done.returncode == 1 and json.loads(done.stdout)["errors"] == 2


# -- the contact URL template ---------------------------------------------------------------------------

BAD_TEMPLATES = {
    "{story:x}": "contact_url: {story:x} has a format ':x'; write the placeholder as a bare name, e.g. {story}",
    "{story:>99999999}": "contact_url: {story:>99999999} has a format ':>99999999'; write the placeholder as a "
                         "bare name, e.g. {story}",
    "{story!r}": "contact_url: {story!r} has a conversion '!r'; write the placeholder as a bare name, e.g. {story}",
    "{story.attr}": "contact_url: {story.attr} is not a placeholder name; write the placeholder as a bare name, "
                    "e.g. {story}",
    "{story[0]}": "contact_url: {story[0]} is not a placeholder name; write the placeholder as a bare name, "
                  "e.g. {story}",
    "{0}": "contact_url: {0} is not a placeholder name; write the placeholder as a bare name, e.g. {story}",
    "{}": "contact_url: {} is not a placeholder name; write the placeholder as a bare name, e.g. {story}",
}


@pytest.mark.parametrize("field", BAD_TEMPLATES)
def test_contact_url_fields_are_bare_names(content: Path, field: str) -> None:
    edit(content / "kiosk.yaml", "story={story}", f"story={field}")
    assert report(content) == [f"kiosk.yaml:4: error: {BAD_TEMPLATES[field]}"]


@pytest.mark.parametrize("field", [*BAD_TEMPLATES, "{story", "story}", "{story:{lang}}", "{kunde}"])
def test_filling_a_bad_template_never_raises_nor_grows(field: str) -> None:
    template = f"https://werkbank.example/k?s={field}&l={{lang}}"
    url = fill_contact_url(template, story="baeckerei", lang="de")
    assert len(url) <= len(template) + 20
    assert "99999999" not in url or "99999999" in template


def test_filling_quotes_values_and_keeps_valid_templates_as_they_were() -> None:
    values = {"story": "a b/ü&x=1", "provider": "nordwerk", "lang": "de"}
    assert fill_contact_url(URL, **values) == (
        "https://werkbank.example/kontakt?story=a%20b%2F%C3%BC%26x%3D1&provider=nordwerk&page=&lang=de&source=")
    assert fill_contact_url(URL, **values) == URL.format_map(
        {name: __import__("urllib.parse").parse.quote(values.get(name, ""), safe="") for name in PLACEHOLDERS})
    assert fill_contact_url("https://x.example/{{literal}}?s={story}", story="s") == \
        "https://x.example/{literal}?s=s"


# -- the command line's last resort --------------------------------------------------------------------


def test_an_unexpected_failure_in_validate_is_one_line(content: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture) -> None:
    def broken(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(loader, "validate", broken)
    code, out, err = run_validate(content, capsys)
    assert code == 1 and out == "" and "Traceback" not in err
    assert err.splitlines() == [
        f"kiosk validate: the check of {content} stopped unexpectedly (RecursionError: maximum recursion depth "
        "exceeded); nothing was changed; please report this together with the folder"]


# -- links and huge pictures ---------------------------------------------------------------------


@pytest.mark.parametrize("file", ["kiosk.yaml", STORY])
def test_a_yaml_file_that_links_out_of_the_folder_is_an_error(content: Path, tmp_path: Path, file: str) -> None:
    # kiosk content install refuses such a link; validation must not read through it either.
    outside = tmp_path / "anderswo.yaml"
    (content / file).rename(outside)
    (content / file).symlink_to(outside)
    result = validate(content, probe_media=False)
    assert f"{file}:1: error: '{file}' is a link that leads outside the content folder; copy the file itself " \
           "into the folder" in [str(p) for p in result.problems]
    assert result.exhibition is None


def test_a_story_folder_that_links_out_of_the_folder_is_an_error(content: Path, tmp_path: Path) -> None:
    folder = content / "stories/baeckerei-lange"
    folder.rename(tmp_path / "geschichte")
    folder.symlink_to(tmp_path / "geschichte")
    assert f"{STORY}:1: error: '{STORY}' is a link that leads outside the content folder; copy the file itself " \
           "into the folder" in report(content)


@pytest.mark.parametrize("value", ["https://[werkbank.example", "https://werkbank.example]"])
def test_a_web_address_without_a_host_is_one_sentence(content: Path, value: str) -> None:
    edit(content / PROVIDER, "website: https://nordwerk.example", f"website: '{value}'")
    edit(content / PAGE, "qr: contact", f"qr: '{value}'")
    assert report(content) == [
        f"{PAGE}:3: error: qr must be 'contact' or an https:// address (got '{value}')",
        f"{PROVIDER}:8: error: website must be an address that starts with https://, e.g. https://www.firma.de "
        f"(got '{value}')"]


def test_a_picture_between_pillows_size_limits_is_a_problem_not_a_warning(
        content: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    from PIL import Image

    # Pillow warns (on stderr, outside the problem list) about a picture above MAX_IMAGE_PIXELS
    # and refuses one above twice that; a smaller limit stands in for a 100-megapixel photo.
    Image.new("RGB", (400, 300), "white").save(content / "stories/baeckerei-lange/riesig.png")
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100_000)
    edit(content / STORY, "cover: cover.jpg", "cover: riesig.png")
    line = line_of(content / STORY, "cover:")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        code = main(["validate", "--profile", "mini-pc", str(content)])
    out, err = capsys.readouterr()
    assert code == 1 and err == ""
    assert f"{STORY}:{line}: error: image 'riesig.png' is far too large to show; save it at a few thousand " \
           "pixels wide" in out
