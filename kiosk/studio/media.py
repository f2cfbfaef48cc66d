"""Media by upload: pictures, films, subtitles and logos, checked at once like ``kiosk validate`` does.

An upload lands in the folder of the item being edited (``stories/<id>``, ``providers/<id>``,
``pages/<id>``), found through :meth:`Workspace.safe_path`. Its name is made safe first: no
folder parts, lowercase letters, digits and hyphens, the extension of what the file really is
(a PNG sent as ``.jpg`` is named ``.png``), and a number added when the name is taken, so an
upload never replaces a file. Subtitles take the name the kiosk looks for beside their film
(``film.de.vtt``) and replace the earlier ones, which the workspace keeps for undo.

Each file is checked with the validator's own probes before it gets its name: the checks of
:mod:`kiosk.model.media` (type, decodes), the video profile of :mod:`kiosk.model.videoprofile`
and :func:`kiosk.model.subtitles.check`, in the interface language. A file the validator calls
an error (damaged, not a picture, a broken cue) is not kept: it would stop the kiosk from
showing the whole folder, and staff still have the original on their PC; they see the
validator's sentence at once instead. A warning (a film too large for the kiosk's hardware, a
cue after the film's end) keeps the file and shows the warning, as ``kiosk validate`` would.

The file is written under a hidden temporary name in the item's folder and renamed when
complete and checked, so the folder never holds half a file. Uploads larger than
:data:`MAX_UPLOAD_BYTES` are refused before anything is written (Flask's ``MAX_CONTENT_LENGTH``).

A picture's crop focus (``focus:`` of a media entry, ``cover_focus:`` of a story) is set by a
click on the picture and written through the workspace, so the YAML stays round-trip. A click
on a fresh upload, which the saved file does not name yet, is not sent here: the page keeps it
in the form, and the next save writes picture and point together (see ``media.js``).
"""

from __future__ import annotations

import os
import secrets
import shutil
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from flask import Blueprint, current_app, jsonify, request, url_for
from ruamel.yaml.comments import CommentedSeq
from werkzeug.exceptions import RequestEntityTooLarge

from kiosk.i18n import use_language
from kiosk.model import media as probes
from kiosk.model import subtitles
from kiosk.services import content_ops
from kiosk.studio.app import t, ui_lang, workspace
from kiosk.studio.security import machine_settings
from kiosk.studio.workspace import UnsafePath, slugify
from kiosk.studio.texts import TEXTS

MAX_UPLOAD_BYTES = 1000 << 20
"""The largest upload: 1000 MB, several minutes of 1080p film; anything larger is no film for a
kiosk. Below waitress's own limit (1 GiB), so staff always get this module's sentence, not the
server's English one."""
KINDS = {"image": "image", "logo": "image", "video": "video", "subtitles": "subtitles"}
"""What staff upload, and which probe checks it (a logo is a picture)."""
ITEM_FILES = {"stories": "story.yaml", "providers": "provider.yaml", "pages": "page.yaml"}
"""The kinds of item that hold media, and their YAML file."""
PILLOW_TYPES = {"JPEG": ".jpg", "PNG": ".png"}
"""The extension of each picture format the kiosk shows, as Pillow names the format."""
CHUNK = 1 << 20

