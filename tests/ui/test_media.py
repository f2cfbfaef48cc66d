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
