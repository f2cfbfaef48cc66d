"""The Kivy App: all it does is show the assembled kiosk's shell and start and stop the kiosk
with the app (what the kiosk is made of, and in which order it starts, is
:class:`kiosk.ui.assembly.Kiosk`'s)."""

from __future__ import annotations

from kivy.app import App

from kiosk.ui.assembly import Kiosk
from kiosk.ui.shell import Shell


class WerkbankKioskApp(App):
    """The kiosk app. Its kv file name would be ``werkbankkiosk.kv``, which does not exist,
    so Kivy's automatic kv load finds nothing; every kv file is loaded by its module."""

    title = "Werkbank Kiosk"

    def __init__(self, kiosk: Kiosk, **kwargs) -> None:
        super().__init__(**kwargs)
        self.kiosk = kiosk

    def build(self) -> Shell:
        """Return the kiosk's shell."""
        return self.kiosk.shell

    def on_start(self) -> None:
        """Start the kiosk once the window shows."""
        self.kiosk.start()

    def on_stop(self) -> None:
        """Stop the kiosk."""
        self.kiosk.stop()
