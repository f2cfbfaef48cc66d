"""Content releases: checked copies of content folders, one of them live, with rollback.

Layout in the data dir::

    .releases.lock                                   held by every install, rollback and clean-up
    releases/20261127-101500-007-herbst/             one checked copy per install
    releases/.incoming-k2j4x9/                       the copy an install is making (hidden)
    content -> releases/20261127-101500-007-herbst   the live link, switched atomically

An install holds the lock from start to end, so installs, rollbacks and pruning never
interleave: a second install waits for the first (at most :data:`LOCK_WAIT_S`). It checks the
source folder only to learn which files the content names, then copies exactly those (the YAML
files and the media they refer to, never through a link that leads out of the folder) into a
hidden folder of its own. It validates THAT COPY, with the machine's video profile, prepares it
(``before_live``), renames it into place and only then switches the link (a new link renamed
over the old one). So what was checked is what goes live, however the source changes in the
meantime, and the running kiosk, which notices the switch through its content watcher, never
sees a half-copied folder.

A ZIP (what the studio exports) is unpacked first, under the same lock, into a hidden folder
of its own; the unpacked folder is then installed exactly like a folder, and removed.

A killed install leaves at most a hidden copy (or unpacked ZIP), a hidden link, or a release that never went live
(marked by a hidden ``.pending-<name>`` file). Whoever holds the lock next (an install,
``kiosk content list``, ``kiosk run``) removes them. The lock is an ``flock``: the kernel drops
it when its process dies, so a killed install never blocks the next one.
"""

from __future__ import annotations

import fcntl
import logging
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kiosk.i18n import _
from kiosk.model.cache import media_files
from kiosk.model.problems import NotAContentFolder, Problem
from kiosk.model.types import Exhibition
from kiosk.model.videoprofile import VideoProfile
from kiosk.services.ziparchive import ZipRefused, is_archive, unpack

log = logging.getLogger(__name__)

_NAME = re.compile(r"[^a-z0-9-]+")
_RELEASE = re.compile(r"\d{8}-\d{6}-")
MAX_LABEL = 60
"""Characters of the source folder's name kept in a release name, far below the 255 bytes a
file name may have (the source's own name may use all of them)."""
ROLLED_BACK_MARK = ".rolled-back"
LOCK_FILE = ".releases.lock"
INCOMING = ".incoming-"
PENDING = ".pending-"
LINK_TMP = ".content-"
LOCK_WAIT_S = 600.0
"""How long a second install or rollback waits for the first: longer than preparing the images
of a large exhibition, short enough that a forgotten terminal does not wait for ever."""
_LOCK_POLL_S = 0.1
YAML_FILES = (("stories", "story.yaml"), ("providers", "provider.yaml"), ("pages", "page.yaml"))
"""Where the loader reads each kind's file: ``<folder>/<id>/<file>``."""


@dataclass(frozen=True)
class Release:
    """One installed release: its folder, its name, and whether it is live."""

    path: Path
    live: bool
    warnings: tuple[Problem, ...] = ()
    """The validator's warnings, for a release just installed (empty in listings)."""

    @property
    def rolled_back(self) -> bool:
        """Whether staff rolled back from this release (a later rollback skips it)."""
        return (self.path / ROLLED_BACK_MARK).exists()

    @property
    def name(self) -> str:
        """The folder name, ``<timestamp>-<sequence>-<source name>``."""
        return self.path.name

    @property
    def installed_at(self) -> datetime:
        """When it was installed (from its name)."""
        return datetime.strptime(self.name[:15], "%Y%m%d-%H%M%S")


class ReleaseError(Exception):
    """An install or rollback that was refused; ``problems`` holds the validator's lines, if any.

    The message is one sentence for staff: what failed, and that nothing changed.
    """

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.problems = problems or []


