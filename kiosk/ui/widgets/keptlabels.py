"""Label textures rendered ahead, on idle frames, for the screens a visitor may open next.

The story and page screens are one screen each, refilled per story or page, so their labels
render their texts afresh on every first visit: about 20 labels, inside the tap's frame.
:func:`KeptTexture.keep_texture` renders a label's texture now and keeps it in
:data:`kept_textures`, keyed by everything that decides its pixels (the text and every
option of Kivy's core label: font, size, colour, wrap width, alignment, padding, line height
...); a label whose text and options match a kept texture later shows that one instead of
rendering (:meth:`KeptTexture.texture_update`). A language switch, a text size, a resize or
new content change the key, so a kept texture is never shown for other pixels than its own;
a content swap clears them all, since the old content's texts will not come back.

Kivy's core label draws into its texture lazily (when it is first drawn) and reuses it for
its next text of the same size, so a kept texture is filled at once and taken away from the
core label that made it: no later text of that label can overwrite it.
"""

from __future__ import annotations

from collections import OrderedDict

MAX_BYTES = 32 * 2 ** 20
"""Most memory the kept textures take (RGBA bytes); the least recently used go first. The
story and page texts of the sample at 1920x1080 take about 6 MB in one language."""

MAX_COUNT = 1000
"""Most textures kept: small labels (buttons, chips) cost little memory but each a texture id."""

_DERIVED = frozenset({"font_name_r"})
"""Options the core label derives from the others while it renders: left out of the key,
which is taken before and after a render."""


def _frozen(value):
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(item) for item in value)
    if isinstance(value, dict):
        return tuple(sorted((key, _frozen(item)) for key, item in value.items()))
    return value


def texture_key(core) -> tuple:
    """Return the key of what Kivy's core label ``core`` draws: its class, text, wrap box and
    every option but the derived ones."""
    options = tuple(sorted((name, _frozen(value)) for name, value in core.options.items()
                           if name not in _DERIVED))
    return type(core).__name__, core.text, _frozen(core.text_size), options


class KeptTextures:
    """The kept label textures, least recently used first, bounded by :data:`MAX_BYTES` and
    :data:`MAX_COUNT`; :attr:`hits` and :attr:`misses` count the look-ups of labels that
    keep their textures (a miss is a texture rendered on the spot)."""

    def __init__(self, max_bytes: int = MAX_BYTES, max_count: int = MAX_COUNT) -> None:
        self.max_bytes = max_bytes
        self.max_count = max_count
        self.bytes = 0
        """RGBA bytes of the textures kept."""
        self.hits = 0
        self.misses = 0
        self._kept: OrderedDict[tuple, tuple] = OrderedDict()

    def __len__(self) -> int:
        return len(self._kept)

    def __contains__(self, key: tuple) -> bool:
        return key in self._kept

    def get(self, key: tuple):
        """Return ``(texture, is_shortened)`` kept for ``key``, or None; counts the look-up."""
        found = self._kept.get(key)
        if found is None:
            self.misses += 1
            return None
        self.hits += 1
        self._kept.move_to_end(key)
        return found

    def keep(self, key: tuple, texture, is_shortened: bool) -> None:
        """Keep ``texture`` (already filled) for ``key``, dropping the least recently used
        beyond the bounds."""
        if key in self._kept:
            return
        self._kept[key] = (texture, is_shortened)
        self.bytes += _size(texture)
        while self._kept and (self.bytes > self.max_bytes or len(self._kept) > self.max_count):
            _key, (dropped, _short) = self._kept.popitem(last=False)
            self.bytes -= _size(dropped)

    def clear(self) -> None:
        """Forget every kept texture (a content swap: the old texts will not come back)."""
        self._kept.clear()
        self.bytes = 0


def _size(texture) -> int:
    return int(texture.width) * int(texture.height) * 4


kept_textures = KeptTextures()
"""The kiosk's one store of label textures rendered ahead."""


class KeptTexture:
    """Mixin for a :class:`~kivy.uix.label.Label`: shows a texture kept in
    :data:`kept_textures` for its text and options instead of rendering it, and can render
    and keep its own (:meth:`keep_texture`). Labels with markup render as usual (their
    references come from the render)."""

    def texture_update(self, *largs) -> None:
        """Show the kept texture of this text and these options, else render as Kivy does."""
        core = self._label
        if self.markup or not core.text:
            super().texture_update(*largs)
            return
        found = kept_textures.get(texture_key(core))
        if found is None:
            super().texture_update(*largs)
            return
        texture, shortened = found
        self.texture = texture
        self.texture_size = list(texture.size)
        self.is_shortened = shortened

    def keep_texture(self) -> bool:
        """Bring the texture up to date, fill it now and keep it in :data:`kept_textures`;
        return whether it is kept (False for markup, an empty text, or one kept already, which
        the label then shows: two labels of the same text and options share one texture)."""
        if self._trigger_texture.is_triggered:
            self._trigger_texture.cancel()
            self.texture_update()
        core, texture = self._label, self.texture
        if self.markup or not core.text or texture is None or texture is core.texture_1px:
            return False
        key = texture_key(core)
        if key in kept_textures:
            if texture is core.texture:  # rendered before the other label kept its twin
                self.texture_update()
            return False
        # Drawn lazily otherwise: with whatever text the core label holds when first shown.
        texture.bind()
        if core.texture is texture:
            core.texture = None
            texture.remove_reload_observer(core._texture_refresh)
        kept_textures.keep(key, texture, self.is_shortened)
        return True
