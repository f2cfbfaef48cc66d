"""The image cache outside the kiosk: the jobs of an exhibition without Kivy, the window sizes the
kiosk records, and ``kiosk content install`` warming the cache the kiosk will read."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.model.loader import load_exhibition
from kiosk.services import imagecache
from kiosk.services.releases import ReleaseStore
from kiosk.services.imagecache import ImageCache
from kiosk.services.imagejobs import (SIZES_FILE, cache_dir, exhibition_jobs, install_window_sizes,
                                      record_window_size, recorded_window_sizes)
from kiosk.services.settings import MachineSettings, ScreenSettings, save

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Write a settings file whose data dir is not the XDG default; return (config, data dir).

    The XDG variables point elsewhere, so a command that ignored the settings' data dir
    would put its files where the test does not look.
    """
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))

    def write(**settings) -> tuple[Path, Path]:
        data = tmp_path / "var" / "kiosk"
        config = save(MachineSettings(data_dir=data, **settings), tmp_path / "kiosk.toml")
        return config, data

    return write


def missing_entries(images: Path, live: Path, size: tuple[int, int]) -> list:
    """Return the jobs of the exhibition behind ``live`` that a fresh cache in ``images`` lacks."""
    cache = ImageCache(images)  # a new instance: nothing memoised from the install
    jobs = list(exhibition_jobs(load_exhibition(live, probe_media=False), size))
    assert jobs
    return [job for job in jobs if cache.cached(job[0], job[1], fit=job[2], focus=job[3]) is None]


# -- no Kivy ------------------------------------------------------------------------------

