"""The content files as pydantic models: one model per file kind.

These models are the single source of truth for both validation (the loader) and the JSON
Schema that staff editors use (``kiosk schema``), so the two cannot drift. They describe the
files as written; cross-references and media are checked by the loader.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Union

from pydantic import (BaseModel, ConfigDict, Field, StrictFloat, StrictInt, StrictStr,
                      ValidationError, WrapValidator, model_validator)
from pydantic_core import PydanticCustomError

SLUG = r"^[a-z0-9][a-z0-9-]*$"
LANG = r"^[a-z]{2}$"


def _text_only(value: Any, handler: Any) -> Any:
    """Turn pydantic's two union errors for a text into one that staff can act on."""
    try:
        return handler(value)
    except ValidationError:
        raise PydanticCustomError(
            "text_type",
            "must be a text, or one text per language such as {de: ..., en: ...}",
        ) from None


Text = Annotated[
    Union[StrictStr, dict[Annotated[str, Field(pattern=LANG)], StrictStr]],
    WrapValidator(_text_only),
    Field(description="A text, or one text per language: {de: ..., en: ...}"),
]
Slug = Annotated[StrictStr, Field(pattern=SLUG, description="An id: lowercase letters, digits and '-'")]
Seconds = Annotated[StrictFloat, Field(gt=0)]  # strict floats still accept whole numbers
RelPath = Annotated[StrictStr, Field(min_length=1, description="A file path relative to this YAML file")]


class _File(BaseModel):
    """Common settings: unknown keys are errors, values keep their YAML type."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class MediaEntry(_File):
    """One image or video: ``{image: file, caption}`` or ``{video: file, poster: file, caption}``."""

    image: RelPath | None = None
    video: RelPath | None = None
    poster: RelPath | None = Field(None, description="An image shown until the video's first frame")
    caption: Text | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> "MediaEntry":
        if (self.image is None) == (self.video is None):
            raise ValueError("each media entry needs exactly one of 'image:' or 'video:'")
        if self.poster is not None and self.video is None:
            raise ValueError("'poster:' belongs to a video; remove it from an image entry")
        return self


class IdLabel(_File):
    """A goal or an industry: an id and its label."""

    id: Slug
    label: Text


class AttractEntry(_File):
    """One attract-loop item: a story id, an image or a video, with a duration in seconds."""

    story: Slug | None = None
    image: RelPath | None = None
    video: RelPath | None = None
    duration: Seconds | None = Field(None, description="Seconds on screen; a video defaults to its length")

    @model_validator(mode="after")
    def _one_kind(self) -> "AttractEntry":
        if sum(x is not None for x in (self.story, self.image, self.video)) != 1:
            raise ValueError("each attract entry needs exactly one of 'story:', 'image:' or 'video:'")
        return self


class KioskFile(_File):
    """``kiosk.yaml``: the exhibition settings."""

    title: Text
    languages: Annotated[list[Annotated[StrictStr, Field(pattern=LANG)]], Field(min_length=1)] = Field(
        description="Language codes; the first one is the default")
    idle_timeout: Seconds = Field(description="Seconds without a touch before attract mode starts")
    contact_url: StrictStr = Field(
        description="https URL of the contact form; placeholders {story} {provider} {page} {lang} {source}")
    goals: Annotated[list[IdLabel], Field(min_length=1)]
    industries: Annotated[list[IdLabel], Field(min_length=1)]
    attract: list[AttractEntry] | None = None


class CompanyEntry(_File):
    """The firm a story is about."""

    name: Text
    industry: Slug = Field(description="An industry id from kiosk.yaml")
    employees: Annotated[StrictInt, Field(ge=1)]
    place: Text


class CostEntry(_File):
    """What the solution cost; each entry optional, at least one present."""

    one_off: Text | None = Field(None, description="One-off cost")
    running: Text | None = Field(None, description="Running cost")
    effort: Text | None = Field(None, description="Effort and time")

    @model_validator(mode="after")
    def _at_least_one(self) -> "CostEntry":
        if self.one_off is None and self.running is None and self.effort is None:
            raise ValueError("'cost' needs at least one of 'one_off:', 'running:' or 'effort:'")
        return self


class StoryFile(_File):
    """``stories/<id>/story.yaml``: one story of a regional firm."""

    title: Text
    teaser: Text
    company: CompanyEntry
    goals: Annotated[list[Slug], Field(min_length=1, description="Goal ids from kiosk.yaml")]
    challenge: Text
    solution: Text
    cost: CostEntry
    benefit: Text
    providers: list[Slug] = Field(default_factory=list, description="Provider ids")
    cover: RelPath
    media: list[MediaEntry] = Field(default_factory=list)


class ProviderFile(_File):
    """``providers/<id>/provider.yaml``: one solution provider on the wall."""

    name: Text
    logo: RelPath
    tagline: Text
    description: Text
    services: Annotated[list[Text], Field(min_length=1)]
    place: Text
    website: StrictStr


class PageFile(_File):
    """``pages/<id>/page.yaml``: one info page."""

    title: Text
    body: Text
    media: list[MediaEntry] = Field(default_factory=list)
    qr: StrictStr | None = Field(None, description="'contact' for the contact form, or an https URL")
    qr_caption: Text | None = Field(None, description="The sentence beside the QR code")


#: The file kinds, by schema name.
FILE_KINDS: dict[str, type[_File]] = {
    "kiosk": KioskFile,
    "story": StoryFile,
    "provider": ProviderFile,
    "page": PageFile,
}


def json_schema(kind: str) -> dict:
    """Return the JSON Schema of one file kind (``kiosk``, ``story``, ``provider``, ``page``)."""
    schema = FILE_KINDS[kind].model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"{kind}.schema.json"
    return schema


def write_schemas(out_dir: Path) -> list[Path]:
    """Write ``<kind>.schema.json`` for every file kind into ``out_dir``; return the files."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in FILE_KINDS:
        target = out_dir / f"{kind}.schema.json"
        target.write_text(json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(target)
    return written
