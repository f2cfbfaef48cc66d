"""Staff operations without a window: releases and rollback, the content watcher, settings, PIN, sd_notify."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest

from contentkit import edit
from kiosk.cli import main
from kiosk.services import settings as machine
from kiosk.services.releases import ReleaseError, ReleaseStore
from kiosk.services.watchdog import Notifier
from kiosk.services.watcher import ContentWatcher, signature


def story_title(folder: Path) -> str:
    return (folder / "stories/baeckerei-lange/story.yaml").read_text().splitlines()[0]


def test_install_list_and_rollback(content: Path, tmp_path: Path) -> None:
    store = ReleaseStore(tmp_path / "data", keep=3)
    first = store.install(content)
    assert store.live() == first.path and (first.path / "kiosk.yaml").is_file()
    assert store.live_link.is_symlink()

    edit(content / "stories/baeckerei-lange/story.yaml", "Brötchen vorbestellen", "Brötchen online")
    second = store.install(content)
    assert store.live() == second.path
    assert "Brötchen online" in story_title(store.live_link)

    back = store.rollback()
    assert back.path == first.path and store.live() == first.path
    assert "Brötchen vorbestellen" in story_title(store.live_link)
    with pytest.raises(ReleaseError, match="oldest release"):
        store.rollback()
    assert [(r.name, r.live, r.rolled_back) for r in store.releases()] == [
        (first.name, True, False), (second.name, False, True)]


def test_install_refuses_broken_content_and_changes_nothing(content: Path, tmp_path: Path) -> None:
    store = ReleaseStore(tmp_path / "data")
    good = store.install(content)
    edit(content / "kiosk.yaml", "idle_timeout: 60", "idle_timeout: nie")
    with pytest.raises(ReleaseError) as refused:
        store.install(content)
    assert [str(p) for p in refused.value.problems] == ["kiosk.yaml:3: error: 'idle_timeout' must be a number, e.g. 90"]
    assert store.live() == good.path and len(store.releases()) == 1
    with pytest.raises(ReleaseError, match="not a content folder|does not exist"):
        store.install(tmp_path / "leer")


def test_an_install_stopped_before_the_switch_leaves_nothing_behind(content: Path, tmp_path: Path,
                                                                   monkeypatch, capsys) -> None:
    """Ctrl-C while the copy is prepared (or copied) removes it: no release that never went live."""
    store = ReleaseStore(tmp_path / "data")
    good = store.install(content)

    def interrupted(_folder: Path) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        store.install(content, before_live=interrupted)
    assert store.live() == good.path and [r.name for r in store.releases()] == [good.name]
    assert sorted(p.name for p in store.releases_dir.iterdir()) == [good.name]

    def half_copied(_source, target, **_kwargs) -> None:
        Path(target).write_bytes(b"half a file")
        interrupted(target)

    monkeypatch.setattr(shutil, "copy2", half_copied)
    with pytest.raises(KeyboardInterrupt):
        store.install(content)
    assert sorted(p.name for p in store.releases_dir.iterdir()) == [good.name]
    monkeypatch.undo()

    config = machine.save(machine.MachineSettings(data_dir=tmp_path / "data"), tmp_path / "kiosk.toml")
    monkeypatch.setattr("kiosk.services.content_ops.prepare_images", lambda folder, *_args: interrupted(folder))
    assert main(["--config", str(config), "content", "install", str(content)]) == 130
    assert "stopped; nothing was installed, the live content is unchanged" in capsys.readouterr().err
    assert store.live() == good.path and [r.name for r in store.releases()] == [good.name]


def test_pruning_keeps_the_newest_and_never_the_live_one(content: Path, tmp_path: Path) -> None:
    store = ReleaseStore(tmp_path / "data", keep=2)
    installed = [store.install(content) for _ in range(4)]
    names = [r.name for r in store.releases()]
    assert names == [installed[2].name, installed[3].name]
    store.rollback()  # 003 is live again, 004 is marked as rolled back from
    newest = store.install(content)
    assert [r.name for r in store.releases()] == [installed[2].name, newest.name], \
        "the rolled-back release goes first; the good one before it stays for the next rollback"
    assert store.rollback().path == installed[2].path


def test_failed_copy_leaves_live_content_alone(content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = ReleaseStore(tmp_path / "data")
    good = store.install(content)

    def disk_full(src, dst, **kwargs):
        Path(dst).write_text("x")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(shutil, "copy2", disk_full)
    with pytest.raises(ReleaseError, match="No space left on device"):
        store.install(content)
    assert store.live() == good.path
    assert sorted(p.name for p in store.releases_dir.iterdir()) == [good.name], "no half copy is left behind"


def test_content_cli(content: Path, tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    assert main(["content", "install", str(content)]) == 0
    assert main(["content", "install", str(content)]) == 0
    capsys.readouterr()
    assert main(["content", "list"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2 and lines[1].startswith("* ") and not lines[0].startswith("* ")
    assert main(["content", "rollback"]) == 0
    assert main(["content", "list"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[-2].startswith("* ")
    edit(content / "kiosk.yaml", "https://", "http://")
    assert main(["content", "install", str(content)]) == 1
    assert "contact_url must start with https://" in capsys.readouterr().err


def watch(folder: Path) -> tuple[ContentWatcher, list]:
    changes: list = []
    watcher = ContentWatcher(folder, changes.append, interval=0.05, settle=0.3, probe_media=False)
    watcher.start()
    return watcher, changes


def wait_for(predicate, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


@pytest.mark.timeout(60)
def test_watcher_reports_a_settled_good_change(content: Path) -> None:
    watcher, changes = watch(content)
    try:
        time.sleep(0.3)
        assert changes == [], "the folder as it was at start counts as loaded"
        edit(content / "stories/baeckerei-lange/story.yaml", "Brötchen vorbestellen", "Brötchen per App")
        assert wait_for(lambda: changes)
        assert changes[0].ok
        assert changes[0].result.exhibition.story("baeckerei-lange").title.get("de") == "Brötchen per App"
    finally:
        watcher.stop()


@pytest.mark.timeout(60)
@pytest.mark.parametrize("breakage", ["half-written yaml", "deleted folder", "replaced by a file", "empty video"])
def test_watcher_reports_broken_content_as_not_ok(content: Path, breakage: str) -> None:
    watcher, changes = watch(content)
    watcher.probe_media = True
    try:
        if breakage == "half-written yaml":
            (content / "kiosk.yaml").write_text("title: {de: Werk")
        elif breakage == "deleted folder":
            shutil.rmtree(content)
        elif breakage == "replaced by a file":
            shutil.rmtree(content)
            content.write_text("kein Ordner")
        else:
            (content / "stories/baeckerei-lange/film.mp4").write_bytes(b"")
        assert wait_for(lambda: changes)
        assert not changes[0].ok and changes[0].result.errors
    finally:
        watcher.stop()


@pytest.mark.timeout(60)
def test_watcher_waits_while_a_copy_is_in_progress(content: Path, tmp_path: Path) -> None:
    """Files trickle in faster than the settle time: nothing is reported until the copy is complete."""
    live = tmp_path / "live"
    live.mkdir()
    watcher, changes = watch(live)
    try:
        sources = sorted(p for p in content.rglob("*") if p.is_file())
        for source in sources:
            target = live / source.relative_to(content)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target)
            time.sleep(0.1)
            assert not changes, f"reported after copying only up to {source.name}"
        assert wait_for(lambda: changes)
        assert [c.ok for c in changes] == [True]
    finally:
        watcher.stop()


@pytest.mark.timeout(60)
def test_watcher_follows_an_atomic_symlink_switch(content: Path, tmp_path: Path) -> None:
    store = ReleaseStore(tmp_path / "data")
    store.install(content)
    watcher, changes = watch(store.live_link)
    try:
        edit(content / "stories/baeckerei-lange/story.yaml", "Brötchen vorbestellen", "Neue Version")
        store.install(content)
        assert wait_for(lambda: changes)
        assert changes[-1].result.exhibition.story("baeckerei-lange").title.get("de") == "Neue Version"
    finally:
        watcher.stop()


def test_signature_changes_with_content(content: Path) -> None:
    before = signature(content)
    assert signature(content) == before
    (content / "neu.txt").write_text("x")
    assert signature(content) != before
    assert signature(content / "fehlt")[0] == "not a folder"


def test_settings_round_trip_and_pin(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    assert machine.load(path) == machine.MachineSettings()
    settings = machine.MachineSettings(pin_hash=machine.hash_pin("4711"), keep_releases=3)
    machine.save(settings, path)
    loaded = machine.load(path)
    assert loaded.keep_releases == 3
    assert loaded.check_pin("4711") and not loaded.check_pin("1234")
    assert "4711" not in path.read_text()
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert not machine.MachineSettings().check_pin("")


def test_broken_settings_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text("keep_releases = 'viele'\n")
    with pytest.raises(machine.SettingsError, match="kiosk.toml: keep_releases"):
        machine.load(path)
    path.write_text("[screen\n")
    with pytest.raises(machine.SettingsError, match="kiosk.toml"):
        machine.load(path)


def test_opening_hours() -> None:
    hours = machine.OpeningHours(mon="09:00-18:00", sat="10:00-14:00")
    assert hours.is_open(datetime(2026, 11, 30, 9, 0))  # a Monday
    assert not hours.is_open(datetime(2026, 11, 30, 18, 0))
    assert not hours.is_open(datetime(2026, 12, 1, 12, 0))  # Tuesday: not listed, closed
    assert hours.is_open(datetime(2026, 12, 5, 13, 59))
    with pytest.raises(ValueError):
        machine.OpeningHours(mon="18:00-09:00")


def test_set_pin_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    config = tmp_path / "kiosk.toml"
    answers = iter(["2580", "2580"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert main(["--config", str(config), "set-pin"]) == 0
    assert machine.load(config).check_pin("2580")
    answers = iter(["12", "12"])
    assert main(["--config", str(config), "set-pin"]) == 1
    assert "at least 4 digits" in capsys.readouterr().err
    assert machine.load(config).check_pin("2580"), "a refused PIN leaves the old one"


def test_notifier_sends_to_the_notify_socket(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    address = str(tmp_path / "notify.sock")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind(address)
    server.settimeout(5)
    try:
        notifier = Notifier(address)
        assert notifier.ready() and notifier.ping() and notifier.status("Attract")
        assert [server.recv(256) for _ in range(3)] == [b"READY=1", b"WATCHDOG=1", b"STATUS=Attract"]
    finally:
        server.close()
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    assert not Notifier().enabled and not Notifier().ping()
    monkeypatch.setenv("WATCHDOG_USEC", "20000000")
    monkeypatch.setenv("WATCHDOG_PID", str(os.getpid()))
    assert Notifier(address).watchdog_interval() == 10.0