def test_install_and_the_jobs_never_import_kivy(content: Path, tmp_path: Path) -> None:
    code = ("import sys\n"
            "from kiosk.cli import main\n"
            "code = main(['content', 'install', sys.argv[1]])\n"
            "sys.exit(99 if 'kivy' in sys.modules else code)\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT), XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"))
    done = subprocess.run([sys.executable, "-c", code, str(content)], env=env, cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "images for 1920x1080:" in done.stdout
    assert list((tmp_path / "data" / "werkbank-kiosk" / "cache" / "images").glob("v*.jpg"))


# -- the recorded window sizes ------------------------------------------------------------

def test_window_sizes_round_trip_most_recent_first_and_capped(tmp_path: Path) -> None:
    assert recorded_window_sizes(tmp_path) == []
    assert record_window_size(tmp_path, (1920, 1080))
    assert not record_window_size(tmp_path, (1920, 1080)), "an unchanged size is not written again"
    for size in [(1080, 1920), (1280, 800), (3840, 2160), (1280, 800)]:
        record_window_size(tmp_path, size)
    assert recorded_window_sizes(tmp_path) == [(1280, 800), (3840, 2160), (1080, 1920)]
    assert [p.name for p in tmp_path.iterdir()] == [SIZES_FILE], "no temporary file is left"


@pytest.mark.parametrize("text", [
    "", "{", "null", "[]", '{"sizes": 5}', '{"sizes": [[0, 1080]]}', '{"sizes": [["1920", "1080"]]}',
    '{"sizes": [[1920, 1080, 3]]}', '{"sizes": [[true, 1080]]}', '{"size": [[1920, 1080]]}',
])
def test_a_damaged_record_means_no_sizes_and_install_falls_back(tmp_path: Path, text: str) -> None:
    (tmp_path / SIZES_FILE).write_text(text)
    assert recorded_window_sizes(tmp_path) == []
    assert install_window_sizes(tmp_path) == [(1920, 1080)]
    assert install_window_sizes(tmp_path, (1280, 800)) == [(1280, 800)]
    assert record_window_size(tmp_path, (1280, 800)), "a damaged record is replaced"
    assert install_window_sizes(tmp_path, (1024, 768)) == [(1280, 800)]


def test_an_unwritable_record_is_logged_not_raised(tmp_path: Path, caplog) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    with caplog.at_level(logging.WARNING, logger="kiosk.services.imagejobs"):
        assert not record_window_size(blocked / "images", (1920, 1080))
    assert "cannot record the window size" in caplog.text


def test_the_record_is_never_pruned_or_counted_as_an_entry(tmp_path: Path) -> None:
    cache = ImageCache(tmp_path, max_bytes=0)
    record_window_size(tmp_path, (1920, 1080))
    assert cache.stats["entries"] == 0
    cache.prune()
    assert recorded_window_sizes(tmp_path) == [(1920, 1080)]


# -- kiosk content install ----------------------------------------------------------------

def test_install_warms_every_image_for_the_recorded_window_before_going_live(
        content: Path, machine, capsys, monkeypatch) -> None:
    config, data = machine()
    images = cache_dir(data)
    record_window_size(images, (1280, 800))
    went_live_with = []
    switch = ReleaseStore._switch

    def watch_switch(store, target):
        went_live_with.append(missing_entries(images, target, (1280, 800)))
        return switch(store, target)

    monkeypatch.setattr(ReleaseStore, "_switch", watch_switch)
    assert main(["--config", str(config), "content", "install", str(content)]) == 0
    assert went_live_with == [[]], "the link is switched only when every image is cached"
    out, err = capsys.readouterr()
    assert "preparing images: 0/" in err
    total = len(set(exhibition_jobs(load_exhibition(data / "content", probe_media=False), (1280, 800))))
    assert f"preparing images: {total}/{total}" in err
    assert f"images for 1280x800: {total} prepared, 0 already cached" in out
    # A kiosk starting now (reading through the live link) finds everything and builds nothing.
    exhibition = load_exhibition(data / "content", probe_media=False)
    assert ImageCache(images).warm(exhibition_jobs(exhibition, (1280, 800))).built == 0
    assert not (data.parent.parent / "xdg-data").exists(), "nothing lands in the XDG default"

    assert main(["--config", str(config), "content", "install", str(content)]) == 0
    assert f"0 prepared, {total} already cached" in capsys.readouterr().out


def test_install_without_a_record_warms_for_the_configured_screen(content: Path, machine) -> None:
    config, data = machine(screen=ScreenSettings(size="1280x800", rotation=90))
    assert main(["--config", str(config), "content", "install", str(content)]) == 0
    assert missing_entries(cache_dir(data), data / "content", (800, 1280)) == []


def test_install_no_prewarm_leaves_the_cache_alone(content: Path, machine) -> None:
    config, data = machine()
    assert main(["--config", str(config), "content", "install", "--no-prewarm", str(content)]) == 0
    assert (data / "content").is_symlink()
    assert not list(cache_dir(data).glob("v*"))


def test_a_full_disk_while_warming_does_not_stop_the_install(content: Path, machine, capsys, monkeypatch) -> None:
    config, data = machine()

    def disk_full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(imagecache.cache, "write_image", disk_full)
    assert main(["--config", str(config), "content", "install", str(content)]) == 0
    out = capsys.readouterr().out
    assert "could not be prepared and show a placeholder" in out and "it is live now" in out
    assert (data / "content").resolve().parent == data / "releases"


def test_a_cache_that_cannot_be_created_does_not_stop_the_install(content: Path, machine, capsys) -> None:
    config, data = machine()
    (data / "cache").mkdir(parents=True)
    (data / "cache" / "images").write_text("a file where the cache directory belongs")
    assert main(["--config", str(config), "content", "install", str(content)]) == 0
    captured = capsys.readouterr()
    assert "images not prepared" in captured.err and "it is live now" in captured.out


def test_kiosk_run_reads_the_cache_that_install_warmed(content: Path, machine, monkeypatch) -> None:
    config, data = machine()
    assert main(["--config", str(config), "content", "install", str(content)]) == 0
    started = {}

    def fake_run_app(exhibition, **kwargs) -> int:
        started.update(kwargs, exhibition=exhibition)
        return 0

    import kiosk.ui.launch

    monkeypatch.setattr(kiosk.ui.launch, "run_app", fake_run_app)
    monkeypatch.setenv("KIVY_HOME", str(data / "kivy"))
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    try:
        assert main(["--config", str(config), "run"]) == 0
    finally:
        for handler in [h for h in root.handlers if h not in handlers]:
            root.removeHandler(handler)
            handler.close()
        root.setLevel(level)
    assert started["image_cache"] == cache_dir(data)
    assert missing_entries(started["image_cache"], data / "content", (1920, 1080)) == []
