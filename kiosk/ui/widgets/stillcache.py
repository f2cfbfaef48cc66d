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

Only a screen on show holds a framebuffer. They come from :data:`framebuffers`, which keeps
one spare of the window's size: the screen that leaves hands its framebuffer over (to the
cross-fade, which gives it back when the fade ends, or straight to the spare), and the next
screen to show takes it. Made afresh, a full-screen framebuffer cost every tap its
allocation, a clear and about 4,500 page faults (8 MB of fresh memory at 1920x1080).
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
    GL_VERSION,
    glBlendFuncSeparate,
    glDisable,
    glEnable,
    glGetIntegerv,
    glGetString,
)
from kivy.properties import BooleanProperty, NumericProperty

from kiosk.ui.theme import C

_GL_MULTISAMPLE = 0x809D  # desktop OpenGL only; not in kivy.graphics.opengl
_GL_SAMPLE_BUFFERS = 0x80A8
_multisampled = None  # whether the window multisamples and lets it be switched off; asked once


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


def _window_multisamples() -> bool:
    global _multisampled
    if _multisampled is None:
        desktop = not glGetString(GL_VERSION).startswith(b"OpenGL ES")
        _multisampled = desktop and glGetIntegerv(_GL_SAMPLE_BUFFERS)[0] > 0
    return _multisampled


def one_sample(_instruction=None) -> None:
    """Draw without multisampling: a rectangle on whole pixels covers all of each pixel's
    samples either way, and a software renderer fills it faster one sample at a time
    (llvmpipe gives Kivy's window, which asks for 2, four samples a pixel: about 10 ms of
    each tap's frame here). Nothing happens on OpenGL ES, which cannot switch it off."""
    if _window_multisamples():
        glDisable(_GL_MULTISAMPLE)


def all_samples(_instruction=None) -> None:
    """Multisample again after :func:`one_sample`, as the rest of the window expects."""
    if _window_multisamples():
        glEnable(_GL_MULTISAMPLE)


class Framebuffers:
    """The still caches' framebuffers, and one spare to hand on: a screen that shows takes the
    spare when it has the screen's size, and a screen that leaves gives its framebuffer back.

    Each framebuffer clears to the page background and draws one screen's drawing (an inner
    canvas, moved from framebuffer to framebuffer) with :func:`keep_opaque` blending. Its
    texture samples the nearest texel: it is shown one texel per pixel, where linear
    filtering looks the same and costs a software renderer more for every full-screen quad.
    """

    _INNER = 3
    """Where a screen's drawing goes among the framebuffer's instructions (after the clear)."""

    def __init__(self) -> None:
        self.made = 0
        """How many framebuffers have been made: a screen change that reuses one makes none."""
        self._spare = None
        self._lent = None  # (texture, framebuffer) of the picture a cross-fade shows

    def take(self, size: tuple[int, int], drawing) -> Fbo:
        """Return a framebuffer of ``size`` that draws ``drawing`` (a canvas) on its next
        draw: the spare if it has that size, else a new one."""
        fbo, self._spare = self._spare, None
        if fbo is None or tuple(fbo.size) != size:
            fbo = self._make(size)
        fbo.insert(self._INNER, drawing)  # flags the framebuffer: it draws anew
        return fbo

    def _make(self, size: tuple[int, int]) -> Fbo:
        self.made += 1
        fbo = Fbo(size=size, with_stencilbuffer=True)
        fbo.texture.min_filter = "nearest"
        fbo.texture.mag_filter = "nearest"
        with fbo:
            ClearColor(*C["bg"])
            ClearBuffers()
            Callback(keep_opaque)
            Callback(usual_blending)
        return fbo

    def give(self, fbo: Fbo, drawing) -> None:
        """Take ``drawing`` out of ``fbo`` and keep ``fbo`` as the spare (a spare kept
        before is let go)."""
        fbo.remove(drawing)
        self._spare = fbo

    def lend(self, fbo: Fbo, drawing):
        """Take ``drawing`` out of ``fbo`` and return its texture, whose picture stays as it
        is until :meth:`give_back`; then the framebuffer becomes the spare. Only the last
        one lent comes back: an earlier one is freed with its texture."""
        fbo.remove(drawing)
        self._lent = (fbo.texture, fbo)
        return fbo.texture

    def give_back(self, texture) -> None:
        """The picture ``texture`` is no longer shown: its framebuffer becomes the spare
        (a texture that was not lent is left alone)."""
        if self._lent is not None and self._lent[0] is texture:
            self._spare, self._lent = self._lent[1], None


