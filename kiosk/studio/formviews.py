"""What the provider, page and settings forms share: reading a file for a form, the
validator's problems sorted to its fields (on save and live, as staff type), and picture choices.

Every file is read and written through the workspace (safe paths, round-trip YAML, history),
and every problem comes from the workspace's validation; this module only prepares them for
a form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, jsonify, redirect, request, url_for

from kiosk.model.media import IMAGE_TYPES
from kiosk.studio import formtexts  # noqa: F401  (adds the forms' interface texts)
from kiosk.studio.app import t, ui_lang, workspace
from kiosk.studio.fieldwords import in_staff_words
from kiosk.studio.formfields import place_missing
from kiosk.studio.workspace import FieldProblems, UnsafePath, Workspace


def read(relative: str) -> tuple[Any, str]:
    """The round-trip YAML of ``relative`` and an empty message, or None and the message saying
    why it cannot be read (the form is then not shown, and the file not touched). A missing
    file is a 404."""
    try:
        return workspace().load(relative), ""
    except FileNotFoundError:
        abort(404)
    except UnsafePath:
        raise  # the app answers it: not found, nothing opened
    except Exception as exc:  # OSError or ruamel's YAMLError: either way staff need a developer
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return None, t("error.yaml", file=relative, reason=reason)


def problems(relative: str, data: Any, fields: list[str]) -> FieldProblems:
    """The validator's problems of ``relative`` (the folder checked as saved, without decoding
    media), sorted to the form's ``fields`` and worded there in staff words (:mod:`fieldwords`)."""
    ws = workspace()
    checked = ws.validate(probe_media=False, lang=ui_lang())
    found = ws.field_problems(relative, data, checked.problems, fields)
    place_missing(found.by_field, found.other, data, fields)
    return in_staff_words(found, relative, data)


def live_check(relative: str, apply: Callable[[Any], None], fields: Callable[[Any], list[str]]):
    """The live check of an unsaved form: ``apply`` writes the posted form into the file's
    YAML, which is validated in a temporary copy without decoding media; answer its problems
    by field as JSON (``fields`` names the form's fields for the YAML checked)."""
    ws = workspace()
    data, error = read(relative)
    if data is None:
        return jsonify({"fields": {}, "other": [{"file": relative, "line": None, "severity": "error",
                                                  "message": error}]})
    apply(data)
    draft = ws.dump(data)
    checked = ws.load_text(draft)  # the problems' lines are the draft's own
    shown = fields(checked)
    found = ws.field_problems(relative, checked, ws.check_draft({relative: draft}, lang=ui_lang()), shown)
    place_missing(found.by_field, found.other, checked, shown)
    return jsonify(in_staff_words(found, relative, checked).as_dict())


def flash_saved(relative: str) -> None:
    """Tell staff the file is saved, and whether only as a draft: when it has errors, the kiosk
    will not show the folder until they are fixed."""
    ws = workspace()
    own = ws.problems_of(ws.validate(probe_media=False, lang=ui_lang()).problems, relative)
    drafted = any(problem.severity == "error" for problem in own)
    flash(t("saved.problems" if drafted else "saved"), "error" if drafted else "ok")


def item_routes(bp: Blueprint, id_arg: str, file_of: Callable[[str], str],
                apply_form: Callable[[Any, Any, str], None], shown_fields: Callable[[Any, list[str]], list[str]],
                noun: str) -> None:
    """Add the routes every item form has to ``bp``: the live check (``check``), save
    (``save``) and undo (``undo``), for items named by the URL part ``id_arg`` whose file is
    ``file_of(id)``. ``apply_form(data, form, id)`` writes the posted form into the YAML,
    ``shown_fields(data, languages)`` names the form's fields, and ``noun`` names the item in
    the docstrings ("page", "provider")."""

    def check(**ids: str):
        item = ids[id_arg]
        langs = workspace().languages()
        return live_check(file_of(item), lambda data: apply_form(data, request.form, item),
                          lambda data: shown_fields(data, langs))

    def save(**ids: str):
        item = ids[id_arg]
        relative = file_of(item)
        data, error = read(relative)
        if data is None:
            flash(error, "error")
        else:
            apply_form(data, request.form, item)
            workspace().save(relative, data)
            flash_saved(relative)
        return redirect(url_for(".edit", **{id_arg: item}))

    def undo(**ids: str):
        item = ids[id_arg]
        done = workspace().undo(file_of(item))
        flash(t("undone" if done else "undo.none"), "ok" if done else "error")
        return redirect(url_for(".edit", **{id_arg: item}))

    check.__doc__ = f"The live check of the unsaved {noun} form, as JSON problems by field."
    save.__doc__ = f"Write the posted form into the {noun}'s file, changing only the lines of changed fields."
    undo.__doc__ = f"Put the {noun}'s previous saved version back."
    bp.add_url_rule(f"/<{id_arg}>/pruefen", "check", check, methods=["POST"])
    bp.add_url_rule(f"/<{id_arg}>", "save", save, methods=["POST"])
    bp.add_url_rule(f"/<{id_arg}>/rueckgaengig", "undo", undo, methods=["POST"])


def image_files(ws: Workspace, folder: str) -> list[str]:
    """The picture files directly in ``folder`` of the content folder, by name: the choices for
    a logo or an info page's picture."""
    path = ws.safe_path(folder)
    if not path.is_dir():
        return []
    return sorted(entry.name for entry in path.iterdir()
                  if entry.is_file() and not entry.name.startswith(".") and entry.suffix.lower() in IMAGE_TYPES)
