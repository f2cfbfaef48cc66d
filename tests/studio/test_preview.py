"""The studio's preview: one screen rendered as the kiosk shows it (``kiosk snapshot --only``),
in every language, in the background after each save."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.services import content_ops as ops

@pytest.mark.parametrize(("only", "why"), [
    ("story:gibt-es-nicht", "the exhibition has no story 'gibt-es-nicht'"),
    ("page:nordwerk", "the exhibition has no page 'nordwerk'"),
    ("home:baeckerei-lange", "the screen 'home' shows no single item"),
    ("staff", "'staff' is not a screen"),
])
def test_snapshot_of_one_screen_refuses_what_the_exhibition_lacks_without_rendering(
        content: Path, tmp_path: Path, capsys, only: str, why: str) -> None:
    with pytest.raises(ops.OperationError, match=why + ".*; nothing was rendered"):
        ops.snapshot(content, tmp_path / "png", only=only)
    assert main(["snapshot", "--content", str(content), "--out", str(tmp_path / "png"), "--only", only]) == 2
    assert why in capsys.readouterr().err
    assert not (tmp_path / "png").exists()


def test_snapshot_target_reads_the_screen_names_of_the_ui_map(content: Path) -> None:
    exhibition = ops.validate(content, probe_media=False).exhibition
    assert ops.snapshot_target("story:baeckerei-lange", exhibition) == ("story", "baeckerei-lange")
    assert ops.snapshot_target("provider:nordwerk", exhibition) == ("provider", "nordwerk")
    assert ops.snapshot_target("providers", exhibition) == ("providers", "")


@pytest.mark.timeout(300)
def test_snapshot_of_one_screen_renders_only_that_screen(content: Path, tmp_path: Path) -> None:
    files = ops.snapshot(content, tmp_path / "png", size=(640, 400), lang="en", only="story:baeckerei-lange")
    assert [f.name for f in files] == ["640x400-en-story-baeckerei-lange.png"]
    assert sorted(p.name for p in (tmp_path / "png").iterdir()) == ["640x400-en-story-baeckerei-lange.png"]
    assert files[0].stat().st_size > 1000
