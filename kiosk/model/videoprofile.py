"""What a kiosk's hardware can play: video codecs, frame sizes and frame rates.

The kiosk decodes video in software (ffpyplayer's ffmpeg uses no hardware decoder), so what
plays smoothly depends on the machine's processor. A :class:`VideoProfile` names the limits;
the validator warns about every film above them, and the app shows such a film's poster
instead of starting a decoder that would stutter or freeze the screen.

The codec is read from the file's container: ffpyplayer reports frame size, frame rate and
pixel format, but not the codec. The kiosk accepts MP4, M4V and MOV files, which are all ISO
base media files; :func:`container_codec` reads the sample entry of the first video track.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

from kiosk.i18n import _

CODEC_NAMES = {
    "h264": "H.264", "hevc": "HEVC (H.265)", "vp9": "VP9", "av1": "AV1", "mpeg4": "MPEG-4 Part 2",
    "prores": "Apple ProRes", "mjpeg": "Motion JPEG",
}
"""Codec ids and the names staff see in messages and export dialogs."""

_SAMPLE_ENTRIES = {
    b"avc1": "h264", b"avc3": "h264", b"hvc1": "hevc", b"hev1": "hevc", b"dvh1": "hevc", b"dvhe": "hevc",
    b"vp09": "vp9", b"av01": "av1", b"mp4v": "mpeg4", b"jpeg": "mjpeg", b"mjpa": "mjpeg",
    b"apch": "prores", b"apcn": "prores", b"apcs": "prores", b"apco": "prores", b"ap4h": "prores",
    b"ap4x": "prores",
}
_MAX_BOX_READ = 64 * 1024 * 1024  # a moov box is a few MB even for long films; more is a damaged file


@dataclass(frozen=True)
class VideoProfile:
    """Limits of one kind of kiosk hardware for smooth software playback."""

    name: str
    description: str
    codecs: frozenset[str]
    max_size: tuple[int, int]
    """Largest frame (long side, short side); portrait films are compared turned."""
    max_fps: float

    def problem(self, codec: str | None, width: int, height: int, fps: float | None) -> str | None:
        """Return why a film with these properties won't play smoothly here, or None if it will.

        The text completes "video 'x.mp4' ...": it names the limit and what to export instead.
        An unknown codec (a container the sniffer could not read) is not held against the file.
        """
        long_side, short_side = max(width, height), min(width, height)
        if codec is not None and codec not in self.codecs:
            allowed = ", ".join(CODEC_NAMES.get(c, c) for c in sorted(self.codecs))
            return _("is {codec}, which the '{profile}' hardware cannot play smoothly (it plays {allowed}); export "
                     "it as MP4 (H.264)", codec=CODEC_NAMES.get(codec, codec), profile=self.name, allowed=allowed)
        if long_side > self.max_size[0] or short_side > self.max_size[1]:
            return _("is {width}×{height} pixels, more than the '{profile}' hardware plays smoothly "
                     "({max_width}×{max_height}); export it at {fit} or smaller", width=width, height=height,
                     profile=self.name, max_width=self.max_size[0], max_height=self.max_size[1],
                     fit=_fit(width, height, self.max_size))
        if fps is not None and fps > self.max_fps + 0.5:
            return _("has {fps:g} frames per second, more than the '{profile}' hardware plays smoothly ({limit:g}); "
                     "export it at {limit:g} frames per second", fps=fps, profile=self.name, limit=self.max_fps)
        return None


def plays_on(profile: VideoProfile, medium) -> bool:
    """Whether the video ``medium`` (anything with a ``video`` VideoInfo, or None) is within ``profile``.

    A film that was not probed (``video`` None) is given the benefit of the doubt.
    """
    info = medium.video
    return info is None or profile.problem(info.codec, info.width, info.height, info.fps) is None


def _fit(width: int, height: int, box: tuple[int, int]) -> str:
    """The largest even frame size of this film's shape inside ``box`` (in its orientation)."""
    long_side, short_side = box
    limit = (long_side, short_side) if width >= height else (short_side, long_side)
    scale = min(limit[0] / width, limit[1] / height)
    return f"{int(width * scale) // 2 * 2}×{int(height * scale) // 2 * 2}"


PROFILES = {
    profile.name: profile for profile in (
        VideoProfile("mini-pc", "a current x86 mini-PC (4 cores, e.g. Intel N100)",
                     frozenset({"h264", "hevc", "vp9"}), (3840, 2160), 60),
        VideoProfile("raspberry-pi", "a Raspberry Pi 4 or 5 (software decoding)",
                     frozenset({"h264"}), (1920, 1080), 30),
        VideoProfile("any", "no limits (a workstation, or for testing)",
                     frozenset(CODEC_NAMES), (100_000, 100_000), 1000),
    )
}
"""The hardware profiles a kiosk can be configured with (``video_profile`` in kiosk.toml)."""

