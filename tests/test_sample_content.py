"""The bundled sample exhibition: complete, bilingual, and free of errors and warnings."""

from __future__ import annotations

import os
import re
import subprocess
import sys
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


def test_sample_pictures_are_large_enough_for_their_slots_at_1080p() -> None:
    """Every picture is at least 1920x1080, and covers and attract pictures at least the attract
    loop's fullscreen copy at 1080p, so no slot enlarges a sample picture; logos fit their tile."""
    from PIL import Image

    from kiosk.services.imagecache import slot_boxes

    boxes = slot_boxes((1920, 1080))
    exhibition = validate(CONTENT, probe_media=False).exhibition
    fullscreen = {s.cover for s in exhibition.stories} | {i.path for i in exhibition.attract if i.kind == "image"}
    pictures = sorted(CONTENT.rglob("*.jpg"))
    assert len(pictures) >= 20 and fullscreen <= set(pictures)
    small = []
    for path in pictures:
        with Image.open(path) as picture:
            need = boxes["fullscreen"] if path in fullscreen else (1920, 1080)
            if picture.width < need[0] or picture.height < need[1]:
                small.append(f"{path.relative_to(CONTENT)} is {picture.width}x{picture.height}, needs {need[0]}x{need[1]}")
    for provider in exhibition.providers:
        with Image.open(provider.logo) as logo:
            width, height = boxes["thumb"]
            if min(width / logo.width, height / logo.height) > 1:  # shown contained in its tile
                small.append(f"{provider.logo.relative_to(CONTENT)} is {logo.width}x{logo.height}")
    assert small == []


# Plays only the sound of the file given as argument on SDL's silent driver; prints how many
# seconds of sound ran, or "none" when the file has no sound track to play.
_SOUND_PROBE = """
import sys, time
from ffpyplayer.player import MediaPlayer
events = []
player = MediaPlayer(sys.argv[1], callback=lambda kind, value: events.append(kind),
                     ff_opts={"vn": True, "sync": "audio"})
end = time.monotonic() + 20
# get_pts() crashes before the file is open: wait for its duration (or an error) first.
while time.monotonic() < end and not events and not player.get_metadata().get("duration"):
    time.sleep(0.02)
while time.monotonic() < end and not events and player.get_pts() < 0.5:
    time.sleep(0.05)
print("none" if any(e.endswith(":error") for e in events) else player.get_pts())
player.close_player()
"""


def _seconds_of_sound(film: Path) -> float:
    """How far ffpyplayer played ``film``'s sound track in a moment (0 for a silent film)."""
    env = dict(os.environ, SDL_AUDIODRIVER="dummy")
    done = subprocess.run([sys.executable, "-c", _SOUND_PROBE, str(film)], capture_output=True, text=True,
                          env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    out = done.stdout.strip().splitlines()[-1]
    return 0.0 if out == "none" else float(out)


def _cues(vtt: Path) -> list[tuple[str, str]]:
    """The (timing line, text) of each cue of a WebVTT file."""
    text = vtt.read_text(encoding="utf-8")
    assert text.startswith("WEBVTT"), vtt
    blocks = [b.strip().splitlines() for b in text.split("\n\n")[1:] if b.strip()]
    for block in blocks:
        assert re.fullmatch(r"\d\d:\d\d:\d\d\.\d{3} --> \d\d:\d\d:\d\d\.\d{3}", block[0]), block
    return [(block[0], " ".join(block[1:])) for block in blocks]


def test_a_sample_film_speaks_with_german_and_english_subtitles() -> None:
    """The sound control and the subtitles are exercised by the sample itself."""
    exhibition = validate(CONTENT, probe_media=False).exhibition
    films = [m.path for s in exhibition.stories for m in s.media if m.kind == "video"]
    speaking = [f for f in films if f.with_suffix(".de.vtt").exists()]
    assert speaking, "no sample film has subtitles beside it"
    film = speaking[0]
    assert _seconds_of_sound(film) > 0.3, f"{film} has no sound track"
    de, en = _cues(film.with_suffix(".de.vtt")), _cues(film.with_suffix(".en.vtt"))
    assert len(de) >= 2 and [t for t, _ in de] == [t for t, _ in en]
    assert all(a != b for (_, a), (_, b) in zip(de, en)), "the English subtitles are not translated"
    assert _seconds_of_sound(next(f for f in films if f not in speaking)) == 0.0
