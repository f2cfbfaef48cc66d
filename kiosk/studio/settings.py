"""The settings blueprint: ``kiosk.yaml`` in four forms on one page.

- the exhibition: title, languages, idle timeout and the contact address with its fields;
- the goals and the industries visitors filter by: labels per language, a new one with its id
  made from its name, and a removal that asks first and is refused while stories use it;
- the attract loop: stories, pictures and films in order, moved up and down by buttons that
  work without JavaScript, or dragged where it runs.

Each form changes only its own part of the file, and only the values staff changed.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from kiosk.model.media import IMAGE_TYPES, VIDEO_TYPES
from kiosk.model.types import PLACEHOLDERS
from kiosk.studio import refs
from kiosk.studio.app import t, ui_lang, workspace
from kiosk.studio.formfields import (languages_of, number, posted, posted_text, put_plain, put_text, remove_entry,
                                     reorder, text_of, text_paths)
from kiosk.studio.formviews import flash_saved, live_check, problems, read
from kiosk.studio.providers import story_link
from kiosk.studio.texts import LANGUAGES
from kiosk.studio.workspace import slugify

bp = Blueprint("settings", __name__, url_prefix="/einstellungen")

FILE = "kiosk.yaml"

LISTS = {"ziele": ("goals", "goal", refs.goal_referrers),
         "branchen": ("industries", "industry", refs.industry_referrers)}
"""The filter lists by their address: (key in kiosk.yaml, text slot, the stories that use an entry)."""

ATTRACT_KINDS = ("story", "image", "video")
"""What an attract entry shows: a story, a picture or a film."""

ATTRACT_FOLDER = "attract"
"""Where the attract loop's own pictures and films lie in the content folder."""

MAX_ROWS = 200
"""The most rows a posted list may name; more is no form the studio sent."""


def _entries(data, key: str) -> list:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, list) else []


def _attract_files(kind: str) -> list[str]:
    """The pictures or films in ``attract/``, as the paths ``kiosk.yaml`` names them."""
    folder = workspace().safe_path(ATTRACT_FOLDER)
    types = IMAGE_TYPES if kind == "image" else VIDEO_TYPES
    if not folder.is_dir():
        return []
    return [f"{ATTRACT_FOLDER}/{entry.name}" for entry in sorted(folder.iterdir())
            if entry.is_file() and not entry.name.startswith(".") and entry.suffix.lower() in types]


def _story_choices(lang: str) -> list[dict]:
    """Every story as a choice: its id and its title in ``lang``."""
    ws = workspace()
    choices = []
    for story_id in ws.item_ids("stories"):
        try:
            data = ws.load(f"stories/{story_id}/story.yaml")
        except Exception:  # a broken story is still a choice; the validator names its fault
            data = None
        title = text_of(data.get("title"), lang, [lang]) if isinstance(data, dict) else ""
        choices.append({"id": story_id, "title": title or story_id})
    return choices


def _shown_fields(data, langs: list[str]) -> list[str]:
    paths = text_paths("title", langs) + ["languages", "idle_timeout", "contact_url", "goals", "industries", "attract"]
    for key in ("goals", "industries"):
        for index in range(len(_entries(data, key))):
            paths += [f"{key}.{index}"] + text_paths(f"{key}.{index}.label", langs)
    for index in range(len(_entries(data, "attract"))):
        paths += [f"attract.{index}", f"attract.{index}.duration"]
    return paths


def _list_rows(data, key: str, langs: list[str]) -> list[dict]:
    return [{"id": str(entry.get("id") or ""),
             "label": {lang: text_of(entry.get("label"), lang, langs) for lang in langs}}
            for entry in _entries(data, key) if isinstance(entry, dict)]


def _attract_rows(data) -> list[dict]:
    rows = []
    for entry in _entries(data, "attract"):
        entry = entry if isinstance(entry, dict) else {}
        kind = next((k for k in ATTRACT_KINDS if k in entry), "story")
        duration = entry.get("duration")
        rows.append({"kind": kind, "value": str(entry.get(kind) or ""),
                     "duration": "" if duration is None else str(duration)})
    return rows


