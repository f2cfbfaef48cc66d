"""The media pipeline in the UI: slot-sized textures from the image cache, placeholders for
broken files, equal logo boxes, one video decoder, an attract loop without black frames."""

from __future__ import annotations

import pytest
from PIL import Image

from conftest import SIZES

pytestmark = [pytest.mark.window, pytest.mark.timeout(180)]


def images_on(widget):
    """Every CachedImage under ``widget`` that is on screen."""
    from kiosk.ui.widgets.picture import CachedImage

    return [w for w in widget.walk() if isinstance(w, CachedImage) and w.get_root_window() is not None]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_provider_logo_boxes_are_identical(kiosk, size):
    from kiosk.ui.widgets.tiles import ProviderTile

    kiosk.resize(size)
    kiosk.controller.open_providers()
    kiosk.settle()
    tiles = [w for w in kiosk.shell.manager.current_screen.walk() if isinstance(w, ProviderTile)
             and w.parent is not None]
    assert len(tiles) >= 2
    boxes = {tuple(map(round, t.ids.logo.size)) for t in tiles}
    assert len(boxes) == 1, f"logo boxes differ: {boxes}"
    tops = {round(t.top - t.ids.logo.top) for t in tiles}
    assert len(tops) == 1, f"logos sit at different heights in their tiles: {tops}"
    for tile in tiles:
        assert tile.ids.logo.y >= tile.y and tile.ids.logo.top <= tile.top


def test_story_tile_titles_stay_below_the_picture(kiosk, sample_exhibition):
    from kiosk.ui.widgets.common import ClampTxt
    from kiosk.ui.widgets.tiles import StoryTile

    for size in SIZES:
        kiosk.resize(size)
        for lang in ("de", "en"):
            kiosk.controller.set_lang(lang)
            kiosk.settle()
            tiles = [w for w in kiosk.shell.manager.current_screen.walk() if isinstance(w, StoryTile)
                     and w.parent is not None]
            assert len({round(t.height) for t in tiles}) == 1, "equal tiles"
            for tile in tiles:
                picture = images_on(tile)[0]
                title = next(w for w in tile.walk() if isinstance(w, ClampTxt))
                # Txt draws its text from its top down, as tall as its texture.
                assert title.top <= picture.y + 1, (size, lang, title.text)
                assert title.top - title.texture_size[1] >= tile.y, (size, lang, title.text)


def test_textures_never_exceed_their_slot(kiosk, sample_exhibition, tmp_path):
    """A 4000x3000 phone photo with an EXIF rotation reaches the screen at slot size."""
    from dataclasses import replace

    from kiosk.ui import media
    from kiosk.ui.widgets.picture import CachedImage
    from kiosk.ui.widgets.tiles import StoryTile

    photo = tmp_path / "phone.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6
    Image.new("RGB", (4000, 3000), "#7a5c3e").save(photo, quality=80, exif=exif)
    story = replace(sample_exhibition.stories[0], cover=photo)
    tile = StoryTile(story=story, controller=kiosk.controller, size_hint=(None, None), size=(400, 400))
    gallery_image = CachedImage(slot="media", path=str(photo), size_hint=(None, None), size=(900, 600))
    for widget in (tile, gallery_image):
        kiosk.shell.add_widget(widget)
    try:
        tile_image = images_on(tile)[0]
        assert kiosk.wait_for(lambda: tile_image.texture is not None and gallery_image.texture is not None
                              and media.pending() == 0)
        for image in (tile_image, gallery_image):
            box = media.slot_box(image.slot)
            assert image.texture.width <= box[0] and image.texture.height <= box[1], image.slot
        # EXIF 6 stands the 4000x3000 photo upright: the contain copy is a portrait.
        assert gallery_image.texture.height > gallery_image.texture.width
        for image in images_on(kiosk.shell.manager.current_screen):
            if image.texture is not None:
                box = media.slot_box(image.slot)
                assert image.texture.width <= box[0] and image.texture.height <= box[1], image.path
    finally:
        for widget in (tile, gallery_image):
            kiosk.shell.remove_widget(widget)


