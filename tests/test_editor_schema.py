"""The editor's JSON Schema and `kiosk validate` agree, and the schema speaks to staff in German.

The schema files are read as the YAML extension of VS Code reads them: the bundled files in
content/schema, checked by a real JSON Schema validator of the draft they declare. Each faulty
file must fail both there and in `kiosk validate`; files the kiosk accepts must pass both; and
what only `kiosk validate` can see (other files, media, the screen) passes the schema, as
content/README.md tells staff.
"""

from __future__ import annotations

import json
import re
import shutil
import typing
from pathlib import Path, PurePosixPath

import jsonschema
import pytest
import yaml
from pydantic import BaseModel

from contentkit import edit
from kiosk.cli import main
from kiosk.model.loader import TEXT_LIMITS
from kiosk.model.schema import FILE_KINDS

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "content"
SCHEMAS = SAMPLE / "schema"
KIND_OF = {"kiosk.yaml": "kiosk", "story.yaml": "story", "provider.yaml": "provider", "page.yaml": "page"}

STORY = "stories/baeckerei-lange/story.yaml"
PROVIDER = "providers/nordwerk/provider.yaml"
PAGE = "pages/foerderprogramm/page.yaml"
MORE_GOALS = "    label: {de: Handel, en: Retail}\n"  # the last line of the test folder's kiosk.yaml


def bundled(kind: str) -> dict:
    """The schema file of one kind, as the editor loads it."""
    return json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))


def editor_errors(path: Path) -> list[jsonschema.ValidationError]:
    """Return what the schema of ``path``'s kind finds wrong with it (empty: the editor is content)."""
    schema = bundled(KIND_OF[path.name])
    validator_class = jsonschema.validators.validator_for(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    return list(validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))


def _holder(error: jsonschema.ValidationError) -> dict:
    """The schema object whose message the YAML extension shows for ``error``.

    A forbidden key (``video: false`` in an ``anyOf`` branch) is reported with the message of
    the branch that forbids it.
    """
    if isinstance(error.schema, dict) or error.parent is None:
        return error.schema if isinstance(error.schema, dict) else {}
    node = error.parent.schema[error.parent.validator]
    for step in list(error.relative_schema_path)[:-1]:
        node = node[step]
    return node


# The keywords for which the YAML extension shows a schema's errorMessage (None: a `false`
# schema, a forbidden key); for the others (minItems, minimum, uniqueItems, ...) it has its own.
USES_ERROR_MESSAGE = {"type", "required", "const", "enum", "additionalProperties", None}


def editor_messages(errors: list[jsonschema.ValidationError]) -> str:
    """The staff messages that the schema gives for these errors, at any depth of ``anyOf``."""
    found = []
    for error in errors:
        holder = _holder(error)
        if error.validator == "pattern":
            found.append(holder.get("patternErrorMessage") or holder.get("errorMessage", ""))
        elif error.validator in USES_ERROR_MESSAGE:
            found.append(holder.get("errorMessage", ""))
        found.append(editor_messages(list(error.context or ())))
    return " ".join(m for m in found if m)


def kiosk_validate(folder: Path, capsys: pytest.CaptureFixture) -> tuple[int, list[str]]:
    """Run `kiosk validate` on ``folder``; return its exit code and its problem lines."""
    code = main(["validate", "--no-probe", str(folder)])
    lines = capsys.readouterr().out.splitlines()
    return code, [line for line in lines if ": error: " in line or ": warning: " in line]


def test_the_sample_passes_the_editor_and_validate(capsys: pytest.CaptureFixture) -> None:
    files = sorted(p for p in SAMPLE.rglob("*.yaml") if p.name in KIND_OF)
    assert len(files) >= 4
    for path in files:
        assert editor_errors(path) == [], path
    assert kiosk_validate(SAMPLE, capsys)[0] == 0