def _page(data):
    """The settings page for the parsed ``kiosk.yaml`` ``data``."""
    langs = languages_of(data)
    lang = ui_lang()
    listed = [str(code) for code in data.get("languages") or [] if isinstance(code, str)] \
        if isinstance(data.get("languages"), list) else []
    offered = list(dict.fromkeys(list(LANGUAGES) + listed))
    return render_template(
        "settings.html", error="", languages=langs, offered=offered, listed=listed,
        title={code: text_of(data.get("title"), code, langs) for code in langs},
        idle_timeout=str(data.get("idle_timeout") if data.get("idle_timeout") is not None else ""),
        contact_url=str(data.get("contact_url") or ""), placeholders=PLACEHOLDERS,
        lists=[{"address": address, "key": key, "slot": slot, "rows": _list_rows(data, key, langs)}
               for address, (key, slot, _) in LISTS.items()],
        attract=_attract_rows(data), stories=_story_choices(lang),
        images=_attract_files("image"), videos=_attract_files("video"),
        problems=problems(FILE, data, _shown_fields(data, langs)),
        can_undo=workspace().can_undo(FILE))


@bp.get("/")
def index():
    """The settings page with every form, the validator's problems beside their fields."""
    data, error = read(FILE)
    if data is None:
        return render_template("settings.html", error=error), 422
    return _page(data)


def _saved(data) -> object:
    workspace().save(FILE, data)
    flash_saved(FILE)
    return redirect(url_for(".index"))


def _load_for_save():
    data, error = read(FILE)
    if data is None:
        flash(error, "error")
    return data


def _apply_general(data, form) -> None:
    """Title, languages, idle timeout and contact address, where they changed."""
    chosen = [code for code in form.getlist("languages") if isinstance(code, str) and code]
    main = posted(form, "main_language")
    if main and chosen:  # the main language is always shown, ticked or not
        chosen = [main] + [code for code in chosen if code != main]
    if chosen and chosen != languages_of(data):
        seq = CommentedSeq(chosen)
        old = data.get("languages")
        if isinstance(old, CommentedSeq) and old.fa.flow_style():
            seq.fa.set_flow_style()
        data["languages"] = seq
    langs = languages_of(data)
    put_text(data, "title", posted_text(form, "title", langs), langs)
    put_plain(data, "idle_timeout", number(posted(form, "idle_timeout")) if posted(form, "idle_timeout") else None)
    put_plain(data, "contact_url", posted(form, "contact_url"))


@bp.post("/allgemein")
def save_general():
    """Title, languages, idle timeout and contact address."""
    data = _load_for_save()
    if data is None:
        return redirect(url_for(".index"))
    if not request.form.getlist("languages"):
        flash(t("settings.languages.none"), "error")
    _apply_general(data, request.form)
    return _saved(data)


def _filter_list(address: str) -> tuple[str, str, object]:
    if address not in LISTS:
        abort(404)
    return LISTS[address]


def _apply_list(data, form, key: str) -> None:
    """The labels of the filter list ``key``, and a new entry whose id is made from its name."""
    langs = languages_of(data)
    entries = _entries(data, key)
    for index, entry in enumerate(entries[:MAX_ROWS]):
        if isinstance(entry, dict) and posted(form, f"{key}_{index}_id") == str(entry.get("id")):
            put_text(entry, "label", posted_text(form, f"{key}_{index}_label", langs), langs)
    new_label = posted_text(form, f"{key}_new_label", langs)
    if any(new_label.values()):
        taken = {str(entry.get("id")) for entry in entries if isinstance(entry, dict)}
        base = slugify(next(text for text in new_label.values() if text), key[:-1])
        new_id, suffix = base, 2
        while new_id in taken:
            new_id, suffix = f"{base}-{suffix}", suffix + 1
        entry = CommentedMap(id=new_id)
        put_text(entry, "label", new_label, langs)
        before = entries[-1].get("label") if entries and isinstance(entries[-1], dict) else None
        if isinstance(entry.get("label"), CommentedMap) and isinstance(before, CommentedMap) \
                and before.fa.flow_style():
            entry["label"].fa.set_flow_style()  # written like its neighbours: {de: …, en: …}
        if key in data and isinstance(data[key], list):
            data[key].append(entry)
        else:
            data[key] = CommentedSeq([entry])


@bp.post("/<any(ziele, branchen):address>")
def save_list(address: str):
    """The labels of a filter list, and a new entry whose id is made from its name."""
    key, _, _ = _filter_list(address)
    data = _load_for_save()
    if data is None:
        return redirect(url_for(".index"))
    _apply_list(data, request.form, key)
    return _saved(data)


