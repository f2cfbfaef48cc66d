"""One real X tap from the attract loop's story slide into that story, and the statistics
know the session began at the loop."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from conftest import CONTENT
from kiosk.model.loader import load_exhibition

pytestmark = [pytest.mark.xserver, pytest.mark.timeout(240)]

PLAIN_FIRST = "  - image: attract/strasse.jpg\n    duration: 6\n"
"""The sample loop's first item, a picture without a story: taken out, a story's slide comes first."""


def test_a_tap_on_a_story_slide_opens_that_story(start_kiosk, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    kiosk_yaml = content / "kiosk.yaml"
    assert PLAIN_FIRST in kiosk_yaml.read_text()
    kiosk_yaml.write_text(kiosk_yaml.read_text().replace(PLAIN_FIRST, "", 1))
    exhibition = load_exhibition(content, probe_media=False)
    kiosk = start_kiosk("--content", str(content))

    on_slide = kiosk.wait_for(lambda m: m["screen"] == "attract"
                              and any(e["id"].startswith("story:") for e in m["elements"]),
                              what="a story's slide in the attract loop")
    slide = next(e for e in on_slide["elements"] if e["id"].startswith("story:"))
    story = next(s for s in exhibition.stories if f"story:{s.id}" == slide["id"])
    assert slide["label"] == story.title.get("de")
    kiosk.tap(slide["id"], on_slide)
    opened = kiosk.wait_for(lambda m: m["screen"] == "story", what="the story of the slide")
    shown = {e["id"] for e in opened["elements"]}
    assert {f"provider:{p.id}" for p in story.providers} <= shown, "it is that story"
    assert kiosk.stop() == 0

    database = next((tmp_path / "data").rglob("stats.sqlite3"))
    with sqlite3.connect(database) as conn:
        starts = conn.execute("SELECT screen, item FROM events WHERE kind = 'session_start'").fetchall()
    assert starts == [("attract", story.id)]