TEXTS["de"].update({
    "media.drop": "Datei hierher ziehen oder",
    "media.choose": "Datei auswählen",
    "media.uploading": "Wird hochgeladen …",
    "media.checking": "Wird geprüft …",
    "media.ok": "{name} ist gespeichert und geprüft.",
    "media.kept.warning": "{name} ist gespeichert. Bitte beachten Sie den Hinweis.",
    "media.refused": "{name} wurde nicht gespeichert.",
    "media.failed": "Das Hochladen hat nicht geklappt (Fehler {status}). Bitte laden Sie die Seite neu und "
                    "versuchen Sie es noch einmal.",
    "media.too.large": "Die Datei ist größer als {limit}. Bitte verkleinern Sie sie (Filme: als MP4 mit H.264 "
                       "exportieren); es wurde nichts gespeichert.",
    "media.no.file": "Es wurde keine Datei mitgeschickt. Bitte wählen Sie eine Datei aus.",
    "media.bad.item": "Diesen Eintrag gibt es nicht. Bitte laden Sie die Seite neu.",
    "media.bad.kind": "Diese Art von Datei nimmt das Studio nicht an (Bilder, Filme, Untertitel und Logos).",
    "media.subtitles.film": "Untertitel gehören zu einem Film: Laden Sie zuerst den Film hoch und wählen Sie "
                            "die Sprache.",
    "media.subtitles.type": "Untertitel müssen eine WebVTT-Datei sein (Endung .vtt).",
    "media.focus.hint": "Klicken Sie auf die Stelle des Bildes, die beim Zuschneiden sichtbar bleiben soll.",
    "media.focus.saved": "Bildmittelpunkt gespeichert.",
    "media.focus.later": "Bildmittelpunkt gesetzt. Er wird mit „Speichern“ übernommen.",
    "media.focus.bad": "Der Bildmittelpunkt braucht zwei Zahlen von 0 bis 1.",
    "media.focus.missing": "Dieses Bild steht noch nicht in der gespeicherten Fassung. Bitte speichern Sie zuerst, "
                           "dann setzen Sie den Bildmittelpunkt.",
    "media.size": "{width} × {height} Pixel",
    "media.film": "{width} × {height} Pixel, {seconds} Sekunden",
})
TEXTS["en"].update({
    "media.drop": "Drag a file here or",
    "media.choose": "Choose a file",
    "media.uploading": "Uploading …",
    "media.checking": "Checking …",
    "media.ok": "{name} is saved and checked.",
    "media.kept.warning": "{name} is saved. Please read the note.",
    "media.refused": "{name} was not saved.",
    "media.failed": "The upload did not work (error {status}). Please reload the page and try again.",
    "media.too.large": "The file is larger than {limit}. Please make it smaller (films: export as MP4 with "
                       "H.264); nothing was saved.",
    "media.no.file": "No file was sent. Please choose a file.",
    "media.bad.item": "This item does not exist. Please reload the page.",
    "media.bad.kind": "The studio does not take this kind of file (pictures, films, subtitles and logos).",
    "media.subtitles.film": "Subtitles belong to a film: upload the film first and choose the language.",
    "media.subtitles.type": "Subtitles must be a WebVTT file (ending .vtt).",
    "media.focus.hint": "Click the spot of the picture that must stay in view when it is cropped.",
    "media.focus.saved": "Focus point saved.",
    "media.focus.later": "Focus point set. It is kept when you press “Save”.",
    "media.focus.bad": "The focus point needs two numbers from 0 to 1.",
    "media.focus.missing": "This picture is not in the saved version yet. Please save first, then set the focus "
                           "point.",
    "media.size": "{width} × {height} pixels",
    "media.film": "{width} × {height} pixels, {seconds} seconds",
})

bp = Blueprint("media", __name__, url_prefix="/medien")


@bp.record_once
def _limit(state) -> None:
    # Refused by Werkzeug before the body is read into a temporary file: nothing is written.
    if state.app.config.get("MAX_CONTENT_LENGTH") is None:
        state.app.config["MAX_CONTENT_LENGTH"] = MAX_UPLOAD_BYTES


@dataclass
class Verdict:
    """What the probes said about one uploaded file: problems as (severity, sentence), and facts."""

    problems: list[tuple[str, str]] = field(default_factory=list)
    info: str = ""
    extension: str = ""
    """The extension the file's content calls for (pictures), else empty."""

    @property
    def refused(self) -> bool:
        """Whether the validator would call the file an error."""
        return any(severity == "error" for severity, _ in self.problems)


class Refused(Exception):
    """An upload or a focus that was not taken: ``status`` and a sentence for staff."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


# -- names ------------------------------------------------------------------------------------

def safe_name(original: str, fallback: str = "datei") -> tuple[str, str]:
    """Split an uploaded file's name into a safe stem and its lowercase extension: no folder
    parts (``/`` or ``\\``), lowercase ASCII letters, digits and hyphens (``Über Uns.JPG`` →
    ``ueber-uns``, ``.jpg``)."""
    base = original.replace("\\", "/").rsplit("/", 1)[-1].replace("\0", "")
    stem, dot, extension = base.rpartition(".")
    if not dot:
        stem, extension = base, ""
    extension = "".join(char for char in extension.lower() if char.isascii() and char.isalnum())
    return slugify(stem, fallback)[:80].strip("-") or fallback, f".{extension}" if extension else ""


def unused_name(folder: Path, stem: str, extension: str) -> str:
    """``stem + extension``, or with ``-2``, ``-3`` … added, whichever does not exist in ``folder``."""
    name, number = stem + extension, 2
    while (folder / name).exists() or (folder / name).is_symlink():
        name, number = f"{stem}-{number}{extension}", number + 1
    return name


# -- checks -----------------------------------------------------------------------------------

def check_upload(path: Path, name: str, kind: str, *, film_seconds: float | None = None) -> Verdict:
    """Check the file at ``path`` (to be called ``name``) as a ``kind`` upload with the validator's
    probes; the sentences are in the current :func:`~kiosk.i18n.use_language`."""
    checked = Verdict()
    probe = KINDS[kind]
    if probe == "subtitles":
        for line, severity, message in subtitles.check(path, film_seconds):
            checked.problems.append((severity, f"{name}, {t('problems.line')} {line}: {message}" if line
                                     else f"{name}: {message}"))
        return checked
    problem = probes.check_file(path, name, probe)
    if problem is None and probe == "image":
        problem = probes.check_image(path, name)
        if problem is None:
            checked.extension, checked.info = _picture_facts(path)
    elif problem is None:
        problem, info = probes.check_video(path, name)
        if info is not None:
            checked.info = t("media.film", width=info.width, height=info.height, seconds=round(info.duration))
            profile = content_ops.video_profile(machine_settings())
            too_much = profile.problem(info.codec, info.width, info.height, info.fps)
            if too_much:
                checked.problems.append(("warning", f"'{name}' {too_much}"))
    if problem is not None:
        checked.problems.insert(0, ("error", problem))
    return checked


def _picture_facts(path: Path) -> tuple[str, str]:
    """The extension a decoded picture's format calls for, and its size in words."""
    from PIL import Image

    with Image.open(path) as image:
        return PILLOW_TYPES.get(image.format, path.suffix.lower()), t("media.size", width=image.width,
                                                                      height=image.height)


