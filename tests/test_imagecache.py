"""The image cache: rotation, scaling, formats, keys, broken inputs, atomic writes, warming, pruning."""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PIL import Image, ImageCms, ImageOps

from kiosk.services import imagecache
from kiosk.services.imagecache import SLOT_FIT, ImageCache, WarmResult, slot_boxes

RED, BLUE = (220, 30, 30), (30, 30, 220)
COVER = (560, 315)


def close(colour, expected, tolerance=40) -> bool:
    """JPEG shifts colours a little; a swapped colour is off by ~190."""
    return all(abs(a - b) <= tolerance for a, b in zip(colour[:3], expected))


def jpeg(path: Path, size=(400, 200), colour=RED, orientation: int | None = None, **save) -> Path:
    image = Image.new("RGB", size, colour)
    if orientation is not None:
        exif = Image.Exif()
        exif[0x0112] = orientation
        save["exif"] = exif.tobytes()
    image.save(path, "JPEG", quality=92, **save)
    return path


def half_and_half(path: Path, orientation: int | None = None) -> Path:
    """400x200: left half red, right half blue, as stored (before EXIF rotation)."""
    image = Image.new("RGB", (400, 200), RED)
    image.paste(BLUE, (200, 0, 400, 200))
    save = {}
    if orientation is not None:
        exif = Image.Exif()
        exif[0x0112] = orientation
        save["exif"] = exif.tobytes()
    image.save(path, "JPEG", quality=95, **save)
    return path


@pytest.fixture
def cache(tmp_path: Path) -> ImageCache:
    return ImageCache(tmp_path / "cache")


@pytest.fixture(scope="module")
def photo_24mp(tmp_path_factory) -> Path:
    """A 6000x4000 JPEG, made once for the module (about a second)."""
    path = tmp_path_factory.mktemp("photos") / "big.jpg"
    small = Image.linear_gradient("L").resize((600, 400)).convert("RGB")
    small.resize((6000, 4000), Image.Resampling.BILINEAR).save(path, "JPEG", quality=80)
    return path


# -- rotation, scaling, formats ---------------------------------------------------------

def test_exif_orientation_6_is_applied_with_colours_where_a_viewer_shows_them(tmp_path, cache):
    src = half_and_half(tmp_path / "rotated.jpg", orientation=6)
    with Image.open(cache.get(src, (1000, 1000))) as out:
        assert out.size == (200, 400)
        # Orientation 6 means "rotate 90 degrees clockwise to view": the left (red) half
        # ends up on top, the right (blue) half at the bottom.
        assert close(out.getpixel((100, 50)), RED)
        assert close(out.getpixel((100, 350)), BLUE)
        assert not out.getexif().get(0x0112)  # no second rotation by the viewer


QUADRANTS = [(220, 30, 30), (30, 200, 30), (30, 30, 220), (230, 230, 40)]


