"""The providers blueprint: the provider wall's entries, a new one from the template, the
edit form with every field of ``provider.yaml``, undo, and a delete that names the stories
linking to the provider.

The wall is neutral: every provider appears alike, so the form has no order, rank or
"featured" field, and the list is sorted by id only.
"""

from __future__ import annotations

import io

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.routing import BuildError

from kiosk.files import write_atomic
from kiosk.model.limits import TEXT_LIMITS
from kiosk.studio import refs
from kiosk.studio.app import t, ui_lang, workspace
from kiosk.studio.formfields import (posted, posted_text, put_plain, put_text, put_text_list, remove_entry, text_of,
                                     text_paths)
from kiosk.studio.formviews import image_files, item_routes, problems, read

bp = Blueprint("providers", __name__, url_prefix="/anbieter")

TEXT_FIELDS: tuple[tuple[str, bool], ...] = (
    ("name", False), ("tagline", False), ("description", True), ("place", False))
"""The visitor texts of a provider in the form's order: (key, written over several lines)."""

MAX_SERVICES = 30
"""The most service rows a form may post; more would be no list a visitor reads."""

TEMPLATE = """\
# yaml-language-server: $schema=../../schema/provider.schema.json
name: Neuer Anbieter
logo: logo.png
tagline:
  de: Was der Anbieter macht, in einer Zeile
  en: What the provider does, in one line
description:
  de: Ein kurzer Absatz über den Anbieter und die Betriebe, für die er arbeitet.
  en: A short paragraph about the provider and the businesses it works for.
services:
  - {de: Erste Leistung, en: First service}
place: Dortmund
website: https://www.example.org
"""
"""A new provider's file: valid as it stands, so the folder stays showable while staff fill it in."""

LOGO_SIZE = 400
"""The side of a new provider's plain square stand-in logo, in pixels."""


def _file(provider_id: str) -> str:
    return f"providers/{provider_id}/provider.yaml"


def _placeholder_logo(path) -> None:
    """Write a plain square picture as a new provider's logo until staff upload the real one."""
    from PIL import Image

    from kiosk.design import PLACEHOLDER_BG

    buffer = io.BytesIO()
    Image.new("RGB", (LOGO_SIZE, LOGO_SIZE), PLACEHOLDER_BG).save(buffer, format="PNG")
    write_atomic(path, buffer.getvalue())


def story_link(story_id: str) -> str | None:
    """The address of a story's edit form, or None while the stories blueprint has none."""
    for endpoint in ("stories.edit", "stories.story"):
        try:
            return url_for(endpoint, story_id=story_id)
        except BuildError:
            continue
    return None


@bp.get("/")
def index():
    """The providers of the wall, by id (no ranking), with the form for a new one."""
    ws = workspace()
    lang = ui_lang()
    items = []
    for provider_id in ws.item_ids("providers"):
        data, error = read(_file(provider_id))
        name = text_of(data.get("name"), lang, [lang]) if isinstance(data, dict) else ""
        logo = str(data.get("logo") or "") if isinstance(data, dict) else ""
        shown = logo if logo in image_files(ws, f"providers/{provider_id}") else ""
        items.append({"id": provider_id, "name": name or provider_id, "error": error, "logo": shown})
    return render_template("providers.html", providers=items)


@bp.post("/neu")
def create():
    """Create a provider from the template, its id made from the name; open its form."""
    ws = workspace()
    name = posted(request.form, "name")
    if not name:
        flash(t("provider.new.empty"), "error")
        return redirect(url_for(".index"))
    provider_id = ws.new_item_id("providers", name, "anbieter")
    folder = ws.safe_path(f"providers/{provider_id}")
    folder.mkdir(parents=True)
    data = ws.load_text(TEMPLATE)
    langs = ws.languages()
    put_text(data, "name", {lang: name if lang == langs[0] else "" for lang in langs}, langs)
    _placeholder_logo(folder / "logo.png")
    ws.save(_file(provider_id), data)
    flash(t("provider.created"), "ok")
    return redirect(url_for(".edit", provider_id=provider_id))


