"""A ZIP of a content folder installs through the one install path (lock, copy, check of the
copy, switch), and a hostile ZIP never writes outside its own hidden folder: traversal, links,
devices, encrypted entries, zip bombs by ratio, by size and by count, damaged archives. Every
refusal is one sentence naming the entry, and leaves the live content and the store as they were."""

from __future__ import annotations

import functools
import io
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import warnings
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings as hyp_settings, strategies as st

from contentkit import edit
from kiosk.cli import EXIT_ERRORS, EXIT_OK, EXIT_USAGE, main
from kiosk.services import content_ops as ops
from kiosk.services import settings as machine
from kiosk.services import ziparchive
from kiosk.services.releases import ReleaseStore
from kiosk.services.ziparchive import ZipRefused, unpack

STORY = "stories/baeckerei-lange/story.yaml"
REPO = Path(__file__).resolve().parents[1]


def pack(folder: Path, archive: Path, prefix: str = "") -> Path:
    """Write every file below ``folder`` into ``archive``, under ``prefix`` (e.g. ``herbst/``)."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, prefix + path.relative_to(folder).as_posix())
    return archive


def add(archive: Path, name: str, data: bytes = b"x", *, mode: int | None = None,
        compress: int = zipfile.ZIP_DEFLATED) -> Path:
    """Append one entry named exactly ``name`` (with unix ``mode`` bits, if given)."""
    info = zipfile.ZipInfo(name)
    info.compress_type = compress
    if mode is not None:
        info.create_system = 3
        info.external_attr = mode << 16
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate names written on purpose
        with zipfile.ZipFile(archive, "a") as zf:
            zf.writestr(info, data)
    return archive


def encrypt_flag(archive: Path) -> None:
    """Mark every entry as encrypted, in its local header and in the central directory."""
    data = bytearray(archive.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        while at != -1:
            data[at + offset] |= 0x1
            at = data.find(signature, at + 4)
    archive.write_bytes(bytes(data))


@pytest.fixture
def settings(tmp_path: Path) -> machine.MachineSettings:
    """Machine settings with a data dir of the test's own."""
    return machine.MachineSettings(data_dir=tmp_path / "data")


@pytest.fixture
def live(content: Path, settings: machine.MachineSettings) -> ReleaseStore:
    """A store with the content folder installed and live, so refusals can be seen to change nothing."""
    ops.install(content, settings, prewarm=False)
    return ReleaseStore(settings.resolved_data_dir())


def store_state(store: ReleaseStore) -> tuple:
    """What a refused install must leave exactly as it was: the live release, every release,
    and everything else in the data dir (no hidden leftovers)."""
    data = store.data_dir
    return (store.live().name, [r.name for r in store.releases()],
            sorted(p.relative_to(data).as_posix() for p in data.rglob("*") if "cache" not in p.parts))


def refused(archive: Path, settings: machine.MachineSettings, store: ReleaseStore) -> str:
    """Install ``archive``; assert it is refused in one sentence and changed nothing; return the sentence."""
    before = store_state(store)
    with pytest.raises(ops.OperationError) as caught:
        ops.install(archive, settings, prewarm=False)
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message and "Errno" not in message, message
    assert "Nothing was installed" in message or "nothing was installed" in message, message
    assert store_state(store) == before
    return message


# -- a good ZIP --------------------------------------------------------------------------------

def test_a_zip_as_the_studio_exports_it_installs_and_goes_live(content: Path, settings, tmp_path: Path) -> None:
    (content / "notes.txt").write_text("not named by any YAML file")
    archive = pack(content, tmp_path / "herbst.zip")
    installed = ops.install(archive, settings, prewarm=False)
    store = ReleaseStore(settings.resolved_data_dir())
    live = store.live()
    assert live.name == installed.release and installed.release.endswith("-herbst")
    assert (live / STORY).read_bytes() == (content / STORY).read_bytes()
    assert not (live / "notes.txt").exists(), "only what the content names is installed, as for a folder"
    assert ops.validate(live).exhibition is not None
    assert [p.name for p in store.releases_dir.iterdir() if p.name.startswith(".")] == []


def test_a_zip_with_one_folder_at_its_top_installs_that_folder(content: Path, settings, tmp_path: Path) -> None:
    archive = pack(content, tmp_path / "export.zip", prefix="Ausstellung Herbst/")
    add(archive, "__MACOSX/Ausstellung Herbst/._kiosk.yaml", b"\0\5\26\7")  # what macOS adds
    ops.install(archive, settings, prewarm=False)
    live = ReleaseStore(settings.resolved_data_dir()).live()
    assert (live / "kiosk.yaml").is_file() and not (live / "__MACOSX").exists()


