"""The validator's messages in German and English: the catalogue is complete and compiled, each
German sentence keeps its placeholders, and the language is chosen per call, per thread."""

from __future__ import annotations

import ast
import io
import os
import re
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from contentkit import edit, line_of
from kiosk.i18n import _, current_language, system_language, use_language
from kiosk.model import builders, loader
from kiosk.model.problems import Problem
from kiosk.services import content_ops as ops

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "kiosk"
PO = PACKAGE / "locale" / "de" / "LC_MESSAGES" / "kiosk.po"
MO = PO.with_suffix(".mo")
STORY = "stories/baeckerei-lange/story.yaml"
# A placeholder as str.format reads it: a name, maybe a format spec (``{fps:g}``). Braces that
# hold no name, such as "'{' or '}'", are text.
PLACEHOLDER = re.compile(r"\{\w+(?:[:!][^{}]*)?\}")


def _catalogue():
    with open(PO, "rb") as stream:
        return read_po(stream, locale="de", domain="kiosk")


def _messages_in_code() -> dict[str, str]:
    """Every message the code passes to ``_`` or ``N_`` from kiosk.i18n: {msgid: "file:line"}.

    A message that is not one plain string (an f-string, a variable, a concatenation at run
    time) cannot be looked up in the catalogue, so it fails here, named by file and line.
    Constants marked with ``N_`` and translated later as ``_(name)`` or ``_(table[key])`` are the
    one exception.
    """
    found, bad = {}, []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {alias.asname or alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                 and node.module == "kiosk.i18n" for alias in node.names if alias.name in ("_", "N_")}
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names):
                continue
            where = f"{path.relative_to(REPO)}:{node.lineno}"
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found[first.value] = where
            elif node.func.id == "N_" or first is None or isinstance(first, (ast.JoinedStr, ast.BinOp, ast.Call)):
                bad.append(where)
    assert not bad, f"messages that are not one plain string, so never translated: {bad}"
    return found


def test_no_function_that_words_a_message_hides_the_message_function() -> None:
    """``kind, _, rest = text.partition(...)`` makes ``_`` a local name of the whole function,
    and every message in it then fails when it is made, on a path tests rarely take."""
    hidden = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            # Comprehensions have their own scope, so their ``for _ in`` hides nothing.
            nested = {id(node) for comp in ast.walk(function)
                      if isinstance(comp, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp))
                      for node in ast.walk(comp)}
            names = [node for node in ast.walk(function) if isinstance(node, ast.Name) and node.id == "_"
                     and id(node) not in nested]
            if any(isinstance(n.ctx, ast.Store) for n in names) and any(isinstance(n.ctx, ast.Load) for n in names):
                hidden.append(f"{path.relative_to(REPO)}:{function.lineno} {function.name}")
    assert not hidden, hidden


def test_the_compiled_catalogue_is_the_po_file() -> None:
    compiled = io.BytesIO()
    write_mo(compiled, _catalogue())
    assert MO.read_bytes() == compiled.getvalue(), \
        "kiosk.mo is older than kiosk.po; run scripts/update_messages.py and commit both"


def test_every_message_in_the_code_has_a_german_translation() -> None:
    in_code = _messages_in_code()
    assert len(in_code) > 100  # the walk finds the validator's messages, not nothing
    catalogue = {message.id: message for message in _catalogue() if message.id}
    missing = sorted(f"{where}: {msgid}" for msgid, where in in_code.items()
                     if msgid not in catalogue or not catalogue[msgid].string or catalogue[msgid].fuzzy)
    assert not missing, "untranslated messages; run scripts/update_messages.py and translate:\n" + \
        "\n".join(missing)
    unused = sorted(set(catalogue) - set(in_code))
    assert not unused, f"the catalogue holds messages the code no longer uses: {unused}"


def test_each_translation_keeps_exactly_the_placeholders_of_its_message() -> None:
    wrong = [(m.id, m.string) for m in _catalogue() if m.id and m.string
             and sorted(PLACEHOLDER.findall(m.id)) != sorted(PLACEHOLDER.findall(m.string))]
    assert not wrong, wrong


def test_the_system_locale_chooses_german_only_when_it_asks_for_it() -> None:
    assert system_language({"LANG": "de_DE.UTF-8"}) == "de"
    assert system_language({"LANG": "de_AT.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"}) == "en"
    assert system_language({"LC_ALL": "C", "LANG": "de_DE.UTF-8"}) == "en"  # the first one set decides
    assert system_language({"LC_ALL": "de_CH.UTF-8", "LANG": "C"}) == "de"
    assert system_language({"LANG": "C.UTF-8"}) == system_language({}) == "en"


