"""A calm home: large goal cards, wide story covers, page dots without wrapping around, no
lonely last page, "Start" from the start, grey disabled controls, few accent outlines, and
firm lines that wrap before they are cut."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.window, pytest.mark.timeout(120)]


def shown(root, kind):
    """Every visible widget of class ``kind`` under ``root``."""
    def walk(widget):
        if widget.opacity <= 0:
            return
        if isinstance(widget, kind):
            yield widget
        for child in widget.children:
            yield from walk(child)

    return list(walk(root))


def by_ui_id(root, ui_id):
    """The widget named ``ui_id`` under ``root`` (visible or not, enabled or not)."""
    found = [w for w in root.walk(restrict=True) if getattr(w, "ui_id", "") == ui_id]
    assert len(found) == 1, (ui_id, found)
    return found[0]


def home(kiosk):
    return kiosk.shell.manager.get_screen("home")


def test_start_resets_page_and_filters_and_keeps_the_language(kiosk, sample_exhibition):
    ctl = kiosk.controller
    kiosk.tap("lang:en")
    kiosk.tap("pager:next")
    assert ctl.home_page == 1
    kiosk.tap("nav:home")  # already on home: still back to the start
    assert ctl.home_page == 0 and "pager:prev" not in kiosk.elements()
    goal = sample_exhibition.settings.goals[0]
    industry = sample_exhibition.stories[0].company.industry.id
    kiosk.tap(f"goal:{goal.id}")
    kiosk.tap(f"industry:{industry}")
    story = next(k for k in kiosk.elements() if k.startswith("story:"))
    kiosk.tap(story)
    kiosk.tap("nav:home")
    assert (ctl.screen, ctl.goal, ctl.industry, ctl.home_page, ctl.lang) == ("home", "", "", 0, "en")
    shown_ids = {k for k in kiosk.elements() if k.startswith("story:")}
    first_page = home(kiosk).grid.tiles[home(kiosk).grid.page_slice(0)]
    assert shown_ids == {f"story:{tile.story.id}" for tile in first_page}


def test_pager_shows_dots_and_stops_at_both_ends(kiosk):
    from kiosk.ui.widgets.tiles import PageDots

    grid = home(kiosk).grid
    assert grid.pages > 1, "the sample needs more than one page of stories"
    dots = shown(home(kiosk), PageDots)
    assert len(dots) == 1 and dots[0].pages == grid.pages and dots[0].page == 0
    assert "pager:prev" not in kiosk.elements(), "nothing before the first page"
    for page in range(1, grid.pages):
        kiosk.tap("pager:next")
        assert kiosk.controller.home_page == page and dots[0].page == page
    assert "pager:next" not in kiosk.elements(), "nothing after the last page"
    grid.turn(1)
    kiosk.settle()
    assert kiosk.controller.home_page == grid.pages - 1, "no wrapping around to the first page"


def test_tiles_spread_evenly_over_the_pages():
    from kivy.uix.widget import Widget

    from kiosk.ui.widgets.tiles import PagedGrid

    def page_sizes(count, cols, rows):
        grid = PagedGrid(cols=cols, rows=rows)
        grid.tiles = [Widget() for _ in range(count)]
        pages = [grid.tiles[grid.page_slice(page)] for page in range(grid.pages)]
        assert {id(t) for page in pages for t in page} == {id(t) for t in grid.tiles}, "every tile on a page"
        assert max(len(page) for page in pages) <= cols * rows
        return [len(page) for page in pages]

    assert page_sizes(9, 3, 1) == [3, 3, 3]
    assert page_sizes(9, 2, 2) == [3, 3, 3], "not 4 + 4 + a lonely 1"
    assert page_sizes(7, 3, 1) == [3, 2, 2]
    assert page_sizes(5, 3, 1) == [3, 2]
    assert page_sizes(2, 3, 1) == [2]
    assert page_sizes(1, 2, 1) == [1]
    # Two cells a page: an odd number of tiles fills every page, the last ends with the last tile.
    assert page_sizes(9, 2, 1) == [2, 2, 2, 2, 2], "not four pages of 2 and a lonely 1"
    assert page_sizes(3, 2, 1) == [2, 2]


def test_upright_at_larger_text_no_home_page_shows_a_lonely_story(real_kiosk, real_exhibition):
    real_kiosk.resize((1080, 1920))
    real_kiosk.controller.large_text = True
    real_kiosk.controller.go_home()
    real_kiosk.settle()
    grid = home(real_kiosk).grid
    assert grid.cols * grid.rows == 2 and len(grid.tiles) % 2 == 1, "the case this test is about"
    seen = []
    for page in range(grid.pages):
        if page:
            real_kiosk.tap("pager:next")
        shown_ids = [k for k in real_kiosk.elements() if k.startswith("story:")]
        assert len(shown_ids) == 2, (page, shown_ids)
        seen += shown_ids
    assert "pager:next" not in real_kiosk.elements(), "the last page is the end"
    assert set(seen) == {f"story:{s.id}" for s in real_exhibition.stories}


def test_disabled_controls_are_grey_never_a_faded_accent(kiosk):
    from kivy.uix.label import Label

    from kiosk.ui.theme import C
    from kiosk.ui.widgets.common import Icon

    back = by_ui_id(kiosk.shell.navbar, "nav:back")
    prev = by_ui_id(home(kiosk), "pager:prev")
    for button in (back, prev):
        assert button.disabled and button.opacity == 1, "grey, not faded"
        for part in [w for w in button.walk(restrict=True) if isinstance(w, (Icon, Label))]:
            assert tuple(part.color[:3]) != tuple(C["accent"][:3]), (button.ui_id, "accent on a disabled control")
            assert part.color[3] == 1


def test_few_accent_outlines_on_home(kiosk):
    from kiosk.ui.widgets.common import OutlinedButton

    outlined = [w for w in shown(kiosk.shell, OutlinedButton)
                if w.outline and not w.filled and not w.disabled]
    assert len(outlined) <= 5, [getattr(w, "ui_id", "") for w in outlined]


def test_goals_are_large_picture_cards(kiosk, sample_exhibition):
    from kiosk.ui.theme import theme
    from kiosk.ui.widgets.picture import CachedImage

    elements = kiosk.elements()
    pictures = set()
    for goal in sample_exhibition.settings.goals:
        element = elements[f"goal:{goal.id}"]
        assert element.h >= 1.15 * theme.touch and element.w >= 2 * element.h, goal.id
        card = by_ui_id(home(kiosk), f"goal:{goal.id}")
        covers = {str(story.cover) for story in sample_exhibition.filter_stories(goal=goal.id)}
        [picture] = [w.path for w in card.walk(restrict=True) if isinstance(w, CachedImage)]
        assert picture in covers, "a picture from the goal's own stories"
        pictures.add(picture)
    assert len(pictures) == len(sample_exhibition.settings.goals), "a picture of its own for each card"
    kiosk.tap(f"goal:{sample_exhibition.settings.goals[0].id}")
    assert by_ui_id(home(kiosk), f"goal:{sample_exhibition.settings.goals[0].id}").chosen


def test_story_covers_are_at_least_420_px_wide_at_full_hd(kiosk):
    from kiosk.ui.widgets.picture import CachedImage
    from kiosk.ui.widgets.tiles import StoryTile

    tiles = shown(home(kiosk), StoryTile)
    assert tiles
    for tile in tiles:
        cover = next(w for w in tile.walk(restrict=True) if isinstance(w, CachedImage))
        # Not a strip either: the old home showed 348x158.
        assert cover.width >= 420 and cover.height >= 180, tuple(cover.size)


def test_firm_lines_wrap_instead_of_being_cut(real_kiosk, real_exhibition):
    from kiosk.ui.widgets.common import ClampTxt
    from kiosk.ui.widgets.tiles import StoryTile

    grid = home(real_kiosk).grid
    for lang in real_exhibition.settings.languages:
        real_kiosk.controller.set_lang(lang)
        for page in range(grid.pages):
            real_kiosk.controller.home_page = page
            real_kiosk.settle()
            tiles = shown(home(real_kiosk), StoryTile)
            assert len(tiles) == len(grid.tiles[grid.page_slice(page)])
            for tile in tiles:
                firm = tile.ids.firm
                assert isinstance(firm, ClampTxt) and firm.text == firm.full_text, (lang, firm.full_text, firm.text)


def test_cover_crops_around_its_focus_point(window):
    from kivy.graphics.texture import Texture

    from kiosk.ui.widgets.picture import CachedImage

    picture = CachedImage(slot="cover", size_hint=(None, None), size=(100, 100), pos=(0, 0))
    picture.texture = Texture.create(size=(300, 100))  # three times wider than the box
    assert tuple(picture.norm_image_size) == (300, 100)
    assert picture.image_pos == (-100, 0), "the centre by default"
    picture.focus = (0.0, 0.5)
    assert picture.image_pos == (0, 0), "the left edge in view, never a gap"
    picture.focus = (0.9, 0.5)
    assert picture.image_pos == (-200, 0), "the right edge in view"
    picture.focus = (0.6, 0.5)
    assert picture.image_pos[0] == pytest.approx(50 - 0.6 * 300)


def test_every_page_ends_with_a_next_step(kiosk, sample_exhibition):
    for page in sample_exhibition.pages:
        kiosk.controller.open_page(page.id)
        kiosk.settle()
        elements = kiosk.elements()
        assert {"next:providers", "next:home"} <= set(elements), page.id
    kiosk.tap("next:providers")
    assert kiosk.controller.screen == "providers"


def test_page_pictures_fill_their_box(real_kiosk, real_exhibition):
    from kiosk.ui.widgets.picture import CachedImage

    pages = [page for page in real_exhibition.pages if page.media and page.media[0].kind == "image"]
    assert pages
    for page in pages:
        real_kiosk.controller.open_page(page.id)
        real_kiosk.settle()
        screen = real_kiosk.shell.manager.current_screen
        real_kiosk.wait_for(lambda: any(w.texture for w in screen.walk(restrict=True) if isinstance(w, CachedImage)))
        [picture] = [w for w in screen.walk(restrict=True) if isinstance(w, CachedImage) and w.opacity > 0]
        width, height = picture.norm_image_size
        # No band of the empty box above and below (or beside) the picture.
        assert height >= picture.height - 2 and width >= picture.width - 2, (page.id, tuple(picture.size), (width, height))
        if len(page.media) == 1:
            # A single picture keeps no room for arrows under it: it takes (nearly) the column's
            # width beside the QR card, instead of three quarters of it.
            assert picture.width >= 0.9 * screen.gallery.width, (page.id, picture.width, screen.gallery.width)


def test_a_story_tile_shows_the_cache_copy_cut_around_its_focus(real_kiosk, real_exhibition):
    from kiosk.ui import media
    from kiosk.ui.widgets.picture import CachedImage
    from kiosk.ui.widgets.tiles import StoryTile

    story = next(s for s in real_exhibition.stories if tuple(s.cover_focus) != (0.5, 0.5))
    real_kiosk.controller.go_home()
    tile = next(t for t in home(real_kiosk).grid.tiles if t.story.id == story.id)
    assert isinstance(tile, StoryTile)
    [cover] = [w for w in tile.walk(restrict=True) if isinstance(w, CachedImage)]
    focused = lambda: media.image_cache().cached(story.cover, media.slot_box("cover"), fit="cover",  # noqa: E731
                                                 focus=story.cover_focus)
    assert real_kiosk.wait_for(lambda: focused() is not None and cover.source == str(focused()))
    centre = media.image_cache().get(story.cover, media.slot_box("cover"), fit="cover")
    assert focused() != centre


def test_story_tiles_crop_their_cover_around_the_story_focus(kiosk, sample_exhibition):
    import dataclasses

    from kiosk.ui.widgets.picture import CachedImage
    from kiosk.ui.widgets.tiles import StoryTile

    story = dataclasses.replace(sample_exhibition.stories[0], cover_focus=(0.1, 0.8))
    tile = StoryTile(story=story, controller=kiosk.controller)
    [cover] = [w for w in tile.walk(restrict=True) if isinstance(w, CachedImage)]
    assert tuple(cover.focus) == (0.1, 0.8)
    tile.story = sample_exhibition.stories[1]
    assert tuple(cover.focus) == tuple(sample_exhibition.stories[1].cover_focus) == (0.5, 0.5)
