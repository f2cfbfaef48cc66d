"""Content operations: validate, snapshot, install, list and roll back content, and choose what
the kiosk starts with. No Kivy, no printing.

The command line (:mod:`kiosk.cli`), the staff panel (its "reload" has the content watcher
validate through :func:`validate`) and a browser editor call these same functions. Each takes
plain arguments, a folder and the machine settings, and returns a plain result. A refusal is an
:class:`OperationError`: its message is one sentence for staff (what failed, and that nothing
changed), its ``problems`` are the validator's lines; :class:`Unusable` marks a folder or data
dir that cannot be used at all.

Importing this module imports neither Kivy nor the schema models: :func:`snapshot` renders in
a child process, and the validator and the image cache are imported when first used.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.i18n import DEFAULT as DEFAULT_LANGUAGE
from kiosk.i18n import _, current_language, use_language
from kiosk.model.cache import ExhibitionCache
from kiosk.model.problems import Checked, NotAContentFolder, Problem, printable, shown
from kiosk.model.videoprofile import DEFAULT_PROFILE, PROFILES, VideoProfile
from kiosk.services.paths import DataDirError, check_data_dir
from kiosk.services import ziparchive
from kiosk.services.releases import Release, ReleaseError, ReleaseStore

if TYPE_CHECKING:
    from kiosk.model.types import Exhibition
    from kiosk.services.settings import MachineSettings

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
"""``progress(done, total)``, called while images are prepared."""

SNAPSHOT_TIMEOUT_S = 600.0
"""How long :func:`snapshot` lets its child process render: the first snapshot of a large
exhibition prepares every picture for the screen first."""


class OperationError(Exception):
    """An operation that was refused or failed. The message is one sentence for staff: what
    failed and that nothing was changed. ``problems`` holds the validator's lines, if any."""

    def __init__(self, message: str, problems: tuple[Problem, ...] | list[Problem] = ()):
        super().__init__(message)
        self.problems = tuple(problems)


class Unusable(OperationError):
    """The folder or the data dir given cannot be used at all: not a content folder (missing,
    no kiosk.yaml), or a data dir that is a file. Nothing was looked at or changed."""


# -- settings ---------------------------------------------------------------------------------

def video_profile(settings: MachineSettings | None = None, name: str | None = None) -> VideoProfile:
    """Return the video profile ``name``, else the settings' ``video_profile``, else the default.

    Raises KeyError for a name that is not in :data:`~kiosk.model.videoprofile.PROFILES`.
    """
    return PROFILES[name or (settings.video_profile if settings is not None else DEFAULT_PROFILE)]


def parse_size(text: str) -> tuple[int, int]:
    """Return the window size ``WxH`` (e.g. ``1920x1080``) as (width, height).

    Raises ValueError, in one sentence, for anything else or a side under 320 pixels.
    """
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise ValueError(_("'{size}' is not a size such as 1920x1080", size=shown(text))) from None
    if width < 320 or height < 320:
        raise ValueError(_("'{size}' is too small; use at least 320x320", size=shown(text)))
    return width, height


def screen_size(settings: MachineSettings) -> tuple[int, int] | None:
    """The window size the settings imply (``[screen] size``, turned by ``rotation``), or None
    when none is set or it cannot be read (``kiosk run`` refuses it and says why)."""
    try:
        width, height = parse_size(settings.screen.size) if settings.screen.size else (0, 0)
    except ValueError:
        return None
    if not width:
        return None
    return (height, width) if settings.screen.rotation in (90, 270) else (width, height)


def data_dir(settings: MachineSettings) -> Path:
    """Return the settings' data dir; raise Unusable when it cannot be one (e.g. it is a file)."""
    path = settings.resolved_data_dir()
    try:
        check_data_dir(path)
    except DataDirError as exc:
        raise Unusable(str(exc)) from None
    return path


def release_store(settings: MachineSettings, *, on_wait: Callable[[], None] | None = None) -> ReleaseStore:
    """The release store of the settings' data dir, checking films against their video profile.

    ``on_wait`` is called when an install or rollback waits for another. Raises Unusable.
    """
    return ReleaseStore(data_dir(settings), keep=settings.keep_releases, profile=video_profile(settings),
                        on_wait=on_wait)


