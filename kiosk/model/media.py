"""Checks of the media files a content folder names: place, type, and whether they decode.

Images are decoded with Pillow, videos probed with ffpyplayer (duration and frame size).
Neither imports Kivy. Each check returns a staff-facing message, or None when the file is fine.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from kiosk.model.videoprofile import container_codec

IMAGE_TYPES = frozenset({".jpg", ".jpeg", ".png"})
VIDEO_TYPES = frozenset({".mp4", ".m4v", ".mov"})
PROBE_TIMEOUT = 5.0


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

    if os.path.isabs(relative) or relative.startswith("~"):
        return None, f"'{relative}' is an absolute path; give the path relative to this file, e.g. 'bild.jpg'"
    candidate = os.path.join(base, relative)
    # Folders are resolved once and cached (the costly part on large folders); the file itself is
    # resolved only when it is a link.
    real = (os.path.realpath(candidate) if os.path.islink(candidate)
            else os.path.join(real_dir(os.path.dirname(os.path.normpath(candidate))), os.path.basename(candidate)))
    root_real = real_dir(str(root))
    if not (real == root_real or real.startswith(root_real + os.sep)):
        if ".." in Path(relative).parts:
            return None, f"'{relative}' points outside the content folder; copy the file into the folder"
        return None, f"'{relative}' is a link that leads outside the content folder; copy the file itself"
    return Path(os.path.normpath(candidate)), None


def check_file(path: Path, relative: str, kind: str) -> str | None:
    """Check that ``path`` exists, is a readable file, and has a supported type for ``kind``.

    ``kind`` is ``image`` or ``video``. Returns a message, or None.
    """
    suffix = path.suffix.lower()
    allowed = IMAGE_TYPES if kind == "image" else VIDEO_TYPES
    if suffix not in allowed:
        other = "video" if suffix in VIDEO_TYPES else "image" if suffix in IMAGE_TYPES else None
        if other:
            return f"'{relative}' is a{'n' if other == 'image' else ''} {other}; list it under '{other}:'"
        names = ", ".join(sorted(allowed))
        return f"'{relative}' has a file type the kiosk cannot show as {kind}; use one of {names}"
    if not path.exists():
        return f"file '{relative}' is missing; check the name (upper/lower case counts) or copy it here"
    if not path.is_file():
        return f"'{relative}' is a folder, not a file"
    if not os.access(path, os.R_OK):
        return f"file '{relative}' cannot be read (no permission); fix its permissions"
    if path.stat().st_size == 0:
        return f"file '{relative}' is empty (0 bytes); copy it again"
    return None


def check_image(path: Path, relative: str) -> str | None:
    """Decode an image with Pillow; return a message when it does not decode."""
    from PIL import Image

    try:
        with Image.open(path) as image:
            image.draft("RGB", (256, 256))  # JPEGs decode at reduced scale: fast, still complete
            image.load()
    except Image.DecompressionBombError:
        return f"image '{relative}' is far too large to show; save it at a few thousand pixels wide"
    except (OSError, SyntaxError, ValueError):
        return (f"image '{relative}' cannot be decoded: the file is damaged or not really a JPEG/PNG; "
                "export it again")
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
                                 fps=num / den if num and den else None, codec=container_codec(path))
            if failed:
                return None
            time.sleep(0.005)
        return None
    finally:
        player.close_player()


def check_video(path: Path, relative: str) -> tuple[str | None, VideoInfo | None]:
    """Probe a video; return (a message when it cannot be opened, what the probe found)."""
    info = probe_video(path)
    if info is None:
        return (f"video '{relative}' cannot be opened (damaged or an unknown format); "
                "export it again as MP4 (H.264)"), None
    return None, info