DEFAULT_PROFILE = "mini-pc"


def container_codec(path: Path) -> str | None:
    """Return the codec id of the first video track of an MP4/MOV file, or None if unknown.

    Walks the ISO base media boxes ``moov/trak/mdia/minf/stbl/stsd`` and maps the first sample
    entry's four-character code (``avc1``, ``hvc1``, ...) through :data:`_SAMPLE_ENTRIES`. Never
    raises on a damaged or foreign file: that is the decoder probe's finding to report.
    """
    data = _movie_box(path)
    for track_start, track_end in _boxes(data, 0, len(data), b"trak"):
        codec = _track_codec(data, track_start, track_end)
        if codec is not None:
            return codec
    return None


def has_sound_track(path: Path) -> bool:
    """Return whether an MP4/MOV file has a sound track (a ``trak`` whose handler is ``soun``).

    False for other containers and for damaged files, so the kiosk offers no sound control
    it cannot honour. Never raises.
    """
    data = _movie_box(path)
    return any(_handler(data, *track) == b"soun" for track in _boxes(data, 0, len(data), b"trak"))


def _movie_box(path: Path) -> bytes:
    """The body of the file's ``moov`` box (at most :data:`_MAX_BOX_READ` bytes), or b""."""
    try:
        with open(path, "rb") as stream:
            size = stream.seek(0, 2)
            moov = _find_box(stream, 0, size, b"moov")
            if moov is None:
                return b""
            stream.seek(moov[0])
            return stream.read(min(moov[1] - moov[0], _MAX_BOX_READ))
    except OSError:
        return b""


def _handler(data: bytes, start: int, end: int) -> bytes:
    """The handler type of one ``trak`` box (``vide``, ``soun``, ...), or b"" when it has none."""
    mdia = next(_boxes(data, start, end, b"mdia"), None)
    hdlr = next(_boxes(data, *mdia, b"hdlr"), None) if mdia else None
    # hdlr: version/flags (4), pre_defined (4), handler type (4)
    return data[hdlr[0] + 8:hdlr[0] + 12] if hdlr else b""


def _find_box(stream, start: int, end: int, kind: bytes) -> tuple[int, int] | None:
    """Find a top-level box by seeking from header to header (mdat may be gigabytes)."""
    offset = start
    while offset + 8 <= end:
        stream.seek(offset)
        header = stream.read(16)
        box_size, box_type, body = _header(header, offset, end)
        if box_size is None:
            return None
        if box_type == kind:
            return offset + body, offset + box_size
        offset += box_size
    return None


def _header(header: bytes, offset: int, end: int) -> tuple[int | None, bytes, int]:
    """Parse a box header: (size, type, header length); size None when it is damaged."""
    if len(header) < 8:
        return None, b"", 0
    box_size, box_type = struct.unpack(">I4s", header[:8])
    body = 8
    if box_size == 1:
        if len(header) < 16:
            return None, b"", 0
        box_size, body = struct.unpack(">Q", header[8:16])[0], 16
    elif box_size == 0:
        box_size = end - offset
    if box_size < body or offset + box_size > end:
        return None, b"", 0
    return box_size, box_type, body


def _boxes(data: bytes, start: int, end: int, kind: bytes):
    """Yield (body start, end) of every box of ``kind`` directly inside ``data[start:end]``."""
    offset = start
    while offset + 8 <= end:
        box_size, box_type, body = _header(data[offset:offset + 16], offset, end)
        if box_size is None:
            return
        if box_type == kind:
            yield offset + body, offset + box_size
        offset += box_size


def _track_codec(data: bytes, start: int, end: int) -> str | None:
    """The codec of one ``trak`` box if it is a video track, else None."""
    if _handler(data, start, end) != b"vide":
        return None
    mdia = next(_boxes(data, start, end, b"mdia"))
    minf = next(_boxes(data, *mdia, b"minf"), None)
    stbl = next(_boxes(data, *minf, b"stbl"), None) if minf else None
    stsd = next(_boxes(data, *stbl, b"stsd"), None) if stbl else None
    if stsd is None:
        return None
    # stsd: version/flags (4), entry count (4), then sample entries: size (4), format (4)
    entry = data[stsd[0] + 12:stsd[0] + 16]
    if entry == b"encv":
        return "encrypted"
    return _SAMPLE_ENTRIES.get(entry, entry.decode("latin-1").strip() or None)