def startup_cache(data: Path) -> ExhibitionCache:
    """The start-up cache of the data dir ``data``: the last exhibition the kiosk validated."""
    return ExhibitionCache(Path(data) / "cache" / "exhibition.pickle")


# -- validate ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Validation(Checked):
    """The check of one content folder: every problem, and the exhibition when it has no errors."""

    folder: Path
    exhibition: Exhibition | None
    problems: tuple[Problem, ...]
    lang: str = DEFAULT_LANGUAGE
    """The language of the problems, in which :attr:`summary` speaks too."""

    @property
    def summary(self) -> str:
        """One sentence in the problems' language: the counts, and what the folder holds or that it
        will not be shown."""
        folder = printable(str(self.folder))
        with use_language(self.lang):
            if self.exhibition is None:
                return _("{folder}: {errors} error(s), {warnings} warning(s). Fix the errors above; the kiosk will "
                         "not show this folder until then.", folder=folder, errors=len(self.errors),
                         warnings=len(self.warnings))
            ex = self.exhibition
            return _("{folder}: {errors} error(s), {warnings} warning(s). OK: {stories} stories, {providers} "
                     "providers, {pages} pages.", folder=folder, errors=len(self.errors),
                     warnings=len(self.warnings), stories=len(ex.stories), providers=len(ex.providers),
                     pages=len(ex.pages))

    def as_dict(self) -> dict:
        """Return the check as a JSON-ready dict: folder, ok, the counts and every problem."""
        return {"folder": printable(str(self.folder)), "ok": not self.errors, "errors": len(self.errors),
                "warnings": len(self.warnings), "problems": [p.as_dict() for p in self.problems]}

    def refusal(self) -> OperationError:
        """The refusal of a folder with errors: its summary, with its problems."""
        return OperationError(self.summary, self.problems)

    @classmethod
    def refused(cls, folder: Path, message: str) -> Validation:
        """A check that ended in ``message`` (e.g. an :class:`OperationError`'s), as one error in the
        current language (:func:`~kiosk.i18n.use_language`)."""
        return cls(Path(folder), None, (Problem(str(folder), None, "error", message),), current_language())


def validate(folder: Path, settings: MachineSettings | None = None, *, profile: VideoProfile | None = None,
             probe_media: bool = True, lang: str | None = None) -> Validation:
    """Check the content folder ``folder`` and list every problem.

    Films are checked against ``profile``, else the settings' video profile; without
    ``probe_media`` no image or film is decoded (faster). Problems, the summary and refusals are
    worded in ``lang`` ("de" or "en"; None: the caller's :func:`~kiosk.i18n.use_language`,
    English by default). ``folder`` may be a ZIP file of a content folder: it is unpacked
    safely into a temporary folder, checked exactly like a folder and removed, so the result's
    exhibition names files that are gone (use it for its counts). Raises Unusable when
    ``folder`` is missing, has no kiosk.yaml or is a file that is no safe ZIP of a content
    folder, OperationError should the check itself fail.
    """
    from kiosk.model import loader  # the schema models are slow to import; a cached start never needs them

    with use_language(lang) as lang:
        if ziparchive.is_archive(folder):
            return _validate_archive(Path(folder), settings, profile=profile, probe_media=probe_media, lang=lang)
        try:
            result = loader.validate(folder, probe_media=probe_media, profile=profile or video_profile(settings))
        except NotAContentFolder as exc:
            raise Unusable(printable(str(exc))) from None
        except Exception as exc:
            # The last resort: the validator turns every fault of a folder into a problem line, but
            # should it fail all the same, staff get one sentence, not a Python traceback.
            raise OperationError(_("the check of {folder} stopped unexpectedly ({kind}: {reason}); nothing was "
                                   "changed; please report this together with the folder",
                                   folder=printable(str(folder)), kind=type(exc).__name__,
                                   reason=shown(exc, 200))) from exc
    return Validation(Path(folder), result.exhibition, tuple(result.problems), lang)


def _validate_archive(archive: Path, settings: MachineSettings | None, **kwargs) -> Validation:
    """:func:`validate` for a ZIP file: unpack it into a temporary folder and check that."""
    with tempfile.TemporaryDirectory(prefix="kiosk-validate-") as scratch:
        try:
            root = ziparchive.unpack(archive, Path(scratch))
        except ziparchive.ZipRefused as exc:
            raise Unusable(str(exc)) from None
        except OSError as exc:
            raise Unusable(_("unpacking {archive} failed ({reason}); free some space in the temporary folder, or "
                             "unpack the ZIP yourself and check the folder", archive=printable(str(archive)),
                             reason=exc.strerror or exc)) from None
        checked = validate(root, settings, **kwargs)
    return Validation(archive, checked.exhibition, checked.problems, checked.lang)


