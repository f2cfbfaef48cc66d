"""From the office to the room: the content folder as a ZIP to download, or written to a USB stick.

The ZIP holds the folder's files at its top (``kiosk.yaml`` first), as ``kiosk content
install`` and the staff panel's "Vom USB-Stick installieren" expect it. Left out are what is
not content: hidden files and folders (``.git``, ``.DS_Store``, the temporary files of an
atomic write or an upload), editor backups (``name~``) and ``*.tmp`` files. The studio's undo
history lives outside the folder and so is never in it. A link inside the folder is stored as
the file it points at (the kiosk's ZIP install refuses links); a link that leads out of the
folder stops the export with a sentence naming it, since the kiosk would refuse it too.

The ZIP is built in a temporary file, never in memory (films are large), and sent from there.
On a USB stick it is written under a hidden name and renamed when complete, so a stick pulled
out too early never holds half a ZIP under the real name.
"""

from __future__ import annotations

import glob
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO

from flask import Blueprint, current_app, render_template, request, send_file

from kiosk.files import TMP_SUFFIX
from kiosk.studio.app import t, ui_lang, workspace
from kiosk.studio.security import machine_settings
from kiosk.studio.texts import TEXTS

STORED_TYPES = frozenset({".jpg", ".jpeg", ".png", ".mp4", ".m4v", ".mov", ".zip"})
"""Files that are compressed already: stored as they are, which saves the office PC's time."""
CHUNK = 1 << 20

TEXTS["de"].update({
    "nav.export": "Weitergeben",
    "export.title": "Ausstellung weitergeben",
    "export.intro": "Laden Sie den Inhaltsordner als ZIP-Datei herunter oder speichern Sie ihn direkt auf einen "
                    "USB-Stick. Am Kiosk installieren Sie ihn im Mitarbeiterbereich mit „Vom USB-Stick installieren“.",
    "export.ok": "Der Ordner ist fehlerfrei: Der Kiosk kann ihn installieren.",
    "export.errors": "Der Ordner hat {errors} Fehler. Der Kiosk installiert ihn erst, wenn sie behoben sind.",
    "export.problems": "Zum Prüfergebnis",
    "export.zip": "Als ZIP herunterladen",
    "export.usb": "Auf USB-Stick speichern",
    "export.usb.none": "Kein USB-Stick gefunden. Stecken Sie einen Stick ein und laden Sie die Seite neu.",
    "export.usb.free": "{free} frei",
    "export.usb.done": "Gespeichert: {path} ({size}). Sie können den Stick jetzt auswerfen und abziehen.",
    "export.usb.gone": "Dieser USB-Stick ist nicht mehr da. Bitte stecken Sie ihn wieder ein und laden Sie die "
                       "Seite neu.",
    "export.usb.full": "Auf dem USB-Stick ist nicht genug Platz: Die ZIP-Datei braucht {size}, frei sind {free}. "
                       "Auf dem Stick wurde nichts geändert.",
    "export.usb.failed": "Der USB-Stick lässt sich nicht beschreiben ({reason}). Auf dem Stick wurde nichts "
                         "geändert.",
    "export.link": "Die Datei {name} ist ein Verweis auf eine Datei außerhalb des Inhaltsordners. Kopieren Sie "
                   "die Datei selbst in den Ordner; es wurde nichts exportiert.",
})
TEXTS["en"].update({
    "nav.export": "Hand over",
    "export.title": "Hand over the exhibition",
    "export.intro": "Download the content folder as a ZIP file or save it straight to a USB stick. On the kiosk, "
                    "install it in the staff panel with “Vom USB-Stick installieren”.",
    "export.ok": "The folder has no errors: the kiosk can install it.",
    "export.errors": "The folder has {errors} error(s). The kiosk installs it only once they are fixed.",
    "export.problems": "To the check result",
    "export.zip": "Download as ZIP",
    "export.usb": "Save to USB stick",
    "export.usb.none": "No USB stick found. Plug one in and reload the page.",
    "export.usb.free": "{free} free",
    "export.usb.done": "Saved: {path} ({size}). You can eject and unplug the stick now.",
    "export.usb.gone": "This USB stick is no longer there. Please plug it in again and reload the page.",
    "export.usb.full": "There is not enough space on the USB stick: the ZIP file needs {size}, {free} are free. "
                       "Nothing on the stick was changed.",
    "export.usb.failed": "The USB stick cannot be written ({reason}). Nothing on the stick was changed.",
    "export.link": "The file {name} is a link to a file outside the content folder. Copy the file itself into "
                   "the folder; nothing was exported.",
})