def _fields(data, langs: list[str]) -> list[dict]:
    """The text fields of the form with what the file holds."""
    return [{"name": key, "label": t(f"provider.{key}"), "limit": TEXT_LIMITS[f"provider.{key}"],
             "multiline": multiline, "texts": {lang: text_of(data.get(key), lang, langs) for lang in langs}}
            for key, multiline in TEXT_FIELDS]


def _service_rows(data, langs: list[str]) -> list[dict]:
    """The services as form rows, one empty row more for a new one."""
    services = data.get("services")
    rows = [{lang: text_of(item, lang, langs) for lang in langs}
            for item in (services if isinstance(services, list) else [])]
    return rows + [dict.fromkeys(langs, "")]


def _shown_fields(data, langs: list[str]) -> list[str]:
    paths = [path for key, _ in TEXT_FIELDS for path in text_paths(key, langs)]
    services = data.get("services") if isinstance(data.get("services"), list) else []
    paths += ["services"] + [path for index in range(len(services)) for path in text_paths(f"services.{index}", langs)]
    return paths + ["logo", "website"]


@bp.get("/<provider_id>")
def edit(provider_id: str):
    """The provider's form, with the validator's problems beside their fields."""
    relative = _file(provider_id)
    data, error = read(relative)
    if data is None:
        return render_template("provider_edit.html", provider_id=provider_id, error=error), 422
    langs = workspace().languages()
    found = problems(relative, data, _shown_fields(data, langs))
    ws = workspace()
    return render_template(
        "provider_edit.html", provider_id=provider_id, error="", fields=_fields(data, langs),
        services=_service_rows(data, langs), languages=langs,
        service_limit=TEXT_LIMITS["provider.services"], logo=str(data.get("logo") or ""),
        website=str(data.get("website") or ""),
        problems=found, can_undo=ws.can_undo(relative))


def apply_form(data, form, provider_id: str) -> None:
    """Write the posted provider form into the file's YAML ``data``, only where it changed."""
    langs = workspace().languages()
    for key, _ in TEXT_FIELDS:
        put_text(data, key, posted_text(form, key, langs), langs)
    try:
        rows = min(int(form.get("services_rows", "0")), MAX_SERVICES)
    except ValueError:
        rows = 0
    put_text_list(data, "services", [posted_text(form, f"services_{index}", langs) for index in range(rows)], langs)
    logo = posted(form, "logo")
    if logo in image_files(workspace(), f"providers/{provider_id}"):
        put_plain(data, "logo", logo)
    put_plain(data, "website", posted(form, "website"))


item_routes(bp, "provider_id", _file, apply_form, _shown_fields, "provider")


def _unlink(provider_id: str, story_ids: list[str]) -> None:
    """Take the provider out of the ``providers:`` list of each story, through the workspace
    (each story's earlier version kept for undo). Every story is read before any is written."""
    ws = workspace()
    stories = {story_id: ws.load(f"stories/{story_id}/story.yaml") for story_id in story_ids}
    for story_id, data in stories.items():
        linked = data.get("providers")
        for index in reversed(range(len(linked) if isinstance(linked, list) else 0)):
            if linked[index] == provider_id:
                remove_entry(linked, index)
        ws.save(f"stories/{story_id}/story.yaml", data)


@bp.route("/<provider_id>/loeschen", methods=["GET", "POST"])
def delete(provider_id: str):
    """Ask before deleting, naming the stories that link to the provider. While any does, the
    delete is refused (the stories would name a provider the validator then reports missing),
    unless staff choose to take it out of those stories in the same step."""
    ws = workspace()
    read(_file(provider_id))  # a 404 for a provider that does not exist
    linking = refs.provider_referrers(ws.folder, provider_id, lang=ui_lang())
    stories = [{"id": ref.id, "title": ref.title, "url": story_link(ref.id)} for ref in linking]
    if request.method == "POST" and stories and request.form.get("unlink") == "1":
        _unlink(provider_id, [story["id"] for story in stories])
        stories = []
    if request.method == "POST" and not stories:
        ws.remove_item("providers", provider_id)
        flash(t("deleted"), "ok")
        return redirect(url_for(".index"))
    status = 409 if request.method == "POST" else 200
    return render_template("provider_delete.html", provider_id=provider_id, stories=stories), status
