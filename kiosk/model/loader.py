"""Load a content folder into an :class:`~kiosk.model.types.Exhibition`, reporting every problem.

The loader reads ``kiosk.yaml`` and every ``stories/``, ``providers/`` and ``pages/`` folder,
validates each file against its pydantic model (:mod:`kiosk.model.schema`), resolves every
cross-reference and checks every media file. Problems are collected, never raised one by one,
so staff get the complete list at once, each with the file and the YAML line.

The checks live in parts: :mod:`~kiosk.model.checker` (parsing, texts, media, references),
:mod:`~kiosk.model.builders` (each file kind), :mod:`~kiosk.model.wording` (the messages) and
:mod:`~kiosk.model.limits` (the text limits); this module runs them over a folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk.i18n import _, use_language
from kiosk.model.builders import KindBuilder
from kiosk.model.limits import DEFAULT_IMAGE_SECONDS, TEXT_LIMITS
from kiosk.model.problems import Checked, ContentError, NotAContentFolder, Problem, errors, sort_problems
from kiosk.model.schema import KioskFile, PageFile, ProviderFile, StoryFile
from kiosk.model.types import Exhibition
from kiosk.model.videoprofile import DEFAULT_PROFILE, PROFILES, VideoProfile

__all__ = ["DEFAULT_IMAGE_SECONDS", "TEXT_LIMITS", "ValidationResult", "load_exhibition", "validate"]


@dataclass(frozen=True)
class ValidationResult(Checked):
    """The outcome of validating a folder: the exhibition (None on errors) and all problems."""

    exhibition: Exhibition | None
    problems: list[Problem]


def validate(folder: Path, *, probe_media: bool = True, profile: VideoProfile | None = None,
             lang: str | None = None) -> ValidationResult:
    """Validate a content folder and, when it has no errors, resolve it.

    With ``probe_media`` False, media files are checked for place, type and presence but not
    decoded. Videos above ``profile`` (default: :data:`DEFAULT_PROFILE`) get a warning: the
    kiosk shows their poster instead. Problems are worded in ``lang`` ("de" or "en"; None: the
    caller's :func:`~kiosk.i18n.use_language`, English by default). Raises
    :class:`NotAContentFolder` when ``folder`` is missing or has no ``kiosk.yaml``; every other
    problem is reported in the result.
    """
    with use_language(lang):
        return _FolderLoader(Path(folder), probe_media, profile or PROFILES[DEFAULT_PROFILE]).run()


def load_exhibition(folder: Path, *, probe_media: bool = True, profile: VideoProfile | None = None) -> Exhibition:
    """Return the resolved exhibition of ``folder``.

    Raises :class:`ContentError` listing every problem when the folder has errors (warnings
    alone do not stop it), and :class:`NotAContentFolder` when it is not a content folder.
    """
    result = validate(folder, probe_media=probe_media, profile=profile)
    if result.exhibition is None:
        raise ContentError(result.problems)
    return result.exhibition


class _FolderLoader(KindBuilder):
    """One run over one folder: every file kind in the order their references need."""

    def run(self) -> ValidationResult:
        """Check the whole folder; return the exhibition (when error-free) and all problems."""
        kiosk_yaml = self._kiosk_yaml()
        settings_file, settings_doc = self._parse(kiosk_yaml, KioskFile)
        settings = self._settings(settings_file, settings_doc) if settings_file else None

        provider_files = self._parse_kind("providers", "provider.yaml", ProviderFile)
        story_files = self._parse_kind("stories", "story.yaml", StoryFile)
        page_files = self._parse_kind("pages", "page.yaml", PageFile)
        if not story_files and not any(p.file == "stories" for p in self.problems):
            self.error("stories", None, _("the folder has no stories; add stories/<id>/story.yaml"))

        # A file that failed to parse keeps its id (mapped to None), so that references to it
        # are not reported a second time as unknown ids.
        story_ids_of: dict[str, list[str]] = {pid: [] for pid in provider_files}
        for sid, parsed in story_files.items():
            for pid in dict.fromkeys((parsed and parsed[0].providers) or ()):
                if pid in story_ids_of:
                    story_ids_of[pid].append(sid)
        providers = {pid: parsed and self._provider(pid, *parsed, tuple(story_ids_of[pid]))
                     for pid, parsed in provider_files.items()}
        stories = {sid: parsed and self._story(sid, *parsed, providers) for sid, parsed in story_files.items()}
        pages = {pid: parsed and self._page(pid, *parsed) for pid, parsed in page_files.items()}
        attract = self._attract(settings_file, settings_doc, stories) if settings_file else ()

        problems = sort_problems(self.problems)
        if errors(problems) or settings is None:
            return ValidationResult(None, problems)
        exhibition = Exhibition(
            root=self.root, settings=settings, stories=tuple(stories.values()),
            providers=tuple(providers.values()), pages=tuple(pages.values()), attract=attract)
        return ValidationResult(exhibition, problems)

    def _kiosk_yaml(self) -> Path:
        """Return the folder's ``kiosk.yaml``; raise :class:`NotAContentFolder` when there is none."""
        kiosk_yaml = self.root / "kiosk.yaml"
        try:
            if not self.root.is_dir():
                raise NotAContentFolder(_("{folder} does not exist or is not a folder", folder=self.root))
            if not kiosk_yaml.is_file():
                raise NotAContentFolder(_("{folder} has no kiosk.yaml, so it is not a content folder",
                                          folder=self.root))
        except OSError as exc:
            reason = (_("permission denied") if isinstance(exc, PermissionError)
                      else (exc.strerror or str(exc)).lower())
            text = _("the kiosk cannot read {file} ({reason}); give the kiosk user read access: "
                     "chmod -R a+rX '{folder}'", file=kiosk_yaml, reason=reason, folder=self.root)
            raise NotAContentFolder(text) from None
        return kiosk_yaml
