"""A tap does only the work of the screen it opens: the outgoing screen hands its picture to
the fade and the incoming one draws into the spare framebuffer, so no screen change makes one, a story seen before takes its fitted sizes at
once instead of trying each step down again, and the provider wall keeps its tiles and their
order for the whole visitor session, laid out before the visitor comes to it."""

from __future__ import annotations

import dataclasses

import pytest
from sample import make_exhibition, t
from test_still_cache import assert_reaches_window, pixels, settle_pictures
from test_story_fit import drawn_texts, longest_stories  # noqa: F401 - longest_stories is a fixture

pytestmark = [pytest.mark.window, pytest.mark.timeout(300)]


def fit_state(screen) -> tuple:
    """What the fit decided for the story on ``screen``."""
    return (screen.compact, screen.tight, screen.media_scale, screen.scrolls,
            screen.chips_row.orientation)


@pytest.fixture
def long_kiosk(window, longest_stories):  # noqa: F811 - the fixture imported above
    """The kiosk on stories whose texts are at their limits, at 1920x1080."""
    from conftest import _kiosk_for

    kiosk = _kiosk_for(window, longest_stories)
    kiosk.resize((1920, 1080))
    yield kiosk
    kiosk.reset()


# -- the hand-over ---------------------------------------------------------------------------


def test_screen_changes_reuse_one_spare_framebuffer(kiosk, sample_exhibition):
    from kiosk.ui.widgets.stillcache import framebuffers

    kiosk.shell.animate = True
    story = sample_exhibition.stories[0]
    try:
        kiosk.controller.open_story(story.id)  # from here on, the pool holds a spare
        kiosk.settle()
        kiosk.controller.go_home()
        kiosk.settle()
        home = kiosk.shell.manager.current_screen
        picture = home._still.texture
        made = framebuffers.made
        kiosk.controller.open_story(story.id)
        veil = kiosk.shell.manager.transition._veil
        assert veil is not None and veil[1].texture is picture, "the fade shows the picture the screen drew"
        assert home._still is None, "the screen that left holds no framebuffer"
        kiosk.settle()
        for show in (lambda: kiosk.controller.open_provider(story.providers[0].id), kiosk.controller.go_back,
                     kiosk.controller.go_home, kiosk.controller.open_providers, kiosk.controller.go_home):
            show()
            kiosk.settle()
        assert framebuffers.made == made, "no screen change makes a framebuffer"
    finally:
        kiosk.shell.animate = False


def test_a_screen_that_keeps_the_window_gets_its_picture_back(kiosk):
    screen = kiosk.shell.manager.current_screen
    settle_pictures(kiosk)
    before = pixels(kiosk)
    texture = screen.hand_over_picture()
    assert tuple(texture.size) == (round(screen.width), round(screen.height))
    assert screen._still is None, "nothing is drawn for the screen while it is about to leave"
    kiosk.pump(1)
    assert tuple(screen._still.size) == (round(screen.width), round(screen.height)), \
        "a framebuffer of its size again before the next frame"
    assert screen._still.texture is not texture, "the picture handed over stays as it was"
    assert (assert_reaches_window(kiosk) == before).all(), "the screen shows as before"


# -- the story's fit ---------------------------------------------------------------------------


def test_a_story_seen_before_is_not_fitted_again(long_kiosk, longest_stories):  # noqa: F811
    kiosk, story = long_kiosk, longest_stories.stories[0]
    # As before any story was prepared on idle frames (kiosk.ui.screens.ahead): both fits unknown.
    kiosk.shell.manager.get_screen("home").ahead.stop()
    kiosk.shell.manager.get_screen("story")._fits.clear()
    kiosk.controller.open_story(story.id)
    kiosk.settle()
    screen = kiosk.shell.manager.current_screen
    steps, state, texts = screen.steps, fit_state(screen), drawn_texts(kiosk)
    assert state[0], "a story at its limits needs a step down, or this test shows nothing"
    kiosk.controller.open_story(longest_stories.stories[1].id)
    kiosk.settle()
    kiosk.controller.go_home()
    kiosk.settle()
    steps_between = screen.steps
    kiosk.controller.open_story(story.id)
    kiosk.pump(1)
    assert screen.steps == steps_between, "the second visit takes no step: its fit is known"
    assert drawn_texts(kiosk) == texts and fit_state(screen) == state, "the first frame shows it as before"
    kiosk.settle()
    assert screen.steps == steps_between and drawn_texts(kiosk) == texts
    assert steps_between > steps, "the other story was fitted in between, so the known fit is per story"


