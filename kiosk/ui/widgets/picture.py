"""An image that shows a slot-sized copy from the image cache, never the photo itself.

The copy comes from :func:`kiosk.ui.media.request`; until it is built (or when the file is
broken) a calm neutral box shows, so the UI thread never decodes a 24 MP photo.
"""

from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder
from kivy.properties import ListProperty, OptionProperty, StringProperty
from kivy.uix.image import Image

from kiosk.ui import media


class CachedImage(Image):
    """Shows :attr:`path` scaled for :attr:`slot`; ``fit_mode`` follows the slot."""

    path = StringProperty("")
    """The content image; empty shows the neutral box."""

    slot = OptionProperty("media", options=("cover", "thumb", "media", "fullscreen"))
    """Which slot size the copy is made for (see :func:`kiosk.services.imagecache.slot_boxes`)."""

    window_size = ListProperty([0, 0])
    """The window size the copy is made for; kv ties it to the theme."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        # The theme outlives every image and tiles are rebuilt on every visit, so the image
        # follows the window through its own property, bound to the theme in kv: Kivy unbinds
        # kv rules when a widget dies, a binding made here would stay on the theme.
        for name in ("path", "slot", "window_size"):
            self.fbind(name, self.refresh)
        self.refresh()

    def refresh(self, *_args) -> None:
        """Show the cached copy for the current window, or ask for it to be built."""
        if not self.path:
            self.source = ""
            return
        found = media.request(self.path, self.slot, self._on_ready)
        if found is not None:
            self.source = str(found)

    def _on_ready(self, source: Path, path: Path) -> None:
        # A late answer for a picture this widget no longer shows must not replace it.
        if str(source) == self.path:
            self.source = str(path)

Builder.load_file(str(Path(__file__).with_suffix(".kv")))