bp = Blueprint("export", __name__, url_prefix="/weitergeben")


class ExportError(Exception):
    """An export that was not made; the message is one sentence for staff, and nothing was written."""


@dataclass(frozen=True)
class Drive:
    """A mounted removable drive: its name (the mount folder's), where it is, and its free bytes."""

    name: str
    path: Path
    free: int


# -- the ZIP ----------------------------------------------------------------------------------

def is_content_file(relative: str) -> bool:
    """Whether the folder-relative name ``relative`` is content to export (see the module's doc)."""
    parts = relative.split("/")
    return not any(part.startswith(".") or part == "__pycache__" for part in parts) and not (
        relative.endswith((TMP_SUFFIX, "~")))


def content_files(folder: Path) -> list[tuple[str, Path]]:
    """Every file of the content folder ``folder`` to export, as (name in the ZIP, file), sorted
    with ``kiosk.yaml`` first. Raises ExportError for a link that leads out of the folder."""
    root = Path(folder).resolve()
    found = []
    for base, dirs, files in os.walk(root, followlinks=False):
        rel_base = Path(base).relative_to(root).as_posix()
        # Links to folders are followed here by hand below, never by os.walk (a loop would hang it).
        for name in sorted(dirs + files):
            relative = name if rel_base == "." else f"{rel_base}/{name}"
            path = Path(base) / name
            if not is_content_file(relative):
                if name in dirs:
                    dirs.remove(name)
                continue
            if path.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(root):
                    raise ExportError(t("export.link", name=relative))
                if target.is_dir():
                    continue  # its files are in the folder already, under their own names
            if path.is_file():
                found.append((relative, path))
    return sorted(found, key=lambda item: (item[0] != "kiosk.yaml", item[0]))


def write_zip(folder: Path, stream: IO[bytes]) -> int:
    """Write the ZIP of ``folder`` to the binary ``stream``; return the number of files in it.

    Raises ExportError (see :func:`content_files`), OSError when a file cannot be read.
    """
    files = content_files(folder)
    with zipfile.ZipFile(stream, "w", allowZip64=True) as archive:
        for name, path in files:
            method = zipfile.ZIP_STORED if path.suffix.lower() in STORED_TYPES else zipfile.ZIP_DEFLATED
            info = zipfile.ZipInfo.from_file(path, name)
            info.compress_type = method
            info.external_attr = 0o644 << 16  # a plain file, whatever the link or mode it came from
            with open(path, "rb") as source, archive.open(info, "w") as target:
                shutil.copyfileobj(source, target, CHUNK)
    return len(files)


def zip_file(folder: Path) -> IO[bytes]:
    """Return a temporary file holding the ZIP of ``folder``, at its start; it vanishes when closed."""
    stream = tempfile.TemporaryFile(prefix="kiosk-export-")
    try:
        write_zip(folder, stream)
    except BaseException:
        stream.close()
        raise
    stream.seek(0)
    return stream


def zip_name(folder: Path, day: date | None = None) -> str:
    """The ZIP's file name: the folder's name and the day, e.g. ``content-2026-11-30.zip``."""
    safe = "".join(char if char.isalnum() or char in "-_" else "-" for char in Path(folder).name) or "inhalt"
    return f"{safe}-{(day or date.today()).isoformat()}.zip"


# -- USB sticks -------------------------------------------------------------------------------

