"""Load a content folder into an :class:`~kiosk.model.types.Exhibition`, reporting every problem.

The loader reads ``kiosk.yaml`` and every ``stories/``, ``providers/`` and ``pages/`` folder,
validates each file against its pydantic model (:mod:`kiosk.model.schema`), resolves every
cross-reference and checks every media file. Problems are collected, never raised one by one,
so staff get the complete list at once, each with the file and the YAML line.
"""

from __future__ import annotations

import difflib
import functools
import re
import string
import typing
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any
from urllib.parse import urlparse

from pydantic import BaseModel, TypeAdapter, ValidationError

from kiosk.model import media as media_check
from kiosk.model.problems import (Checked, ContentError, NotAContentFolder, Problem, cannot_read, errors,
                                  shown, sort_problems)
from kiosk.model.schema import (LANG, SLUG, AttractEntry, KioskFile, MediaEntry, PageFile,
                                ProviderFile, StoryFile)
from kiosk.model.types import (PLACEHOLDERS, AttractItem, Company, Cost, Exhibition, Goal, Industry,
                               Medium, Page, Provider, Settings, Story, Text)
from kiosk.model.videoprofile import DEFAULT_PROFILE, PROFILES, VideoProfile
from kiosk.model.yamlsrc import YamlDoc, load_yaml

SLUG_RE = re.compile(SLUG)
DEFAULT_IMAGE_SECONDS = 8.0

# How many characters each text slot shows at 1080p before it is cut or crowds its neighbours.
TEXT_LIMITS: dict[str, int] = {
    "kiosk.title": 60, "goal.label": 32, "industry.label": 32,
    # The story screen at 1080p holds its title on one heading line up to about 50 characters,
    # and six lines per slot in its compact type: 180 characters of compound-heavy business
    # German (which needs a seventh line from about 190), and per cost entry 50 (two lines
    # with its label, a third from about 58). The company line ("name · place · industry ·
    # 1250 Beschäftigte") keeps to one line with a 40-character name, a 25-character place and
    # the longest industry label; a second line pushes the slots down. tests/ui/test_story_fit.py
    # renders texts at these limits; longer ones would overlap the company line above the slots.
    "story.title": 50, "story.teaser": 140, "story.challenge": 180, "story.solution": 180,
    "story.benefit": 180, "story.cost": 50, "story.company.name": 40, "story.company.place": 25,
    "media.caption": 100,
    "provider.name": 40, "provider.tagline": 80, "provider.description": 400,
    "provider.services": 60, "provider.place": 40,
    "page.title": 60, "page.body": 900, "page.qr_caption": 120,
}


@dataclass(frozen=True)
class ValidationResult(Checked):
    """The outcome of validating a folder: the exhibition (None on errors) and all problems."""

    exhibition: Exhibition | None
    problems: list[Problem]


def validate(folder: Path, *, probe_media: bool = True, profile: VideoProfile | None = None) -> ValidationResult:
    """Validate a content folder and, when it has no errors, resolve it.

    With ``probe_media`` False, media files are checked for place, type and presence but not
    decoded. Videos above ``profile`` (default: :data:`DEFAULT_PROFILE`) get a warning: the
    kiosk shows their poster instead. Raises :class:`NotAContentFolder` when ``folder`` is
    missing or has no ``kiosk.yaml``; every other problem is reported in the result.
    """
    return _FolderLoader(Path(folder), probe_media, profile or PROFILES[DEFAULT_PROFILE]).run()


def load_exhibition(folder: Path, *, probe_media: bool = True, profile: VideoProfile | None = None) -> Exhibition:
    """Return the resolved exhibition of ``folder``.

    Raises :class:`ContentError` listing every problem when the folder has errors (warnings
    alone do not stop it), and :class:`NotAContentFolder` when it is not a content folder.
    """
    result = validate(folder, probe_media=probe_media, profile=profile)
    if result.exhibition is None:
        raise ContentError(result.problems)
    return result.exhibition