def test_kiosk_validate_checks_a_zip_exactly_like_a_folder(content: Path, tmp_path: Path, capsys) -> None:
    good = pack(content, tmp_path / "gut.zip")
    assert main(["validate", "--no-probe", str(good)]) == EXIT_OK
    assert "0 error(s)" in capsys.readouterr().out
    edit(content / STORY, "cover: cover.jpg", "cover: fehlt.jpg")
    bad = pack(content, tmp_path / "kaputt.zip")
    assert main(["validate", "--no-probe", str(bad)]) == EXIT_ERRORS
    folder_lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith(STORY)]
    assert main(["validate", "--no-probe", str(content)]) == EXIT_ERRORS
    assert folder_lines and folder_lines == [line for line in capsys.readouterr().out.splitlines()
                                             if line.startswith(STORY)]
    assert not list(Path(tempfile.gettempdir()).glob("kiosk-validate-*"))


def test_the_kiosk_refuses_to_show_a_zip_as_its_folder(content: Path, tmp_path: Path, capsys) -> None:
    """Only installs unpack a ZIP for good; shown straight away, its files would be gone."""
    archive = pack(content, tmp_path / "herbst.zip")
    with pytest.raises(ops.Unusable, match="is a file; the kiosk shows a content folder: install the ZIP"):
        ops.exhibition_of(archive)
    assert main(["snapshot", "--content", str(archive), "--out", str(tmp_path / "bilder")]) == EXIT_USAGE
    assert "install the ZIP with kiosk content install" in capsys.readouterr().err


def test_a_zip_with_content_errors_is_refused_with_the_validators_lines(content: Path, settings, live,
                                                                       tmp_path: Path) -> None:
    edit(content / STORY, "cover: cover.jpg", "cover: fehlt.jpg")
    archive = pack(content, tmp_path / "fehler.zip")
    before = store_state(live)
    with pytest.raises(ops.OperationError) as caught:
        ops.install(archive, settings, prewarm=False)
    assert str(caught.value).startswith(f"{archive} has 1 error(s)")
    assert any(p.file == STORY and "fehlt.jpg" in p.message for p in caught.value.problems)
    assert store_state(live) == before


# -- hostile ZIPs --------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["../evil.txt", "stories/../../evil.txt", "/tmp/evil.txt", "C:/evil.txt",
                                  "c:evil.txt", "stories\\..\\..\\evil.txt", "./kiosk.yaml", "stories//x.txt"])
def test_names_that_lead_outside_are_refused(name: str, content: Path, settings, live, tmp_path: Path) -> None:
    archive = add(pack(content, tmp_path / "slip.zip"), name, b"owned")
    message = refused(archive, settings, live)
    assert name.rstrip("/")[:20] in message.replace("\\\\", "\\")
    assert not (tmp_path / "evil.txt").exists() and not (tmp_path / "data" / "evil.txt").exists()


@pytest.mark.parametrize("mode, words", [(stat.S_IFLNK | 0o777, "symbolic link"),
                                         (stat.S_IFCHR | 0o666, "device"), (stat.S_IFIFO | 0o644, "device")])
def test_links_and_devices_are_refused(mode: int, words: str, content: Path, settings, live, tmp_path: Path) -> None:
    archive = add(pack(content, tmp_path / "link.zip"), "stories/baeckerei-lange/theke.jpg", b"/etc/passwd",
                  mode=mode)
    message = refused(archive, settings, live)
    assert words in message and "stories/baeckerei-lange/theke.jpg" in message


def test_encrypted_entries_are_refused(content: Path, settings, live, tmp_path: Path) -> None:
    archive = pack(content, tmp_path / "geheim.zip")
    encrypt_flag(archive)
    assert "encrypted" in refused(archive, settings, live)


@pytest.mark.parametrize("second", ["kiosk.yaml", "Kiosk.YAML", "stories/baeckerei-lange/story.yaml/"])
def test_duplicate_and_clashing_names_are_refused(second: str, content: Path, settings, live, tmp_path: Path) -> None:
    archive = add(pack(content, tmp_path / "doppelt.zip"), second, b"title: x\n")
    message = refused(archive, settings, live)
    assert "twice" in message or "differ only in case" in message or "file and also the folder" in message


def test_a_file_that_is_also_a_folder_is_refused(content: Path, settings, live, tmp_path: Path) -> None:
    archive = add(pack(content, tmp_path / "ordner.zip"), "kiosk.yaml/x.txt")
    assert "is a file and also the folder of 'kiosk.yaml/x.txt'" in refused(archive, settings, live)


