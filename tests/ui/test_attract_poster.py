"""The attract loop as a poster: legible text over the lightest pictures, a prompt that pulses
without fading, and one touch from a story's slide into that story."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageStat

from kiosk.design import TYPE_SCALE, contrast_ratio
from kiosk.model.types import AttractItem
from test_attract import EntryRecorder

pytestmark = [pytest.mark.window, pytest.mark.timeout(180)]

REPO = Path(__file__).resolve().parents[2]
LIGHTEST = 3
"""How many of the sample's lightest pictures the contrast test puts behind the text."""
HOLD_S = 10 ** 4
"""Each test slide stays this long: the loop never moves on by itself while a test looks."""


def lightest_pictures(count: int) -> list[Path]:
    """Return the ``count`` pictures of the repository's sample with the highest mean luminance."""
    content = REPO / "content"
    pictures = [p for pattern in ("stories/*/*.jpg", "stories/*/*.png", "attract/*.jpg", "attract/*.png",
                                  "pages/*/*.jpg", "pages/*/*.png") for p in content.glob(pattern)]
    if len(pictures) < count:
        pytest.skip("the sample content has too few pictures")

    def mean_luminance(path: Path) -> float:
        with Image.open(path) as image:
            return ImageStat.Stat(image.convert("L")).mean[0]

    return sorted(pictures, key=mean_luminance, reverse=True)[:count]


def texts_of(widget):
    """Yield every label with text under ``widget``."""
    from kivy.uix.label import Label

    for child in widget.walk(restrict=True):
        if isinstance(child, Label) and child.text.strip():
            yield child


def text_rect(label, window_height: int) -> tuple[int, int, int, int]:
    """The box a left-aligned label's text is drawn in, as PIL's (left, top, right, bottom)."""
    x, y = label.to_window(label.x, label.top - label.texture_size[1])
    w, h = label.texture_size
    return int(x), int(window_height - (y + h)), int(x + w), int(window_height - y)


def hex_of(rgba) -> str:
    """Return a Kivy RGBA colour as ``#RRGGBB``."""
    return "#" + "".join(f"{round(c * 255):02X}" for c in rgba[:3])


def lightest_pixel(image: Image.Image, box: tuple[int, int, int, int]) -> str:
    """Return the pixel of highest WCAG luminance inside ``box``, as ``#RRGGBB``."""
    import numpy as np

    region = np.asarray(image.crop(box).convert("RGB"), dtype=np.float64) / 255
    linear = np.where(region <= 0.04045, region / 12.92, ((region + 0.055) / 1.055) ** 2.4)
    luminance = linear @ np.array([0.2126, 0.7152, 0.0722])
    r, g, b = (round(v * 255) for v in region.reshape(-1, 3)[int(np.argmax(luminance))])
    return f"#{r:02X}{g:02X}{b:02X}"


def show_items(kiosk, monkeypatch, items) -> None:
    """Start the attract loop on ``items`` instead of the exhibition's list, and wait for the first."""
    from kiosk.ui import media
    from kiosk.ui.screens import attract

    # The loop skips a picture whose fullscreen copy is not built yet: build them first.
    assert kiosk.wait_for(lambda: all(media.request(item.path, "fullscreen", lambda *_a: None) is not None
                                      for item in items), timeout=60)
    monkeypatch.setattr(attract, "attract_items", lambda _exhibition: tuple(items))
    kiosk.controller.idle_timeout = 10 ** 6
    kiosk.controller.enter_attract()
    kiosk.settle()
    layer = kiosk.shell.attract_layer
    assert kiosk.wait_for(lambda: layer.slides[layer._front].picture.texture is not None, timeout=30)
    kiosk.settle()


