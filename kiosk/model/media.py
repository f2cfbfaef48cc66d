"""Checks of the media files a content folder names: place, type, and whether they decode.

Images are decoded with Pillow, videos probed with ffpyplayer (duration and frame size).
Neither imports Kivy. Each check returns a staff-facing message, or None when the file is fine.
"""

from __future__ import annotations

import errno
import os
import stat
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

from kiosk.i18n import _
from kiosk.model.problems import shown
from kiosk.model.videoprofile import container_codec, has_sound_track

IMAGE_TYPES = frozenset({".jpg", ".jpeg", ".png"})
VIDEO_TYPES = frozenset({".mp4", ".m4v", ".mov"})
PROBE_TIMEOUT = 5.0
NAME_MAX = 255
"""The longest file or folder name, in bytes, that Linux file systems allow."""


@dataclass(frozen=True)
class VideoInfo:
    """What a video probe found: duration in seconds, frame size in pixels, frame rate and codec.

    ``fps`` and ``codec`` are None when the file does not tell (see :func:`container_codec`).
    """

    duration: float
    width: int
    height: int
    fps: float | None = None
    codec: str | None = None
    has_audio: bool = False
    """True when the file has a sound track (MP4/MOV; see :func:`has_sound_track`): only then
    does the kiosk offer a sound control."""


def resolve_inside(root: Path, base: Path, relative: str,
                   real_dirs: dict[str, str] | None = None) -> tuple[Path | None, str | None]:
    """Resolve ``relative`` against ``base`` and check that it stays inside ``root``.

    Returns ``(absolute_path, None)``, or ``(None, message)`` for absolute paths, ``..`` escapes
    and symlinks that lead out of the content folder. ``real_dirs`` caches resolved folders for
    one validation run (not longer: a live content folder may be a symlink that is switched).
    """
    real_dirs = {} if real_dirs is None else real_dirs

    def real_dir(directory: str) -> str:
        if directory not in real_dirs:
            real_dirs[directory] = os.path.realpath(directory)
        return real_dirs[directory]

    name = _shown(relative)
    problem = _name_problem(relative)
    if problem:
        return None, problem
    if os.path.isabs(relative) or relative.startswith("~"):
        return None, _("'{name}' is an absolute path; give the path relative to this file, e.g. 'bild.jpg'",
                       name=name)
    candidate = os.path.join(base, relative)
    # Folders are resolved once and cached (the costly part on large folders); the file itself is
    # resolved only when it is a link.
    real = (os.path.realpath(candidate) if os.path.islink(candidate)
            else os.path.join(real_dir(os.path.dirname(os.path.normpath(candidate))), os.path.basename(candidate)))
    root_real = real_dir(str(root))
    if not (real == root_real or real.startswith(root_real + os.sep)):
        if ".." in Path(relative).parts:
            return None, _("'{name}' points outside the content folder; copy the file into the folder", name=name)
        return None, _("'{name}' is a link that leads outside the content folder; copy the file itself", name=name)
    return Path(os.path.normpath(candidate)), None


def _shown(relative: str) -> str:
    """A media path as messages quote it: long enough for real paths, never a screenful."""
    return shown(relative, 120)


def _name_problem(relative: str) -> str | None:
    """Return why ``relative`` can never name a file (a control character, a part over 255 bytes), or None."""
    if any(ord(char) < 0x20 or 0x7f <= ord(char) < 0xa0 for char in relative):
        return _("the file name '{name}' contains a control character; type the name again", name=_shown(relative))
    try:
        parts = [part.encode("utf-8", "surrogateescape") for part in relative.split("/")]
    except UnicodeEncodeError:
        return _("the file name '{name}' is not valid text; type the name again", name=_shown(relative))
    long = next((part for part in parts if len(part) > NAME_MAX), None)
    if long is not None:
        return _("the file name '{name}' is longer than the {limit} bytes a file name may have; shorten it",
                 name=_shown(long.decode("utf-8", "surrogateescape")), limit=NAME_MAX)
    return None


