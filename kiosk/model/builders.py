"""Build each kind of content file into its resolved type: settings, provider, story, page, attract loop.

:class:`KindBuilder` adds to the shared checks of :class:`~kiosk.model.checker.FileChecker` what
is particular to one file kind: the contact URL template, the goal and industry lists, the
references between stories and providers, and the attract playlist.
"""

from __future__ import annotations

import difflib
import string
from dataclasses import replace
from pathlib import Path

from kiosk.i18n import _
from kiosk.model.checker import FileChecker, focus_point
from kiosk.model.limits import DEFAULT_IMAGE_SECONDS
from kiosk.model.problems import shown
from kiosk.model.schema import AttractEntry, FigureEntry, KioskFile, PageFile, ProviderFile, StoryFile
from kiosk.model.schema.fields import is_web_address
from kiosk.model.types import (PLACEHOLDERS, AttractItem, Company, Cost, Figure, Goal, Industry, Page,
                               Provider, Settings, Story)
from kiosk.model.yamlsrc import YamlDoc


class KindBuilder(FileChecker):
    """Builds the file kinds of one folder, once its ``kiosk.yaml`` has set goals and industries."""

    goals: dict[str, Goal] | None = None
    industries: dict[str, Industry] | None = None

    def _settings(self, file: KioskFile, doc: YamlDoc) -> Settings | None:
        rel = "kiosk.yaml"
        ok = rel not in self._partial_files
        # Entries that failed validation are None here; they are reported already.
        languages = [lang for lang in file.languages or () if lang is not None]
        self._languages_known = file.languages is not None and len(languages) == len(file.languages)
        if languages:
            if len(set(languages)) != len(languages):
                self.error(rel, doc.line_of(("languages",)), _("a language is listed twice under 'languages'"))
                ok = False
            self.languages = tuple(dict.fromkeys(languages))
        if file.contact_url is not None:
            ok &= self._check_contact_url(file.contact_url, rel, doc.line_of(("contact_url",)))
        for field, cls in (("goals", Goal), ("industries", Industry)):
            if getattr(file, field) is not None:
                ok &= self._labelled_ids(file, doc, field, cls)
        title = self.text(file.title, rel, doc, ("title",), "kiosk.title")
        if not ok:
            return None
        return Settings(title=title, languages=self.languages, idle_timeout=float(file.idle_timeout),
                        contact_url=file.contact_url, goals=tuple(self.goals.values()),
                        industries=tuple(self.industries.values()))

    def _labelled_ids(self, file: KioskFile, doc: YamlDoc, field: str, cls: type) -> bool:
        """Build the goals or industries of ``kiosk.yaml`` into ``self.<field>``; False on a repeated id."""
        rel, ok = "kiosk.yaml", True
        items, seen = {}, {}
        for index, entry in enumerate(getattr(file, field)):
            if entry is None or entry.id is None:
                continue  # reported already; its id is unknown, so nothing can refer to it
            line = doc.line_of((field, index, "id"))
            if entry.id in seen:
                self.error(rel, line, _("id '{id}' is used twice in '{field}' (also on line {line}); every id must "
                                        "be unique", id=entry.id, field=field, line=seen[entry.id]))
                ok = False
                continue
            seen[entry.id] = line
            slot = "goal.label" if field == "goals" else "industry.label"
            items[entry.id] = cls(entry.id, self.text(entry.label, rel, doc, (field, index, "label"), slot))
        setattr(self, field, items)
        return ok

    def _check_contact_url(self, url: str, rel: str, line: int | None) -> bool:
        """Check the contact URL template: https, balanced braces, and only bare known ``{name}`` fields.

        A format (``{story:>99999999}``), a conversion (``{story!r}``), an attribute, an index or
        a position would each make the kiosk build a different, huge or failing URL.
        """
        ok = True
        if not is_web_address(url, ("https",)):
            self.error(rel, line, _("contact_url must start with https:// (got '{url}'); visitors' phones open it, "
                                    "so it must be a secure address", url=shown(url, 200)))
            ok = False
        try:
            fields = [(name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(url)
                      if name is not None]
        except ValueError:
            self.error(rel, line, _("contact_url has an unmatched '{' or '}'; placeholders look like {story}"))
            return False
        bare = _("write the placeholder as a bare name, e.g. {story}")
        for name, spec, conversion in fields:
            written = shown("{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
                            + "}")
            if not name.isidentifier():
                self.error(rel, line, _("contact_url: {written} is not a placeholder name; {fix}", written=written,
                                        fix=bare))
            elif conversion:
                self.error(rel, line, _("contact_url: {written} has a conversion '!{conversion}'; {fix}",
                                        written=written, conversion=shown(conversion), fix=bare))
            elif spec:
                self.error(rel, line, _("contact_url: {written} has a format ':{spec}'; {fix}", written=written,
                                        spec=shown(spec), fix=bare))
            elif name not in PLACEHOLDERS:
                close = difflib.get_close_matches(name, PLACEHOLDERS, n=1)
                hint = (_("did you mean {placeholder}?", placeholder="{" + close[0] + "}") if close
                        else _("known: {ids}", ids=" ".join(f"{{{p}}}" for p in PLACEHOLDERS)))
                self.error(rel, line, _("contact_url has an unknown placeholder {written} ({hint})", written=written,
                                        hint=hint))
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
        if rel in self._partial_files or logo is None:
            return None
        return Provider(id=pid, logo=logo, services=services, website=file.website, story_ids=story_ids, **texts)

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
        figures = tuple(self._figure(entry, rel, doc, index) for index, entry in enumerate(file.figures or ()))
        if company:
            name = self.text(company.name, rel, doc, ("company", "name"), "story.company.name")
            place = self.text(company.place, rel, doc, ("company", "place"), "story.company.place")
        if rel in self._partial_files or None in (industry, goals, story_providers, cover, media):
            return None
        return Story(id=sid, company=Company(name, industry[0], company.employees, place),
                     goals=tuple(goals), cost=cost, providers=tuple(story_providers), cover=cover,
                     media=media, figures=figures, cover_focus=focus_point(file.cover_focus), **texts)

    def _figure(self, entry: FigureEntry | None, rel: str, doc: YamlDoc, index: int) -> Figure | None:
        """Build one key figure; None for an entry with errors of its own, reported already."""
        if entry is None:
            return None
        path = ("figures", index)
        return Figure(value=entry.value, unit=self.text(entry.unit, rel, doc, path + ("unit",), "story.figure.unit"),
                      label=self.text(entry.label, rel, doc, path + ("label",), "story.figure.label"))

    def _page(self, pid: str, file: PageFile, doc: YamlDoc, base: Path) -> Page | None:
        rel = self._rel(base / "page.yaml")
        title = self.text(file.title, rel, doc, ("title",), "page.title")
        body = self.text(file.body, rel, doc, ("body",), "page.body")
        qr_caption = self.text(file.qr_caption, rel, doc, ("qr_caption",), "page.qr_caption")
        media = self._media_list(file.media, base, rel, doc, "media")
        if rel in self._partial_files or media is None:
            return None
        return Page(id=pid, title=title, body=body, media=media, qr=file.qr, qr_caption=qr_caption)

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


def _default_attract(story: Story) -> AttractItem:
    """A story in the attract loop: its first medium, or its cover when it has none."""
    if story.media:
        first = story.media[0]
        return AttractItem(first.kind, first.path, DEFAULT_IMAGE_SECONDS if first.kind == "image" else None, story,
                           first.video)
    return AttractItem("image", story.cover, DEFAULT_IMAGE_SECONDS, story)
