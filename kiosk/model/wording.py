"""How the loader words a problem: locations as staff read them, pydantic's errors as sentences.

Pure functions over pydantic's error dicts and YAML locations; the loader's checks call them
so that every message names the key, says what is wrong, and what to write instead.
"""

from __future__ import annotations

import difflib
import re

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
    return f"'{out}'" if out else "the file"


def message(name: str, err: dict) -> str:
    """Return the sentence for one pydantic error of the value called ``name``."""
    kind, ctx = err["type"], err.get("ctx") or {}
    if kind == "text_type":
        return f"{name} {err['msg']}"
    if kind == "kiosk_sentence":  # a whole sentence from the model, naming its key
        return err["msg"] if err["input"] is None else f"{err['msg']} (got '{shown(err['input'])}')"
    if err.get("input", "") is None and kind.endswith("_type"):
        return f"{name} is empty; write a value after the colon"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"{name} must be a whole number, e.g. 12"
    if kind in ("float_type", "float_parsing"):
        return f"{name} must be a number, e.g. 90"
    if kind in ("string_type",):
        return f"{name} must be a text; put it in quotes if it looks like a number or yes/no"
    if kind == "list_type":
        return f"{name} must be a list, one '- item' per line"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"{name} must be a block of 'key: value' lines"
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == SLUG:
            return (f"{name} '{shown(err['input'])}' is not a valid id: use lowercase letters, digits and '-', "
                    f"e.g. '{shown(slugify(err['input']))}'")
        if ctx.get("pattern") == LANG:
            return f"{name} '{shown(err['input'])}' is not a language code: use two lowercase letters, e.g. 'de'"
    if kind in ("greater_than", "greater_than_equal"):
        return f"{name} must be {'at least' if kind.endswith('equal') else 'more than'} " \
               f"{ctx.get('ge', ctx.get('gt'))}"
    if kind == "too_short" and ctx.get("min_length", 1) > 1:
        return f"{name} has {ctx.get('actual_length')}; give at least {ctx['min_length']}"
    if kind == "too_long":
        return f"{name} has {ctx.get('actual_length')}; give at most {ctx.get('max_length')}"
    if kind in ("too_short", "string_too_short"):
        return f"{name} must not be empty"
    if kind == "value_error":
        return str(err["msg"]).removeprefix("Value error, ")
    return f"{name}: {err['msg']}"


def unknown(what: str, ident: str, known: dict, where: str) -> str:
    """Say that ``ident`` is no known ``what``, suggesting the closest known id."""
    close = difflib.get_close_matches(ident, list(known), n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else "known: " + ", ".join(sorted(known)) if known else f"none defined in {where}"
    return f"unknown {what} '{shown(ident)}' ({hint}); {what} ids are defined in {where}"


def slugify(name: str) -> str:
    """Return the id staff most likely meant by ``name``: ``Bäckerei Lange`` → ``baeckerei-lange``."""
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", " ": "-", "_": "-"})
    slug = re.sub(r"[^a-z0-9-]", "", name.lower().translate(table)).strip("-")
    return slug or "mein-ordner"
