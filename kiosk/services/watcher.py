"""Watches the live content folder and validates it, off the UI thread, once it has settled.

Staff replace content by copying, rsync, ``git pull`` or by switching a symlink. The watcher
polls a cheap signature of the folder (every file's path, size and modification time, plus
where a symlink points). When the signature changes, it waits until the folder has not changed
for ``settle`` seconds, validates it, and checks the signature once more: a folder that changed
during validation is not reported, so a half-copied folder is never handed on.

Results go to ``on_result`` from the watcher's thread; the UI hands them to its main thread.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from kiosk.i18n import use_language
from kiosk.model.cache import file_stats
from kiosk.model.videoprofile import VideoProfile
from kiosk.services import content_ops

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ContentChange:
    """A settled change: the validation result (``exhibition`` None when it must not be shown)."""

    folder: Path
    result: content_ops.Validation

    @property
    def ok(self) -> bool:
        """Whether the new content can go live."""
        return self.result.exhibition is not None


def signature(folder: Path) -> tuple:
    """Return a cheap fingerprint of ``folder``: its real path and every file's (path, size, mtime)."""
    try:
        real = os.path.realpath(folder)
        if not os.path.isdir(real):
            return ("not a folder", real, os.path.exists(real))
        return (real, tuple(file_stats(real)))
    except OSError as exc:
        return ("unreadable", str(exc))


class ContentWatcher:
    """Polls ``folder`` every ``interval`` seconds and reports settled changes to ``on_result``.

    ``profile`` is the hardware whose video limits the validation warns about (see
    :mod:`kiosk.model.videoprofile`). ``loaded`` is the :func:`signature` of the content on
    screen, taken before it was validated, so that a copy that started meanwhile is noticed;
    by default, the folder as it is now. ``lang`` is the language of the problems, for whoever
    shows them (None: English).
    """

    def __init__(self, folder: Path, on_result: Callable[[ContentChange], None], *,
                 interval: float = 1.0, settle: float = 2.0, probe_media: bool = True,
                 profile: VideoProfile | None = None, loaded: tuple | None = None, lang: str | None = None):
        self.folder = folder
        self.lang = lang
        self.profile = profile
        self.on_result = on_result
        self.interval = interval
        self.settle = settle
        self.probe_media = probe_media
        self._loaded = loaded if loaded is not None else signature(folder)
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start polling in a daemon thread, from the ``loaded`` signature."""
        self._thread = threading.Thread(target=self._run, name="content-watcher", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop polling and wait for the thread."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def reload(self) -> None:
        """Validate the folder again at the next poll, even if nothing changed (staff 'reload')."""
        self._loaded = ("reload requested",)
        self._wake.set()

    def _run(self) -> None:
        pending: tuple | None = None
        stable_since = 0.0
        while not self._stop.is_set():
            current = signature(self.folder)
            now = time.monotonic()
            if current == self._loaded:
                pending = None
            elif current != pending:
                pending, stable_since = current, now
                log.info("content folder %s is changing; waiting until it settles", self.folder)
            elif now - stable_since >= self.settle:
                self._validate(current)
                pending = None
            self._wake.wait(self.interval)
            self._wake.clear()

    def _validate(self, before: tuple) -> None:
        with use_language(self.lang):
            try:
                result = content_ops.validate(self.folder, profile=self.profile, probe_media=self.probe_media)
            except content_ops.OperationError as exc:  # never let a strange folder end the watcher: report it
                if exc.__cause__ is not None:
                    log.error("validating %s failed", self.folder, exc_info=exc.__cause__)
                result = content_ops.Validation.refused(self.folder, str(exc))
        if signature(self.folder) != before:
            log.info("content folder %s changed while it was checked; checking again once it settles", self.folder)
            return
        self._loaded = before
        change = ContentChange(self.folder, result)
        if change.ok:
            log.info("new content in %s is valid", self.folder)
        else:
            log.warning("new content in %s is NOT shown:\n%s", self.folder,
                        "\n".join(map(str, result.problems)))
        self.on_result(change)
