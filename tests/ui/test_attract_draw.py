"""The attract loop draws the minimum: a still slide is a few quads at most the window's size,
nothing under the loop is in the draw tree, the Ken Burns drift moves texture coordinates
(not a larger texture), and the baked text is drawn again only when it changes."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from test_attract_poster import HOLD_S, advance_to, show_items

from kiosk.model.types import AttractItem
from kiosk.ui.widgets.poster import ken_burns_coords

pytestmark = [pytest.mark.window, pytest.mark.timeout(180)]

MAX_QUADS = 6
"""A still slide: the picture, the baked gradient and text, the prompt's halo, pill and words,
and one to spare. The home screen alone has dozens."""


def draw_tree(instruction, found=None) -> list:
    """Return every instruction the window draws under ``instruction``, depth first."""
    found = [] if found is None else found
    found.append(instruction)
    for child in getattr(instruction, "children", None) or []:
        draw_tree(child, found)
    return found


def quads(instructions) -> list:
    """The instructions among ``instructions`` that fill pixels (rectangles, meshes, lines)."""
    from kivy.graphics.instructions import VertexInstruction

    return [i for i in instructions if isinstance(i, VertexInstruction)]


KIVY_BLENDING = [770, 771, 1, 1]
"""Kivy's blending for the window: colour (SRC_ALPHA, ONE_MINUS_SRC_ALPHA), alpha (ONE, ONE)."""


def blending() -> list[int]:
    """The current blend factors: colour source and destination, then alpha's."""
    from kivy.graphics.opengl import glGetIntegerv

    # GL_BLEND_SRC_RGB, GL_BLEND_DST_RGB, GL_BLEND_SRC_ALPHA, GL_BLEND_DST_ALPHA
    return [glGetIntegerv(name)[0] for name in (0x80C9, 0x80C8, 0x80CB, 0x80CA)]


def story_loop(kiosk, sample_exhibition, monkeypatch):
    """Show a loop of a plain picture, then a story's slide (on screen when this returns);
    return that story."""
    story = sample_exhibition.stories[1]
    items = [AttractItem(kind="image", path=sample_exhibition.stories[0].cover, duration=HOLD_S),
             AttractItem(kind="image", path=story.cover, duration=HOLD_S, story=story)]
    show_items(kiosk, monkeypatch, items)
    advance_to(kiosk, 1)
    kiosk.settle()
    return story


def front_slide(kiosk):
    layer = kiosk.shell.attract_layer
    return layer.slides[layer._front]


def test_ken_burns_coords_cut_zoom_and_pan():
    assert ken_burns_coords((1920, 1080), (1920, 1080), 1.0, (0, 0)) == (0, 0, 1, 0, 1, 1, 0, 1)
    # Twice the zoom shows the middle half; a pan to +1 puts the picture's left edge at the box's.
    assert ken_burns_coords((100, 100), (100, 100), 2.0, (0, 0)) == (0.25, 0.25, 0.75, 0.25, 0.75, 0.75, 0.25, 0.75)
    assert ken_burns_coords((100, 100), (100, 100), 2.0, (1, -1))[:2] == (0.0, 0.5)
    # A square picture in a wide box: its full width, the middle of its height, never stretched.
    u0, v0, u1, _v, _u, v1, *_ = ken_burns_coords((100, 100), (200, 100), 1.0, (0, 0))
    assert (u0, u1, v0, v1) == (0, 1, 0.25, 0.75)


def test_a_still_slide_draws_a_few_quads_and_nothing_underneath(kiosk, sample_exhibition, monkeypatch):
    from kivy.core.window import Window

    from kiosk.ui import media

    shell = kiosk.shell
    home_before = len(quads(draw_tree(shell.manager.canvas)))
    story = story_loop(kiosk, sample_exhibition, monkeypatch)
    layer = shell.attract_layer
    assert layer.covering
    drawn = draw_tree(Window.canvas)
    ids = {id(i) for i in drawn}
    assert id(shell.manager.canvas) not in ids and id(shell.navbar.canvas) not in ids, "the home screen is not drawn"
    filled = quads(drawn)
    assert len(filled) <= MAX_QUADS < home_before, [(type(i).__name__, tuple(getattr(i, "size", ())))
                                                    for i in filled]
    textures = {id(i.texture) for i in filled if i.texture is not None}
    assert len(textures) <= MAX_QUADS
    window = tuple(Window.size)
    assert all(i.size[0] <= window[0] and i.size[1] <= window[1] for i in filled if hasattr(i, "size"))
    picture = front_slide(kiosk).picture
    assert media.slot_box("fullscreen") == window, "the loop asks the image cache for the window's size"
    assert picture.texture.width <= window[0] and picture.texture.height <= window[1], "never larger"
    # The first touch brings the screens back, correct: the story opens, drawn in the tree.
    kiosk.tap(f"story:{story.id}")
    assert kiosk.shell.manager.current == "story" and not layer.covering
    drawn = {id(i) for i in draw_tree(Window.canvas)}
    assert id(shell.manager.canvas) in drawn and id(shell.navbar.canvas) in drawn
    assert id(shell.manager.current_screen.canvas) in drawn
    kiosk.tap("nav:home")
    assert "attract" not in kiosk.elements() and any(e.startswith("story:") for e in kiosk.elements())


