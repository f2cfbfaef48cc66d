"""A scripted visitor session through the real UI, recorded by the real StatsRecorder and read
back with `kiosk stats`: exactly that session's views, dwell times and QR codes."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.services.stats import StatsRecorder, database_path


class FakeClock:
    """A clock the test moves by hand, so dwell times are exact."""

    def __init__(self, start: float) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.mark.timeout(120)
def test_scripted_session_shows_up_exactly_in_kiosk_stats(real_kiosk, tmp_path: Path, monkeypatch,
                                                         capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    db = database_path()
    db.parent.mkdir(parents=True)
    wall = FakeClock(1_790_000_000.0)  # a weekday morning in 2026, local time
    recorder = StatsRecorder(db, clock=wall, flush_interval=0.05)
    recorder.start()
    kiosk, controller = real_kiosk, real_kiosk.controller
    exhibition = controller.exhibition
    monotonic = FakeClock(1000.0)
    real_now = controller.now
    try:
        controller.now = monotonic
        controller._view_since = monotonic()
        controller.recorder = recorder
        kiosk.settle()

        def wait(seconds: float) -> None:
            monotonic.advance(seconds)
            wall.advance(seconds)

        story = exhibition.stories[0]
        provider = story.providers[0]
        wait(5)
        kiosk.tap(f"story:{story.id}")           # first touch: the session starts; home viewed 5 s
        wait(42)
        kiosk.tap(f"provider:{provider.id}")     # the story was read for 42 s
        wait(17)
        kiosk.tap("nav:home")                    # the provider for 17 s
        wait(3)
        controller.enter_attract()               # idle: the session ends
        kiosk.settle()
        assert recorder.flush()
    finally:
        controller.recorder = None
        controller.now = real_now
        recorder.close()
        kiosk.reset()

    capsys.readouterr()
    assert main(["stats", "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff"))))
    figures = {(r[0], r[1], r[3]): r[4] for r in rows[1:]}
    assert figures[("story", story.id, "views")] == "1"
    assert float(figures[("story", story.id, "median_dwell_s")]) == 42.0
    assert figures[("provider", provider.id, "views")] == "1"
    assert float(figures[("provider", provider.id, "median_dwell_s")]) == 17.0
    assert [r[1] for r in rows[1:] if r[0] == "story" and r[3] == "views"] == [story.id]
    qr = {(r[0], r[1]): r[4] for r in rows[1:] if r[0].startswith("qr") and r[3] == "count"}
    assert qr == {("qr_target", "story"): "1", ("qr_target", "provider"): "1", ("qr_target", "page"): "0",
                  ("qr_story", story.id): "1", ("qr_provider", provider.id): "1"}
    sessions = [r for r in rows[1:] if r[0] == "day" and r[3] == "sessions"]
    assert [r[4] for r in sessions] == ["1"]
    assert float(next(r[4] for r in rows[1:] if r[0] == "day" and r[3] == "median_session_s")) == 62.0
