"""``kiosk snapshot``'s attract frame shows the loop's first story slide, headline and all, not
the loop's first item (a picture of the room without text), so staff can check the attract
text over their own pictures."""

from __future__ import annotations

import dataclasses

import pytest

pytestmark = [pytest.mark.window, pytest.mark.timeout(120)]


def test_the_attract_frame_is_the_first_story_slide(real_kiosk, real_exhibition):
    from kivy.core.window import Window

    from kiosk.services.imagejobs import exhibition_jobs
    from kiosk.ui import media
    from kiosk.ui.launch import show_first_story_slide
    from kiosk.ui.screens.attract import attract_items

    # As kiosk snapshot does first: every picture built, so no slide is skipped as not ready.
    media.image_cache().warm(exhibition_jobs(real_exhibition, tuple(Window.size)))

    items = attract_items(real_exhibition)
    assert items[0].story is None, "the case this test is about: the loop opens without a story"
    story = next(item.story for item in items if item.story is not None)
    real_kiosk.controller.enter_attract()
    real_kiosk.settle()
    assert not any(e.startswith("story:") for e in real_kiosk.elements())
    assert show_first_story_slide(real_kiosk.shell, real_exhibition)
    elements = real_kiosk.elements()
    assert f"story:{story.id}" in elements
    assert elements[f"story:{story.id}"].label == story.title.get(real_kiosk.controller.lang)
    layer = real_kiosk.shell.attract_layer
    front = next(slide for slide in layer.slides if slide.opacity == 1 and slide.title)
    assert front.picture.texture is not None, "the story's picture is drawn, not an empty slide"


def test_a_loop_without_stories_stays_on_its_first_item(real_kiosk, real_exhibition):
    from kiosk.ui.launch import show_first_story_slide

    pictures = dataclasses.replace(real_exhibition, attract=tuple(
        item for item in real_exhibition.attract if item.story is None))
    assert not show_first_story_slide(real_kiosk.shell, pictures)
