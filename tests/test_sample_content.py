"""The bundled sample exhibition: complete, bilingual, and free of errors and warnings."""

from __future__ import annotations

from pathlib import Path

from kiosk.cli import main
from kiosk.model.loader import validate

CONTENT = Path(__file__).resolve().parents[1] / "content"


def test_sample_validates_without_errors_or_warnings() -> None:
    result = validate(CONTENT)
    assert [str(p) for p in result.problems] == []
    exhibition = result.exhibition
    assert len(exhibition.stories) >= 8 and len(exhibition.providers) >= 6 and len(exhibition.pages) >= 2
    assert exhibition.settings.languages == ("de", "en")


def test_sample_covers_every_goal_and_answers_cost_and_benefit() -> None:
    exhibition = validate(CONTENT, probe_media=False).exhibition
    used_goals = {g.id for s in exhibition.stories for g in s.goals}
    assert used_goals == {g.id for g in exhibition.settings.goals}
    for story in exhibition.stories:
        assert story.cost.entries(), story.id
        assert story.benefit.get("en") != story.benefit.get("de"), f"{story.id} has no English benefit"
        assert story.providers, story.id
    assert all(p.story_ids for p in exhibition.providers), "every provider appears in a story"
    assert any(m.kind == "video" for s in exhibition.stories for m in s.media)


def test_sample_media_stays_small() -> None:
    total = sum(p.stat().st_size for p in CONTENT.rglob("*") if p.is_file())
    assert total < 5 * 1024 * 1024


def test_validate_defaults_to_the_bundled_content(capsys, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.delenv("KIOSK_CONTENT", raising=False)
    assert main(["validate", "--no-probe"]) == 0
    assert f"{CONTENT}: 0 error(s), 0 warning(s)" in capsys.readouterr().out
