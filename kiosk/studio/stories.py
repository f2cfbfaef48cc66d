"""The stories blueprint: the list of stories, a new story from the template, the edit form,
live checks while staff type, undo, and delete after naming what refers to the story.

The form shows every field of ``story.yaml`` with one input per exhibition language side by
side. Saving writes only what changed (:mod:`kiosk.studio.formfields`) through the
workspace, then checks the whole folder and shows the validator's problems next to their
fields. Content with errors is still saved, as a draft: the kiosk does not show a folder with
errors, and staff lose nothing they typed.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from kiosk.studio import refs
from kiosk.studio.app import t, ui_lang, workspace
from kiosk.studio.fieldwords import in_staff_words
from kiosk.studio.formfields import number, one_line, posted, put_focus, posted_text, put_plain, put_text, text_of
from kiosk.studio.formviews import flash_saved
from kiosk.studio.workspace import FieldProblems, Workspace, create_story

bp = Blueprint("stories", __name__, url_prefix="/geschichten")

TEXTS = ("title", "teaser", "challenge", "solution", "benefit")
"""The story's own texts, in the order the form shows them; each has its on-screen limit ``story.<key>``."""
COSTS = ("one_off", "running", "effort")
"""The parts of ``cost:``; at least one is needed, each has the limit ``story.cost``."""
MAX_FIGURES = 4
"""The key figures a story may have (the validator wants none, or two to four)."""


GROUPED = re.compile(r"-?\d{1,3}(?:\.\d{3})+(?:,\d+)?")
"""A number written with German thousands points (``1.800``, ``12.500,5``)."""


def typed_number(text: str) -> int | float | str:
    """A number as staff type it, German style included: ``1.800`` is one thousand eight hundred,
    not 1.8 (the figure ``1.800 €`` must not shrink silently); ``2,5`` and ``2.5`` are two and a
    half. Anything else is returned as typed, for the validator to name."""
    text = text.strip()
    if GROUPED.fullmatch(text):
        text = text.replace(".", "")
    return number(text)


def _file(story_id: str) -> str:
    return f"stories/{story_id}/story.yaml"


def _existing(ws: Workspace, story_id: str) -> str:
    """The story's file name, or 404 when there is no such story."""
    if story_id not in ws.item_ids("stories"):
        abort(404)
    return _file(story_id)


def _title(value: Any, languages: list[str]) -> str:
    """A text in the interface language where it has one, else in the first language it has."""
    for lang in (ui_lang(), *languages):
        text = text_of(value, lang, languages)
        if text:
            return text
    return ""


@bp.get("/")
def index():
    """The list of stories with their cover pictures."""
    ws = workspace()
    languages = ws.languages()
    # Media are not decoded here (that is the check page's and the save's job): the list stays quick.
    problems = ws.validate(probe_media=False, lang=ui_lang()).problems
    stories = []
    for story_id in ws.item_ids("stories"):
        title, cover = "", None
        try:
            data = ws.load(_file(story_id))
            title = _title(data.get("title"), languages)
            if isinstance(data.get("cover"), str):
                cover = f"stories/{story_id}/{data['cover']}"
        except (OSError, YAMLError, AttributeError, ValueError):
            pass  # shown by its id; the check names what is wrong with the file
        own = ws.problems_of(problems, _file(story_id))
        stories.append({"id": story_id, "title": title or story_id, "cover": cover,
                        "errors": sum(p.severity == "error" for p in own),
                        "warnings": sum(p.severity == "warning" for p in own)})
    return render_template("stories.html", stories=stories)


@bp.post("/neu")
def create():
    """A new story from the template, its id made from the title; then its form."""
    ws = workspace()
    languages = ws.languages()
    titles = posted_text(request.form, "title", languages)
    if not any(titles.values()):
        flash(t("stories.new.empty"), "error")
        return redirect(url_for(".index"))
    title = titles.get("de") or next(v for v in titles.values() if v)
    story_id = create_story(ws, title, titles.get("en", ""))
    flash(t("stories.created", title=title), "info")
    return redirect(url_for(".edit", story_id=story_id))


@bp.get("/<story_id>/")
def edit(story_id: str):
    """The edit form, with the folder's problems next to their fields."""
    ws = workspace()
    relative = _existing(ws, story_id)
    data = _load_or_none(ws, relative)
    if data is None:
        return _unreadable(relative)
    return _render_form(ws, story_id, data, ws.validate(lang=ui_lang()).problems)


