"""A still screen is drawn once into a cached texture (kiosk.ui.widgets.stillcache): idle
frames draw nothing again, and every change of what the screen shows reaches the window.

"Reaches the window" is checked against a fresh render: the window's pixels after a change
must equal those after the cache was thrown away and drawn anew from the widgets. Against a
render without the cache the picture may differ only in the edges of outlines (the window
smooths lines with multisampling, a framebuffer does not).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_first_visit import assert_texts_render_fresh

pytestmark = [pytest.mark.window, pytest.mark.timeout(600)]

IDLE_FRAMES = 20


def pixels(kiosk) -> np.ndarray:
    """The window's picture as an array (height, width, 3)."""
    from kiosk.ui.screenshot import grab

    return np.asarray(grab(), dtype=np.int16)


def screen_of(kiosk):
    return kiosk.shell.manager.current_screen


def fresh_pixels(kiosk) -> np.ndarray:
    """The window's picture with the current screen's cache thrown away and drawn anew."""
    screen = screen_of(kiosk)
    screen.cached = False
    screen.cached = True
    kiosk.pump(1)
    return pixels(kiosk)


def assert_reaches_window(kiosk, before: np.ndarray | None = None) -> np.ndarray:
    """Assert that the window shows what a fresh render shows (and, given the picture from
    before a change, that the change is visible at all); return the window's picture."""
    settle_pictures(kiosk)  # a picture arriving in between would be newer, not staler
    shown = pixels(kiosk)
    fresh = fresh_pixels(kiosk)
    stale = np.argwhere(np.any(shown != fresh, axis=2))
    assert len(stale) == 0, f"{len(stale)} pixels show an old picture, first at (y, x) {stale[0]}"
    if before is not None and before.shape == shown.shape:
        assert np.any(before != shown), "the change is visible"
    return shown


def assert_like_uncached(kiosk) -> None:
    """Assert that the cached picture is the picture the widgets draw without the cache, but
    for the smoothing of outlines: few pixels and no whole areas differ."""
    screen = screen_of(kiosk)
    cached = pixels(kiosk)
    screen.cached = False
    try:
        kiosk.pump(1)
        direct = pixels(kiosk)
    finally:
        screen.cached = True
        kiosk.pump(1)
    differs = np.any(np.abs(cached - direct) > 8, axis=2)
    assert differs.mean() < 0.004, f"{differs.sum()} pixels differ from a render without the cache"


def find(widget, kind, test=lambda w: True):
    """The first widget of ``kind`` under ``widget`` (depth first) that passes ``test``."""
    if isinstance(widget, kind) and widget.opacity > 0 and test(widget):
        return widget
    for child in widget.children:
        found = find(child, kind, test)
        if found is not None:
            return found
    return None


def settle_pictures(kiosk) -> None:
    """Render until every picture the screen asked the image cache for has arrived (each
    arrival is a change, and draws the screen again)."""
    from kiosk.ui import media

    kiosk.settle()
    assert kiosk.wait_for(lambda: media.pending() == 0)
    kiosk.pump(3)


def test_an_idle_screen_is_drawn_once(kiosk, sample_exhibition):
    for show in (lambda: None, lambda: kiosk.tap(f"story:{sample_exhibition.stories[0].id}"),
                 lambda: kiosk.controller.open_providers()):
        show()
        settle_pictures(kiosk)
        screen = screen_of(kiosk)
        drawn = screen.still_renders
        assert drawn >= 1
        kiosk.pump(IDLE_FRAMES)
        assert screen.still_renders == drawn, f"{screen.name} redrew its still picture while idle"
        assert_like_uncached(kiosk)


def test_one_change_draws_once_and_then_rests(kiosk):
    from kivy.uix.label import Label

    screen = screen_of(kiosk)
    settle_pictures(kiosk)
    drawn = screen.still_renders
    label = find(screen, Label, lambda w: len(w.text) > 3)
    label.text = "Ein geänderter Text"
    kiosk.pump(IDLE_FRAMES)
    assert screen.still_renders == drawn + 1


