"""Which slot-sized images an exhibition needs, where they are cached, and for which windows (no Kivy).

The kiosk (:mod:`kiosk.ui.media`) and ``kiosk content install`` both build the copies of
:func:`exhibition_jobs` in :func:`cache_dir` of the data dir, so content installed while the
kiosk runs goes live already cached. Install runs in a process without a window: the kiosk
records the window sizes it renders at (:func:`record_window_size`) in the cache dir, and
install warms for those (:func:`install_window_sizes`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

from kiosk.design import WINDOW
from kiosk.files import write_atomic
from kiosk.services.imagecache import CENTRE, SLOT_FIT, Box, Focus, slot_boxes

log = logging.getLogger(__name__)

Job = tuple[Path, Box, str, Focus]
"""``(source, box, fit, focus)``: one slot-sized copy, as :meth:`ImageCache.warm` takes it."""

DEFAULT_WINDOW: Box = WINDOW
"""The window install warms for when the kiosk never recorded one and none is configured:
the one the design is drawn for."""

SIZES_FILE = "window-sizes.json"
"""The record of window sizes, in the cache dir (the cache counts only its .jpg/.png entries)."""

MAX_RECORDED_SIZES = 3
"""Sizes kept, most recent first: a screen swapped and back is still warm, and install
never warms for more than a few windows."""

_MAX_SIDE = 16384
"""Larger sides in the record are not a window but damage, and are ignored."""


def cache_dir(data_dir: Path) -> Path:
    """Return the image cache directory of a data dir: ``<data_dir>/cache/images``."""
    return Path(data_dir) / "cache" / "images"


def exhibition_jobs(exhibition, window_size: tuple[int, int]) -> Iterator[Job]:
    """Yield ``(source, box, fit, focus)`` for every image the UI shows of ``exhibition`` in
    ``window_size``; a story tile's cover is cut around the story's ``cover_focus``.

    Raises ValueError for a window without area (see :func:`slot_boxes`).
    """
    boxes = slot_boxes(window_size)

    def job(path, slot: str, focus: Focus = CENTRE) -> Job:
        return Path(path), boxes[slot], SLOT_FIT[slot], tuple(focus)

    for story in exhibition.stories:
        yield job(story.cover, "cover", story.cover_focus)
        if not exhibition.attract:  # the loop then shows every cover fullscreen
            yield job(story.cover, "fullscreen")
        if not story.media:
            yield job(story.cover, "media")
    for provider in exhibition.providers:
        yield job(provider.logo, "thumb")
    # The full-screen viewer shows the same pictures and posters at the window's size: warm
    # them too, or its first opening shows an empty stage while the copy is built.
    for medium in [m for s in exhibition.stories for m in s.media] + [m for p in exhibition.pages for m in p.media]:
        still = medium.path if medium.kind == "image" else medium.poster
        if still is not None:
            yield job(still, "media")
            yield job(still, "viewer")
    for item in exhibition.attract:
        if item.kind == "image":
            yield job(item.path, "fullscreen")


def recorded_window_sizes(images_dir: Path) -> list[Box]:
    """Return the window sizes recorded in ``images_dir``, most recent first.

    A missing, unreadable or damaged record gives an empty list (entries that are not a
    plausible ``[width, height]`` are skipped); never raises.
    """
    try:
        data = json.loads((Path(images_dir) / SIZES_FILE).read_text(encoding="utf-8"))
        entries = data["sizes"]
        if not isinstance(entries, list):
            return []
    except (OSError, ValueError, TypeError, KeyError):
        return []
    sizes: list[Box] = []
    for entry in entries:
        if (isinstance(entry, list) and len(entry) == 2
                and all(type(side) is int and 0 < side <= _MAX_SIDE for side in entry)):
            size = (entry[0], entry[1])
            if size not in sizes:
                sizes.append(size)
    return sizes[:MAX_RECORDED_SIZES]


def record_window_size(images_dir: Path, size: tuple[int, int]) -> bool:
    """Note that the kiosk renders at ``size``, in front of the sizes already recorded.

    Writes only when the most recent size changes (a kiosk restarted daily does not wear
    the SD card), atomically. Returns whether it wrote; never raises: a record that
    cannot be written costs only install's guess of the size (logged).
    """
    size = (int(size[0]), int(size[1]))
    previous = recorded_window_sizes(images_dir)
    if previous[:1] == [size]:
        return False
    sizes = [size] + [s for s in previous if s != size]
    path = Path(images_dir) / SIZES_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps({"sizes": [list(s) for s in sizes[:MAX_RECORDED_SIZES]]}))
    except OSError as exc:
        log.warning("image cache: cannot record the window size in %s (%s)", path, exc)
        return False
    return True


def install_window_sizes(images_dir: Path, configured: tuple[int, int] | None = None) -> list[Box]:
    """Return the window sizes to warm for outside the kiosk: the recorded ones, else
    ``configured`` (the settings' screen size), else :data:`DEFAULT_WINDOW`."""
    recorded = recorded_window_sizes(images_dir)
    if recorded:
        return recorded
    return [configured or DEFAULT_WINDOW]