@pytest.mark.parametrize("orientation", range(1, 9))
@pytest.mark.parametrize("fit", ["contain", "cover"])
def test_every_orientation_matches_exif_transpose(tmp_path, cache, orientation, fit):
    image = Image.new("RGB", (300, 200))
    for i, colour in enumerate(QUADRANTS):  # four colours: every flip and turn is visible
        image.paste(colour, ((i % 2) * 150, (i // 2) * 100, (i % 2 + 1) * 150, (i // 2 + 1) * 100))
    exif = Image.Exif()
    exif[0x0112] = orientation
    src = tmp_path / f"o{orientation}.jpg"
    image.save(src, "JPEG", quality=95, exif=exif.tobytes())
    with Image.open(src) as original:
        expected = ImageOps.exif_transpose(original)
    box = (expected.width // 2, expected.height // 2)
    with Image.open(cache.get(src, box, fit=fit)) as out:
        assert out.size == box
        for fx, fy in ((0.2, 0.2), (0.8, 0.2), (0.2, 0.8), (0.8, 0.8)):
            want = expected.getpixel((int(fx * expected.width), int(fy * expected.height)))
            assert close(out.getpixel((int(fx * out.width), int(fy * out.height))), want)


def test_orientation_applies_before_fitting_the_box(tmp_path, cache):
    src = half_and_half(tmp_path / "rotated.jpg", orientation=6)
    with Image.open(cache.get(src, (100, 100))) as out:
        assert out.size == (50, 100)  # fitted upright, not 100x50 then rotated


def test_a_24mp_jpeg_fits_the_box_exactly_keeping_its_aspect(photo_24mp, cache):
    with Image.open(cache.get(photo_24mp, COVER)) as out:
        assert out.size == (473, 315)
        assert out.format == "JPEG" and out.mode == "RGB"


def test_draft_decodes_a_big_jpeg_at_reduced_scale(photo_24mp, cache, monkeypatch):
    decoded = []
    real_load = imagecache.render.JpegImagePlugin.JpegImageFile.load

    def spy(self):
        result = real_load(self)
        decoded.append(self.size)
        return result

    monkeypatch.setattr(imagecache.render.JpegImagePlugin.JpegImageFile, "load", spy)
    cache.get(photo_24mp, COVER)
    assert decoded and decoded[0] == (750, 500)  # 1/8 scale, still larger than 473x315


def test_cover_fit_fills_the_box_and_crops_the_centre(tmp_path, cache):
    src = tmp_path / "wide.jpg"
    image = Image.new("RGB", (3000, 1000), RED)
    image.paste(BLUE, (1000, 0, 2000, 1000))  # only the middle third is blue
    image.save(src, "JPEG", quality=95)
    with Image.open(cache.get(src, (300, 300), fit="cover")) as out:
        assert out.size == (300, 300)
        assert close(out.getpixel((150, 150)), BLUE)
        assert close(out.getpixel((5, 150)), BLUE)


def corner_subject(path: Path, orientation: int | None = None) -> Path:
    """A 1600x900 picture, upright as a viewer shows it: grey, with a blue subject in its
    top-right corner (the right 20 % of the top 40 %); stored turned for ``orientation``, with
    the tag that turns it back."""
    upright = Image.new("RGB", (1600, 900), (128, 128, 128))
    upright.paste(BLUE, (1280, 0, 1600, 360))
    stored = upright
    if orientation is not None:
        # The inverse of what the tag asks a viewer to do (5 and 7 are their own inverse).
        undo = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
                4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
                6: Image.Transpose.ROTATE_90, 7: Image.Transpose.TRANSVERSE,
                8: Image.Transpose.ROTATE_270}
        stored = upright.transpose(undo[orientation]) if orientation in undo else upright
    exif = Image.Exif()
    exif[0x0112] = orientation or 1
    stored.save(path, "JPEG", quality=95, exif=exif.tobytes())
    return path


def blue_share(path: Path) -> float:
    """Share of the picture's pixels that are the subject's blue."""
    with Image.open(path) as out:
        data = out.convert("RGB").tobytes()
    pixels = list(zip(data[0::3], data[1::3], data[2::3]))
    return sum(close(p, BLUE) for p in pixels) / len(pixels)


def test_a_cover_crop_keeps_a_subject_in_the_corner_around_its_focus(tmp_path, cache):
    src = corner_subject(tmp_path / "corner.jpg")
    # A square tile of a 16:9 picture: the middle cut loses the subject entirely.
    assert blue_share(cache.get(src, (300, 300), fit="cover")) == 0
    focused = cache.get(src, (300, 300), fit="cover", focus=(0.9, 0.2))
    # The cut reaches the right edge and the subject is its top-right part: 320x360 of 900x900.
    assert blue_share(focused) == pytest.approx(320 * 360 / (900 * 900), abs=0.02)
    with Image.open(focused) as out:
        assert out.size == (300, 300)
        assert close(out.getpixel((295, 5)), BLUE)
        assert close(out.getpixel((5, 295)), (128, 128, 128))


@pytest.mark.parametrize("orientation", range(1, 9))
def test_the_focus_is_read_on_the_upright_picture_whatever_the_exif_turn(tmp_path, cache, orientation):
    src = corner_subject(tmp_path / f"corner{orientation}.jpg", orientation)
    with Image.open(cache.get(src, (300, 300), fit="cover", focus=(0.9, 0.2))) as out:
        assert out.size == (300, 300)
        assert close(out.getpixel((295, 5)), BLUE), orientation
        assert close(out.getpixel((5, 295)), (128, 128, 128)), orientation


def test_the_focus_is_part_of_a_cover_key_but_not_of_a_contain_one(tmp_path, cache):
    src = corner_subject(tmp_path / "corner.jpg")
    centre = cache.get(src, (300, 300), fit="cover")
    assert cache.get(src, (300, 300), fit="cover", focus=(0.5, 0.5)) == centre
    corner = cache.get(src, (300, 300), fit="cover", focus=(0.9, 0.2))
    assert corner != centre
    assert cache.cached(src, (300, 300), fit="cover", focus=(0.9, 0.2)) == corner
    assert cache.cached(src, (300, 300), fit="cover", focus=(0.1, 0.2)) is None
    # A contain copy shows the whole picture: one entry for every focus.
    assert cache.get(src, (300, 300), focus=(0.9, 0.2)) == cache.get(src, (300, 300))


def test_warming_builds_the_focused_cover_a_tile_asks_for(tmp_path, cache):
    src = corner_subject(tmp_path / "corner.jpg")
    result = cache.warm([(src, (300, 300), "cover", (0.9, 0.2)), (src, (300, 300), "cover")])
    assert result.built == 2
    assert blue_share(cache.cached(src, (300, 300), fit="cover", focus=(0.9, 0.2))) > 0.1


@pytest.mark.parametrize("focus", [(1.2, 0.5), (-0.1, 0.5), ("left", 0.5), (0.5,)])
def test_a_bad_focus_gives_the_placeholder_never_an_exception(tmp_path, cache, focus):
    src = corner_subject(tmp_path / "corner.jpg")
    assert cache.get(src, (300, 300), fit="cover", focus=focus).name.startswith("placeholder-")
    assert cache.cached(src, (300, 300), fit="cover", focus=focus) is None


def test_small_images_are_never_enlarged(tmp_path, cache):
    src = jpeg(tmp_path / "small.jpg", size=(120, 80))
    with Image.open(cache.get(src, (1920, 1080))) as out:
        assert out.size == (120, 80)
    with Image.open(cache.get(src, (1920, 1080), fit="cover")) as out:
        assert out.size == (120, 80)


def test_png_with_alpha_stays_png_with_alpha(tmp_path, cache):
    src = tmp_path / "logo.png"
    image = Image.new("RGBA", (800, 400), (0, 0, 0, 0))
    image.paste((30, 30, 220, 255), (200, 100, 600, 300))
    image.save(src)
    out_path = cache.get(src, (360, 200))
    assert out_path.suffix == ".png"
    with Image.open(out_path) as out:
        assert out.format == "PNG" and out.mode == "RGBA" and out.size == (360, 180)
        assert out.getpixel((2, 2))[3] == 0
        assert out.getpixel((180, 90)) == (30, 30, 220, 255)


def test_palette_png_with_transparency_keeps_it(tmp_path, cache):
    src = tmp_path / "logo-p.png"
    image = Image.new("P", (100, 100), 0)
    image.putpalette([255, 255, 255, 200, 0, 0] + [0] * 762)
    image.paste(1, (25, 25, 75, 75))
    image.save(src, transparency=0)
    with Image.open(cache.get(src, (50, 50))) as out:
        assert out.mode == "RGBA" and out.getpixel((1, 1))[3] == 0 and out.getpixel((25, 25))[3] == 255


def test_jpeg_stays_jpeg_and_opaque_rgba_png_becomes_jpeg(tmp_path, cache):
    assert cache.get(jpeg(tmp_path / "a.jpg"), COVER).suffix == ".jpg"
    shot = tmp_path / "screenshot.png"
    Image.new("RGBA", (300, 200), (10, 120, 60, 255)).save(shot)
    out_path = cache.get(shot, COVER)
    assert out_path.suffix == ".jpg"  # alpha channel present but fully opaque
    with Image.open(out_path) as out:
        assert out.mode == "RGB"


def test_output_drops_exif_metadata(tmp_path, cache):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # stands for GPS and the rest: none of it is needed on screen
    src = tmp_path / "meta.jpg"
    Image.new("RGB", (100, 100), RED).save(src, exif=exif.tobytes())
    with Image.open(cache.get(src, COVER)) as out:
        assert "exif" not in out.info


def test_an_embedded_profile_is_applied_and_a_broken_one_ignored(tmp_path, cache):
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    for name, icc in (("srgb.jpg", srgb), ("broken-icc.jpg", b"not a profile" * 20)):
        src = tmp_path / name
        Image.new("RGB", (50, 50), (200, 100, 50)).save(src, icc_profile=icc, quality=95)
        with Image.open(cache.get(src, COVER)) as out:
            assert close(out.getpixel((25, 25)), (200, 100, 50), tolerance=6)


def test_cmyk_jpeg_comes_out_rgb(tmp_path, cache):
    src = tmp_path / "print.jpg"
    Image.new("CMYK", (200, 100), (0, 255, 255, 0)).save(src)
    with Image.open(cache.get(src, COVER)) as out:
        assert out.mode == "RGB" and out.getpixel((100, 50))[0] > 200


# -- the key ------------------------------------------------------------------------------

def test_rewriting_a_file_in_place_makes_a_new_entry(tmp_path, cache):
    src = jpeg(tmp_path / "cover.jpg", colour=RED)
    first = cache.get(src, COVER)
    stat = src.stat()
    jpeg(src, colour=BLUE)
    os.utime(src, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same mtime, as `cp -p` would leave
    second = cache.get(src, COVER)
    assert second != first
    with Image.open(second) as out:
        assert close(out.getpixel((10, 10)), BLUE)


def test_the_same_bytes_at_another_path_are_a_hit(tmp_path, cache):
    src = jpeg(tmp_path / "cover.jpg")
    first = cache.get(src, COVER)
    copy = tmp_path / "elsewhere" / "renamed.jpg"
    copy.parent.mkdir()
    copy.write_bytes(src.read_bytes())
    assert cache.get(copy, COVER) == first
    assert cache.stats["hits"] == 1 and cache.stats["misses"] == 1


def test_box_and_fit_are_part_of_the_key(tmp_path, cache):
    src = jpeg(tmp_path / "cover.jpg")
    paths = {cache.get(src, COVER), cache.get(src, (360, 200)), cache.get(src, COVER, fit="cover")}
    assert len(paths) == 3


def test_an_unchanged_file_is_hashed_once(tmp_path, cache, monkeypatch):
    src = jpeg(tmp_path / "cover.jpg")
    cache.get(src, COVER)
    calls = []
    real = imagecache.store.hashlib.blake2b
    monkeypatch.setattr(imagecache.store.hashlib, "blake2b", lambda *a, **k: calls.append(1) or real(*a, **k))
    for _ in range(5):
        cache.get(src, COVER)
    assert calls == []


def test_cached_never_builds(tmp_path, cache):
    src = jpeg(tmp_path / "cover.jpg")
    assert cache.cached(src, COVER) is None
    assert cache.stats["entries"] == 0
    built = cache.get(src, COVER)
    assert cache.cached(src, COVER) == built
    assert cache.cached(tmp_path / "missing.jpg", COVER) is None


def test_a_second_cache_on_the_same_directory_finds_the_entries(tmp_path):
    src = jpeg(tmp_path / "cover.jpg")
    built = ImageCache(tmp_path / "cache").get(src, COVER)
    again = ImageCache(tmp_path / "cache")
    assert again.cached(src, COVER) == built
    assert again.get(src, COVER) == built and again.stats["hits"] == 1


# -- broken inputs ----------------------------------------------------------------------

def _truncated(path: Path) -> Path:
    buffer = io.BytesIO()
    Image.effect_noise((300, 300), 60).convert("RGB").save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    return path


@pytest.mark.parametrize("make", [
    pytest.param(_truncated, id="truncated-jpeg"),
    pytest.param(lambda p: (p.write_text("not an image\n"), p)[1], id="text-named-jpg"),
    pytest.param(lambda p: (p.write_bytes(b""), p)[1], id="zero-bytes"),
    pytest.param(lambda p: p, id="missing"),
    pytest.param(lambda p: (p.write_bytes(b"\xff\xd8\xff\xe0garbage"), p)[1], id="jpeg-magic-then-garbage"),
])
def test_broken_inputs_give_the_placeholder_and_a_warning(tmp_path, cache, caplog, make):
    src = make(tmp_path / "broken-cover.jpg")
    with caplog.at_level(logging.WARNING, logger="kiosk.services.imagecache"):
        out_path = cache.get(src, COVER)
    assert out_path.name.startswith("placeholder")
    with Image.open(out_path) as out:
        assert out.size == COVER
        assert close(out.getpixel((5, 5)), imagecache.PLACEHOLDER_BG, tolerance=2)
    assert any("broken-cover.jpg" in r.getMessage() and r.levelno == logging.WARNING for r in caplog.records)
    assert cache.stats["failures"] == 1


def test_a_broken_image_never_hangs_the_thread_that_asks(tmp_path, monkeypatch):
    """The entry's lock and the placeholder's lock may be the same stripe (a one-in-64 chance per
    image and process, as str hashes are random): a broken image then hung its thread for good."""
    import threading

    monkeypatch.setattr(imagecache.cache, "_LOCK_STRIPES", 1)  # every lock is the same stripe
    cache = ImageCache(tmp_path / "cache")
    src = _truncated(tmp_path / "broken-cover.jpg")
    results = []
    for _ in range(2):  # the second request finds the failure recorded
        asker = threading.Thread(target=lambda: results.append(cache.get(src, COVER)), daemon=True)
        asker.start()
        asker.join(20)
        assert not asker.is_alive(), "get() hangs on a broken image"
    assert [path.name.startswith("placeholder") for path in results] == [True, True]


def test_the_warning_tells_staff_the_fix(tmp_path, cache, caplog):
    heic = tmp_path / "IMG_0001.HEIC"
    heic.write_bytes(b"\x00\x00\x00\x18ftypheic" + b"\x00" * 64)
    with caplog.at_level(logging.WARNING):
        cache.get(heic, COVER)
        cache.get(_truncated(tmp_path / "cut.jpg"), COVER)
    assert "IMG_0001.HEIC" in caplog.text and "Most Compatible" in caplog.text
    assert "cut.jpg" in caplog.text and "copy it again" in caplog.text


def test_a_decompression_bomb_gives_the_placeholder(tmp_path, cache, caplog, monkeypatch):
    src = tmp_path / "bomb.png"
    Image.new("L", (2000, 2000)).save(src)
    monkeypatch.setattr(imagecache.render, "MAX_DECODE_PIXELS", 1_000_000)
    with caplog.at_level(logging.WARNING):
        assert cache.get(src, COVER).name.startswith("placeholder")
    assert "bomb.png" in caplog.text and "exceeds" in caplog.text


def test_a_huge_baseline_jpeg_is_fine_because_it_decodes_reduced(tmp_path, cache, monkeypatch):
    src = jpeg(tmp_path / "200mp-stand-in.jpg", size=(1600, 1200))
    monkeypatch.setattr(imagecache.render.Image, "MAX_IMAGE_PIXELS", 100_000)  # Pillow would refuse it
    monkeypatch.setattr(imagecache.render, "MAX_DECODE_PIXELS", 100_000)
    with Image.open(cache.get(src, (200, 150))) as out:
        assert out.size == (200, 150)


def test_a_broken_file_is_not_decoded_again_until_it_changes(tmp_path, cache, monkeypatch):
    src = _truncated(tmp_path / "broken.jpg")
    cache.get(src, COVER)
    renders = []
    real = imagecache.cache.render_image
    monkeypatch.setattr(imagecache.cache, "render_image", lambda *a: renders.append(1) or real(*a))
    cache.get(src, COVER)
    assert renders == []
    jpeg(src)  # staff replace it with a good file
    assert cache.get(src, COVER).suffix == ".jpg" and renders == [1]


# -- atomic writes ------------------------------------------------------------------------

def test_a_crash_while_saving_leaves_nothing_that_is_served(tmp_path, cache, monkeypatch):
    src = jpeg(tmp_path / "cover.jpg")
    real_save = Image.Image.save

    def crash_midway(self, fp, *args, **kwargs):
        buffer = io.BytesIO()
        real_save(self, buffer, *args, **kwargs)
        fp.write(buffer.getvalue()[:100])  # half a file reaches the disk, then the process dies
        raise OSError("simulated crash while writing")

    monkeypatch.setattr(Image.Image, "save", crash_midway)
    assert cache.get(src, COVER).name.startswith("placeholder")  # logged, never raised
    monkeypatch.setattr(Image.Image, "save", real_save)
    assert cache.cached(src, COVER) is None
    assert not [p for p in cache.cache_dir.iterdir() if p.name.startswith(".")]  # tmp removed
    built = cache.get(src, COVER)
    with Image.open(built) as out:
        out.load()  # a complete JPEG
        assert out.size == (400, 200)


def test_a_tmp_file_left_by_a_killed_process_is_never_served_and_is_cleaned(tmp_path, monkeypatch):
    src = jpeg(tmp_path / "cover.jpg")
    cache_dir = tmp_path / "cache"
    first = ImageCache(cache_dir)
    stem = first.get(src, COVER).name
    os.remove(cache_dir / stem)
    leftover = cache_dir / f".{stem}.999.1.tmp"
    leftover.write_bytes(b"\xff\xd8\xff half a jpeg")
    os.utime(leftover, (1, 1))  # old: its process is long gone
    second = ImageCache(cache_dir)
    assert not leftover.exists()
    assert second.cached(src, COVER) is None
    assert second.get(src, COVER).name == stem


def test_an_empty_entry_is_rebuilt(tmp_path, cache):
    src = jpeg(tmp_path / "cover.jpg")
    built = cache.get(src, COVER)
    built.write_bytes(b"")  # what a power cut on a non-fsynced write can leave
    assert cache.get(src, COVER) == built and built.stat().st_size > 0


# -- warming --------------------------------------------------------------------------------

def _sources(tmp_path: Path, n: int) -> list[Path]:
    colours = [(i * 20 % 256, 90, 160) for i in range(n)]
    return [jpeg(tmp_path / f"img{i}.jpg", size=(320, 240), colour=c) for i, c in enumerate(colours)]


def test_warm_builds_everything_and_reports_progress_to_the_end(tmp_path, cache):
    sources = _sources(tmp_path, 5)
    seen = []
    jobs = [(s, COVER) for s in sources] + [(sources[0], COVER)] + [(sources[1], COVER, "cover")]
    result = cache.warm(jobs, progress=lambda done, total: seen.append((done, total)))
    assert result.total == 6 and result.built == 6 and result.failed == 0 and not result.cancelled
    assert seen[0] == (0, 6) and seen[-1] == (6, 6)
    assert all(cache.cached(s, COVER) for s in sources)
    again = cache.warm(jobs)
    assert again.cached == 6 and again.built == 0


def test_warm_counts_failures_and_survives_a_bad_callback(tmp_path, cache, caplog):
    sources = _sources(tmp_path, 2) + [tmp_path / "missing.jpg"]

    def broken_progress(done, total):
        raise RuntimeError("UI bug")

    with caplog.at_level(logging.WARNING):
        result = cache.warm([(s, COVER) for s in sources], progress=broken_progress)
    assert (result.built, result.failed) == (2, 1)
    assert "progress callback failed" in caplog.text


def test_cancel_stops_warming_early(tmp_path, cache):
    sources = _sources(tmp_path, 6)
    cancel = threading.Event()

    def progress(done, total):
        if done == 2:
            cancel.set()

    result = cache.warm([(s, COVER) for s in sources], progress=progress, cancel=cancel)
    assert result.cancelled and result.built == 2
    assert cache.cached(sources[5], COVER) is None


def test_warm_in_background_finishes_and_calls_on_done_from_its_thread(tmp_path, cache, caplog):
    sources = _sources(tmp_path, 4)
    done = threading.Event()
    results: list[WarmResult] = []
    threads = []
    progress = []

    def on_done(result):
        results.append(result)
        threads.append(threading.current_thread())
        done.set()

    with caplog.at_level(logging.INFO, logger="kiosk.services.imagecache"):
        thread = cache.warm_in_background(((s, COVER) for s in sources), on_done=on_done,
                                          on_progress=lambda d, t: progress.append((d, t)))
        thread.join(timeout=60)
    assert done.is_set() and thread.daemon
    assert results[0].built == 4 and threads[0] is thread
    assert progress[-1] == (4, 4)
    assert "image cache: 4/4 ready" in caplog.text


def test_ui_thread_gets_while_warming_build_each_entry_once(tmp_path, cache):
    sources = _sources(tmp_path, 8)
    thread = cache.warm_in_background([(s, COVER) for s in sources])
    paths = [cache.get(s, COVER) for s in reversed(sources)]
    thread.join(timeout=60)
    assert all(p.suffix == ".jpg" for p in paths)
    stats = cache.stats
    assert stats["misses"] == 8 and stats["entries"] == 8 and stats["failures"] == 0


# -- pruning ----------------------------------------------------------------------------------

def test_prune_keeps_the_most_recently_used_within_the_budget(tmp_path):
    cache = ImageCache(tmp_path / "cache", max_bytes=10**9)
    sources = _sources(tmp_path, 6)
    paths = [cache.get(s, COVER) for s in sources]
    for age, path in enumerate(reversed(paths)):  # paths[-1] newest, paths[0] oldest
        os.utime(path, (10_000 - age * 100, 10_000 - age * 100))
    sizes = [p.stat().st_size for p in paths]
    cache.max_bytes = sum(sizes[-3:])
    freed = cache.prune()
    assert freed == sum(sizes[:3])
    assert [p.exists() for p in paths] == [False] * 3 + [True] * 3
    assert cache.stats["bytes"] <= cache.max_bytes
    assert cache.prune() == 0


def test_a_hit_refreshes_an_old_entry_so_prune_keeps_it(tmp_path):
    cache = ImageCache(tmp_path / "cache")
    old, new = _sources(tmp_path, 2)
    old_path, new_path = cache.get(old, COVER), cache.get(new, COVER)
    os.utime(old_path, (1_000, 1_000))
    os.utime(new_path, (2_000, 2_000))
    cache.get(old, COVER)  # shown again today
    cache.max_bytes = old_path.stat().st_size
    cache.prune()
    assert old_path.exists() and not new_path.exists()


def test_stats_report_entries_bytes_and_counters(tmp_path, cache):
    src = jpeg(tmp_path / "a.jpg")
    cache.get(src, COVER)
    cache.get(src, COVER)
    cache.get(tmp_path / "missing.jpg", COVER)
    stats = cache.stats
    assert stats["hits"] == 1 and stats["misses"] == 1 and stats["failures"] == 1
    assert stats["entries"] == 2 and stats["bytes"] > 0  # the entry and the placeholder


# -- slot sizes -------------------------------------------------------------------------------

@pytest.mark.parametrize("window", [(1920, 1080), (1280, 800), (1080, 1920), (3840, 2160)])
def test_slot_boxes_are_sane(window):
    boxes = slot_boxes(window)
    area = {name: w * h for name, (w, h) in boxes.items()}
    assert area["thumb"] < area["cover"] < area["media"] < area["fullscreen"]
    assert set(boxes) == set(SLOT_FIT)
    assert boxes["fullscreen"] == window, "the attract loop's pictures are exactly the window, never larger"
    for name in ("thumb", "cover", "media"):
        assert boxes[name][0] < window[0] and boxes[name][1] < window[1]


def test_slot_boxes_match_the_design_and_scale_with_the_window():
    assert slot_boxes((1920, 1080))["cover"] == (560, 315)
    assert slot_boxes((1920, 1080))["media"] == (960, 640)  # the story media box is half the width
    small, big = slot_boxes((1280, 800)), slot_boxes((3840, 2160))
    assert small["cover"][0] < 560 < big["cover"][0] == 1120
    portrait = slot_boxes((1080, 1920))
    assert portrait["cover"] == (560, 315) and portrait["media"][0] >= 960
    with pytest.raises(ValueError):
        slot_boxes((0, 1080))


def test_the_module_does_not_import_kivy():
    code = "import sys, kiosk.services.imagecache; sys.exit('kivy' in sys.modules)"
    root = Path(__file__).resolve().parents[1]
    env = dict(os.environ, PYTHONPATH=str(root))
    assert subprocess.run([sys.executable, "-c", code], env=env, cwd=root).returncode == 0


# -- content hashes across restarts ---------------------------------------------------------

def _no_hashing(*_args, **_kwargs):
    raise AssertionError("a source was hashed again")


def test_a_restart_finds_the_entries_without_hashing_the_sources(tmp_path, monkeypatch):
    source = jpeg(tmp_path / "photo.jpg")
    link = tmp_path / "live"
    link.symlink_to(tmp_path, target_is_directory=True)
    box = (200, 100)
    entry = ImageCache(tmp_path / "cache").warm([(source, box)])
    assert entry.built == 1 and (tmp_path / "cache" / imagecache.DIGESTS_FILE).is_file()
    monkeypatch.setattr(imagecache.store.hashlib, "blake2b", _no_hashing)
    restarted = ImageCache(tmp_path / "cache")
    assert restarted.cached(source, box) is not None
    assert restarted.cached(link / "photo.jpg", box) is not None, "the same file through the live link"


def test_a_changed_file_is_hashed_again_after_a_restart(tmp_path):
    source = jpeg(tmp_path / "photo.jpg", colour=RED)
    ImageCache(tmp_path / "cache").warm([(source, (200, 100))])
    jpeg(tmp_path / "new.jpg", colour=(0, 0, 255)).replace(source)  # a copy dropped over it
    restarted = ImageCache(tmp_path / "cache")
    assert restarted.cached(source, (200, 100)) is None, "the new picture is not the old entry"
    with Image.open(restarted.get(source, (200, 100))) as built:
        assert close(built.convert("RGB").getpixel((10, 10)), (0, 0, 255))


@pytest.mark.parametrize("damage", ["not json", '{"1:2": [1, 2]}', "[1, 2, 3]", '{"1:2": "x"}'])
def test_a_damaged_digest_file_only_costs_hashing_again(tmp_path, damage, caplog):
    source = jpeg(tmp_path / "photo.jpg")
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / imagecache.DIGESTS_FILE).write_text(damage)
    with caplog.at_level(logging.WARNING, logger="kiosk.services.imagecache"):
        cache = ImageCache(tmp_path / "cache")
    assert "ignoring digests.json" in caplog.text
    assert cache.warm([(source, (200, 100))]).built == 1
    assert ImageCache(tmp_path / "cache").cached(source, (200, 100)) is not None


def test_an_unwritable_digest_file_does_not_stop_warming(tmp_path, monkeypatch, caplog):
    source = jpeg(tmp_path / "photo.jpg")

    def disk_full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(imagecache.store.json, "dump", disk_full)
    with caplog.at_level(logging.WARNING, logger="kiosk.services.imagecache"):
        result = ImageCache(tmp_path / "cache").warm([(source, (200, 100))])
    assert result.built == 1 and "cannot write" in caplog.text
    assert not list((tmp_path / "cache").glob("*.tmp")), "no temporary file is left behind"
