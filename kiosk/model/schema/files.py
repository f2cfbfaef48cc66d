"""The content files as pydantic models: one model per file kind, by key.

Each key carries its German title and description for the editor beside its type; the types
and messages the files share are in :mod:`kiosk.model.schema.fields`.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt, StrictStr, model_validator

from kiosk.i18n import N_, _
from kiosk.model.media import IMAGE_TYPES, VIDEO_TYPES
from kiosk.model.schema.fields import (HTTPS, LANG, Focus, ImagePath, Qr, Seconds, Slug, Text, VideoPath,
                                       WebAddress, about, exactly_one, image_seconds, in_one_sentence, on_screen,
                                       type_names)
from kiosk.model.types import PLACEHOLDERS


class _File(BaseModel):
    """Common settings: unknown keys are errors, values keep their YAML type.

    An optional key defaults to None, which pydantic does not validate: a key that is present
    must hold a value, so an empty ``caption:`` is an error rather than a silent nothing (and the
    JSON Schema can say "at least one" and "exactly one" by the keys alone).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)


class MediaEntry(_File):
    """One image or video: ``{image: file, caption}`` or ``{video: file, poster: file, caption}``."""

    model_config = about(
        "Bild oder Video",
        "Ein Bild (image: und caption:) oder ein Video (video:, poster: und caption:), nie beides in "
        "einem Eintrag.",
        **exactly_one(("image", "video"),
                       "Jeder Eintrag ist entweder ein Bild (image:) oder ein Video (video:), nie beides. "
                       "Ein Standbild (poster:) gehört nur zu einem Video, ein Bildmittelpunkt (focus:) nur zu "
                       "einem Bild.", only_with={"poster": "video", "focus": "image"}))

    image: ImagePath = Field(None, title="Bild", description=(
        f"Bilddatei ({type_names(IMAGE_TYPES)}) im Ordner dieser Geschichte oder Infoseite, z. B. abholung.jpg."))
    video: VideoPath = Field(None, title="Video", description=(
        f"Videodatei ({type_names(VIDEO_TYPES)}, am besten H.264) im Ordner dieser Geschichte oder Infoseite, "
        "z. B. film.mp4. Was der Rechner am Bildschirm abspielen kann, prüft kiosk validate."))
    poster: ImagePath = Field(None, title="Standbild", description=(
        "Bild, das der Kiosk zeigt, bis das Video läuft – am besten das erste Bild des Videos, z. B. "
        "film-poster.jpg. Nur bei einem Video."))
    caption: Text = Field(None, title="Bildunterschrift", description=(
        "Ein kurzer Satz unter dem Bild oder Video, z. B. {de: Die Vorbestellung wartet., "
        "en: The pre-order is waiting.}."), json_schema_extra=on_screen("media.caption"))
    focus: Focus = None

    @model_validator(mode="after")
    def _one_kind(self) -> "MediaEntry":
        if (self.image is None) == (self.video is None):
            raise ValueError(_("each media entry needs exactly one of 'image:' or 'video:'"))
        if self.poster is not None and self.video is None:
            raise ValueError(_("'poster:' belongs to a video; remove it from an image entry"))
        if self.focus is not None and self.image is None:
            raise ValueError(_("'focus:' belongs to an image; a video is never cropped, remove it"))
        return self


class FigureEntry(_File):
    """A key figure: a number, its unit and a label, such as ``1800``, ``€`` and ``einmalig``."""

    model_config = about("Kennzahl", "Eine Zahl mit Einheit und Beschriftung, groß unter dem Titel, z. B. "
                                     "value: 1800, unit: €, label: {de: einmalig, en: one-off}.")

    value: Annotated[StrictFloat, Field(ge=-999_999_999, le=999_999_999, allow_inf_nan=False),
                     in_one_sentence("value", N_("a number such as 1800, 2.5 or -12, with at most nine digits"))
                     ] = Field(title="Zahl", description=(
        "Die Zahl selbst, ohne Tausenderpunkt, mit Dezimalpunkt, z. B. 1800, 2.5 oder -12. Der Kiosk "
        "schreibt sie je Sprache: 1.800 und 2,5 auf Deutsch, 1,800 und 2.5 auf Englisch."))
    unit: Text = Field(None, title="Einheit", description=(
        "Freiwillig: € oder % (der Kiosk setzt sie je Sprache richtig), oder ein Wort je Sprache, z. B. "
        "{de: Prozentpunkte, en: percentage points} oder {de: Stunden, en: hours}."),
        json_schema_extra=on_screen("story.figure.unit"))
    label: Text = Field(title="Beschriftung", description=(
        "Was die Zahl bedeutet, in wenigen Wörtern, z. B. {de: im Monat, en: a month}."),
        json_schema_extra=on_screen("story.figure.label"))


