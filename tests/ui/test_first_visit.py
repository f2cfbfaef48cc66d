"""A first visit of a story or an info page costs what a second one does: while home shows,
every story and page is filled into its screen on idle frames (kiosk.ui.screens.ahead), so
that its visit renders none of its texts, fits nothing and finds its label textures kept
(kiosk.ui.widgets.keptlabels); and whatever changes after that (language, text size, window,
content) shows the right texts."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from sample import t

pytestmark = [pytest.mark.window, pytest.mark.timeout(300)]


def ahead(kiosk):
    """The home screen's preparer."""
    return kiosk.shell.manager.get_screen("home").ahead


def prepare_all(kiosk) -> None:
    """Go home and render until every story and page is prepared."""
    kiosk.controller.go_home()
    kiosk.settle()
    assert kiosk.wait_for(lambda: not ahead(kiosk).busy, timeout=60), "everything is prepared"


def kept_labels(screen) -> list:
    from kiosk.ui.widgets.keptlabels import KeptTexture

    return [w for w in screen.walk(restrict=True) if isinstance(w, KeptTexture) and w.text and not w.markup]


def label_pixels(texture) -> np.ndarray:
    return np.frombuffer(texture.pixels, dtype=np.uint8).reshape(texture.height, texture.width, 4)


def assert_texts_render_fresh(screen) -> None:
    """Every text on ``screen`` shows what its label renders afresh, without kept textures."""
    from kiosk.ui.widgets.keptlabels import kept_textures

    labels = kept_labels(screen)
    assert labels
    shown = [(label, label_pixels(label.texture)) for label in labels if label.texture is not None]
    kept, kept_textures._kept = kept_textures._kept, type(kept_textures._kept)()
    try:
        for label, pixels in shown:
            label.texture_update()
            fresh = label_pixels(label.texture)
            assert fresh.shape == pixels.shape and (fresh == pixels).all(), f"{label.text[:40]!r} shows other pixels"
    finally:
        kept_textures._kept = kept


class Fills:
    """Records the core labels that draw a text into a texture while it is entered (a texture
    is filled when first drawn: a label laid out and changed again before is never filled)."""

    def __enter__(self):
        from kivy.core.text import LabelBase

        self.cores, self._fill = [], LabelBase._render_real

        def recorded(core, *args, **kwargs):
            self.cores.append(core)
            return self._fill(core, *args, **kwargs)

        LabelBase._render_real = recorded
        return self

    def __exit__(self, *_exc) -> None:
        from kivy.core.text import LabelBase

        LabelBase._render_real = self._fill

    def of(self, screen) -> list[str]:
        """The texts filled by labels of ``screen`` that keep their textures."""
        cores = {id(label._label) for label in kept_labels(screen)}
        return [core.text for core in self.cores if id(core) in cores]


def visit(kiosk, kind: str, item: str) -> None:
    open_ = kiosk.controller.open_story if kind == "story" else kiosk.controller.open_page
    open_(item)


@pytest.mark.parametrize("kind", ["story", "page"])
def test_a_prepared_first_visit_renders_no_text_and_fits_nothing(real_kiosk, kind):
    from kiosk.ui.widgets.keptlabels import kept_textures

    kiosk, exhibition = real_kiosk, real_kiosk.controller.exhibition
    prepare_all(kiosk)
    items = [s.id for s in exhibition.stories] if kind == "story" else [p.id for p in exhibition.pages]
    screen = kiosk.shell.manager.get_screen(kind)
    assert screen.item_id != items[0], "the screen holds another item: its texts change on the visit"
    steps = getattr(screen, "steps", 0)
    with Fills() as fills:
        visit(kiosk, kind, items[0])
        kiosk.pump(1)  # the tap's frame: the new screen's first
    assert fills.of(screen) == [], "no text of the screen is drawn in the frame of the tap"
    assert getattr(screen, "steps", 0) == steps, "the fit was known"
    kiosk.settle()
    assert_texts_render_fresh(screen)
    # Unprepared, the next item draws its texts on its first frame: the count above can fail.
    kiosk.controller.go_home()
    kiosk.settle()
    ahead(kiosk).stop()
    ahead(kiosk).prepared.clear()  # prepared anew by the next test that goes home
    kept_textures.clear()
    with Fills() as fills:
        visit(kiosk, kind, items[1])
        kiosk.pump(1)
    assert len(fills.of(screen)) >= 2
    kiosk.settle()


