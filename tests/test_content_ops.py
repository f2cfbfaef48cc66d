"""The content operations as a browser editor would call them: plain arguments in, plain results
out, one sentence and the validator's lines when refused, and never Kivy in the calling process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from contentkit import edit
from kiosk.model import loader
from kiosk.services import content_ops as ops
from kiosk.services.settings import MachineSettings

REPO = Path(__file__).resolve().parents[1]
STORY = "stories/baeckerei-lange/story.yaml"


@pytest.fixture
def settings(tmp_path: Path) -> MachineSettings:
    return MachineSettings(data_dir=tmp_path / "data")


def test_validate_gives_problems_a_summary_and_json(content: Path, settings: MachineSettings) -> None:
    checked = ops.validate(content, settings)
    assert checked.exhibition is not None and checked.problems == ()
    assert checked.summary == f"{content}: 0 error(s), 0 warning(s). OK: 1 stories, 1 providers, 1 pages."

    edit(content / "kiosk.yaml", "idle_timeout: 60", "idle_timeout: lange")
    checked = ops.validate(content, settings, probe_media=False)
    assert checked.exhibition is None and [str(p) for p in checked.errors] == [
        "kiosk.yaml:3: error: 'idle_timeout' must be a number, e.g. 90"]
    assert checked.summary.endswith("Fix the errors above; the kiosk will not show this folder until then.")
    assert json.loads(json.dumps(checked.as_dict()))["problems"] == [
        {"file": "kiosk.yaml", "line": 3, "severity": "error", "message": "'idle_timeout' must be a number, e.g. 90"}]
    refusal = checked.refusal()
    assert str(refusal) == checked.summary and refusal.problems == checked.problems


def test_validate_refuses_in_one_sentence(tmp_path: Path, content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ops.Unusable, match="does not exist"):
        ops.validate(tmp_path / "nirgends")

    def broken(*_args, **_kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(loader, "validate", broken)
    with pytest.raises(ops.OperationError) as raised:
        ops.validate(content)
    assert not isinstance(raised.value, ops.Unusable) and raised.value.problems == ()
    assert str(raised.value) == (f"the check of {content} stopped unexpectedly (RecursionError: maximum recursion "
                                 "depth exceeded); nothing was changed; please report this together with the folder")
    assert isinstance(raised.value.__cause__, RecursionError), "the log can still show where it failed"


def test_video_profile_and_sizes() -> None:
    assert ops.video_profile().name == "mini-pc"
    assert ops.video_profile(MachineSettings(video_profile="raspberry-pi")).name == "raspberry-pi"
    assert ops.video_profile(MachineSettings(video_profile="raspberry-pi"), "mini-pc").name == "mini-pc"
    assert ops.parse_size("1280X800") == (1280, 800)
    for text, message in [("groß", "is not a size such as 1920x1080"), ("100x100", "use at least 320x320")]:
        with pytest.raises(ValueError, match=message):
            ops.parse_size(text)
    turned = MachineSettings.model_validate({"screen": {"size": "1280x800", "rotation": 90}})
    assert ops.screen_size(turned) == (800, 1280)
    assert ops.screen_size(MachineSettings.model_validate({"screen": {"size": "breit"}})) is None


def test_install_list_and_rollback_return_plain_results(content: Path, settings: MachineSettings) -> None:
    assert ops.releases(settings).releases == ()
    assert ops.releases(settings).notes[0].startswith("no releases installed")
    progress = []
    first = ops.install(content, settings, progress=lambda done, total: progress.append((done, total)))
    assert first.images is not None and not first.images.error and first.images.built > 0
    assert first.images.message.startswith(f"images for 1920x1080: {first.images.built} prepared, 0 already cached")
    assert progress[-1][0] == progress[-1][1] > 0
    second = ops.install(content, settings, prewarm=False)
    assert second.images is None and second.warnings == ()

    listing = ops.releases(settings)
    assert [(r.name, r.live) for r in listing.releases] == [(first.release, False), (second.release, True)]
    assert listing.notes == []
    assert ops.rollback(settings).name == first.release
    with pytest.raises(ops.OperationError, match="the oldest release kept"):
        ops.rollback(settings)


def test_install_refused_names_the_problems_and_changes_nothing(content: Path, settings: MachineSettings) -> None:
    good = ops.install(content, settings, prewarm=False)
    edit(content / "kiosk.yaml", "https://", "http://")
    with pytest.raises(ops.OperationError) as raised:
        ops.install(content, settings)
    assert "nothing was installed" in str(raised.value)
    assert any("contact_url must start with https://" in p.message for p in raised.value.problems)
    assert [r.name for r in ops.releases(settings).releases if r.live] == [good.release]


def test_a_data_dir_that_is_a_file_is_unusable(content: Path, tmp_path: Path) -> None:
    (tmp_path / "daten").write_text("kein Ordner")
    settings = MachineSettings(data_dir=tmp_path / "daten")
    for operation in (lambda: ops.install(content, settings), lambda: ops.releases(settings),
                      lambda: ops.rollback(settings)):
        with pytest.raises(ops.Unusable, match="is a file"):
            operation()


def test_images_that_cannot_be_prepared_never_stop_an_install(content: Path, tmp_path: Path) -> None:
    settings = MachineSettings(data_dir=tmp_path / "data")
    (tmp_path / "data" / "cache").mkdir(parents=True)
    (tmp_path / "data" / "cache" / "images").write_text("a file where the cache directory belongs")
    installed = ops.install(content, settings)
    assert installed.images.error and installed.images.message.startswith("images not prepared (")
    assert ops.releases(settings).releases[-1].live


def test_start_keeps_the_refusal_beside_the_last_good_content(content: Path, settings: MachineSettings,
                                                             tmp_path: Path) -> None:
    cache = ops.startup_cache(tmp_path / "data")
    first = ops.start_exhibition(content, settings, cache)
    assert first.refusal is None and first.exhibition.story("baeckerei-lange")
    edit(content / "kiosk.yaml", "idle_timeout: 60", "idle_timeout: nie")
    fallback = ops.start_exhibition(content, settings, cache)
    assert fallback.exhibition == first.exhibition
    assert [str(p) for p in fallback.refusal.problems] == [
        "kiosk.yaml:3: error: 'idle_timeout' must be a number, e.g. 90"]
    assert fallback.note.endswith("has errors (above); showing the last good content instead")
    with pytest.raises(ops.OperationError, match="1 error"):
        ops.start_exhibition(content, settings, ops.startup_cache(tmp_path / "leer"))
    with pytest.raises(ops.Unusable, match="does not exist"):
        ops.start_exhibition(tmp_path / "nirgends", settings, cache)


def test_the_live_folder_is_the_release_link_once_content_is_installed(content: Path, settings: MachineSettings,
                                                                     tmp_path: Path) -> None:
    store = ops.release_store(settings)
    assert ops.live_folder(settings, store) == (settings.resolved_content(), False)
    ops.install(content, settings, prewarm=False)
    assert ops.live_folder(settings, store) == (store.live_link, True)
    assert ops.live_folder(settings, store, content) == (content, False), "a folder asked for wins"
    configured = MachineSettings(data_dir=settings.data_dir, content=content)
    assert ops.live_folder(configured, store) == (content, False)


def test_snapshot_refuses_broken_content_and_unknown_languages_without_rendering(
        content: Path, tmp_path: Path) -> None:
    with pytest.raises(ops.OperationError, match="has no language 'fr'; choose one of de, en"):
        ops.snapshot(content, tmp_path / "png", lang="fr")
    edit(content / "kiosk.yaml", "idle_timeout: 60", "idle_timeout: nie")
    with pytest.raises(ops.OperationError) as raised:
        ops.snapshot(content, tmp_path / "png")
    assert len(raised.value.problems) == 1
    assert not (tmp_path / "png").exists()


@pytest.mark.timeout(60)
def test_the_staff_panels_reload_validates_through_the_same_operation(content: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The watcher (what "reload" on the staff panel asks) reports a failing check in the same
    sentence as kiosk validate, and keeps watching."""
    import threading

    from kiosk.services.watcher import ContentWatcher

    def broken(*_args, **_kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(loader, "validate", broken)
    changes, arrived = [], threading.Event()
    watcher = ContentWatcher(content, lambda change: (changes.append(change), arrived.set()), interval=0.05,
                             settle=0.1, probe_media=False)
    watcher.start()
    try:
        watcher.reload()
        assert arrived.wait(30)
        assert [str(p) for p in changes[0].result.problems] == [
            f"{content}: error: the check of {content} stopped unexpectedly (RecursionError: maximum recursion "
            "depth exceeded); nothing was changed; please report this together with the folder"]
        monkeypatch.undo()
        arrived.clear()
        watcher.reload()
        assert arrived.wait(30) and changes[-1].ok, "the watcher goes on after a failed check"
    finally:
        watcher.stop()


@pytest.mark.timeout(300)
def test_snapshot_renders_in_a_child_and_the_caller_never_imports_kivy(content: Path, tmp_path: Path) -> None:
    code = ("import sys; from pathlib import Path; from kiosk.services import content_ops as ops\n"
            "files = ops.snapshot(Path(sys.argv[1]), Path(sys.argv[2]), size=(1280, 800), lang='en')\n"
            "print('kivy' in sys.modules, *sorted(f.name for f in files))\n")
    done = subprocess.run([sys.executable, "-c", code, str(content), str(tmp_path / "png")], cwd=REPO,
                          capture_output=True, text=True, timeout=280)
    assert done.returncode == 0, done.stderr
    kivy_loaded, *names = done.stdout.split()
    assert kivy_loaded == "False"
    assert names == sorted(["1280x800-en-home.png", "1280x800-en-story-baeckerei-lange.png",
                            "1280x800-en-providers.png", "1280x800-en-provider-nordwerk.png",
                            "1280x800-en-page-foerderprogramm.png", "1280x800-en-attract.png"])
    assert all((tmp_path / "png" / name).stat().st_size > 1000 for name in names)