# (case, file, old text, new text, what `kiosk validate` says, what the editor says, or None
# where the YAML extension has a message of its own: for an unknown key, a number out of range,
# an empty map, too few or repeated list items)
FAULTS = [
    ("website over http", PROVIDER, "website: https://", "website: http://",
     "website must be an address that starts with https://", "https://"),
    ("website without https", PROVIDER, "website: https://nordwerk.example", "website: nordwerk.example",
     "website must be an address that starts with https://", "https://"),
    ("contact_url over http", "kiosk.yaml", 'contact_url: "https://', 'contact_url: "http://',
     "contact_url must start with https://", "https://"),
    ("image and video in one entry", STORY, "  - image: theke.jpg\n", "  - image: theke.jpg\n    video: film.mp4\n",
     "exactly one of 'image:' or 'video:'", "nie beides"),
    ("poster of an image", STORY, "  - image: theke.jpg\n", "  - image: theke.jpg\n    poster: cover.jpg\n",
     "'poster:' belongs to a video", "Standbild (poster:) gehört nur zu einem Video"),
    ("focus of a video", STORY, "  - video: film.mp4\n", "  - video: film.mp4\n    focus: [0.5, 0.5]\n",
     "'focus:' belongs to an image", "Bildmittelpunkt (focus:) nur zu einem Bild"),
    ("neither image nor video", STORY, "  - image: theke.jpg\n    caption:", "  - caption:",
     "exactly one of 'image:' or 'video:'", "nie beides"),
    ("an image under video", STORY, "  - video: film.mp4", "  - video: theke.jpg",
     "'theke.jpg' is an image; list it under 'image:'", "Hier gehört ein Video hin"),
    ("a video as cover", STORY, "cover: cover.jpg", "cover: film.mp4",
     "'film.mp4' is a video", "Hier gehört ein Bild hin"),
    ("EN as a language", STORY, "online an., en: The bakery", "online an., EN: The bakery",
     "has the key 'EN', which is not a language code", "Sprachkürzel"),
    ("englisch as a language", STORY, "title: {de: Brötchen vorbestellen, en:",
     "title: {de: Brötchen vorbestellen, englisch:",
     "has the key 'englisch', which is not a language code", "Sprachkürzel"),
    ("an empty text", PAGE, "title: {de: Förderprogramm, en: Funding programme}", "title: {}",
     "'title' is empty", None),
    ("no text", PAGE, "title: {de: Förderprogramm, en: Funding programme}", "title:",
     "'title' is empty", "Hier gehört ein Text hin"),
    ("an empty provider name", PROVIDER, "name: Nordwerk IT", 'name: ""', "'name' is empty",
     "ein leerer Text oder einer nur aus Leerzeichen"),
    ("a story title of spaces", STORY, "title: {de: Brötchen vorbestellen,", "title: {de: '  ',",
     "'title' has an empty 'de' text", "ein leerer Text oder einer nur aus Leerzeichen"),
    ("an empty page title", PAGE, "title: {de: Förderprogramm, en: Funding programme}", "title: ''",
     "'title' is empty", "ein leerer Text oder einer nur aus Leerzeichen"),
    ("a number as a text", STORY, "place: Dortmund-Hörde", "place: 44263", "'company.place' must be a text",
     "Hier gehört ein Text hin"),
    ("a number in a translation", STORY, "running: {de: 25 € im Monat, en: €25 a month}",
     "running: {de: 25 € im Monat, en: 25}", "has no text for 'en'", "Jede Sprachfassung ist ein Text"),
    ("an empty caption", STORY, "caption: {de: Die Theke, en: The counter}", "caption:",
     "'media[1].caption' is empty", "Hier gehört ein Text hin"),
    ("an unknown key", PAGE, "qr: contact", "qr: contact\nqr_text: hallo", "unknown key 'qr_text'", None),
    ("an unknown key in the company", STORY, "  employees: 12", "  employees: 12\n  gruendung: 1990",
     "unknown key 'gruendung'", None),
    ("an empty cost", STORY,
     "  one_off: {de: 900 € Einrichtung, en: €900 set-up}\n  running: {de: 25 € im Monat, en: €25 a month}\n",
     "  {}\n", "'cost' needs at least one of", "mindestens eines"),
    ("an id in capitals", STORY, "industry: handwerk", "industry: Handwerk", "'Handwerk' is not a valid id",
     "Nur Kleinbuchstaben, Ziffern und Bindestriche"),
    ("a provider id with a space", STORY, "providers: [nordwerk]", "providers: [nordwerk it]",
     "'nordwerk it' is not a valid id", "Nur Kleinbuchstaben, Ziffern und Bindestriche"),
    ("a wrong qr word", PAGE, "qr: contact", "qr: kontakt",
     "qr must be 'contact' or an https:// address (got 'kontakt')", "Entweder contact"),
    ("a qr address over http", PAGE, "qr: contact", "qr: http://stadt.example/termin",
     "qr must be 'contact' or an https:// address", "Entweder contact"),
    ("an empty qr", PAGE, "qr: contact", "qr:", "qr is empty", "Entweder contact"),
    ("an attract entry with a story and an image", "kiosk.yaml", MORE_GOALS,
     MORE_GOALS + "attract:\n  - story: baeckerei-lange\n    image: stories/baeckerei-lange/cover.jpg\n",
     "exactly one of 'story:', 'image:' or 'video:'", "genau eines"),
    ("an attract duration of 0", "kiosk.yaml", MORE_GOALS,
     MORE_GOALS + "attract:\n  - story: baeckerei-lange\n    duration: 0\n",
     "'attract[1].duration' must be more than 0", None),
    ("a language twice", "kiosk.yaml", "languages: [de, en]", "languages: [de, en, de]",
     "a language is listed twice", None),
    ("one language without a list", "kiosk.yaml", "languages: [de, en]", "languages: de",
     "'languages' must be a list", "Eine Liste von Sprachkürzeln"),
    ("a language code in capitals", "kiosk.yaml", "languages: [de, en]", "languages: [de, EN]",
     "'EN' is not a language code", "Sprachkürzel"),
    ("no language", "kiosk.yaml", "languages: [de, en]", "languages: []", "'languages' must not be empty", None),
    ("no employees", STORY, "employees: 12", "employees: 0", "'company.employees' must be at least 1", None),
    ("no services", PROVIDER, "services:\n  - {de: Online-Bestellung, en: Online ordering}", "services: []",
     "'services' must not be empty", None),
]


