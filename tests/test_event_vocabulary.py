"""One statistics vocabulary: the typed events the kiosk reports, the QR code URL every screen
takes from the model, and (below) every kind and end reason stored, read back and labelled."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from kiosk.model.loader import validate
from kiosk.services.events import (ITEM_SCREENS, VIEWED_SCREENS, EndReason, EventKind, Events, FilterDimension,
                                   Screen)


class Sink:
    """A fake recorder that keeps every call."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def begin_session(self) -> None:
        self.calls.append(("begin",))

    def end_session(self, reason: EndReason) -> None:
        self.calls.append(("end", reason))

    def record(self, kind: EventKind, **fields: object) -> None:
        self.calls.append((kind, fields))


def test_each_typed_event_reaches_the_recorder_as_its_kind_and_fields() -> None:
    sink = Sink()
    events = Events(sink)
    events.session_started()
    events.screen_viewed(Screen.STORY, "s1", "de", 12.345)
    events.filter_chosen(FilterDimension.GOAL, "effizienz")
    events.qr_shown(Screen.PROVIDER, "p1", "https://x.example")
    events.video_played("s1", 30.04, 60.0)
    events.language_switched("de", "en")
    events.attract_cycled()
    events.session_ended(EndReason.IDLE)
    assert sink.calls == [
        ("begin",),
        (EventKind.SCREEN_VIEW, {"screen": "story", "item": "s1", "lang": "de", "dwell_s": 12.3}),
        (EventKind.FILTER, {"dimension": "goal", "value": "effizienz"}),
        (EventKind.QR_SHOWN, {"target": "provider", "item": "p1", "url": "https://x.example"}),
        (EventKind.VIDEO_PLAY, {"item": "s1", "watched_s": 30.0, "duration_s": 60.0}),
        (EventKind.LANG_SWITCH, {"from_lang": "de", "to_lang": "en"}),
        (EventKind.ATTRACT_CYCLE, {}),
        ("end", "idle"),
    ]
    # One typed method per kind, and every kind has one.
    assert len(EventKind) == 8


def test_no_recorder_or_a_failing_one_never_raises() -> None:
    Events().screen_viewed(Screen.HOME, "", "de", 1.0)

    class Broken:
        def begin_session(self) -> None:
            raise OSError("disk gone")

        end_session = record = begin_session

    broken = Events(Broken())
    broken.session_started()
    broken.attract_cycled()
    broken.session_ended(EndReason.SHUTDOWN)


def test_stored_values_never_change() -> None:
    # Old databases hold these strings; the report must keep reading them.
    assert [k.value for k in EventKind] == ["session_start", "session_end", "screen_view", "filter", "qr_shown",
                                            "video_play", "lang_switch", "attract_cycle"]
    assert {r.value for r in EndReason} == {"idle", "shutdown", "new_session"}


def test_qr_url_for_every_screen_with_a_code(content: Path) -> None:
    exhibition = validate(content, probe_media=False).exhibition
    story, provider, page = exhibition.stories[0], exhibition.providers[0], exhibition.pages[0]
    assert exhibition.qr_url_for(Screen.STORY, story.id, "en") == exhibition.contact_url(
        lang="en", story=story.id, provider=story.providers[0].id)
    assert exhibition.qr_url_for("provider", provider.id, "de") == exhibition.contact_url(lang="de", provider=provider.id)
    assert page.qr == "contact"
    assert exhibition.qr_url_for(Screen.PAGE, page.id, "de") == exhibition.contact_url(lang="de", page=page.id)
    own = dataclasses.replace(page, qr="https://foerderung.example/")
    without = dataclasses.replace(page, id="ohne", qr=None)
    exhibition = dataclasses.replace(exhibition, pages=(own, without))
    assert exhibition.qr_url_for(Screen.PAGE, page.id, "de") == "https://foerderung.example/"
    assert exhibition.qr_url_for(Screen.PAGE, "ohne", "de") is None
    with pytest.raises(KeyError):
        exhibition.qr_url_for(Screen.STORY, "no-such-story", "de")
    with pytest.raises(ValueError, match="expected story, provider or page"):
        exhibition.qr_url_for(Screen.HOME, "", "de")


def test_every_kind_reason_and_screen_is_stored_read_back_and_labelled(tmp_path: Path) -> None:
    from kiosk.services.report import build_report, render_text
    from kiosk.services.report.labels import KIND_NAMES, REASON_NAMES, SCREEN_NAMES, TARGET_NAMES
    from kiosk.services.stats import StatsRecorder
    from stats_fixtures import FakeClock, local_ts

    clock = FakeClock(local_ts(2025, 6, 4, 11, 0))
    recorder = StatsRecorder(tmp_path / "stats.sqlite3", flush_interval=0.02, clock=clock)
    recorder.start()
    events = Events(recorder)
    for reason in EndReason:  # one session per reason, each with every other event once
        events.session_started()
        for screen in VIEWED_SCREENS:
            events.screen_viewed(screen, "x", "de", 3.0)
        for target in ITEM_SCREENS:
            events.qr_shown(target, "x", "https://x.example")
        events.filter_chosen(FilterDimension.GOAL, "g")
        events.filter_chosen(FilterDimension.INDUSTRY, "i")
        events.video_played("x", 5.0, 10.0)
        events.language_switched("de", "en")
        events.attract_cycled()
        clock.advance(60)
        events.session_ended(reason)
    assert recorder.flush()
    recorder.close()
    report = build_report(tmp_path / "stats.sqlite3", None, None)
    sessions = len(EndReason)

    def read(rows) -> dict:
        return {row.key: (row.label, row.count) for row in rows}

    # Every member reaches the database and comes back with its German name.
    assert {row.key: row.label for row in report.kinds} == {kind: KIND_NAMES[kind] for kind in EventKind}
    assert read(report.kinds)[EventKind.SESSION_END] == (KIND_NAMES[EventKind.SESSION_END], sessions)
    assert read(report.end_reasons) == {reason: (REASON_NAMES[reason], 1) for reason in EndReason}
    assert read(report.screens) == {screen: (SCREEN_NAMES[screen], sessions) for screen in VIEWED_SCREENS}
    assert read(report.qr_targets) == {target: (TARGET_NAMES[target], sessions) for target in ITEM_SCREENS}
    assert [(r.key, r.count) for r in report.goals + report.industries] == [("g", sessions), ("i", sessions)]
    # A name for each, and no names for what the kiosk cannot write.
    for names in (KIND_NAMES, REASON_NAMES, SCREEN_NAMES, TARGET_NAMES):
        assert all(label and label != key for key, label in names.items())
    assert set(KIND_NAMES) == set(EventKind)
    assert set(REASON_NAMES) == set(EndReason)
    assert set(SCREEN_NAMES) == set(VIEWED_SCREENS)
    assert set(TARGET_NAMES) == set(ITEM_SCREENS)
    assert "Kiosk beendet" in render_text(report)
