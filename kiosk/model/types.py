"""The resolved, immutable exhibition that the loader returns.

Everything here is plain frozen dataclasses: cross-references are resolved to objects, media
paths are absolute, and visitor texts are :class:`Text` values that know their fallback
language. Nothing in this module imports Kivy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from string import Formatter
from types import MappingProxyType
from typing import Literal, Mapping
from urllib.parse import quote

from kiosk.model.media import VideoInfo

PLACEHOLDERS = ("story", "provider", "page", "lang", "source")
CENTRE = (0.5, 0.5)
"""The focus of a picture that names none: its middle."""


@dataclass(frozen=True)
class Text:
    """A visitor-facing text in one or more languages.

    ``values`` maps a language code to the string; ``default`` is the exhibition's default
    language, used when a translation is missing.
    """

    values: Mapping[str, str]
    default: str

    def get(self, lang: str) -> str:
        """Return the text in ``lang``, falling back to the default language, then to any."""
        if lang in self.values:
            return self.values[lang]
        if self.default in self.values:
            return self.values[self.default]
        return next(iter(self.values.values()), "")

    def __str__(self) -> str:
        return self.get(self.default)

    def __reduce__(self):
        # A mapping proxy cannot be pickled (the start-up cache pickles exhibitions).
        return _text, (dict(self.values), self.default)


def _text(values: dict[str, str], default: str) -> Text:
    return Text(MappingProxyType(values), default)


def plain(text: str, default: str = "de") -> Text:
    """Return a :class:`Text` that reads the same in every language."""
    return Text(MappingProxyType({default: text}), default)


@dataclass(frozen=True)
class Goal:
    """A business goal such as "Neue Kunden gewinnen"."""

    id: str
    label: Text


@dataclass(frozen=True)
class Industry:
    """An industry such as "Handwerk"."""

    id: str
    label: Text


@dataclass(frozen=True)
class Medium:
    """An image or a video, with its absolute path and caption.

    For a video, ``poster`` is the image shown until its first frame.
    """

    kind: Literal["image", "video"]
    path: Path
    caption: Text | None = None
    poster: Path | None = None
    video: VideoInfo | None = None
    """What the probe found of a video (None when media were not probed)."""
    focus: tuple[float, float] = CENTRE
    """The point of an image to keep in view when it is cropped, as fractions of its width and
    height from the top left corner; the centre unless the content says otherwise."""
    subtitles: Mapping[str, Path] = field(default_factory=dict, hash=False)
    """A video's WebVTT subtitle files by language (``film.de.vtt`` beside ``film.mp4``); read
    their cues with :func:`kiosk.model.subtitles.cues`."""


@dataclass(frozen=True)
class Figure:
    """A key figure of a story: a number with its unit and a label, such as "1.800 € einmalig".

    Write it with :func:`kiosk.model.textfmt.format_figure` (number and unit by language) and
    ``label.get(lang)``.
    """

    value: float
    unit: Text | None
    label: Text


@dataclass(frozen=True)
class Cost:
    """What a story's solution cost: one-off, running and effort entries, each optional."""

    one_off: Text | None = None
    running: Text | None = None
    effort: Text | None = None

    def entries(self) -> tuple[tuple[str, Text], ...]:
        """Return the present entries as ``(kind, text)`` pairs, in a fixed order."""
        pairs = (("one_off", self.one_off), ("running", self.running), ("effort", self.effort))
        return tuple((kind, text) for kind, text in pairs if text is not None)


@dataclass(frozen=True)
class Company:
    """The firm a story is about."""

    name: Text
    industry: Industry
    employees: int
    place: Text


@dataclass(frozen=True)
class Provider:
    """A local solution provider on the provider wall.

    ``story_ids`` is derived from the stories that name this provider, never typed twice.
    """

    id: str
    name: Text
    logo: Path
    tagline: Text
    description: Text
    services: tuple[Text, ...]
    place: Text
    website: str
    story_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Story:
    """A story of a regional firm: challenge, solution, cost and benefit."""

    id: str
    title: Text
    teaser: Text
    company: Company
    goals: tuple[Goal, ...]
    challenge: Text
    solution: Text
    cost: Cost
    benefit: Text
    providers: tuple[Provider, ...]
    cover: Path
    media: tuple[Medium, ...] = ()
    figures: tuple[Figure, ...] = ()
    """Two to four key figures to show large under the title, or none."""
    cover_focus: tuple[float, float] = CENTRE
    """The point of the cover to keep in view when it is cropped (see :attr:`Medium.focus`)."""


@dataclass(frozen=True)
class Page:
    """An info page, optionally with a QR code.

    ``qr`` is ``"contact"`` (the exhibition's contact form), an explicit https URL, or None.
    """

    id: str
    title: Text
    body: Text
    media: tuple[Medium, ...] = ()
    qr: str | None = None
    qr_caption: Text | None = None


@dataclass(frozen=True)
class AttractItem:
    """One item of the attract loop.

    ``kind`` is ``image`` or ``video``; ``story`` is set when the item stands for a story, so
    the loop can show its title. ``duration`` is in seconds; None for a video means its length.
    """

    kind: Literal["image", "video"]
    path: Path
    duration: float | None
    story: Story | None = None
    video: VideoInfo | None = None
    """What the probe found of a video (None when media were not probed)."""


@dataclass(frozen=True)
class Settings:
    """The exhibition settings from ``kiosk.yaml``."""

    title: Text
    languages: tuple[str, ...]
    idle_timeout: float
    contact_url: str
    goals: tuple[Goal, ...]
    industries: tuple[Industry, ...]

    @property
    def default_language(self) -> str:
        """Return the default language, the first one listed."""
        return self.languages[0]