def test_a_picture_of_the_content_is_exactly_the_window(real_kiosk, real_exhibition, monkeypatch):
    from kivy.core.window import Window

    story = real_exhibition.stories[0]
    show_items(real_kiosk, monkeypatch, [AttractItem("image", story.cover, HOLD_S, story)])
    try:
        assert tuple(front_slide(real_kiosk).picture.texture.size) == tuple(Window.size)
    finally:
        real_kiosk.reset()


def test_each_text_is_baked_where_its_label_is(real_kiosk, real_exhibition, tmp_path):
    """The baked texture shows every text at its label's place, as laid out for this slide:
    the first story slide as ``kiosk snapshot`` shows it, straight after the loop moved on."""
    from kivy.core.window import Window
    from PIL import Image
    from test_attract_poster import text_rect, texts_of

    from kiosk.services.imagejobs import exhibition_jobs
    from kiosk.ui import media
    from kiosk.ui.launch import save_screenshot, show_first_story_slide

    media.image_cache().warm(exhibition_jobs(real_exhibition, tuple(Window.size)))
    real_kiosk.controller.enter_attract()
    real_kiosk.settle()
    try:
        assert show_first_story_slide(real_kiosk.shell, real_exhibition)
        labels = list(texts_of(front_slide(real_kiosk)))
        assert len(labels) == 3
        shot = save_screenshot(tmp_path / "slide.png")
        with Image.open(shot) as image:
            for label in labels:
                # White text over the dark gradient: its box holds white pixels, the gradient
                # alone never gets near them.
                box = text_rect(label, Window.height)
                brightest = image.crop(box).convert("L").getextrema()[1]
                assert brightest > 200, (label.text, box, brightest)
    finally:
        real_kiosk.reset()


def test_ken_burns_moves_texture_coordinates_not_the_texture(kiosk, sample_exhibition, monkeypatch):
    from kivy.core.window import Window

    story_loop(kiosk, sample_exhibition, monkeypatch)
    picture = front_slide(kiosk).picture
    texture, quad = picture.texture, picture._rect
    start = tuple(quad.tex_coords)
    picture.zoom, picture.pan = 1.1, [0.5, -0.2]  # where the drift's animation gets to
    kiosk.pump(1)
    assert picture.texture is texture and quad.texture is texture
    assert tuple(quad.size) == tuple(Window.size) and tuple(quad.pos) == (0, 0), "the quad stays the window"
    assert tuple(quad.tex_coords) != start
    u0, v0, u1, _v, _u, v1, *_ = quad.tex_coords
    assert abs(u1 - u0) == pytest.approx(1 / 1.1) and abs(v1 - v0) == pytest.approx(1 / 1.1)


def test_the_drift_animates_without_baking_again(kiosk, sample_exhibition, monkeypatch):
    story_loop(kiosk, sample_exhibition, monkeypatch)
    slide = front_slide(kiosk)
    baked = slide.poster.bakes
    kiosk.shell.animate = True
    try:
        kiosk.controller.attract_story = ""  # let the loop set it again with its animation
        kiosk.shell.attract_layer._fade_in(slide, kiosk.shell.attract_layer._items[1])
        zoom = slide.picture.zoom
        kiosk.pump(20)
        assert slide.picture.zoom != zoom, "the picture drifts"
        assert slide.poster.bakes == baked, "the text is not drawn again while nothing on it changes"
        from kivy.clock import Clock

        layer = kiosk.shell.attract_layer
        timers = [e for e in Clock.get_events() if e.get_callback() == layer.advance]
        assert len(timers) == 1, "the slide shown again leaves one timer, not a second one nothing cancels"
    finally:
        kiosk.shell.animate = False
        kiosk.reset()