@bp.post("/<story_id>/")
def save(story_id: str):
    """Save the form (only what changed) and go back to it, where the whole folder is checked
    (a reload then shows the form again instead of sending it twice)."""
    ws = workspace()
    relative = _existing(ws, story_id)
    data = _load_or_none(ws, relative)
    if data is None:
        return _unreadable(relative)
    apply_form(data, request.form, ws.languages())
    ws.save(relative, data)
    flash_saved(relative)
    return redirect(url_for(".edit", story_id=story_id) + "#story-form", code=303)


@bp.post("/<story_id>/pruefen")
def check(story_id: str):
    """The live check: the unsaved form written into a temporary copy and validated without
    decoding media; return its problems by field as JSON."""
    ws = workspace()
    relative = _existing(ws, story_id)
    data = _load_or_none(ws, relative)
    if data is None:
        return jsonify({"fields": {}, "other": [{"file": relative, "line": None, "severity": "error",
                                                  "message": t("error.yaml", file=relative, reason="YAML")}]})
    languages = ws.languages()
    apply_form(data, request.form, languages)
    draft = ws.dump(data)
    problems = ws.check_draft({relative: draft}, lang=ui_lang())
    # Map by the draft's own lines: read back what was checked.
    checked = ws.load_text(draft)
    found = ws.field_problems(relative, checked, problems, form_fields(checked, languages))
    return jsonify(in_staff_words(found, relative, checked).as_dict())


@bp.post("/<story_id>/rueckgaengig")
def undo(story_id: str):
    """Put the version before the last save back."""
    ws = workspace()
    relative = _existing(ws, story_id)
    flash(t("undone") if ws.undo(relative) else t("undo.none"), "info")
    return redirect(url_for(".edit", story_id=story_id))


@bp.get("/<story_id>/loeschen")
def confirm_delete(story_id: str):
    """Ask before deleting, naming what refers to the story."""
    ws = workspace()
    relative = _existing(ws, story_id)
    data = _load_or_none(ws, relative)
    title = _title(data.get("title"), ws.languages()) if data is not None else story_id
    return render_template("story_delete.html", story_id=story_id, title=title or story_id,
                           referrers=refs.story_referrers(ws.folder, story_id))


@bp.post("/<story_id>/loeschen")
def delete(story_id: str):
    """Delete the story: its attract-list entries leave kiosk.yaml (kept in the history for
    undo), and its folder moves to the studio's bin outside the content folder."""
    ws = workspace()
    _existing(ws, story_id)
    if refs.story_referrers(ws.folder, story_id):
        settings = ws.load("kiosk.yaml")
        attract = settings.get("attract")
        for index in reversed(range(len(attract))):
            entry = attract[index]
            if isinstance(entry, dict) and entry.get("story") == story_id:
                del attract[index]
        ws.save("kiosk.yaml", settings)
    ws.remove_item("stories", story_id)
    flash(t("deleted"), "info")
    return redirect(url_for(".index"))


# -- the form ---------------------------------------------------------------------------------

def _load_or_none(ws: Workspace, relative: str) -> CommentedMap | None:
    """The story's YAML, or None when it cannot be read or is no mapping (the form cannot show it)."""
    try:
        data = ws.load(relative)
    except (OSError, YAMLError, UnicodeDecodeError):
        return None
    return data if isinstance(data, CommentedMap) else None


def _unreadable(relative: str):
    """The page for a story file the form cannot show; the validator's words say why."""
    validation = workspace().validate(lang=ui_lang())
    reasons = "; ".join(p.message for p in workspace().problems_of(validation.problems, relative)) or "YAML"
    return render_template("problems.html", message=t("error.yaml", file=relative, reason=reasons),
                           validation=None), 422


def form_fields(data: Any, languages: list[str]) -> set[str]:
    """Every field path the story form shows problems at, for :meth:`Workspace.field_problems`."""
    fields = {"title", "teaser", "challenge", "solution", "benefit", "company", "company.name",
              "company.industry", "company.employees", "company.place", "goals", "providers", "cost",
              "cover", "cover_focus", "figures", "media"}
    for key in (*TEXTS, *(f"cost.{part}" for part in COSTS), "company.name", "company.place"):
        fields.update({key, *(f"{key}.{lang}" for lang in languages)})
    figures = data.get("figures") if isinstance(data, dict) else None
    for index in range(max(len(figures) if isinstance(figures, list) else 0, MAX_FIGURES)):
        fields.update({f"figures.{index}", f"figures.{index}.value"})
        for part in ("unit", "label"):
            fields.update({f"figures.{index}.{part}", *(f"figures.{index}.{part}.{lang}" for lang in languages)})
    media = data.get("media") if isinstance(data, dict) else None
    for index in range(len(media) if isinstance(media, list) else 0):
        fields.update({f"media.{index}", f"media.{index}.caption",
                       *(f"media.{index}.caption.{lang}" for lang in languages)})
    return fields


