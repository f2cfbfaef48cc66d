"""Content folders packed as ZIP files (what the studio exports), unpacked safely.

A ZIP comes from an office PC or a USB stick, so it is treated as hostile. :func:`unpack`
writes only plain files and folders below the folder it is given and refuses, before writing
anything, entries whose names lead elsewhere ("zip slip": ``../``, absolute names, drive
letters, backslashes), links, devices, duplicate names and names that differ only in case,
encrypted entries, and archives with more entries or more bytes than :class:`Limits` allows.
While it inflates, it counts the bytes that really come out of each entry, so a header that
lies about the sizes cannot make a zip bomb fill the disk. Every refusal is a
:class:`ZipRefused` whose message is one sentence for staff: which entry, and what to do, in
the language of the caller (:func:`kiosk.i18n.use_language`).

The content folder is either the ZIP's top (``kiosk.yaml`` among its first entries, as the
studio exports it) or the one folder at its top (a folder packed as a whole). macOS's
``__MACOSX/`` folder of resource forks is left out.

No Kivy; the caller chooses where to unpack (the release store into its hidden, self-cleaning
``.incoming-`` folder) and removes what is left when it fails.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from kiosk.i18n import _, current_language
from kiosk.model.problems import printable, shown

CHUNK = 1 << 20
"""Bytes inflated at a time: the limits are checked after every chunk."""
RATIO_FLOOR = 1 << 20
"""Entries smaller than this when inflated are not held to :attr:`Limits.max_ratio`: a short
YAML file or an empty picture compresses far better than a real photo or film, and cannot
fill a disk."""
IGNORED_TOP = "__macosx"
"""macOS adds this folder of resource forks to the ZIPs it makes; it is not content."""
_DRIVE = re.compile(r"^[A-Za-z]:")
_UNIX = 3
"""``ZipInfo.create_system`` of ZIPs made on Unix and macOS: only they carry file types."""


@dataclass(frozen=True)
class Limits:
    """What one ZIP may hold. The defaults fit an exhibition of a few dozen films at 1080p."""

    max_total: int = 8 << 30
    """Bytes of all entries together, inflated."""
    max_file: int = 4 << 30
    """Bytes of one entry, inflated."""
    max_entries: int = 20_000
    """Entries (files and folders)."""
    max_ratio: int = 200
    """How many times larger than its compressed bytes an entry may grow (above
    :data:`RATIO_FLOOR`). Photos and films barely compress; text compresses about tenfold."""


LIMITS = Limits()


class ZipRefused(Exception):
    """A ZIP that is not unpacked: the message names the archive, the entry and the fix."""


def is_archive(path: Path) -> bool:
    """Whether ``path`` is a file (not a folder): what install and validate treat as a ZIP.

    A path that cannot even be looked at (a name too long) is none; the folder's own checks
    then say why it cannot be used.
    """
    try:
        return Path(path).is_file()
    except (OSError, ValueError):
        return False


def unpack(archive: Path, target: Path, limits: Limits | None = None) -> Path:
    """Unpack the ZIP file ``archive`` into the empty folder ``target``, within ``limits``
    (default :data:`LIMITS`); return the content folder in it: ``target`` itself, or the one
    folder at the ZIP's top.

    Raises ZipRefused (nothing written when the entries' names or the header sizes are at
    fault; the caller removes ``target`` in any case), OSError when ``target`` cannot be
    written.
    """
    name = printable(str(archive))
    limits = limits or LIMITS
    if Path(archive).suffix.lower() != ".zip" and not zipfile.is_zipfile(archive):
        raise ZipRefused(_("{archive} is a file, but neither a content folder nor a ZIP of one; name the "
                           "folder that holds kiosk.yaml, or a ZIP exported from the studio", archive=name))
    try:
        with zipfile.ZipFile(archive) as zf:
            entries = _checked_entries(zf, name, limits)
            root = _content_root(entries, name)
            _extract(zf, entries, Path(target), name, limits)
    except (zipfile.BadZipFile, EOFError, zlib.error, UnicodeDecodeError) as exc:
        # UnicodeDecodeError: a name marked as UTF-8 that is not.
        raise ZipRefused(_damaged(name, exc)) from None
    except OSError as exc:
        if exc.errno != errno.EINVAL:  # EINVAL: a damaged directory points before the file's start
            raise
        raise ZipRefused(_damaged(name, exc)) from None
    except NotImplementedError as exc:
        raise ZipRefused(_("{archive} uses a kind of compression the kiosk cannot unpack ({reason}); pack it "
                           "again as a plain ZIP (Deflate), e.g. with the studio's export", archive=name,
                           reason=shown(exc, 80))) from None
    return Path(target) / root if root else Path(target)


def _damaged(name: str, exc: Exception) -> str:
    why = shown(getattr(exc, "strerror", None) or exc, 80)
    return _("{archive} is not a complete ZIP file ({reason}); it may be damaged or was copied only in part: "
             "copy it again, or export it again from the studio", archive=name, reason=why)


def _checked_entries(zf: zipfile.ZipFile, name: str, limits: Limits) -> list[tuple[zipfile.ZipInfo, str]]:
    """Every entry but macOS's, with its safe relative name; raise ZipRefused for the first
    that may not be unpacked, or when the archive as a whole is too large."""
    infos = zf.infolist()
    if len(infos) > limits.max_entries:
        raise ZipRefused(_("{archive} holds {count} entries, more than the {limit} a content folder may have; "
                           "leave out what the exhibition does not use and pack it again", archive=name,
                           count=len(infos), limit=limits.max_entries))
    entries, seen, folded, total = [], {}, {}, 0
    for info in infos:
        rel = _safe_name(info, name)
        if rel.split("/", 1)[0].casefold() == IGNORED_TOP:
            continue
        _check_kind(info, rel, name)
        entry = shown(rel, 120)
        if rel in seen:
            raise ZipRefused(_("{archive} holds '{entry}' twice; pack the folder again, so that each file is in "
                               "it once", archive=name, entry=entry))
        key = unicodedata.normalize("NFC", rel).casefold()
        if key in folded:
            raise ZipRefused(_("{archive} holds '{entry}' and '{other}', names that differ only in case or "
                               "accents, which many disks cannot keep apart; rename one and pack it again",
                               archive=name, entry=entry, other=shown(folded[key], 120)))
        seen[rel], folded[key] = info, rel
        if info.file_size > limits.max_file:
            raise ZipRefused(_("'{entry}' in {archive} would be {size} unpacked, more than the {limit} one file "
                               "may have; make the file smaller and pack it again", entry=entry, archive=name,
                               size=_size(info.file_size), limit=_size(limits.max_file)))
        total += info.file_size
        if total > limits.max_total:
            raise ZipRefused(_("{archive} would be more than {limit} unpacked, more than a content folder may "
                               "have; leave out what the exhibition does not use and pack it again", archive=name,
                               limit=_size(limits.max_total)))
        entries.append((info, rel))
    _check_tree(entries, name)
    return entries


def _safe_name(info: zipfile.ZipInfo, name: str) -> str:
    """The entry's name as a relative POSIX path without a trailing slash; raise ZipRefused
    for a name that could lead outside the folder it is unpacked into."""
    raw = info.filename
    entry = shown(raw, 120)
    if "\\" in raw:
        raise ZipRefused(_("'{entry}' in {archive} has a backslash in its name, so it may lead outside the "
                           "folder it is unpacked into; pack the folder again with a ZIP program that writes '/'",
                           entry=entry, archive=name))
    if raw.startswith("/") or _DRIVE.match(raw):
        raise ZipRefused(_("'{entry}' in {archive} has an absolute name, so it would be unpacked outside the "
                           "content folder; pack the folder again from inside it", entry=entry, archive=name))
    parts = raw.rstrip("/").split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise ZipRefused(_("'{entry}' in {archive} has '..', '.' or an empty part in its name, so it may lead "
                           "outside the folder it is unpacked into; pack the folder again from inside it",
                           entry=entry, archive=name))
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in raw):
        raise ZipRefused(_("'{entry}' in {archive} has a control character in its name; rename the file and "
                           "pack it again", entry=entry, archive=name))
    return "/".join(parts)


def _check_kind(info: zipfile.ZipInfo, rel: str, name: str) -> None:
    """Refuse links, devices and other special files, and encrypted entries."""
    entry = shown(rel, 120)
    if info.flag_bits & 0x1:
        raise ZipRefused(_("'{entry}' in {archive} is encrypted; pack the folder again without a password",
                           entry=entry, archive=name))
    mode = info.external_attr >> 16
    if info.create_system != _UNIX or not mode:
        return
    kind = stat.S_IFMT(mode)
    if kind == stat.S_IFLNK:
        raise ZipRefused(_("'{entry}' in {archive} is a symbolic link; put the file itself into the folder and "
                           "pack it again", entry=entry, archive=name))
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise ZipRefused(_("'{entry}' in {archive} is a device or another special file, not a plain file; "
                           "leave it out and pack the folder again", entry=entry, archive=name))


def _check_tree(entries: list[tuple[zipfile.ZipInfo, str]], name: str) -> None:
    """Refuse a file whose name is also a folder of other entries (one would overwrite the other)."""
    files = {rel for info, rel in entries if not info.is_dir()}
    for _info, rel in entries:
        parent = PurePosixPath(rel).parent
        while str(parent) != ".":
            if str(parent) in files:
                raise ZipRefused(_("'{entry}' in {archive} is a file and also the folder of '{other}'; rename "
                                   "one and pack it again", entry=shown(parent, 120), archive=name,
                                   other=shown(rel, 120)))
            parent = parent.parent


def _content_root(entries: list[tuple[zipfile.ZipInfo, str]], name: str) -> str:
    """Where kiosk.yaml is: "" for the ZIP's top, else the name of the one folder at its top."""
    names = {rel for info, rel in entries if not info.is_dir()}
    if "kiosk.yaml" in names:
        return ""
    tops = {rel.split("/", 1)[0] for _info, rel in entries}
    if len(tops) == 1:
        (top,) = tops
        if f"{top}/kiosk.yaml" in names:
            return top
    raise ZipRefused(_("{archive} has no kiosk.yaml at its top, nor in one folder at its top, so it holds no "
                       "content folder; export the content again from the studio, or pack the content folder "
                       "itself", archive=name))


