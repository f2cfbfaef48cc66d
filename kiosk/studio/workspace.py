"""The content folder as the studio sees it: safe paths, round-trip YAML, history and validation.

Every file access of the studio goes through :meth:`Workspace.safe_path`, which refuses any
name that would lead outside the folder. YAML is read and written with ruamel.yaml's
round-trip mode, so comments, key order and the quoting of untouched values stay as staff or
a developer wrote them, and a git diff shows only what was changed. Saves are atomic
(:func:`kiosk.files.write_atomic`); before each save the old file is kept in a history
outside the folder (under the data dir), so a save can be undone and the folder's own
``git status`` shows only real changes. Validation is :func:`kiosk.services.content_ops.validate`;
this module only maps its problems to the form fields they belong to.
"""

from __future__ import annotations

import hashlib
import inspect
import io
import os
import re
import shutil
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from kiosk.files import write_atomic
from kiosk.model.problems import Problem
from kiosk.services import content_ops
from kiosk.services.paths import data_dir

HISTORY_KEEP = 10
"""How many earlier versions of each saved file the history keeps."""

PLACEHOLDER_ABOVE = 256 * 1024
"""Files larger than this (pictures, films) are stood in for by a one-byte file in the
temporary copy a live check validates: without decoding media (``probe_media=False``) the
validator only asks that they exist and are not empty, and copying films on every keystroke
would be slow."""

TEMPLATE_STORY_ID = "erste-geschichte"
"""The id of the one story a new content folder starts with (the validator wants at least one)."""


class UnsafePath(ValueError):
    """A name that leads outside the content folder or cannot name a file there; the message says which."""


def history_root() -> Path:
    """Where the studio keeps earlier versions of saved files: ``<data dir>/studio-history``."""
    return data_dir() / "studio-history"


def slugify(text: str, fallback: str = "eintrag") -> str:
    """Return an id made from ``text``: lowercase ASCII letters, digits and hyphens (ä → ae, ß → ss).

    ``fallback`` is returned when nothing usable is left (e.g. a title of only punctuation).
    """
    text = text.lower()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, plain)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return slug[:60].strip("-") or fallback


@dataclass
class FieldProblems:
    """The problems of one file, sorted to the form fields they belong to.

    ``by_field`` maps a field path (``title.de``, ``figures.1``) to its problems; ``other``
    holds the problems that belong to no field the form shows (they are listed at the top).
    """

    by_field: dict[str, list[Problem]] = field(default_factory=dict)
    other: list[Problem] = field(default_factory=list)

    def as_dict(self) -> dict:
        """Return the problems as a JSON-ready dict: ``fields`` by path, and ``other``."""
        return {"fields": {path: [p.as_dict() for p in problems] for path, problems in self.by_field.items()},
                "other": [p.as_dict() for p in self.other]}

    def reworded(self, beside: Callable[[Problem], str], top: Callable[[Problem], str]) -> FieldProblems:
        """A copy whose problems beside a field say ``beside(problem)`` and those at the top
        ``top(problem)``; the problems themselves (file, line, severity) stay as they are."""
        return FieldProblems(
            by_field={path: [replace(p, message=beside(p)) for p in problems] for path, problems in self.by_field.items()},
            other=[replace(p, message=top(p)) for p in self.other])

    @property
    def count(self) -> int:
        """How many problems there are in all."""
        return sum(len(problems) for problems in self.by_field.values()) + len(self.other)