def apply_form(data: CommentedMap, form, languages: list[str]) -> None:
    """Write the posted story form into ``data`` (the story's round-trip YAML), changing only
    what staff changed. Values that are not valid (a word for the number of employees) are
    written as typed, for the validator to name: nothing staff typed is lost. A field the form
    did not send at all is left as it is (a form from an older page never empties a field)."""
    for key in TEXTS:
        _put_form_text(data, key, form, key, languages)
    if any(name.startswith("company_") for name in form):
        company = data.get("company")
        if not isinstance(company, dict):
            company = data["company"] = CommentedMap()
        for key in ("name", "place"):
            if f"company_{key}" in form:  # written once for every language: one input
                put_text(company, key, {languages[0]: posted(form, f"company_{key}")}, languages)
            else:
                _put_form_text(company, key, form, f"company_{key}", languages)
        if "company_industry" in form:
            put_plain(company, "industry", posted(form, "company_industry") or None)
        if "company_employees" in form:
            employees = posted(form, "company_employees")
            put_plain(company, "employees", typed_number(employees) if employees else None)
    # Unticked boxes send nothing: a hidden marker says the choices were on the page.
    if "goals_shown" in form:
        _put_ids(data, "goals", form.getlist("goals"))
    if "providers_shown" in form:
        _put_ids(data, "providers", form.getlist("providers"), keep_empty=True)
    if any(name.startswith("cost_") for name in form):
        cost = data.get("cost")
        if not isinstance(cost, dict):
            cost = data["cost"] = CommentedMap()
        for part in COSTS:
            _put_form_text(cost, part, form, f"cost_{part}", languages)
    if "cover" in form:
        put_plain(data, "cover", posted(form, "cover") or None)
    # A click on a picture not saved yet (a fresh upload) travels with the form.
    put_focus(data, "cover_focus", posted(form, "cover_focus"), after="cover")
    if "figure_rows" in form:
        _put_figures(data, form, languages)
    _put_media(data, form, languages)


def _put_form_text(container: Any, key: str, form, prefix: str, languages: list[str]) -> None:
    """Write the text ``<prefix>_<lang>`` of the form to ``container[key]``; a language the form
    did not send keeps its text, and a text the form did not send at all stays untouched."""
    names = {lang: f"{prefix}_{lang}" for lang in languages}
    if not any(name in form for name in names.values()):
        return
    old = container.get(key) if isinstance(container, dict) else None
    values = {lang: posted(form, name) if name in form else text_of(old, lang, languages)
              for lang, name in names.items()}
    _put_translated(container, key, values, languages)


def _put_translated(container: Any, key: str, values: dict[str, str], languages: list[str]) -> None:
    """Write a visitor text that is meant to be translated: a new one is one text per language
    even while only German is filled in, so the validator asks for the missing translation
    instead of the kiosk showing the German text to English visitors unremarked."""
    if key not in container and any(values.values()):
        container[key] = CommentedMap()
    put_text(container, key, values, languages)


def _put_ids(data: CommentedMap, key: str, chosen: list[str], *, keep_empty: bool = False) -> None:
    """Write a list of ids from checkboxes, keeping the list's style and the order it had."""
    chosen = [item.strip() for item in chosen if item.strip()]
    old = data.get(key)
    if isinstance(old, list):
        if list(old) == chosen:
            return
        if not old and isinstance(old, CommentedSeq):
            old.fa.set_flow_style()  # "providers: []" grows into "[a, b]", as the samples write ids
        kept = [item for item in old if item in chosen]
        old[:] = kept + [item for item in chosen if item not in kept]
        return
    if chosen or (keep_empty and key in data):
        seq = CommentedSeq(chosen)
        seq.fa.set_flow_style()
        data[key] = seq