def test_the_long_story_is_fitted_ahead_as_its_visit_fits_it(real_kiosk):
    from test_tap_work import fit_state

    kiosk = real_kiosk
    prepare_all(kiosk)
    story = "blumen-messenger"
    screen = kiosk.shell.manager.get_screen("story")
    visit(kiosk, "story", story)
    kiosk.settle()
    prepared = fit_state(screen)
    screen._fits.clear()  # as an unprepared first visit
    kiosk.controller.go_home()
    kiosk.settle()
    ahead(kiosk).stop()
    visit(kiosk, "story", story)
    kiosk.settle()
    assert fit_state(screen) == prepared


@pytest.mark.parametrize("change", ["lang", "text scale", "size"])
def test_a_change_after_preparing_shows_the_right_texts(real_kiosk, change):
    kiosk, exhibition = real_kiosk, real_kiosk.controller.exhibition
    prepare_all(kiosk)
    try:
        if change == "lang":
            kiosk.controller.set_lang("en")
        elif change == "text scale":
            kiosk.controller.toggle_large_text()
        else:
            kiosk.resize((1280, 800))
        kiosk.settle()
        for kind, item in (("story", exhibition.stories[1].id), ("page", exhibition.pages[0].id)):
            visit(kiosk, kind, item)
            kiosk.settle()
            screen = kiosk.shell.manager.current_screen
            assert_texts_render_fresh(screen)
            if change == "lang":
                title = (exhibition.story(item).title if kind == "story" else exhibition.page(item).title).get("en")
                assert title in {label.text for label in kept_labels(screen)}, "the English title shows"
    finally:
        kiosk.controller.set_lang("de")
        kiosk.controller.large_text = False
        kiosk.resize((1920, 1080))


def test_a_content_swap_forgets_the_kept_texts(real_kiosk):
    from kiosk.ui.widgets.keptlabels import kept_textures

    kiosk, exhibition = real_kiosk, real_kiosk.controller.exhibition
    prepare_all(kiosk)
    old_title = exhibition.stories[0].title.get("de")
    assert any(key[1] == old_title for key in kept_textures._kept)
    story = dataclasses.replace(exhibition.stories[0], title=t("Ein neuer Titel", "A new title"))
    swapped = dataclasses.replace(exhibition, stories=(story,) + exhibition.stories[1:])
    try:
        kiosk.controller.set_exhibition(swapped)
        kiosk.settle()
        assert not any(key[1] == old_title for key in kept_textures._kept), "the old texts are gone"
        prepare_all(kiosk)
        assert any(key[1] == "Ein neuer Titel" for key in kept_textures._kept), "the new ones are kept"
        visit(kiosk, "story", story.id)
        kiosk.settle()
        assert "Ein neuer Titel" in {label.text for label in kept_labels(kiosk.shell.manager.current_screen)}
    finally:
        kiosk.controller.set_exhibition(exhibition)
        kiosk.settle()


def test_nothing_is_prepared_while_a_fade_runs_or_on_the_screen_on_show(real_kiosk):
    kiosk = real_kiosk
    kiosk.controller.go_home()
    kiosk.settle()
    preparer = ahead(kiosk)
    preparer.stop()
    preparer.prepared.clear()
    kiosk.shell.animate = True
    try:
        kiosk.controller.open_story(kiosk.controller.exhibition.stories[0].id)
        preparer.start()
        kiosk.pump(1)
        assert kiosk.shell.manager.transition.is_active
        assert not preparer.prepared, "the fade's frames are the visitor's"
        kiosk.settle()
        assert kiosk.wait_for(lambda: not preparer.busy, timeout=60)
        story = kiosk.shell.manager.current_screen
        assert story.item_id == kiosk.controller.exhibition.stories[0].id, "the story on show kept its story"
        assert any(key[0] == "page" for key in preparer.prepared)
    finally:
        kiosk.shell.animate = False


