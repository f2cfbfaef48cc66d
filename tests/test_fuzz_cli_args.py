"""Property-based: whatever arguments ``kiosk stats`` gets and whatever ``kiosk.toml`` holds,
the command line ends with exit 0, 1 or 2 and a message of its own, never a traceback, within a
generous time per case. Hypothesis with a fixed seed; each test runs a few hundred cases through
``kiosk.cli.main`` in this process, against an empty statistics database in a temporary folder.
"""

from __future__ import annotations

import contextlib
import io
import sqlite3
from datetime import date
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from kiosk.cli import main
from kiosk.model.videoprofile import PROFILES
from kiosk.services.settings import WEEKDAYS, hash_pin
from kiosk.services.stats import database_path, ensure_schema

FUZZ = settings(max_examples=300, derandomize=True, database=None, deadline=10_000,
                suppress_health_check=[HealthCheck.too_slow])
"""A fixed seed, a few hundred cases, and 10 s per case: far above the few milliseconds one
takes, so only a hang fails it."""

pytestmark = pytest.mark.timeout(120)


class Room:
    """A temporary folder with an empty statistics database and a settings file pointing at it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = root / "data"
        self.data.mkdir()
        conn = sqlite3.connect(database_path(self.data))
        ensure_schema(conn)
        conn.close()
        self.out = root / "out"
        self.out.mkdir()
        self.config = root / "kiosk.toml"
        self.config.write_text(self.good_settings())

    def good_settings(self) -> str:
        """Settings that lead to the empty database, and to no content (no titles to look up)."""
        return tomli_w.dumps({"data_dir": str(self.data), "content": str(self.root / "kein-inhalt")})


@pytest.fixture(scope="module")
def room(tmp_path_factory) -> Room:
    return Room(tmp_path_factory.mktemp("fuzz"))


def run(room: Room, argv: list[str]) -> tuple[int, str, str]:
    """``kiosk ARGV`` in this process, from inside the room; returns (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(room.root), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse refusing an argument: usage and exit 2
            code = exc.code
    return code, out.getvalue(), err.getvalue()


def assert_clean(code: int, err: str) -> None:
    """Exit 0, 1 or 2; a failure says why in one line (argparse: usage and its line); no traceback."""
    assert code in (0, 1, 2), (code, err)
    assert "Traceback" not in err and 'File "' not in err, err
    if code:
        lines = err.splitlines()
        assert lines, "a failure must say why"
        if lines[0].startswith("usage:"):
            assert lines[-1].startswith("kiosk") and ": error: " in lines[-1], err
        else:
            assert len(lines) == 1 and lines[0].startswith("kiosk"), err


# -- kiosk stats arguments ----------------------------------------------------------------

TEXT = st.text(st.characters(exclude_characters="\0"), max_size=40)
"""Anything a shell can pass: a NUL byte cannot be in an argument."""

DATES = st.one_of(
    st.dates().map(date.isoformat),  # years 1 to 9999
    st.dates().map(lambda d: f"{d.day:02d}.{d.month:02d}.{d.year:04d}"),
    st.from_regex(r"\A-?[0-9]{1,5}-[0-9]{1,3}-[0-9]{1,3}\Z"),
    st.sampled_from(["0001-01-01", "9999-12-31", "1970-01-01", "2099-12-31", "2026-02-30", "30.02.2026",
                     "gestern", "heute", "", " ", "2026-W05-1", "20260101", "٢٠٢٦-٠١-٠١", "２０２６-０１-０１"]),
    TEXT,
)
FORMATS = st.sampled_from(["text", "csv", "html", "pdf", "", "CSV"])
OUT = st.one_of(
    st.none(),
    st.sampled_from(["bericht.txt", "fehlt/noch/bericht.csv", ".", "..", "data/stats.sqlite3", "x" * 300,
                     "kiosk.toml/unter-einer-datei.txt"]),
    st.text(st.characters(exclude_characters="\0/"), min_size=1, max_size=60).map(lambda name: f"out/{name}"),
)


@st.composite
def stats_argv(draw) -> list[str]:
    """``stats`` with any mix of --since, --until, --format and --out."""
    argv = ["stats"]
    for flag in ("--since", "--until"):
        if draw(st.booleans()):
            value = draw(DATES)
            argv += [f"{flag}={value}"] if draw(st.booleans()) else [flag, value]
    if draw(st.booleans()):
        argv += ["--format", draw(FORMATS)]
    out = draw(OUT)
    if out is not None:
        argv += ["--out", out]
    return argv


@FUZZ
@given(argv=stats_argv())
def test_any_stats_arguments_give_a_report_or_one_sentence(room: Room, argv: list[str]) -> None:
    room.config.write_text(room.good_settings())
    code, out, err = run(room, ["--config", str(room.config), *argv])
    event(f"exit {code}")  # --hypothesis-show-statistics: how the cases ended
    assert_clean(code, err)
    if code == 0:
        assert err == ""
        if "--out" not in argv:
            assert out.strip(), "a report without --out goes to the terminal"


# -- kiosk.toml contents ------------------------------------------------------------------

KEYS = st.one_of(
    st.sampled_from(["content", "data_dir", "pin_hash", "keep_releases", "log_level", "stats_retention_days",
                     "video_profile", "screen", "input", "providers", "opening_hours", "fullscreen", "size",
                     "rotation", "mon", "sat"]),
    st.text(max_size=12),
)
PIN_HASH = hash_pin("2580")
SCALARS = st.one_of(
    st.integers(), st.integers(min_value=-(2 ** 200), max_value=2 ** 200), st.floats(), st.booleans(), TEXT,
    st.dates(), st.datetimes(), st.times(),
    st.sampled_from(["09:00-18:00", "18:00-09:00", "25:00-26:00", "mini-pc", "DEBUG", "1920x1080", "0x0",
                     PIN_HASH, "scrypt$00$00", 90, 45, -1, 0, 2, 1000, 1001, 36500, 36501]),
)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3),
                      max_leaves=12)