def test_broken_image_shows_the_placeholder(kiosk, tmp_path):
    from kiosk.ui import media
    from kiosk.ui.widgets.picture import CachedImage

    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 not a jpeg at all")
    image = CachedImage(slot="media", size=(400, 300))
    kiosk.shell.add_widget(image)
    try:
        image.path = str(broken)
        assert kiosk.wait_for(lambda: image.source != "", timeout=10)
        assert media.is_placeholder(image.source)
        kiosk.pump(2)
        assert image.texture is not None
        image.path = str(tmp_path / "deleted.jpg")
        assert kiosk.wait_for(lambda: media.is_placeholder(image.source) and media.pending() == 0)
    finally:
        kiosk.shell.remove_widget(image)


def make_video(path, size, colour=(200, 160, 90), seconds=2.0):
    """Write a short single-colour H.264 film of ``size`` with ffpyplayer and return its path."""
    from ffpyplayer.pic import Image as FfImage
    from ffpyplayer.writer import MediaWriter

    width, height = size
    writer = MediaWriter(str(path), [dict(pix_fmt_in="rgb24", width_in=width, height_in=height,
                                          codec="libx264", pix_fmt_out="yuv420p", frame_rate=(25, 1))])
    frame = FfImage(plane_buffers=[bytes(colour) * (width * height)], pix_fmt="rgb24", size=size)
    for i in range(int(seconds * 25)):
        writer.write_frame(img=frame, pts=i / 25.0, stream=0)
    writer.close()
    return path


def pixel(shot, x, y_top):
    from PIL import Image as PilImage

    with PilImage.open(shot) as image:
        return image.convert("RGB").getpixel((int(x), int(y_top)))


def test_portrait_video_is_letterboxed_and_one_decoder_only(kiosk, tmp_path):
    from kivy.core.window import Window

    from kiosk.ui.widgets.video import VideoView, live_decoders

    portrait = make_video(tmp_path / "portrait.mp4", (180, 320))
    landscape = make_video(tmp_path / "landscape.mp4", (320, 180), colour=(90, 160, 200))
    first = VideoView(source=str(portrait), cover=True, size_hint=(None, None), size=(640, 360), pos=(0, 0))
    second = VideoView(source=str(landscape), cover=True, size_hint=(None, None), size=(640, 360), pos=(0, 400))
    for view in (first, second):
        kiosk.shell.add_widget(view)
    try:
        first.play()
        assert kiosk.wait_for(lambda: first.has_frame, timeout=20)
        kiosk.pump(2)
        shot = kiosk.screenshot(tmp_path / "portrait.png")
        bottom = Window.height
        # Covering would crop two thirds of the portrait film: it is letterboxed on black.
        assert pixel(shot, 20, bottom - 180) == (0, 0, 0)
        assert sum(pixel(shot, 320, bottom - 180)) > 300
        second.play()
        assert live_decoders() == 1, "starting a second film frees the first"
        assert first.frame_texture is not None, "the freed film keeps its last frame on screen"
        assert kiosk.wait_for(lambda: second.has_frame, timeout=20)
        assert live_decoders() == 1
    finally:
        for view in (first, second):
            view.unload()
            kiosk.shell.remove_widget(view)
    assert live_decoders() == 0