def test_nothing_is_prepared_while_a_finger_is_on_the_glass(real_kiosk):
    """Kivy runs a frame's Clock events before its input: a step in the frame a finger lifts
    in would come before the tap's screen. While a touch is down, nothing is prepared."""
    from kivy.core.window import Window
    from kivy.tests.common import UnitTestTouch

    kiosk = real_kiosk
    prepare_all(kiosk)
    preparer = ahead(kiosk)
    preparer.prepared.clear()
    touch = UnitTestTouch(Window.width - 2, 2)  # a corner of home with nothing to tap
    touch.touch_down()
    try:
        preparer.start()
        kiosk.pump(4)
        assert preparer.busy and not preparer.prepared, "the finger's frames are the visitor's"
    finally:
        touch.touch_up()
    assert kiosk.wait_for(lambda: not preparer.busy, timeout=60)
    assert preparer.prepared


def test_coming_home_again_prepares_nothing_anew(real_kiosk):
    """A visit and the way home leave every prepared item prepared: the story on show is only
    refilled, and nothing pushes its textures out of the store."""
    kiosk = real_kiosk
    prepare_all(kiosk)
    visit(kiosk, "story", kiosk.controller.exhibition.stories[0].id)
    kiosk.settle()
    kiosk.controller.go_home()
    kiosk.pump(1)
    assert not ahead(kiosk).busy, "coming home finds every item still prepared"


def test_a_stopped_kiosk_prepares_nothing_and_starts_again(real_kiosk):
    """A stopped kiosk's screens are out of the window: its preparer schedules nothing (it used
    to wait a frame at a time, for ever, for screens no longer built) and ignores the shared
    text size, which another kiosk in the process may change; started again, home prepares."""
    from kivy.clock import Clock

    from kiosk.ui.theme import theme

    kiosk = real_kiosk
    prepare_all(kiosk)
    preparer = ahead(kiosk)
    preparer.prepared.clear()
    preparer.start()
    assert preparer.busy
    kiosk.assembled.stop()
    try:
        kiosk.pump(3)
        assert not preparer.busy
        theme.text_scale = 1.3
        kiosk.pump(3)
        steps = [e for e in Clock.get_events() if getattr(e.get_callback(), "__self__", None) is preparer]
        assert not preparer.busy and not steps and not preparer.prepared
    finally:
        theme.text_scale = 1.0
        kiosk.assembled.start(unattended=False)
        kiosk.reset()
    assert preparer.busy or preparer.prepared, "home prepares again once the kiosk runs"
    assert kiosk.wait_for(lambda: not preparer.busy, timeout=60)
    assert preparer.prepared


# -- the store ---------------------------------------------------------------------------------


def test_a_kept_texture_is_never_drawn_over(window):
    """The core label that rendered a kept texture draws its next text into a texture of its
    own, also at the same size."""
    from kiosk.ui.widgets.common import Txt
    from kiosk.ui.widgets.keptlabels import kept_textures

    label = Txt(text="Anna", width=400, max_chars=0)
    label.texture_update()
    assert label.keep_texture()
    kept = label.texture
    before = label_pixels(kept).copy()
    label.text = "Otto"  # as wide and tall as "Anna" in most fonts: Kivy would reuse the texture
    label.texture_update()
    label.texture.bind()
    assert label.texture is not kept
    assert (label_pixels(kept) == before).all()
    label.text = "Anna"
    label.texture_update()
    assert label.texture is kept, "the same text and options show the kept texture"
    kept_textures.clear()


def test_the_store_is_bounded_and_forgets_the_least_used_first(window):
    from kivy.graphics.texture import Texture

    from kiosk.ui.widgets.keptlabels import KeptTextures

    store = KeptTextures(max_bytes=3 * 10 * 10 * 4, max_count=5)
    for name in "abc":
        store.keep((name,), Texture.create(size=(10, 10)), False)
    store.get(("a",))
    store.keep(("d",), Texture.create(size=(10, 10)), False)
    assert ("b",) not in store and all((name,) in store for name in "acd")
    assert store.bytes == 3 * 400
    for name in "efghij":
        store.keep((name,), Texture.create(size=(1, 1)), False)
    assert len(store) == 5
    store.clear()
    assert len(store) == 0 and store.bytes == 0