def test_use_language_refuses_a_language_without_messages_and_restores_the_last() -> None:
    with pytest.raises(ValueError, match="en, de, not in 'fr'"):
        with use_language("fr"):
            pass
    with use_language("de"):
        with use_language(None):  # None keeps the caller's choice
            assert current_language() == "de"
        with use_language("en"):
            assert _("error") == "error"
        assert _("error") == "Fehler"
    assert current_language() == "en"


def test_a_problem_names_its_severity_in_the_language_it_was_written_in() -> None:
    with use_language("de"):
        german = Problem("kiosk.yaml", 3, "warning", "Text")
    english = Problem("kiosk.yaml", 3, "warning", "text")
    with use_language("de"):
        assert str(english) == "kiosk.yaml:3: warning: text"
    assert str(german) == "kiosk.yaml:3: Warnung: Text"
    assert german.as_dict()["severity"] == "warning"  # the key stays for programs reading JSON


def _broken(content: Path) -> Path:
    """``content`` with a word for a number in kiosk.yaml and a goal misspelt in its story."""
    edit(content / "kiosk.yaml", "idle_timeout: 60", "idle_timeout: lange")
    edit(content / STORY, "goals: [neue-kunden]", "goals: [neue-kundn]")
    return content


def test_validate_words_problems_and_summary_in_the_language_asked_for(content: Path) -> None:
    _broken(content)
    goals = line_of(content / STORY, "goals:")
    german = ops.validate(content, probe_media=False, lang="de")
    assert [str(p) for p in german.problems] == [
        "kiosk.yaml:3: Fehler: 'idle_timeout' muss eine Zahl sein, z. B. 90",
        f"{STORY}:{goals}: Fehler: unbekanntes Ziel 'neue-kundn' (meinten Sie 'neue-kunden'?); die Kennungen der "
        "Ziele stehen in kiosk.yaml 'goals'"]
    assert german.summary == (f"{content}: 2 Fehler, 0 Warnung(en). Beheben Sie die Fehler oben; bis dahin zeigt "
                              "der Kiosk diesen Ordner nicht.")
    english = ops.validate(content, probe_media=False)
    assert [p.message for p in english.problems][0] == "'idle_timeout' must be a number, e.g. 90"
    assert english.summary.endswith("Fix the errors above; the kiosk will not show this folder until then.")
    with pytest.raises(ops.Unusable, match="gibt es nicht, oder es ist kein Ordner"):
        ops.validate(content / "nirgends", lang="de")


def test_a_message_from_a_model_validator_is_german_too(content: Path) -> None:
    edit(content / STORY, "  - image: theke.jpg\n", "  - image: theke.jpg\n    video: film.mp4\n")
    problems = ops.validate(content, probe_media=False, lang="de").problems
    assert [p.message for p in problems] == ["Jeder Medieneintrag braucht genau eines von 'image:' oder 'video:'"]


