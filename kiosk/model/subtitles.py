"""Subtitles for a film: WebVTT files beside it, one per language, read with webvtt-py.

A film ``film.mp4`` has its German subtitles in ``film.de.vtt`` and its English ones in
``film.en.vtt``, in the same folder; no YAML names them. :func:`subtitle_files` finds them,
:func:`check` says what is wrong with one (the line of a broken cue, cues after the film's
end), and :func:`cues` reads the cues the video widget shows. Nothing here imports Kivy.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from kiosk.i18n import _

MAX_BYTES = 1_000_000
"""The largest subtitle file read; an hour of dense subtitles is about 100 KB."""
_LANGUAGE_FILE = re.compile(r"\.([a-z]{2})\.vtt$")
_LATE_SLACK = 0.5
"""How many seconds a cue may end after the film's probed duration (container rounding)."""


@dataclass(frozen=True)
class Cue:
    """One subtitle: shown from ``start`` to ``end`` seconds into the film."""

    start: float
    end: float
    text: str


class SubtitleError(ValueError):
    """A subtitle file that cannot be read; ``line`` is the 1-based line of the fault, or None."""

    def __init__(self, line: int | None, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def subtitle_files(video: Path) -> dict[str, Path]:
    """Return the subtitle files beside ``video`` by language: ``{"de": .../film.de.vtt, ...}``.

    Only names of the form ``<film name>.<two lowercase letters>.vtt`` count. A folder that
    cannot be listed has none (the video's own check reports an unreadable folder).
    """
    prefix = video.stem + "."
    try:
        names = sorted(entry.name for entry in video.parent.iterdir() if entry.name.startswith(prefix))
    except OSError:
        return {}
    found = {}
    for name in names:
        match = _LANGUAGE_FILE.search(name)
        if match and name == prefix + match.group(1) + ".vtt":
            found[match.group(1)] = video.parent / name
    return found


def cues(path: Path) -> tuple[Cue, ...]:
    """Read the cues of a WebVTT file, in file order, with their text free of cue tags.

    Raises :class:`SubtitleError` naming the line of the first fault.
    """
    return tuple(cue for _, cue in _numbered_cues(path))


def check(path: Path, duration: float | None) -> list[tuple[int | None, str, str]]:
    """Check one subtitle file; return its problems as ``(line, severity, message)``.

    An unreadable file or a broken cue is an error; a cue that ends after the film's
    ``duration`` (when known) is a warning, since the kiosk never shows it.
    """
    try:
        numbered = _numbered_cues(path)
    except SubtitleError as exc:
        return [(exc.line, "error", exc.message)]
    if duration is None:
        return []
    late = [(line, cue) for line, cue in numbered if cue.end > duration + _LATE_SLACK]
    if not late:
        return []
    line, cue = late[0]
    if len(late) > 1:
        text = _("this cue ends at {end}, after the film's end at {film_end} (and {more} more after it), so it is "
                 "never shown; fix its time or the film", end=_clock(cue.end), film_end=_clock(duration),
                 more=len(late) - 1)
    else:
        text = _("this cue ends at {end}, after the film's end at {film_end}, so it is never shown; fix its time or "
                 "the film", end=_clock(cue.end), film_end=_clock(duration))
    return [(line, "warning", text)]


def _numbered_cues(path: Path) -> list[tuple[int, Cue]]:
    """The cues of ``path`` with the line of each cue's timing; raise :class:`SubtitleError`."""
    import webvtt  # read only when a film has subtitles

    text = _read(path)
    lines = text.splitlines()
    if not lines or not lines[0].startswith("WEBVTT"):
        raise SubtitleError(1, _("a subtitle file must begin with the line WEBVTT; add it as the first line"))
    numbered = []
    for first, block in _blocks(lines):
        if not any("-->" in line for line in block):
            continue  # the header, a NOTE, STYLE or REGION block: nothing to show
        try:
            parsed = webvtt.from_buffer(io.StringIO("WEBVTT\n\n" + "\n".join(block) + "\n"), strict=True)
        except (webvtt.errors.MalformedCaptionError, webvtt.errors.MalformedFileError):
            parsed = None
        timing = first + next(index for index, line in enumerate(block) if "-->" in line)
        if parsed is None or len(parsed.captions) != 1:
            raise SubtitleError(timing, _("this cue cannot be read: write its time as 00:01.500 --> 00:04.000 on one "
                                          "line, the text below it, and an empty line after it"))
        caption = parsed.captions[0]
        start, end = caption.start_time.in_milliseconds() / 1000, caption.end_time.in_milliseconds() / 1000
        if end <= start:
            raise SubtitleError(timing, _("this cue ends ({end}) before it begins ({start}); swap or fix the times",
                                          end=_clock(end), start=_clock(start)))
        numbered.append((timing, Cue(start, end, caption.text)))
    return numbered


def _read(path: Path) -> str:
    """The text of a subtitle file; raise :class:`SubtitleError` when it cannot be read as UTF-8."""
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        raise SubtitleError(None, _("the subtitle file cannot be read ({reason}); copy it again",
                                    reason=(exc.strerror or str(exc)).lower())) from None
    if len(data) > MAX_BYTES:
        raise SubtitleError(None, _("the subtitle file is larger than {limit} KB; subtitles for a film need a small "
                                    "fraction of that: check that it is the right file", limit=MAX_BYTES // 1000))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise SubtitleError(line, _("this line is not UTF-8 text; save the file again as UTF-8")) from None


def _blocks(lines: list[str]):
    """Yield ``(line number of its first line, lines)`` for each block between empty lines."""
    block: list[str] = []
    first = 1
    for number, line in enumerate(lines, start=1):
        if line.strip():
            if not block:
                first = number
            block.append(line)
        elif block:
            yield first, block
            block = []
    if block:
        yield first, block


def _clock(seconds: float) -> str:
    """``75.5`` as staff read a film's time: ``1:15.5``."""
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes)}:{rest:04.1f}"
