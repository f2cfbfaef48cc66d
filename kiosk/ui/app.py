"""The Kivy App: all it does is build the shell around the controller."""

from __future__ import annotations

from pathlib import Path

from kivy.app import App
from kivy.core.window import Window

from kiosk.ui.controller import Controller
from kiosk.ui.shell import Shell
from kiosk.ui.theme import register_fonts, theme


def build_shell(controller: Controller, ui_map: Path | None = None) -> Shell:
    """Register fonts, attach the theme to the window and return the root widget."""
    register_fonts()
    theme.attach(Window)
    return Shell(controller=controller, ui_map=ui_map)


class WerkbankKioskApp(App):
    """The kiosk app. Its kv file name would be ``werkbankkiosk.kv``, which does not exist,
    so Kivy's automatic kv load finds nothing; every kv file is loaded by its module."""

    title = "Werkbank Kiosk"

    def __init__(self, controller: Controller, ui_map: Path | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.controller = controller
        self.ui_map = ui_map

    def build(self) -> Shell:
        """Return the shell."""
        return build_shell(self.controller, self.ui_map)

    def on_start(self) -> None:
        """Start the idle timer once the window shows (Operations builds the slot-sized images)."""
        self.controller.start()
        self.root.schedule_map()

    def on_stop(self) -> None:
        """Close the open screen view and session for the statistics."""
        self.root.attract_layer.stop()
        self.controller.stop()