@pytest.mark.parametrize("case,file,old,new,says,editor_says", FAULTS, ids=[f[0] for f in FAULTS])
def test_a_faulty_file_fails_the_editor_and_validate(content: Path, capsys: pytest.CaptureFixture, case: str,
                                                     file: str, old: str, new: str, says: str,
                                                     editor_says: str | None) -> None:
    edit(content / file, old, new)
    errors = editor_errors(content / file)
    assert errors, f"the editor accepts {case}"
    if editor_says:
        assert editor_says in editor_messages(errors)
    code, lines = kiosk_validate(content, capsys)
    assert code == 1
    assert any(line.startswith(f"{file}:") and ": error: " in line and says in line for line in lines), lines


# Files the kiosk shows: the schema must not mark them in red.
ACCEPTED = [
    ("figures and focus points", STORY, "cover: cover.jpg",
     "cover: cover.jpg\ncover_focus: [0.2, 1]\nfigures:\n  - {value: 1800, unit: €, label: {de: einmalig, en: one-off}}\n"
     "  - {value: -12.5, unit: '%', label: {de: Reste}}", "'figures[2].label' has no 'en' translation"),
    ("a language the exhibition does not list", STORY, "title: {de: Brötchen vorbestellen,",
     "title: {fr: Petits pains, de: Brötchen vorbestellen,", "warning: language 'fr'"),
    ("a title too long for the screen", STORY, "title: {de: Brötchen vorbestellen,",
     "title: {de: Brötchen vorbestellen und jeden Morgen ab sechs Uhr frisch abholen,", "warning: 'title' (de)"),
    ("a text without translation", STORY, "benefit: {de: 15 % mehr Umsatz am Samstag., en: 15% more sales on "
     "Saturdays.}", "benefit: 15 % mehr Umsatz am Samstag.", None),
    ("a qr to an https address", PAGE, "qr: contact", "qr: https://stadt.example/termin?von=kiosk", None),
    ("an image type in capitals", STORY, "cover: cover.jpg", "cover: TITEL.JPG", None),
    ("an attract loop", "kiosk.yaml", MORE_GOALS,
     MORE_GOALS + "attract:\n  - story: baeckerei-lange\n    duration: 6.5\n"
                  "  - video: stories/baeckerei-lange/film.mp4\n", None),
]


