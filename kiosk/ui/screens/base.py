"""The base class of every kiosk screen."""

from __future__ import annotations

from kivy.properties import ObjectProperty, StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.services.events import Screen as ScreenName
from kiosk.ui.widgets.keptlabels import KeptTexture, kept_textures, texture_key
from kiosk.ui.widgets.stillcache import StillCache

_PENDING = {"_trigger_texture": "texture_update", "_trigger_layout": "do_layout",
            "_trigger_update_from_scroll": "update_from_scroll"}
"""The deferred updates :meth:`KioskScreen.flush` runs at once: a label's texture, a layout's
children, and the size a scroll view gives the column inside it."""


class KioskScreen(StillCache, Screen):
    """A screen built once and reused for every visit, drawn once into a cached texture and
    shown as one rectangle until something on it changes (:class:`StillCache`).

    The shell sets :attr:`item_id` before the screen is entered; subclasses fill their
    content in :meth:`populate` (called from ``on_pre_enter``), start timers or videos in
    ``on_enter`` and free them in ``on_leave``.

    A screen that shows its item's QR code names its :attr:`qr_target` (and calls ``super()``
    in its own ``on_enter`` and ``on_leave``); the base reports the code to the statistics on
    entering and after each language switch.
    """

    qr_target: ScreenName | None = None
    """The kind of item whose QR code this screen shows (story, provider or page); None for none."""

    controller = ObjectProperty(None, rebind=True)
    """The kiosk :class:`~kiosk.ui.controller.Controller`."""

    item_id = StringProperty("")
    """Id of the story, provider or page to show; empty for screens without one."""

    def on_pre_enter(self, *_args) -> None:
        """Fill the screen for this visit."""
        self.populate()

    def populate(self) -> None:
        """Fill the per-visit content from :attr:`item_id`; the default does nothing."""

    def on_enter(self, *_args) -> None:
        """Report the QR code shown, now and after each language switch."""
        if self.qr_target is not None:
            self.controller.fbind("lang", self._note_qr)
            self._note_qr()

    def on_leave(self, *_args) -> None:
        """Stop following the language."""
        if self.qr_target is not None:
            self.controller.funbind("lang", self._note_qr)

    def qr_url(self, lang: str) -> str:
        """Return the URL of the QR code shown for :attr:`item_id` in ``lang``, or "" for none."""
        if self.qr_target is None or not self.item_id:
            return ""
        return self.controller.exhibition.qr_url_for(self.qr_target, self.item_id, lang) or ""

    def _note_qr(self, *_args) -> None:
        url = self.qr_url(self.controller.lang)
        if url:
            self.controller.note_qr(self.qr_target, self.item_id, url)

    def flush(self) -> None:
        """Bring every text and box of the screen to its new size now, instead of in the next
        frames (a layout pass triggers the next one; ten rounds are more than any screen needs)."""
        for _round in range(10):
            pending = [(widget, name) for widget in self.walk(restrict=True) for name in _PENDING
                       if getattr(widget, name, None) is not None and getattr(widget, name).is_triggered]
            if not pending:
                return
            for widget, name in pending:
                getattr(widget, name).cancel()
                getattr(widget, _PENDING[name])()

    def prepare(self, item_id: str, size) -> list[tuple]:
        """Fill the screen with ``item_id`` while another screen shows (the screen must not be
        in the window), lay it out at ``size`` (the screen's size when it shows) and keep its
        label textures (:mod:`kiosk.ui.widgets.keptlabels`), so that a visit of that item
        renders none of its texts; return the keys of the kept textures the visit will show."""
        self.size = size
        self.item_id = item_id
        self.populate()
        self.lay_out()
        keys = []
        for widget in self.walk(restrict=True):
            if isinstance(widget, KeptTexture):
                widget.keep_texture()
                key = texture_key(widget._label)
                if key in kept_textures:
                    keys.append(key)
        return keys

    def lay_out(self) -> None:
        """Bring the filled screen to the layout it will show (:meth:`prepare`); the default
        runs the pending layout passes."""
        self.flush()

    def revisit(self, item_id: str) -> None:
        """Show another item while this screen is already current (leave and enter again)."""
        self.dispatch("on_pre_leave")
        self.dispatch("on_leave")
        self.item_id = item_id
        self.dispatch("on_pre_enter")
        self.dispatch("on_enter")