def _yaml() -> YAML:
    """A round-trip YAML reader and writer set up like the sample files are written."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    # Sequences under a key are indented by two, their items' keys by four (as in the samples);
    # a long line is never wrapped, so an edit changes only its own line.
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 100_000
    return yaml


class Workspace:
    """One content folder: its items, its YAML files, their history and their validation."""

    def __init__(self, folder: Path | str, *, history: Path | None = None):
        self.folder = Path(folder).resolve()
        key = hashlib.sha256(str(self.folder).encode("utf-8", "surrogateescape")).hexdigest()[:16]
        self.history_dir = (history or history_root()) / key
        # waitress serves from several threads: one save, undo or removal at a time keeps the
        # history's numbering whole.
        self._lock = threading.RLock()

    # -- paths --------------------------------------------------------------------------------

    def safe_path(self, relative: str | os.PathLike) -> Path:
        """Return the absolute path of ``relative`` inside the folder.

        Raises :class:`UnsafePath` for an absolute path, a ``..`` step, a backslash, a NUL or
        other control character, or a name that resolves (through a symlink) outside the folder.
        """
        text = os.fspath(relative)
        if not text or any(ord(char) < 0x20 or ord(char) == 0x7f for char in text):
            raise UnsafePath(f"the name {text!r} is empty or holds a control character; use a plain file name")
        if "\\" in text or text.startswith(("/", "~")) or os.path.isabs(text):
            raise UnsafePath(f"the name {text!r} is not a path inside the content folder; give it relative "
                             "to the folder, with / between folders")
        if ".." in Path(text).parts:
            raise UnsafePath(f"the name {text!r} leads out of the content folder; '..' is not allowed")
        candidate = (self.folder / text).resolve()
        if candidate != self.folder and not candidate.is_relative_to(self.folder):
            raise UnsafePath(f"the name {text!r} leads out of the content folder (a link to elsewhere)")
        return candidate

    def relative(self, path: Path) -> str:
        """Return ``path`` (inside the folder) as the folder-relative name problems use."""
        return Path(path).resolve().relative_to(self.folder).as_posix()

    # -- items --------------------------------------------------------------------------------

    def item_ids(self, kind: str) -> list[str]:
        """Return the ids of the items of ``kind`` (``stories``, ``providers``, ``pages``), sorted:
        the folders under ``<kind>/`` that hold their YAML file."""
        filename = {"stories": "story.yaml", "providers": "provider.yaml", "pages": "page.yaml"}[kind]
        base = self.folder / kind
        if not base.is_dir():
            return []
        return sorted(entry.name for entry in base.iterdir()
                      if entry.is_dir() and not entry.name.startswith(".") and (entry / filename).is_file())

    def new_item_id(self, kind: str, text: str, fallback: str) -> str:
        """Return an unused id for a new item of ``kind``, made from ``text`` (``-2``, ``-3`` … if taken)."""
        base = slugify(text, fallback)
        candidate, number = base, 2
        while (self.folder / kind / candidate).exists():
            candidate, number = f"{base}-{number}", number + 1
        return candidate

    def languages(self) -> list[str]:
        """The exhibition's languages from kiosk.yaml, first the main one; ``[de, en]`` while it
        cannot be read (the validator names why)."""
        try:
            found = [str(lang) for lang in self.load("kiosk.yaml")["languages"] if isinstance(lang, str)]
        except Exception:  # noqa: BLE001 - a broken kiosk.yaml must not keep the forms from opening
            found = []
        return found or ["de", "en"]

    # -- YAML ---------------------------------------------------------------------------------

    def load(self, relative: str) -> Any:
        """Read the YAML file ``relative`` round-trip (a CommentedMap keeps comments and line numbers).

        Raises OSError when it cannot be read, ruamel's YAMLError when it is no YAML.
        """
        with self.safe_path(relative).open(encoding="utf-8") as stream:
            return _yaml().load(stream)

    @staticmethod
    def load_text(text: str) -> Any:
        """Read YAML ``text`` round-trip, as :meth:`load` reads a file. Raises ruamel's YAMLError."""
        return _yaml().load(text)

    @staticmethod
    def dump(data: Any) -> str:
        """Return ``data`` written as YAML the way the sample files are written."""
        out = io.StringIO()
        _yaml().dump(data, out)
        return out.getvalue()

    def save(self, relative: str, data: Any) -> None:
        """Write ``data`` as YAML to ``relative`` atomically, keeping the old file in the history."""
        self.save_text(relative, self.dump(data))

    def save_text(self, relative: str, text: str | bytes) -> None:
        """Write ``text`` to ``relative`` atomically, keeping the old file (if any) in the history.

        A save that changes nothing keeps no version. Raises OSError when it cannot write; the
        file is then unchanged.
        """
        path = self.safe_path(relative)
        payload = text.encode("utf-8") if isinstance(text, str) else text
        with self._lock:
            try:
                old = path.read_bytes()
            except FileNotFoundError:
                old = None
            if old == payload:
                return
            if old is not None:
                self._keep(relative, old)
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, payload)

    # -- history ------------------------------------------------------------------------------

    def _versions_dir(self, relative: str) -> Path:
        return self.history_dir / "files" / self.relative(self.safe_path(relative))

    def versions(self, relative: str) -> list[Path]:
        """Return the kept earlier versions of ``relative``, oldest first."""
        folder = self._versions_dir(relative)
        return sorted(folder.glob("*.yaml")) if folder.is_dir() else []

    def _keep(self, relative: str, content: bytes) -> None:
        folder = self._versions_dir(relative)
        folder.mkdir(parents=True, exist_ok=True)
        existing = self.versions(relative)
        number = int(existing[-1].stem.split("-")[0]) + 1 if existing else 1
        write_atomic(folder / f"{number:08d}-{time.strftime('%Y%m%dT%H%M%S')}.yaml", content)
        for stale in self.versions(relative)[:-HISTORY_KEEP]:
            stale.unlink(missing_ok=True)

    def can_undo(self, relative: str) -> bool:
        """True when an earlier version of ``relative`` is kept."""
        return bool(self.versions(relative))

    def undo(self, relative: str) -> bool:
        """Put the newest kept version of ``relative`` back in place; return False when there is none.

        The version leaves the history, so a second undo goes one version further back.
        """
        with self._lock:
            versions = self.versions(relative)
            if not versions:
                return False
            path = self.safe_path(relative)
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, versions[-1].read_bytes())
            versions[-1].unlink()
            return True

    def remove_item(self, kind: str, item_id: str) -> Path:
        """Move the item folder ``<kind>/<item_id>`` out of the content folder into the history's
        bin (nothing is lost: a developer can fetch it back); return where it went."""
        source = self.safe_path(f"{kind}/{item_id}")
        if source.parent != self.folder / kind or not source.is_dir():
            raise UnsafePath(f"'{item_id}' is not an item under {kind}/")
        with self._lock:
            stamp = f"{item_id}-{time.strftime('%Y%m%dT%H%M%S')}"
            target, number = self.history_dir / "removed" / kind / stamp, 2
            while target.exists():  # removed twice within a second: never move into the first
                target, number = target.with_name(f"{stamp}-{number}"), number + 1
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(source), str(target))
            return target

    # -- validation ---------------------------------------------------------------------------

    def validate(self, *, probe_media: bool = True, lang: str | None = None) -> content_ops.Validation:
        """Check the whole folder with :func:`kiosk.services.content_ops.validate`.

        ``lang`` is handed on when the validator speaks more than one language.
        """
        return _validate(self.folder, probe_media=probe_media, lang=lang)

    def check_draft(self, drafts: dict[str, str], *, lang: str | None = None) -> list[Problem]:
        """Validate the folder as it would be with the unsaved YAML texts ``drafts`` (by relative
        name), without decoding media; return every problem. Nothing in the folder changes.

        The check runs on a temporary copy: YAML and small files copied, large media stood in for
        (see :data:`PLACEHOLDER_ABOVE`).
        """
        with tempfile.TemporaryDirectory(prefix="kiosk-studio-check-") as tmp:
            copy = Path(tmp) / "content"
            self._shadow_copy(copy)
            for relative, text in drafts.items():
                target = copy / self.relative(self.safe_path(relative))
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
            checked = _validate(copy, probe_media=False, lang=lang)
        return list(checked.problems)

    def _shadow_copy(self, target: Path) -> None:
        for root, dirs, files in os.walk(self.folder):
            dirs[:] = [name for name in dirs if not name.startswith(".")]
            out = target / Path(root).relative_to(self.folder)
            out.mkdir(parents=True, exist_ok=True)
            for name in files:
                source = Path(root) / name
                try:
                    size = source.stat().st_size
                except OSError:
                    continue  # unreadable: the full check on save names it
                if size <= PLACEHOLDER_ABOVE:
                    shutil.copyfile(source, out / name)
                else:
                    (out / name).write_bytes(b"\0")

    @staticmethod
    def problems_of(problems: Iterable[Problem], relative: str) -> list[Problem]:
        """Return the problems that name the file ``relative``."""
        return [p for p in problems if p.file == relative]

    def field_problems(self, relative: str, data: Any, problems: Iterable[Problem],
                       fields: Iterable[str]) -> FieldProblems:
        """Sort the problems of the file ``relative`` (whose YAML is ``data``, as :meth:`load`
        read it) to the form's ``fields`` (dotted paths such as ``title.de``, ``figures.1``).

        A problem's line is looked up in the YAML; where a line holds several keys, the path the
        message quotes (``'figures[1].label'``) and its language decide. A path the form does not
        show goes to its nearest shown parent; a problem with no such parent goes to ``other``.
        """
        shown_fields = set(fields)
        by_line = line_paths(data)
        known = {path for paths in by_line.values() for path in paths}
        result = FieldProblems()
        for problem in self.problems_of(problems, relative):
            path = _path_for(problem, by_line.get(problem.line or 0, []), known, shown_fields)
            while path and path not in shown_fields:
                path = path.rpartition(".")[0]
            if path:
                result.by_field.setdefault(path, []).append(problem)
            else:
                result.other.append(problem)
        return result