class GoalEntry(_File):
    """A goal visitors filter stories by: an id and its label."""

    model_config = about("Ziel", "Ein Ziel, nach dem Besucher die Geschichten filtern: Kennung und Name.")

    id: Slug = Field(title="Kennung des Ziels", description=(
        "Kurzname, mit dem Geschichten dieses Ziel unter goals: nennen, z. B. neue-kunden. Jede Kennung "
        "nur einmal."))
    label: Text = Field(title="Name des Ziels", description=(
        "So heißt das Ziel auf dem Filterknopf, z. B. {de: Neue Kunden gewinnen, en: Win new customers}."),
        json_schema_extra=on_screen("goal.label"))


class IndustryEntry(_File):
    """An industry visitors filter stories by: an id and its label."""

    model_config = about("Branche", "Eine Branche, nach der Besucher die Geschichten filtern: Kennung "
                                     "und Name.")

    id: Slug = Field(title="Kennung der Branche", description=(
        "Kurzname, mit dem Geschichten diese Branche unter company: industry: nennen, z. B. handwerk. "
        "Jede Kennung nur einmal."))
    label: Text = Field(title="Name der Branche", description=(
        "So heißt die Branche auf dem Filterknopf und in der Zeile über den Betrieb, z. B. "
        "{de: Handwerk, en: Skilled trades}."), json_schema_extra=on_screen("industry.label"))


class AttractEntry(_File):
    """One attract-loop item: a story id, an image or a video, with a duration in seconds."""

    model_config = about(
        "Eintrag im Ruhemodus",
        "Genau eines von story:, image: oder video:, dazu bei Bedarf duration:.",
        **exactly_one(("story", "image", "video"),
                       "Jeder Eintrag im Ruhemodus ist genau eines: eine Geschichte (story:), ein Bild "
                       "(image:) oder ein Video (video:)."))

    story: Slug = Field(None, title="Geschichte", description=(
        "Kennung einer Geschichte, also der Name ihres Ordners unter stories/, z. B. baeckerei-vorbestellung. "
        "Der Ruhemodus zeigt ihr erstes Bild oder Video mit ihrem Titel."))
    image: ImagePath = Field(None, title="Bild", description=(
        f"Bilddatei ({type_names(IMAGE_TYPES)}), vom Inhaltsordner aus gesehen, z. B. attract/strasse.jpg."))
    video: VideoPath = Field(None, title="Video", description=(
        f"Videodatei ({type_names(VIDEO_TYPES)}), vom Inhaltsordner aus gesehen, z. B. attract/strasse.mp4."))
    duration: Seconds = Field(None, title="Dauer in Sekunden", description=(
        "Wie lange dieser Eintrag zu sehen ist, eine Zahl größer als 0, z. B. 8."),
        json_schema_extra=image_seconds)

    @model_validator(mode="after")
    def _one_kind(self) -> "AttractEntry":
        if sum(x is not None for x in (self.story, self.image, self.video)) != 1:
            raise ValueError(_("each attract entry needs exactly one of 'story:', 'image:' or 'video:'"))
        return self


class KioskFile(_File):
    """``kiosk.yaml``: the exhibition settings."""

    model_config = about(
        "Einstellungen der Ausstellung (kiosk.yaml)",
        "Titel, Sprachen, Ziele, Branchen, Ruhemodus und Kontaktadresse der Ausstellung. Anleitung mit "
        "Beispielen: content/README.md.")

    title: Text = Field(title="Titel der Ausstellung", description=(
        "Der Name der Ausstellung oben auf dem Bildschirm, z. B. {de: Digitale Werkbank Dortmund, "
        "en: Digital Workbench Dortmund}."), json_schema_extra=on_screen("kiosk.title"))
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

    model_config = about("Betrieb", "Der Betrieb, um den es in der Geschichte geht: Name, Branche, Zahl "
                                     "der Beschäftigten und Ort.")

    name: Text = Field(title="Name des Betriebs", description=(
        "Z. B. Bäckerei Sonnenkorn. Firmennamen werden nicht übersetzt: einfach hinschreiben."),
        json_schema_extra=on_screen("story.company.name"))
    industry: Slug = Field(title="Branche", description=(
        "Die Kennung einer Branche aus industries: in kiosk.yaml, z. B. handwerk."))
    employees: Annotated[StrictInt, Field(ge=1)] = Field(title="Beschäftigte", description=(
        "Die Zahl der Beschäftigten als ganze Zahl, mindestens 1, z. B. 18."))
    place: Text = Field(title="Ort", description="Ort oder Stadtteil, z. B. Dortmund-Aplerbeck.",
                        json_schema_extra=on_screen("story.company.place"))


