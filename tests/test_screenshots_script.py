"""scripts/screenshots.py: the README's screenshots come from the kiosk's own snapshot
machinery, one child process per window size, and only a chosen few are kept, optimised."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PIL import Image, ImageChops

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

import screenshots  # noqa: E402


def test_every_kind_is_drawn_at_the_size_asked_in_each_language(tmp_path: Path) -> None:
    out = tmp_path / "all"
    code = screenshots.main(["--sizes", "800x450", "--langs", "de,en", "--kinds", "attract,home,viewer",
                             "--out", str(out), "--readme", ""])
    assert code == 0
    names = sorted(path.name for path in out.iterdir())
    assert names == sorted(screenshots.name(kind, (800, 450), lang)
                           for kind in ("attract", "home", "viewer") for lang in ("de", "en"))
    pictures = {path.name: Image.open(path).convert("RGB") for path in out.iterdir()}
    assert {picture.size for picture in pictures.values()} == {(800, 450)}
    # Each is its own screen: the English attract slide is not the German one, the viewer not home.
    for first, second in (("attract-800x450-de.png", "attract-800x450-en.png"),
                          ("home-800x450-de.png", "viewer-800x450-de.png")):
        assert ImageChops.difference(pictures[first], pictures[second]).getbbox() is not None, (first, second)


def test_only_the_chosen_few_are_kept_and_optimised(tmp_path: Path) -> None:
    rendered = tmp_path / "all"
    rendered.mkdir()
    for kind in ("home", "story"):
        for lang in ("de", "en"):
            picture = Image.new("RGB", (192, 108), (240, 236, 228))
            picture.paste((173, 66, 0), (10, 10, 60, 40))
            picture.save(rendered / screenshots.name(kind, (192, 108), lang), compress_level=0)
    chosen = (("home", (192, 108), "de"), ("story", (192, 108), "en"), ("page", (192, 108), "de"))
    kept = screenshots.keep(rendered, tmp_path / "readme", chosen)
    assert sorted(path.name for path in kept) == ["home-192x108-de.png", "story-192x108-en.png"]
    assert sorted(path.name for path in (tmp_path / "readme").iterdir()) == sorted(path.name for path in kept)
    for path in kept:
        original = rendered / path.name
        assert path.stat().st_size < original.stat().st_size
        assert ImageChops.difference(Image.open(path).convert("RGB"), Image.open(original)).getbbox() is None


def test_the_kept_set_is_each_kind_in_german_and_a_few_more():
    kinds = {kind for kind, size, lang in screenshots.README_SET if size == (1920, 1080) and lang == "de"}
    assert kinds == set(screenshots.KINDS)
    assert {size for _kind, size, _lang in screenshots.README_SET} == set(screenshots.SIZES)
    assert {lang for _kind, _size, lang in screenshots.README_SET} == {"de", "en"}


@pytest.mark.parametrize("args, named", ((["--kinds", "home,lobby"], "lobby"), (["--sizes", "1920by1080"], "1920by1080")))
def test_a_wrong_kind_or_size_is_refused_before_drawing(tmp_path: Path, args, named, capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        screenshots.main([*args, "--out", str(tmp_path / "all"), "--readme", ""])
    assert exit_.value.code == 2
    assert not (tmp_path / "all").exists()
    assert named in capsys.readouterr().err
