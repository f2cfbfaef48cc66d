"""One atomic write for the whole kiosk: the old file or the new one, never half, and no litter."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kiosk.files import write_atomic

REPO = Path(__file__).resolve().parents[1]


def test_writes_bytes_and_text_and_replaces_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "map.json"
    write_atomic(target, b"\x00alt\xff")
    assert target.read_bytes() == b"\x00alt\xff"
    write_atomic(str(target), "Bäckerei")
    assert target.read_text(encoding="utf-8") == "Bäckerei"
    assert os.listdir(tmp_path) == ["map.json"], "no temporary file is left"


class _Failure(Exception):
    """What the patched system call raises, so the test sees exactly its own failure."""


@pytest.mark.parametrize("where", ["write", "fsync", "replace"])
@pytest.mark.parametrize("failure", [OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt()])
def test_a_failure_in_the_middle_keeps_the_old_file_and_leaves_no_temporary_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, failure: BaseException) -> None:
    target = tmp_path / "kiosk.toml"
    target.write_text("pin_hash = 'alt'\n")
    real_write = os.write

    def half_then_fail(fd: int, data) -> int:
        real_write(fd, bytes(data[:3]))  # part of the new file is on the disk already
        raise failure

    def fail(*_args, **_kwargs):
        raise failure

    monkeypatch.setattr(os, where, half_then_fail if where == "write" else fail)
    with pytest.raises(type(failure)):
        write_atomic(target, "pin_hash = 'neu'\n" * 100)
    monkeypatch.undo()
    assert target.read_text() == "pin_hash = 'alt'\n"
    assert os.listdir(tmp_path) == ["kiosk.toml"]


def test_a_missing_folder_is_an_oserror_and_nothing_is_made(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_atomic(tmp_path / "nirgends" / "datei", "x")
    assert os.listdir(tmp_path) == []


def test_mode_is_exact_even_over_a_leftover_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "pin-guard.json"
    # What a writer with this process and thread id left when it was killed, readable by all.
    leftover = tmp_path / f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp"
    leftover.write_text("old")
    leftover.chmod(0o644)
    write_atomic(target, "{}", mode=0o600)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert os.listdir(tmp_path) == ["pin-guard.json"]


def test_without_a_mode_the_umask_applies(tmp_path: Path) -> None:
    previous = os.umask(0o027)
    try:
        write_atomic(tmp_path / "sizes.json", "{}")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "sizes.json").stat().st_mode) == 0o640


@pytest.mark.parametrize("sync_folder", [False, True])
def test_the_file_is_flushed_before_the_rename_and_the_folder_after_it_when_asked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sync_folder: bool) -> None:
    steps = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        steps.append("fsync folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync file")
        real_fsync(fd)

    def replace(src, dst) -> None:
        steps.append("rename")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    write_atomic(tmp_path / "exhibition.pickle", b"data", sync_folder=sync_folder)
    assert steps == ["fsync file", "rename"] + (["fsync folder"] if sync_folder else [])


def test_concurrent_writers_of_one_file_never_mix(tmp_path: Path) -> None:
    target = tmp_path / "digests.json"
    texts = [str(n) * 200_000 for n in range(8)]
    threads = [threading.Thread(target=write_atomic, args=(target, text)) for text in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert target.read_text() in texts
    assert os.listdir(tmp_path) == ["digests.json"]


def test_kiosk_writes_files_only_through_write_atomic() -> None:
    """Every file the kiosk replaces goes through the one write_atomic; the other renames
    move what is already written and flushed: the live release link, a ZIP streamed onto a USB
    stick (too large to hold in memory), an upload checked before it takes its name, and a
    finished preview picture taking a fresh name."""
    writers = sorted(path.relative_to(REPO).as_posix() for path in (REPO / "kiosk").rglob("*.py")
                     if any(call in path.read_text(encoding="utf-8")
                            for call in ("os.replace(", "NamedTemporaryFile", "mkstemp")))
    assert writers == ["kiosk/files.py", "kiosk/services/releases.py", "kiosk/studio/export.py",
                       "kiosk/studio/media.py", "kiosk/studio/preview.py"]


def test_write_atomic_imports_neither_kivy_nor_the_model() -> None:
    code = "import sys, kiosk.files; print(sorted(m for m in sys.modules if m.startswith(('kivy', 'kiosk.'))))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['kiosk.files']"
