"""The cross-fade between screens, at the cost of one screen per frame.

Kivy's ``FadeTransition`` renders both screens into framebuffers on every frame of the fade
and blends them. Here the outgoing screen's picture is frozen when the fade starts, and the
screen is taken out of the window; every frame then draws the new screen as usual (one
cached rectangle, see :mod:`kiosk.ui.widgets.stillcache`) and the frozen picture over it,
fading from opaque to clear. The picture is the same blend, ``out * (1 - t) + in * t``.

A screen with a still cache hands its cached texture over, so freezing it draws nothing, and
gets its framebuffer back when the fade ends, for the next screen to draw into; any other
screen is drawn once into a texture of its own.

Everything else is Kivy's ``TransitionBase``: the screens' enter and leave events, the
manager ignoring touches while ``is_active``, ``stop()`` ending the fade at once.
"""

from __future__ import annotations

import math

from kivy.graphics import (
    Callback,
    ClearBuffers,
    ClearColor,
    Color,
    Fbo,
    PopMatrix,
    PushMatrix,
    Rectangle,
    Translate,
)
from kivy.properties import NumericProperty
from kivy.uix.screenmanager import TransitionBase

from kiosk.ui.theme import C
from kiosk.ui.widgets.stillcache import (
    all_samples,
    framebuffers,
    keep_opaque,
    one_sample,
    usual_blending,
)


class FrozenFade(TransitionBase):
    """Fades the outgoing screen, frozen into a texture once, over the live incoming screen."""

    freezes = NumericProperty(0)
    """How often an outgoing screen without a still cache has been drawn into a texture of
    its own: once per such fade (a cached screen hands its texture over instead)."""

    def __init__(self, **kwargs) -> None:
        self._veil = None  # colour, rectangle and all instructions of the frozen picture while a fade runs
        super().__init__(**kwargs)

    def start(self, manager) -> None:
        """Freeze the outgoing screen, take it out of the window, and start the fade (a
        screen that is not in the window, having nothing to show, fades nothing)."""
        if self.screen_out.parent is manager:
            self._freeze(manager, self.screen_out)
        super().start(manager)

    def _freeze(self, manager, screen) -> None:
        """Lay the picture of ``screen`` over the manager, and take the screen out of the
        window, so that it costs nothing while it fades."""
        hand_over = getattr(screen, "hand_over_picture", None)
        texture = hand_over() if hand_over is not None else None
        if texture is None:
            texture = self._draw_once(manager, screen)
        manager.real_remove_widget(screen)
        with manager.canvas.after:
            first = Callback(one_sample)  # a picture on whole pixels, as the screen's own
            colour = Color(1, 1, 1, 1)
            rectangle = Rectangle(pos=screen.pos, size=texture.size, texture=texture)
            last = Callback(all_samples)
        self._veil = (colour, rectangle, (first, colour, rectangle, last))

    def _draw_once(self, manager, screen):
        """Draw ``screen`` once into a texture of its size and return it."""
        size = (max(1, math.ceil(screen.width)), max(1, math.ceil(screen.height)))
        fbo = Fbo(size=size, with_stencilbuffer=True)
        # A drawing belongs to one group at a time: out of the manager's canvas, into the
        # framebuffer for one draw, and back.
        index = manager.canvas.indexof(screen.canvas)
        manager.canvas.remove(screen.canvas)
        with fbo:
            ClearColor(*C["bg"])  # what the shell shows under a screen
            ClearBuffers()
            Callback(self._count_freeze)
            Callback(keep_opaque)
            PushMatrix()
            Translate(-screen.x, -screen.y)
        fbo.add(screen.canvas)
        with fbo:
            PopMatrix()
            Callback(usual_blending)
        fbo.draw()
        fbo.remove(screen.canvas)
        manager.canvas.insert(index, screen.canvas)
        return fbo.texture

    def _count_freeze(self, _instruction) -> None:
        self.freezes += 1

    def on_progress(self, progression: float) -> None:
        """Let the new screen show through the frozen one as the fade goes on."""
        if self._veil is not None:
            self._veil[0].a = 1.0 - progression

    def on_complete(self) -> None:
        """Take the frozen picture away, and give a still cache's framebuffer back (a texture
        of its own is freed with the rectangle)."""
        if self._veil is not None:
            _colour, rectangle, instructions = self._veil
            self._veil = None
            for instruction in instructions:
                self.manager.canvas.after.remove(instruction)
            framebuffers.give_back(rectangle.texture)
        super().on_complete()
