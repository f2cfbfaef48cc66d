"""Installs that are safe by construction: one lock on the release store, the copy is what is
validated and what goes live, only referenced files are copied, leftovers of killed installs are
removed, and every failure is one sentence with a non-zero exit code."""

from __future__ import annotations

import errno
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from contentkit import edit
from kiosk.cli import EXIT_ERRORS, EXIT_USAGE, main
from kiosk.model.loader import validate
from kiosk.model import loader as loader_module
from kiosk.services import settings as machine
from kiosk.services.releases import ReleaseError, ReleaseStore

REPO = Path(__file__).resolve().parents[1]
KIOSK = [sys.executable, "-m", "kiosk"]
STORY = "stories/baeckerei-lange/story.yaml"


def assert_one_sentence(err: str) -> None:
    """Staff get one line that says what happened: no traceback, no Python list or tuple."""
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err and "[(" not in err and "Errno" not in err, err


def valid(folder: Path) -> bool:
    """Whether ``folder`` is a content folder the kiosk would show (media decoded too)."""
    try:
        return validate(folder).exhibition is not None
    except Exception:  # noqa: BLE001 - a missing or unreadable folder is simply not valid
        return False


def leftovers(data: Path) -> list[str]:
    """Hidden things a killed install leaves: copies in progress, pending marks, link switches."""
    found = [p.name for p in data.glob(".content-*")]
    releases = data / "releases"
    if releases.is_dir():
        found += [p.name for p in releases.iterdir() if p.name.startswith(".")]
    return sorted(found)


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A settings file whose data dir is ``tmp_path/data``."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    return machine.save(machine.MachineSettings(data_dir=tmp_path / "data"), tmp_path / "kiosk.toml")


def install(config: Path, source: Path, *extra: str) -> int:
    return main(["--config", str(config), "content", "install", "--no-prewarm", *extra, str(source)])


# -- one lock: installs never interleave ---------------------------------------------------

@pytest.mark.timeout(60)
def test_a_second_install_waits_until_the_first_is_live(content: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    first_held, release_first = threading.Event(), threading.Event()
    waited, order = [], []

    def hold(folder: Path) -> None:
        first_held.set()
        release_first.wait(30)
        order.append("first ready")

    results = {}
    first = threading.Thread(target=lambda: results.update(first=ReleaseStore(data).install(content, before_live=hold)))
    first.start()
    assert first_held.wait(30)
    second_store = ReleaseStore(data, on_wait=lambda: waited.append(True))
    second = threading.Thread(target=lambda: results.update(
        second=second_store.install(content, before_live=lambda _f: order.append("second ready"))))
    second.start()
    second.join(1.0)
    assert second.is_alive() and waited == [True], "the second install waits and says so"
    release_first.set()
    first.join(30)
    second.join(30)
    assert order == ["first ready", "second ready"], "the second copy is prepared only after the first is live"
    assert results["first"].name != results["second"].name
    store = ReleaseStore(data)
    assert store.live() == results["second"].path
    assert [r.name for r in store.releases()] == [results["first"].name, results["second"].name]
    assert all(valid(r.path) for r in store.releases())


def test_a_lock_held_too_long_is_a_clear_refusal(content: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    holder = ReleaseStore(data)
    with holder.locked():
        with pytest.raises(ReleaseError, match="another install or rollback is still running"):
            ReleaseStore(data, lock_timeout=0.3).install(content)
    assert ReleaseStore(data).releases() == [] and leftovers(data) == []


def sample_for_subprocesses(tmp_path: Path) -> tuple[Path, dict, Path]:
    """A copy of the sample, an environment for ``python -m kiosk`` without a display, and
    the data dir that environment uses."""
    source = tmp_path / "herbst"
    shutil.copytree(REPO / "content", source)
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "xdg"), "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
           "PYTHONPATH": str(REPO)}
    env.pop("DISPLAY", None)
    return source, env, tmp_path / "xdg" / "werkbank-kiosk"