def exhibition_of(folder: Path, settings: MachineSettings | None = None, *,
                  profile: VideoProfile | None = None) -> Exhibition:
    """Return the exhibition of ``folder``, media checked. Raises OperationError (with the
    validator's lines) when it has errors, Unusable when it is no content folder (a ZIP is
    none: its unpacked files are gone after the check)."""
    if ziparchive.is_archive(folder):
        raise Unusable(_("{archive} is a file; the kiosk shows a content folder: install the ZIP with kiosk "
                         "content install, or unpack it and name the folder", archive=printable(str(folder))))
    checked = validate(folder, settings, profile=profile)
    if checked.exhibition is None:
        raise checked.refusal()
    return checked.exhibition


# -- snapshot ---------------------------------------------------------------------------------

SNAPSHOT_SCREENS = {"home": None, "providers": None, "story": "stories", "provider": "providers",
                    "page": "pages"}
"""The screens a snapshot can render alone, and for those that show one item, the exhibition's
list of them."""


def snapshot_target(text: str, exhibition: Exhibition) -> tuple[str, str]:
    """Return the (screen, item) that ``text`` names, e.g. ``story:baeckerei`` or ``home``, as
    the kiosk's UI map names screens. Raises ValueError, in one sentence, for a screen or an
    item the exhibition does not have."""
    screen, _colon, item = text.partition(":")
    if screen not in SNAPSHOT_SCREENS:
        raise ValueError(_("'{text}' is not a screen; use one of home, providers, story:<id>, provider:<id> or "
                           "page:<id>", text=shown(text)))
    items = SNAPSHOT_SCREENS[screen]
    if items is None and item:
        raise ValueError(_("the screen '{screen}' shows no single item; write just '{screen}'", screen=screen))
    if items is not None and item not in {entry.id for entry in getattr(exhibition, items)}:
        raise ValueError(_("the exhibition has no {screen} '{item}'; check the id (its folder's name)",
                           screen=screen, item=shown(item)))
    return screen, item