def test_the_baked_text_follows_language_text_size_and_window(kiosk, sample_exhibition, monkeypatch):
    story = story_loop(kiosk, sample_exhibition, monkeypatch)
    slide = front_slide(kiosk)
    poster = slide.poster

    def pixels() -> bytes:
        return poster._fbo.texture.pixels

    baked, before = poster.bakes, pixels()
    kiosk.pump(5)
    assert poster.bakes == baked, "not on every frame"
    kiosk.controller.lang = "en"
    kiosk.pump(2)
    assert blending() == KIVY_BLENDING, "baking leaves the window's blending as Kivy set it up"
    assert slide.title == story.title.get("en")
    # A few passes while the texts and then their layout settle, never one per frame.
    assert baked < poster.bakes <= baked + 6 and pixels() != before, "the English text is drawn"
    baked, before = poster.bakes, pixels()
    kiosk.controller.large_text = True
    try:
        kiosk.pump(2)
        assert poster.bakes > baked and pixels() != before, "the larger text is drawn"
    finally:
        kiosk.controller.large_text = False
        kiosk.controller.lang = "de"
    kiosk.pump(2)
    baked = poster.bakes
    kiosk.resize((1280, 800))
    try:
        kiosk.pump(2)
        assert poster.bakes > baked and tuple(poster._fbo.size) == (1280, 800)
    finally:
        kiosk.resize((1920, 1080))
    kiosk.reset()


def test_pictures_are_decoded_off_the_ui_thread(kiosk, sample_exhibition, monkeypatch):
    from kiosk.ui.widgets import poster

    threads = []
    read = poster._read

    def recording_read(path):
        threads.append(threading.current_thread())
        return read(path)

    monkeypatch.setattr(poster, "_read", recording_read)
    story_loop(kiosk, sample_exhibition, monkeypatch)
    assert threads and threading.main_thread() not in threads
    kiosk.reset()


def test_underneath_puts_back_what_it_took_in_order_without_removed_children(window):
    from kivy.graphics import Color
    from kivy.uix.widget import Widget

    from kiosk.ui.underneath import Underneath

    parent, below, removed, layer, above = Widget(), Widget(), Widget(), Widget(), Widget()
    with parent.canvas.before:
        ground = Color(1, 1, 1, 1)
    for child in (below, removed, layer, above):
        parent.add_widget(child)
    original = list(parent.canvas.children)
    underneath = Underneath(layer)
    underneath.hide()
    assert underneath.hidden
    assert parent.canvas.children == [layer.canvas, above.canvas]
    parent.remove_widget(removed)  # the parent may change its children meanwhile
    underneath.show()
    assert not underneath.hidden
    assert [c for c in parent.canvas.children if c is not parent.canvas.after] == \
        [c for c in original if c is not removed.canvas]
    assert ground in parent.canvas.before.children


def test_the_black_ground_covers_when_opaque_and_blends_while_fading(kiosk):
    """Drawn without blending (no read-back of the window) while the loop is opaque, the black
    ground still looks exactly black; fading over a screen it lets the screen show through,
    and it leaves Kivy's blending as it found it."""
    from kivy.core.window import Window
    from kivy.graphics.opengl import GL_BLEND, glIsEnabled
    from test_transitions import pixels

    point = (Window.height // 2, Window.width // 4)
    layer = kiosk.shell.attract_layer
    kiosk.settle()
    screen = pixels()[point]  # what the loop fades over
    kiosk.controller.enter_attract()
    kiosk.settle()
    layer.stop()  # no slide in the loop: only the black ground shows
    kiosk.pump(3)
    try:
        assert layer._black_shown
        assert pixels()[point].max() <= 1, "opaque: black wherever no slide covers"
        layer.opacity = 0.5
        kiosk.pump(3)
        below = pixels()[point]
        assert np.allclose(below, screen * 0.5, atol=3), (below, screen)
        assert glIsEnabled(GL_BLEND) and blending() == KIVY_BLENDING
        layer.opacity = 1
        kiosk.pump(3)
        assert pixels()[point].max() <= 1
        assert glIsEnabled(GL_BLEND) and blending() == KIVY_BLENDING
    finally:
        layer.opacity = 1
        kiosk.controller.leave_attract()
        kiosk.settle()