class ReleaseStore:
    """The releases below ``data_dir`` and the live link ``data_dir/content``.

    ``profile`` is the machine's video hardware profile; installs check films against it.
    ``on_wait`` is called once when an install or rollback has to wait for another one, at most
    ``lock_timeout`` seconds.
    """

    def __init__(self, data_dir: Path, keep: int = 5, profile: VideoProfile | None = None, *,
                 lock_timeout: float = LOCK_WAIT_S, on_wait: Callable[[], None] | None = None):
        self.data_dir = data_dir
        self.profile = profile
        self.releases_dir = data_dir / "releases"
        self.live_link = data_dir / "content"
        self.keep = keep
        self.lock_timeout = lock_timeout
        self.on_wait = on_wait

    # -- reading ---------------------------------------------------------------------------

    def releases(self) -> list[Release]:
        """Return the installed releases, oldest first, marking the live one."""
        if not self.releases_dir.is_dir():
            return []
        live = self.live()
        found = sorted(p for p in self.releases_dir.iterdir() if _RELEASE.match(p.name) and p.is_dir())
        return [Release(p, live is not None and _real(p) == live) for p in found]

    def live(self) -> Path | None:
        """Return the live release folder (its real path), or None when the link is missing or dangling."""
        if not self.live_link.is_symlink():
            return None
        target = _real(self.live_link)
        return target if target.is_dir() else None

    def in_use(self) -> bool:
        """Whether content was installed here: the live link exists (even when its release is
        gone), or releases do."""
        return self.live_link.is_symlink() or bool(self.releases())

    def fallbacks(self) -> list[Release]:
        """The releases to show when the live link's own release cannot be shown, best first:
        newest first, those staff rolled back from last."""
        target = _real(self.live_link) if self.live_link.is_symlink() else None
        others = [r for r in reversed(self.releases()) if _real(r.path) != target]
        return [r for r in others if not r.rolled_back] + [r for r in others if r.rolled_back]

    # -- the lock --------------------------------------------------------------------------

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the release store's lock, waiting for another holder up to ``lock_timeout``
        seconds (calling ``on_wait`` first). Raises ReleaseError when the wait runs out or the
        data dir cannot hold the lock file."""
        fd = self._open_lock()
        try:
            if not _try_lock(fd):
                if self.on_wait is not None:
                    self.on_wait()
                deadline = time.monotonic() + self.lock_timeout
                while not _try_lock(fd):
                    if time.monotonic() >= deadline:
                        raise ReleaseError(_("another install or rollback is still running after {duration}; "
                                             "nothing was changed, try again once it has finished",
                                             duration=_duration(self.lock_timeout)))
                    time.sleep(_LOCK_POLL_S)
            yield
        finally:
            os.close(fd)  # closing drops the lock

    def cleanup(self) -> bool:
        """Remove what killed installs left, and releases beyond ``keep``; skip it all while
        another install or rollback holds the lock (its copy is in use).

        Returns whether it could look. Never raises: a store it cannot tidy is only untidy.
        """
        if not self.data_dir.is_dir():
            return True
        try:
            fd = self._open_lock()
        except ReleaseError as exc:
            log.warning("the release store was not tidied: %s", exc)
            return False
        try:
            if not _try_lock(fd):
                return False
            self._remove_leftovers()
            self._prune(first=self._never_live())
            return True
        except OSError as exc:
            log.warning("the release store %s was not tidied: %s", self.releases_dir, _reason(exc))
            return False
        finally:
            os.close(fd)

    # -- changing ----------------------------------------------------------------------------

    def install(self, source: Path, *, before_live: Callable[[Path], None] | None = None) -> Release:
        """Copy the content of ``source`` (a content folder, or a ZIP file of one) in as a new
        release, check the copy, and make it live.

        A ZIP is first unpacked into a hidden folder of the store (see
        :mod:`kiosk.services.ziparchive`), which then counts as the source folder.
        ``before_live(folder)`` runs on the checked copy before it goes live, e.g. to prepare
        caches, so the new content goes live ready. Raises ReleaseError (with the validator's
        lines) when the folder or its copy has errors, or when the copy or the switch fails.
        Whatever stops an install before the switch (an error, Ctrl-C) removes the copy:
        nothing changes. Ctrl-C after the switch is too late: the release is live and returned.
        """
        source = Path(source)
        with self.locked():
            with suppress(OSError):
                self._remove_leftovers()
            unpacked = None
            try:
                folder = source
                if is_archive(source):
                    # Unpacked into a hidden folder of the store's own, so that a killed install
                    # leaves nothing the next lock holder does not remove.
                    unpacked = self._make_incoming()
                    folder = self._unpack(source, unpacked)
                files = self._files_to_copy(folder, shown_as=source)
                incoming = self._make_incoming()
                try:
                    self._copy(folder, files, incoming, move=unpacked is not None, shown_as=source)
                    result = self._check_copy(source, incoming)
                    if before_live is not None:
                        before_live(incoming)
                    # Pruned before the switch, counting the new release: after the switch, staff
                    # see the store as it stays.
                    with suppress(OSError):
                        self._prune(extra=1, first=self._never_live())
                    final = self._go_live(source, incoming)
                finally:
                    shutil.rmtree(incoming, ignore_errors=True)  # gone already once renamed into place
            finally:
                if unpacked is not None:
                    shutil.rmtree(unpacked, ignore_errors=True)
        return Release(final, True, tuple(result.warnings))

    def rollback(self) -> Release:
        """Make the release before the live one live again, skipping releases already rolled back from.

        The release left is marked, so a second rollback goes further back instead of returning
        to it. Raises ReleaseError when there is nothing to go back to or the switch fails.
        """
        with self.locked():
            releases = self.releases()
            live_index = next((i for i, r in enumerate(releases) if r.live), None)
            if live_index is None:
                raise ReleaseError(_("no release is live, so there is nothing to roll back; install the content "
                                     "again with kiosk content install"))
            earlier = [r for r in releases[:live_index] if not r.rolled_back]
            if not earlier:
                raise ReleaseError(_("{release} is the oldest release kept; there is nothing before it",
                                     release=releases[live_index].name))
            previous = earlier[-1]
            try:
                self._switch(previous.path)
            except OSError as exc:
                raise ReleaseError(_("making {release} live again failed ({reason}); the live content is "
                                     "unchanged", release=previous.name, reason=_reason(exc))) from None
            try:
                (releases[live_index].path / ROLLED_BACK_MARK).touch()
            except OSError as exc:
                log.warning("%s is not marked as rolled back from (%s); a second rollback returns to it",
                            releases[live_index].name, _reason(exc))
        return Release(previous.path, True)

    # -- the steps of an install -------------------------------------------------------------

    def _unpack(self, archive: Path, target: Path) -> Path:
        """Unpack the ZIP ``archive`` into ``target``; return the content folder in it."""
        try:
            return unpack(archive, target)
        except ZipRefused as exc:
            raise ReleaseError(_("{refusal}. Nothing was installed, the live content is unchanged",
                                 refusal=exc)) from None
        except OSError as exc:
            raise ReleaseError(_("unpacking {archive} failed ({reason}); nothing was installed, the live content is "
                                 "unchanged", archive=archive, reason=_reason(exc))) from None

    def _files_to_copy(self, source: Path, *, shown_as: Path | None = None) -> list[str]:
        """Check ``source`` (without decoding media) and return the files its content uses,
        relative to it: the YAML files the loader reads and every media file they name.
        Messages name ``shown_as`` (the ZIP it was unpacked from), else ``source``."""
        from kiosk.model import loader  # the schema models are slow to import; kiosk run rarely needs them

        name = shown_as or source
        try:
            result = loader.validate(source, probe_media=False, profile=self.profile)
        except NotAContentFolder as exc:
            raise ReleaseError(_("{refusal}; nothing was installed", refusal=exc)) from None
        except OSError as exc:
            raise ReleaseError(_("{folder} cannot be read ({reason}); nothing was installed, the live content is "
                                 "unchanged", folder=name, reason=_reason(exc))) from None
        if result.errors:
            raise ReleaseError(_("{folder} has {count} error(s); nothing was installed", folder=name,
                                 count=len(result.errors)), result.problems)
        return _content_files(result.exhibition)

    def _make_incoming(self) -> Path:
        """Make this install's own hidden folder in the store."""
        try:
            self.releases_dir.mkdir(parents=True, exist_ok=True)
            incoming = Path(tempfile.mkdtemp(prefix=INCOMING, dir=self.releases_dir))
            os.chmod(incoming, 0o755)  # mkdtemp's 0700 would hide the release from a kiosk user
        except OSError as exc:
            raise ReleaseError(_("the release store {store} cannot be written ({reason}); nothing was installed, "
                                 "the live content is unchanged", store=self.releases_dir,
                                 reason=_reason(exc))) from None
        return incoming

    def _copy(self, source: Path, files: list[str], incoming: Path, *, move: bool = False,
              shown_as: Path | None = None) -> None:
        """Copy ``files`` from ``source`` into ``incoming`` as plain files, and flush them to disk.

        With ``move`` they are moved instead: ``source`` is the store's own unpacked ZIP, on the
        same disk, which no one else writes. Messages name ``shown_as``, else ``source``.
        """
        name = shown_as or source
        root = os.path.realpath(source)
        for rel in files:
            real = os.path.realpath(os.path.join(source, rel))
            if not real.startswith(root + os.sep):
                raise ReleaseError(_("{file} is a link that leads outside {folder}; copy the file itself into the "
                                     "folder. Nothing was installed, the live content is unchanged", file=rel,
                                     folder=name))
            target = incoming / rel
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                if move:
                    os.replace(real, target)
                else:
                    shutil.copy2(real, target)
            except OSError as exc:
                raise ReleaseError(_("copying {file} from {folder} failed ({reason}); nothing was installed, the "
                                     "live content is unchanged", file=rel, folder=name,
                                     reason=_reason(exc))) from None
        try:
            _flush(incoming)
        except OSError as exc:
            raise ReleaseError(_("writing the copy of {folder} failed ({reason}); nothing was installed, the live "
                                 "content is unchanged", folder=name, reason=_reason(exc))) from None

    def _check_copy(self, source: Path, incoming: Path):
        """Validate the copy, media decoded and films checked against the profile; return the result."""
        from kiosk.model import loader

        try:
            result = loader.validate(incoming, profile=self.profile)
        except (NotAContentFolder, OSError) as exc:
            raise ReleaseError(_("the copy of {folder} cannot be checked ({reason}); nothing was installed, the "
                                 "live content is unchanged", folder=source, reason=exc)) from None
        if result.errors:
            raise ReleaseError(_("the copy of {folder} has {count} error(s) (was the folder changed during the "
                                 "install?); nothing was installed, the live content is unchanged", folder=source,
                                 count=len(result.errors)), result.problems)
        return result

    def _go_live(self, source: Path, incoming: Path) -> Path:
        """Rename the checked copy into place and switch the link to it; return its folder.

        The pending mark names a release that may never go live (a kill before the switch);
        clean-up removes such a release unless the link points at it.
        """
        name = self._new_name(source)
        final = self.releases_dir / name
        mark = self.releases_dir / f"{PENDING}{name}"
        try:
            mark.touch()
            os.rename(incoming, final)
            self._switch(final)
        except BaseException as exc:
            if _real(self.live_link) == _real(final):
                if isinstance(exc, KeyboardInterrupt):
                    return final  # stopped after the switch: the release is live
                raise
            shutil.rmtree(final, ignore_errors=True)
            mark.unlink(missing_ok=True)
            if isinstance(exc, OSError):
                raise ReleaseError(_("making the copy of {folder} live failed ({reason}); nothing was installed, "
                                     "the live content is unchanged", folder=source,
                                     reason=_reason(exc))) from None
            raise
        with suppress(OSError):
            mark.unlink()
        return final

    def _new_name(self, source: Path) -> str:
        """``<timestamp>-<sequence>-<label>``: the sequence keeps install order within one second.

        Unique because only the lock holder names releases.
        """
        stamp = time.strftime("%Y%m%d-%H%M%S")
        real = Path(os.path.realpath(source))
        base = real.stem if is_archive(real) else real.name  # "herbst" for herbst.zip
        label = _NAME.sub("-", base.lower()).strip("-")[:MAX_LABEL].strip("-")
        taken = [int(r.name[16:19]) for r in self.releases()
                 if r.name.startswith(f"{stamp}-") and r.name[16:19].isdigit()]
        return f"{stamp}-{max(taken, default=0) + 1:03d}-{label or 'inhalt'}"

    def _switch(self, target: Path) -> None:
        """Point the live link at ``target`` atomically: a new link is renamed over the old one."""
        tmp = self.data_dir / f"{LINK_TMP}{os.getpid()}.tmp"
        try:
            tmp.unlink(missing_ok=True)
            os.symlink(os.path.relpath(target, self.data_dir), tmp)
            os.replace(tmp, self.live_link)
        except BaseException:
            with suppress(OSError):
                tmp.unlink(missing_ok=True)
            raise

    # -- tidying -------------------------------------------------------------------------------

    def _remove_leftovers(self) -> None:
        """Remove what killed installs left. Only the lock holder may: no other install runs."""
        for link in self.data_dir.glob(f"{LINK_TMP}*.tmp"):
            if link.is_symlink():
                link.unlink(missing_ok=True)
        if not self.releases_dir.is_dir():
            return
        live = self.live()
        for entry in self.releases_dir.iterdir():
            if entry.name.startswith(INCOMING):
                log.info("removing %s, left by an install that was stopped", entry)
                shutil.rmtree(entry, ignore_errors=True)
            elif entry.name.startswith(PENDING):
                release = self.releases_dir / entry.name[len(PENDING):]
                if release.is_dir() and _real(release) != live:
                    log.info("removing release %s: its install was stopped before it went live", release.name)
                    shutil.rmtree(release, ignore_errors=True)
                entry.unlink(missing_ok=True)

    def _never_live(self) -> set[str]:
        """Names of the releases newer than the live one: rolled back from, or never live (a
        pre-warm killed by an older kiosk). Neither is a rollback target, so they go first."""
        releases = self.releases()
        live_index = next((i for i, r in enumerate(releases) if r.live), None)
        return set() if live_index is None else {r.name for r in releases[live_index + 1:]}

    def _prune(self, *, extra: int = 0, first: set[str] = frozenset()) -> None:
        """Delete releases beyond ``keep`` (counting ``extra`` more to come): ``first`` and the
        rolled-back ones first, then the oldest; never the live one."""
        releases = self.releases()
        excess = len(releases) + extra - self.keep
        candidates = sorted((r for r in releases if not r.live),
                            key=lambda r: (r.name not in first and not r.rolled_back, r.name))
        for release in candidates[:max(excess, 0)]:
            shutil.rmtree(release.path, ignore_errors=True)

    def _open_lock(self) -> int:
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            return os.open(self.data_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise ReleaseError(_("the release store in {folder} cannot be used ({reason}); nothing was changed",
                                 folder=self.data_dir, reason=_reason(exc))) from None


def _content_files(exhibition: Exhibition) -> list[str]:
    """The files an exhibition is made of, relative to its folder: the YAML files and the media."""
    root = os.path.normpath(exhibition.root)
    files = [os.path.join(root, "kiosk.yaml")]
    for (folder, file), items in zip(YAML_FILES, (exhibition.stories, exhibition.providers, exhibition.pages)):
        files += [os.path.join(root, folder, item.id, file) for item in items]
    relative = set()
    for path in files + media_files(exhibition):
        rel = os.path.relpath(os.path.normpath(path), root)
        if rel.startswith(os.pardir + os.sep):  # '../' that leads out and, through a link, back in
            raise ReleaseError(_("{file} lies outside {folder}; copy the file into the folder and name it from "
                                 "there. Nothing was installed, the live content is unchanged", file=path,
                                 folder=root))
        relative.add(Path(rel).as_posix())
    return sorted(relative)


def _flush(folder: Path) -> None:
    """fsync every file and folder below ``folder``, so that a power cut after the switch
    cannot leave a live release of empty files."""
    for base, _dirs, files in os.walk(folder):
        for name in [*files, "."]:
            fd = os.open(os.path.join(base, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _reason(exc: OSError) -> str:
    """An OSError in words, without Python's ``[Errno n]``."""
    return exc.strerror or str(exc)


def _duration(seconds: float) -> str:
    if seconds >= 60:
        return _("{minutes:g} minutes", minutes=seconds / 60)
    return _("{seconds:g} seconds", seconds=seconds)
