"""Content releases: validated copies of content folders, one of them live, with rollback.

Layout in the data dir::

    releases/20261127-101500-007-herbst/     one validated copy per install
    content -> releases/20261127-101500-007-herbst    the live link, switched atomically

An install validates first, copies into a hidden folder, renames it into place, and only then
switches the link (a new link renamed over the old one), so the running kiosk never sees a
half-copied folder. The running app notices the switch through its content watcher.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kiosk.model.loader import validate
from kiosk.model.problems import NotAContentFolder, Problem
from kiosk.model.videoprofile import VideoProfile

_NAME = re.compile(r"[^a-z0-9-]+")
ROLLED_BACK_MARK = ".rolled-back"


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
        """The folder name, ``<timestamp>-<source name>``."""
        return self.path.name

    @property
    def installed_at(self) -> datetime:
        """When it was installed (from its name)."""
        return datetime.strptime(self.name[:15], "%Y%m%d-%H%M%S")


class ReleaseError(Exception):
    """An install or rollback that was refused; ``problems`` holds the validator's lines, if any."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.problems = problems or []


class ReleaseStore:
    """The releases below ``data_dir`` and the live link ``data_dir/content``.

    ``profile`` is the machine's video hardware profile; installs warn about films above it.
    """

    def __init__(self, data_dir: Path, keep: int = 5, profile: VideoProfile | None = None):
        self.data_dir = data_dir
        self.profile = profile
        self.releases_dir = data_dir / "releases"
        self.live_link = data_dir / "content"
        self.keep = keep

    def releases(self) -> list[Release]:
        """Return the installed releases, oldest first, marking the live one."""
        live = self.live()
        if not self.releases_dir.is_dir():
            return []
        found = sorted(p for p in self.releases_dir.iterdir() if p.is_dir() and not p.name.startswith("."))
        return [Release(p, live is not None and p.resolve() == live.resolve()) for p in found]

    def live(self) -> Path | None:
        """Return the live release folder, or None when no release was installed."""
        if not self.live_link.is_symlink():
            return None
        target = self.live_link.resolve()
        return target if target.is_dir() else None

    def install(self, source: Path, *, before_live: Callable[[Path], None] | None = None) -> Release:
        """Validate ``source``, copy it in as a new release and make it live.

        ``before_live(release_folder)`` runs after the copy and before the switch, e.g. to
        prepare caches, so the new content goes live ready. Raises ReleaseError (with the
        validator's lines) when the folder has errors or cannot be copied. Whatever stops an
        install before the switch (an error, Ctrl-C during the copy or ``before_live``) removes
        the copy: nothing changes, and no half-installed release is left to be mistaken for one.
        """
        try:
            result = validate(source, profile=self.profile)
        except NotAContentFolder as exc:
            raise ReleaseError(str(exc)) from None
        if result.errors:
            raise ReleaseError(f"{source} has {len(result.errors)} error(s); nothing was installed",
                               result.problems)
        self.releases_dir.mkdir(parents=True, exist_ok=True)
        name = self._new_name(source)
        incoming = self.releases_dir / f".incoming-{name}"
        try:
            shutil.copytree(source, incoming, symlinks=False)
            final = self.releases_dir / name
            os.replace(incoming, final)
        except OSError as exc:
            shutil.rmtree(incoming, ignore_errors=True)
            raise ReleaseError(f"copying {source} failed ({exc.strerror or exc}); nothing was installed, "
                               "the live content is unchanged") from None
        except BaseException:
            shutil.rmtree(incoming, ignore_errors=True)
            raise
        if before_live is not None:
            try:
                before_live(final)
            except BaseException:
                shutil.rmtree(final, ignore_errors=True)
                raise
        self._switch(final)
        self._prune()
        return Release(final, True, tuple(result.warnings))

    def rollback(self) -> Release:
        """Make the release before the live one live again, skipping releases already rolled back from.

        The release left is marked, so a second rollback goes further back instead of returning
        to it. Raises ReleaseError when there is nothing to go back to.
        """
        releases = self.releases()
        live_index = next((i for i, r in enumerate(releases) if r.live), None)
        if live_index is None:
            raise ReleaseError("no release is live, so there is nothing to roll back")
        earlier = [r for r in releases[:live_index] if not r.rolled_back]
        if not earlier:
            raise ReleaseError(f"{releases[live_index].name} is the oldest release kept; there is nothing before it")
        previous = earlier[-1]
        (releases[live_index].path / ROLLED_BACK_MARK).touch()
        self._switch(previous.path)
        return Release(previous.path, True)

    def _new_name(self, source: Path) -> str:
        """``<timestamp>-<sequence>-<label>``: the sequence keeps install order within one second."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        label = _NAME.sub("-", source.resolve().name.lower()).strip("-") or "inhalt"
        sequences = [int(r.name[16:19]) for r in self.releases() if r.name[16:19].isdigit()]
        return f"{stamp}-{max(sequences, default=0) + 1:03d}-{label}"

    def _switch(self, target: Path) -> None:
        """Point the live link at ``target`` atomically: a new link is renamed over the old one."""
        tmp = self.data_dir / f".content-{os.getpid()}.tmp"
        if tmp.is_symlink() or tmp.exists():
            tmp.unlink()
        os.symlink(os.path.relpath(target, self.data_dir), tmp)
        os.replace(tmp, self.live_link)

    def _prune(self) -> None:
        """Delete releases beyond ``keep``: rolled-back ones first, then the oldest; never the live one."""
        releases = self.releases()
        excess = len(releases) - self.keep
        candidates = sorted((r for r in releases if not r.live), key=lambda r: (not r.rolled_back, r.name))
        for release in candidates[:max(excess, 0)]:
            shutil.rmtree(release.path, ignore_errors=True)
