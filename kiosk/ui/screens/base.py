"""The base class of every kiosk screen."""

from __future__ import annotations

from kivy.properties import ObjectProperty, StringProperty
from kivy.uix.screenmanager import Screen


class KioskScreen(Screen):
    """A screen built once and reused for every visit.

    The shell sets :attr:`item_id` before the screen is entered; subclasses fill their
    content in :meth:`populate` (called from ``on_pre_enter``), start timers or videos in
    ``on_enter`` and free them in ``on_leave``.
    """

    controller = ObjectProperty(None, rebind=True)
    """The kiosk :class:`~kiosk.ui.controller.Controller`."""

    item_id = StringProperty("")
    """Id of the story, provider or page to show; empty for screens without one."""

    def on_pre_enter(self, *_args) -> None:
        """Fill the screen for this visit."""
        self.populate()

    def populate(self) -> None:
        """Fill the per-visit content from :attr:`item_id`; the default does nothing."""

    def revisit(self, item_id: str) -> None:
        """Show another item while this screen is already current (leave and enter again)."""
        self.dispatch("on_pre_leave")
        self.dispatch("on_leave")
        self.item_id = item_id
        self.dispatch("on_pre_enter")
        self.dispatch("on_enter")
