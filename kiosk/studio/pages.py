"""The info pages blueprint (About, the funding programme, …): a new page from the template,
the form with title, text, pictures and the QR code onward, undo, and delete.

Nothing in a content folder refers to a page by its id (the contact form's ``{page}`` field is
filled by the kiosk itself), so a delete only asks.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from ruamel.yaml.comments import CommentedMap

from kiosk.studio.app import t, ui_lang, workspace
from kiosk.studio.formfields import one_line, posted, put_focus, posted_text, put_plain, put_text, remove_entry, text_of, text_paths
from kiosk.studio.formviews import image_files, item_routes, problems, read

bp = Blueprint("pages", __name__, url_prefix="/seiten")

MAX_MEDIA = 30
"""The most picture rows a form may post."""

QR_MODES = ("none", "contact", "url")
"""Where a page's QR code leads: nowhere (no code), the contact form of kiosk.yaml, or an own address."""

TEMPLATE = """\
# yaml-language-server: $schema=../../schema/page.schema.json
title:
  de: Neue Infoseite
  en: New info page
body:
  de: Der Text der Seite. Absätze trennen Sie durch eine Leerzeile.
  en: The text of the page. Separate paragraphs by an empty line.
"""
"""A new page's file: valid as it stands, so the folder stays showable while staff fill it in."""


def _file(page_id: str) -> str:
    return f"pages/{page_id}/page.yaml"


@bp.get("/")
def index():
    """The info pages by id, with the form for a new one."""
    ws = workspace()
    lang = ui_lang()
    items = []
    for page_id in ws.item_ids("pages"):
        data, error = read(_file(page_id))
        title = text_of(data.get("title"), lang, [lang]) if isinstance(data, dict) else ""
        items.append({"id": page_id, "title": title or page_id, "error": error})
    return render_template("pages.html", pages=items)


@bp.post("/neu")
def create():
    """Create a page from the template, its id made from the title; open its form."""
    ws = workspace()
    title = posted(request.form, "title")
    if not title:
        flash(t("page.new.empty"), "error")
        return redirect(url_for(".index"))
    page_id = ws.new_item_id("pages", title, "seite")
    ws.safe_path(f"pages/{page_id}").mkdir(parents=True)
    data = ws.load_text(TEMPLATE)
    langs = ws.languages()
    put_text(data, "title", {lang: title if lang == langs[0] else "" for lang in langs}, langs)
    ws.save(_file(page_id), data)
    flash(t("page.created"), "ok")
    return redirect(url_for(".edit", page_id=page_id))


def _media_rows(data, langs: list[str]) -> list[dict]:
    """The page's pictures and films as form rows."""
    media = data.get("media")
    rows = []
    for entry in media if isinstance(media, list) else []:
        entry = entry if isinstance(entry, dict) else {}
        kind = "video" if "video" in entry else "image"
        focus = entry.get("focus")
        rows.append({"kind": kind, "file": str(entry.get(kind) or ""),
                     "focus": list(focus) if isinstance(focus, list) and len(focus) == 2 else None,
                     "caption": {lang: text_of(entry.get("caption"), lang, langs) for lang in langs}})
    return rows


def _qr(data) -> tuple[str, str]:
    """The QR mode of the page and its own address (empty unless the mode is ``url``)."""
    qr = data.get("qr")
    if qr is None:
        return "none", ""
    if qr == "contact":
        return "contact", ""
    return "url", str(qr)


def _shown_fields(data, langs: list[str]) -> list[str]:
    media = data.get("media") if isinstance(data.get("media"), list) else []
    paths = text_paths("title", langs) + text_paths("body", langs) + ["media", "qr"] + text_paths("qr_caption", langs)
    for index in range(len(media)):
        paths += [f"media.{index}"] + text_paths(f"media.{index}.caption", langs)
    return paths


@bp.get("/<page_id>")
def edit(page_id: str):
    """The page's form, with the validator's problems beside their fields."""
    relative = _file(page_id)
    data, error = read(relative)
    if data is None:
        return render_template("page_edit.html", page_id=page_id, error=error), 422
    langs = workspace().languages()
    ws = workspace()
    qr_mode, qr_url = _qr(data)
    media = _media_rows(data, langs)
    used = {row["file"] for row in media}
    return render_template(
        "page_edit.html", page_id=page_id, error="", languages=langs,
        title={lang: text_of(data.get("title"), lang, langs) for lang in langs},
        body={lang: text_of(data.get("body"), lang, langs) for lang in langs},
        qr_caption={lang: text_of(data.get("qr_caption"), lang, langs) for lang in langs},
        media=media, unused=[name for name in image_files(ws, f"pages/{page_id}") if name not in used],
        qr_mode=qr_mode, qr_url=qr_url, problems=problems(relative, data, _shown_fields(data, langs)),
        can_undo=ws.can_undo(relative))


def _save_media(data, form, langs: list[str], pictures: list[str]) -> None:
    """Apply the picture rows: new captions and pictures, removals, and one picture added."""
    media = data.get("media")
    entries = media if isinstance(media, list) else []
    try:
        rows = min(int(form.get("media_rows", "0")), MAX_MEDIA, len(entries))
    except ValueError:
        rows = 0
    removed = []
    for index in range(rows):
        entry = entries[index]
        if not isinstance(entry, dict):
            continue
        if form.get(f"media_{index}_remove"):
            removed.append(index)
            continue
        picture = posted(form, f"media_{index}_image")
        if "image" in entry and picture in pictures:
            put_plain(entry, "image", picture)
        if "image" in entry:
            # A click on a picture not saved yet (a fresh upload) travels with the form.
            put_focus(entry, "focus", posted(form, f"media_{index}_image_focus"), after="caption")
        put_text(entry, "caption", one_line(posted_text(form, f"media_{index}_caption", langs)), langs)
    for index in reversed(removed):
        remove_entry(entries, index)
    if media is not None and not entries:
        del data["media"]
    added = posted(form, "media_upload_image") or posted(form, "media_new_image")
    if added in pictures:
        entry = CommentedMap(image=added)
        put_text(entry, "caption", one_line(posted_text(form, "media_new_caption", langs)), langs)
        if added == posted(form, "media_upload_image"):
            put_focus(entry, "focus", posted(form, "media_upload_image_focus"), after="caption")
        if isinstance(media, list):
            media.append(entry)
        else:
            data["media"] = [entry]


def apply_form(data, form, page_id: str) -> None:
    """Write the posted page form into the file's YAML ``data``, only where it changed."""
    langs = workspace().languages()
    for key in ("title", "body"):
        put_text(data, key, posted_text(form, key, langs), langs)
    _save_media(data, form, langs, image_files(workspace(), f"pages/{page_id}"))
    mode = form.get("qr_mode", "none")
    if mode in QR_MODES:
        put_plain(data, "qr", {"none": None, "contact": "contact", "url": posted(form, "qr_url")}[mode])
    put_text(data, "qr_caption", posted_text(form, "qr_caption", langs), langs)


item_routes(bp, "page_id", _file, apply_form, _shown_fields, "page")


@bp.route("/<page_id>/loeschen", methods=["GET", "POST"])
def delete(page_id: str):
    """Ask before deleting the page; on yes, move its folder out into the studio's history."""
    read(_file(page_id))  # a 404 for a page that does not exist
    if request.method == "POST":
        workspace().remove_item("pages", page_id)
        flash(t("deleted"), "ok")
        return redirect(url_for(".index"))
    return render_template("page_delete.html", page_id=page_id)
