"""Lazy visitor screens: a start builds only what its first frame shows, the others are built
one per frame after it, and anything that asks for a screen not built yet gets it at once, so
nothing but the timing changes."""

from __future__ import annotations

import pytest

from kiosk.ui.screens import VISITOR_SCREENS

pytestmark = pytest.mark.window


@pytest.fixture
def fresh(window, sample_exhibition, tmp_path):
    """Make a kiosk on the sample as ``kiosk run`` starts it (in the attract loop, fading);
    the shared kiosk leaves the window meanwhile and comes back afterwards."""
    from conftest import _kiosk_for

    from kiosk.services.settings import MachineSettings
    from kiosk.ui.assembly import Kiosk

    _kiosk_for(window, sample_exhibition).assembled.stop()
    made = []

    def start(**kwargs):
        kiosk = Kiosk(sample_exhibition, MachineSettings(data_dir=tmp_path / "data"), idle_timeout=10 ** 6,
                      **kwargs)
        kiosk.start()
        made.append(kiosk)
        return kiosk

    yield start
    for kiosk in made:
        kiosk.stop()
    _kiosk_for(window, sample_exhibition)


def frame() -> None:
    """Render one frame."""
    from kivy.base import EventLoop

    EventLoop.idle()


def built(kiosk) -> list[str]:
    """The names of the visitor screens the kiosk has built, in the order it built them."""
    return [screen.name for screen in kiosk.shell.manager.screens]


def test_a_start_in_the_attract_loop_shows_the_loop_and_builds_the_screens_one_per_frame_after(fresh):
    kiosk = fresh()
    shell = kiosk.shell
    assert kiosk.controller.attract and shell.attract_layer.parent is shell
    assert shell.attract_layer.opacity == 1, "nothing under the loop to fade from: it shows at once"
    assert built(kiosk) == [] and shell.manager.current_screen is None
    layer = shell.attract_layer
    assert all(slide.parent is None for slide in layer.slides), "no slide, and no text baked, before its picture"
    frame()  # the first frame: the loop alone
    assert built(kiosk) == []
    assert shell.attract_layer.covering, "the loop covers the window, the shell's bar and screens are not drawn"
    seen = []
    for _ in range(3 * len(VISITOR_SCREENS)):
        frame()
        now = built(kiosk)
        assert len(now) - len(seen) <= 1, f"more than one screen built in one frame: {seen} -> {now}"
        seen = now
    assert seen == list(VISITOR_SCREENS), "home first, then in the order a visitor needs them"
    assert shell.manager.current == "home", "home waits under the loop"
    assert shell.unbuilt() == []
    assert kiosk_shows_a_slide(layer), "the first picture fades in once it is decoded"


def kiosk_shows_a_slide(layer, frames: int = 300) -> bool:
    """Render until a slide of the loop is in the tree; return whether one came."""
    for _ in range(frames):
        if any(slide.parent is layer for slide in layer.slides):
            return True
        frame()
    return False


def test_a_tap_before_the_screens_are_built_opens_its_story_at_once(fresh, sample_exhibition):
    kiosk = fresh(animate=False)
    story = sample_exhibition.stories[1].id
    kiosk.controller.leave_attract(story)  # a touch on the loop's slide of that story
    manager = kiosk.shell.manager
    assert manager.current == "story" and manager.current_screen.item_id == story
    assert built(kiosk) == ["home", "story"], "what the tap needs, home first, and no more"
    kiosk.controller.go_back()
    assert manager.current == "home" and built(kiosk) == ["home", "story"]


def test_asking_for_a_screen_builds_it_once(fresh):
    kiosk = fresh(animate=False)
    manager = kiosk.shell.manager
    page = manager.get_screen("page")
    assert page.name == "page" and built(kiosk) == ["home", "page"]
    assert manager.get_screen("page") is page
    for _ in range(3 * len(VISITOR_SCREENS)):
        frame()
    assert sorted(built(kiosk)) == sorted(VISITOR_SCREENS), "each screen once"
    assert manager.get_screen("page") is page


def test_a_start_outside_the_loop_shows_home_in_its_first_frame(window, sample_exhibition):
    from conftest import _kiosk_for

    from kiosk.ui.assembly import Kiosk

    _kiosk_for(window, sample_exhibition).assembled.stop()
    kiosk = Kiosk(sample_exhibition, idle_timeout=10 ** 6, animate=False)
    try:
        kiosk.start(unattended=False)  # snapshots, benchmarks: no attract loop
        assert kiosk.shell.manager.current == "home" and built(kiosk) == ["home"]
        frame()
        assert kiosk.shell.elements(), "home's tiles and the bar are on the UI map"
    finally:
        kiosk.stop()
        _kiosk_for(window, sample_exhibition)


def test_a_content_swap_builds_the_new_screens_lazily(fresh, tmp_path):
    from sample import make_exhibition

    kiosk = fresh(animate=False)
    for _ in range(3 * len(VISITOR_SCREENS)):
        frame()
    assert built(kiosk) == list(VISITOR_SCREENS)
    old = kiosk.shell.manager
    smaller = make_exhibition(tmp_path / "smaller", stories=3, providers=2)
    kiosk.controller.set_exhibition(smaller)  # in the attract loop, which covers the screens
    manager = kiosk.shell.manager
    assert manager is not old and built(kiosk) == []
    for _ in range(3 * len(VISITOR_SCREENS)):
        frame()
    assert built(kiosk) == list(VISITOR_SCREENS)
    assert all(screen.controller is kiosk.controller for screen in manager.screens)
    assert len(manager.get_screen("home").grid.tiles) == 3, "home shows the new exhibition"


def test_a_content_swap_keeps_the_visitor_on_the_screen_shown(fresh, tmp_path, sample_exhibition):
    from sample import make_exhibition

    kiosk = fresh(animate=False)
    story = sample_exhibition.stories[0].id
    kiosk.controller.leave_attract(story)
    bigger = make_exhibition(tmp_path / "bigger", stories=6, providers=2)
    assert any(s.id == story for s in bigger.stories), "the story is in the new exhibition too"
    kiosk.controller.set_exhibition(bigger)
    manager = kiosk.shell.manager
    assert manager.current == "story" and manager.current_screen.item_id == story
    assert built(kiosk) == ["home", "story"]