def _extract(zf: zipfile.ZipFile, entries: list[tuple[zipfile.ZipInfo, str]], target: Path, name: str,
             limits: Limits) -> None:
    """Write every entry below ``target`` as a plain file or folder, counting the bytes inflated."""
    total = 0
    for info, rel in entries:
        path = target / rel
        if info.is_dir():
            path.mkdir(mode=0o755, parents=True, exist_ok=True)
            continue
        path.parent.mkdir(mode=0o755, parents=True, exist_ok=True)
        # O_EXCL and O_NOFOLLOW: nothing in the folder can be a link or written twice, whatever
        # the checks above missed.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        written = 0
        with os.fdopen(fd, "wb") as out, zf.open(info) as stream:
            while chunk := stream.read(CHUNK):
                written += len(chunk)
                total += len(chunk)
                _check_growth(info, rel, written, total, name, limits)
                out.write(chunk)


def _check_growth(info: zipfile.ZipInfo, rel: str, written: int, total: int, name: str, limits: Limits) -> None:
    """Stop an entry that inflates beyond what its header said or the limits allow."""
    entry = shown(rel, 120)
    # zipfile stops at the header's size today; counting here keeps the limits whatever it does.
    if written > min(info.file_size, limits.max_file):
        raise ZipRefused(_("'{entry}' in {archive} grows beyond its header's size or the {limit} one file may "
                           "have while it is unpacked, as only a damaged ZIP or one made to fill the disk does; "
                           "export the content again from the studio", entry=entry, archive=name,
                           limit=_size(limits.max_file)))
    if total > limits.max_total:
        raise ZipRefused(_("{archive} grows beyond {limit} while it is unpacked ('{entry}'); leave out what the "
                           "exhibition does not use and pack it again", archive=name, limit=_size(limits.max_total),
                           entry=entry))
    if written > RATIO_FLOOR and written > limits.max_ratio * max(info.compress_size, 1):
        raise ZipRefused(_("'{entry}' in {archive} grows more than {ratio} times its packed size, as only a "
                           "ZIP made to fill the disk does; export the content again from the studio",
                           entry=entry, archive=name, ratio=limits.max_ratio))


def _size(count: int) -> str:
    """Bytes in words staff read: kB, MB or GB, with the decimal comma in German (``1,5 GB``)."""
    unit, scale = next(((unit, scale) for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20)) if count >= scale),
                       ("kB", 1 << 10))
    number = f"{count / scale:.1f}"
    return f"{number.replace('.', ',') if current_language() == 'de' else number} {unit}"
