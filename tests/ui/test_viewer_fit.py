"""The full-screen viewer's stage takes the shape of its picture, poster or playing film, as
large as fits between the top bar and the media bar, on the kiosk's background: no black
bars, no crop. The film view paints black only where its picture does not reach."""

from __future__ import annotations

import pytest
from PIL import Image

pytestmark = [pytest.mark.window, pytest.mark.timeout(300)]


def test_letterbox_bars_only_where_the_picture_does_not_reach():
    from kiosk.ui.geometry import fit_rect
    from kiosk.ui.widgets.video import NO_BAR, letterbox_bars

    box = (10, 20), (1600, 900)
    assert letterbox_bars(*box, fit_rect(*box, (1920, 1080))) == (NO_BAR, NO_BAR), "a 16:9 film fills 16:9"
    left, right = letterbox_bars(*box, fit_rect(*box, (1080, 1920)))
    assert left[0] == (10, 20) and right[0][1] == 20 and left[1][1] == right[1][1] == 900
    assert left[1][0] + right[1][0] + 900 * 1080 / 1920 == pytest.approx(1600)
    bottom, top = letterbox_bars(*box, fit_rect(*box, (4, 1)))
    assert bottom[1][0] == top[1][0] == 1600 and bottom[1][1] + top[1][1] == pytest.approx(500)
    assert letterbox_bars(*box, fit_rect(*box, (0, 0))) == (box, NO_BAR), "nothing to show: all black"
    assert letterbox_bars(*box, fit_rect(*box, (1920, 1080), cover=True)) == (NO_BAR, NO_BAR)


def test_the_stage_shape_follows_what_is_shown():
    from kiosk.model.media import VideoInfo
    from kiosk.ui.widgets.gallery import DEFAULT_ASPECT, Gallery

    class Tex:
        def __init__(self, w, h):
            self.size = (w, h)

    info = VideoInfo(2.0, 640, 480)
    assert Gallery.media_aspect(False, (1080, 1920), None, None, None) == 1080 / 1920
    assert Gallery.media_aspect(False, None, Tex(4, 3), None, info) == DEFAULT_ASPECT, "a picture still loading"
    assert Gallery.media_aspect(True, None, Tex(1920, 1080), None, info) == 1920 / 1080, "the poster before the film"
    assert Gallery.media_aspect(True, None, Tex(1920, 1080), Tex(800, 800), info) == 1, "the film once it plays"
    assert Gallery.media_aspect(True, None, None, None, info) == 640 / 480, "the probe without a poster"


def test_the_viewer_slot_is_the_window_and_keeps_the_whole_picture():
    from kiosk.services.imagecache import SLOT_FIT, slot_boxes

    assert SLOT_FIT["viewer"] == "contain"
    assert slot_boxes((1080, 1920))["viewer"] == (1080, 1920)


def test_the_viewer_copies_are_warmed_before_a_visitor_opens_one(real_exhibition):
    from kiosk.services.imagejobs import exhibition_jobs

    warmed = {(source, box, fit) for source, box, fit, _focus in exhibition_jobs(real_exhibition, (1080, 1920))}
    stills = {m.path if m.kind == "image" else m.poster for s in real_exhibition.stories for m in s.media} - {None}
    assert stills and all((still, (1080, 1920), "contain") in warmed for still in stills)


def window_rect(widget):
    """``(x, y_top, w, h)`` of ``widget`` in window pixels, measured from the top left."""
    from kivy.core.window import Window

    x, y = widget.to_window(widget.x, widget.y)
    return x, Window.height - y - widget.height, widget.width, widget.height


def black_outside(viewer, png, room, stage) -> int:
    """Count near-black pixels inside ``room`` but outside ``stage`` (both from
    :func:`window_rect`), a pixel's rounding away from the stage's edge, in ``viewer`` drawn
    into ``png``.

    The viewer is drawn on its own (``export_to_png``): the offscreen window keeps the
    framebuffer it started with, so a window grown upright cannot be read back whole.
    """
    viewer.export_to_png(str(png))
    image = Image.open(png).convert("RGB")
    assert image.size == (round(viewer.width), round(viewer.height))
    vx, vy = window_rect(viewer)[:2]
    rx, ry, rw, rh = (round(v) for v in (room[0] - vx, room[1] - vy, room[2], room[3]))
    sx, sy, sw, sh = stage[0] - vx, stage[1] - vy, stage[2], stage[3]
    count = 0
    for y in range(ry, ry + rh, 2):
        for x in range(rx, rx + rw, 2):
            if sx - 2 <= x <= sx + sw + 2 and sy - 2 <= y <= sy + sh + 2:
                continue
            if max(image.getpixel((x, y))) < 40:
                count += 1
    return count