def test_a_zip_bomb_by_ratio_is_stopped_while_inflating(content: Path, settings, live, tmp_path: Path) -> None:
    archive = add(pack(content, tmp_path / "bombe.zip"), "stories/baeckerei-lange/nullen.bin", bytes(64 << 20))
    message = refused(archive, settings, live)
    assert "times its packed size" in message and "nullen.bin" in message


def test_a_header_that_claims_less_than_it_holds_is_refused(content: Path, settings, live, tmp_path: Path) -> None:
    """A lying size field: inflating stops at the claimed size, and the archive is damaged."""
    archive = pack(content, tmp_path / "luege.zip")
    payload = bytes(range(256)) * 4096  # 1 MB, barely compressible by pattern
    add(archive, "zzz.bin", payload)
    data = bytearray(archive.read_bytes())
    size = len(payload).to_bytes(4, "little")
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # uncompressed size fields
        at = data.rfind(signature)
        assert data[at + offset:at + offset + 4] == size
        data[at + offset:at + offset + 4] = (1000).to_bytes(4, "little")
    archive.write_bytes(bytes(data))
    assert "not a complete ZIP file" in refused(archive, settings, live)


def test_too_large_unpacked_is_refused_before_writing(content: Path, settings, live, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    archive = pack(content, tmp_path / "gross.zip")
    monkeypatch.setattr(ziparchive, "LIMITS", replace(ziparchive.LIMITS, max_total=5 * 1024))
    assert "would be more than 5.0 kB unpacked" in refused(archive, settings, live)
    monkeypatch.setattr(ziparchive, "LIMITS", replace(ziparchive.LIMITS, max_file=1500))
    message = refused(archive, settings, live)
    assert "unpacked, more than the 1.5 kB one file may have" in message


def test_too_many_entries_are_refused(content: Path, settings, live, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ziparchive, "LIMITS", replace(ziparchive.LIMITS, max_entries=30))
    archive = pack(content, tmp_path / "viele.zip")
    for index in range(30):
        add(archive, f"stories/leer-{index}.txt")
    assert "entries, more than the 30" in refused(archive, settings, live)


@pytest.mark.parametrize("cut", [0.5, 0.97])
def test_a_truncated_zip_is_one_sentence(cut: float, content: Path, settings, live, tmp_path: Path) -> None:
    whole = pack(content, tmp_path / "ganz.zip").read_bytes()
    archive = tmp_path / "halb.zip"
    archive.write_bytes(whole[:int(len(whole) * cut)])
    assert "is not a complete ZIP file" in refused(archive, settings, live)


def test_a_file_that_is_no_zip_or_has_no_content_is_refused(content: Path, settings, live, tmp_path: Path) -> None:
    text = tmp_path / "liesmich.txt"
    text.write_text("kein ZIP")
    assert "is a file, but neither a content folder nor a ZIP of one" in refused(text, settings, live)
    text.rename(tmp_path / "liesmich.zip")
    assert "is not a complete ZIP file" in refused(tmp_path / "liesmich.zip", settings, live)
    empty = add(tmp_path / "leer.zip", "bilder/foto.jpg")
    assert "has no kiosk.yaml at its top" in refused(empty, settings, live)
    two = add(add(tmp_path / "zwei.zip", "a/kiosk.yaml"), "b/kiosk.yaml")
    assert "has no kiosk.yaml at its top" in refused(two, settings, live)


def test_ctrl_c_while_unpacking_leaves_nothing(content: Path, settings, live, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    archive = pack(content, tmp_path / "herbst.zip")
    before = store_state(live)
    written = []
    real_open = ziparchive.os.open

    def interrupted(path, *args, **kwargs):
        written.append(path)
        if len(written) == 3:
            raise KeyboardInterrupt
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(ziparchive.os, "open", interrupted)
    with pytest.raises(KeyboardInterrupt):
        ops.install(archive, settings, prewarm=False)
    assert store_state(live) == before


def test_an_unpacked_zip_left_by_a_killed_install_is_removed_by_the_next(content: Path, settings, live,
                                                                        tmp_path: Path) -> None:
    """kill -9 while unpacking leaves the store's hidden folder; the next lock holder removes it."""
    left = live.releases_dir / ".incoming-abc123"
    unpack(pack(content, tmp_path / "herbst.zip"), left.mkdir() or left)
    before = store_state(live)
    assert ".incoming-abc123" in " ".join(before[2])
    ops.releases(settings)
    assert not left.exists()


@pytest.mark.timeout(300)
def test_zip_installs_killed_at_random_moments_leave_the_live_content_and_no_leftovers(tmp_path: Path) -> None:
    """kill -9 and Ctrl-C while ``kiosk content install FILE.zip`` unpacks, copies or checks."""
    source = tmp_path / "herbst"
    shutil.copytree(REPO / "content", source)
    archive = pack(source, tmp_path / "herbst.zip")
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "xdg"), "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
           "PYTHONPATH": str(REPO)}
    env.pop("DISPLAY", None)
    data = tmp_path / "xdg" / "werkbank-kiosk"
    store = ReleaseStore(data, keep=100)

    def kiosk(*argv: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "kiosk", *argv], env=env, capture_output=True, text=True,
                              timeout=120)

    started = time.monotonic()
    assert kiosk("content", "install", "--no-prewarm", str(archive)).returncode == 0
    duration = time.monotonic() - started
    rng = random.Random(14)
    for trial in range(6):
        before = store.live()
        run = subprocess.Popen([sys.executable, "-m", "kiosk", "content", "install", "--no-prewarm", str(archive)],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(rng.uniform(0.3, 1.0) * duration)
        run.send_signal(signal.SIGINT if trial % 2 else signal.SIGKILL)
        _out, err = run.communicate(timeout=60)
        assert "Traceback" not in err or run.returncode < 0 or "KeyboardInterrupt" in err, err
        assert store.live() in (before, store.releases()[-1].path), f"trial {trial}"
        assert ops.validate(store.live(), probe_media=False).exhibition is not None, f"trial {trial}"
        assert kiosk("content", "list").returncode == 0
        hidden = [p.name for p in store.releases_dir.iterdir() if p.name.startswith(".")]
        assert hidden == [], f"trial {trial}: {hidden} left after kiosk content list"


def test_the_command_line_says_one_sentence_and_exits_1(content: Path, settings, live, tmp_path: Path,
                                                       capsys) -> None:
    config = machine.save(settings, tmp_path / "kiosk.toml")
    archive = add(pack(content, tmp_path / "slip.zip"), "../evil.txt")
    assert main(["--config", str(config), "content", "install", "--no-prewarm", str(archive)]) == EXIT_ERRORS
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "'../evil.txt'" in err, err
    assert main(["validate", str(archive)]) == EXIT_USAGE
    assert "'../evil.txt'" in capsys.readouterr().err


# -- any name at all -----------------------------------------------------------------------------

PARTS = st.sampled_from(["..", ".", "", "a", "B", "kiosk.yaml", "C:", "\\..", "..\\x", "/", "~", "\x00", "é",
                         "e\u0301", "A"])


@hyp_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(st.lists(PARTS, min_size=1, max_size=4).map("/".join), min_size=1, max_size=6))
def test_no_name_writes_outside_the_target(names: list[str], tmp_path: Path) -> None:
    box = tmp_path / "box"
    box.mkdir(exist_ok=True)
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(buffer, "w") as zf:
            for name in names:
                zf.writestr(zipfile.ZipInfo(name), b"x")
    archive = tmp_path / "any.zip"
    archive.write_bytes(buffer.getvalue())
    target = box / "target"
    target.mkdir()
    try:
        root = unpack(archive, target)
    except ZipRefused as exc:
        assert "\n" not in str(exc)
    else:
        assert (root / "kiosk.yaml").is_file() and root.resolve().is_relative_to(target.resolve())
        assert all(not p.is_symlink() for p in target.rglob("*"))
    finally:
        assert [p.name for p in box.iterdir()] == ["target"], "something was written beside the target"
        shutil.rmtree(target)


@functools.cache
def small_zip() -> bytes:
    """A small valid ZIP of a content folder's shape, for damaging."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("kiosk.yaml", "title: x\n" * 50)
        zf.writestr("stories/a/story.yaml", "x: y\n" * 200)
        zf.writestr("stories/a/b.bin", bytes(range(256)) * 40)
    return buffer.getvalue()


@hyp_settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=6),
       keep=st.floats(0.05, 1))
def test_a_damaged_zip_is_refused_in_one_sentence_whatever_the_damage(changes, keep: float, tmp_path: Path) -> None:
    data = bytearray(small_zip())
    for where, byte in changes:
        data[int(where * len(data))] = byte
    archive = tmp_path / "kaputt.zip"
    archive.write_bytes(bytes(data[:max(1, int(keep * len(data)))]))
    target = tmp_path / "ziel"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir()
    try:
        unpack(archive, target)
    except ZipRefused as exc:
        assert "\n" not in str(exc) and "Errno" not in str(exc)
