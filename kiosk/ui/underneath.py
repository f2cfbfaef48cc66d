"""What a full-window layer covers, out of the draw tree while it covers it.

Kivy draws a widget even where an opaque layer hides it: on a software renderer every hidden
pixel costs as much as a visible one. :class:`Underneath` takes everything a parent draws
before one of its children (its own background, the children below) out of the parent's
canvas, and puts it back in the same order. The widgets stay as they are (they lay out, take
touches and change); only their drawing waits.
"""

from __future__ import annotations


class Underneath:
    """The instructions under ``layer`` in its parent's canvas; see the module docstring."""

    def __init__(self, layer) -> None:
        self._layer = layer
        self._parent = None
        self._taken: list = []  # bottom first
        self._child_canvases: set[int] = set()

    @property
    def hidden(self) -> bool:
        """True while something is out of the draw tree."""
        return self._parent is not None

    def hide(self) -> None:
        """Take out what the layer's parent draws before the layer (nothing if it has no parent)."""
        parent = self._layer.parent
        if parent is None or parent is self._parent:
            return
        self.show()
        group = parent.canvas
        if self._layer.canvas not in group.children:
            return
        self._taken = list(group.children[:group.children.index(self._layer.canvas)])
        self._child_canvases = {id(child.canvas) for child in parent.children}
        for instruction in self._taken:
            group.remove(instruction)
        self._parent = parent

    def show(self) -> None:
        """Put back what :meth:`hide` took out, at the bottom of the parent's canvas, in order.

        Works after the layer left its parent too; a child the parent removed meanwhile stays out.
        """
        parent, taken = self._parent, self._taken
        self._parent, self._taken = None, []
        if parent is None:
            return
        present = {id(child.canvas) for child in parent.children}
        back = [i for i in taken if id(i) not in self._child_canvases or id(i) in present]
        for position, instruction in enumerate(back):
            parent.canvas.insert(position, instruction)
