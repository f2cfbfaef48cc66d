"""The content files as pydantic models: one model per file kind.

These models are the single source of truth for both validation (the loader) and the JSON
Schema that staff editors use (``kiosk schema``), so the two cannot drift. They describe the
files as written; cross-references and media are checked by the loader.

The titles and descriptions are German, for staff: the YAML extension of VS Code shows them
while typing, and shows ``patternErrorMessage`` / ``errorMessage`` instead of a raw regex when
a value is wrong. A few rules that the loader checks in its own code (with a more specific
message) are repeated in the schema for the editor: https in ``contact_url``, the file types
of images and videos, and each language once. tests/test_editor_schema.py holds the schema and
``kiosk validate`` to the same faulty files.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated, Any, Callable, Literal, Union

from pydantic import (BaseModel, ConfigDict, Field, StrictFloat, StrictInt, StrictStr,
                      ValidationError, WrapValidator, model_validator)
from pydantic.json_schema import GenerateJsonSchema
from pydantic_core import PydanticCustomError

from kiosk.model.media import IMAGE_TYPES, VIDEO_TYPES
from kiosk.model.problems import shown
from kiosk.model.types import PLACEHOLDERS

SLUG = r"^[a-z0-9][a-z0-9-]*$"
LANG = r"^[a-z]{2}$"
HTTPS = r"^https://[^/?#]"
"""An https address with a host: what the loader's ``urlparse`` check of ``contact_url`` accepts
(but for an upper-case ``HTTPS://``, which the schema refuses)."""


def _file_type(suffixes: frozenset[str]) -> str:
    """A pattern for a file name with one of ``suffixes``, in any case, as the loader compares them.

    Character classes instead of a case-insensitive flag, which JSON Schema patterns lack. A
    character other than '/' before the dot: ``.jpg`` alone is a hidden file without a type.
    """
    either = "|".join("".join(f"[{c}{c.upper()}]" if c.isalpha() else re.escape(c) for c in suffix[1:])
                      for suffix in sorted(suffixes))
    return rf"[^/]\.({either})$"


def _names(suffixes: frozenset[str]) -> str:
    """``.jpeg, .jpg oder .png``: the file types as staff read them."""
    ordered = sorted(suffixes)
    return ", ".join(ordered[:-1]) + " oder " + ordered[-1]


IMAGE_FILE = _file_type(IMAGE_TYPES)
VIDEO_FILE = _file_type(VIDEO_TYPES)

#: What the editor says when a value does not match a pattern (every pattern needs one).
PATTERN_MESSAGES = {
    SLUG: "Nur Kleinbuchstaben, Ziffern und Bindestriche, am Anfang ein Buchstabe oder eine Ziffer, "
          "z. B. baeckerei-sonnenkorn (ä → ae, ß → ss, keine Leerzeichen)",
    LANG: "Ein Sprachkürzel aus zwei Kleinbuchstaben, z. B. de oder en (nicht DE, nicht deutsch)",
    HTTPS: "Die Adresse muss mit https:// beginnen, z. B. https://www.firma.de",
    IMAGE_FILE: f"Hier gehört ein Bild hin: eine Datei mit der Endung {_names(IMAGE_TYPES)}",
    VIDEO_FILE: f"Hier gehört ein Video hin: eine Datei mit der Endung {_names(VIDEO_TYPES)}",
}

TEXT_HINT = "Hier gehört ein Text hin – oder je Sprache ein Text, z. B. {de: Text, en: Text}."
TRANSLATION_HINT = "Jede Sprachfassung ist ein Text; Zahlen und Wörter wie yes oder no bitte in Anführungszeichen."
QR_HINT = "Entweder contact (das Kontaktformular aus kiosk.yaml) oder eine Adresse, die mit https:// beginnt"


def _text_problem(value: Any) -> str:
    """Say what is wrong with a text that did not validate, in words staff can act on."""
    if value is None or value == {}:
        return "is empty; write a text after the colon, or one text per language such as {de: ..., en: ...}"
    if isinstance(value, dict):
        for key, text in value.items():
            if not (isinstance(key, str) and re.fullmatch(LANG, key)):
                return (f"has the key '{shown(key)}', which is not a language code: use two lowercase letters "
                        "such as de or en")
            if not isinstance(text, str):
                return f"has no text for '{key}'; put the text in quotes if it looks like a number or yes/no"
    return "must be a text, or one text per language such as {de: ..., en: ...}"


def _text_only(value: Any, handler: Any) -> Any:
    """Turn pydantic's two union errors for a text into one that staff can act on."""
    try:
        return handler(value)
    except ValidationError:
        raise PydanticCustomError("text_type", _text_problem(value)) from None


def _in_one_sentence(key: str, expected: str) -> WrapValidator:
    """Return a validator that reports any fault of ``key`` as one sentence saying what is ``expected``.

    It replaces pydantic's one error per union member; the loader shows the sentence as it is,
    followed by the value it got.
    """
    def wrap(value: Any, handler: Any) -> Any:
        try:
            return handler(value)
        except ValidationError:
            if value is None:
                message = f"{key} is empty; write {expected} after the colon"
            else:
                message = f"{key} must be {expected}"
            raise PydanticCustomError("kiosk_sentence", message) from None
    return WrapValidator(wrap)


def _on_screen(slot: str) -> Callable[[dict], None]:
    """Return a schema hook that adds the on-screen length of a text slot to its description.

    Over-long texts are only a warning in ``kiosk validate``, and a JSON Schema knows no
    warnings: a ``maxLength`` would flag as a fault what the kiosk shows, so the limit is told,
    not enforced. The limits live with the loader, which warns about them.
    """
    def add(schema: dict) -> None:
        from kiosk.model.loader import TEXT_LIMITS  # the loader imports this module: import at use

        schema["description"] += (f" Auf dem Bildschirm ist Platz für etwa {TEXT_LIMITS[slot]} Zeichen je "
                                  "Sprache; bei längeren Texten warnt kiosk validate.")
    return add


def _image_seconds(schema: dict) -> None:
    """Add how long the attract loop shows an image by default to the ``duration`` description."""
    from kiosk.model.loader import DEFAULT_IMAGE_SECONDS  # the loader imports this module: import at use

    schema["description"] += (f" Ohne Angabe zeigt der Kiosk ein Bild {DEFAULT_IMAGE_SECONDS:g} Sekunden "
                              "lang und ein Video so lange, wie es dauert.")


Text = Annotated[
    Union[
        Annotated[StrictStr, Field(json_schema_extra={"errorMessage": TEXT_HINT})],
        Annotated[
            dict[Annotated[str, Field(pattern=LANG)],
                 Annotated[StrictStr, Field(description="Der Text in der Sprache mit diesem Kürzel.",
                                            json_schema_extra={"errorMessage": TRANSLATION_HINT})]],
            Field(min_length=1, json_schema_extra={"errorMessage": TEXT_HINT})],
    ],
    WrapValidator(_text_only),
    Field(description="Ein Text, den Besucher lesen: einfach hinschreiben, oder je Sprache eine Fassung, "
                      "z. B. {de: Neue Kunden gewinnen, en: Win new customers}."),
]
Slug = Annotated[StrictStr, Field(pattern=SLUG, description="Eine Kennung, z. B. neue-kunden.")]
Seconds = Annotated[StrictFloat, Field(gt=0)]  # strict floats still accept whole numbers
# The file types are the loader's media check, repeated for the editor (see the module docstring).
ImagePath = Annotated[StrictStr, Field(min_length=1, json_schema_extra={"pattern": IMAGE_FILE})]
VideoPath = Annotated[StrictStr, Field(min_length=1, json_schema_extra={"pattern": VIDEO_FILE})]
Qr = Annotated[
    Union[
        Annotated[Literal["contact"], Field(json_schema_extra={"errorMessage": QR_HINT})],
        Annotated[StrictStr, Field(pattern=HTTPS, json_schema_extra={"patternErrorMessage": QR_HINT})],
    ],
    _in_one_sentence("qr", "'contact' or an https:// address"),
]


def _about(title: str, description: str, **rules: Any) -> ConfigDict:
    """Return a model's config with its German title and description for editors.

    ``rules`` are JSON Schema keywords that mirror the model's validators, which pydantic
    cannot turn into a schema.
    """
    return ConfigDict(title=title, json_schema_extra={"description": description, **rules})


def _exactly_one(keys: tuple[str, ...], message: str, only_with: dict[str, str] | None = None) -> dict:
    """JSON Schema for "exactly one of ``keys``"; ``only_with`` maps a key to the only one it may join.

    Written with ``anyOf``, ``required`` and ``false`` properties rather than ``not``: the YAML
    extension shows the ``errorMessage`` of a failed branch, but a fixed English text for ``not``.
    """
    only_with = only_with or {}
    branches = []
    for key in keys:
        banned = [other for other in keys if other != key]
        banned += [extra for extra, owner in only_with.items() if owner != key]
        branches.append({"required": [key], "properties": dict.fromkeys(banned, False), "errorMessage": message})
    return {"anyOf": branches}


class _File(BaseModel):
    """Common settings: unknown keys are errors, values keep their YAML type.

    An optional key defaults to None, which pydantic does not validate: a key that is present
    must hold a value, so an empty ``caption:`` is an error rather than a silent nothing (and the
    JSON Schema can say "at least one" and "exactly one" by the keys alone).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)


class MediaEntry(_File):
    """One image or video: ``{image: file, caption}`` or ``{video: file, poster: file, caption}``."""

    model_config = _about(
        "Bild oder Video",
        "Ein Bild (image: und caption:) oder ein Video (video:, poster: und caption:), nie beides in "
        "einem Eintrag.",
        **_exactly_one(("image", "video"),
                       "Jeder Eintrag ist entweder ein Bild (image:) oder ein Video (video:), nie beides. "
                       "Ein Standbild (poster:) gehört nur zu einem Video.", only_with={"poster": "video"}))

    image: ImagePath = Field(None, title="Bild", description=(
        f"Bilddatei ({_names(IMAGE_TYPES)}) im Ordner dieser Geschichte oder Infoseite, z. B. abholung.jpg."))
    video: VideoPath = Field(None, title="Video", description=(
        f"Videodatei ({_names(VIDEO_TYPES)}, am besten H.264) im Ordner dieser Geschichte oder Infoseite, "
        "z. B. film.mp4. Was der Rechner am Bildschirm abspielen kann, prüft kiosk validate."))
    poster: ImagePath = Field(None, title="Standbild", description=(
        "Bild, das der Kiosk zeigt, bis das Video läuft – am besten das erste Bild des Videos, z. B. "
        "film-poster.jpg. Nur bei einem Video."))
    caption: Text = Field(None, title="Bildunterschrift", description=(
        "Ein kurzer Satz unter dem Bild oder Video, z. B. {de: Die Vorbestellung wartet., "
        "en: The pre-order is waiting.}."), json_schema_extra=_on_screen("media.caption"))

    @model_validator(mode="after")
    def _one_kind(self) -> "MediaEntry":
        if (self.image is None) == (self.video is None):
            raise ValueError("each media entry needs exactly one of 'image:' or 'video:'")
        if self.poster is not None and self.video is None:
            raise ValueError("'poster:' belongs to a video; remove it from an image entry")
        return self


class GoalEntry(_File):
    """A goal visitors filter stories by: an id and its label."""

    model_config = _about("Ziel", "Ein Ziel, nach dem Besucher die Geschichten filtern: Kennung und Name.")

    id: Slug = Field(title="Kennung des Ziels", description=(
        "Kurzname, mit dem Geschichten dieses Ziel unter goals: nennen, z. B. neue-kunden. Jede Kennung "
        "nur einmal."))
    label: Text = Field(title="Name des Ziels", description=(
        "So heißt das Ziel auf dem Filterknopf, z. B. {de: Neue Kunden gewinnen, en: Win new customers}."),
        json_schema_extra=_on_screen("goal.label"))


class IndustryEntry(_File):
    """An industry visitors filter stories by: an id and its label."""

    model_config = _about("Branche", "Eine Branche, nach der Besucher die Geschichten filtern: Kennung "
                                     "und Name.")

    id: Slug = Field(title="Kennung der Branche", description=(
        "Kurzname, mit dem Geschichten diese Branche unter company: industry: nennen, z. B. handwerk. "
        "Jede Kennung nur einmal."))
    label: Text = Field(title="Name der Branche", description=(
        "So heißt die Branche auf dem Filterknopf und in der Zeile über den Betrieb, z. B. "
        "{de: Handwerk, en: Skilled trades}."), json_schema_extra=_on_screen("industry.label"))


class AttractEntry(_File):
    """One attract-loop item: a story id, an image or a video, with a duration in seconds."""

    model_config = _about(
        "Eintrag im Ruhemodus",
        "Genau eines von story:, image: oder video:, dazu bei Bedarf duration:.",
        **_exactly_one(("story", "image", "video"),
                       "Jeder Eintrag im Ruhemodus ist genau eines: eine Geschichte (story:), ein Bild "
                       "(image:) oder ein Video (video:)."))

    story: Slug = Field(None, title="Geschichte", description=(
        "Kennung einer Geschichte, also der Name ihres Ordners unter stories/, z. B. baeckerei-vorbestellung. "
        "Der Ruhemodus zeigt ihr erstes Bild oder Video mit ihrem Titel."))
    image: ImagePath = Field(None, title="Bild", description=(
        f"Bilddatei ({_names(IMAGE_TYPES)}), vom Inhaltsordner aus gesehen, z. B. attract/strasse.jpg."))
    video: VideoPath = Field(None, title="Video", description=(
        f"Videodatei ({_names(VIDEO_TYPES)}), vom Inhaltsordner aus gesehen, z. B. attract/strasse.mp4."))
    duration: Seconds = Field(None, title="Dauer in Sekunden", description=(
        "Wie lange dieser Eintrag zu sehen ist, eine Zahl größer als 0, z. B. 8."),
        json_schema_extra=_image_seconds)

    @model_validator(mode="after")
    def _one_kind(self) -> "AttractEntry":
        if sum(x is not None for x in (self.story, self.image, self.video)) != 1:
            raise ValueError("each attract entry needs exactly one of 'story:', 'image:' or 'video:'")
        return self


class KioskFile(_File):
    """``kiosk.yaml``: the exhibition settings."""

    model_config = _about(
        "Einstellungen der Ausstellung (kiosk.yaml)",
        "Titel, Sprachen, Ziele, Branchen, Ruhemodus und Kontaktadresse der Ausstellung. Anleitung mit "
        "Beispielen: content/README.md.")

    title: Text = Field(title="Titel der Ausstellung", description=(
        "Der Name der Ausstellung oben auf dem Bildschirm, z. B. {de: Digitale Werkbank Dortmund, "
        "en: Digital Workbench Dortmund}."), json_schema_extra=_on_screen("kiosk.title"))
    languages: Annotated[list[Annotated[StrictStr, Field(pattern=LANG)]], Field(min_length=1)] = Field(
        title="Sprachen", description=(
            "Die Sprachen, zwischen denen Besucher wählen, als Kürzel aus zwei Kleinbuchstaben, z. B. "
            "[de, en], jede nur einmal. Die erste ist die Hauptsprache: Fehlt eine Übersetzung, zeigt der "
            "Kiosk den Text in dieser Sprache."),
        # Each language once: the loader's own check, repeated for the editor.
        json_schema_extra={"uniqueItems": True,
                           "errorMessage": "Eine Liste von Sprachkürzeln, jede nur einmal, z. B. [de, en]"})
    idle_timeout: Seconds = Field(title="Ruhezeit in Sekunden", description=(
        "Nach so vielen Sekunden ohne Berührung beginnt der Ruhemodus, und der Kiosk vergisst, was der "
        "letzte Besucher angesehen hat. Eine Zahl größer als 0, z. B. 90."))
    contact_url: StrictStr = Field(
        title="Kontaktadresse", description=(
            "Die Adresse des Kontaktformulars, aus der der Kiosk die QR-Codes macht; sie beginnt mit "
            "https://. Diese Platzhalter füllt der Kiosk selbst: "
            + ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
            + "; z. B. https://werkbank.example/kontakt?story={story}&lang={lang}."),
        # https: the loader's own check (beside the placeholders), repeated for the editor.
        json_schema_extra={"pattern": HTTPS})
    goals: Annotated[list[GoalEntry], Field(min_length=1)] = Field(title="Ziele", description=(
        "Die Ziele, nach denen Besucher die Geschichten filtern, mindestens eines. Jedes hat eine Kennung "
        "(id:) und einen Namen (label:); Geschichten nennen die Kennung unter goals:."))
    industries: Annotated[list[IndustryEntry], Field(min_length=1)] = Field(title="Branchen", description=(
        "Die Branchen, nach denen Besucher die Geschichten filtern, mindestens eine. Jede hat eine "
        "Kennung (id:) und einen Namen (label:); Geschichten nennen die Kennung unter company: industry:."))
    attract: list[AttractEntry] | None = Field(None, title="Ruhemodus", description=(
        "Was der Bildschirm zeigt, solange niemand ihn berührt: Bilder, Videos und Geschichten in dieser "
        "Reihenfolge. Ohne diesen Eintrag zeigt der Kiosk von jeder Geschichte das erste Bild oder Video."))


class CompanyEntry(_File):
    """The firm a story is about."""

    model_config = _about("Betrieb", "Der Betrieb, um den es in der Geschichte geht: Name, Branche, Zahl "
                                     "der Beschäftigten und Ort.")

    name: Text = Field(title="Name des Betriebs", description=(
        "Z. B. Bäckerei Sonnenkorn. Firmennamen werden nicht übersetzt: einfach hinschreiben."),
        json_schema_extra=_on_screen("story.company.name"))
    industry: Slug = Field(title="Branche", description=(
        "Die Kennung einer Branche aus industries: in kiosk.yaml, z. B. handwerk."))
    employees: Annotated[StrictInt, Field(ge=1)] = Field(title="Beschäftigte", description=(
        "Die Zahl der Beschäftigten als ganze Zahl, mindestens 1, z. B. 18."))
    place: Text = Field(title="Ort", description="Ort oder Stadtteil, z. B. Dortmund-Aplerbeck.",
                        json_schema_extra=_on_screen("story.company.place"))


class CostEntry(_File):
    """What the solution cost; each entry optional, at least one present."""

    model_config = _about(
        "Was es gekostet hat",
        "Mindestens einer der Einträge one_off: (einmalig), running: (laufend) oder effort: (Aufwand), "
        "jeweils mit konkreten Zahlen.",
        anyOf=[{"required": [key], "errorMessage": "Bitte mindestens eines eintragen: one_off: (einmalig), "
                                                    "running: (laufend) oder effort: (Aufwand)."}
               for key in ("one_off", "running", "effort")])

    one_off: Text = Field(None, title="Einmalige Kosten", description=(
        "Was die Einführung einmal gekostet hat, z. B. {de: rund 1.800 € für die Bestellseite, "
        "en: about €1,800 for the order page}."), json_schema_extra=_on_screen("story.cost"))
    running: Text = Field(None, title="Laufende Kosten", description=(
        "Was die Lösung laufend kostet, z. B. {de: 45 € im Monat, en: €45 a month}."),
        json_schema_extra=_on_screen("story.cost"))
    effort: Text = Field(None, title="Aufwand", description=(
        "Zeit und Mühe im Betrieb, z. B. {de: ein Tag Einweisung, en: one day of instruction}."),
        json_schema_extra=_on_screen("story.cost"))

    @model_validator(mode="after")
    def _at_least_one(self) -> "CostEntry":
        if self.one_off is None and self.running is None and self.effort is None:
            raise ValueError("'cost' needs at least one of 'one_off:', 'running:' or 'effort:'")
        return self


class StoryFile(_File):
    """``stories/<id>/story.yaml``: one story of a regional firm."""

    model_config = _about(
        "Geschichte (story.yaml)",
        "Die Geschichte eines Betriebs: Ausgangslage, Lösung, Kosten und Ergebnis. Ihre Kennung ist der "
        "Name ihres Ordners unter stories/. Anleitung mit Beispiel: content/README.md.")

    title: Text = Field(title="Titel", description=(
        "Die Überschrift der Geschichte, kurz und konkret, z. B. {de: Brötchen vorbestellen, frisch abholen, "
        "en: Pre-order your rolls, collect them fresh}."), json_schema_extra=_on_screen("story.title"))
    teaser: Text = Field(title="Kurzbeschreibung", description=(
        "Worum es geht, in ein bis zwei Sätzen."), json_schema_extra=_on_screen("story.teaser"))
    company: CompanyEntry = Field(title="Betrieb", description=(
        "Der Betrieb, um den es geht: name:, industry:, employees: und place:."))
    goals: Annotated[list[Slug], Field(min_length=1)] = Field(title="Ziele", description=(
        "Ein oder mehrere Ziele, als Kennungen aus goals: in kiosk.yaml, z. B. [kunden-binden, ablaeufe]. "
        "Über diese Filter finden Besucher die Geschichte."))
    challenge: Text = Field(title="Die Ausgangslage", description=(
        "Was das Problem war, mit konkreten Zahlen: Euro, Stunden, Prozent."),
        json_schema_extra=_on_screen("story.challenge"))
    solution: Text = Field(title="Die Lösung", description=(
        "Was der Betrieb eingeführt hat und wie es im Alltag läuft."),
        json_schema_extra=_on_screen("story.solution"))
    cost: CostEntry = Field(title="Was es gekostet hat", description=(
        "Mindestens einer der Einträge one_off: (einmalig), running: (laufend) oder effort: (Aufwand)."))
    benefit: Text = Field(title="Was es gebracht hat", description=(
        "Das Ergebnis, mit konkreten Zahlen: Euro, Stunden, Prozent."),
        json_schema_extra=_on_screen("story.benefit"))
    providers: list[Slug] = Field(default_factory=list, title="Anbieter", description=(
        "Die Anbieter, die mitgewirkt haben, als Kennungen (Ordnernamen unter providers/), z. B. "
        "[kassenwerk-systeme]. Darf fehlen."))
    cover: ImagePath = Field(title="Titelbild", description=(
        f"Bilddatei ({_names(IMAGE_TYPES)}) im Ordner dieser Geschichte, z. B. cover.jpg; am besten quer "
        "im Format 16:9."))
    media: list[MediaEntry] = Field(default_factory=list, title="Bilder und Videos", description=(
        "Weitere Bilder und Videos, in dieser Reihenfolge. Jeder Eintrag ist ein Bild (image:) oder ein "
        "Video (video:), jeweils mit Bildunterschrift (caption:). Darf fehlen."))


class ProviderFile(_File):
    """``providers/<id>/provider.yaml``: one solution provider on the wall."""

    model_config = _about(
        "Anbieter (provider.yaml)",
        "Ein Anbieter auf der Anbieterwand; alle erscheinen gleich groß, ohne Rangfolge. Seine Kennung ist "
        "der Name seines Ordners unter providers/. Anleitung mit Beispiel: content/README.md.")

    name: Text = Field(title="Name", description="Der Name des Anbieters, z. B. Kassenwerk Systeme.",
                       json_schema_extra=_on_screen("provider.name"))
    logo: ImagePath = Field(title="Logo", description=(
        f"Bilddatei ({_names(IMAGE_TYPES)}) im Ordner dieses Anbieters, am besten quadratisch, z. B. "
        "logo.png."))
    tagline: Text = Field(title="Kurzzeile", description=(
        "Was der Anbieter macht, in einer Zeile, sachlich und ohne Werbesprüche."),
        json_schema_extra=_on_screen("provider.tagline"))
    description: Text = Field(title="Beschreibung", description=(
        "Ein kurzer Absatz über den Anbieter und die Betriebe, für die er arbeitet."),
        json_schema_extra=_on_screen("provider.description"))
    services: Annotated[list[Text], Field(min_length=1)] = Field(title="Leistungen", description=(
        "Mindestens eine, am besten zwei bis fünf Leistungen, je eine Zeile mit „- “ davor, z. B. "
        "- {de: Online-Vorbestellung, en: Online pre-ordering}."),
        json_schema_extra=_on_screen("provider.services"))
    place: Text = Field(title="Ort", description="Ort oder Stadtteil, z. B. Dortmund-Körne.",
                        json_schema_extra=_on_screen("provider.place"))
    website: Annotated[StrictStr, Field(pattern=HTTPS),
                       _in_one_sentence("website", "an address that starts with https://, e.g. https://www.firma.de")
                       ] = Field(title="Internetadresse", description=(
        "Die Website des Anbieters, mit https:// am Anfang, z. B. https://www.firma.de."))


class PageFile(_File):
    """``pages/<id>/page.yaml``: one info page."""

    model_config = _about(
        "Infoseite (page.yaml)",
        "Eine Infoseite mit Text, Bildern und auf Wunsch einem QR-Code. Ihre Kennung ist der Name ihres "
        "Ordners unter pages/. Anleitung mit Beispiel: content/README.md.")

    title: Text = Field(title="Titel", description="Die Überschrift der Infoseite, z. B. {de: Anbieter hier "
                        "treffen, en: Meet a provider here}.", json_schema_extra=_on_screen("page.title"))
    body: Text = Field(title="Text", description=(
        "Der Text der Seite. Für mehrere Absätze |- hinter den Doppelpunkt schreiben und die Absätze durch "
        "eine Leerzeile trennen."), json_schema_extra=_on_screen("page.body"))
    media: list[MediaEntry] = Field(default_factory=list, title="Bilder und Videos", description=(
        "Freiwillig: Bilder und Videos wie bei den Geschichten, jeweils mit Bildunterschrift (caption:)."))
    qr: Qr = Field(None, title="QR-Code", description=(
        "Freiwillig: contact für das Kontaktformular aus kiosk.yaml (contact_url), oder eine eigene "
        "Adresse, die mit https:// beginnt."))
    qr_caption: Text = Field(None, title="Text zum QR-Code", description=(
        "Der Satz neben dem QR-Code: was nach dem Scannen passiert, z. B. {de: Mit dem Handy scannen: "
        "Termin anfragen, en: Scan with your phone: request a meeting}."),
        json_schema_extra=_on_screen("page.qr_caption"))


#: The file kinds, by schema name.
FILE_KINDS: dict[str, type[_File]] = {
    "kiosk": KioskFile,
    "story": StoryFile,
    "provider": ProviderFile,
    "page": PageFile,
}


# The keywords that constrain only values of one JSON type (JSON Schema 2020-12, validation
# vocabulary), by type: the types a text may take.
_ONLY_FOR = {
    "string": frozenset({"minLength", "maxLength", "pattern"}),
    "object": frozenset({"properties", "additionalProperties", "propertyNames", "minProperties",
                         "maxProperties", "required"}),
}


class _EditorSchema(GenerateJsonSchema):
    """pydantic's JSON Schema, written for the YAML extension of VS Code."""

    def dict_schema(self, schema: Any) -> dict:
        """A map with constrained keys: every key must match (pydantic's ``patternProperties``
        would let other keys through, so ``EN:`` and ``englisch:`` passed)."""
        json_schema = super().dict_schema(schema)
        patterns = json_schema.pop("patternProperties", None)
        if patterns:
            (pattern, values), = patterns.items()
            json_schema["propertyNames"] = {"pattern": pattern}
            json_schema["additionalProperties"] = values
        return json_schema

    def union_schema(self, schema: Any) -> dict:
        """Write a union of a string and a map (a text) as one node of ``type: [string, object]``.

        It means the same, since each member's keywords apply to its own type only. The YAML
        extension shows such a node's ``errorMessage`` for a value of neither type, but replaces
        the messages of ``anyOf`` members that all fail on the type with one English sentence.
        """
        json_schema = super().union_schema(schema)
        members = json_schema.get("anyOf", [])
        kinds = [member.get("type") for member in members]
        if sorted(map(str, kinds)) != sorted(_ONLY_FOR):
            return json_schema
        merged: dict = {"type": kinds}
        for member in members:
            for key, value in member.items():
                if key == "type":
                    continue
                if key in _ONLY_FOR[member["type"]]:
                    merged[key] = value
                elif all(other.get(key) == value for other in members):
                    merged[key] = value  # e.g. one errorMessage for both
                else:
                    return json_schema
        return merged

    def default_schema(self, schema: Any) -> dict:
        """Leave out a None default: it means "absent", and the editor would insert ``null``."""
        json_schema = super().default_schema(schema)
        if "default" in json_schema and json_schema["default"] is None:
            del json_schema["default"]
        return json_schema


def _explain_patterns(node: Any) -> None:
    """Give every ``pattern`` in a schema a ``patternErrorMessage``, unless it brings its own
    (KeyError: add the pattern's message to :data:`PATTERN_MESSAGES`)."""
    if isinstance(node, dict):
        if isinstance(node.get("pattern"), str):
            node.setdefault("patternErrorMessage", PATTERN_MESSAGES[node["pattern"]])
        for value in node.values():
            _explain_patterns(value)
    elif isinstance(node, list):
        for value in node:
            _explain_patterns(value)


def json_schema(kind: str) -> dict:
    """Return the JSON Schema of one file kind (``kiosk``, ``story``, ``provider``, ``page``)."""
    schema = FILE_KINDS[kind].model_json_schema(schema_generator=_EditorSchema)
    _explain_patterns(schema)
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
