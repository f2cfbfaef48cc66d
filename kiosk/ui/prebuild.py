"""Work a tap would otherwise wait for, done ahead: the QR codes of every screen a visitor can
open, for the exhibition shown, in every language.

Making one code (``qrcode`` tries eight masks in pure Python) took 0.1 to 0.3 s of the frame
after a tap on a story, a provider or a page on the bench machine. The codes are made on a
thread once the first frame is on screen, and again after a content swap, into the cache of
:func:`kiosk.services.qr.qr_matrix`, where the screens then find them. The thread touches no
widget; a newer exhibition stops an older run between two codes.
"""

from __future__ import annotations

import logging
import threading

from kivy.clock import Clock
from kivy.core.window import Window

log = logging.getLogger(__name__)


def qr_urls(exhibition, first_lang: str) -> list[str]:
    """Return every URL a QR code on a screen of ``exhibition`` encodes, without repeats: the
    stories' first (in the home screen's order), then the providers' and the pages'; all in
    ``first_lang`` before the other languages, since a visitor rarely switches."""
    languages = [first_lang] + [lang for lang in exhibition.settings.languages if lang != first_lang]
    targets = ([("story", story.id) for story in exhibition.stories]
               + [("provider", provider.id) for provider in exhibition.providers]
               + [("page", page.id) for page in exhibition.pages])
    urls = (exhibition.qr_url_for(target, item, lang) for lang in languages for target, item in targets)
    return list(dict.fromkeys(url for url in urls if url))


class Prebuild:
    """Makes the QR codes of the controller's exhibition ahead (see the module docstring).

    :meth:`start` waits for the first frame, then makes them, and again whenever the
    controller's exhibition changes; :meth:`stop` ends it.
    """

    def __init__(self, controller) -> None:
        self.controller = controller
        self._cancel = threading.Event()
        self._later = None  # the first run, due in the frame after the first one
        self.done = threading.Event()
        """Set once every code of the current exhibition is made; a new one for each run."""

    def start(self) -> None:
        """Make the codes once the next frame is on screen, and after every content swap."""
        self.controller.fbind("exhibition", self._restart)
        # After the first frame: the codes would otherwise take the CPU the first frame needs.
        Window.fbind("on_flip", self._after_first_frame)

    def stop(self) -> None:
        """Stop following the exhibition and end a run between two codes."""
        Window.funbind("on_flip", self._after_first_frame)
        if self._later is not None:
            self._later.cancel()
            self._later = None
        self.controller.funbind("exhibition", self._restart)
        self._cancel.set()

    def _after_first_frame(self, *_args) -> None:
        Window.funbind("on_flip", self._after_first_frame)
        # In the next frame: the window shows a frame only after its on_flip handlers, and a
        # thread started here took the interpreter from the first frame's swap for 15-100 ms.
        self._later = Clock.schedule_once(self._restart, 0)

    def _restart(self, *_args) -> None:
        # qrcode loads here, not before the first frame.
        from kiosk.services.qr import qr_matrix

        self._later = None
        self._cancel.set()
        self._cancel, self.done = threading.Event(), threading.Event()
        # No more than the cache holds: the last codes made would push out the first ones,
        # the likeliest to be needed.
        urls = qr_urls(self.controller.exhibition, self.controller.default_lang)
        urls = urls[:qr_matrix.cache_parameters()["maxsize"]]
        threading.Thread(target=self._make, args=(urls, self._cancel, self.done), name="qr-prebuild",
                         daemon=True).start()

    @staticmethod
    def _make(urls: list[str], cancel: threading.Event, done: threading.Event) -> None:
        from qrcode.exceptions import DataOverflowError

        from kiosk.services.qr import qr_matrix

        for url in urls:
            if cancel.is_set():
                return
            try:
                qr_matrix(url)
            except (ValueError, DataOverflowError):
                # An address no code can hold fails again where it shows, and is reported there;
                # here it must not end the run for the others.
                log.debug("no QR code for %r", url)
        if not cancel.is_set():
            done.set()
