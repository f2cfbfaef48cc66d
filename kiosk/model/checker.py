"""The checks every content file goes through: parsing, texts, media files and id references.

:class:`FileChecker` holds the problems of one validation run and the checks the file kinds
share; :mod:`kiosk.model.builders` builds each kind from them, and :mod:`kiosk.model.loader`
runs the whole folder.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel, ValidationError

from kiosk.i18n import _
from kiosk.model import media as media_check
from kiosk.model.limits import TEXT_LIMITS
from kiosk.model.partial import allowed_keys, partial
from kiosk.model.problems import Problem, cannot_read, shown
from kiosk.model.schema import SLUG, MediaEntry
from kiosk.model.subtitles import check as subtitle_check
from kiosk.model.subtitles import subtitle_files
from kiosk.model.textfmt import bind_units
from kiosk.model.types import CENTRE, Medium, Text
from kiosk.model.videoprofile import VideoProfile
from kiosk.model.wording import listed_twice, loc_name, message, slugify, unknown, yaml_loc
from kiosk.model.yamlsrc import YamlDoc, load_yaml

SLUG_RE = re.compile(SLUG)


class FileChecker:
    """The problems found so far in one run over one folder, and the checks that find them."""

    def __init__(self, root: Path, probe_media: bool, profile: VideoProfile):
        self.root = root.absolute()
        self.probe_media = probe_media
        self.profile = profile
        self._videos: dict[Path, media_check.VideoInfo | None] = {}
        self.problems: list[Problem] = []
        self.languages: tuple[str, ...] = ("de",)
        # False when 'languages' lists something that is not a language code: which languages
        # staff meant is then unknown, so texts are not checked against the list.
        self._languages_known = True
        self._media_verdicts: dict[tuple[Path, str], str | None] = {}
        # Files whose model did not validate: their good fields are still checked (references,
        # media), so staff see every problem at once, but nothing is built from them.
        self._partial_files: set[str] = set()
        self._real_dirs: dict[str, str] = {}
        self._subtitles_checked: set[Path] = set()

    # -- reporting -------------------------------------------------------------------------

    def _rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def error(self, file: str, line: int | None, message: str) -> None:
        """Record an error (once: union members of pydantic can report the same fault twice)."""
        problem = Problem(file, line, "error", message)
        if problem not in self.problems:
            self.problems.append(problem)

    def warning(self, file: str, line: int | None, message: str) -> None:
        """Record a warning."""
        self.problems.append(Problem(file, line, "warning", message))

    # -- parsing ---------------------------------------------------------------------------

    def _parse(self, path: Path, model: type[BaseModel]) -> tuple[Any, YamlDoc | None]:
        """Parse and validate one file; return (model instance or None, doc or None)."""
        rel = self._rel(path)
        if not self._inside(path, rel):
            return None, None
        doc = load_yaml(path)
        for line, text in doc.syntax_errors + doc.duplicate_keys:
            self.error(rel, line, text)
        if doc.syntax_errors:
            return None, doc
        if not isinstance(doc.data, dict):
            if doc.data is None:
                self.error(rel, 1, _("the file is empty; see content/README.md for an example"))
            else:
                self.error(rel, 1, _("the file is not a block of 'key: value' lines; see content/README.md for an "
                                     "example"))
            return None, doc
        try:
            return model.model_validate(doc.data), doc
        except ValidationError as exc:
            for err in exc.errors():
                self._report_validation(rel, doc, model, err)
            self._partial_files.add(rel)
            return partial(model, doc.data), doc

    def _inside(self, path: Path, rel: str) -> bool:
        """Whether ``path`` really lies in the content folder; report a link that leads out.

        ``kiosk content install`` refuses such a link, so validation must not follow it either.
        """
        root = self._real_dirs.setdefault(str(self.root), os.path.realpath(self.root))
        if os.path.realpath(path).startswith(root + os.sep):
            return True
        self.error(rel, 1, _("'{path}' is a link that leads outside the content folder; copy the file itself "
                             "into the folder", path=shown(rel, 120)))
        return False

    def _parse_kind(self, folder: str, filename: str, model: type[BaseModel]) -> dict[str, tuple]:
        """Parse every ``<folder>/<id>/<filename>``; return {id: (model, doc, folder) or None if broken}."""
        base = self.root / folder
        found: dict[str, tuple] = {}
        try:
            if not base.exists():
                return found
            if not base.is_dir():
                self.error(folder, 1, _("'{folder}' must be a folder", folder=folder))
                return found
            entries = sorted(base.iterdir())
        except OSError as exc:
            self.error(folder, None, cannot_read(base, exc, folder=True))
            return found
        for entry in entries:
            if entry.name.startswith(".") or not self._is_item_folder(entry, folder, filename):
                continue
            parsed, doc = self._parse(entry / filename, model)
            found[entry.name] = (parsed, doc, entry) if parsed is not None else None
        return found

    def _is_item_folder(self, entry: Path, folder: str, filename: str) -> bool:
        """Whether ``entry`` is a folder with a valid id and a ``filename``; report why not."""
        rel = self._rel(entry)
        try:
            if not entry.is_dir():
                self.warning(rel, 1, _("only folders belong in {folder}/; this file is ignored", folder=folder))
                return False
            if not SLUG_RE.match(entry.name):
                self.error(rel, None, _("folder name '{name}' is not a valid id: use lowercase letters, digits "
                                        "and '-' (e.g. '{example}')", name=shown(entry.name),
                                        example=slugify(entry.name)))
                return False
            if not (entry / filename).is_file():
                self.error(rel, None, _("the folder has no {file}; add one or remove the folder", file=filename))
                return False
        except OSError as exc:
            self.error(rel, None, cannot_read(entry, exc, folder=True))
            return False
        return True

    def _report_validation(self, rel: str, doc: YamlDoc, model: type[BaseModel], err: dict) -> None:
        loc = yaml_loc(doc, err["loc"], err["type"])
        kind = err["type"]
        if kind == "missing":
            line = doc.line_of(loc[:-1], key=True)
            if loc[:-1]:
                self.error(rel, line, _("required key '{key}' is missing in {where}; add '{key}: ...'",
                                        key=loc[-1], where=loc_name(loc[:-1])))
            else:
                self.error(rel, line, _("required key '{key}' is missing; add '{key}: ...'", key=loc[-1]))
            return
        if kind == "extra_forbidden":
            key = str(loc[-1])
            allowed = allowed_keys(model, loc[:-1])
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = (_("did you mean '{id}'?", id=close[0]) if close
                    else _("allowed here: {keys}", keys=", ".join(allowed)))
            self.error(rel, doc.line_of(loc, key=True), _("unknown key '{key}' ({hint})", key=shown(key), hint=hint))
            return
        self.error(rel, doc.line_of(loc), message(loc_name(loc), err))

    # -- texts -----------------------------------------------------------------------------

    def text(self, value: Any, rel: str, doc: YamlDoc, path: tuple, slot: str | None) -> Text | None:
        """Turn a validated text into a :class:`Text`, warning about translations and length.

        Returns None for None, which is what a field that failed validation holds.
        """
        if value is None:
            return None
        default = self.languages[0]
        line = doc.line_of(path)
        if isinstance(value, str):
            values = {default: value}
        else:
            values = dict(value)
            self._check_translations(values, rel, line, path)
        limit = TEXT_LIMITS.get(slot) if slot else None
        if limit:
            for lang, text in values.items():
                if len(text) > limit:
                    self.warning(rel, line, _("{name} ({lang}) has {count} characters; its place on screen shows "
                                              "about {limit}: shorten it", name=loc_name(path), lang=lang,
                                              count=len(text), limit=limit))
        return Text(MappingProxyType({lang: bind_units(text) for lang, text in values.items()}), default)

    def _check_translations(self, values: dict[str, str], rel: str, line: int | None, path: tuple) -> None:
        """Warn about languages the exhibition does not show, and about missing translations."""
        for lang in values:
            if lang not in self.languages and self._languages_known:
                self.warning(rel, line, _("language '{lang}' in {name} is not listed under 'languages' in "
                                          "kiosk.yaml, so it is never shown", lang=shown(lang), name=loc_name(path)))
        missing = [lang for lang in self.languages if lang not in values]
        if missing and values:
            default = self.languages[0]
            fallback = default if default in values else next(iter(values))
            self.warning(rel, line, _("{name} has no '{missing}' translation; the '{fallback}' text is shown instead",
                                      name=loc_name(path), missing=", ".join(missing), fallback=fallback))

    # -- media -----------------------------------------------------------------------------

    def media_path(self, relative: str | None, base: Path, rel: str, doc: YamlDoc, path: tuple,
                   kind: str) -> Path | None:
        """Resolve and check one media file; report problems; return its absolute path or None."""
        if relative is None:
            return None
        absolute, problem = media_check.resolve_inside(self.root, base, relative, self._real_dirs)
        if problem is None:
            problem = self._media_verdict(absolute, relative, kind)
        if problem:
            self.error(rel, doc.line_of(path), problem)
            return None
        info = self._videos.get(absolute) if kind == "video" else None
        too_much = info and self.profile.problem(info.codec, info.width, info.height, info.fps)
        if too_much:
            self.warning(rel, doc.line_of(path), _("video '{file}' {problem}; until then the kiosk shows its poster "
                                                   "instead of playing it", file=shown(relative, 120),
                                                   problem=too_much))
        return absolute

    def _media_verdict(self, absolute: Path, relative: str, kind: str) -> str | None:
        """Check a media file once per run (stories share pictures); return the problem or None."""
        key = (absolute, kind)
        if key not in self._media_verdicts:
            problem = media_check.check_file(absolute, relative, kind)
            if problem is None and self.probe_media and kind == "image":
                problem = media_check.check_image(absolute, relative)
            elif problem is None and self.probe_media:
                problem, self._videos[absolute] = media_check.check_video(absolute, relative)
            self._media_verdicts[key] = problem
        return self._media_verdicts[key]

    def _media_list(self, entries: list[MediaEntry] | None, base: Path, rel: str, doc: YamlDoc,
                    field: str) -> tuple[Medium, ...] | None:
        """Resolve a media list; None when any entry is unusable."""
        if entries is None:
            return None
        items, ok = [], True
        for index, entry in enumerate(entries):
            if entry is None:
                ok = False  # this entry has errors of its own, reported already
                continue
            path = (field, index)
            caption = self.text(entry.caption, rel, doc, path + ("caption",), "media.caption")
            kind = "image" if entry.image is not None else "video"
            file = self.media_path(getattr(entry, kind), base, rel, doc, path + (kind,), kind)
            poster = self.media_path(entry.poster, base, rel, doc, path + ("poster",), "image")
            ok &= file is not None and (entry.poster is None or poster is not None)
            if file:
                video = self._videos.get(file) if kind == "video" else None
                subtitles = self._subtitles(file) if kind == "video" else {}
                items.append(Medium(kind, file, caption, poster, video, focus=focus_point(entry.focus),
                                    subtitles=subtitles))
        return tuple(items) if ok else None

    def _subtitles(self, video: Path) -> dict[str, Path]:
        """Find the subtitle files beside a film (``film.de.vtt``), check each once; return them by language."""
        found = {}
        for lang, path in subtitle_files(video).items():
            rel = self._rel(path)
            inside, problem = media_check.resolve_inside(self.root, video.parent, path.name, self._real_dirs)
            if problem is not None:
                self.error(rel, None, problem)
                continue
            if path not in self._subtitles_checked:  # a film can appear in several stories
                self._subtitles_checked.add(path)
                info = self._videos.get(video)
                for line, severity, text in subtitle_check(path, info.duration if info else None):
                    (self.error if severity == "error" else self.warning)(rel, line, text)
                if lang not in self.languages and self._languages_known:
                    self.warning(rel, None, _("the exhibition has no language '{lang}' (see 'languages' in "
                                              "kiosk.yaml), so these subtitles are never shown", lang=lang))
            if lang in self.languages:
                found[lang] = inside
        return found

    # -- references ------------------------------------------------------------------------

    def _ids(self, ids: list[str] | None, known: dict | None, what: str, where: str, rel: str,
             doc: YamlDoc, field: tuple) -> list | None:
        """Resolve a list of ids against ``known``; report unknown and repeated ones.

        Returns None when an id is unknown or ``known`` itself is unavailable (kiosk.yaml broken).
        """
        if ids is None or known is None:
            return None
        resolved, seen, ok = [], set(), True
        for index, ident in enumerate(ids):
            path = field + (index,)
            if ident is None:
                ok = False  # not an id at all, reported already
                continue
            if ident in seen:
                self.warning(rel, doc.line_of(path), listed_twice(what, ident))
                continue
            seen.add(ident)
            if ident not in known:
                self.error(rel, doc.line_of(path), unknown(what, ident, known, where))
                ok = False
            elif known[ident] is None:
                ok = False  # that file has errors of its own, reported there
            else:
                resolved.append(known[ident])
        return resolved if ok else None


def focus_point(focus: list[float] | None) -> tuple[float, float]:
    """The focus of a picture as written (``[x, y]``), or its centre when none is given."""
    return CENTRE if focus is None else (float(focus[0]), float(focus[1]))
