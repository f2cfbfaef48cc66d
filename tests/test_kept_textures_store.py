"""The store of label textures kept for first visits, against a plain model of it: whatever
sequence of keeps, look-ups and clears a session makes, it stays within its bounds, counts its
bytes exactly, and forgets the least recently used first. Needs no window: the store reads
only a texture's size."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.ui.widgets.keptlabels import KeptTextures


@dataclass(frozen=True)
class FakeTexture:
    """What the store reads of a texture."""

    width: int
    height: int


MAX_BYTES = 4 * 100  # 100 pixels
MAX_COUNT = 4

keys = st.sampled_from([(name,) for name in "abcdef"])
sizes = st.tuples(st.integers(1, 12), st.integers(1, 12))
steps = st.lists(st.one_of(st.tuples(st.just("keep"), keys, sizes),
                           st.tuples(st.just("get"), keys),
                           st.tuples(st.just("clear"))), max_size=60)


class Model:
    """The store as a list, least recently used first."""

    def __init__(self) -> None:
        self.kept: list[tuple[tuple, int]] = []  # (key, bytes)

    def keep(self, key: tuple, nbytes: int) -> None:
        """Keep a new key (a known one stays where it is) and drop from the front beyond the
        bounds."""
        if any(known == key for known, _ in self.kept):
            return
        self.kept.append((key, nbytes))
        while self.kept and (sum(n for _, n in self.kept) > MAX_BYTES or len(self.kept) > MAX_COUNT):
            self.kept.pop(0)

    def get(self, key: tuple) -> bool:
        """Move a known key to the back; return whether it was known."""
        for index, (known, nbytes) in enumerate(self.kept):
            if known == key:
                self.kept.append(self.kept.pop(index))
                return True
        return False


@settings(max_examples=300, deadline=None)
@given(steps)
def test_the_store_follows_its_model_and_stays_within_its_bounds(sequence):
    store = KeptTextures(max_bytes=MAX_BYTES, max_count=MAX_COUNT)
    model = Model()
    hits = misses = 0
    textures: dict[tuple, FakeTexture] = {}
    for step in sequence:
        if step[0] == "keep":
            _, key, (width, height) = step
            texture = FakeTexture(width, height)
            if key not in store:
                textures[key] = texture
            store.keep(key, texture, is_shortened=width > height)
            model.keep(key, width * height * 4)
        elif step[0] == "get":
            _, key = step
            found = store.get(key)
            known = model.get(key)
            assert (found is not None) == known
            if known:
                hits += 1
                texture, shortened = found
                assert texture is textures[key], "a key gives back the texture it was kept with"
                assert shortened == (texture.width > texture.height)
            else:
                misses += 1
        else:
            store.clear()
            model.kept.clear()
        assert [key for key, _ in model.kept] == [key for key in store._kept]
        assert store.bytes == sum(nbytes for _, nbytes in model.kept)
        assert store.bytes <= MAX_BYTES and len(store) <= MAX_COUNT
    assert (store.hits, store.misses) == (hits, misses)
