"""Form values into round-trip YAML and back, changing only what staff changed.

The provider, page and settings forms show each visitor text as one field per language and
write it back into the ruamel.yaml document the workspace loaded. A value that did not change
is not touched, and a changed one keeps its old style (``>-`` folded, ``|-`` literal, quoted),
so that a git diff of a studio save shows only the lines staff edited.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString, ScalarString

def posted(form: Mapping[str, str], name: str) -> str:
    """The field ``name`` of a posted form, trimmed, with the browser's CR LF line ends as LF."""
    return (form.get(name) or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def posted_text(form: Mapping[str, str], prefix: str, languages: list[str]) -> dict[str, str]:
    """The per-language fields ``<prefix>_<lang>`` of a posted form, by language."""
    return {lang: posted(form, f"{prefix}_{lang}") for lang in languages}


def one_line(values: dict[str, str]) -> dict[str, str]:
    """Texts the kiosk shows on one line (captions), with any line break staff pasted into their
    two-line box turned into a space: the words stay, the kiosk's line is not broken."""
    return {lang: re.sub(r"\s*\n\s*", " ", text) for lang, text in values.items()}


def text_of(value: Any, lang: str, languages: list[str]) -> str:
    """What the ``lang`` field of a form shows for a text: its ``lang`` version, or for a text
    written once for all languages (``name: Nordwerk IT``), that text in the first language only."""
    if isinstance(value, Mapping):
        text = value.get(lang)
        return str(text) if text is not None else ""
    if value is None:
        return ""
    return str(value) if lang == languages[0] else ""


def _styled(old: Any, new: str) -> str:
    """``new`` in the style of ``old`` (folded, literal, quoted); a plain text that gains line
    breaks becomes a literal block, which keeps its paragraphs as staff typed them."""
    if isinstance(old, ScalarString):
        return type(old)(new)
    return LiteralScalarString(new) if "\n" in new else new


def put_text(container: Any, key: Any, values: dict[str, str], languages: list[str]) -> bool:
    """Write the per-language ``values`` of a text to ``container[key]``; return whether it changed.

    A text written once (a plain string) stays one while only the first language is filled;
    filling another language turns it into one version per language. In a per-language text
    only the changed versions are replaced, and emptied ones are removed. When every language
    is empty the key is removed (from a mapping; a list entry is left to the caller).
    """
    first = languages[0]
    filled = {lang: text for lang, text in values.items() if text}
    has_key = key in container if isinstance(container, Mapping) else 0 <= key < len(container)
    old = container[key] if has_key else None
    if not filled:
        if has_key and isinstance(container, Mapping):
            del container[key]
            return True
        return False
    if not isinstance(old, Mapping) and set(filled) == {first}:
        if old is not None and str(old) == filled[first]:
            return False
        container[key] = _styled(old, filled[first])
        return True
    if not isinstance(old, Mapping):
        # Once for all languages until now: the old text is the first language's version.
        fresh = CommentedMap((lang, _styled(old if lang == first else None, filled[lang]))
                             for lang in languages if lang in filled)
        container[key] = fresh
        return True
    changed = False
    for lang in languages:
        text = filled.get(lang)
        if text is None:
            if lang in old:
                del old[lang]
                changed = True
        elif lang not in old or str(old[lang]) != text:
            old[lang] = _styled(old.get(lang), text)
            changed = True
    return changed


def put_plain(container: Any, key: str, value: Any) -> bool:
    """Set ``container[key]`` to ``value`` (None removes it), keeping a quoted string's quotes;
    return whether it changed."""
    old = container.get(key)
    if value is None or value == "":
        if key in container:
            del container[key]
            return True
        return False
    if key in container and old == value:
        return False
    container[key] = _styled(old, value) if isinstance(value, str) else value
    return True


def focus_point(text: str) -> CommentedSeq | None:
    """The focus point ``x,y`` (two numbers from 0 to 1, as the click on a picture writes it into
    its form) as the YAML list ``[x, y]``, rounded to hundredths; None for anything else."""
    parts = text.split(",")
    try:
        x, y = (float(part) for part in parts) if len(parts) == 2 else (None, None)
    except ValueError:
        return None
    if x is None or not (0 <= x <= 1 and 0 <= y <= 1):
        return None
    point = CommentedSeq([round(x, 2), round(y, 2)])
    point.fa.set_flow_style()
    return point


def put_focus(container: Any, key: str, text: str, after: str) -> bool:
    """Write the focus point posted as ``text`` (see :func:`focus_point`) to ``container[key]``,
    a new key just after ``after``, where the samples have it; an empty or unreadable ``text``
    leaves the point as it is. Return whether it changed."""
    point = focus_point(text)
    if point is None or not isinstance(container, CommentedMap) or container.get(key) == list(point):
        return False
    if key in container or after not in container:
        container[key] = point
    else:
        container.insert(list(container).index(after) + 1, key, point)
    return True


def put_text_list(container: Any, key: str, rows: list[dict[str, str]], languages: list[str]) -> bool:
    """Write a list of texts (a provider's services) from its form rows; empty rows are dropped.

    Entries keep their place and style where the row at the same place changed only in its
    words; rows past the old list's end are appended, and entries past the new list's end
    removed. Return whether anything changed.
    """
    rows = [row for row in rows if any(row.values())]
    seq = container.get(key)
    if not isinstance(seq, list):
        seq = CommentedSeq()
        if not rows:
            return False
        container[key] = seq
    changed = False
    for index, row in enumerate(rows):
        if index < len(seq):
            changed |= put_text(seq, index, row, languages)
        else:
            seq.append(None)
            put_text(seq, index, row, languages)
            changed = True
    while len(seq) > len(rows):
        remove_entry(seq, len(seq) - 1)
        changed = True
    return changed


def number(text: str) -> int | float | str:
    """A number typed in a form (``90``, ``7.5`` or ``7,5``) as an int or float; anything else
    is returned as typed, for the validator to name."""
    cleaned = text.strip().replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        return text.strip()
    if value != value or value in (float("inf"), float("-inf")):
        return text.strip()
    return int(value) if value.is_integer() and "." not in cleaned else value


# -- what the forms offer -----------------------------------------------------------------------

DEFAULT_LANGUAGES = ["de", "en"]
"""The languages a form shows when ``kiosk.yaml`` names none it can use."""


def languages_of(settings: Any) -> list[str]:
    """The exhibition's languages from the parsed ``kiosk.yaml`` (first = main language), or
    German and English when it lists none: the forms then still show both fields."""
    listed = settings.get("languages") if isinstance(settings, Mapping) else None
    found = [str(lang) for lang in listed if isinstance(lang, str) and lang] if isinstance(listed, list) else []
    return list(dict.fromkeys(found)) or list(DEFAULT_LANGUAGES)


def text_paths(name: str, languages: list[str]) -> list[str]:
    """The field paths a text shows problems at: the text itself and each language's version."""
    return [name] + [f"{name}.{lang}" for lang in languages]


_QUOTED_KEY = re.compile(r"'([a-z_]+)'")


def place_missing(by_field: dict[str, list], other: list, data: Any, fields: list[str]) -> None:
    """Move a problem about a key the file lacks (``required key 'place' is missing``) to that
    key's field, when the form shows it: the validator gives such a problem the line of the
    file's first key, so the line alone would put it beside the wrong field."""
    if not isinstance(data, Mapping):
        return
    shown = set(fields)
    for path, problems in list(by_field.items()) + [("", other)]:
        for problem in list(problems):
            keys = [key for key in _QUOTED_KEY.findall(problem.message) if key in shown and key not in data]
            if keys and keys[0] != path:
                problems.remove(problem)
                by_field.setdefault(keys[0], []).append(problem)
        if path and not problems:
            del by_field[path]


def _tail(node: Any) -> tuple[dict, Any, int] | None:
    """Where ruamel.yaml keeps the comment after the last line of ``node`` (a blank line
    before the next key, for one): (comment items, key or index, slot), or None."""
    if isinstance(node, CommentedMap) and node:
        key = list(node)[-1]
        value = node[key]
        if isinstance(value, (CommentedMap, CommentedSeq)) and value and not value.fa.flow_style():
            return _tail(value)
        return node.ca.items, key, 2
    if isinstance(node, CommentedSeq) and node:
        return _after(node, len(node) - 1)
    return None


def _after(seq: CommentedSeq, index: int) -> tuple[dict, Any, int] | None:
    """Where ruamel.yaml keeps the comment after the entry ``seq[index]``."""
    item = seq[index]
    if isinstance(item, (CommentedMap, CommentedSeq)) and item and not item.fa.flow_style():
        return _tail(item)
    return seq.ca.items, index, 0


def _token(slot: tuple[dict, Any, int] | None) -> Any:
    """The comment held at ``slot``, or None."""
    if slot is None:
        return None
    held = slot[0].get(slot[1])
    return held[slot[2]] if held and len(held) > slot[2] else None


def _set_token(slot: tuple[dict, Any, int] | None, token: Any) -> None:
    """Put the comment ``token`` (or None) at ``slot``."""
    if slot is not None and (token is not None or slot[1] in slot[0]):
        slot[0].setdefault(slot[1], [None, None, None, None])[slot[2]] = token


def remove_entry(seq: CommentedSeq, index: int) -> None:
    """Remove ``seq[index]``; when it is the last entry, the comment after it (often the blank
    line that parts this list from the next key) passes to the new last entry, after any
    comment that entry holds already."""
    if index == len(seq) - 1 and index > 0:
        trailing, before = _token(_after(seq, index)), _after(seq, index - 1)
        kept = _token(before)
        if trailing is not None and kept is None:
            _set_token(before, trailing)
        elif trailing is not None:
            # Both stay, in their order; the trailing comment's first line break ended the removed line.
            rest = trailing.value[1:] if trailing.value.startswith("\n") else trailing.value
            kept.value = kept.value.rstrip("\n") + "\n" + rest
    del seq[index]


def reorder(seq: CommentedSeq, wanted: list) -> None:
    """Put the entries of ``seq`` in the order of ``wanted`` (the same objects, each once).

    Each entry moves with its comments; what follows the list's last line stays after the
    last line, so the list stays parted from the next key.
    """
    if not seq:
        return
    old_last = seq[-1]
    for position, entry in enumerate(wanted):
        current = next(index for index, item in enumerate(seq) if item is entry)
        if current != position:
            entry = seq[current]
            held = seq.ca.items.get(current)  # a plain entry's own comment is kept by the list
            del seq[current]  # unlike pop, del and insert move the comments of the entries after it
            seq.insert(position, entry)
            if held is not None:
                seq.ca.items[position] = held
    if seq[-1] is not old_last:
        # What follows the list's last line (blank lines, the next section's comment) belongs
        # after the list, not to the entry that happened to be last: the old and the new last
        # entry swap what follows them (an inline comment on an entry's last line swaps too).
        moved = _after(seq, next(index for index, item in enumerate(seq) if item is old_last))
        last = _after(seq, len(seq) - 1)
        trailing, other = _token(moved), _token(last)
        _set_token(last, trailing)
        _set_token(moved, other)
