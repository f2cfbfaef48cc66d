"""Layers that cost one quad each, for the attract loop.

A software renderer (llvmpipe, and a Raspberry Pi's GPU in the same way) pays for every pixel
of every quad in every frame. The attract loop therefore draws each of its layers as one quad
at screen size at most:

- :class:`KenBurns`: a picture whose slow zoom and pan move the quad's texture coordinates
  over a texture of screen size, instead of scaling a larger texture;
- :class:`BakedLayer`: widgets (a gradient, a headline and its lines) drawn once into a
  texture, shown as one quad, and drawn again only when one of them changes;
- :class:`Shade`: the dark gradient under a slide's text, baked with it;
- :func:`decode`: the picture's pixels decoded by Pillow on a worker thread; the UI thread
  only uploads them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from kivy.clock import Clock
from kivy.graphics import (
    Callback,
    ClearBuffers,
    ClearColor,
    Color,
    Fbo,
    Rectangle,
    Translate,
)
from kivy.graphics.opengl import (
    GL_ONE,
    GL_ONE_MINUS_SRC_ALPHA,
    GL_SRC_ALPHA,
    glBlendFuncSeparate,
)
from kivy.graphics.texture import Texture
from kivy.lang import Builder
from kivy.properties import ListProperty, NumericProperty, ObjectProperty
from kivy.uix.widget import Widget

from kiosk.design import PALETTE, hex_rgb

log = logging.getLogger(__name__)

SHADE_TEXT = (0.86, 0.66)
"""Strength of the dark gradient at the bottom edge and at the top of a slide's text. At 0.66
even a white picture behind the text turns dark enough for white text at 6:1 (WCAG asks
4.5:1); above the text the gradient fades out."""

WATCHED = ("pos", "size", "opacity", "texture", "color", "solid")
"""Properties of a baked widget whose change means the texture must be drawn again (those a
widget has): where it is, whether it shows, and what its text or gradient looks like."""

_decoder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ui-decode")


def ken_burns_coords(texture_size, box_size, zoom: float, pan) -> tuple[float, ...]:
    """Return the texture coordinates (u, v of the four corners, counter-clockwise from the
    bottom left, v upwards, each 0..1) that show a texture in a box of ``box_size``.

    The texture covers the box (its overflowing sides cut), ``zoom`` 1.0 shows that whole
    cover, larger zooms show a smaller part of it. ``pan`` moves the picture by a fraction of
    its overflow, -1..1 in x and y: at +1 the picture's left (bottom) edge meets the box's.
    """
    tw, th = texture_size
    bw, bh = box_size
    if tw <= 0 or th <= 0 or bw <= 0 or bh <= 0:
        return (0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0)
    cover = max(bw / tw, bh / th) * max(zoom, 1.0)
    w, h = min(1.0, bw / cover / tw), min(1.0, bh / cover / th)
    u = (1 - w) / 2 * (1 - max(-1.0, min(1.0, pan[0])))
    v = (1 - h) / 2 * (1 - max(-1.0, min(1.0, pan[1])))
    return (u, v, u + w, v, u + w, v + h, u, v + h)


class KenBurns(Widget):
    """Draws :attr:`texture` covering the widget, slowly zoomed and panned by animation.

    The quad is the widget itself; zoom and pan only change its texture coordinates.
    """

    texture = ObjectProperty(None, allownone=True)
    """The picture, best at the widget's size (a larger one costs memory and upload time only)."""

    zoom = NumericProperty(1.0)
    """1.0 covers the widget exactly; larger zooms in."""

    pan = ListProperty([0.0, 0.0])
    """Offset as a fraction of the overflow, -1..1 in x and y."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        with self.canvas:
            self._color = Color(1, 1, 1, 0)
            self._rect = Rectangle()
        for name in ("texture", "zoom", "pan", "pos", "size"):
            self.fbind(name, self._redraw)

    def _redraw(self, *_args) -> None:
        texture = self.texture
        self._color.a = 1 if texture is not None else 0
        self._rect.texture = texture
        self._rect.pos, self._rect.size = self.pos, self.size
        if texture is None:
            return
        # Within the texture's own region: a flipped texture (Pillow's rows run top-down)
        # has its v running the other way.
        (u0, v0), (du, dv) = texture.uvpos, texture.uvsize
        coords = ken_burns_coords(texture.size, self.size, self.zoom, self.pan)
        self._rect.tex_coords = tuple(u0 + c * du if i % 2 == 0 else v0 + c * dv for i, c in enumerate(coords))


def _over_blend(_instruction) -> None:
    # Kivy adds alpha up (ONE, ONE): a text's soft edge over the gradient would come out more
    # opaque in the texture than on the screen. "Over" keeps the coverage the screen would get.
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA)


def _kivy_blend(_instruction) -> None:
    # Kivy's own blending, as it sets it up for the window: every other drawing expects it.
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE)


class BakedLayer(Widget):
    """Draws its one child into a texture of its own size and shows that texture as one quad.

    The child (and everything in it) stays a widget: it lays out, it can be walked and
    measured, but its canvas is not in the window's draw tree. The texture is drawn again
    before the next frame whenever a watched property (:data:`WATCHED`) of the child or a
    widget inside it changes, or this layer's size does; otherwise never. Out of the window
    nothing is drawn: a change meanwhile is drawn once :meth:`shown` says the layer is back.
    """

    extent = ListProperty([])
    """The part of the layer that is shown, as ``[x, y, width, height]`` in the layer's
    parent's coordinates; empty shows the whole layer. Less quad is less to draw."""

    bakes = NumericProperty(0)
    """How often the texture was drawn (the loop's tests count it)."""

    def __init__(self, **kwargs) -> None:
        self._content = None
        self._fbo = None
        self._translate = None
        self._watched: set[int] = set()
        self._missed = False  # a bake was due while the layer was out of the window
        self._trigger = Clock.create_trigger(self.bake, -1)
        super().__init__(**kwargs)
        with self.canvas:
            self._color = Color(1, 1, 1, 0)
            self._quad = Rectangle()
        for name in ("pos", "size"):
            self.fbind(name, self._trigger)
        self.fbind("extent", self._place)

    def add_widget(self, widget, *args, **kwargs) -> None:
        """Take ``widget`` as the content; its canvas goes into the texture, not the window."""
        if self._content is not None:
            raise ValueError("a BakedLayer draws exactly one widget; put several in a layout")
        super().add_widget(widget, *args, **kwargs)
        self.canvas.remove(widget.canvas)
        self._content = widget
        self._fbo = None  # the new content goes into a new texture
        self._trigger()

    def remove_widget(self, widget, *args, **kwargs) -> None:
        """Drop the content ``widget``; the layer then shows nothing."""
        if widget is not self._content:
            return
        if self._fbo is not None:
            self._fbo.remove(widget.canvas)
        self._fbo = self._content = None
        super().remove_widget(widget, *args, **kwargs)
        self._color.a = 0

    def _watch(self) -> None:
        """Bind the bake to every widget in the content, including ones kv added since."""
        for widget in self._content.walk(restrict=True):
            if id(widget) in self._watched:
                continue
            self._watched.add(id(widget))
            for name in WATCHED:
                if widget.property(name, quiet=True) is not None:
                    widget.fbind(name, self._trigger)

    def bake(self, *_args) -> None:
        """Draw the content into the texture now (normally called before the next frame)."""
        content = self._content
        width, height = round(self.width), round(self.height)
        if content is None or width < 1 or height < 1:
            return
        if self.get_parent_window() is None:
            # Nothing shows it, and out of the tree it is not laid out either: a texture drawn
            # now (a new framebuffer, whose shader llvmpipe compiles, about 10 ms) would be
            # drawn again at the size it shows at. Two slides did so before the first frame.
            self._missed = True
            return
        self._missed = False
        self._watch()
        # kv updates canvas instructions late in the frame (Builder.sync): without this, a
        # label that just moved would be baked where it was.
        Builder.sync()
        if self._fbo is None or tuple(self._fbo.size) != (width, height):
            if self._fbo is not None:
                self._fbo.remove(content.canvas)
            self._fbo = Fbo(size=(width, height))
            with self._fbo:
                ClearColor(0, 0, 0, 0)
                ClearBuffers()
                Callback(_over_blend)
                self._translate = Translate(0, 0)
            self._fbo.add(content.canvas)
            self._fbo.add(Callback(_kivy_blend))
        self._translate.xy = (-self.x, -self.y)
        # The texture holds colours already weighed by their coverage; shown with Kivy's
        # blending, a pixel only partly covered by the dark gradient comes out a shade darker
        # than drawn directly (at most 1 % of white), and text stays exact where it is solid.
        self._fbo.draw()
        self._quad.texture = self._fbo.texture
        self._color.a = 1
        self.bakes += 1
        self._place()

    def shown(self) -> None:
        """Say that the layer is in the window again: what changed while it was out of it is
        drawn before the next frame."""
        if self._missed:
            self._trigger()

    def _place(self, *_args) -> None:
        if self._fbo is None or self.width < 1 or self.height < 1:
            return
        x, y, w, h = self.extent if len(self.extent) == 4 else (*self.pos, *self.size)
        # Only the part that shows, inside the layer: an empty extent draws nothing.
        left, bottom = max(x, self.x), max(y, self.y)
        right, top = min(x + w, self.right), min(y + h, self.top)
        w, h = max(0.0, right - left), max(0.0, top - bottom)
        self._quad.pos, self._quad.size = (left, bottom), (w, h)
        u0, v0 = (left - self.x) / self.width, (bottom - self.y) / self.height
        u1, v1 = u0 + w / self.width, v0 + h / self.height
        self._quad.tex_coords = (u0, v0, u1, v0, u1, v1, u0, v1)