def removable_drives(roots: Iterable[str]) -> list[Drive]:
    """The writable drives that the shell patterns ``roots`` match (the machine settings'
    ``usb_roots``, e.g. ``/media/*/*``, as the kiosk's own USB install reads them), by name.
    A pattern that matches nothing, or a drive that cannot be looked at, gives none."""
    drives = {}
    for pattern in roots:
        for match in sorted(glob.glob(pattern)):
            entry = Path(match)
            with suppress(OSError):
                if (entry.is_dir() and not entry.name.startswith(".") and os.access(entry, os.W_OK | os.X_OK)
                        and entry.name not in drives):
                    drives[entry.name] = Drive(entry.name, entry, shutil.disk_usage(entry).free)
    return sorted(drives.values(), key=lambda drive: drive.name.lower())


def save_to_drive(folder: Path, drive_name: str, roots: Iterable[str], *, day: date | None = None) -> Path:
    """Write the ZIP of ``folder`` onto the drive named ``drive_name`` (one of
    :func:`removable_drives`; never a path from the browser); return the file written.

    The ZIP is complete before it takes its name; an older export of the same day is replaced.
    Raises ExportError, in one sentence, when the drive is gone, full or cannot be written;
    nothing is then left on it.
    """
    drive = next((d for d in removable_drives(roots) if d.name == drive_name), None)
    if drive is None:
        raise ExportError(t("export.usb.gone"))
    target = drive.path / zip_name(folder, day)
    partial = drive.path / f".{target.name}.{os.getpid()}{TMP_SUFFIX}"
    with zip_file(folder) as stream:
        size = stream.seek(0, os.SEEK_END)
        stream.seek(0)
        if size > drive.free:
            raise ExportError(t("export.usb.full", size=human_size(size), free=human_size(drive.free)))
        try:
            with open(partial, "wb") as out:
                shutil.copyfileobj(stream, out, CHUNK)
                out.flush()
                os.fsync(out.fileno())  # a stick is pulled soon after: the bytes must be on it
            os.replace(partial, target)
        except OSError as exc:
            with suppress(OSError):
                partial.unlink()
            raise ExportError(t("export.usb.failed", reason=(exc.strerror or str(exc)))) from None
    return target


def human_size(count: int) -> str:
    """``count`` bytes as staff read it: ``820 KB``, ``12,4 MB`` (in the interface's language)."""
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if count >= scale:
            number = f"{count / scale:.1f}"
            return f"{number.replace('.', ',') if ui_lang() == 'de' else number} {unit}"
    return f"{count} B"


# -- views ------------------------------------------------------------------------------------

def usb_roots() -> tuple[str, ...]:
    """Where USB sticks are mounted: the app's ``STUDIO_USB_ROOTS`` (tests), else the machine
    settings' ``usb_roots``."""
    return tuple(current_app.config.get("STUDIO_USB_ROOTS") or machine_settings().usb_roots)


def _page(message: str | None = None, category: str = "ok", status: int = 200):
    validation = workspace().validate(probe_media=False, lang=ui_lang())
    return render_template("export.html", validation=validation, drives=removable_drives(usb_roots()),
                           human_size=human_size, message=message, category=category), status


@bp.route("/")
def index():
    """The export page: the folder's check, the ZIP download and the USB sticks found."""
    return _page()


@bp.route("/inhalt.zip")
def download():
    """The folder as a ZIP download, built in a temporary file."""
    folder = workspace().folder
    try:
        stream = zip_file(folder)
    except ExportError as exc:
        return _page(str(exc), "error", 409)
    return send_file(stream, mimetype="application/zip", as_attachment=True, download_name=zip_name(folder),
                     max_age=0)


@bp.route("/usb", methods=["POST"])
def to_usb():
    """Write the ZIP onto the USB stick chosen by name, and say where and how large."""
    try:
        target = save_to_drive(workspace().folder, request.form.get("drive", ""), usb_roots())
    except ExportError as exc:
        return _page(str(exc), "error", 409)
    return _page(t("export.usb.done", path=str(target), size=human_size(target.stat().st_size)))
