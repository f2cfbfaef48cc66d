"""Property-based fuzzing of `kiosk validate` with mutated copies of the sample content.

Whatever a folder holds, `kiosk validate` ends with exit 0, 1 or 2, lists its problems as
``path:LINE: error|warning: message`` (or as JSON that parses), prints no traceback and no
control characters, and stays within a time and a memory bound. The mutations and the checks
live in ``scripts/fuzz_validate.py``, which runs longer campaigns; here a few hundred cases run
with a fixed seed, in this process, and a handful in real processes with a memory limit.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Iterator

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from fuzz_validate import (Case, Outcome, build_base, copy_base, failures, mutate, peak_rss_mb,  # noqa: E402
                           run_case, scratch_dir)

MEMORY_LIMIT = 1024 * 1024 * 1024
"""Address space for a validation in its own process; decoding films needs about 700 MB of it."""
FUZZ = settings(derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def scratch() -> Iterator[tuple[Path, Path]]:
    """(the base folder, a folder outside it with a private file)."""
    work = scratch_dir()
    outside = work / "outside"
    outside.mkdir()
    (outside / "private.yaml").write_text("geheim: ja\n", encoding="utf-8")
    try:
        yield build_base(work / "base"), outside
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _copy(base: Path) -> Path:
    """A fresh copy of the base, beside it (its media are hard links)."""
    return copy_base(base, Path(tempfile.mkdtemp(dir=base.parent)) / "content")


def _case(scratch: tuple[Path, Path], draw) -> tuple[Path, Case]:
    base, outside = scratch
    folder = _copy(base)
    return folder, mutate(draw, folder, outside)


def test_the_base_is_valid(scratch: tuple[Path, Path]) -> None:
    base, _ = scratch
    outcome = run_case(base, Case(probe=True))
    assert outcome.code == 0 and failures(outcome, base, Case(probe=True)) == [], outcome.out


@settings(FUZZ, max_examples=200)
@given(data=st.data())
def test_mutated_folders_end_in_problem_lines(scratch: tuple[Path, Path], data: st.DataObject) -> None:
    before = peak_rss_mb()
    folder, case = _case(scratch, data.draw)
    try:
        outcome = run_case(folder, case)
        assert failures(outcome, folder, case) == [], f"case: {case}"
        # A bomb or a runaway copy would show here; one validation needs a few MB.
        assert peak_rss_mb() - before < 300, f"case: {case}"
    finally:
        shutil.rmtree(folder.parent, ignore_errors=True)


def _in_a_process(folder: Path, case: Case) -> Outcome:
    """Run `kiosk validate` as staff do, in its own process with :data:`MEMORY_LIMIT` of address space."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    argv = [sys.executable, "-m", "kiosk", "validate", "--profile", "mini-pc",
            *([] if case.probe else ["--no-probe"]), *(["--format", "json"] if case.json else []), str(folder)]
    done = subprocess.run(argv, capture_output=True, preexec_fn=limit, timeout=60,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8:strict"})
    # Undecodable output fails here, as it would garble a terminal.
    return Outcome(done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8"), 0.0)


@settings(FUZZ, max_examples=6)
@given(data=st.data())
def test_mutated_folders_in_a_real_process(scratch: tuple[Path, Path], data: st.DataObject) -> None:
    folder, case = _case(scratch, data.draw)
    try:
        assume(not case.unreadable)  # those are simulated inside the process
        outcome = _in_a_process(folder, case)
        assert failures(outcome, folder, case) == [], f"case: {case}"
    finally:
        shutil.rmtree(folder.parent, ignore_errors=True)


@pytest.mark.parametrize("snippet", [
    "[" + ", ".join(["&a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
                    + [f"&a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 12)]) + "]",
    "[" * 999 + "]" * 999,
])
def test_bombs_stay_within_the_memory_limit(scratch: tuple[Path, Path], snippet: str) -> None:
    folder = _copy(scratch[0])
    try:
        kiosk = folder / "kiosk.yaml"
        text = kiosk.read_text(encoding="utf-8")
        kiosk.unlink()  # a hard link to the base's file
        kiosk.write_text(text + f"bombe: {snippet}\n", encoding="utf-8")
        case = Case()
        outcome = _in_a_process(folder, case)
        assert outcome.code == 1 and failures(outcome, folder, case) == []
        assert f"kiosk.yaml:{text.count(chr(10)) + 1}: error: " in outcome.out
    finally:
        shutil.rmtree(folder.parent)