def _validate(folder: Path, *, probe_media: bool, lang: str | None) -> content_ops.Validation:
    """Call content_ops.validate, with ``lang`` once it takes one (a message catalogue is coming)."""
    if lang and "lang" in inspect.signature(content_ops.validate).parameters:
        return content_ops.validate(folder, probe_media=probe_media, lang=lang)
    return content_ops.validate(folder, probe_media=probe_media)


def line_paths(data: Any) -> dict[int, list[str]]:
    """Return, for each 1-based line of a round-trip YAML document, the dotted paths of the keys
    and list items that start on it, outermost first (``{3: ['title.de']}``)."""
    lines: dict[int, list[str]] = {}

    def walk(node: Any, prefix: str) -> None:
        if isinstance(node, CommentedMap):
            for key, value in node.items():
                path = f"{prefix}{key}"
                try:
                    lines.setdefault(node.lc.key(key)[0] + 1, []).append(path)
                except (KeyError, TypeError, AttributeError):
                    pass  # a key added in memory has no line yet
                walk(value, path + ".")
        elif isinstance(node, CommentedSeq):
            for index, value in enumerate(node):
                path = f"{prefix}{index}"
                try:
                    lines.setdefault(node.lc.item(index)[0] + 1, []).append(path)
                except (KeyError, TypeError, AttributeError, IndexError):
                    pass
                walk(value, path + ".")

    walk(data, "")
    return lines