KIVY_BLENDING = [0x0302, 0x0303, 1, 1]
"""Kivy's blending for the window: colour (SRC_ALPHA, ONE_MINUS_SRC_ALPHA), alpha (ONE, ONE)."""


def blending() -> list[int]:
    """The current blend factors: colour source and destination, then alpha's."""
    from kivy.graphics.opengl import glGetIntegerv

    return [glGetIntegerv(name)[0] for name in (0x80C9, 0x80C8, 0x80CB, 0x80CA)]


def test_drawing_the_cache_leaves_kivys_blending(kiosk):
    from kivy.core.window import Window
    from kivy.graphics.opengl import GL_BLEND, glIsEnabled

    screen = screen_of(kiosk)
    drawn = screen.still_renders
    screen.cached = False
    screen.cached = True
    Window.dispatch("on_draw")
    assert screen.still_renders == drawn + 1
    assert blending() == KIVY_BLENDING and glIsEnabled(GL_BLEND)
    assert glIsEnabled(GL_MULTISAMPLE), "and multisampling, for what the window draws next"


GL_MULTISAMPLE = 0x809D


def test_the_picture_is_copied_one_sample_a_pixel(kiosk):
    from kivy.core.window import Window
    from kivy.graphics import Callback
    from kivy.graphics.opengl import GL_BLEND, glIsEnabled

    screen = screen_of(kiosk)
    seen = []
    quad = screen._still_quad
    probe = Callback(lambda _i: seen.append((glIsEnabled(GL_BLEND), glIsEnabled(GL_MULTISAMPLE))))
    quad.insert(quad.indexof(screen._still_rect), probe)
    try:
        Window.dispatch("on_draw")
    finally:
        quad.remove(probe)
    assert seen == [(False, False)], "an opaque picture on whole pixels needs neither blending nor samples"


def test_screens_off_the_window_hold_no_framebuffer(kiosk):
    kiosk.shell.build_screens()  # every screen, not only those the idle frames have built yet
    kiosk.controller.open_providers()
    kiosk.settle()
    for screen in kiosk.shell.manager.screens:
        if screen is screen_of(kiosk):
            assert tuple(screen._still.size) == (round(screen.width), round(screen.height))
        else:
            assert screen._still is None, f"{screen.name} keeps a framebuffer while not shown"


def test_taps_reach_the_widgets_under_the_picture(kiosk, sample_exhibition):
    goal = sample_exhibition.settings.goals[0]
    kiosk.tap(f"goal:{goal.id}")
    assert kiosk.controller.goal == goal.id
    story = kiosk.controller.filtered_stories()[0]
    kiosk.tap(f"story:{story.id}")
    assert (kiosk.controller.screen, kiosk.controller.item) == ("story", story.id)


# -- every kind of change reaches the window --------------------------------------------


def change_label(kiosk):
    from kivy.uix.label import Label

    label = find(screen_of(kiosk), Label, lambda w: len(w.text) > 3)
    label.text = label.text[::-1] + " neu"


def change_picture(kiosk):
    from kivy.graphics.texture import Texture
    from kivy.uix.image import Image

    image = find(screen_of(kiosk), Image, lambda w: w.texture is not None and w.width > 20)
    texture = Texture.create(size=(4, 4), colorfmt="rgb")
    texture.blit_buffer(bytes([200, 30, 120]) * 16, colorfmt="rgb", bufferfmt="ubyte")
    image.texture = texture


def change_lang(kiosk):
    ctl = kiosk.controller
    ctl.set_lang("en" if ctl.lang == "de" else "de")


def change_text_scale(kiosk):
    kiosk.controller.toggle_large_text()


def change_filter(kiosk):
    ctl = kiosk.controller
    ctl.go_home()
    kiosk.settle()
    goals = [g.id for g in ctl.exhibition.settings.goals]
    ctl.toggle_goal(goals[(goals.index(ctl.goal) + 1) % len(goals)] if ctl.goal else goals[0])


def change_size(kiosk):
    from kivy.core.window import Window

    # Not upright: the offscreen surface keeps the height it was made with, so a window taller
    # than 1080 reads back rows that nothing drew.
    sizes = ((1920, 1080), (1280, 800), (1366, 768))
    kiosk.resize(sizes[(sizes.index(tuple(Window.size)) + 1) % len(sizes)])


