"""The values the content files share, and what the editor says when one is wrong.

The patterns (a slug, a language code, an https address, an image or video file name), the
text types with their German hints, and the helpers the file models build their titles,
descriptions and "exactly one of" rules with. Kept apart from the models in
:mod:`kiosk.model.schema.files` so that each file model reads as its list of keys.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Callable, Literal, Union
from urllib.parse import urlparse

from pydantic import AfterValidator, ConfigDict, Field, StrictFloat, StrictStr, ValidationError, WrapValidator
from pydantic_core import PydanticCustomError

from kiosk.i18n import N_, _
from kiosk.model.limits import DEFAULT_IMAGE_SECONDS, TEXT_LIMITS
from kiosk.model.media import IMAGE_TYPES, VIDEO_TYPES
from kiosk.model.problems import shown

SLUG = r"^[a-z0-9][a-z0-9-]*$"
LANG = r"^[a-z]{2}$"
NOT_BLANK = r"\S"
"""A text with something to read: at least one character that is not white space. ``name: ""``
or a text of spaces would show visitors an empty heading."""
HTTPS = r"^https://[^/?#]"
"""An https address with a host, as far as a pattern can tell; :data:`WebAddress` adds the
``urlparse`` check of :func:`is_web_address` (an unclosed ``[`` in the host, for one)."""


def is_web_address(text: str, schemes: tuple[str, ...]) -> bool:
    """Whether ``text`` is an address with a host and one of ``schemes``."""
    try:
        parsed = urlparse(text)
    except ValueError:  # an unclosed '[' in the host, for one
        return False
    return parsed.scheme in schemes and bool(parsed.netloc)


def _web_address(value: str) -> str:
    if not is_web_address(value, ("https",)):
        raise ValueError("not a web address")  # replaced by the key's own sentence (in_one_sentence)
    return value


def _file_type(suffixes: frozenset[str]) -> str:
    """A pattern for a file name with one of ``suffixes``, in any case, as the loader compares them.

    Character classes instead of a case-insensitive flag, which JSON Schema patterns lack. A
    character other than '/' before the dot: ``.jpg`` alone is a hidden file without a type.
    """
    either = "|".join("".join(f"[{c}{c.upper()}]" if c.isalpha() else re.escape(c) for c in suffix[1:])
                      for suffix in sorted(suffixes))
    return rf"[^/]\.({either})$"


def type_names(suffixes: frozenset[str]) -> str:
    """``.jpeg, .jpg oder .png``: the file types as staff read them."""
    ordered = sorted(suffixes)
    return ", ".join(ordered[:-1]) + " oder " + ordered[-1]


IMAGE_FILE = _file_type(IMAGE_TYPES)
VIDEO_FILE = _file_type(VIDEO_TYPES)

#: What the editor says when a value does not match a pattern (every pattern needs one).
PATTERN_MESSAGES = {
    SLUG: "Nur Kleinbuchstaben, Ziffern und Bindestriche, am Anfang ein Buchstabe oder eine Ziffer, "
          "z. B. baeckerei-sonnenkorn (ä → ae, ß → ss, keine Leerzeichen)",
    NOT_BLANK: "Hier gehört ein Text hin; ein leerer Text oder einer nur aus Leerzeichen zeigt den Besuchern "
               "nichts",
    LANG: "Ein Sprachkürzel aus zwei Kleinbuchstaben, z. B. de oder en (nicht DE, nicht deutsch)",
    HTTPS: "Die Adresse muss mit https:// beginnen, z. B. https://www.firma.de",
    IMAGE_FILE: f"Hier gehört ein Bild hin: eine Datei mit der Endung {type_names(IMAGE_TYPES)}",
    VIDEO_FILE: f"Hier gehört ein Video hin: eine Datei mit der Endung {type_names(VIDEO_TYPES)}",
}

TEXT_HINT = "Hier gehört ein Text hin – oder je Sprache ein Text, z. B. {de: Text, en: Text}."
TRANSLATION_HINT = "Jede Sprachfassung ist ein Text; Zahlen und Wörter wie yes oder no bitte in Anführungszeichen."
QR_HINT = "Entweder contact (das Kontaktformular aus kiosk.yaml) oder eine Adresse, die mit https:// beginnt"


def _text_problem(value: Any) -> str:
    """Say what is wrong with a text that did not validate, in words staff can act on."""
    if value is None or value == {} or (isinstance(value, str) and not re.search(NOT_BLANK, value)):
        return _("is empty; write a text after the colon, or one text per language such as {de: ..., en: ...}")
    if isinstance(value, dict):
        for key, text in value.items():
            if not (isinstance(key, str) and re.fullmatch(LANG, key)):
                return _("has the key '{key}', which is not a language code: use two lowercase letters such as "
                         "de or en", key=shown(key))
            if not isinstance(text, str):
                return _("has no text for '{key}'; put the text in quotes if it looks like a number or yes/no",
                         key=key)
            if not re.search(NOT_BLANK, text):
                return _("has an empty '{key}' text; write the text after '{key}:', or leave out '{key}:' to "
                         "show another language's text", key=key)
    return _("must be a text, or one text per language such as {de: ..., en: ...}")


def _text_only(value: Any, handler: Any) -> Any:
    """Turn pydantic's two union errors for a text into one that staff can act on."""
    try:
        return handler(value)
    except ValidationError:
        raise PydanticCustomError("text_type", _text_problem(value)) from None


def in_one_sentence(key: str, expected: str) -> WrapValidator:
    """Return a validator that reports any fault of ``key`` as one sentence saying what is ``expected``
    (a message marked with :func:`~kiosk.i18n.N_`, translated when a fault is reported).

    It replaces pydantic's one error per union member; the loader shows the sentence as it is,
    followed by the value it got.
    """
    def wrap(value: Any, handler: Any) -> Any:
        try:
            return handler(value)
        except ValidationError:
            if value is None:
                message = _("{key} is empty; write {expected} after the colon", key=key, expected=_(expected))
            else:
                message = _("{key} must be {expected}", key=key, expected=_(expected))
            raise PydanticCustomError("kiosk_sentence", message) from None
    return WrapValidator(wrap)


def on_screen(slot: str) -> Callable[[dict], None]:
    """Return a schema hook that adds the on-screen length of a text slot to its description.

    Over-long texts are only a warning in ``kiosk validate``, and a JSON Schema knows no
    warnings: a ``maxLength`` would flag as a fault what the kiosk shows, so the limit is told,
    not enforced. The limits are :data:`~kiosk.model.limits.TEXT_LIMITS`, which the loader warns by.
    """
    def add(schema: dict) -> None:
        schema["description"] += (f" Auf dem Bildschirm ist Platz für etwa {TEXT_LIMITS[slot]} Zeichen je "
                                  "Sprache; bei längeren Texten warnt kiosk validate.")
    return add


def image_seconds(schema: dict) -> None:
    """Add how long the attract loop shows an image by default to the ``duration`` description."""
    schema["description"] += (f" Ohne Angabe zeigt der Kiosk ein Bild {DEFAULT_IMAGE_SECONDS:g} Sekunden "
                              "lang und ein Video so lange, wie es dauert.")


# Each text, and each language's version of it, must hold something to read (NOT_BLANK): a key
# that is present must hold a value, as for every key (see kiosk.model.schema.files).
Text = Annotated[
    Union[
        Annotated[StrictStr, Field(pattern=NOT_BLANK, json_schema_extra={"errorMessage": TEXT_HINT})],
        Annotated[
            dict[Annotated[str, Field(pattern=LANG)],
                 Annotated[StrictStr, Field(pattern=NOT_BLANK,
                                            description="Der Text in der Sprache mit diesem Kürzel.",
                                            json_schema_extra={"errorMessage": TRANSLATION_HINT})]],
            Field(min_length=1, json_schema_extra={"errorMessage": TEXT_HINT})],
    ],
    WrapValidator(_text_only),
    Field(description="Ein Text, den Besucher lesen: einfach hinschreiben, oder je Sprache eine Fassung, "
                      "z. B. {de: Neue Kunden gewinnen, en: Win new customers}."),
]
Slug = Annotated[StrictStr, Field(pattern=SLUG, description="Eine Kennung, z. B. neue-kunden.")]
Seconds = Annotated[StrictFloat, Field(gt=0)]  # strict floats still accept whole numbers
# The file types are the loader's media check, repeated for the editor (see kiosk.model.schema).
ImagePath = Annotated[StrictStr, Field(min_length=1, json_schema_extra={"pattern": IMAGE_FILE})]
VideoPath = Annotated[StrictStr, Field(min_length=1, json_schema_extra={"pattern": VIDEO_FILE})]
Focus = Annotated[
    list[Annotated[StrictFloat, Field(ge=0, le=1)]], Field(min_length=2, max_length=2),
    in_one_sentence("focus", N_("two numbers from 0 to 1, across and down, e.g. [0.3, 0.5]")),
    Field(title="Bildmittelpunkt", description=(
        "Freiwillig: die Stelle des Bildes, die beim Zuschneiden sichtbar bleibt, als [quer, hoch] mit "
        "Zahlen von 0 bis 1 von links oben: [0.5, 0.5] ist die Mitte (so ohne Angabe), [0.2, 0.4] links "
        "oberhalb der Mitte.")),
]
WebAddress = Annotated[StrictStr, Field(pattern=HTTPS), AfterValidator(_web_address)]
"""An https address that phones can open; use it with :func:`in_one_sentence`, which says what is wrong."""
Qr = Annotated[
    Union[
        Annotated[Literal["contact"], Field(json_schema_extra={"errorMessage": QR_HINT})],
        Annotated[WebAddress, Field(json_schema_extra={"patternErrorMessage": QR_HINT})],
    ],
    in_one_sentence("qr", N_("'contact' or an https:// address")),
]


def about(title: str, description: str, **rules: Any) -> ConfigDict:
    """Return a model's config with its German title and description for editors.

    ``rules`` are JSON Schema keywords that mirror the model's validators, which pydantic
    cannot turn into a schema.
    """
    return ConfigDict(title=title, json_schema_extra={"description": description, **rules})


def exactly_one(keys: tuple[str, ...], message: str, only_with: dict[str, str] | None = None) -> dict:
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