@bp.route("/<any(ziele, branchen):address>/<entry_id>/entfernen", methods=["GET", "POST"])
def remove_list_entry(address: str, entry_id: str):
    """Ask before removing a goal or industry, naming the stories that use it; while any does,
    the removal is refused (the validator would then report those stories' filters unknown)."""
    key, _, referrers = _filter_list(address)
    data, error = read(FILE)
    if data is None:
        return render_template("settings.html", error=error), 422
    entries = _entries(data, key)
    index = next((i for i, entry in enumerate(entries)
                  if isinstance(entry, dict) and entry.get("id") == entry_id), None)
    if index is None:
        abort(404)
    using = [{"id": ref.id, "title": ref.title, "url": story_link(ref.id)}
             for ref in referrers(workspace().folder, entry_id, lang=ui_lang())]
    if request.method == "POST" and not using:
        remove_entry(entries, index)
        return _saved(data)
    label = text_of(entries[index].get("label"), ui_lang(), languages_of(data)) or entry_id
    return render_template("settings_remove.html", address=address, key=key, entry_id=entry_id, label=label,
                           stories=using), 409 if request.method == "POST" else 200


def _order(form, count: int) -> list[int]:
    """The attract entries' order as posted (their indices in the file), or the file's order
    when the posted one is not a rearrangement of every entry."""
    try:
        order = [int(part) for part in (form.get("attract_order") or "").split(",") if part.strip()]
    except ValueError:
        return list(range(count))
    return order if sorted(order) == list(range(count)) else list(range(count))


def _apply_attract(data, form) -> None:
    """The attract loop: each entry's choice and duration, its order (dragged, or one step up
    or down), an entry taken out, and one added."""
    entries = _entries(data, "attract")[:MAX_ROWS]
    stories = {choice["id"] for choice in _story_choices(ui_lang())}
    files = {"image": set(_attract_files("image")), "video": set(_attract_files("video"))}
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            continue
        kind = next((k for k in ATTRACT_KINDS if k in entry), None)
        chosen = posted(form, f"attract_{index}_value")
        if kind and chosen and (chosen in stories if kind == "story" else chosen in files[kind]):
            put_plain(entry, kind, chosen)
        if f"attract_{index}_duration" in form:
            typed = posted(form, f"attract_{index}_duration")
            put_plain(entry, "duration", number(typed) if typed else None)
    order = [entries[i] for i in _order(form, len(entries))]
    moved, _, way = (form.get("move") or "").partition(":")  # "<index in the file>:up" or ":down"
    if moved.isdigit() and int(moved) < len(entries) and way in ("up", "down"):
        position = next(i for i, entry in enumerate(order) if entry is entries[int(moved)])
        other = position - 1 if way == "up" else position + 1
        if 0 <= other < len(order):
            order[position], order[other] = order[other], order[position]
    remove = form.get("remove", "")
    if remove.isdigit() and int(remove) < len(entries):
        order = [entry for entry in order if entry is not entries[int(remove)]]
    seq = data.get("attract")
    if isinstance(seq, CommentedSeq):
        for entry in [entry for entry in seq if not any(entry is kept for kept in order)]:
            remove_entry(seq, next(i for i, item in enumerate(seq) if item is entry))
        reorder(seq, order)
    new_kind = form.get("attract_new_kind", "")
    new_value = posted(form, f"attract_new_{new_kind}") if new_kind in ATTRACT_KINDS else ""
    if new_value and (new_value in stories if new_kind == "story" else new_value in files[new_kind]):
        entry = CommentedMap({new_kind: new_value})
        typed = posted(form, "attract_new_duration")
        if typed:
            entry["duration"] = number(typed)
        if isinstance(seq, CommentedSeq):
            seq.append(entry)
        else:
            data["attract"] = CommentedSeq([entry])


@bp.post("/ruhemodus")
def save_attract():
    """The attract loop as posted; see :func:`_apply_attract`."""
    data = _load_for_save()
    if data is None:
        return redirect(url_for(".index"))
    _apply_attract(data, request.form)
    return _saved(data)


@bp.post("/<any(allgemein, ziele, branchen):part>/pruefen")
def check(part: str):
    """The live check of the unsaved general or filter list form, as JSON problems by field of
    kiosk.yaml. The attract form has none: a dragged order would put an entry's problems beside
    the row that stood at its place before, and its choices come from lists that are valid."""
    form = request.form
    apply = (lambda data: _apply_general(data, form)) if part == "allgemein" else (
        lambda data: _apply_list(data, form, _filter_list(part)[0]))
    return live_check(FILE, apply, lambda data: _shown_fields(data, languages_of(data)))


@bp.post("/rueckgaengig")
def undo():
    """Put the previous saved version of ``kiosk.yaml`` back."""
    done = workspace().undo(FILE)
    flash(t("undone" if done else "undo.none"), "ok" if done else "error")
    return redirect(url_for(".index"))