class _FolderLoader:
    """One run over one folder; holds the problems found so far."""

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
        self.goals: dict[str, Goal] | None = None
        self.industries: dict[str, Industry] | None = None

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

    # -- the run ---------------------------------------------------------------------------

    def run(self) -> ValidationResult:
        """Check the whole folder; return the exhibition (when error-free) and all problems."""
        kiosk_yaml = self.root / "kiosk.yaml"
        try:
            if not self.root.is_dir():
                raise NotAContentFolder(f"{self.root} does not exist or is not a folder")
            if not kiosk_yaml.is_file():
                raise NotAContentFolder(f"{self.root} has no kiosk.yaml, so it is not a content folder")
        except OSError as exc:
            reason = "permission denied" if isinstance(exc, PermissionError) else (exc.strerror or str(exc)).lower()
            raise NotAContentFolder(f"the kiosk cannot read {kiosk_yaml} ({reason}); give the kiosk user read "
                                    f"access: chmod -R a+rX '{self.root}'") from None

        settings_file, settings_doc = self._parse(kiosk_yaml, KioskFile)
        settings = self._settings(settings_file, settings_doc) if settings_file else None

        provider_files = self._parse_kind("providers", "provider.yaml", ProviderFile)
        story_files = self._parse_kind("stories", "story.yaml", StoryFile)
        page_files = self._parse_kind("pages", "page.yaml", PageFile)
        if not story_files and not any(p.file == "stories" for p in self.problems):
            self.error("stories", None, "the folder has no stories; add stories/<id>/story.yaml")

        # A file that failed to parse keeps its id (mapped to None), so that references to it
        # are not reported a second time as unknown ids.
        story_ids_of: dict[str, list[str]] = {pid: [] for pid in provider_files}
        for sid, parsed in story_files.items():
            for pid in dict.fromkeys((parsed and parsed[0].providers) or ()):
                if pid in story_ids_of:
                    story_ids_of[pid].append(sid)
        providers = {pid: parsed and self._provider(pid, *parsed, tuple(story_ids_of[pid]))
                     for pid, parsed in provider_files.items()}
        stories = {sid: parsed and self._story(sid, *parsed, providers) for sid, parsed in story_files.items()}
        pages = {pid: parsed and self._page(pid, *parsed) for pid, parsed in page_files.items()}
        attract = self._attract(settings_file, settings_doc, stories) if settings_file else ()

        problems = sort_problems(self.problems)
        if errors(problems) or settings is None:
            return ValidationResult(None, problems)
        exhibition = Exhibition(
            root=self.root, settings=settings, stories=tuple(stories.values()),
            providers=tuple(providers.values()), pages=tuple(pages.values()), attract=attract)
        return ValidationResult(exhibition, problems)

    # -- parsing ---------------------------------------------------------------------------

    def _parse(self, path: Path, model: type[BaseModel]) -> tuple[Any, YamlDoc]:
        """Parse and validate one file; return (model instance or None, doc)."""
        rel = self._rel(path)
        doc = load_yaml(path)
        for line, message in doc.syntax_errors:
            self.error(rel, line, message)
        for line, message in doc.duplicate_keys:
            self.error(rel, line, message)
        if doc.syntax_errors:
            return None, doc
        if not isinstance(doc.data, dict):
            kind = "empty" if doc.data is None else "not a block of 'key: value' lines"
            self.error(rel, 1, f"the file is {kind}; see content/README.md for an example")
            return None, doc
        try:
            return model.model_validate(doc.data), doc
        except ValidationError as exc:
            for err in exc.errors():
                self._report_validation(rel, doc, model, err)
            self._partial_files.add(rel)
            return _partial(model, doc.data), doc

    def _parse_kind(self, folder: str, filename: str, model: type[BaseModel]) -> dict[str, tuple]:
        """Parse every ``<folder>/<id>/<filename>``; return {id: (model, doc, folder) or None if broken}."""
        base = self.root / folder
        found: dict[str, tuple] = {}
        try:
            if not base.exists():
                return found
            if not base.is_dir():
                self.error(folder, 1, f"'{folder}' must be a folder")
                return found
            entries = sorted(base.iterdir())
        except OSError as exc:
            self.error(folder, None, cannot_read(base, exc, folder=True))
            return found
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = self._rel(entry)
            file = entry / filename
            try:
                if not entry.is_dir():
                    self.warning(rel, 1, f"only folders belong in {folder}/; this file is ignored")
                    continue
                if not SLUG_RE.match(entry.name):
                    self.error(rel, None, f"folder name '{shown(entry.name)}' is not a valid id: use lowercase "
                                          f"letters, digits and '-' (e.g. '{_slugify(entry.name)}')")
                    continue
                if not file.is_file():
                    self.error(rel, None, f"the folder has no {filename}; add one or remove the folder")
                    continue
            except OSError as exc:
                self.error(rel, None, cannot_read(entry, exc, folder=True))
                continue
            parsed, doc = self._parse(file, model)
            found[entry.name] = (parsed, doc, entry) if parsed is not None else None
        return found

    def _report_validation(self, rel: str, doc: YamlDoc, model: type[BaseModel], err: dict) -> None:
        loc = _yaml_loc(doc, err["loc"], err["type"])
        kind = err["type"]
        name = _loc_name(loc)
        if kind == "missing":
            self.error(rel, doc.line_of(loc[:-1], key=True), f"required key '{loc[-1]}' is missing"
                       + (f" in {_loc_name(loc[:-1])}" if loc[:-1] else "") + f"; add '{loc[-1]}: ...'")
            return
        if kind == "extra_forbidden":
            key = str(loc[-1])
            allowed = _allowed_keys(model, loc[:-1])
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else "allowed here: " + ", ".join(allowed)
            self.error(rel, doc.line_of(loc, key=True), f"unknown key '{shown(key)}' ({hint})")
            return
        self.error(rel, doc.line_of(loc), _message(name, err))

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
            for lang in values:
                if lang not in self.languages and self._languages_known:
                    self.warning(rel, line, f"language '{shown(lang)}' in {_loc_name(path)} is not listed under "
                                            f"'languages' in kiosk.yaml, so it is never shown")
            missing = [lang for lang in self.languages if lang not in values]
            if missing and values:
                fallback = default if default in values else next(iter(values))
                self.warning(rel, line, f"{_loc_name(path)} has no '{', '.join(missing)}' translation; "
                                        f"the '{fallback}' text is shown instead")
        limit = TEXT_LIMITS.get(slot) if slot else None
        if limit:
            for lang, text in values.items():
                if len(text) > limit:
                    self.warning(rel, line, f"{_loc_name(path)} ({lang}) has {len(text)} characters; "
                                            f"its place on screen shows about {limit}: shorten it")
        return Text(MappingProxyType(values), default)

    # -- media -----------------------------------------------------------------------------

    def media_path(self, relative: str | None, base: Path, rel: str, doc: YamlDoc, path: tuple,
                   kind: str) -> Path | None:
        """Resolve and check one media file; report problems; return its absolute path or None."""
        if relative is None:
            return None
        absolute, problem = media_check.resolve_inside(self.root, base, relative, self._real_dirs)
        if problem is None:
            key = (absolute, kind)
            if key not in self._media_verdicts:
                problem = media_check.check_file(absolute, relative, kind)
                if problem is None and self.probe_media and kind == "image":
                    problem = media_check.check_image(absolute, relative)
                elif problem is None and self.probe_media:
                    problem, self._videos[absolute] = media_check.check_video(absolute, relative)
                self._media_verdicts[key] = problem
            problem = self._media_verdicts[key]
        if problem:
            self.error(rel, doc.line_of(path), problem)
            return None
        info = self._videos.get(absolute) if kind == "video" else None
        too_much = info and self.profile.problem(info.codec, info.width, info.height, info.fps)
        if too_much:
            self.warning(rel, doc.line_of(path), f"video '{shown(relative, 120)}' {too_much}; until then the kiosk "
                                                 "shows its poster instead of playing it")
        return absolute

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
                items.append(Medium(kind, file, caption, poster, self._videos.get(file) if kind == "video" else None))
        return tuple(items) if ok else None

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
                self.warning(rel, doc.line_of(path), f"{what} '{shown(ident)}' is listed twice; remove one")
                continue
            seen.add(ident)
            if ident not in known:
                self.error(rel, doc.line_of(path), _unknown(what, ident, known, where))
                ok = False
            elif known[ident] is None:
                ok = False  # that file has errors of its own, reported there
            else:
                resolved.append(known[ident])
        return resolved if ok else None

    # -- the file kinds --------------------------------------------------------------------

    def _settings(self, file: KioskFile, doc: YamlDoc) -> Settings | None:
        rel = "kiosk.yaml"
        ok = rel not in self._partial_files
        # Entries that failed validation are None here; they are reported already.
        languages = [lang for lang in file.languages or () if lang is not None]
        self._languages_known = file.languages is not None and len(languages) == len(file.languages)
        if languages:
            if len(set(languages)) != len(languages):
                self.error(rel, doc.line_of(("languages",)), "a language is listed twice under 'languages'")
                ok = False
            self.languages = tuple(dict.fromkeys(languages))
        if file.contact_url is not None:
            ok &= self._check_contact_url(file.contact_url, rel, doc.line_of(("contact_url",)))
        for field, cls in (("goals", Goal), ("industries", Industry)):
            if getattr(file, field) is None:
                continue
            items, seen = {}, {}
            for index, entry in enumerate(getattr(file, field)):
                if entry is None or entry.id is None:
                    continue  # reported already; its id is unknown, so nothing can refer to it
                line = doc.line_of((field, index, "id"))
                if entry.id in seen:
                    self.error(rel, line, f"id '{entry.id}' is used twice in '{field}' (also on line "
                                          f"{seen[entry.id]}); every id must be unique")
                    ok = False
                    continue
                seen[entry.id] = line
                slot = "goal.label" if field == "goals" else "industry.label"
                items[entry.id] = cls(entry.id, self.text(entry.label, rel, doc, (field, index, "label"), slot))
            setattr(self, field, items)
        title = self.text(file.title, rel, doc, ("title",), "kiosk.title")
        if not ok:
            return None
        return Settings(title=title, languages=self.languages, idle_timeout=float(file.idle_timeout),
                        contact_url=file.contact_url, goals=tuple(self.goals.values()),
                        industries=tuple(self.industries.values()))

    def _check_contact_url(self, url: str, rel: str, line: int | None) -> bool:
        """Check the contact URL template: https, balanced braces, and only bare known ``{name}`` fields.

        A format (``{story:>99999999}``), a conversion (``{story!r}``), an attribute, an index or
        a position would each make the kiosk build a different, huge or failing URL.
        """
        ok = True
        if not _is_web_address(url, ("https",)):
            self.error(rel, line, f"contact_url must start with https:// (got '{shown(url, 200)}'); "
                                  "visitors' phones open it, so it must be a secure address")
            ok = False
        try:
            fields = [(name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(url)
                      if name is not None]
        except ValueError:
            self.error(rel, line, "contact_url has an unmatched '{' or '}'; placeholders look like {story}")
            return False
        bare = "write the placeholder as a bare name, e.g. {story}"
        for name, spec, conversion in fields:
            written = shown("{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
                            + "}")
            if not name.isidentifier():
                self.error(rel, line, f"contact_url: {written} is not a placeholder name; {bare}")
            elif conversion:
                self.error(rel, line, f"contact_url: {written} has a conversion '!{shown(conversion)}'; {bare}")
            elif spec:
                self.error(rel, line, f"contact_url: {written} has a format ':{shown(spec)}'; {bare}")
            elif name not in PLACEHOLDERS:
                close = difflib.get_close_matches(name, PLACEHOLDERS, n=1)
                hint = (f"did you mean {{{close[0]}}}?" if close
                        else "known: " + " ".join(f"{{{p}}}" for p in PLACEHOLDERS))
                self.error(rel, line, f"contact_url has an unknown placeholder {written} ({hint})")
            else:
                continue
            ok = False
        return ok

    def _provider(self, pid: str, file: ProviderFile, doc: YamlDoc, base: Path,
                  story_ids: tuple[str, ...]) -> Provider | None:
        rel = self._rel(base / "provider.yaml")
        texts = {field: self.text(getattr(file, field), rel, doc, (field,), f"provider.{field}")
                 for field in ("name", "tagline", "description", "place")}
        services = None if file.services is None else tuple(
            self.text(s, rel, doc, ("services", i), "provider.services") for i, s in enumerate(file.services))
        logo = self.media_path(file.logo, base, rel, doc, ("logo",), "image")
        website = file.website
        if website is not None and not _is_web_address(website, ("https", "http")):
            self.error(rel, doc.line_of(("website",)), f"website '{shown(website, 200)}' is not a web address; "
                                                       "write it in full, e.g. https://www.firma.de")
        if rel in self._partial_files or logo is None:
            return None
        return Provider(id=pid, logo=logo, services=services, website=website, story_ids=story_ids, **texts)

    def _story(self, sid: str, file: StoryFile, doc: YamlDoc, base: Path,
               providers: dict[str, Provider | None]) -> Story | None:
        rel = self._rel(base / "story.yaml")
        texts = {field: self.text(getattr(file, field), rel, doc, (field,), f"story.{field}")
                 for field in ("title", "teaser", "challenge", "solution", "benefit")}
        company = file.company
        industry = company and self._ids([company.industry], self.industries, "industry",
                                         "kiosk.yaml 'industries'", rel, doc, ("company", "industry"))
        goals = self._ids(file.goals, self.goals, "goal", "kiosk.yaml 'goals'", rel, doc, ("goals",))
        story_providers = self._ids(file.providers, providers, "provider", "providers/", rel, doc, ("providers",))
        cost = file.cost and Cost(**{k: self.text(getattr(file.cost, k), rel, doc, ("cost", k), "story.cost")
                                     for k in ("one_off", "running", "effort")})
        cover = self.media_path(file.cover, base, rel, doc, ("cover",), "image")
        media = self._media_list(file.media, base, rel, doc, "media")
        if company:
            name = self.text(company.name, rel, doc, ("company", "name"), "story.company.name")
            place = self.text(company.place, rel, doc, ("company", "place"), "story.company.place")
        if rel in self._partial_files or None in (industry, goals, story_providers, cover, media):
            return None
        return Story(id=sid, company=Company(name, industry[0], company.employees, place),
                     goals=tuple(goals), cost=cost, providers=tuple(story_providers), cover=cover,
                     media=media, **texts)

    def _page(self, pid: str, file: PageFile, doc: YamlDoc, base: Path) -> Page | None:
        rel = self._rel(base / "page.yaml")
        qr = file.qr
        if qr is not None and qr != "contact":
            if not _is_web_address(qr, ("https",)):
                self.error(rel, doc.line_of(("qr",)),
                           f"qr must be 'contact' or an https:// address (got '{shown(qr, 200)}')")
        title = self.text(file.title, rel, doc, ("title",), "page.title")
        body = self.text(file.body, rel, doc, ("body",), "page.body")
        qr_caption = self.text(file.qr_caption, rel, doc, ("qr_caption",), "page.qr_caption")
        media = self._media_list(file.media, base, rel, doc, "media")
        if rel in self._partial_files or media is None:
            return None
        return Page(id=pid, title=title, body=body, media=media, qr=qr, qr_caption=qr_caption)

    def _attract(self, file: KioskFile, doc: YamlDoc, stories: dict[str, Story | None]) -> tuple[AttractItem, ...]:
        """Resolve the attract playlist; by default every story's first medium."""
        default = tuple(_default_attract(s) for s in stories.values() if s is not None)
        if not file.attract:
            return default
        items = []
        for index, entry in enumerate(file.attract):
            if entry is None:
                continue
            items.extend(self._attract_entry(entry, index, doc, stories))
        return tuple(items) or default

    def _attract_entry(self, entry: AttractEntry, index: int, doc: YamlDoc,
                       stories: dict[str, Story | None]) -> list[AttractItem]:
        rel, path = "kiosk.yaml", ("attract", index)
        if entry.story is not None:
            found = self._ids([entry.story], stories, "story", "stories/", rel, doc, path + ("story",))
            if not found:
                return []
            item = _default_attract(found[0])
            return [replace(item, duration=entry.duration or item.duration)]
        kind = "image" if entry.image is not None else "video"
        file = self.media_path(getattr(entry, kind), self.root, rel, doc, path + (kind,), kind)
        if file is None:
            return []
        duration = entry.duration or (DEFAULT_IMAGE_SECONDS if kind == "image" else None)
        return [AttractItem(kind, file, duration, video=self._videos.get(file) if kind == "video" else None)]


@functools.cache
def _adapter(annotation: Any) -> TypeAdapter:
    return TypeAdapter(annotation)


def _field_annotation(field: Any) -> Any:
    """The field's type with its constraints (pydantic keeps them apart from the annotation)."""
    return Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation


def _lenient(annotation: Any, value: Any) -> Any:
    """Validate ``value``; where it fails, keep what validates on its own and put None elsewhere.

    Models are rebuilt field by field and lists item by item (a bad item becomes None, so that
    the indexes, and with them the YAML lines, stay right).
    """
    try:
        return _adapter(annotation).validate_python(value)
    except ValidationError:
        pass
    # Lists first: the model inside ``list[MediaEntry]`` must not be built from a block that
    # stands where the list belongs.
    item_type = _list_item(annotation)
    if item_type is not None:
        return [_lenient(item_type, item) for item in value] if isinstance(value, list) else None
    model = _model_in(annotation)
    if model is not None and isinstance(value, dict):
        return _partial(model, value)
    return None


def _partial(model: type[BaseModel], data: dict) -> BaseModel:
    """Build ``model`` from what in ``data`` validates; missing or broken fields become None."""
    values = {}
    for name, field in model.model_fields.items():
        if name not in data:
            values[name] = None if field.is_required() else field.get_default(call_default_factory=True)
        else:
            values[name] = _lenient(_field_annotation(field), data[name])
    return model.model_construct(**values)


def _list_item(annotation: Any) -> Any:
    """Return X for an annotation such as ``list[X]`` or ``list[X] | None``, else None."""
    if typing.get_origin(annotation) is list:
        return typing.get_args(annotation)[0]
    for arg in typing.get_args(annotation):
        found = _list_item(arg)
        if found is not None:
            return found
    return None


def _default_attract(story: Story) -> AttractItem:
    """A story in the attract loop: its first medium, or its cover when it has none."""
    if story.media:
        first = story.media[0]
        return AttractItem(first.kind, first.path, DEFAULT_IMAGE_SECONDS if first.kind == "image" else None, story,
                           first.video)
    return AttractItem("image", story.cover, DEFAULT_IMAGE_SECONDS, story)


def _unknown(what: str, ident: str, known: dict, where: str) -> str:
    close = difflib.get_close_matches(ident, list(known), n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else "known: " + ", ".join(sorted(known)) if known else f"none defined in {where}"
    return f"unknown {what} '{shown(ident)}' ({hint}); {what} ids are defined in {where}"


def _is_web_address(text: str, schemes: tuple[str, ...]) -> bool:
    """Whether ``text`` is an address with a host and one of ``schemes``."""
    try:
        parsed = urlparse(text)
    except ValueError:  # an unclosed '[' in the host, for one
        return False
    return parsed.scheme in schemes and bool(parsed.netloc)


def _slugify(name: str) -> str:
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", " ": "-", "_": "-"})
    slug = re.sub(r"[^a-z0-9-]", "", name.lower().translate(table)).strip("-")
    return slug or "mein-ordner"


def _yaml_loc(doc: YamlDoc, loc: tuple, kind: str) -> tuple:
    """Drop the parts pydantic adds to a location for union members (``int``, ``dict[str,str]``)."""
    kept: tuple = ()
    last = len(loc) - 1
    for index, part in enumerate(loc):
        if kept + (part,) in doc.lines or (index == last and kind in ("missing", "extra_forbidden")):
            kept += (part,)
    return kept


def _loc_name(loc: tuple) -> str:
    """Render a location as staff read it: ``media[2].caption`` (list items counted from 1)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + shown(part)
    return f"'{out}'" if out else "the file"


def _message(name: str, err: dict) -> str:
    kind, ctx = err["type"], err.get("ctx") or {}
    if kind == "text_type":
        return f"{name} {err['msg']}"
    if kind == "kiosk_sentence":  # a whole sentence from the model, naming its key
        return err["msg"] if err["input"] is None else f"{err['msg']} (got '{shown(err['input'])}')"
    if err.get("input", "") is None and kind.endswith("_type"):
        return f"{name} is empty; write a value after the colon"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"{name} must be a whole number, e.g. 12"
    if kind in ("float_type", "float_parsing"):
        return f"{name} must be a number, e.g. 90"
    if kind in ("string_type",):
        return f"{name} must be a text; put it in quotes if it looks like a number or yes/no"
    if kind == "list_type":
        return f"{name} must be a list, one '- item' per line"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"{name} must be a block of 'key: value' lines"
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == SLUG:
            return (f"{name} '{shown(err['input'])}' is not a valid id: use lowercase letters, digits and '-', "
                    f"e.g. '{shown(_slugify(err['input']))}'")
        if ctx.get("pattern") == LANG:
            return f"{name} '{shown(err['input'])}' is not a language code: use two lowercase letters, e.g. 'de'"
    if kind in ("greater_than", "greater_than_equal"):
        return f"{name} must be {'at least' if kind.endswith('equal') else 'more than'} " \
               f"{ctx.get('ge', ctx.get('gt'))}"
    if kind in ("too_short", "string_too_short"):
        return f"{name} must not be empty"
    if kind == "value_error":
        return str(err["msg"]).removeprefix("Value error, ")
    return f"{name}: {err['msg']}"


def _allowed_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """Return the keys allowed at ``loc`` inside ``model`` (list indexes are stepped over)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if isinstance(current, type) and issubclass(current, BaseModel) else None
        if field is None:
            return []
        current = _model_in(field.annotation)
        if current is None:
            return []
    return list(current.model_fields) if isinstance(current, type) and issubclass(current, BaseModel) else []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """Find the pydantic model inside an annotation such as ``list[MediaEntry] | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