def _kiosk_validate(folder: Path, *args: str, lang_env: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")}
    env["LANG"] = lang_env
    return subprocess.run([sys.executable, "-m", "kiosk", "validate", "--no-probe", str(folder), *args],
                          capture_output=True, text=True, timeout=120, env=env, cwd=REPO)


def test_kiosk_validate_speaks_german_by_lang_option_or_system_locale(content: Path) -> None:
    _broken(content)
    goals = line_of(content / STORY, "goals:")
    german_lines = ["kiosk.yaml:3: Fehler: 'idle_timeout' muss eine Zahl sein, z. B. 90",
                    f"{STORY}:{goals}: Fehler: unbekanntes Ziel 'neue-kundn' (meinten Sie 'neue-kunden'?); die "
                    "Kennungen der Ziele stehen in kiosk.yaml 'goals'"]
    by_option = _kiosk_validate(content, "--lang", "de", lang_env="C")
    by_locale = _kiosk_validate(content, lang_env="de_DE.UTF-8")
    for done in (by_option, by_locale):
        assert done.returncode == 1, done.stderr
        assert done.stdout.splitlines()[:2] == german_lines
        assert "2 Fehler, 0 Warnung(en). Beheben Sie die Fehler oben" in done.stdout
    english = _kiosk_validate(content, lang_env="C")
    assert english.stdout.splitlines()[0] == "kiosk.yaml:3: error: 'idle_timeout' must be a number, e.g. 90"
    overruled = _kiosk_validate(content, "--lang", "en", lang_env="de_DE.UTF-8")
    assert overruled.stdout == english.stdout


def test_two_threads_validating_at_once_each_get_their_own_language(content: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    _broken(content)
    # Both checks stop after kiosk.yaml until the other has begun too, so the story's problems
    # of each are written while the other check runs in its own language.
    both_inside = threading.Barrier(2, timeout=30)
    settings = builders.KindBuilder._settings

    def meet(self, *args):
        both_inside.wait()
        return settings(self, *args)

    monkeypatch.setattr(builders.KindBuilder, "_settings", meet)
    results: dict[str, loader.ValidationResult] = {}

    def check(lang: str) -> None:
        results[lang] = loader.validate(content, probe_media=False, lang=lang)

    threads = [threading.Thread(target=check, args=(lang,)) for lang in ("de", "en")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert [str(p).split(": ", 2)[1:] for p in results["de"].problems] == [
        ["Fehler", "'idle_timeout' muss eine Zahl sein, z. B. 90"],
        ["Fehler", "unbekanntes Ziel 'neue-kundn' (meinten Sie 'neue-kunden'?); die Kennungen der Ziele stehen "
                   "in kiosk.yaml 'goals'"]]
    assert [str(p).split(": ", 2)[1:] for p in results["en"].problems] == [
        ["error", "'idle_timeout' must be a number, e.g. 90"],
        ["error", "unknown goal 'neue-kundn' (did you mean 'neue-kunden'?); goal ids are defined in kiosk.yaml "
                  "'goals'"]]
    assert current_language() == "en"


def test_an_install_refuses_in_the_language_of_its_caller(content: Path, tmp_path: Path) -> None:
    from kiosk.services.releases import ReleaseError, ReleaseStore

    store = ReleaseStore(tmp_path / "data")
    edit(content / "kiosk.yaml", "idle_timeout: 60", "idle_timeout: nie")
    with use_language("de"), pytest.raises(ReleaseError) as refused:
        store.install(content)
    assert str(refused.value) == f"{content} hat 1 Fehler; nichts wurde installiert"
    assert [str(p) for p in refused.value.problems] == ["kiosk.yaml:3: Fehler: 'idle_timeout' muss eine Zahl sein, "
                                                        "z. B. 90"]
    with pytest.raises(ReleaseError, match="1 error\\(s\\); nothing was installed"):
        store.install(content)


# The modules whose refusals reach staff: the ZIP install's, the USB stick's and the install's.
STAFF_REFUSALS = ("kiosk/services/ziparchive.py", "kiosk/services/usb.py", "kiosk/services/releases.py",
                  "kiosk/services/content_ops.py")


def test_refusals_for_staff_are_messages_of_the_catalogue() -> None:
    """An exception raised with an f-string or a plain sentence is never translated: staff would
    read English in the German staff panel. Such a refusal fails here, named by file and line."""
    plain = []
    for name in STAFF_REFUSALS:
        tree = ast.parse((REPO / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args:
                first = node.exc.args[0]
                if isinstance(first, (ast.JoinedStr, ast.BinOp)) or (
                        isinstance(first, ast.Constant) and isinstance(first.value, str)):
                    plain.append(f"{name}:{node.lineno}")
    assert not plain, f"refusals not written as _('...') messages: {plain}"
    scanned = {where.rsplit(":", 1)[0] for where in _messages_in_code().values()}
    assert {"kiosk/services/ziparchive.py", "kiosk/services/releases.py", "kiosk/services/content_ops.py"} <= scanned


def test_a_zip_is_refused_in_the_language_of_its_caller(tmp_path: Path) -> None:
    from kiosk.services.ziparchive import Limits, ZipRefused, unpack

    archive = tmp_path / "herbst.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("kiosk.yaml", "title: Herbst\n")
        zf.writestr("film.mp4", b"\0" * 3000)
    small = Limits(max_file=2048)
    with use_language("de"), pytest.raises(ZipRefused) as german:
        unpack(archive, tmp_path / "de", small)
    assert str(german.value) == (f"'film.mp4' in {archive} wäre entpackt 2,9 kB groß, mehr als die 2,0 kB, die eine "
                                 "Datei haben darf; verkleinern Sie die Datei und packen Sie erneut")
    with pytest.raises(ZipRefused) as english:
        unpack(archive, tmp_path / "en", small)
    assert str(english.value) == (f"'film.mp4' in {archive} would be 2.9 kB unpacked, more than the 2.0 kB one file "
                                  "may have; make the file smaller and pack it again")
    archive.write_bytes(archive.read_bytes()[:40])  # copied only in part
    with use_language("de"), pytest.raises(ZipRefused, match="ist keine vollständige ZIP-Datei"):
        unpack(archive, tmp_path / "teil")
