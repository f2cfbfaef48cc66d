"""The keyboard lockdown: no key and no window-close request ends or changes the kiosk.

Escape, Alt+F4 (without a window manager it is only a key) and the function keys all end here,
so Kivy's own key handling never runs. Only the staff panel and SIGTERM end the kiosk; neither
goes through the window's close request.
"""

from __future__ import annotations

import logging

from kivy.core.window import Window

log = logging.getLogger(__name__)


class Lockdown:
    """Takes every key and refuses every close request while started."""

    def start(self) -> None:
        """Take the keys and close requests."""
        Window.bind(on_keyboard=self._on_keyboard, on_request_close=self._on_request_close)

    def stop(self) -> None:
        """Give them back."""
        Window.unbind(on_keyboard=self._on_keyboard, on_request_close=self._on_request_close)

    def _on_keyboard(self, _window, key, *_args) -> bool:
        log.debug("key %s ignored", key)
        return True

    def _on_request_close(self, *_args, **_kwargs) -> bool:
        log.info("window close request refused (the kiosk ends only from the staff panel or by SIGTERM)")
        return True