def open_viewer_on(kiosk, story, medium):
    """Open ``story``, step to ``medium`` and open the viewer; return the viewer."""
    kiosk.controller.open_story(story.id)
    kiosk.settle()
    screen = kiosk.shell.manager.current_screen
    while screen.gallery.current is not medium:
        kiosk.tap("media:next")
    media = kiosk.elements()["media"]
    kiosk.tap_at(media.x + media.w * 0.1, media.y + media.h * 0.15)  # beside the play control
    kiosk.settle()
    assert screen.viewing and screen.viewer.gallery.current is medium
    return screen.viewer


def assert_fits(kiosk, viewer, aspect, what, tmp_path) -> tuple:
    """Assert that the viewer's stage has ``aspect``, fills its room one way, lies between the
    top bar and the media bar, and that no black shows around it; return the stage rect."""
    from kivy.core.window import Window

    gallery = viewer.gallery
    sx, sy, sw, sh = stage = window_rect(gallery.stage)
    room = window_rect(viewer.ids.room)
    assert abs(sw - sh * aspect) <= 1, (what, "the stage has the medium's shape", stage, aspect)
    assert abs(sw - room[2]) <= 1 or abs(sh - room[3]) <= 1, (what, "as large as the room allows", stage, room)
    assert abs((sx + sw / 2) - (room[0] + room[2] / 2)) <= 1 and abs((sy + sh / 2) - (room[1] + room[3] / 2)) <= 1
    assert sx >= 0 and sx + sw <= Window.width, (what, stage)
    assert sy >= kiosk.shell.navbar.height - 1, (what, "below the top bar", stage)
    assert sy + sh <= window_rect(viewer.ids.bar)[1] + 1, (what, "above the media bar", stage)
    assert "viewer:close" in kiosk.elements() and "media:next" in kiosk.elements()
    assert black_outside(viewer, tmp_path / f"{what}.png", room, stage) == 0, (what, "no black beside the picture")
    return stage


def source_aspect(path) -> float:
    with Image.open(path) as image:
        return image.width / image.height


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
@pytest.mark.parametrize("large_text", [False, True])
def test_the_poster_fills_the_viewer_stage_whole(real_kiosk, real_exhibition, size, large_text, tmp_path):
    from kiosk.ui.widgets.video import NO_BAR

    kiosk = real_kiosk
    story, film = next((s, m) for s in real_exhibition.stories for m in s.media if m.kind == "video" and m.poster)
    kiosk.resize(size)
    if large_text:
        kiosk.tap("nav:text")
    try:
        viewer = open_viewer_on(kiosk, story, film)
        video = viewer.gallery.video
        assert kiosk.wait_for(lambda: video.poster_texture is not None, timeout=30), "the poster loads"
        kiosk.settle()
        poster = video.poster_texture
        aspect = poster.width / poster.height
        assert aspect == pytest.approx(source_aspect(film.poster), rel=0.01), "the cache keeps the whole poster"
        u, v = poster.tex_coords[0::2], poster.tex_coords[1::2]
        assert (min(u), max(u), min(v), max(v)) == (0, 1, 0, 1), "the texture is shown whole, uncut"
        stage = assert_fits(kiosk, viewer, aspect, f"poster-{size[0]}x{size[1]}-{large_text}", tmp_path)
        _pos, (pw, ph) = video.poster_rect
        assert (round(pw), round(ph)) == (round(stage[2]), round(stage[3])), "the poster fills the stage"
        assert video.bars == (NO_BAR, NO_BAR), "no black under a poster that fills the stage"
        assert "video:play" in kiosk.elements()
    finally:
        kiosk.tap("viewer:close")
        kiosk.reset()


def test_a_playing_film_and_a_picture_take_their_own_shape(real_kiosk, real_exhibition, tmp_path):
    from kiosk.ui.widgets.video import NO_BAR

    kiosk = real_kiosk
    story, film = next((s, m) for s in real_exhibition.stories for m in s.media if m.kind == "video" and m.poster)
    kiosk.resize((1920, 1080))
    try:
        viewer = open_viewer_on(kiosk, story, film)
        gallery = viewer.gallery
        kiosk.tap("video:play")
        assert kiosk.wait_for(lambda: gallery.video.has_frame, timeout=30), "the film shows a frame"
        gallery.video.pause()
        kiosk.settle()
        frame = gallery.video.frame_texture
        assert_fits(kiosk, viewer, frame.width / frame.height, "film", tmp_path)
        assert gallery.video.bars == (NO_BAR, NO_BAR)
        picture = next(m for m in story.media if m.kind == "image")
        while gallery.current is not picture:
            kiosk.tap("media:next")
        assert kiosk.wait_for(lambda: gallery.picture.texture is not None, timeout=30), "the picture loads"
        kiosk.settle()
        width, height = gallery.picture.texture_size
        assert width / height == pytest.approx(source_aspect(picture.path), rel=0.01), "the whole picture"
        assert_fits(kiosk, viewer, width / height, "picture", tmp_path)
    finally:
        kiosk.tap("viewer:close")
        kiosk.reset()