def _put_figures(data: CommentedMap, form, languages: list[str]) -> None:
    """Write the key figure rows; an empty row is dropped, no rows at all remove ``figures:``."""
    old = data.get("figures")
    seq = old if isinstance(old, list) else CommentedSeq()
    flow = bool(seq) and all(isinstance(row, CommentedMap) and row.fa.flow_style() for row in seq)
    rows = []
    for index in range(int(form.get("figure_rows") or 0)):
        value = posted(form, f"figure_{index}_value")
        unit = posted_text(form, f"figure_{index}_unit", languages)
        label = posted_text(form, f"figure_{index}_label", languages)
        if not (value or any(unit.values()) or any(label.values())):
            continue
        row = seq[index] if index < len(seq) and isinstance(seq[index], CommentedMap) else None
        if row is None:
            row = CommentedMap()
            if flow or not seq:
                row.fa.set_flow_style()
        put_plain(row, "value", typed_number(value) if value else None)
        put_text(row, "unit", unit, languages)
        _put_translated(row, "label", label, languages)
        rows.append(row)
    if not rows:
        data.pop("figures", None)
        return
    if [id(row) for row in seq] != [id(row) for row in rows]:
        seq[:] = rows
    if old is not seq:
        if "figures" in data:
            data["figures"] = seq
        else:
            data.insert(_after(data, "teaser"), "figures", seq)


def _after(data: CommentedMap, key: str) -> int:
    """The position just after ``key`` in ``data`` (its end when ``key`` is missing)."""
    keys = list(data)
    return keys.index(key) + 1 if key in keys else len(keys)


def _put_media(data: CommentedMap, form, languages: list[str]) -> None:
    """Write the media rows: captions, the order staff gave, and the entries they removed."""
    media = data.get("media")
    if isinstance(media, list):
        _put_media_files(media, form)
        _arrange_media(media, form, languages)
    _add_media(data, form, languages)


def _arrange_media(media: list, form, languages: list[str]) -> None:
    """Captions, the order staff gave, and the entries they removed, for the rows of the form."""
    order = []
    for index, entry in enumerate(media):
        if f"media_{index}_kept" not in form:
            continue  # not in the form the browser had (added since): leave it be
        if form.get(f"media_{index}_remove"):
            continue
        if isinstance(entry, dict):
            _put_translated(entry, "caption", one_line(posted_text(form, f"media_{index}_caption", languages)),
                            languages)
        position = number(posted(form, f"media_{index}_order"))
        order.append((position if isinstance(position, (int, float)) else index + 1, index, entry))
    order += [(len(media) + index, index, entry) for index, entry in enumerate(media)
              if f"media_{index}_kept" not in form]
    arranged = [entry for _, _, entry in sorted(order, key=lambda item: (item[0], item[1]))]
    if [id(entry) for entry in arranged] != [id(entry) for entry in media]:
        media[:] = arranged


def _put_media_files(media: list, form) -> None:
    """Write the file names the upload fields of existing rows hold: a picture replaced, a
    film's poster set or removed."""
    for index, entry in enumerate(media):
        if not isinstance(entry, dict) or f"media_{index}_kept" not in form:
            continue
        picture = posted(form, f"media_{index}_image")
        if picture and "image" in entry:
            put_plain(entry, "image", picture)
        if "image" in entry:
            put_focus(entry, "focus", posted(form, f"media_{index}_image_focus"), after="caption")
        poster = posted(form, f"media_{index}_poster")
        if f"media_{index}_poster" in form and "video" in entry:
            if poster and "poster" not in entry and isinstance(entry, CommentedMap):
                entry.insert(list(entry).index("video") + 1, "poster", poster)  # where the samples have it
            else:
                put_plain(entry, "poster", poster or None)


def _add_media(data: CommentedMap, form, languages: list[str]) -> None:
    """Add the entries whose file was just uploaded in the "new picture" and "new film" fields."""
    for kind in ("image", "video"):
        name = posted(form, f"media_new_{kind}")
        if not name:
            continue
        media = data.get("media")
        if not isinstance(media, list):
            media = data["media"] = CommentedSeq()
        if not media:
            media.fa.set_block_style()  # the template's "media: []" grows into the samples' block list
        entry = CommentedMap([(kind, name)])
        _put_translated(entry, "caption", one_line(posted_text(form, f"media_new_{kind}_caption", languages)),
                        languages)
        if kind == "image":
            put_focus(entry, "focus", posted(form, "media_new_image_focus"), after="caption")
        media.append(entry)


# -- the page ---------------------------------------------------------------------------------

