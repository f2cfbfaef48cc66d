"""One statistics vocabulary: the typed events the kiosk reports, the QR code URL every screen
takes from the model, and (below) every kind and end reason stored, read back and labelled."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from kiosk.model.loader import validate
from kiosk.services.events import EndReason, EventKind, Events, FilterDimension, Screen


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