def _film_seconds(film: Path) -> float | None:
    """The duration of the film ``film``, or None when it cannot be probed."""
    _problem, info = probes.check_video(film, film.name)
    return info.duration if info else None


# -- the upload -------------------------------------------------------------------------------

def item_folder(item: str) -> Path:
    """The folder of the item ``<kind>/<id>`` (e.g. ``stories/baeckerei``); it must exist.
    Raises :class:`Refused` for anything else, UnsafePath for a name leading outside."""
    kind, _, ident = item.partition("/")
    if kind not in ITEM_FILES or not ident or "/" in ident:
        raise Refused(t("media.bad.item"), 404)
    folder = workspace().safe_path(item)
    if folder.parent != workspace().folder / kind or not (folder / ITEM_FILES[kind]).is_file():
        raise Refused(t("media.bad.item"), 404)
    return folder


def store_upload(item: str, kind: str, upload, *, film: str = "", lang: str = "") -> dict:
    """Check the uploaded file ``upload`` (a Werkzeug FileStorage) and store it in ``item``'s
    folder; return the answer for the page: ``ok``, ``name``, ``problems``, ``message``, ``info``.

    Raises :class:`Refused` for a request that cannot be an upload (no file, unknown kind or item).
    """
    if kind not in KINDS:
        raise Refused(t("media.bad.kind"))
    folder = item_folder(item)
    if upload is None or not upload.filename:
        raise Refused(t("media.no.file"))
    stem, extension = safe_name(upload.filename)
    film_path = None
    if kind == "subtitles":
        film_path = _subtitle_film(folder, film, lang)
        if extension != ".vtt":
            raise Refused(t("media.subtitles.type"), 422)
        name = f"{film_path.stem}.{lang}.vtt"
    else:
        name = unused_name(folder, stem, extension)
    # Hidden, and ending in the real extension, which the type check reads.
    partial = folder / f".upload-{secrets.token_hex(6)}-{name}"
    try:
        with open(partial, "xb") as out:
            shutil.copyfileobj(upload.stream, out, CHUNK)
        with use_language(ui_lang()):
            checked = check_upload(partial, name, kind,
                                   film_seconds=_film_seconds(film_path) if film_path else None)
        if checked.refused:
            return _answer(False, name, checked, t("media.refused", name=name))
        if kind == "subtitles":
            # Replaced in place, the earlier file kept in the workspace's history for undo.
            workspace().save_text(workspace().relative(folder / name), partial.read_bytes())
        else:
            name = _place(partial, folder, stem, checked.extension or extension)
    finally:
        with suppress(OSError):
            partial.unlink()
    key = "media.kept.warning" if checked.problems else "media.ok"
    return _answer(True, name, checked, t(key, name=name))


def _place(partial: Path, folder: Path, stem: str, extension: str) -> str:
    """Give the checked file ``partial`` an unused name in ``folder``; return it. A hard link
    takes the name only if it is still free, so two uploads at once never replace each other."""
    while True:
        name = unused_name(folder, stem, extension)
        try:
            os.link(partial, folder / name)
        except FileExistsError:
            continue  # taken since it was looked at: the next number
        except OSError:
            # A file system without hard links (FAT): a rename, free a moment ago.
            os.replace(partial, folder / name)
        return name