def change_screen(kiosk):
    ctl = kiosk.controller
    stories = ctl.exhibition.stories
    if ctl.screen == "story":
        ctl.open_providers()
    else:
        ctl.open_story(stories[len(ctl.history) % len(stories)].id)


CHANGES = {"label": change_label, "picture": change_picture, "lang": change_lang,
           "text scale": change_text_scale, "filter": change_filter, "size": change_size,
           "screen": change_screen}


def change_session(kiosk):
    kiosk.controller.reset_session()  # the next visitor: the provider wall is shuffled anew


def hand_over_and_stay(kiosk):
    screen_of(kiosk).hand_over_picture()  # the screen stays in the window: it draws anew


def story_again(kiosk):
    ctl = kiosk.controller
    story = ctl.item if ctl.screen == "story" else ctl.exhibition.stories[0].id
    ctl.go_home()
    kiosk.pump(1)
    ctl.open_story(story)  # the story's fit is known by now


def prepare_ahead(kiosk):
    ctl = kiosk.controller
    ctl.go_home()
    kiosk.settle()
    home = kiosk.shell.manager.get_screen("home")
    assert kiosk.wait_for(lambda: not home.ahead.busy, timeout=60)  # every story and page refilled


SEQUENCE_CHANGES = CHANGES | {"session": change_session, "hand-over": hand_over_and_stay,
                              "story again": story_again, "ahead": prepare_ahead}
"""Changes that may show nothing new by themselves (so not in :data:`CHANGES`), but change
what the cache or the screens keep (the story and page screens, refilled ahead for every
item, and the label textures kept for them)."""


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_each_change_reaches_the_window(kiosk, name):
    kiosk.pump(2)
    before = pixels(kiosk)
    try:
        CHANGES[name](kiosk)
        assert_reaches_window(kiosk, before)
        assert_like_uncached(kiosk)
    finally:
        kiosk.resize((1920, 1080))


def test_a_pressed_card_shows_while_held(kiosk, sample_exhibition):
    from kivy.core.window import Window
    from kivy.tests.common import UnitTestTouch

    kiosk.pump(2)
    before = pixels(kiosk)
    card = kiosk.elements()[f"goal:{sample_exhibition.settings.goals[0].id}"]
    touch = UnitTestTouch(card.x + card.w / 2, Window.height - (card.y + card.h / 2))
    touch.touch_down()
    try:
        kiosk.pump(2)
        assert_reaches_window(kiosk, before)
    finally:
        touch.touch_up()
    assert_reaches_window(kiosk)  # released: the veil is gone and the filter chosen


def test_a_content_swap_reaches_the_window(kiosk, sample_exhibition, tmp_path):
    from sample import make_exhibition

    other = make_exhibition(tmp_path, stories=2, providers=1)
    before = pixels(kiosk)
    try:
        kiosk.controller.set_exhibition(other)
        assert_reaches_window(kiosk, before)
    finally:
        kiosk.controller.set_exhibition(sample_exhibition)
    assert_reaches_window(kiosk)


@settings(max_examples=14, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.sampled_from(sorted(SEQUENCE_CHANGES)), min_size=2, max_size=4), st.booleans())
def test_any_sequence_of_changes_reaches_the_window(kiosk, names, fades):
    """With fades, screens hand their framebuffer to the fade and take the spare, and the
    next change may land while a fade still shows a picture."""
    kiosk.shell.animate = fades
    try:
        for name in names:
            SEQUENCE_CHANGES[name](kiosk)
            kiosk.pump(1)  # a change can land while the previous one is still drawing
        kiosk.settle()  # the last fade ends, before the cuts of the fresh render
        kiosk.shell.animate = False
        assert_reaches_window(kiosk)
        assert_texts_render_fresh(screen_of(kiosk))  # no kept label texture shows other pixels
    finally:
        kiosk.shell.animate = False
        kiosk.reset()
        kiosk.resize((1920, 1080))