def texture_centre(texture):
    """Return the RGBA of the centre pixel of ``texture``, read back through an Fbo."""
    from kivy.graphics import Fbo, Rectangle

    fbo = Fbo(size=texture.size)
    with fbo:
        Rectangle(texture=texture, size=texture.size)
    fbo.draw()
    width, height = texture.size
    offset = ((height // 2) * width + width // 2) * 4
    return tuple(fbo.pixels[offset:offset + 4])


def test_frame_was_drawn_takes_the_providers_word_for_what_it_painted():
    from types import SimpleNamespace

    from kiosk.ui.widgets.video import frame_was_drawn

    assert not frame_was_drawn(SimpleNamespace(painted=False))
    assert frame_was_drawn(SimpleNamespace(painted=True))
    assert frame_was_drawn(object()), "another provider is trusted"


def test_first_frame_shown_is_the_film_not_an_empty_texture(kiosk, tmp_path):
    from kiosk.ui.widgets.video import VideoView

    film = make_video(tmp_path / "film.mp4", (320, 180), colour=(200, 160, 90))
    first_pictures = []
    for _ in range(6):
        view = VideoView(source=str(film), size_hint=(None, None), size=(320, 180))
        view.bind(has_frame=lambda v, shown: shown and first_pictures.append(texture_centre(v.frame_texture)))
        kiosk.shell.add_widget(view)
        try:
            view.play()
            assert kiosk.wait_for(lambda: view.has_frame, timeout=20)
        finally:
            view.unload()
            kiosk.shell.remove_widget(view)
    # The first texture each time holds the film's colour; an unpainted one reads as zeros.
    assert all(sum(rgba[:3]) > 300 for rgba in first_pictures), first_pictures


def test_story_video_and_attract_video_share_one_decoder(real_kiosk, real_exhibition):
    from kiosk.ui.widgets.video import live_decoders

    story = next((s for s in real_exhibition.stories if any(m.kind == "video" for m in s.media)), None)
    video_items = [i for i, item in enumerate(real_exhibition.attract) if item.kind == "video"]
    if story is None or not video_items:
        pytest.skip("content/ has no story video or no attract video")
    kiosk = real_kiosk
    kiosk.controller.open_story(story.id)
    kiosk.settle()
    gallery = kiosk.shell.manager.current_screen.gallery
    while not gallery.is_video:
        gallery.step(1)
    gallery.toggle_video()
    assert kiosk.wait_for(lambda: gallery.video.has_frame, timeout=20)
    assert live_decoders() == 1
    kiosk.controller.enter_attract()
    layer = kiosk.shell.attract_layer
    kiosk.wait_for(lambda: layer.running)
    counts = []
    while int(layer.index) != video_items[0]:
        layer.advance()
        kiosk.pump(1)
        counts.append(live_decoders())
    film = str(real_exhibition.attract[video_items[0]].path)
    video = next(slide.video for slide in layer.slides if slide.video.source == film)
    assert kiosk.wait_for(lambda: video.has_frame, timeout=20)
    counts.append(live_decoders())
    assert max(counts) <= 1, counts
    kiosk.controller.leave_attract()
    kiosk.settle()
    assert live_decoders() == 0


class StubController:
    """Just what the attract loop asks of the controller."""

    lang = "de"

    def __init__(self, exhibition, profile: str = "mini-pc") -> None:
        from kiosk.model.videoprofile import PROFILES

        self.exhibition = exhibition
        self.cycles = 0
        self.video_profile = PROFILES[profile]

    def note_attract_cycle(self, still_in: float = 0.0) -> None:
        self.cycles += 1

    def can_play(self, item) -> bool:
        from kiosk.model.videoprofile import plays_on

        return plays_on(self.video_profile, item)


def standalone_loop(kiosk, exhibition, animate: bool, profile: str = "mini-pc"):
    from kiosk.ui.screens.attract import AttractScreen

    layer = AttractScreen(controller=StubController(exhibition, profile))
    layer.animate = animate
    kiosk.shell.add_widget(layer)
    return layer


def test_a_film_left_before_its_first_frame_does_not_show_the_next_one_twice(kiosk, sample_exhibition, tmp_path):
    """Moved on before its film's first frame, a slide gets the next film with one watch on
    its frames, not two: two faded it in twice and left a timer nothing cancels, which cut a
    later item short."""
    from dataclasses import replace

    from kivy.clock import Clock

    from kiosk.model.types import AttractItem

    films = [make_video(tmp_path / f"film{n}.mp4", (320, 180)) for n in range(2)]
    items = tuple(AttractItem("video", film, 50.0) for film in films)
    layer = standalone_loop(kiosk, replace(sample_exhibition, attract=items), animate=False)
    shown = []
    fade_in = layer._fade_in
    layer._fade_in = lambda slide, item: (shown.append(item.path), fade_in(slide, item))
    try:
        layer.start()  # the first film opens on the back slide ...
        layer.advance()  # ... and the loop moves on before its first frame, to the same slide
        assert kiosk.wait_for(lambda: shown, timeout=20)
        kiosk.pump(5)
        assert shown == [films[1]], "the second film fades in once"
        timers = [e for e in Clock.get_events() if e.get_callback() == layer.advance]
        assert len(timers) == 1
    finally:
        layer.stop()
        kiosk.shell.remove_widget(layer)


def test_attract_skips_a_video_deleted_at_run_time(kiosk, sample_exhibition, tmp_path):
    from dataclasses import replace

    from kiosk.model.types import AttractItem
    from kiosk.ui.widgets.video import live_decoders

    gone = make_video(tmp_path / "gone.mp4", (320, 180))
    items = (sample_exhibition.attract[0], AttractItem("video", gone, None), sample_exhibition.attract[1])
    layer = standalone_loop(kiosk, replace(sample_exhibition, attract=items), animate=False)
    try:
        layer.start()
        assert kiosk.wait_for(lambda: int(layer.index) == 0 and layer.slides[layer._front].opacity == 1)
        gone.unlink()
        layer.advance()
        assert kiosk.wait_for(lambda: int(layer.index) == 2, timeout=5), "the missing film is skipped"
        front = layer.slides[layer._front]
        assert front.opacity == 1 and front.picture.texture is not None
        assert live_decoders() == 0
    finally:
        layer.stop()
        kiosk.shell.remove_widget(layer)


def test_attract_plays_a_film_again_on_a_slide_that_still_holds_its_last_frame(kiosk, sample_exhibition,
                                                                                tmp_path, monkeypatch):
    from dataclasses import replace

    from kiosk.model.types import AttractItem
    from kiosk.ui.screens import attract

    monkeypatch.setattr(attract, "FIRST_FRAME_TIMEOUT_S", 600.0)  # a stuck film must not be skipped here
    film = make_video(tmp_path / "film.mp4", (320, 180), seconds=0.6)
    # The image in between is shorter than the fade: its slide change comes before the film's
    # slide is forgotten, so that slide still holds the film's last frame when it comes round.
    items = (AttractItem("video", film, None), AttractItem("image", sample_exhibition.attract[0].path, 0.01))
    media_path = sample_exhibition.attract[0].path
    from kiosk.ui import media
    media.image_cache().get(media_path, media.slot_box("fullscreen"), fit="cover")
    layer = standalone_loop(kiosk, replace(sample_exhibition, attract=items), animate=False)
    try:
        layer.start()
        assert kiosk.wait_for(lambda: layer.controller.cycles >= 2, timeout=60), (
            "the loop hangs on the film's second showing")
    finally:
        layer.stop()
        kiosk.shell.remove_widget(layer)


def test_attract_skips_a_film_above_the_hardware_profile(kiosk, sample_exhibition, tmp_path):
    from dataclasses import replace

    from kiosk.model.media import probe_video
    from kiosk.model.types import AttractItem
    from kiosk.ui.widgets.video import live_decoders

    film = make_video(tmp_path / "wide.mp4", (320, 180))
    too_fast = replace(probe_video(film), fps=60.0)  # the Pi profile plays at most 30 frames per second
    items = (sample_exhibition.attract[0], AttractItem("video", film, None, video=too_fast), sample_exhibition.attract[1])
    layer = standalone_loop(kiosk, replace(sample_exhibition, attract=items), False, "raspberry-pi")
    try:
        layer.start()
        assert kiosk.wait_for(lambda: int(layer.index) == 0 and layer.slides[layer._front].opacity == 1)
        layer.advance()
        assert kiosk.wait_for(lambda: int(layer.index) == 2, timeout=5), "the film is skipped"
        assert all(slide.video.source != str(film) for slide in layer.slides) and live_decoders() == 0
    finally:
        layer.stop()
        kiosk.shell.remove_widget(layer)
    layer = standalone_loop(kiosk, replace(sample_exhibition, attract=items), False, "mini-pc")
    try:
        layer.start()
        assert kiosk.wait_for(lambda: int(layer.index) == 0 and layer.slides[layer._front].opacity == 1)
        layer.advance()
        assert kiosk.wait_for(lambda: any(slide.video.source == str(film) for slide in layer.slides), timeout=5), \
            "the mini-PC plays it"
    finally:
        layer.stop()
        kiosk.shell.remove_widget(layer)


def test_gallery_shows_the_poster_of_a_film_above_the_hardware_profile(kiosk, sample_exhibition, tmp_path):
    from dataclasses import replace

    from kiosk.model.media import probe_video
    from kiosk.model.types import Medium
    from kiosk.model.videoprofile import PROFILES
    from kiosk.ui.widgets.gallery import Gallery
    from kiosk.ui.widgets.video import live_decoders

    film = make_video(tmp_path / "film.mp4", (320, 180))
    poster = tmp_path / "poster.jpg"
    Image.new("RGB", (320, 180), (40, 90, 160)).save(poster)
    hevc = Medium("video", film, None, poster, replace(probe_video(film), codec="hevc"))
    controller = kiosk.controller
    for profile in ("raspberry-pi", "mini-pc"):
        controller.video_profile = PROFILES[profile]
        gallery = Gallery(controller=controller, size_hint=(None, None), size=(640, 400))
        kiosk.shell.add_widget(gallery)
        try:
            gallery.show_media([hevc], "story-x")
            if profile == "raspberry-pi":
                assert not gallery.is_video and gallery.still == str(poster)
                gallery.tap_stage()
                kiosk.pump(3)
                assert live_decoders() == 0 and gallery.video.source == "", "no decoder for a film the Pi can't play"
            else:
                assert gallery.is_video and gallery.still == "" and gallery.video.source == str(film)
        finally:
            gallery.stop()
            controller.video_profile = PROFILES["mini-pc"]
            kiosk.shell.remove_widget(gallery)


def test_attract_never_shows_black_between_items(kiosk, sample_exhibition, tmp_path):
    """Sample every frame through image, film and image cross-fades: never (nearly) black."""
    import time
    from dataclasses import replace

    from kivy.clock import Clock
    from kivy.core.window import Window
    from kivy.graphics.opengl import GL_RGB, GL_UNSIGNED_BYTE, glReadPixels

    from kiosk.model.types import AttractItem
    from kiosk.ui import media

    film = make_video(tmp_path / "film.mp4", (320, 180), colour=(90, 160, 200), seconds=1.5)
    items = (AttractItem("image", sample_exhibition.attract[0].path, 1.0),
             AttractItem("video", film, None),
             AttractItem("image", sample_exhibition.attract[1].path, 1.0))
    kiosk.resize((640, 360))
    for item in items[::2]:  # as the start-up prewarm would have done
        media.image_cache().get(item.path, media.slot_box("fullscreen"), fit="cover")
    layer = standalone_loop(kiosk, replace(sample_exhibition, attract=items), animate=True)
    # Kivy's clock runs at a quarter speed: on a loaded machine a frame can take 100 ms, and a
    # 300 ms fade must still be seen in several frames. The film plays in real time regardless.
    real_time = Clock.time
    origin = real_time()
    Clock.time = lambda: origin + (real_time() - origin) / 4
    try:
        layer.start()
        means, seen = [], []
        end = time.monotonic() + 90
        while time.monotonic() < end:
            kiosk.pump(1)
            if not seen or seen[-1] != int(layer.index):
                seen.append(int(layer.index))
            if not means and layer.slides[layer._front].opacity < 0.99:
                continue  # the loop's own first fade-in from black is not between two items
            # One row across the upper half: the picture alone (the prompt sits lower down).
            row = glReadPixels(0, Window.height * 3 // 4, Window.width, 1, GL_RGB, GL_UNSIGNED_BYTE)
            means.append(sum(row) / len(row))
            if seen[-1] == 2 and layer.slides[layer._front].opacity > 0.99:
                break
        assert seen == [0, 1, 2], f"the loop did not pass every item in order: {seen}"
        assert len(means) > 30, "too few frames sampled to see a cross-fade"
        assert min(means) > 40, f"a dark frame between items: min brightness {min(means):.0f}"
    finally:
        Clock.time = real_time
        layer.stop()
        kiosk.shell.remove_widget(layer)
        kiosk.resize((1920, 1080))


def test_gallery_counter_never_splits_across_lines(kiosk, sample_exhibition):
    """However a caption wraps, "1 / 2" stays on one line (it once broke after the slash)."""
    import re

    from kivy.core.text import Label as CoreLabel

    from kiosk.ui.widgets.gallery import Gallery

    story = next(s for s in sample_exhibition.stories if len(s.media) > 1)
    kiosk.controller.open_story(story.id)
    kiosk.settle()
    gallery = next(w for w in kiosk.shell.manager.current_screen.walk() if isinstance(w, Gallery))
    text = gallery.caption_text
    assert re.search(r"1\s/\s%d$" % len(story.media), text), text
    # Every width from one that just holds the counter to the whole caption on one line puts the
    # wrap somewhere else; for some of them, an ordinary space would break inside the counter.
    counter_width = CoreLabel(font_name="Inter", font_size=28).get_extents("10 / 10")[0]
    for width in range(counter_width, 1200, 4):
        label = CoreLabel(text=text, font_name="Inter", font_size=28, text_size=(width, None))
        label.refresh()
        lines = ["".join(word.text for word in line.words) for line in label._cached_lines]
        assert any(re.search(r"\d+\s/\s\d+", line) for line in lines), f"at {width} px: {lines}"