@pytest.fixture
def short_in_english(window, tmp_path_factory, longest_stories):  # noqa: F811
    """A kiosk whose first story is at the limits in German and short in English."""
    from conftest import _kiosk_for

    from kiosk.model.types import Cost

    story = longest_stories.stories[0]

    def german_only(text):
        return t(text.get("de"), "Short.")

    short = dataclasses.replace(
        story, figures=(), title=german_only(story.title), challenge=german_only(story.challenge),
        solution=german_only(story.solution), benefit=german_only(story.benefit),
        cost=Cost(*(german_only(text) for _kind, text in story.cost.entries())))
    exhibition = dataclasses.replace(longest_stories, stories=(short,) + longest_stories.stories[1:])
    kiosk = _kiosk_for(window, exhibition)
    kiosk.resize((1920, 1080))
    yield kiosk, short
    kiosk.reset()


def fresh_fit(kiosk, story_id: str) -> tuple[tuple, dict]:
    """The story's fit and texts as a first visit in the current language and text size makes them."""
    screen = kiosk.shell.manager.get_screen("story")
    screen._fits.pop(screen._fit_key(), None)
    kiosk.controller.go_home()
    kiosk.settle()
    kiosk.controller.open_story(story_id)
    kiosk.settle()
    return fit_state(screen), drawn_texts(kiosk)


@pytest.mark.parametrize("change", ["lang", "text scale"])
def test_a_change_on_the_story_fits_it_as_a_fresh_visit_would(short_in_english, change):
    kiosk, story = short_in_english
    kiosk.controller.large_text = change == "text scale"  # from large type back to the usual
    kiosk.controller.open_story(story.id)
    kiosk.settle()
    screen = kiosk.shell.manager.current_screen
    assert screen.compact, "German at the limits steps down"
    steps = screen.steps
    if change == "lang":
        kiosk.controller.set_lang("en")
    else:
        kiosk.controller.large_text = False
    kiosk.pump(1)
    first = fit_state(screen), drawn_texts(kiosk)
    kiosk.settle()
    shown = fit_state(screen), drawn_texts(kiosk)
    assert first == shown, "the first frame after the change shows the story as it stays"
    assert shown == fresh_fit(kiosk, story.id), "the story looks as if opened after the change"
    if change == "lang":
        assert not shown[0][0], "short English texts take their full size again"
        # Back to German: that fit is known, and is taken without a step.
        known = screen.steps
        kiosk.controller.set_lang("de")
        kiosk.settle()
        assert screen.steps == known and screen.compact
    else:
        assert screen.steps > steps, "the usual type size is fitted anew"


# -- the provider wall -------------------------------------------------------------------------


def wall(kiosk) -> list[str]:
    """The provider tiles' ids on the wall's first page, in their order."""
    grid = kiosk.shell.manager.get_screen("providers").grid
    return [tile.provider.id for tile in grid.tiles]


def test_the_wall_is_laid_out_once_per_session_before_the_visit(kiosk, sample_exhibition):
    from kiosk.ui.screens.providers import neutral_order

    kiosk.shell.build_screens()
    kiosk.pump(2)
    screen = kiosk.shell.manager.get_screen("providers")
    tiles, fills = list(screen.grid.tiles), screen.fills
    seed = kiosk.controller.session_seed
    assert wall(kiosk) == [p.id for p in neutral_order(sample_exhibition.providers, seed)]
    for _visit in range(2):
        kiosk.controller.open_providers()
        kiosk.settle()
        kiosk.controller.go_home()
        kiosk.settle()
    assert screen.fills == fills and screen.grid.tiles == tiles, "visits reuse the tiles as they are"
    kiosk.controller.reset_session()  # the next visitor
    kiosk.pump(2)
    assert screen.fills == fills + 1, "a new session lays the wall out anew before anyone visits it"
    assert wall(kiosk) == [p.id for p in neutral_order(sample_exhibition.providers, kiosk.controller.session_seed)]
    assert {id(tile) for tile in screen.grid.tiles} == {id(tile) for tile in tiles}, "the same tiles"
    kiosk.controller.open_providers()
    kiosk.settle()
    assert screen.fills == fills + 1
    shown = [k.removeprefix("provider:") for k in kiosk.elements() if k.startswith("provider:")]
    assert shown == wall(kiosk)[:len(shown)]


