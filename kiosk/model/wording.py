"""How the loader words a problem: locations as staff read them, pydantic's errors as sentences.

Pure functions over pydantic's error dicts and YAML locations; the loader's checks call them
so that every message names the key, says what is wrong, and what to write instead.
"""

from __future__ import annotations

import difflib
import re

from kiosk.i18n import _
from kiosk.model.problems import shown
from kiosk.model.schema import LANG, SLUG
from kiosk.model.yamlsrc import YamlDoc


def yaml_loc(doc: YamlDoc, loc: tuple, kind: str) -> tuple:
    """Drop the parts pydantic adds to a location for union members (``int``, ``dict[str,str]``)."""
    kept: tuple = ()
    last = len(loc) - 1
    for index, part in enumerate(loc):
        if kept + (part,) in doc.lines or (index == last and kind in ("missing", "extra_forbidden")):
            kept += (part,)
    return kept


def loc_name(loc: tuple) -> str:
    """Render a location as staff read it: ``media[2].caption`` (list items counted from 1)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + shown(part)
    return f"'{out}'" if out else _("the file")


def message(name: str, err: dict) -> str:
    """Return the sentence for one pydantic error of the value called ``name``."""
    kind, ctx = err["type"], err.get("ctx") or {}
    if kind == "text_type":
        return f"{name} {err['msg']}"
    if kind == "kiosk_sentence":  # a whole sentence from the model, naming its key
        if err["input"] is None:
            return err["msg"]
        return _("{sentence} (got '{value}')", sentence=err["msg"], value=shown(err["input"]))
    if err.get("input", "") is None and kind.endswith("_type"):
        return _("{name} is empty; write a value after the colon", name=name)
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return _("{name} must be a whole number, e.g. 12", name=name)
    if kind in ("float_type", "float_parsing"):
        return _("{name} must be a number, e.g. 90", name=name)
    if kind in ("string_type",):
        return _("{name} must be a text; put it in quotes if it looks like a number or yes/no", name=name)
    if kind == "list_type":
        return _("{name} must be a list, one '- item' per line", name=name)
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return _("{name} must be a block of 'key: value' lines", name=name)
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == SLUG:
            return _("{name} '{value}' is not a valid id: use lowercase letters, digits and '-', e.g. '{example}'",
                     name=name, value=shown(err["input"]), example=shown(slugify(err["input"])))
        if ctx.get("pattern") == LANG:
            return _("{name} '{value}' is not a language code: use two lowercase letters, e.g. 'de'",
                     name=name, value=shown(err["input"]))
    if kind == "greater_than_equal":
        return _("{name} must be at least {limit}", name=name, limit=ctx.get("ge"))
    if kind == "greater_than":
        return _("{name} must be more than {limit}", name=name, limit=ctx.get("gt"))
    if kind == "too_short" and ctx.get("min_length", 1) > 1:
        return _("{name} has {count}; give at least {limit}", name=name, count=ctx.get("actual_length"),
                 limit=ctx["min_length"])
    if kind == "too_long":
        return _("{name} has {count}; give at most {limit}", name=name, count=ctx.get("actual_length"),
                 limit=ctx.get("max_length"))
    if kind in ("too_short", "string_too_short"):
        return _("{name} must not be empty", name=name)
    if kind == "value_error":
        return str(err["msg"]).removeprefix("Value error, ")
    return f"{name}: {err['msg']}"


def unknown(what: str, ident: str, known: dict, where: str) -> str:
    """Say that ``ident`` is no known ``what`` ("goal", "industry", "provider" or "story"),
    suggesting the closest known id."""
    close = difflib.get_close_matches(ident, list(known), n=1, cutoff=0.6)
    if close:
        hint = _("did you mean '{id}'?", id=close[0])
    elif known:
        hint = _("known: {ids}", ids=", ".join(sorted(known)))
    else:
        hint = _("none defined in {where}", where=where)
    values = {"id": shown(ident), "hint": hint, "where": where}
    # One sentence per kind: in German the adjective follows the noun's gender.
    if what == "goal":
        return _("unknown goal '{id}' ({hint}); goal ids are defined in {where}", **values)
    if what == "industry":
        return _("unknown industry '{id}' ({hint}); industry ids are defined in {where}", **values)
    if what == "provider":
        return _("unknown provider '{id}' ({hint}); provider ids are defined in {where}", **values)
    return _("unknown story '{id}' ({hint}); story ids are defined in {where}", **values)


def listed_twice(what: str, ident: str) -> str:
    """Say that the ``what`` ("goal", "industry", "provider" or "story") ``ident`` is listed twice."""
    if what == "goal":
        return _("goal '{id}' is listed twice; remove one", id=shown(ident))
    if what == "industry":
        return _("industry '{id}' is listed twice; remove one", id=shown(ident))
    if what == "provider":
        return _("provider '{id}' is listed twice; remove one", id=shown(ident))
    return _("story '{id}' is listed twice; remove one", id=shown(ident))


def slugify(name: str) -> str:
    """Return the id staff most likely meant by ``name``: ``Bäckerei Lange`` → ``baeckerei-lange``."""
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", " ": "-", "_": "-"})
    slug = re.sub(r"[^a-z0-9-]", "", name.lower().translate(table)).strip("-")
    return slug or "mein-ordner"
