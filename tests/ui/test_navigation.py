"""Navigation by simulated touches: filters, tiles, chips, back stack, language, UI map."""

from __future__ import annotations

import json

import pytest

pytestmark = [pytest.mark.window, pytest.mark.timeout(120)]


class Recorder:
    """A fake statistics recorder that keeps every call in a list."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def begin_session(self) -> None:
        self.calls.append(("begin_session",))

    def end_session(self, reason: str) -> None:
        self.calls.append(("end_session", reason))

    def record(self, kind: str, **fields) -> None:
        self.calls.append(("record", kind, fields))

    def kinds(self) -> list[str]:
        return [c[1] if c[0] == "record" else c[0] for c in self.calls]


def test_goal_filter_and_clear(kiosk, sample_exhibition):
    goal = sample_exhibition.settings.goals[0]
    kiosk.tap(f"goal:{goal.id}")
    expected = {f"story:{s.id}" for s in sample_exhibition.filter_stories(goal=goal.id)}
    shown = {k for k in kiosk.elements() if k.startswith("story:")}
    assert kiosk.controller.goal == goal.id
    assert shown == expected
    kiosk.tap(f"goal:{goal.id}")
    assert kiosk.controller.goal == ""


def test_industry_filter_and_all(kiosk, sample_exhibition):
    industry = sample_exhibition.settings.industries[1]
    kiosk.tap(f"industry:{industry.id}")
    shown = {k for k in kiosk.elements() if k.startswith("story:")}
    assert shown == {f"story:{s.id}" for s in sample_exhibition.filter_stories(industry=industry.id)}
    kiosk.tap("industry:all")
    assert kiosk.controller.industry == ""


def test_paging_shows_every_story(kiosk, sample_exhibition):
    seen = set()
    for _ in range(3):
        seen |= {k for k in kiosk.elements() if k.startswith("story:")}
        if "pager:next" not in kiosk.elements():
            break
        kiosk.tap("pager:next")
    assert seen == {f"story:{s.id}" for s in sample_exhibition.stories}


def test_story_provider_back_and_home(kiosk, sample_exhibition):
    story = sample_exhibition.stories[0]
    provider = story.providers[0]
    kiosk.tap(f"story:{story.id}")
    assert (kiosk.controller.screen, kiosk.controller.item) == ("story", story.id)
    kiosk.tap(f"provider:{provider.id}")
    assert (kiosk.controller.screen, kiosk.controller.item) == ("provider", provider.id)
    kiosk.tap("nav:back")
    assert (kiosk.controller.screen, kiosk.controller.item) == ("story", story.id)
    kiosk.tap("nav:home")
    assert kiosk.controller.screen == "home" and kiosk.controller.history == []


def test_provider_wall_and_pages(kiosk, sample_exhibition):
    kiosk.tap("nav:providers")
    assert kiosk.controller.screen == "providers"
    tiles = [k for k in kiosk.elements() if k.startswith("provider:")]
    assert sorted(tiles) == sorted(f"provider:{p.id}" for p in sample_exhibition.providers)
    sizes = {(e.w, e.h) for k, e in kiosk.elements().items() if k.startswith("provider:")}
    assert len(sizes) == 1, "every provider tile has the same size"
    kiosk.tap("nav:home")
    page = sample_exhibition.pages[0]
    kiosk.tap(f"page:{page.id}")
    assert (kiosk.controller.screen, kiosk.controller.item) == ("page", page.id)


def test_wall_order_is_stable_in_a_session_and_neutral(kiosk, sample_exhibition):
    from kiosk.ui.screens.providers import neutral_order

    kiosk.tap("nav:providers")
    first = [k for k in kiosk.elements() if k.startswith("provider:")]
    kiosk.tap("nav:home")
    kiosk.tap("nav:providers")
    assert [k for k in kiosk.elements() if k.startswith("provider:")] == first
    orders = {tuple(p.id for p in neutral_order(sample_exhibition.providers, seed)) for seed in range(30)}
    assert len(orders) > 1, "the order changes between sessions"


def test_language_switch_relabels(kiosk):
    assert kiosk.elements()["nav:providers"].label == "Wand der Lösungsanbieter"
    kiosk.tap("lang:en")
    assert kiosk.controller.lang == "en"
    assert kiosk.elements()["nav:providers"].label == "Wall of solution providers"


def test_one_physical_touch_reported_twice_is_one_tap(kiosk, sample_exhibition):
    from kivy.tests.common import UnitTestTouch

    class OtherDevice(UnitTestTouch):
        def __init__(self, x, y):
            super().__init__(x, y)
            self.device = "mtdev"

    goal = sample_exhibition.settings.goals[0]
    e = kiosk.elements()[f"goal:{goal.id}"]
    from kivy.core.window import Window
    x, y = e.x + e.w / 2, Window.height - (e.y + e.h / 2)
    first, second = UnitTestTouch(x, y), OtherDevice(x + 2, y + 2)
    first.touch_down()
    second.touch_down()
    kiosk.pump(1)
    first.touch_up()
    second.touch_up()
    kiosk.settle()
    assert kiosk.controller.goal == goal.id, "toggled once, not twice"


def test_recorder_gets_the_visit(kiosk, sample_exhibition):
    recorder = Recorder()
    kiosk.controller.recorder = recorder
    story = sample_exhibition.stories[0]
    goal = sample_exhibition.settings.goals[0]
    kiosk.tap(f"goal:{goal.id}")
    kiosk.tap("lang:en")
    kiosk.tap(f"story:{story.id}")
    kiosk.tap("nav:home")
    kinds = recorder.kinds()
    assert kinds[0] == "begin_session" and kinds.count("begin_session") == 1
    assert ("record", "filter", {"dimension": "goal", "value": goal.id}) in recorder.calls
    assert ("record", "lang_switch", {"from_lang": "de", "to_lang": "en"}) in recorder.calls
    qr = [c[2] for c in recorder.calls if c[:2] == ("record", "qr_shown")]
    assert qr and qr[0]["target"] == "story" and qr[0]["item"] == story.id
    assert qr[0]["url"] == sample_exhibition.contact_url(lang="en", story=story.id,
                                                         provider=story.providers[0].id)
    views = [c[2] for c in recorder.calls if c[:2] == ("record", "screen_view")]
    assert [v["screen"] for v in views] == ["home", "story"]
    assert views[1]["item"] == story.id and views[1]["lang"] == "en" and views[1]["dwell_s"] >= 0


def test_ui_map_file_follows_the_screen(kiosk, sample_exhibition, tmp_path):
    path = tmp_path / "ui.json"
    kiosk.shell.ui_map = path
    try:
        story = sample_exhibition.stories[1]
        kiosk.controller.open_story(story.id)
        kiosk.settle()
        kiosk.pump(3)
        data = json.loads(path.read_text())
        assert data["screen"] == "story" and data["lang"] == "de"
        ids = {e["id"]: e for e in data["elements"]}
        assert {"nav:home", "nav:back", "lang:de", "lang:en", "qr", f"provider:{story.providers[0].id}"} <= set(ids)
        assert ids["qr"]["label"] == sample_exhibition.contact_url(lang="de", story=story.id,
                                                                  provider=story.providers[0].id)
        assert all(set(e) == {"id", "label", "x", "y", "w", "h"} for e in data["elements"])
        assert ids["nav:home"]["y"] < 200, "y is measured from the top"
        kiosk.controller.set_lang("en")
        kiosk.settle()
        kiosk.pump(3)
        assert json.loads(path.read_text())["lang"] == "en"
        assert not list(tmp_path.glob(".*tmp")), "no temporary file left behind"
    finally:
        kiosk.shell.ui_map = None