def test_a_content_swap_brings_a_wall_of_the_new_providers(kiosk, sample_exhibition, tmp_path):
    kiosk.controller.open_providers()
    kiosk.settle()
    other = make_exhibition(tmp_path, stories=2, providers=2)
    other = dataclasses.replace(other, providers=tuple(
        dataclasses.replace(p, name=t(f"Neu {n}", f"New {n}")) for n, p in enumerate(other.providers)))
    try:
        kiosk.controller.set_exhibition(other)
        kiosk.settle()
        names = {e.label for k, e in kiosk.elements().items() if k.startswith("provider:")}
        assert names == {"Neu 0", "Neu 1"}
    finally:
        kiosk.controller.set_exhibition(sample_exhibition)
        kiosk.settle()


# -- the key figures ---------------------------------------------------------------------------


def test_a_story_seen_before_measures_no_figure_again(long_kiosk, longest_stories):  # noqa: F811
    from kiosk.ui.widgets.figures import text_width

    story = longest_stories.stories[0]
    assert story.figures
    kiosk = long_kiosk
    kiosk.controller.open_story(story.id)
    kiosk.settle()
    kiosk.controller.go_home()
    kiosk.settle()
    measured = text_width.cache_info().misses
    kiosk.controller.open_story(story.id)
    kiosk.settle()
    assert text_width.cache_info().misses == measured, "every width the row needs is known"


@pytest.mark.parametrize("font", ["Inter", "InterSemiBold"])
def test_a_measured_width_is_the_drawn_width(window, font):
    from kivy.core.text import Label as CoreLabel

    from kiosk.ui.widgets.figures import text_width

    for text in ("1.800\u00a0€", "\u221212\u00a0Prozentpunkte", "des Umsatzes vorbestellt", "Wäg"):
        for size in (24, 31.2, 64):
            drawn = CoreLabel(text=text, font_name=font, font_size=size)
            drawn.refresh()
            assert text_width(text, font, size) == drawn.texture.size[0], (text, size)


def test_provider_chips_follow_each_story_and_are_reused(kiosk, sample_exhibition):
    """A story shows a chip per provider, in order, whatever the story before had; the chips
    are the same few widgets on every visit."""
    ex = sample_exhibition
    p = ex.providers
    stories = (dataclasses.replace(ex.stories[0], providers=(p[1], p[2])),
               dataclasses.replace(ex.stories[1], providers=(p[3],)),
               dataclasses.replace(ex.stories[2], providers=(p[0], p[3], p[1])))
    swapped = dataclasses.replace(ex, stories=stories + ex.stories[3:])
    seen = {}  # by id, holding each chip: an id is unique only while its object lives
    try:
        kiosk.controller.set_exhibition(swapped)
        kiosk.settle()
        for story in stories + stories[:1] + stories[2:] + stories[1:2]:
            kiosk.controller.open_story(story.id)
            kiosk.settle()
            screen = kiosk.shell.manager.current_screen
            chips = list(reversed(screen.chips_box.children))
            assert [chip.provider.id for chip in chips] == [q.id for q in story.providers]
            assert [chip.text for chip in chips] == [q.name.get("de") for q in story.providers]
            shown = {key for key in kiosk.elements() if key.startswith("provider:")}
            assert shown == {f"provider:{q.id}" for q in story.providers}
            seen.update((id(chip), chip) for chip in chips)
        assert len(seen) == 3, "three chips serve every story"
        kiosk.tap(f"provider:{stories[2].providers[1].id}")
        assert kiosk.controller.screen == "provider" and kiosk.controller.item == stories[2].providers[1].id
    finally:
        kiosk.controller.set_exhibition(ex)
        kiosk.settle()


def test_a_provider_shows_its_stories_with_the_tiles_of_earlier_visits(kiosk, sample_exhibition):
    """Each provider lists the tiles of its own stories, and the second round of visits makes
    no tile: every story's tile is made once."""
    ex = sample_exhibition
    tiles = {}  # by id, holding each tile: an id is unique only while its object lives
    for round_ in range(2):
        for provider in ex.providers:
            kiosk.controller.open_provider(provider.id)
            kiosk.settle()
            screen = kiosk.shell.manager.current_screen
            shown = list(reversed(screen.stories_box.children))
            assert [tile.story.id for tile in shown] == [s.id for s in ex.stories_of(provider.id)]
            assert {key for key in kiosk.elements() if key.startswith("story:")} == \
                {f"story:{s.id}" for s in ex.stories_of(provider.id)}
            if round_ == 0:
                tiles.update((id(tile), tile) for tile in shown)
            else:
                assert all(id(tile) in tiles for tile in shown), "the tiles of the first round"
    story = ex.stories_of(ex.providers[-1].id)[0]  # on the screen of the last provider visited
    kiosk.tap(f"story:{story.id}")
    assert (kiosk.controller.screen, kiosk.controller.item) == ("story", story.id)