@dataclass(frozen=True)
class Exhibition:
    """A fully resolved content folder: settings, stories, providers, pages, attract loop."""

    root: Path
    settings: Settings
    stories: tuple[Story, ...]
    providers: tuple[Provider, ...]
    pages: tuple[Page, ...]
    attract: tuple[AttractItem, ...]
    _index: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for kind, items in (("story", self.stories), ("provider", self.providers),
                            ("page", self.pages), ("goal", self.settings.goals),
                            ("industry", self.settings.industries)):
            self._index[kind] = MappingProxyType({item.id: item for item in items})

    def __reduce__(self):
        # The lookup index holds mapping proxies; it is rebuilt rather than pickled.
        return Exhibition, (self.root, self.settings, self.stories, self.providers, self.pages, self.attract)

    def story(self, story_id: str) -> Story:
        """Return the story with this id; raise KeyError if there is none."""
        return self._index["story"][story_id]

    def provider(self, provider_id: str) -> Provider:
        """Return the provider with this id; raise KeyError if there is none."""
        return self._index["provider"][provider_id]

    def page(self, page_id: str) -> Page:
        """Return the page with this id; raise KeyError if there is none."""
        return self._index["page"][page_id]

    def goal(self, goal_id: str) -> Goal:
        """Return the goal with this id; raise KeyError if there is none."""
        return self._index["goal"][goal_id]

    def industry(self, industry_id: str) -> Industry:
        """Return the industry with this id; raise KeyError if there is none."""
        return self._index["industry"][industry_id]

    def stories_of(self, provider_id: str) -> tuple[Story, ...]:
        """Return the stories a provider took part in, in exhibition order."""
        return tuple(self.story(sid) for sid in self.provider(provider_id).story_ids)

    def filter_stories(self, goal: str | None = None, industry: str | None = None) -> tuple[Story, ...]:
        """Return the stories matching a goal id and an industry id (None matches all)."""
        return tuple(
            s for s in self.stories
            if (goal is None or any(g.id == goal for g in s.goals))
            and (industry is None or s.company.industry.id == industry)
        )

    def contact_url(self, *, lang: str, story: str = "", provider: str = "", page: str = "",
                    source: str = "kiosk") -> str:
        """Return the contact form URL for a story, provider or page.

        A query parameter whose value is just a placeholder that does not apply here
        (``page={page}`` on a story) is left out, so the QR code stays as coarse as it can.
        """
        values = {"story": story, "provider": provider, "page": page, "lang": lang, "source": source}
        return fill_contact_url(omit_empty_parameters(self.settings.contact_url, values), **values)

    def qr_url(self, page: Page, lang: str) -> str | None:
        """Return the URL a page's QR code leads to, or None if the page has no QR code."""
        if page.qr is None:
            return None
        if page.qr == "contact":
            return self.contact_url(lang=lang, page=page.id)
        return page.qr

    def qr_url_for(self, target: Literal["story", "provider", "page"], item: str, lang: str) -> str | None:
        """Return the URL of the QR code on the ``target`` screen showing ``item``, or None without one.

        A story's code asks for contact about the story and its first provider; a provider's
        for a meeting with that provider; a page's is :meth:`qr_url`. Raises KeyError for an
        unknown item and ValueError for another target.
        """
        if target == "story":
            story = self.story(item)
            first = story.providers[0].id if story.providers else ""
            return self.contact_url(lang=lang, story=story.id, provider=first)
        if target == "provider":
            return self.contact_url(lang=lang, provider=self.provider(item).id)
        if target == "page":
            return self.qr_url(self.page(item), lang)
        raise ValueError(f"no QR code on the {target!r} screen; expected story, provider or page")


_PLACEHOLDER_PARAMETER = re.compile(r"[^=&#{}]*=\{(\w+)\}")


def omit_empty_parameters(template: str, values: Mapping[str, str]) -> str:
    """Return ``template`` without the query parameters ``name={placeholder}`` whose value is empty.

    Only a parameter that is exactly one known placeholder goes; literal parameters, a
    fragment and anything the template holds before the ``?`` stay as they are. Like
    :func:`fill_contact_url` it never raises and never formats the template.
    """
    head, mark, query = template.partition("?")
    if not mark:
        return template
    query, hash_mark, fragment = query.partition("#")
    kept = []
    for part in query.split("&"):
        match = _PLACEHOLDER_PARAMETER.fullmatch(part)
        if match and match.group(1) in PLACEHOLDERS and not values.get(match.group(1)):
            continue
        kept.append(part)
    query = "&".join(kept)
    return head + (mark if query else "") + query + hash_mark + fragment


def fill_contact_url(template: str, **values: str) -> str:
    """Fill the ``{placeholder}`` fields of a contact URL template, URL-quoting each value.

    The validator allows only bare known names (``{story}``). Whatever the template holds, this
    never raises and never grows the URL by more than the values: it does not use
    ``str.format``, so a format (``{story:>99999999}``) or a conversion (``{story!r}``) is
    ignored, an unknown or non-name field is left empty, and a template with unmatched braces
    comes back unchanged.
    """
    try:
        fields = list(Formatter().parse(template))
    except ValueError:
        return template
    out = []
    for literal, name, _spec, _conversion in fields:
        out.append(literal)
        if name in PLACEHOLDERS:
            out.append(quote(str(values.get(name, "")), safe=""))
    return "".join(out)