DOCUMENTS = st.dictionaries(KEYS, VALUES, max_size=6)

SPANS = st.tuples(st.times(), st.times()).map(lambda span: f"{min(span):%H:%M}-{max(span):%H:%M}")


@st.composite
def valid_documents(draw, room: Room) -> dict:
    """Settings the model accepts, at the ends of what it accepts, aimed at the empty database."""
    document = {"data_dir": str(room.data), "content": str(room.root / "kein-inhalt"),
                "keep_releases": draw(st.integers(2, 1000)), "stats_retention_days": draw(st.integers(1, 36500)),
                "log_level": draw(st.sampled_from(["DEBUG", "INFO", "WARNING", "ERROR"])),
                "video_profile": draw(st.sampled_from(sorted(PROFILES))),
                "screen": {"fullscreen": draw(st.booleans()), "rotation": draw(st.sampled_from([0, 90, 180, 270])),
                           "size": draw(TEXT)},
                "input": {"providers": draw(st.dictionaries(TEXT, TEXT, max_size=3))},
                "opening_hours": draw(st.dictionaries(st.sampled_from(WEEKDAYS), SPANS, max_size=7))}
    if draw(st.booleans()):
        document["pin_hash"] = PIN_HASH
    return document


SAMPLE = (b'keep_releases = 5\nlog_level = "INFO"\nvideo_profile = "mini-pc"\n'
          b'[screen]\nfullscreen = true\nrotation = 90\n[opening_hours]\nmon = "09:00-18:00"\n')


@st.composite
def settings_files(draw, room: Room) -> bytes:
    """Bytes for kiosk.toml: a good file with one value changed, random TOML documents (half
    of them aimed at the empty database), mutations of a good file's bytes, random bytes, and
    arrays nested hundreds or thousands deep. Lone surrogates in the text become bytes that
    are not UTF-8."""
    kind = draw(st.sampled_from(["valid", "one-change", "toml", "mutation", "bytes", "deep"]))
    if kind == "valid":
        return tomli_w.dumps(draw(valid_documents(room))).encode("utf-8", "surrogatepass")
    if kind == "one-change":
        document = {"data_dir": str(room.data), "content": str(room.root / "kein-inhalt"), "keep_releases": 5,
                    "screen": {"rotation": 90}, "input": {"providers": {"touch": "mtdev"}},
                    "opening_hours": {"mon": "09:00-18:00"}}
        table = draw(st.sampled_from([document, document["screen"], document["input"]["providers"],
                                      document["opening_hours"]]))
        table[draw(KEYS)] = draw(VALUES)
        return tomli_w.dumps(document).encode("utf-8", "surrogatepass")
    if kind == "toml":
        document = draw(DOCUMENTS)
        if draw(st.booleans()):
            document.setdefault("data_dir", str(room.data))
            document.setdefault("content", str(room.root / "kein-inhalt"))
        return tomli_w.dumps(document).encode("utf-8", "surrogatepass")
    if kind == "mutation":
        at = draw(st.integers(0, len(SAMPLE)))
        cut = draw(st.integers(0, 20))
        return SAMPLE[:at] + draw(st.binary(max_size=20)) + SAMPLE[at + cut:]
    if kind == "bytes":
        return draw(st.binary(max_size=300))
    depth = draw(st.integers(1, 5000))
    return b"a = " + b"[" * depth + b"]" * depth


@FUZZ
@given(data=st.data())
def test_any_settings_file_is_used_or_refused_in_one_sentence(room: Room, data) -> None:
    content = data.draw(settings_files(room))
    room.config.write_bytes(content)
    code, _out, err = run(room, ["--config", str(room.config), "stats"])
    event(f"exit {code}: {err.split(':')[1].strip() if code else 'report'}")
    assert_clean(code, err)
    if code == 2 and err.startswith("kiosk: settings file: "):
        assert str(room.config) in err, "a settings error names the file"


def test_the_strategies_reach_both_outcomes(room: Room) -> None:
    """The fuzz above is only worth something if good settings reach the report and bad ones
    are refused: check one of each by hand."""
    room.config.write_text(room.good_settings())
    assert run(room, ["--config", str(room.config), "stats", "--since=2026-01-01"])[0] == 0
    room.config.write_bytes(b"data_dir = [[[\n")
    assert run(room, ["--config", str(room.config), "stats"])[0] == 2
