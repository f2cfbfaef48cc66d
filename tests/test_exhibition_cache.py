"""The start-up cache: unchanged content skips validation; broken content falls back to the last good."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from contentkit import edit
from kiosk.cli import EXIT_ERRORS, EXIT_OK, _start_content
from kiosk.model.cache import ExhibitionCache
from kiosk.model.loader import load_exhibition
from kiosk.services.settings import MachineSettings

REPO = Path(__file__).resolve().parents[1]


def test_hit_only_for_the_exact_folder_state(content: Path, tmp_path: Path) -> None:
    cache = ExhibitionCache(tmp_path / "cache" / "exhibition.pickle")
    assert cache.load(content) is None
    exhibition = load_exhibition(content)
    cache.store(content, exhibition)
    assert cache.load(content) == exhibition
    edit(content / "stories/baeckerei-lange/story.yaml", "Brötchen vorbestellen", "Brötchen bestellen")
    assert cache.load(content) is None, "any edit misses the cache"
    assert cache.load(content, stale_ok=True) == exhibition


def test_cache_of_an_older_format_is_a_miss(content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.model import cache as cache_module

    cache = ExhibitionCache(tmp_path / "exhibition.pickle")
    monkeypatch.setattr(cache_module, "FORMAT", cache_module.FORMAT - 1)
    cache.store(content, load_exhibition(content))
    monkeypatch.undo()
    assert cache.load(content) is None, "an older kiosk's cache lacks facts the model now holds"
    assert cache.load(content, stale_ok=True) is not None, "as a last-good fallback it still serves"


def test_stale_fallback_needs_its_media(content: Path, tmp_path: Path) -> None:
    cache = ExhibitionCache(tmp_path / "exhibition.pickle")
    cache.store(content, load_exhibition(content))
    (content / "stories/baeckerei-lange/theke.jpg").unlink()
    assert cache.load(content, stale_ok=True) is None


def test_damaged_cache_is_ignored(content: Path, tmp_path: Path) -> None:
    path = tmp_path / "exhibition.pickle"
    path.write_bytes(b"not a pickle")
    assert ExhibitionCache(path).load(content) is None


def test_a_hit_does_not_import_the_schema_models(content: Path, tmp_path: Path) -> None:
    cache_file = tmp_path / "exhibition.pickle"
    ExhibitionCache(cache_file).store(content, load_exhibition(content))
    code = ("import sys; from pathlib import Path; from kiosk.model.cache import ExhibitionCache;"
            f"assert ExhibitionCache(Path({str(cache_file)!r})).load(Path({str(content)!r})) is not None;"
            "print('pydantic' in sys.modules, 'kiosk.model.loader' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False"]


def test_start_content_prefers_cache_then_validates_then_falls_back(content: Path, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture) -> None:
    settings = MachineSettings()
    cache = ExhibitionCache(tmp_path / "exhibition.pickle")
    first, code = _start_content(settings, content, cache)
    assert code == EXIT_OK and first.story("baeckerei-lange")
    assert cache.load(content) == first

    edit(content / "kiosk.yaml", "idle_timeout: 60", "idle_timeout: nie")
    shown, code = _start_content(settings, content, cache)
    assert code == EXIT_ERRORS and shown == first, "broken content: the last good one is shown"
    err = capsys.readouterr().err
    assert "kiosk.yaml:3: error: 'idle_timeout' must be a number" in err
    assert "showing the last good content instead" in err

    nothing, code = _start_content(settings, content, ExhibitionCache(tmp_path / "empty.pickle"))
    assert nothing is None and code == EXIT_ERRORS, "no last good content: refused"
