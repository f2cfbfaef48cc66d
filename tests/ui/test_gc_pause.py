"""No full garbage collection in a visitor's tap walks what the kiosk keeps: once the screens
are built, and after each attract cycle's collection, the kiosk freezes every object left
(:func:`kiosk.services.memory.collect_and_freeze`), so Python's automatic collections walk only
what was made since; garbage among the frozen objects goes at the next attract cycle."""

from __future__ import annotations

import gc
import weakref

import pytest
from test_lazy_screens import fresh  # noqa: F401 (the fixture)

from kiosk.services.memory import collect_everything
from kiosk.ui.screens import VISITOR_SCREENS

pytestmark = [pytest.mark.window, pytest.mark.timeout(180)]


def frames(count: int) -> None:
    """Render ``count`` frames."""
    from kivy.base import EventLoop

    for _ in range(count):
        EventLoop.idle()


def listed(obj) -> bool:
    """Whether ``obj`` is among the objects a full collection walks (frozen ones are not)."""
    return any(o is obj for o in gc.get_objects())


class Bound:
    """Stands for a widget and its bindings: an object in a reference cycle."""


def test_the_screens_are_frozen_once_built_and_a_visit_leaves_little_for_a_collection(fresh):  # noqa: F811
    collect_everything()
    kiosk = fresh(animate=False)  # as ``kiosk run`` starts: in the attract loop
    frames(1)
    assert gc.get_freeze_count() == 0, "nothing frozen before the screens are built"
    for _ in range(len(VISITOR_SCREENS) + 2):
        frames(1)
    screens = list(kiosk.shell.manager.screens)
    assert [screen.name for screen in screens] == list(VISITOR_SCREENS)
    frozen = gc.get_freeze_count()
    assert frozen > 50_000, f"only {frozen} objects frozen"
    assert not any(listed(screen) for screen in screens), "the built screens are frozen"
    kiosk.controller.leave_attract(kiosk.controller.exhibition.stories[0].id)
    frames(3)
    kiosk.controller.open_provider(kiosk.controller.exhibition.stories[0].providers[0].id)
    frames(3)
    kiosk.controller.go_back()
    frames(3)
    walked = len(gc.get_objects())
    assert walked < frozen / 5, f"a full collection now would walk {walked} objects, {frozen} frozen"


def test_an_attract_cycle_collects_garbage_among_the_frozen_objects_and_freezes_again(kiosk):
    first, second = Bound(), Bound()
    first.other, second.other = second, first
    gone = weakref.ref(first)
    kiosk.controller.note_attract_cycle()
    frames(2)
    assert gc.get_freeze_count() > 50_000 and not listed(first), "the cycle, alive then, is frozen"
    del first, second  # the widget is let go of: garbage among the frozen objects
    gc.collect()
    assert gone() is not None, "an automatic collection skips the frozen objects"
    kiosk.controller.note_attract_cycle()
    frames(2)
    assert gone() is None, "the next attract cycle collected it"
    assert gc.get_freeze_count() > 50_000