framebuffers = Framebuffers()
"""The framebuffers of every still cache in this process (Kivy has one window per process)."""


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
        self._still = None  # the framebuffer, while the widget is in the window
        self._still_drawing = Canvas()  # what goes into whichever framebuffer it has
        self._still_drawing.add(Callback(self._count_render))
        self._still_children = Canvas()
        self._still_drawing.add(self._still_children)
        self._still_quad = Canvas()
        self._still_quad.add(Callback(no_blending))
        self._still_quad.add(Callback(one_sample))
        self._still_quad.add(Color(1, 1, 1, 1))
        self._still_rect = Rectangle(size=(0, 0), texture=None)
        self._still_quad.add(self._still_rect)
        self._still_quad.add(Callback(all_samples))
        self._still_quad.add(Callback(blending))
        super().__init__(**kwargs)
        self.canvas.add(self._still_quad)
        self.fbind("size", self._fit_still)
        self.fbind("parent", self._fit_still)
        self.fbind("cached", self._on_cached)
        # -1: before the next frame, so that no frame shows a widget without its picture.
        self._refit_still = Clock.create_trigger(self._take_still, -1)
        self._fit_still()

    def _count_render(self, _instruction) -> None:
        self.still_renders += 1

    def _fit_still(self, *_args) -> None:
        """Give the framebuffer back at once when the widget leaves the window (or stops
        caching), and fit one to the widget before the next frame otherwise: a widget just
        added to the window often has a size of its own until its first layout, and a
        framebuffer taken for that size would cost a new one of the right size."""
        if self.parent is None or not self.cached:
            self._let_go_still()
        else:
            self._refit_still()

    def _take_still(self, *_args) -> None:
        """Give the widget a framebuffer of its size in whole pixels (one texel per pixel, so
        the texture shows sharp)."""
        if self.parent is None or not self.cached:
            return
        size = (max(1, math.ceil(self.width)), max(1, math.ceil(self.height)))
        if self._still is not None and tuple(self._still.size) == size:
            return
        self._let_go_still()
        self._still = framebuffers.take(size, self._still_drawing)
        self._still_quad.insert(0, self._still)
        self._still_rect.texture = self._still.texture
        self._still_rect.size = size

    def _detach_still(self):
        """Take the framebuffer out of the widget's drawing and return it (None without one)."""
        fbo, self._still = self._still, None
        if fbo is not None:
            self._still_quad.remove(fbo)
            self._still_rect.texture = None
            self._still_rect.size = (0, 0)
        return fbo

    def _let_go_still(self) -> None:
        fbo = self._detach_still()
        if fbo is not None:
            framebuffers.give(fbo, self._still_drawing)

    def hand_over_picture(self):
        """Return the texture that shows the widget as it looks now, or None without one
        (not cached, or not in the window).

        The caller shows the texture after the widget left the window (a cross-fade), and
        calls ``framebuffers.give_back(texture)`` when it no longer does, so that the next
        screen draws into it. The widget has no framebuffer from now on: the caller is about
        to take it out of the window. Should the widget stay, it takes one again before the
        next frame.
        """
        if not self.cached or self.parent is None or self._still is None:
            return None
        self._still.draw()  # a change may wait for the next frame (nothing to draw otherwise)
        fbo = self._detach_still()
        self._refit_still()
        return framebuffers.lend(fbo, self._still_drawing)

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
        self._take_still()  # the widget has its size: no layout to wait for