def check_file(path: Path, relative: str, kind: str) -> str | None:
    """Check that ``path`` exists, is a readable file, and has a supported type for ``kind``.

    ``kind`` is ``image`` or ``video``. Returns a message, or None.
    """
    name = _shown(relative)
    suffix = path.suffix.lower()
    allowed = IMAGE_TYPES if kind == "image" else VIDEO_TYPES
    if suffix not in allowed:
        other = "video" if suffix in VIDEO_TYPES else "image" if suffix in IMAGE_TYPES else None
        if other == "image":
            return _("'{name}' is an image; list it under 'image:'", name=name)
        if other == "video":
            return _("'{name}' is a video; list it under 'video:'", name=name)
        names = ", ".join(sorted(allowed))
        if kind == "image":
            return _("'{name}' has a file type the kiosk cannot show as image; use one of {types}", name=name,
                     types=names)
        return _("'{name}' has a file type the kiosk cannot show as video; use one of {types}", name=name,
                 types=names)
    try:
        info = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return _("file '{name}' is missing; check the name (upper/lower case counts) or copy it here", name=name)
    except PermissionError:  # the folder above it may not be entered
        return _("file '{name}' cannot be read (no permission); fix its permissions", name=name)
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            return _("the path '{name}' is too long for the file system; use shorter folder and file names",
                     name=name)
        if exc.errno == errno.ELOOP:
            return _("'{name}' is a link that leads in a circle; copy the file itself", name=name)
        return _("file '{name}' cannot be read ({reason}); copy it again", name=name,
                 reason=(exc.strerror or str(exc)).lower())
    if stat.S_ISDIR(info.st_mode):
        return _("'{name}' is a folder, not a file", name=name)
    if not stat.S_ISREG(info.st_mode):
        # A pipe or a device would block the decoder for ever.
        return _("'{name}' is not an ordinary file (a pipe or a device); copy the file itself", name=name)
    if not os.access(path, os.R_OK):
        return _("file '{name}' cannot be read (no permission); fix its permissions", name=name)
    if info.st_size == 0:
        return _("file '{name}' is empty (0 bytes); copy it again", name=name)
    return None


def check_image(path: Path, relative: str) -> str | None:
    """Decode an image with Pillow; return a message when it does not decode."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            # Pillow only warns about a picture between its two size limits, on stderr, where the
            # problem list would not show it: refuse it like a larger one.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                image.draft("RGB", (256, 256))  # JPEGs decode at reduced scale: fast, still complete
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return _("image '{name}' is far too large to show; save it at a few thousand pixels wide",
                 name=_shown(relative))
    except Exception:  # damaged files make decoders raise almost anything (struct.error, IndexError, ...)
        return _("image '{name}' cannot be decoded: the file is damaged or not really a JPEG/PNG; export it again",
                 name=_shown(relative))
    return None


def probe_video(path: Path, timeout: float = PROBE_TIMEOUT) -> VideoInfo | None:
    """Open a video with ffpyplayer and return its duration and size, or None if it won't open."""
    from ffpyplayer.player import MediaPlayer
    from ffpyplayer.tools import set_loglevel

    set_loglevel("quiet")  # ffmpeg's own complaints would bury the validator's lines
    failed: list[str] = []

    def on_event(selector: str, value: str) -> None:
        if selector.endswith(":error"):
            failed.append(selector)

    player = MediaPlayer(str(path), callback=on_event,
                         ff_opts={"paused": True, "an": True, "sn": True})
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            meta = player.get_metadata()
            width, height = meta.get("src_vid_size") or (0, 0)
            if width and height and meta.get("duration"):
                num, den = meta.get("frame_rate") or (0, 0)
                return VideoInfo(float(meta["duration"]), int(width), int(height),
                                 fps=num / den if num and den else None, codec=container_codec(path),
                                 has_audio=has_sound_track(path))
            if failed:
                return None
            time.sleep(0.005)
        return None
    finally:
        player.close_player()


def check_video(path: Path, relative: str) -> tuple[str | None, VideoInfo | None]:
    """Probe a video; return (a message when it cannot be opened, what the probe found)."""
    try:
        info = probe_video(path)
    except Exception:  # damaged files make the demuxer raise almost anything
        info = None
    if info is None:
        return _("video '{name}' cannot be opened (damaged or an unknown format); export it again as MP4 (H.264)",
                 name=_shown(relative)), None
    return None, info