QUOTED_PATH = re.compile(r"'([A-Za-z_][\w]*(?:\[\d+\]|\.[A-Za-z_]\w*)*)'")
"""A YAML path as the validator quotes it in a message (``'figures[2].label'``)."""
_LANG = re.compile(r"\((\w{2})\)|(?:for|für) '(\w{2})'|has no '(\w{2})' translation")


def _path_for(problem: Problem, candidates: list[str], known: set[str], shown: set[str]) -> str:
    """Choose the field path of ``problem``: the path its message quotes (``'title' (en)`` →
    ``title.en``) when the document or the form has it, else the outermost path starting on its
    line. A key the file lacks is reported at the file's first line; its quoted name finds its
    field, where the line would point at the wrong one."""
    quoted = QUOTED_PATH.search(problem.message)
    if quoted:
        # Messages count list items from 1, as staff do (kiosk.model.wording.loc_name).
        named = re.sub(r"\[(\d+)\]", lambda item: f".{int(item.group(1)) - 1}", quoted.group(1))
        lang = _LANG.search(problem.message)
        # A missing translation belongs beside the input for that language, which the form
        # shows even though the file has no such key yet.
        with_lang = f"{named}.{next(code for code in lang.groups() if code)}" if lang else None
        if with_lang and (with_lang in known or with_lang in shown):
            return with_lang
        inside = [path for path in candidates if path == named or path.startswith(named + ".")]
        if inside:
            return inside[0]
        if named in known or named in shown or not candidates:
            return named
    return candidates[0] if candidates else ""


# -- a new content folder -----------------------------------------------------------------------