@pytest.mark.timeout(300)
def test_two_installs_started_at_once_both_end_live_and_valid(tmp_path: Path) -> None:
    """The sample, installed twice in the same second by two processes, three times over."""
    source, env, data = sample_for_subprocesses(tmp_path)
    for trial in range(3):
        runs = [subprocess.Popen(KIOSK + ["content", "install", "--no-prewarm", str(source)], env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        outcomes = [(run.wait(120), *run.communicate()) for run in runs]
        for code, out, err in outcomes:
            assert code == 0 and "it is live now" in out, f"trial {trial}: {code} {out} {err}"
            assert "Traceback" not in err and "[(" not in err
        store = ReleaseStore(data, keep=10)
        names = [r.name for r in store.releases()]
        assert len(names) == min(2 * (trial + 1), 5) and len(set(names)) == len(names), names
        assert valid(store.live_link), f"trial {trial}: the live release does not validate"
        assert all(valid(r.path) for r in store.releases()), "no partial release"
        assert leftovers(data) == []


# -- the copy is what is validated, and what goes live --------------------------------------

def test_a_folder_broken_after_its_check_never_goes_live(content: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Staff save a broken story.yaml while the install runs: the copy is checked, not the source."""
    store = ReleaseStore(tmp_path / "data")
    good = store.install(content)
    checked = loader_module.validate

    def check_then_break(folder, **kwargs):
        result = checked(folder, **kwargs)
        if Path(folder) == content:
            (content / STORY).write_text("title: {de: Brötchen\ncompany: [", encoding="utf-8")
        return result

    monkeypatch.setattr(loader_module, "validate", check_then_break)
    with pytest.raises(ReleaseError, match="nothing was installed") as refused:
        store.install(content)
    assert any(p.file == STORY for p in refused.value.problems), "the copy's problems, with the file"
    assert store.live() == good.path and valid(store.live_link)
    assert [r.name for r in store.releases()] == [good.name] and leftovers(store.data_dir) == []


def test_a_folder_edited_during_the_copy_goes_live_only_as_copied_and_checked(
        content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = ReleaseStore(tmp_path / "data")
    copy = shutil.copy2
    calls = []

    def copy_while_staff_save(src, dst, **kwargs):
        calls.append(src)
        if len(calls) == 1:
            edit(content / STORY, "Brötchen vorbestellen", "Brötchen in der Mittagspause")
        return copy(src, dst, **kwargs)

    monkeypatch.setattr(shutil, "copy2", copy_while_staff_save)
    release = store.install(content)
    assert calls, "files are copied one by one"
    assert valid(release.path) and store.live() == release.path


# -- only what the content refers to is copied ---------------------------------------------

def test_only_the_yaml_and_the_files_it_names_are_copied(content: Path, tmp_path: Path) -> None:
    private = tmp_path / "privat"
    private.mkdir()
    (private / "gehaltsliste.txt").write_text("geheim")
    (content / "notizen.txt").write_text("nur für uns")
    (content / "README.md").write_text("# Hinweise")
    (content / "schema").mkdir()
    (content / "schema" / "story.schema.json").write_text("{}")
    (content / "stories/baeckerei-lange/alt.jpg").write_bytes(b"not used")
    (content / "privat").symlink_to(private)
    (content / "stories/baeckerei-lange/mehr").symlink_to(private)
    (content / ".git").mkdir()
    (content / ".git" / "config").write_text("[core]")

    release = ReleaseStore(tmp_path / "data").install(content)
    copied = sorted(p.relative_to(release.path).as_posix() for p in release.path.rglob("*") if not p.is_dir())
    assert copied == ["kiosk.yaml", "pages/foerderprogramm/page.yaml", "providers/nordwerk/logo.png",
                      "providers/nordwerk/provider.yaml", "stories/baeckerei-lange/cover.jpg",
                      "stories/baeckerei-lange/film.mp4", "stories/baeckerei-lange/story.yaml",
                      "stories/baeckerei-lange/theke.jpg"]
    assert not any(p.is_symlink() for p in release.path.rglob("*"))


def test_a_link_inside_the_folder_is_copied_as_the_file_it_names(content: Path, tmp_path: Path) -> None:
    shared = content / "gemeinsam"
    shared.mkdir()
    (content / "stories/baeckerei-lange/theke.jpg").rename(shared / "theke.jpg")
    (content / "stories/baeckerei-lange/theke.jpg").symlink_to("../../gemeinsam/theke.jpg")
    release = ReleaseStore(tmp_path / "data").install(content)
    copied = release.path / "stories/baeckerei-lange/theke.jpg"
    assert copied.is_file() and not copied.is_symlink() and valid(release.path)


def test_a_yaml_file_linked_from_outside_is_refused(content: Path, tmp_path: Path) -> None:
    outside = tmp_path / "anderswo.yaml"
    page = content / "pages/foerderprogramm/page.yaml"
    page.rename(outside)
    page.symlink_to(outside)
    store = ReleaseStore(tmp_path / "data")
    with pytest.raises(ReleaseError) as refused:
        store.install(content)
    # The check of the folder names the link before anything is copied.
    assert [str(p) for p in refused.value.problems] == [
        "pages/foerderprogramm/page.yaml:1: error: 'pages/foerderprogramm/page.yaml' is a link that leads outside "
        "the content folder; copy the file itself into the folder"]
    assert store.releases() == [] and leftovers(store.data_dir) == []


# -- leftovers -------------------------------------------------------------------------------

def killed_install(data: Path, name: str = "20261127-101500-001-herbst") -> Path:
    """What kill -9 during a copy leaves: a hidden half copy, and a link that was never switched."""
    incoming = data / "releases" / f".incoming-{name}"
    (incoming / "stories").mkdir(parents=True)
    (incoming / "stories" / "film.mp4").write_bytes(b"\0" * 1000)
    (data / ".content-4242.tmp").symlink_to("releases/gibt-es-nicht")
    return incoming


def test_the_next_install_removes_leftovers_of_killed_installs(content: Path, tmp_path: Path) -> None:
    store = ReleaseStore(tmp_path / "data")
    store.install(content)
    killed_install(store.data_dir)
    store.install(content)
    assert leftovers(store.data_dir) == []


def test_content_list_removes_leftovers_but_not_the_copy_of_a_running_install(
        content: Path, config: Path, tmp_path: Path, capsys) -> None:
    data = tmp_path / "data"
    assert install(config, content) == 0
    killed_install(data)
    with ReleaseStore(data).locked():  # an install is running: its copy must stay
        assert main(["--config", str(config), "content", "list"]) == 0
        assert leftovers(data) != []
    capsys.readouterr()
    assert main(["--config", str(config), "content", "list"]) == 0
    assert leftovers(data) == []
    assert capsys.readouterr().out.count("* ") == 1


def test_releases_that_never_went_live_are_pruned_first(content: Path, tmp_path: Path) -> None:
    """A pre-warm killed after the rename left a complete release that never went live."""
    store = ReleaseStore(tmp_path / "data", keep=3)
    first, second = store.install(content), store.install(content)
    never_live = store.releases_dir / f"{second.name[:16]}{int(second.name[16:19]) + 1:03d}-content"
    shutil.copytree(second.path, never_live)
    third = store.install(content)
    assert [r.name for r in store.releases()] == [first.name, second.name, third.name]
    assert store.rollback().path == second.path, "rollback goes to what was live before, never to it"


def test_a_release_made_but_not_switched_is_removed(content: Path, tmp_path: Path) -> None:
    """kill -9 between the rename into place and the switch of the link."""
    data = tmp_path / "data"
    ReleaseStore(data).install(content)
    code = ("import os, signal, sys\n"
            "from pathlib import Path\n"
            "from kiosk.services.releases import ReleaseStore\n"
            "ReleaseStore._switch = lambda self, target: os.kill(os.getpid(), signal.SIGKILL)\n"
            "ReleaseStore(Path(sys.argv[1])).install(Path(sys.argv[2]))\n")
    done = subprocess.run([sys.executable, "-c", code, str(data), str(content)], cwd=REPO, capture_output=True)
    assert done.returncode == -signal.SIGKILL
    store = ReleaseStore(data)
    assert len(list(store.releases_dir.iterdir())) > 1, "the kill left something behind"
    assert store.cleanup()
    assert [r.live for r in store.releases()] == [True] and leftovers(data) == []


# -- every failure: one sentence, a non-zero exit code --------------------------------------

def no_space(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("where", ["copy", "symlink", "replace"])
def test_a_full_disk_is_one_sentence_and_changes_nothing(content: Path, config: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch, capsys, where) -> None:
    data = tmp_path / "data"
    assert install(config, content) == 0
    good = ReleaseStore(data).live()
    capsys.readouterr()
    if where == "copy":
        monkeypatch.setattr(shutil, "copy2", no_space)
    elif where == "symlink":
        monkeypatch.setattr(os, "symlink", no_space)
    else:
        replace = os.replace
        monkeypatch.setattr(os, "replace", lambda src, dst, **kw: no_space() if Path(dst).name == "content"
                            else replace(src, dst, **kw))
    assert install(config, content) == EXIT_ERRORS
    err = capsys.readouterr().err
    assert_one_sentence(err)
    assert "No space left on device" in err and "the live content is unchanged" in err
    monkeypatch.undo()
    store = ReleaseStore(data)
    assert store.live() == good and len(store.releases()) == 1 and leftovers(data) == []


@pytest.fixture
def tiny_disk(tmp_path: Path):
    """A 2 MB tmpfs, mounted for the test (root only)."""
    mount = tmp_path / "klein"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)],
                                           capture_output=True).returncode != 0:
        pytest.skip("mounting a small tmpfs needs root")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_really_full_disk_during_the_copy(content: Path, tiny_disk: Path, tmp_path: Path, capsys,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    config = machine.save(machine.MachineSettings(data_dir=tiny_disk / "data"), tmp_path / "kiosk.toml")
    assert install(config, content) == 0, capsys.readouterr().err
    good = ReleaseStore(tiny_disk / "data").live()
    big = tmp_path / "gross"
    shutil.copytree(REPO / "content", big)
    capsys.readouterr()
    assert install(config, big) == EXIT_ERRORS
    err = capsys.readouterr().err
    assert_one_sentence(err)
    assert "No space left on device" in err
    store = ReleaseStore(tiny_disk / "data")
    assert store.live() == good and valid(store.live_link) and leftovers(store.data_dir) == []
    assert install(config, content) == 0, "the space the failed copy took is free again"


@pytest.mark.parametrize("action", ["install", "list", "rollback", "run"])
def test_a_data_dir_that_is_a_file_is_named_in_one_sentence(content: Path, tmp_path: Path, capsys,
                                                            monkeypatch: pytest.MonkeyPatch, action) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    data = tmp_path / "daten"
    data.write_text("kein Ordner")
    config = machine.save(machine.MachineSettings(data_dir=data), tmp_path / "kiosk.toml")
    argv = {"install": ["content", "install", "--no-prewarm", str(content)], "list": ["content", "list"],
            "rollback": ["content", "rollback"], "run": ["run"]}[action]
    assert main(["--config", str(config), *argv]) == EXIT_USAGE
    captured = capsys.readouterr()
    assert_one_sentence(captured.err)
    assert f"the data dir {data} is a file" in captured.err
    assert data.read_text() == "kein Ordner"


def test_a_long_folder_name_still_installs(content: Path, tmp_path: Path) -> None:
    long_name = tmp_path / ("herbst-" + "x" * 240)
    content.rename(long_name)
    release = ReleaseStore(tmp_path / "data").install(long_name)
    assert len(release.name.encode()) <= 255 and valid(release.path)


def test_a_name_over_255_bytes_is_one_sentence(tmp_path: Path, config: Path, capsys) -> None:
    assert install(config, tmp_path / ("ü" * 200)) in (EXIT_ERRORS, EXIT_USAGE)
    assert_one_sentence(capsys.readouterr().err)


@pytest.mark.parametrize("where", ["check", "copy"])
def test_an_unreadable_folder_is_one_sentence(content: Path, config: Path, tmp_path: Path, capsys,
                                              monkeypatch: pytest.MonkeyPatch, where) -> None:
    """The service runs as an unprivileged user; a folder staff cannot read is said so."""
    def denied(*_args, **_kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(content / "stories"))

    monkeypatch.setattr(loader_module, "validate", denied) if where == "check" else \
        monkeypatch.setattr(shutil, "copy2", denied)
    assert install(config, content) == EXIT_ERRORS
    err = capsys.readouterr().err
    assert_one_sentence(err)
    assert "Permission denied" in err and "nothing was installed" in err
    assert leftovers(tmp_path / "data") == []


# -- Ctrl-C and kill -9 at random moments -------------------------------------------------

def holds_the_lock(run: subprocess.Popen, lock: Path) -> bool:
    """Whether the process has the release store's lock file open (so it is past its imports)."""
    try:
        return any(os.readlink(f"/proc/{run.pid}/fd/{fd}") == str(lock) for fd in os.listdir(f"/proc/{run.pid}/fd"))
    except OSError:
        return False


@pytest.mark.timeout(600)
def test_installs_killed_at_random_moments_leave_valid_live_content(tmp_path: Path) -> None:
    """kill -9 at any moment, and Ctrl-C once the install runs (a Ctrl-C while Python itself
    still starts is Python's own traceback), with and without pre-warming."""
    rng = random.Random(12)
    source, env, data = sample_for_subprocesses(tmp_path)
    store = ReleaseStore(data, keep=100)

    def kiosk(*argv: str) -> subprocess.CompletedProcess:
        return subprocess.run(KIOSK + list(argv), env=env, capture_output=True, text=True, timeout=120)

    started = time.monotonic()
    assert kiosk("content", "install", "--no-prewarm", str(source)).returncode == 0
    duration = time.monotonic() - started  # the kills below spread over a whole install on this machine
    for trial in range(11):
        before = store.live()
        prewarm = trial % 5 == 4
        how = signal.SIGINT if trial % 3 == 2 else signal.SIGKILL
        run = subprocess.Popen(KIOSK + ["content", "install", *([] if prewarm else ["--no-prewarm"]), str(source)],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if how == signal.SIGINT:
            deadline = time.monotonic() + 60
            while run.poll() is None and not holds_the_lock(run, data / ".releases.lock") and time.monotonic() < deadline:
                time.sleep(0.005)
            time.sleep(rng.uniform(0, 0.8 * duration))
        else:
            time.sleep(rng.uniform(0.1, (3 if prewarm else 1.6) * duration))
        run.send_signal(how)
        _out, err = run.communicate(timeout=60)
        assert "Traceback" not in err, err
        live = store.live()
        assert live is not None and live.name in (before.name, store.releases()[-1].name), f"trial {trial}"
        assert valid(store.live_link), f"trial {trial} ({how.name}, exit {run.returncode}): the live release is broken"
        listed = kiosk("content", "list")
        assert listed.returncode == 0 and listed.stdout.count("* ") == 1, listed
        assert leftovers(data) == [], f"trial {trial}: list leaves {leftovers(data)}"
        partial = [r.name for r in store.releases() if not valid(r.path)]
        assert partial == [], f"trial {trial}: a partial release is kept"


# -- the last good content always shows ------------------------------------------------------

@pytest.fixture
def run_kiosk(config: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """``kiosk run`` up to the window: returns (exit code, the exhibition it would show or None)."""
    import logging

    import kiosk.ui.launch

    shown = []
    monkeypatch.setattr(kiosk.ui.launch, "run_app", lambda exhibition, **_kwargs: shown.append(exhibition) or 0)
    monkeypatch.setenv("KIVY_HOME", str(tmp_path / "kivy"))

    def run():
        shown.clear()
        root = logging.getLogger()
        level, handlers = root.level, list(root.handlers)
        try:
            code = main(["--config", str(config), "run"])
        finally:
            for handler in [h for h in root.handlers if h not in handlers]:
                root.removeHandler(handler)
                handler.close()
            root.setLevel(level)
        return code, (shown[0] if shown else None)
    return run


def break_release(release: Path, how: str) -> None:
    if how == "missing":
        shutil.rmtree(release)
    elif how == "partial":
        (release / "kiosk.yaml").unlink()
    else:
        (release / STORY).write_text("title: {de: Brötchen\n  company: [", encoding="utf-8")


@pytest.mark.parametrize("how", ["missing", "partial", "corrupted"])
def test_kiosk_run_shows_the_newest_release_that_validates(content: Path, config: Path, tmp_path: Path,
                                                           run_kiosk, caplog, how) -> None:
    data = tmp_path / "data"
    assert install(config, content) == 0
    edit(content / STORY, "Brötchen vorbestellen", "Brötchen per App")
    assert install(config, content) == 0
    edit(content / STORY, "Brötchen per App", "Brötchen am Automaten")
    assert install(config, content) == 0
    store = ReleaseStore(data)
    oldest, good, bad = store.releases()
    break_release(oldest.path, "corrupted")
    code, exhibition = run_kiosk()
    assert code == 0 and exhibition.story("baeckerei-lange").title.get("de") == "Brötchen am Automaten"

    break_release(bad.path, how)
    with caplog.at_level("WARNING"):
        code, exhibition = run_kiosk()
    assert code == 0 and exhibition is not None, "a broken live release never darkens the room"
    assert exhibition.root == good.path
    assert exhibition.story("baeckerei-lange").title.get("de") == "Brötchen per App"
    said = [r.getMessage() for r in caplog.records if bad.name in r.getMessage() and good.name in r.getMessage()]
    assert said, caplog.text


def test_kiosk_run_with_no_good_release_at_all_exits(content: Path, config: Path, tmp_path: Path,
                                                    run_kiosk, capsys) -> None:
    assert install(config, content) == 0
    assert install(config, content) == 0
    for release in ReleaseStore(tmp_path / "data").releases():
        break_release(release.path, "partial")
    code, exhibition = run_kiosk()
    assert exhibition is None and code in (EXIT_ERRORS, EXIT_USAGE)
    assert "Traceback" not in capsys.readouterr().err


def test_kiosk_run_removes_leftovers_of_killed_installs(content: Path, config: Path, tmp_path: Path,
                                                       run_kiosk) -> None:
    assert install(config, content) == 0
    killed_install(tmp_path / "data")
    code, exhibition = run_kiosk()
    assert code == 0 and exhibition is not None
    assert leftovers(tmp_path / "data") == []