def advance_to(kiosk, index: int) -> None:
    """Move the loop on by one item, and wait until item ``index`` is fully on screen."""
    layer = kiosk.shell.attract_layer
    layer.advance()
    assert kiosk.wait_for(lambda: int(layer.index) == index and layer.slides[layer._front].picture.texture
                          is not None and layer.slides[layer._front].opacity == 1, timeout=30)
    kiosk.pump(2)


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
@pytest.mark.parametrize("lang", ["de", "en"])
def test_text_reads_over_the_lightest_pictures(real_kiosk, monkeypatch, tmp_path, size, lang):
    kiosk = real_kiosk
    pictures = lightest_pictures(LIGHTEST)
    stories = sorted(kiosk.controller.exhibition.stories, key=lambda s: -len(s.teaser.get(lang)))
    # The longest texts cover the most picture; each light picture gets one of them.
    items = [AttractItem(kind="image", path=p, duration=HOLD_S, story=s) for p, s in zip(pictures, stories)]
    kiosk.resize(size)
    default = kiosk.controller.default_lang
    kiosk.controller.default_lang = lang  # the loop speaks the default language
    try:
        show_items(kiosk, monkeypatch, items)
        layer = kiosk.shell.attract_layer
        for index in range(len(items)):
            if index:
                advance_to(kiosk, index)
            slide = layer.slides[layer._front]
            labels = list(texts_of(slide))
            assert labels, "a story slide shows its title"
            headline = max(labels, key=lambda label: label.font_size)
            assert headline.text == items[index].story.title.get(lang)
            assert headline.font_size >= TYPE_SCALE["heading"], "the headline reads from across the room"
            colours = [hex_of(label.color) for label in labels]
            boxes = [text_rect(label, size[1]) for label in labels]
            # The pixels behind the text: the same frame with the text taken away.
            for label in labels:
                label.opacity = 0
            kiosk.pump(2)
            shot = kiosk.screenshot(tmp_path / f"behind-{index}.png")
            for label in labels:
                label.opacity = 1
            with Image.open(shot) as image:
                for label, colour, box in zip(labels, colours, boxes):
                    behind = lightest_pixel(image, box)
                    ratio = contrast_ratio(colour, behind)
                    assert ratio >= 4.5, (f"{label.text[:30]!r} in {colour} over {behind} behind it "
                                          f"({items[index].path.name}): {ratio:.2f}:1")
    finally:
        kiosk.controller.default_lang = default
        kiosk.reset()


def test_prompt_pulses_by_scale_never_by_fading(kiosk):
    layer = kiosk.shell.attract_layer
    kiosk.shell.animate = True
    try:
        kiosk.controller.enter_attract()
        prompt = layer.prompt
        parts = [prompt, *prompt.walk(restrict=True)]
        lowest, pulsed = 1.0, 0.0
        for _ in range(400):
            kiosk.pump(1)
            lowest = min([lowest] + [part.opacity for part in parts])
            pulsed = max(pulsed, getattr(prompt, "glow", 0.0))
            if pulsed > 0.5:
                break
        assert lowest == 1, "the prompt's text never fades"
        assert pulsed > 0.5, "the prompt pulses"
    finally:
        kiosk.shell.animate = False
        kiosk.reset()
    assert prompt.glow == 0, "the pulse stops with the loop"


def story_slide(kiosk, sample_exhibition, monkeypatch):
    """Show a loop of a plain picture, then a story's slide; return that story."""
    story = sample_exhibition.stories[1]
    items = [AttractItem(kind="image", path=sample_exhibition.stories[0].cover, duration=HOLD_S),
             AttractItem(kind="image", path=story.cover, duration=HOLD_S, story=story)]
    show_items(kiosk, monkeypatch, items)
    return story


def test_touch_on_a_story_slide_opens_that_story(kiosk, sample_exhibition, monkeypatch):
    recorder = EntryRecorder()
    kiosk.controller.recorder = recorder
    story = story_slide(kiosk, sample_exhibition, monkeypatch)
    assert [e.id for e in kiosk.shell.elements()] == ["attract"], "a plain picture leads home"
    advance_to(kiosk, 1)
    kiosk.settle()
    elements = kiosk.elements()
    assert set(elements) == {"attract", f"story:{story.id}"}
    slide = elements[f"story:{story.id}"]
    assert (slide.x, slide.y, slide.w, slide.h) == (0, 0, 1920, 1080)
    assert slide.label == story.title.get("de")
    kiosk.tap(f"story:{story.id}")
    ctl = kiosk.controller
    assert (ctl.attract, ctl.screen, ctl.item) == (False, "story", story.id)
    assert kiosk.shell.manager.current == "story"
    assert [c for c in recorder.calls if c[0] == "begin_session"] == [
        ("begin_session", {"screen": "attract", "item": story.id})]
    kiosk.tap("nav:back")
    assert ctl.screen == "home", "back from the story leads home"


def test_touch_on_another_slide_goes_home(kiosk, sample_exhibition, monkeypatch):
    recorder = EntryRecorder()
    kiosk.controller.recorder = recorder
    story_slide(kiosk, sample_exhibition, monkeypatch)
    kiosk.tap("attract")
    assert (kiosk.controller.screen, kiosk.controller.attract) == ("home", False)
    assert [c for c in recorder.calls if c[0] == "begin_session"] == [("begin_session", {"screen": "attract", "item": ""})]


def test_a_story_the_exhibition_lacks_leads_home(kiosk, sample_exhibition, monkeypatch):
    story_slide(kiosk, sample_exhibition, monkeypatch)
    ctl = kiosk.controller
    ctl.attract_story = "gone-in-a-content-swap"
    kiosk.tap_at(960, 540)
    kiosk.settle()
    assert (ctl.screen, ctl.attract) == ("home", False)
