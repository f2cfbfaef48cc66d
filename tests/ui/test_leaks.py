"""Screens are built once and reused; navigating does not pile up widgets, bindings or timers."""

from __future__ import annotations

import gc

import pytest

from kiosk.services.memory import collect_everything

pytestmark = [pytest.mark.window, pytest.mark.timeout(180)]


def live(cls_name: str) -> int:
    collect_everything()  # the kiosk freezes what it keeps, and frozen objects are not listed
    return sum(1 for o in gc.get_objects() if type(o).__name__ == cls_name)


def clock_events() -> int:
    from kivy.clock import Clock

    return len(Clock.get_events())


def tour(kiosk, exhibition) -> None:
    for story in exhibition.stories[:3]:
        kiosk.controller.open_story(story.id)
        kiosk.pump(2)
        kiosk.controller.open_provider(story.providers[0].id)
        kiosk.pump(2)
        kiosk.controller.go_back()
        kiosk.pump(2)
    kiosk.controller.open_providers()
    kiosk.pump(2)
    kiosk.controller.open_page(exhibition.pages[0].id)
    kiosk.pump(2)
    kiosk.controller.set_lang("en")
    kiosk.controller.toggle_goal(exhibition.settings.goals[0].id)
    kiosk.controller.go_home()
    kiosk.controller.reset_session()
    kiosk.settle()


def test_navigation_does_not_leak(kiosk, sample_exhibition):
    import weakref

    from kiosk.ui.screens.base import KioskScreen
    from kiosk.ui.widgets.video import live_decoders

    kiosk.shell.build_screens()  # the ones the idle frames have not built yet
    screens = [weakref.ref(s) for s in kiosk.shell.manager.screens]
    tour(kiosk, sample_exhibition)  # warm-up: lazy tiles and kv caches
    before = {name: live(name) for name in ("StoryTile", "ProviderChip", "ProviderTile", "QRView", "Slot")}
    events_before = clock_events()
    observers_before = len(kiosk.controller.get_property_observers("lang"))
    for _ in range(8):
        tour(kiosk, sample_exhibition)
    after = {name: live(name) for name in before}
    assert after == before
    assert clock_events() <= events_before + 2
    assert len(kiosk.controller.get_property_observers("lang")) <= observers_before
    assert all(ref() is not None for ref in screens)
    # type(), not isinstance(): kv's weak proxies pretend to be the class they point to. Only
    # this kiosk's screens count: other tests' kiosks, started and stopped in this process,
    # build theirs lazily and keep them until the process ends (one kiosk runs per process).
    mine = [o for o in gc.get_objects() if KioskScreen in type(o).__mro__ and o.controller is kiosk.controller]
    assert len(mine) == len(screens), "navigating builds no screen a second time"
    assert live_decoders() == 0


def scheduled() -> list[str]:
    """The callbacks of the Clock events scheduled now, by name, sorted."""
    from kivy.clock import Clock

    return sorted(getattr(e.get_callback(), "__qualname__", repr(e.get_callback())) for e in Clock.get_events())


def lasting_clock_events(kiosk, seconds: float = 4.0) -> list[str]:
    """The fewest Clock events over ``seconds`` of frames once the attract loop's picture
    decoder is idle, by callback name: what stays scheduled, without the one-shot callbacks in
    flight (each decoded picture reaches the UI thread through one, and each full cycle
    schedules a garbage collection for when its picture stands still, with a memory trim half
    a second later)."""
    import time

    from kiosk.ui.widgets import poster

    poster._decoder.submit(lambda: None).result(timeout=60)  # one worker: every earlier decode is done
    fewest = None
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        kiosk.pump(1)
        now = scheduled()
        if fewest is None or len(now) < len(fewest):
            fewest = now
    return fewest


def test_attract_cycles_do_not_leak(kiosk, sample_exhibition):
    layer = kiosk.shell.attract_layer
    kiosk.controller.enter_attract()
    kiosk.settle()
    # A full round first: each cycle leaves its own short-lived callbacks (the garbage
    # collection after a slide is put away), so the count is compared once they are all there.
    for _ in range(30):
        layer.advance()
        kiosk.pump(1)
    events_before = lasting_clock_events(kiosk)
    textures_before = live("Texture")
    for _ in range(60):
        layer.advance()
        kiosk.pump(1)
    events_after = lasting_clock_events(kiosk)
    assert len(events_after) <= len(events_before) + 2, f"before: {events_before}\nafter: {events_after}"
    assert live("Texture") <= textures_before + 4
    kiosk.controller.leave_attract()
    kiosk.settle()
    assert not layer.running


def observer_counts(dispatcher) -> dict[str, int]:
    """Return, per Kivy property of ``dispatcher``, how many observers are bound to it (dead
    weak ones included: Kivy drops those only when the property next changes)."""
    return {name: len(dispatcher.get_property_observers(name)) for name in dispatcher.properties()}


def test_provider_visits_leave_no_observers(kiosk, sample_exhibition):
    """The provider screen takes its story tiles off and puts them on again on every visit;
    the theme and the controller outlive them, so no visit may leave a binding behind."""
    from kiosk.ui.theme import theme

    def visit(times: int) -> None:
        providers = sample_exhibition.providers
        # Each round ends on the first provider, so the same tiles are on screen when counting.
        for n in range(1 - times, 1):
            kiosk.controller.open_provider(providers[n % len(providers)].id)
            kiosk.pump(2)
            kiosk.controller.go_home()
            kiosk.pump(2)
        collect_everything()

    visit(5)  # warm-up: kv caches, the screen built on its first visit
    theme_before, controller_before = observer_counts(theme), observer_counts(kiosk.controller)
    visit(50)
    assert observer_counts(theme) == theme_before
    assert observer_counts(kiosk.controller) == controller_before