def _choices(ws: Workspace, key: str, languages: list[str]) -> list[tuple[str, str]]:
    """(id, label) of the goals or industries in kiosk.yaml, in the interface language."""
    try:
        entries = ws.load("kiosk.yaml").get(key) or []
    except (OSError, YAMLError, AttributeError):
        return []
    return [(str(entry["id"]), _title(entry.get("label"), languages) or str(entry["id"]))
            for entry in entries if isinstance(entry, dict) and isinstance(entry.get("id"), str)]


def _providers(ws: Workspace, languages: list[str]) -> list[tuple[str, str]]:
    """(id, name) of every provider in the folder."""
    found = []
    for provider_id in ws.item_ids("providers"):
        try:
            name = _title(ws.load(f"providers/{provider_id}/provider.yaml").get("name"), languages)
        except (OSError, YAMLError, AttributeError):
            name = ""
        found.append((provider_id, name or provider_id))
    return found


def _subtitles(ws: Workspace, story_id: str, film: str, languages: list[str]) -> dict[str, str]:
    """The subtitle files beside the film ``film`` by language (``film.de.vtt``), as the kiosk finds them."""
    stem = film.rpartition(".")[0] or film
    found = {}
    for lang in languages:
        try:
            if film and ws.safe_path(f"stories/{story_id}/{stem}.{lang}.vtt").is_file():
                found[lang] = f"{stem}.{lang}.vtt"
        except ValueError:
            continue  # a film name that cannot lie in the folder has no subtitles; the check names it
    return found


def _render_form(ws: Workspace, story_id: str, data: CommentedMap, problems):
    """The edit form for ``data`` with ``problems`` (the folder's) by field."""
    languages = ws.languages()
    relative = _file(story_id)
    mapped: FieldProblems = in_staff_words(ws.field_problems(relative, data, problems, form_fields(data, languages)),
                                           relative, data)
    elsewhere = [p for p in problems if p.file != relative]
    own_errors = sum(p.severity == "error" for p in problems if p.file == relative)
    company = data.get("company") if isinstance(data.get("company"), dict) else {}
    cost = data.get("cost") if isinstance(data.get("cost"), dict) else {}

    def texts(value: Any) -> dict[str, str]:
        return {lang: text_of(value, lang, languages) for lang in languages}

    figures = [row for row in (data.get("figures") or []) if isinstance(row, dict)] \
        if isinstance(data.get("figures"), list) else []
    figure_rows = [{"value": "" if row.get("value") is None else str(row.get("value")),
                    "unit": texts(row.get("unit")), "label": texts(row.get("label"))} for row in figures]
    while len(figure_rows) < MAX_FIGURES:
        figure_rows.append({"value": "", "unit": texts(None), "label": texts(None)})
    media = []
    for entry in data.get("media") or [] if isinstance(data.get("media"), list) else []:
        entry = entry if isinstance(entry, dict) else {}
        kind = "video" if entry.get("video") else "image"
        film = str(entry.get(kind) or "")
        media.append({"kind": kind, "file": film, "caption": texts(entry.get("caption")),
                      "poster": str(entry.get("poster") or ""), "focus": entry.get("focus"),
                      "subtitles": _subtitles(ws, story_id, film, languages) if kind == "video" else {}})
    goals = data.get("goals") if isinstance(data.get("goals"), list) else []
    providers = data.get("providers") if isinstance(data.get("providers"), list) else []
    return render_template(
        "story_edit.html", story_id=story_id, languages=languages, fp=mapped, elsewhere=elsewhere,
        own_errors=own_errors,
        texts={key: texts(data.get(key)) for key in TEXTS},
        company={"name": texts(company.get("name")), "place": texts(company.get("place")),
                 "name_once": not isinstance(company.get("name"), dict),
                 "place_once": not isinstance(company.get("place"), dict),
                 "industry": str(company.get("industry") or ""),
                 "employees": "" if company.get("employees") is None else str(company.get("employees"))},
        cost={part: texts(cost.get(part)) for part in COSTS},
        goals=[str(goal) for goal in goals], goal_choices=_choices(ws, "goals", languages),
        industry_choices=_choices(ws, "industries", languages),
        providers=[str(item) for item in providers], provider_choices=_providers(ws, languages),
        cover=str(data.get("cover") or ""), cover_focus=data.get("cover_focus"),
        figure_rows=figure_rows, media=media, can_undo=ws.can_undo(relative),
        title=_title(data.get("title"), languages) or story_id)
