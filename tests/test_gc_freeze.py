"""What survives the kiosk's collection at a still moment is frozen, so that Python's automatic
full collections during a visitor's tap walk only what was made since; garbage among the
frozen objects is still collected at the next still moment."""

from __future__ import annotations

import gc
import weakref

import pytest

from kiosk.services.memory import collect_and_freeze, collect_everything


class Held:
    """An object that lives as long as the kiosk, as a widget does; weak-referenceable."""


@pytest.fixture(autouse=True)
def unfrozen():
    """Leave the test process as it was: nothing frozen, the automatic collector on."""
    collect_everything()
    yield
    gc.enable()
    collect_everything()


def cycle() -> weakref.ref:
    """Make a reference cycle that nothing else holds (a widget and its bindings, say), and
    return a weak reference to one of its objects, which dies when the cycle is collected."""
    first, second = Held(), Held()
    first.other, second.other = second, first
    return weakref.ref(first)


def test_what_survives_the_collection_is_frozen_and_left_out_of_later_ones():
    held = [Held() for _ in range(20_000)]
    collect_and_freeze()
    assert gc.get_freeze_count() > len(held)
    walked = gc.get_objects()
    assert len(walked) < 1_000, "a full collection would walk only what was made since"
    assert not any(o is held or o is held[0] for o in walked)


def test_a_full_collection_after_the_freeze_walks_only_new_objects():
    held = [Held() for _ in range(20_000)]  # noqa: F841 (alive through the collections below)
    collect_and_freeze()
    made_since = [Held() for _ in range(100)]  # noqa: F841
    tracked = []

    def count(phase: str, info: dict) -> None:
        if phase == "start" and info["generation"] == 2:
            tracked.append(len(gc.get_objects()))

    gc.callbacks.append(count)
    try:
        gc.collect()
    finally:
        gc.callbacks.remove(count)
    assert tracked and tracked[0] < 1_000, f"the full collection had {tracked} objects to walk"


def test_garbage_among_the_frozen_objects_is_collected_at_the_next_still_moment():
    gc.disable()  # no automatic collection between the two still moments, as in a quiet hour
    ref = cycle()
    keep = ref()  # alive at the first still moment, as a shown screen is
    collect_and_freeze()
    assert ref() is not None
    del keep  # the screen is replaced: its cycle is garbage now, among the frozen objects
    gc.collect()
    assert ref() is not None, "a plain collection skips frozen objects"
    collect_and_freeze()
    assert ref() is None, "the next still moment collected the cycle frozen before"
    assert gc.get_freeze_count() > 0


def test_collect_everything_unfreezes_so_counts_see_every_object():
    held = Held()
    collect_and_freeze()
    assert not any(o is held for o in gc.get_objects())
    collect_everything()
    assert gc.get_freeze_count() == 0
    assert any(o is held for o in gc.get_objects())