@pytest.mark.parametrize("case,file,old,new,warns", ACCEPTED, ids=[a[0] for a in ACCEPTED])
def test_what_the_kiosk_accepts_passes_the_editor(content: Path, capsys: pytest.CaptureFixture, case: str,
                                                  file: str, old: str, new: str, warns: str | None) -> None:
    edit(content / file, old, new)
    shutil.copy(content / "stories/baeckerei-lange/cover.jpg", content / "stories/baeckerei-lange/TITEL.JPG")
    assert editor_errors(content / file) == []
    code, lines = kiosk_validate(content, capsys)
    assert code == 0
    if warns:
        assert [line for line in lines if warns in line], lines
    else:
        assert lines == []


# What only `kiosk validate` sees (content/README.md lists it for staff): the editor passes these.
ONLY_VALIDATE = [
    ("an unknown goal", STORY, "goals: [neue-kunden]", "goals: [neue-kundschaft]", "unknown goal 'neue-kundschaft'"),
    ("an unknown provider", STORY, "providers: [nordwerk]", "providers: [nordwerk-it]", "unknown provider"),
    ("a missing image", STORY, "cover: cover.jpg", "cover: titel.jpg", "file 'titel.jpg' is missing"),
    ("a path out of the folder", STORY, "cover: cover.jpg", "cover: ../../../cover.jpg", "outside the content folder"),
    ("an unknown placeholder", "kiosk.yaml", "{story}&provider", "{stroy}&provider", "unknown placeholder {stroy}"),
    ("a goal id twice", "kiosk.yaml", "  - id: kunden-binden", "  - id: neue-kunden", "is used twice"),
]


@pytest.mark.parametrize("case,file,old,new,says", ONLY_VALIDATE, ids=[o[0] for o in ONLY_VALIDATE])
def test_what_only_validate_sees(content: Path, capsys: pytest.CaptureFixture, case: str, file: str, old: str,
                                 new: str, says: str) -> None:
    edit(content / file, old, new)
    assert editor_errors(content / file) == []
    code, lines = kiosk_validate(content, capsys)
    assert code == 1 and any(says in line for line in lines), lines


