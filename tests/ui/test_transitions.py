"""The cross-fade between screens draws the outgoing screen once (kiosk.ui.transitions): it is
frozen into a texture and faded over the live new screen, and the picture is the same blend
as a cross-fade of both screens."""

from __future__ import annotations

import numpy as np
import pytest
from test_still_cache import KIVY_BLENDING, blending

from kiosk.ui.shell import TRANSITION_S

pytestmark = [pytest.mark.window, pytest.mark.timeout(300)]


def pixels() -> np.ndarray:
    """The window's picture as an array (height, width, 3)."""
    from kiosk.ui.screenshot import grab

    return np.asarray(grab(), dtype=np.float64)


@pytest.fixture
def fading(kiosk):
    """The kiosk with its cross-fades on (the shared kiosk cuts), cut again afterwards."""
    kiosk.shell.animate = True
    yield kiosk
    kiosk.shell.animate = False
    kiosk.settle()


def test_the_outgoing_screen_is_drawn_once(fading, sample_exhibition):
    kiosk = fading
    manager = kiosk.shell.manager
    fade = manager.transition
    home = manager.current_screen
    after = len(manager.canvas.after.children)
    kiosk.pump(2)
    frozen, home_drawn = fade.freezes, home.still_renders
    kiosk.controller.open_story(sample_exhibition.stories[0].id)
    frames = 0
    while fade.is_active:
        assert home.parent is None, "the outgoing screen is out of the window while it fades"
        kiosk.pump(1)
        frames += 1
    assert frames >= 2, "the fade lasts several frames"
    assert fade.freezes == frozen, "the cached picture is handed over, not drawn again"
    assert home.still_renders == home_drawn, "nothing of the outgoing screen is drawn"
    assert fade._veil is None and len(manager.canvas.after.children) == after, "the frozen picture is gone"
    assert manager.children == [manager.get_screen("story")]


def test_a_tap_draws_nothing_of_the_old_screen(fading, sample_exhibition):
    from kivy.core.window import Window
    from kivy.tests.common import UnitTestTouch

    kiosk = fading
    home = kiosk.shell.manager.current_screen
    story = sample_exhibition.stories[0].id
    tile = kiosk.elements()[f"story:{story}"]
    touch = UnitTestTouch(tile.x + tile.w / 2, Window.height - (tile.y + tile.h / 2))
    touch.touch_down()
    kiosk.pump(1)
    pressed = home.still_renders  # the pressed shade is drawn once
    frozen = kiosk.shell.manager.transition.freezes
    touch.touch_up()
    assert kiosk.controller.item == story and kiosk.shell.manager.transition.is_active
    kiosk.settle()
    assert home.still_renders == pressed, "the tap's frame does not draw the old screen again"
    assert kiosk.shell.manager.transition.freezes == frozen


def test_a_screen_without_a_cache_is_drawn_once(fading, sample_exhibition):
    kiosk = fading
    manager = kiosk.shell.manager
    fade = manager.transition
    home = manager.current_screen
    home.cached = False
    try:
        kiosk.pump(1)
        frozen = fade.freezes
        kiosk.controller.open_story(sample_exhibition.stories[0].id)
        assert fade.freezes == frozen + 1
        assert blending() == KIVY_BLENDING, "drawing the screen once leaves Kivy's blending"
        kiosk.settle()
    finally:
        home.cached = True


@pytest.mark.parametrize("cached", [True, False])
def test_the_fade_blends_the_frozen_screen_over_the_new_one(fading, sample_exhibition, cached):
    kiosk = fading
    shell = kiosk.shell
    story = sample_exhibition.stories[0].id
    shell.animate = False
    kiosk.controller.open_story(story)
    kiosk.settle()
    new = pixels()
    kiosk.controller.go_home()
    kiosk.settle()
    old = pixels()
    shell.manager.current_screen.cached = cached
    kiosk.pump(1)
    shell.animate = True
    fade = shell.manager.transition
    fade.duration = 600  # so that the new screen's layout settles at the fade's very start
    try:
        kiosk.controller.open_story(story)
        kiosk.pump(4)
        assert fade.is_active
        # Set the fade's progress rather than wait for it: no frame is drawn in between.
        t = 0.4
        fade.dispatch("on_progress", t)
        shown = pixels()
    finally:
        fade.duration = TRANSITION_S
        fade.stop()
        shell.manager.get_screen("home").cached = True
    blend = old * (1 - t) + new * t
    below_bar = slice(round(shell.navbar.height) + 1, None)  # the bar itself changes at once
    assert np.abs(shown - blend)[below_bar].max() <= 3, "the picture is the cross-fade of both screens"
    kiosk.settle()
    assert np.array_equal(pixels(), new)


def test_a_new_screen_during_a_fade_ends_it_cleanly(fading, sample_exhibition):
    kiosk = fading
    manager = kiosk.shell.manager
    after = len(manager.canvas.after.children)
    kiosk.controller.open_story(sample_exhibition.stories[0].id)
    assert manager.transition.is_active
    kiosk.controller.open_providers()
    kiosk.settle()
    assert not manager.transition.is_active
    assert manager.children == [manager.get_screen("providers")]
    assert len(manager.canvas.after.children) == after, "no frozen picture is left over"
    assert "nav:home" in kiosk.elements() and any(k.startswith("provider:") for k in kiosk.elements())


def test_taps_during_a_fade_do_not_reach_the_screens(fading, sample_exhibition):
    kiosk = fading
    story = sample_exhibition.stories[0]
    element = kiosk.elements()[f"story:{story.id}"]
    kiosk.controller.open_providers()
    assert kiosk.shell.manager.transition.is_active
    kiosk.tap_at(element.x + element.w / 2, element.y + element.h / 2)
    kiosk.settle()
    assert kiosk.controller.screen == "providers"


def test_the_fade_keeps_its_length():
    from kiosk.ui.transitions import FrozenFade

    assert 0.2 <= TRANSITION_S <= 0.3
    assert FrozenFade(duration=TRANSITION_S).duration == TRANSITION_S