TEMPLATE_KIOSK_YAML = """\
# Ausstellung, angelegt mit kiosk studio. Alle Angaben lassen sich im Studio ändern.
title: {de: Digitale Werkbank, en: Digital Workbench}
languages: [de, en]
idle_timeout: 90
contact_url: "https://example.org/kontakt?story={story}&provider={provider}&page={page}&lang={lang}&source={source}"

goals:
  - id: neue-kunden
    label: {de: Neue Kunden gewinnen, en: Win new customers}
  - id: kunden-binden
    label: {de: Kunden binden, en: Keep your customers}
  - id: fachkraefte
    label: {de: Fachkräfte finden, en: Find skilled staff}
  - id: ablaeufe
    label: {de: Abläufe vereinfachen, en: Simplify your processes}

industries:
  - id: handwerk
    label: {de: Handwerk, en: Skilled trades}
  - id: handel
    label: {de: Handel, en: Retail and wholesale}
  - id: dienstleistung
    label: {de: Dienstleistung, en: Services}
"""

TEMPLATE_STORY_YAML = """\
title:
  de: Neue Geschichte
  en: New story
teaser:
  de: Worum es geht, in einem Satz.
  en: What it is about, in one sentence.
company:
  name: Name des Betriebs
  industry: {industry}
  employees: 10
  place: Ort
goals: [{goal}]
challenge:
  de: Was das Problem war.
  en: What the problem was.
solution:
  de: Was der Betrieb eingeführt hat.
  en: What the business introduced.
cost:
  one_off:
    de: Kosten der Einführung
    en: Cost of introduction
benefit:
  de: Was es gebracht hat.
  en: What it achieved.
providers: []
cover: cover.jpg
media: []
"""


def write_cover_placeholder(path: Path) -> None:
    """Write a calm, plain 16:9 picture to ``path`` for a new story until staff upload its photo."""
    from PIL import Image

    from kiosk.design import PLACEHOLDER_BG

    buffer = io.BytesIO()
    Image.new("RGB", (1280, 720), PLACEHOLDER_BG).save(buffer, format="JPEG", quality=85)
    write_atomic(path, buffer.getvalue())


def story_template(workspace: Workspace) -> str:
    """Return the YAML of a new story, naming the folder's first industry and goal so it is valid."""
    industry, goal = "handwerk", "neue-kunden"
    try:
        settings = workspace.load("kiosk.yaml")
        industry = str(settings["industries"][0]["id"])
        goal = str(settings["goals"][0]["id"])
    except Exception:  # a broken kiosk.yaml: the validator names it; the template stays usable
        pass
    return TEMPLATE_STORY_YAML.replace("{industry}", industry).replace("{goal}", goal)


def create_story(workspace: Workspace, title_de: str, title_en: str = "") -> str:
    """Create a story from the template with the given titles; return its new id (from the title)."""
    story_id = workspace.new_item_id("stories", title_de or title_en, "geschichte")
    folder = workspace.safe_path(f"stories/{story_id}")
    folder.mkdir(parents=True)
    data = _yaml().load(story_template(workspace))
    # A title not given is left out rather than kept from the template, so the validator asks
    # for the missing translation instead of the kiosk showing "New story".
    for lang, title in (("de", title_de), ("en", title_en)):
        if title:
            data["title"][lang] = title
        else:
            del data["title"][lang]
    write_cover_placeholder(folder / "cover.jpg")
    workspace.save(f"stories/{story_id}/story.yaml", data)
    return story_id


def create_folder(folder: Path) -> Path:
    """Create a new content folder at ``folder`` (missing or empty) with the template settings
    and one story, so that ``kiosk validate`` accepts it; return it.

    Raises FileExistsError when ``folder`` holds anything already (nothing is overwritten).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.iterdir()):
        raise FileExistsError(f"{folder} is not empty; the studio fills only a new or empty folder")
    write_atomic(folder / "kiosk.yaml", TEMPLATE_KIOSK_YAML)
    workspace = Workspace(folder)
    story = workspace.safe_path(f"stories/{TEMPLATE_STORY_ID}")
    story.mkdir(parents=True)
    write_cover_placeholder(story / "cover.jpg")
    write_atomic(story / "story.yaml", story_template(workspace))
    return folder