def _ramp(bottom: float, top: float, ease: bool) -> Texture:
    """A 1-pixel-wide texture of the shade colour, ``bottom`` opaque at its lowest row and
    ``top`` at its highest; ``ease`` fades along a smooth curve instead of a straight line."""
    steps = 64
    r, g, b = hex_rgb(PALETTE["shade"])
    rows = []
    for i in range(steps):  # rows run bottom-up in GL
        t = i / (steps - 1)
        if ease:
            t = t * t * (3 - 2 * t)
        rows.append((r, g, b, round(255 * (bottom + (top - bottom) * t))))
    texture = Texture.create(size=(1, steps), colorfmt="rgba")
    texture.blit_buffer(bytes(v for row in rows for v in row), colorfmt="rgba", bufferfmt="ubyte")
    return texture


class Shade(Widget):
    """A dark gradient from the bottom edge upwards: strong up to :attr:`solid` (where the text
    sits), then fading out over the rest of the widget, so white text reads on any photo."""

    solid = NumericProperty(0)
    """Height from the bottom of the strong part, in pixels; the text must sit inside it."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        with self.canvas:
            Color(1, 1, 1, 1)
            self._strong = Rectangle(texture=_ramp(*SHADE_TEXT, ease=False))
            self._fade = Rectangle(texture=_ramp(SHADE_TEXT[1], 0.0, ease=True))
        for name in ("pos", "size", "solid"):
            self.fbind(name, self._place)

    def _place(self, *_args) -> None:
        solid = min(self.solid, self.height)
        self._strong.pos, self._strong.size = self.pos, (self.width, solid)
        self._fade.pos, self._fade.size = (self.x, self.y + solid), (self.width, self.height - solid)


def decode(path: Path | str, on_ready: Callable[[Texture | None], None]) -> Future:
    """Decode the image file ``path`` on a worker thread and call ``on_ready(texture)`` on the
    main thread with a texture of its pixels, or with None if it does not decode (logged).

    Meant for image cache entries, which are already at the size they are shown: the UI
    thread only uploads the pixels. Returns the worker's future; cancelling it before the
    worker started on it drops the decode, and ``on_ready`` is not called.
    """
    future = _decoder.submit(_read, Path(path))

    def done(finished: Future) -> None:
        if not finished.cancelled():  # a cancelled decode has nobody waiting for it
            Clock.schedule_once(lambda _dt: _deliver(finished, Path(path), on_ready), 0)

    future.add_done_callback(done)
    return future


def _read(path: Path) -> tuple[tuple[int, int], str, bytes]:
    from PIL import Image

    with Image.open(path) as image:
        mode = "RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB"
        pixels = image.convert(mode)
        return pixels.size, mode.lower(), pixels.tobytes()


def _deliver(future: Future, path: Path, on_ready: Callable[[Texture | None], None]) -> None:
    try:
        size, colorfmt, pixels = future.result()
    except Exception:  # a broken entry must not stop whoever waits for it
        log.exception("cannot decode %s", path)
        on_ready(None)
        return
    texture = Texture.create(size=size, colorfmt=colorfmt)
    texture.blit_buffer(pixels, colorfmt=colorfmt, bufferfmt="ubyte")
    texture.flip_vertical()  # Pillow's rows run top-down, OpenGL's bottom-up
    on_ready(texture)