class CostEntry(_File):
    """What the solution cost; each entry optional, at least one present."""

    model_config = about(
        "Was es gekostet hat",
        "Mindestens einer der Einträge one_off: (einmalig), running: (laufend) oder effort: (Aufwand), "
        "jeweils mit konkreten Zahlen.",
        anyOf=[{"required": [key], "errorMessage": "Bitte mindestens eines eintragen: one_off: (einmalig), "
                                                    "running: (laufend) oder effort: (Aufwand)."}
               for key in ("one_off", "running", "effort")])

    one_off: Text = Field(None, title="Einmalige Kosten", description=(
        "Was die Einführung einmal gekostet hat, z. B. {de: rund 1.800 € für die Bestellseite, "
        "en: about €1,800 for the order page}."), json_schema_extra=on_screen("story.cost"))
    running: Text = Field(None, title="Laufende Kosten", description=(
        "Was die Lösung laufend kostet, z. B. {de: 45 € im Monat, en: €45 a month}."),
        json_schema_extra=on_screen("story.cost"))
    effort: Text = Field(None, title="Aufwand", description=(
        "Zeit und Mühe im Betrieb, z. B. {de: ein Tag Einweisung, en: one day of instruction}."),
        json_schema_extra=on_screen("story.cost"))

    @model_validator(mode="after")
    def _at_least_one(self) -> "CostEntry":
        if self.one_off is None and self.running is None and self.effort is None:
            raise ValueError(_("'cost' needs at least one of 'one_off:', 'running:' or 'effort:'"))
        return self


class StoryFile(_File):
    """``stories/<id>/story.yaml``: one story of a regional firm."""

    model_config = about(
        "Geschichte (story.yaml)",
        "Die Geschichte eines Betriebs: Ausgangslage, Lösung, Kosten und Ergebnis. Ihre Kennung ist der "
        "Name ihres Ordners unter stories/. Anleitung mit Beispiel: content/README.md.")

    title: Text = Field(title="Titel", description=(
        "Die Überschrift der Geschichte, kurz und konkret, z. B. {de: Brötchen vorbestellen, frisch abholen, "
        "en: Pre-order your rolls, collect them fresh}."), json_schema_extra=on_screen("story.title"))
    teaser: Text = Field(title="Kurzbeschreibung", description=(
        "Worum es geht, in ein bis zwei Sätzen."), json_schema_extra=on_screen("story.teaser"))
    company: CompanyEntry = Field(title="Betrieb", description=(
        "Der Betrieb, um den es geht: name:, industry:, employees: und place:."))
    goals: Annotated[list[Slug], Field(min_length=1)] = Field(title="Ziele", description=(
        "Ein oder mehrere Ziele, als Kennungen aus goals: in kiosk.yaml, z. B. [kunden-binden, ablaeufe]. "
        "Über diese Filter finden Besucher die Geschichte."))
    challenge: Text = Field(title="Die Ausgangslage", description=(
        "Was das Problem war, mit konkreten Zahlen: Euro, Stunden, Prozent."),
        json_schema_extra=on_screen("story.challenge"))
    solution: Text = Field(title="Die Lösung", description=(
        "Was der Betrieb eingeführt hat und wie es im Alltag läuft."),
        json_schema_extra=on_screen("story.solution"))
    cost: CostEntry = Field(title="Was es gekostet hat", description=(
        "Mindestens einer der Einträge one_off: (einmalig), running: (laufend) oder effort: (Aufwand)."))
    benefit: Text = Field(title="Was es gebracht hat", description=(
        "Das Ergebnis, mit konkreten Zahlen: Euro, Stunden, Prozent."),
        json_schema_extra=on_screen("story.benefit"))
    providers: list[Slug] = Field(default_factory=list, title="Anbieter", description=(
        "Die Anbieter, die mitgewirkt haben, als Kennungen (Ordnernamen unter providers/), z. B. "
        "[kassenwerk-systeme]. Darf fehlen."))
    cover: ImagePath = Field(title="Titelbild", description=(
        f"Bilddatei ({type_names(IMAGE_TYPES)}) im Ordner dieser Geschichte, z. B. cover.jpg; am besten quer "
        "im Format 16:9."))
    cover_focus: Focus = None
    figures: Annotated[list[FigureEntry], Field(min_length=2, max_length=4)] = Field(
        None, title="Kennzahlen", description=(
            "Freiwillig: zwei bis vier Zahlen, die der Kiosk groß unter dem Titel zeigt, je mit value:, "
            "unit: und label:, z. B. - {value: 45, unit: €, label: {de: im Monat, en: a month}}."))
    media: list[MediaEntry] = Field(default_factory=list, title="Bilder und Videos", description=(
        "Weitere Bilder und Videos, in dieser Reihenfolge. Jeder Eintrag ist ein Bild (image:) oder ein "
        "Video (video:), jeweils mit Bildunterschrift (caption:). Darf fehlen."))


