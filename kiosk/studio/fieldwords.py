"""The validator's sentences beside a form field, in staff words.

The validator names a value by its YAML key (``'title' (de) hat 47 Zeichen; … etwa 36: kürzen
Sie den Text``), which finds the line in the file: right for ``kiosk validate`` and the problem
list. Beside its field in the studio the same sentence names the field's label instead (``Titel
(Deutsch) hat 47 Zeichen; … etwa 36. Kürzen Sie den Text.``). The validator's catalogue is not
changed; this module only rewords the studio's copy of a problem placed at a field.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from kiosk.studio.app import t
from kiosk.studio.workspace import QUOTED_PATH, FieldProblems

PREFIXES = {"stories": "story", "providers": "provider", "pages": "page", "kiosk.yaml": "settings"}
"""The text-key prefix of each kind of file's form labels, by the file's first path part."""

ALIASES = {
    "story": {"figures.value": "story.figure.value", "figures.unit": "story.figure.unit",
              "figures.label": "story.figure.label", "media.caption": "story.media.caption.image",
              "company.name": "story.company.name", "company.place": "story.company.place",
              "company.industry": "story.company.industry", "company.employees": "story.company.employees",
              "cost.one_off": "story.cost.one_off", "cost.running": "story.cost.running",
              "cost.effort": "story.cost.effort"},
    "provider": {"services": "provider.service"},
    "page": {"media.caption": "page.media.caption"},
    "settings": {"title": "settings.kiosk_title", "goals.label": "settings.label",
                 "industries.label": "settings.label"},
}
"""Field labels whose text key is not ``<prefix>.<key>`` (list items, a film's caption); a list
whose items are single fields (``services``) is named here by its items' label."""

_BARE_KEY = re.compile(r"^([a-z_][\w]*(?:\[\d+\]|\.[A-Za-z_]\w*)*)(?= )")
"""A key that opens a message unquoted (``website muss …``), as some of the validator's type checks write it."""
_LANG_AFTER = re.compile(r" \((\w{2})\)")
_LANG_QUOTED = re.compile(r"'([a-z]{2})'")
_FIX = re.compile(r": (?=[a-zäöü])")


def labeller(relative: str, data: Any) -> Callable[[str], str | None]:
    """A function giving the form label of a dotted YAML path of the file ``relative`` (whose
    YAML is ``data``): ``title`` → ``Titel``, ``figures.1.label`` → ``Beschriftung 2``; None
    for a path the form has no label for, and for a list item as a whole (``media.2``), which the
    form shows as a row of fields rather than one field (a provider's services, one field each,
    have their own label)."""
    prefix = PREFIXES.get(relative.split("/", 1)[0], "")
    aliases = ALIASES.get(prefix, {})

    def label_of(path: str) -> str | None:
        parts = path.split(".")
        numbers = [int(part) for part in parts if part.isdigit()]
        key = ".".join(part for part in parts if not part.isdigit())
        if parts[-1].isdigit() and key not in aliases:
            return None
        text_key = aliases.get(key, f"{prefix}.{key}")
        if key == "media.caption" and numbers and _is_film(data, numbers[0]):
            text_key = f"{prefix}.media.caption.video"
        label = t(text_key, number=numbers[0] + 1) if numbers else t(text_key)
        if not prefix or label == text_key:
            return None
        # A hint the label carries in brackets ("Internetadresse (beginnt mit https://)") is the
        # form's, not part of the field's name in a sentence.
        label = re.sub(r" \([^)]*\)$", "", label)
        return label if "{number}" in _raw(text_key) or not numbers else f"{label} {numbers[0] + 1}"

    return label_of


def _raw(text_key: str) -> str:
    """The interface text ``text_key`` with its placeholders unfilled (to see whether it numbers itself)."""
    from kiosk.studio.texts import TEXTS

    return TEXTS["de"].get(text_key, "")


def _is_film(data: Any, index: int) -> bool:
    """Whether the media entry ``index`` of ``data`` is a film (its caption is "Text unter dem Film")."""
    media = data.get("media") if isinstance(data, dict) else None
    return isinstance(media, list) and index < len(media) and isinstance(media[index], dict) \
        and "video" in media[index]


def language_name(lang: str) -> str:
    """The name of the language ``lang`` in the interface language (``Deutsch``), else its code."""
    name = t(f"field.{lang}")
    return lang if name == f"field.{lang}" else name


def full_stop(message: str) -> str:
    """``message`` ending with a full stop, as every sentence in the studio does."""
    message = message.rstrip()
    return message if not message or message.endswith((".", "!", "?", "…")) else message + "."


def staff_sentence(message: str, lang: str, label_of: Callable[[str], str | None]) -> str:
    """The validator's ``message`` (worded in ``lang``) as staff read it beside its field: the key
    it quotes replaced by the field's label and its language by name, the fix after the colon a
    sentence of its own, a full stop at the end. A message quoting no key the form has a label
    for only gets its full stop."""
    # A lowercase first word is a key, never German or English prose, which starts capitalised.
    quoted = QUOTED_PATH.search(message) or _BARE_KEY.match(message)
    label = None
    if quoted:
        path = re.sub(r"\[(\d+)\]", lambda item: f".{int(item.group(1)) - 1}", quoted.group(1))
        label = label_of(path)
    if label is None:
        return full_stop(message)
    rest = message[quoted.end():]
    named_lang = _LANG_AFTER.match(rest)
    if named_lang:
        label, rest = f"{label} ({language_name(named_lang.group(1))})", rest[named_lang.end():]
    # A language the studio has a name for ("für 'en'" → "für Englisch"); other codes stay quoted.
    rest = _LANG_QUOTED.sub(lambda code: language_name(code.group(1)) if language_name(code.group(1)) != code.group(1)
                            else code.group(0), rest)
    sentence = message[:quoted.start()] + label + rest
    fix = list(_FIX.finditer(sentence))
    # The validator's last "…: do this" is the fix; German fixes speak to staff ("kürzen Sie").
    if fix and (lang != "de" or " Sie" in sentence[fix[-1].end():][:30]):
        at = fix[-1].end()
        sentence = sentence[:fix[-1].start()] + ". " + sentence[at].upper() + sentence[at + 1:]
    return full_stop(sentence[:1].upper() + sentence[1:])


def in_staff_words(found: FieldProblems, relative: str, data: Any) -> FieldProblems:
    """``found`` with each problem beside a field reworded by :func:`staff_sentence`; the problems
    at the top (``other``) keep the key, which names the line in the file, and get their full stop."""
    label_of = labeller(relative, data)
    return found.reworded(lambda problem: staff_sentence(problem.message, problem.lang, label_of),
                          lambda problem: full_stop(problem.message))
