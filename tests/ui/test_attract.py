"""The attract loop: starts after the idle timeout, wipes the session, swallows the first touch."""

from __future__ import annotations

import pytest
from test_navigation import Recorder

pytestmark = [pytest.mark.window, pytest.mark.timeout(120)]


class EntryRecorder(Recorder):
    """A fake recorder that also keeps what a session start says about its entry point."""

    def begin_session(self, **fields) -> None:
        self.calls.append(("begin_session", fields))


def go_idle(kiosk, timeout: float = 0.3) -> None:
    kiosk.controller.idle_timeout = timeout
    assert kiosk.wait_for(lambda: kiosk.controller.attract, timeout=10), "attract loop did not start"
    # The next touch must not find the loop back at once on this slow renderer.
    kiosk.controller.idle_timeout = 10 ** 6
    kiosk.settle()
    wait_shown(kiosk)


def wait_shown(kiosk) -> None:
    """Render until the loop's current item is on screen (its picture is decoded on a worker
    thread first)."""
    layer = kiosk.shell.attract_layer
    assert kiosk.wait_for(lambda: layer.slides[layer._front].item is layer._items[int(layer.index)]
                          and layer.slides[layer._front].opacity == 1, timeout=30)


def step(kiosk) -> None:
    """Move the loop on by one item and render until that item is on screen."""
    kiosk.shell.attract_layer.advance()
    wait_shown(kiosk)


def test_idle_wipes_the_session(kiosk, sample_exhibition):
    story = sample_exhibition.stories[0]
    kiosk.tap("lang:en")
    kiosk.tap(f"goal:{story.goals[0].id}")
    kiosk.tap(f"story:{story.id}")
    assert kiosk.controller.history
    go_idle(kiosk)
    ctl = kiosk.controller
    assert (ctl.screen, ctl.lang, ctl.goal, ctl.industry, list(ctl.history)) == ("attract", "de", "", "", [])
    shown = sample_exhibition.attract[int(kiosk.shell.attract_layer.index)].story
    assert [e.id for e in kiosk.shell.elements()] == ["attract"] + ([f"story:{shown.id}"] if shown else [])
    assert kiosk.shell.manager.current == "home", "home waits underneath the loop"
    assert kiosk.shell.attract_layer.parent is kiosk.shell


def test_exit_touch_is_swallowed(kiosk, sample_exhibition):
    story = sample_exhibition.stories[0]
    tile = kiosk.elements()[f"story:{story.id}"]
    go_idle(kiosk)
    layer = kiosk.shell.attract_layer
    while sample_exhibition.attract[int(layer.index)].story is not None:  # a slide that leads home
        step(kiosk)
    kiosk.tap_at(tile.x + tile.w / 2, tile.y + tile.h / 2)
    kiosk.settle()
    assert kiosk.controller.screen == "home" and not kiosk.controller.attract
    assert kiosk.shell.manager.current == "home", "the tile under the touch was not opened"
    assert kiosk.shell.attract_layer.parent is None
    kiosk.tap(f"story:{story.id}")
    assert kiosk.controller.screen == "story", "the next touch works normally"


def test_sessions_and_cycles_are_recorded(kiosk, sample_exhibition):
    recorder = EntryRecorder()
    kiosk.controller.recorder = recorder
    kiosk.tap("nav:providers")
    go_idle(kiosk)
    assert ("end_session", "idle") in recorder.calls
    layer = kiosk.shell.attract_layer
    items = len(sample_exhibition.attract)
    for _ in range(items):
        step(kiosk)
    assert recorder.kinds().count("attract_cycle") == 1
    kiosk.tap_at(10, 500)
    starts = [fields for call, *fields in recorder.calls if call == "begin_session"]
    shown = sample_exhibition.attract[int(layer.index)].story
    assert starts == [[{}], [{"screen": "attract", "item": shown.id if shown else ""}]]


def test_loop_shows_story_titles_and_loads_without_gaps(kiosk, sample_exhibition):
    go_idle(kiosk)
    layer = kiosk.shell.attract_layer
    seen = set()
    for _ in range(len(sample_exhibition.attract) + 1):
        seen.add(int(layer.index))
        item = sample_exhibition.attract[int(layer.index)]
        front = layer.slides[layer._front]
        assert front.opacity == 1 and front.picture.texture is not None
        assert front.title == (item.story.title.get("de") if item.story else "")
        step(kiosk)
    assert seen == set(range(len(sample_exhibition.attract)))


def test_attract_images_skip_the_image_cache(kiosk, sample_exhibition):
    from kivy.cache import Cache

    go_idle(kiosk)
    for _ in range(3):
        kiosk.shell.attract_layer.advance()
        kiosk.pump(1)
    cached = " ".join(str(key) for key in list(Cache._objects.get("kv.image", {}))
                      + list(Cache._objects.get("kv.texture", {})))
    only_attract = [item.path for item in sample_exhibition.attract if item.path.name.startswith("loop")]
    assert not any(str(path) in cached for path in only_attract)
    assert kiosk.shell.attract_layer._prefetched is not None, "the next image is decoded ahead"


@pytest.mark.timeout(120)
def test_hidden_slides_survive_garbage_collection(kiosk):
    """A slide taken out of the tree between fades must stay alive (kv only holds weak proxies)."""
    from kiosk.services.memory import collect_everything

    controller, layer = kiosk.controller, kiosk.shell.attract_layer
    controller.enter_attract()
    kiosk.settle()
    for _ in range(3):
        layer.advance()
        assert kiosk.wait_for(lambda: layer._forget_event is None and layer._old is None, timeout=15)
        collect_everything()  # frozen slides too: a plain collection would skip them
    hidden = [slide for slide in layer.slides if slide.parent is None]
    assert hidden, "the slide not on screen is out of the tree"
    controller.leave_attract()
    kiosk.settle()
    collect_everything()
    assert all(slide.picture is not None for slide in layer.slides)
    controller.enter_attract()
    kiosk.settle()
    assert layer.running
    kiosk.reset()


def test_the_loop_settles_once_the_item_has_faded_in_and_the_next_picture_is_decoded(kiosk, sample_exhibition):
    go_idle(kiosk)
    layer = kiosk.shell.attract_layer
    assert kiosk.wait_for(layer.settled, timeout=30)
    items = layer._items
    following = items[(int(layer.index) + 1) % len(items)]
    assert following.kind == "image", "the sample's first item is followed by a picture"
    layer.advance()
    assert not layer.settled(), "the next item is still fading in (or its picture decoding)"
    assert kiosk.wait_for(layer.settled, timeout=30)
    front = layer.slides[layer._front]
    assert front.opacity == 1 and front.item is items[int(layer.index)]
    assert all(slide.parent is None for slide in layer.slides if slide is not front), "the slide before is put away"
    nxt = items[(int(layer.index) + 1) % len(items)]
    if nxt.kind == "image":
        assert layer._prefetched is not None and layer._prefetched[0] == str(nxt.path)
        assert layer._prefetched[1] is not None, "the next picture is decoded"
    layer.stop()
    assert not layer.settled(), "a stopped loop holds nothing to settle"