def _subtitle_film(folder: Path, film: str, lang: str) -> Path:
    """The film in ``folder`` that subtitles in ``lang`` belong to; Refused unless both are right."""
    if (not film or "/" in film or "\\" in film or film.startswith(".") or len(lang) != 2
            or not lang.isascii() or not lang.isalpha() or not lang.islower()):
        raise Refused(t("media.subtitles.film"), 422)
    path = folder / film
    if path.suffix.lower() not in probes.VIDEO_TYPES or not path.is_file():
        raise Refused(t("media.subtitles.film"), 422)
    return path


def _answer(ok: bool, name: str, checked: Verdict, message: str) -> dict:
    return {"ok": ok, "name": name, "message": message, "info": checked.info,
            "problems": [{"severity": severity, "message": text} for severity, text in checked.problems]}


@bp.route("/hochladen", methods=["POST"])
def upload():
    """Take one file (form fields ``item``, ``kind``, ``file``; for subtitles ``film`` and
    ``lang``); answer JSON: 200 when it was kept, 422 when the validator refused it."""
    form = request.form
    try:
        answer = store_upload(form.get("item", ""), form.get("kind", ""), request.files.get("file"),
                              film=form.get("film", ""), lang=form.get("lang", ""))
    except Refused as exc:
        return jsonify(ok=False, message=str(exc), problems=[]), exc.status
    except UnsafePath:
        return jsonify(ok=False, message=t("media.bad.item"), problems=[]), 404
    if answer["ok"]:
        answer["url"] = _file_url(form["item"], answer["name"])
    return jsonify(answer), 200 if answer["ok"] else 422


def _file_url(item: str, name: str) -> str:
    return url_for("content_file", relative=str(PurePosixPath(item) / name))


@bp.app_errorhandler(RequestEntityTooLarge)
def too_large(error):
    """The upload was over the limit: one sentence, JSON for the upload script, nothing written."""
    limit = current_app.config.get("MAX_CONTENT_LENGTH") or MAX_UPLOAD_BYTES
    message = t("media.too.large", limit=_megabytes(limit))
    if request.accept_mimetypes.best == "application/json" or request.blueprint == "media":
        return jsonify(ok=False, message=message, problems=[]), 413
    return message, 413, {"Content-Type": "text/plain; charset=utf-8"}


def _megabytes(count: int) -> str:
    return f"{count / (1 << 20):g} MB"


# -- the focus point --------------------------------------------------------------------------

def set_focus(item: str, target: str, x: float, y: float, shown: str | None = None) -> list[float]:
    """Write the focus point (``x`` across, ``y`` down, 0 to 1) of the picture ``target`` of
    ``item``: ``cover`` (a story's ``cover_focus:``) or ``media.<n>`` (that entry's ``focus:``).
    ``shown`` is the file the page shows there: when the saved file is another (a new upload not
    saved yet), nothing is written. Returns the point as written. Raises :class:`Refused`."""
    if not (0 <= x <= 1 and 0 <= y <= 1):
        raise Refused(t("media.focus.bad"), 422)
    item_folder(item)
    relative = f"{item}/{ITEM_FILES[item.partition('/')[0]]}"
    data = workspace().load(relative)
    owner, key, picture = None, None, None
    if target == "cover" and item.startswith("stories/") and isinstance(data, dict):
        owner, key, picture = data, "cover_focus", data.get("cover")
    elif target.startswith("media.") and target[6:].isdigit() and isinstance(data, dict):
        entries, index = data.get("media"), int(target[6:])
        if isinstance(entries, list) and index < len(entries) and isinstance(entries[index], dict):
            owner, key, picture = entries[index], "focus", entries[index].get("image")
    if owner is None or not isinstance(picture, str) or not picture or shown not in (None, picture):
        raise Refused(t("media.focus.missing"), 409)
    point = CommentedSeq([round(x, 2), round(y, 2)])
    point.fa.set_flow_style()
    owner[key] = point
    workspace().save(relative, data)
    return list(point)


@bp.route("/fokus", methods=["POST"])
def focus():
    """Set a picture's focus point from a click (form fields ``item``, ``target``, ``x``, ``y``,
    and ``file``, the picture the page shows)."""
    form = request.form
    try:
        x, y = float(form.get("x", "")), float(form.get("y", ""))
    except ValueError:
        return jsonify(ok=False, message=t("media.focus.bad")), 422
    try:
        point = set_focus(form.get("item", ""), form.get("target", ""), x, y, form.get("file"))
    except Refused as exc:
        return jsonify(ok=False, message=str(exc)), exc.status
    except UnsafePath:
        return jsonify(ok=False, message=t("media.bad.item")), 404
    return jsonify(ok=True, focus=point, message=t("media.focus.saved"))