class ProviderFile(_File):
    """``providers/<id>/provider.yaml``: one solution provider on the wall."""

    model_config = about(
        "Anbieter (provider.yaml)",
        "Ein Anbieter auf der Anbieterwand; alle erscheinen gleich groß, ohne Rangfolge. Seine Kennung ist "
        "der Name seines Ordners unter providers/. Anleitung mit Beispiel: content/README.md.")

    name: Text = Field(title="Name", description="Der Name des Anbieters, z. B. Kassenwerk Systeme.",
                       json_schema_extra=on_screen("provider.name"))
    logo: ImagePath = Field(title="Logo", description=(
        f"Bilddatei ({type_names(IMAGE_TYPES)}) im Ordner dieses Anbieters, am besten quadratisch, z. B. "
        "logo.png."))
    tagline: Text = Field(title="Kurzzeile", description=(
        "Was der Anbieter macht, in einer Zeile, sachlich und ohne Werbesprüche."),
        json_schema_extra=on_screen("provider.tagline"))
    description: Text = Field(title="Beschreibung", description=(
        "Ein kurzer Absatz über den Anbieter und die Betriebe, für die er arbeitet."),
        json_schema_extra=on_screen("provider.description"))
    services: Annotated[list[Text], Field(min_length=1)] = Field(title="Leistungen", description=(
        "Mindestens eine, am besten zwei bis fünf Leistungen, je eine Zeile mit „- “ davor, z. B. "
        "- {de: Online-Vorbestellung, en: Online pre-ordering}."),
        json_schema_extra=on_screen("provider.services"))
    place: Text = Field(title="Ort", description="Ort oder Stadtteil, z. B. Dortmund-Körne.",
                        json_schema_extra=on_screen("provider.place"))
    website: Annotated[WebAddress, in_one_sentence(
        "website", N_("an address that starts with https://, e.g. https://www.firma.de"))] = Field(title="Internetadresse", description=(
        "Die Website des Anbieters, mit https:// am Anfang, z. B. https://www.firma.de."))


class PageFile(_File):
    """``pages/<id>/page.yaml``: one info page."""

    model_config = about(
        "Infoseite (page.yaml)",
        "Eine Infoseite mit Text, Bildern und auf Wunsch einem QR-Code. Ihre Kennung ist der Name ihres "
        "Ordners unter pages/. Anleitung mit Beispiel: content/README.md.")

    title: Text = Field(title="Titel", description="Die Überschrift der Infoseite, z. B. {de: Anbieter hier "
                        "treffen, en: Meet a provider here}.", json_schema_extra=on_screen("page.title"))
    body: Text = Field(title="Text", description=(
        "Der Text der Seite. Für mehrere Absätze |- hinter den Doppelpunkt schreiben und die Absätze durch "
        "eine Leerzeile trennen."), json_schema_extra=on_screen("page.body"))
    media: list[MediaEntry] = Field(default_factory=list, title="Bilder und Videos", description=(
        "Freiwillig: Bilder und Videos wie bei den Geschichten, jeweils mit Bildunterschrift (caption:)."))
    qr: Qr = Field(None, title="QR-Code", description=(
        "Freiwillig: contact für das Kontaktformular aus kiosk.yaml (contact_url), oder eine eigene "
        "Adresse, die mit https:// beginnt."))
    qr_caption: Text = Field(None, title="Text zum QR-Code", description=(
        "Der Satz neben dem QR-Code: was nach dem Scannen passiert, z. B. {de: Mit dem Handy scannen: "
        "Termin anfragen, en: Scan with your phone: request a meeting}."),
        json_schema_extra=on_screen("page.qr_caption"))


#: The file kinds, by schema name.
FILE_KINDS: dict[str, type[_File]] = {
    "kiosk": KioskFile,
    "story": StoryFile,
    "provider": ProviderFile,
    "page": PageFile,
}
