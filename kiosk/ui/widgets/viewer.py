"""The full-screen media viewer: a story's pictures and films as large as the screen allows.

It covers the screen it is laid over (the navigation bar stays, so "Start" and the
language remain where they always are). Above a bar that holds the arrows, the sound
control, the caption and "Zurück zur Geschichte", the stage takes the shape of the picture,
poster or playing film (:attr:`Gallery.shown_aspect`), as large as the room allows and
centred on the kiosk's background: no black bars and no crop; nothing is drawn over the
picture. A swipe or the arrows change the medium; a tap on a film plays or pauses it.
Closing fires ``on_close(index)`` with the medium the visitor got to.
"""

from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import ObjectProperty
from kivy.uix.floatlayout import FloatLayout

from kiosk.ui.widgets.common import Backdrop
from kiosk.ui.widgets.gallery import Gallery, MediaBar  # noqa: F401 - used in viewer.kv


class MediaViewer(Backdrop, FloatLayout):
    """See the module docstring. Events: ``on_close(index)``."""

    __events__ = ("on_close",)

    controller = ObjectProperty(None, rebind=True)
    """The kiosk controller (language, keeping the session alive while a film plays)."""

    gallery = ObjectProperty(None)
    """The :class:`~kiosk.ui.widgets.gallery.Gallery` inside (set by kv)."""

    def show(self, media, item: str, index: int) -> None:
        """Show ``media`` of the story or page ``item``, from the one at ``index``."""
        self.gallery.show_media(media, item, index)

    def close(self) -> None:
        """Free the film's decoder, fire ``on_close`` with the index shown, and let go of the
        medium: a closed viewer holds no window-sized picture (8 MB at 1080p) until it opens
        again. Opening it again within a minute finds the picture in Kivy's image cache; later,
        the opening decodes it again, as for any picture not shown before."""
        index = int(self.gallery.index)
        self.gallery.stop()
        self.dispatch("on_close", index)
        self.gallery.show_media((), "", 0)

    def on_close(self, index: int) -> None:
        """Default handler of ``on_close``."""

    def on_touch_down(self, touch):
        """Take every touch on the viewer: the story under it must not react to it."""
        return super().on_touch_down(touch) or self.collide_point(*touch.pos)

    def on_touch_move(self, touch):
        """Take every touch on the viewer (see :meth:`on_touch_down`)."""
        return super().on_touch_move(touch) or self.collide_point(*touch.pos)

    def on_touch_up(self, touch):
        """Take every touch on the viewer (see :meth:`on_touch_down`)."""
        return super().on_touch_up(touch) or self.collide_point(*touch.pos)


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
