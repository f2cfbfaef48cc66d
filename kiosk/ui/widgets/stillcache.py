"""A still screen costs one quad: the screen's widgets draw into a cached texture once, and
every later frame shows that texture, until something on the screen changes.

Kivy's :class:`~kivy.graphics.Fbo` renders its children only when one of them flagged an
update, and every change a widget makes to its drawing (a label's new texture, a moved card,
a new picture, ``canvas.ask_update()`` after a video frame) flags its instruction and every
group above it, up to the window. The window redraws on exactly that flag, so the cache sees
every change the window would see: a language switch, a filter, a content swap, the text
scale and a resize all arrive as changed instructions and re-render the texture on the next
frame. Moving parts (a pressed button, the page dots, a scroll, a video frame) re-render it
while they move; when they stand still, the screen costs one textured rectangle again.

The widgets stay in the widget tree, so touches reach them as before: only their drawing
moves into the framebuffer.
"""

from __future__ import annotations

import math

from kivy.clock import Clock
from kivy.graphics import (
    Callback,
    Canvas,
    ClearBuffers,
    ClearColor,
    Color,
    Fbo,
    Rectangle,
)
from kivy.graphics.opengl import (
    GL_BLEND,
    GL_ONE,
    GL_ONE_MINUS_SRC_ALPHA,
    GL_SRC_ALPHA,
    glBlendFuncSeparate,
    glDisable,
    glEnable,
)
from kivy.properties import BooleanProperty, NumericProperty

from kiosk.ui.theme import C

_OFFSCREEN_SIZE = (1, 1)
"""The framebuffer's size while the widget is not in the window: a full-screen texture costs
8 MB at 1920x1080, and only the screen on show needs one."""


def keep_opaque(_instruction=None) -> None:
    """Blend colours as usual, but let the framebuffer's alpha only grow: drawn over an
    opaque clear, the texture stays opaque everywhere, so it shows over anything exactly as
    the widgets would have drawn there, whatever blending another drawing left behind."""
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA)


def usual_blending(_instruction=None) -> None:
    """Back to Kivy's blending after :func:`keep_opaque`, as Kivy sets it up for the window:
    colour (SRC_ALPHA, ONE_MINUS_SRC_ALPHA), alpha added up (ONE, ONE). Every other drawing
    expects it."""
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE)


def no_blending(_instruction=None) -> None:
    """Copy pixels instead of blending them: an opaque texture looks the same either way, and
    a software renderer then does not read back what lies under a full-screen rectangle."""
    glDisable(GL_BLEND)


def blending(_instruction=None) -> None:
    """Blend again after :func:`no_blending`, as Kivy expects."""
    glEnable(GL_BLEND)


class StillCache:
    """Mixin for a widget drawn in its own coordinates (a ``RelativeLayout``, e.g. a
    ``Screen``): its children draw into one framebuffer, shown as one rectangle.

    Put it before the widget class in the bases (``class S(StillCache, Screen)``). The
    framebuffer is cleared to the page background, so the texture is opaque and shows
    exactly what the widget drew over the background; it covers whatever lies under the
    widget, and the widget's own canvas instructions (none on the kiosk's screens).
    """

    cached = BooleanProperty(True)
    """True draws the children once into the cached texture; False draws them directly every
    frame, as a plain widget does (to compare with a fresh render, or to rule the cache out)."""

    still_renders = NumericProperty(0)
    """How often the cached texture has been drawn: it must not grow while nothing changes."""

    def __init__(self, **kwargs) -> None:
        # Made before the widget's kv rules run: they add the children through add_widget.
        self._still = Fbo(size=_OFFSCREEN_SIZE, with_stencilbuffer=True)
        with self._still:
            ClearColor(*C["bg"])
            ClearBuffers()
            Callback(self._count_render)
            Callback(keep_opaque)
        self._still_children = Canvas()
        self._still.add(self._still_children)
        self._still.add(Callback(usual_blending))
        self._still_quad = Canvas()
        self._still_quad.add(self._still)
        self._still_quad.add(Callback(no_blending))
        self._still_quad.add(Color(1, 1, 1, 1))
        self._still_rect = Rectangle(size=_OFFSCREEN_SIZE, texture=self._still.texture)
        self._still_quad.add(self._still_rect)
        self._still_quad.add(Callback(blending))
        super().__init__(**kwargs)
        self.canvas.add(self._still_quad)
        self.fbind("size", self._fit_still)
        self.fbind("parent", self._fit_still)
        self.fbind("cached", self._on_cached)
        # -1: before the next frame, so that no frame shows a widget without its picture.
        self._refit_still = Clock.create_trigger(self._fit_still, -1)
        self._fit_still()

    def _count_render(self, _instruction) -> None:
        self.still_renders += 1

    def _fit_still(self, *_args) -> None:
        """Size the framebuffer to the widget in whole pixels (one texel per pixel, so the
        texture shows sharp), or shrink it while the widget is not in the window."""
        if self.parent is None or not self.cached:
            size = _OFFSCREEN_SIZE
        else:
            size = (max(1, math.ceil(self.width)), max(1, math.ceil(self.height)))
        if tuple(self._still.size) != size:
            self._resize_still(size)

    def _resize_still(self, size: tuple[int, int]) -> None:
        """Give the framebuffer a new texture of ``size`` (Kivy makes one on every size
        change) and show that one."""
        self._still.size = size
        self._still_rect.texture = self._still.texture
        self._still_rect.size = size

    def hand_over_picture(self):
        """Return the texture that shows the widget as it looks now, or None without one
        (not cached, or not in the window).

        The caller owns the texture (a cross-fade shows it after the widget left the
        window); the cache draws into a new texture from now on. That one is made at the
        smallest size: the caller is about to take the widget out of the window, where it
        stays that small. Should the widget stay, it gets its full size again before the
        next frame.
        """
        if not self.cached or self.parent is None:
            return None
        self._still.draw()  # a change may wait for the next frame (nothing to draw otherwise)
        texture = self._still.texture
        self._resize_still(_OFFSCREEN_SIZE)
        self._refit_still()
        return texture

    def add_widget(self, widget, *args, **kwargs):
        """Add ``widget``; its drawing goes into the cached texture (see :attr:`cached`)."""
        if not self.cached:
            return super().add_widget(widget, *args, **kwargs)
        canvas, self.canvas = self.canvas, self._still_children
        try:
            return super().add_widget(widget, *args, **kwargs)
        finally:
            self.canvas = canvas

    def remove_widget(self, widget, *args, **kwargs):
        """Remove ``widget`` and its drawing, from the cached texture or the widget's canvas."""
        if widget.canvas not in self._still_children.children:
            return super().remove_widget(widget, *args, **kwargs)
        canvas, self.canvas = self.canvas, self._still_children
        try:
            return super().remove_widget(widget, *args, **kwargs)
        finally:
            self.canvas = canvas

    def _on_cached(self, _widget, cached: bool) -> None:
        """Move the children's drawing into the framebuffer or out of it, in drawing order."""
        source, target = ((self.canvas, self._still_children) if cached
                          else (self._still_children, self.canvas))
        if cached:
            self.canvas.add(self._still_quad)
        else:
            self.canvas.remove(self._still_quad)
        for child in reversed(self.children):  # children[0] is drawn last
            source.remove(child.canvas)
            target.add(child.canvas)
        self._fit_still()