def snapshot(folder: Path, out_dir: Path, settings: MachineSettings | None = None, *,
             size: tuple[int, int] = (1920, 1080), lang: str | None = None, only: str | None = None,
             timeout: float = SNAPSHOT_TIMEOUT_S) -> list[Path]:
    """Render every screen of the content in ``folder`` into ``out_dir`` as the kiosk shows it,
    at ``size``, in ``lang`` (default: the exhibition's first language); return the PNG files.
    ``only`` renders one screen instead (see :func:`snapshot_target`), in a fraction of the time.

    The screens are drawn by Kivy in a child process (``python -m kiosk snapshot``), without a
    display; this process stays free of Kivy. Raises Unusable when ``folder`` is no content
    folder, OperationError when it has errors (with the validator's lines), lacks ``lang``, or
    when the rendering fails or takes longer than ``timeout`` seconds.
    """
    checked = validate(folder, settings, probe_media=False)  # quick; the child decodes the media
    if checked.exhibition is None:
        raise checked.refusal()
    languages = checked.exhibition.settings.languages
    if lang is not None and lang not in languages:
        raise OperationError(_("the exhibition in {folder} has no language '{lang}'; choose one of {languages}",
                               folder=printable(str(folder)), lang=shown(lang), languages=", ".join(languages)))
    if only is not None:
        try:
            snapshot_target(only, checked.exhibition)
        except ValueError as exc:
            raise OperationError(_("{refusal}; nothing was rendered", refusal=exc)) from None
    command = [sys.executable, "-m", "kiosk", "snapshot", "--content", str(folder), "--out", str(out_dir),
               "--size", f"{size[0]}x{size[1]}", "--profile", video_profile(settings).name]
    command += (["--lang", lang] if lang else []) + (["--only", only] if only else [])
    try:
        done = subprocess.run(command, capture_output=True, text=True,
                              timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise OperationError(_("rendering the screens of {folder} took longer than {timeout:g} seconds and was "
                               "stopped; try again, or with fewer stories", folder=printable(str(folder)),
                               timeout=timeout)) from None
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        why = shown(lines[-1], 200) if lines else _("exit code {code}", code=done.returncode)
        raise OperationError(_("rendering the screens of {folder} failed ({reason})", folder=printable(str(folder)),
                               reason=why))
    return [Path(line) for line in done.stdout.splitlines() if line.strip()]


# -- install, list, roll back ------------------------------------------------------------------

@dataclass(frozen=True)
class Images:
    """What preparing a release's images for the screen did."""

    sizes: tuple[tuple[int, int], ...] = ()
    """The window sizes the images were prepared for."""
    built: int = 0
    cached: int = 0
    failed: int = 0
    """Images that could not be prepared: they show a placeholder (the log names them)."""
    error: str = ""
    """Why no image was prepared, or empty. The kiosk then prepares them while showing them."""

    @property
    def message(self) -> str:
        """One sentence for staff about the images."""
        if self.error:
            return _("images not prepared ({reason}); the kiosk prepares them while showing them", reason=self.error)
        sizes = ", ".join(f"{w}x{h}" for w, h in self.sizes)
        if self.failed:
            return _("images for {sizes}: {built} prepared, {cached} already cached, {failed} could not be prepared "
                     "and show a placeholder (see the messages above)", sizes=sizes, built=self.built,
                     cached=self.cached, failed=self.failed)
        return _("images for {sizes}: {built} prepared, {cached} already cached", sizes=sizes, built=self.built,
                 cached=self.cached)


@dataclass(frozen=True)
class Installed:
    """A release just installed, live now."""

    release: str
    """Its name, ``<timestamp>-<sequence>-<source folder name>``."""
    warnings: tuple[Problem, ...]
    """The validator's warnings about it."""
    images: Images | None
    """What preparing its images did; None when they were not prepared."""


@dataclass(frozen=True)
class Listing:
    """The installed releases, oldest first, and whether the live link points at a lost one."""

    releases: tuple[Release, ...]
    broken_link: bool

    @property
    def notes(self) -> list[str]:
        """Sentences for staff about what the list alone does not say."""
        notes = [] if self.releases else [
            _("no releases installed; the kiosk shows the bundled sample or the configured folder")]
        if self.broken_link:
            notes.append(_("the live link points at a release that is gone; the kiosk shows the newest release that "
                           "validates until you install content again"))
        return notes


def prepare_images(folder: Path, settings: MachineSettings, progress: Progress | None = None) -> Images:
    """Build the slot-sized images of the content in ``folder`` for the kiosk's screen, in the
    kiosk's image cache. Never raises (but for Ctrl-C): the cache only saves time, so no
    problem in it may stop an install; it is said in ``error`` instead."""
    from kiosk.model.loader import load_exhibition
    from kiosk.services.imagecache import ImageCache
    from kiosk.services.imagejobs import cache_dir, exhibition_jobs, install_window_sizes

    images = cache_dir(settings.resolved_data_dir())
    sizes = tuple(install_window_sizes(images, screen_size(settings)))
    try:
        exhibition = load_exhibition(folder, probe_media=False)
        jobs = [job for size in sizes for job in exhibition_jobs(exhibition, size)]
        result = ImageCache(images).warm(jobs, progress=progress)
    except Exception as exc:
        return Images(sizes, error=f"{type(exc).__name__}: {shown(exc, 200)}")
    return Images(sizes, result.built, result.cached, result.failed)


def install(source: Path, settings: MachineSettings, *, prewarm: bool = True, progress: Progress | None = None,
            on_wait: Callable[[], None] | None = None) -> Installed:
    """Copy the content of ``source`` (a content folder, or a ZIP file of one) in as a new
    release, check the copy and make it live.

    With ``prewarm``, its images are prepared for the screen first (:func:`prepare_images`,
    with ``progress``), so it goes live ready. ``on_wait`` is called when another install or
    rollback runs (this one waits for it). Raises OperationError (with the validator's lines)
    when the content has errors or the copy fails, Unusable for a data dir that is a file; the
    live content is then unchanged, as after Ctrl-C (KeyboardInterrupt) before the switch.
    """
    store = release_store(settings, on_wait=on_wait)
    images = None

    def before_live(folder: Path) -> None:
        nonlocal images
        # From the copy, not the source: what is cached is exactly what goes live.
        images = prepare_images(folder, settings, progress)

    try:
        release = store.install(source, before_live=before_live if prewarm else None)
    except ReleaseError as exc:
        raise OperationError(str(exc), exc.problems) from None
    return Installed(release.name, release.warnings, images)


def releases(settings: MachineSettings) -> Listing:
    """List the installed releases, after removing what killed installs left. Raises Unusable."""
    store = release_store(settings)
    store.cleanup()
    return Listing(tuple(store.releases()), store.live_link.is_symlink() and store.live() is None)


def rollback(settings: MachineSettings, *, on_wait: Callable[[], None] | None = None) -> Release:
    """Make the release before the live one live again and return it; see
    :meth:`ReleaseStore.rollback`. Raises OperationError, or Unusable."""
    try:
        return release_store(settings, on_wait=on_wait).rollback()
    except ReleaseError as exc:
        raise OperationError(str(exc), exc.problems) from None


# -- what the kiosk starts with ------------------------------------------------------------------

@dataclass(frozen=True)
class Start:
    """The exhibition the kiosk starts with."""

    exhibition: Exhibition
    refusal: OperationError | None = None
    """Why the folder's own content was refused, when a last good exhibition shows instead."""
    note: str = ""
    """Which last good content shows instead, when the command line should say so."""


def live_folder(settings: MachineSettings, store: ReleaseStore, requested: Path | None = None) -> tuple[Path, bool]:
    """The content folder the kiosk shows, and whether it is the live link of ``store``:
    ``requested``, else the configured folder, else the live link once content was installed
    (even when its release is gone: :func:`start_exhibition` then finds the last good one),
    else the bundled sample."""
    if requested is None and settings.content is None and store.in_use():
        return store.live_link, True
    return requested or settings.resolved_content(), False


def start_exhibition(folder: Path, settings: MachineSettings | None, cache: ExhibitionCache,
                     store: ReleaseStore | None = None) -> Start:
    """Choose the exhibition the kiosk starts with from ``folder``.

    Unchanged content comes from the start-up ``cache`` without validating again. Broken
    content is refused, and the kiosk then shows the last good content rather than leave the
    room dark (under systemd a refusal would only restart it into the same refusal): when
    ``folder`` is the live link of the release ``store``, the newest release that validates;
    otherwise, or when none does, the last good exhibition in the cache, if its media still
    exist. Raises the refusal (Unusable or OperationError) when there is nothing to show.
    """
    exhibition = cache.load(folder)
    if exhibition is not None:
        return Start(exhibition)
    try:
        exhibition = exhibition_of(folder, settings)
    except OperationError as refusal:
        fallback = _last_good_release(store, cache, settings, refusal) if store is not None else None
        if fallback is not None:
            return Start(fallback, refusal)
        fallback = cache.load(folder, stale_ok=True) if not isinstance(refusal, Unusable) else None
        if fallback is None:
            raise
        return Start(fallback, refusal, _("{folder} has errors (above); showing the last good content instead",
                                          folder=folder))
    cache.store(folder, exhibition)
    return Start(exhibition)


def _last_good_release(store: ReleaseStore, cache: ExhibitionCache, settings: MachineSettings | None,
                       refusal: OperationError) -> Exhibition | None:
    """The exhibition of the newest release that validates, other than the live link's, or None.

    Logs which release was refused and which one is shown instead, so staff find both in the
    journal and the kiosk log.
    """
    target = os.readlink(store.live_link) if store.live_link.is_symlink() else None
    bad = Path(target).name if target else f"{store.live_link} (there is no live link)"
    why = ("its folder is missing" if store.live() is None else
           "it is not a complete content folder" if isinstance(refusal, Unusable) else "it has errors, listed above")
    for release in store.fallbacks():
        exhibition = cache.load(release.path)
        if exhibition is None:
            try:
                exhibition = exhibition_of(release.path, settings)
            except OperationError as exc:
                log.warning("release %s cannot be shown either: %s", release.name, exc)
                continue
            cache.store(release.path, exhibition)
        log.warning("the live release %s cannot be shown (%s); showing %s instead, the newest release that "
                    "validates. Install good content with kiosk content install to replace it",
                    bad, why, release.name)
        return exhibition
    return None