def _nodes(node: object, path: tuple = ()):
    """Yield (path, dict) for every schema object inside ``node``."""
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _nodes(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _nodes(value, path + (index,))


GERMAN = re.compile(r"\b(der|die|das|den|dem|des|ein|eine|einer|und|oder|im|mit|nur|z\. B\.)\b|[äöüß]", re.I)
OLD_ENGLISH = {"A file path relative to this YAML file", "A text, or one text per language: {de: ..., en: ...}",
               "An id: lowercase letters, digits and '-'", "An industry id from kiosk.yaml",
               "Goal ids from kiosk.yaml", "Provider ids", "One-off cost", "Running cost", "Effort and time"}


@pytest.mark.parametrize("kind", FILE_KINDS)
def test_every_field_has_a_german_title_and_description(kind: str) -> None:
    schema = bundled(kind)
    defs = schema.get("$defs", {})
    models = [((), schema)] + [(("$defs", name), d) for name, d in defs.items()]
    for path, model in models:
        assert GERMAN.search(model["description"]) and model["title"] not in (*defs, *FILE_KINDS), path
        for name, prop in model["properties"].items():
            where = f"{kind}: {'/'.join(path + (name,))}"
            description = prop.get("description", "")
            assert description and description not in OLD_ENGLISH and GERMAN.search(description), where
            # The extension shows the title as the heading of a hover; a block shows its model's title.
            title = defs[prop["$ref"].rsplit("/", 1)[1]]["title"] if "$ref" in prop else prop.get("title")
            assert title, where


def test_every_title_is_written_in_the_model_not_made_from_the_key() -> None:
    """pydantic makes "One Off" from ``one_off``: each field names its title for staff instead."""
    seen, todo = set(), list(FILE_KINDS.values())
    while todo:
        model = todo.pop()
        seen.add(model)
        for name, field in model.model_fields.items():
            assert field.title, f"{model.__name__}.{name}"
            todo += [m for m in _models_in(field.annotation) if m not in seen]
    assert len(seen) > len(FILE_KINDS)


def _models_in(annotation: object) -> list[type]:
    """The pydantic models inside an annotation such as ``list[MediaEntry]``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


@pytest.mark.parametrize("kind", FILE_KINDS)
def test_every_pattern_has_a_message_for_staff(kind: str) -> None:
    for path, node in _nodes(bundled(kind)):
        if isinstance(node.get("pattern"), str):
            message = node.get("patternErrorMessage") or node.get("errorMessage")
            assert message and GERMAN.search(message) and node["pattern"] not in message, path


# Where each on-screen text limit is told to staff.
LIMIT_FIELDS = {
    "kiosk.title": ("kiosk", "properties", "title"),
    "goal.label": ("kiosk", "$defs", "GoalEntry", "properties", "label"),
    "industry.label": ("kiosk", "$defs", "IndustryEntry", "properties", "label"),
    "story.title": ("story", "properties", "title"),
    "story.teaser": ("story", "properties", "teaser"),
    "story.challenge": ("story", "properties", "challenge"),
    "story.solution": ("story", "properties", "solution"),
    "story.benefit": ("story", "properties", "benefit"),
    "story.cost": ("story", "$defs", "CostEntry", "properties", "running"),
    "story.company.name": ("story", "$defs", "CompanyEntry", "properties", "name"),
    "story.company.place": ("story", "$defs", "CompanyEntry", "properties", "place"),
    "story.figure.unit": ("story", "$defs", "FigureEntry", "properties", "unit"),
    "story.figure.label": ("story", "$defs", "FigureEntry", "properties", "label"),
    "media.caption": ("page", "$defs", "MediaEntry", "properties", "caption"),
    "provider.name": ("provider", "properties", "name"),
    "provider.tagline": ("provider", "properties", "tagline"),
    "provider.description": ("provider", "properties", "description"),
    "provider.services": ("provider", "properties", "services"),
    "provider.place": ("provider", "properties", "place"),
    "page.title": ("page", "properties", "title"),
    "page.body": ("page", "properties", "body"),
    "page.qr_caption": ("page", "properties", "qr_caption"),
}


def test_each_text_tells_its_screen_limit_but_does_not_enforce_it() -> None:
    assert set(LIMIT_FIELDS) == set(TEXT_LIMITS), "a new text slot needs its limit in the schema description"
    for slot, (kind, *path) in LIMIT_FIELDS.items():
        node = bundled(kind)
        for step in path:
            node = node[step]
        assert f"etwa {TEXT_LIMITS[slot]} Zeichen" in node["description"], slot
    for kind in FILE_KINDS:
        assert not [path for path, node in _nodes(bundled(kind)) if "maxLength" in node], \
            "over-long text is a warning in kiosk validate, so the editor must not mark it as an error"


def test_vscode_recommends_the_yaml_extension_and_maps_the_schemas() -> None:
    assert "redhat.vscode-yaml" in json.loads((REPO / ".vscode/extensions.json").read_text())["recommendations"]
    settings = json.loads((REPO / ".vscode/settings.json").read_text())
    assert settings["yaml.yamlVersion"] == "1.1", "the kiosk reads YAML 1.1 (yes/no are not texts)"
    mapping = settings["yaml.schemas"]
    for path in [SAMPLE / "kiosk.yaml", *SAMPLE.glob("*/*/*.yaml")]:
        relative = PurePosixPath(path.relative_to(REPO).as_posix())
        # The extension puts **/ before each glob: a glob matches the end of the path.
        kinds = {Path(schema).name for schema, globs in mapping.items()
                 for glob in ([globs] if isinstance(globs, str) else globs) if relative.match(glob)}
        assert kinds == {f"{KIND_OF[path.name]}.schema.json"}, relative
    for schema in mapping:
        assert (REPO / schema).is_file(), schema


def test_each_sample_file_names_its_schema_in_its_first_line() -> None:
    for path in [SAMPLE / "kiosk.yaml", *SAMPLE.glob("*/*/*.yaml")]:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        target = first.removeprefix("# yaml-language-server: $schema=")
        assert target != first, path
        assert (path.parent / target).resolve() == SCHEMAS / f"{KIND_OF[path.name]}.schema.json", path
