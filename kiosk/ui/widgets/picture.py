"""An image that shows a slot-sized copy from the image cache, never the photo itself.

The copy comes from :func:`kiosk.ui.media.request`; until it is built (or when the file is
broken) a calm neutral box shows, so the UI thread never decodes a 24 MP photo.
"""

from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import AliasProperty, ListProperty, OptionProperty, StringProperty
from kivy.uix.image import Image

from kiosk.ui import media


class CachedImage(Image):
    """Shows :attr:`path` scaled for :attr:`slot`; ``fit_mode`` follows the slot."""

    path = StringProperty("")
    """The content image; empty shows the neutral box."""

    slot = OptionProperty("media", options=("cover", "thumb", "media", "fullscreen", "viewer"))
    """Which slot size the copy is made for (see :func:`kiosk.services.imagecache.slot_boxes`)."""

    window_size = ListProperty([0, 0])
    """The window size the copy is made for; kv ties it to the theme."""

    focus = ListProperty([0.5, 0.5])
    """The point of the picture to keep in view when ``fit_mode`` is ``cover`` and the box
    crops it, as (x, y) fractions from the top-left corner; the centre by default. The cache
    cuts its copy around it, and the box's own crop centres it again."""

    def _get_image_pos(self) -> tuple[float, float]:
        width, height = self.norm_image_size
        fx, fy = self.focus
        # From x, y, width and height only: the cached center_x, right and top may not have
        # caught up with a move yet when this runs.
        centre_x, centre_y = self.x + self.width / 2, self.y + self.height / 2
        # The focus point goes to the middle of the box, as far as the picture still covers
        # the box; a picture smaller than its box (contain) stays centred.
        x = centre_x - width / 2 if width <= self.width else \
            min(self.x, max(self.x + self.width - width, centre_x - fx * width))
        y = centre_y - height / 2 if height <= self.height else \
            min(self.y, max(self.y + self.height - height, centre_y - (1 - fy) * height))
        return x, y

    image_pos = AliasProperty(_get_image_pos, bind=("x", "y", "width", "height", "norm_image_size", "focus"),
                              cache=True)
    """Where the picture is drawn: centred on :attr:`focus` inside the box."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        # The theme outlives every image and tiles are rebuilt on every visit, so the image
        # follows the window through its own property, bound to the theme in kv: Kivy unbinds
        # kv rules when a widget dies, a binding made here would stay on the theme.
        for name in ("path", "slot", "window_size", "focus"):
            self.fbind(name, self.refresh)
        self.refresh()

    def refresh(self, *_args) -> None:
        """Show the cached copy for the current window, or ask for it to be built."""
        if not self.path:
            self.source = ""
            return
        found = media.request(self.path, self.slot, self._on_ready, tuple(self.focus))
        if found is not None:
            self.source = str(found)

    def _on_ready(self, source: Path, path: Path) -> None:
        # A late answer for a picture this widget no longer shows must not replace it.
        if str(source) == self.path:
            self.source = str(path)

Builder.load_file(str(Path(__file__).with_suffix(".kv")))
