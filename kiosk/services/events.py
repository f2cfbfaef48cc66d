"""The statistics' vocabulary: which events the kiosk records, and why a session ends.

Three parts speak it: the controller reports through :class:`Events`, the recorder
(:class:`kiosk.services.stats.StatsRecorder`, an :class:`EventSink`) stores, and the report
(:mod:`kiosk.services.report`) reads and labels. All three import these enums, so nothing
can be written that the report does not know; a test walks every member through the
writer and the report.

Each member's value is the string stored in the database. Never change a value: existing
databases must keep reporting. Adding a member means adding its German label in
:mod:`kiosk.services.report.labels` (the test says so if it is missing).

Nothing here imports Kivy.
"""

from __future__ import annotations

import logging
from enum import StrEnum
from typing import Callable, Protocol

log = logging.getLogger(__name__)


class EventKind(StrEnum):
    """What happened. The fields each kind carries are the arguments of its :class:`Events` method."""

    SESSION_START = "session_start"
    SESSION_END = "session_end"
    SCREEN_VIEW = "screen_view"
    FILTER = "filter"
    QR_SHOWN = "qr_shown"
    VIDEO_PLAY = "video_play"
    LANG_SWITCH = "lang_switch"
    ATTRACT_CYCLE = "attract_cycle"


class EndReason(StrEnum):
    """Why a visitor session ended: every reason the kiosk can write, and no other."""

    IDLE = "idle"
    """Nobody touched the screen for the idle timeout; the attract loop started."""
    SHUTDOWN = "shutdown"
    """The kiosk stopped (staff exit, system shutdown) while a visitor was using it."""
    NEW_SESSION = "new_session"
    """A session began while one was still open; the recorder closed the old one first."""


class Screen(StrEnum):
    """The kiosk's screens, by the name the controller and the shell use."""

    HOME = "home"
    STORY = "story"
    PROVIDERS = "providers"
    PROVIDER = "provider"
    PAGE = "page"
    ATTRACT = "attract"


VIEWED_SCREENS = tuple(s for s in Screen if s is not Screen.ATTRACT)
"""Screens whose visits are recorded as ``screen_view`` (the attract loop is nobody's visit)."""

ITEM_SCREENS = (Screen.STORY, Screen.PROVIDER, Screen.PAGE)
"""Screens that show one item (a story, a provider, a page) and may show its QR code."""


class FilterDimension(StrEnum):
    """What the home screen's stories can be filtered by."""

    GOAL = "goal"
    INDUSTRY = "industry"


class EventSink(Protocol):
    """What stores the events: :class:`kiosk.services.stats.StatsRecorder`, or a test's fake."""

    def begin_session(self, **fields: object) -> None:
        """Start a visitor session; the events that follow belong to it. ``fields`` go with
        its ``session_start`` event (where the session began, see :meth:`Events.session_started`)."""

    def end_session(self, reason: EndReason) -> None:
        """End the open visitor session, if any."""

    def record(self, kind: EventKind, **fields: object) -> None:
        """Store one event with its fields; never blocks, never raises."""


class Events:
    """The typed way to report statistics: one method per event kind.

    ``sink`` receives the events; ``None`` (no statistics) makes every method do nothing.
    A failing sink is logged, never raised: statistics must not take a visitor's screen down.
    """

    def __init__(self, sink: EventSink | None = None) -> None:
        self.sink = sink

    def session_started(self, entry: Screen | None = None, item: str = "") -> None:
        """A visitor touched the kiosk: a new session begins.

        ``entry`` is the session's entry point: :attr:`Screen.ATTRACT` when the touch ended
        the attract loop (``item`` then names the story whose slide it showed, or is empty),
        None when the kiosk already showed a visitor screen (it had just started, or staff
        left it there). It is stored with the ``session_start`` event as ``screen`` and
        ``item``; sessions of older databases carry neither.
        """
        if self.sink is not None:
            fields = {} if entry is None else {"screen": entry, "item": item}
            self._safely(self.sink.begin_session, **fields)

    def session_ended(self, reason: EndReason) -> None:
        """The visitor session ends for ``reason``."""
        if self.sink is not None:
            self._safely(self.sink.end_session, reason)

    def screen_viewed(self, screen: Screen, item: str, lang: str, dwell_s: float) -> None:
        """The visitor left ``screen`` (showing ``item``) after ``dwell_s`` seconds in ``lang``."""
        self._record(EventKind.SCREEN_VIEW, screen=screen, item=item, lang=lang, dwell_s=round(dwell_s, 1))

    def filter_chosen(self, dimension: FilterDimension, value: str) -> None:
        """The visitor filtered the stories by a goal or an industry id."""
        self._record(EventKind.FILTER, dimension=dimension, value=value)

    def qr_shown(self, target: Screen, item: str, url: str) -> None:
        """The QR code of a story, provider or page (``target``, one of :data:`ITEM_SCREENS`) is on screen."""
        self._record(EventKind.QR_SHOWN, target=target, item=item, url=url)

    def video_played(self, item: str, watched_s: float, duration_s: float) -> None:
        """A video of ``item`` was watched for ``watched_s`` of its ``duration_s`` seconds."""
        self._record(EventKind.VIDEO_PLAY, item=item, watched_s=round(watched_s, 1),
                     duration_s=round(duration_s, 1))

    def language_switched(self, from_lang: str, to_lang: str) -> None:
        """The visitor switched the language."""
        self._record(EventKind.LANG_SWITCH, from_lang=from_lang, to_lang=to_lang)

    def attract_cycled(self) -> None:
        """The attract loop showed every item once."""
        self._record(EventKind.ATTRACT_CYCLE)

    def _record(self, kind: EventKind, **fields: object) -> None:
        if self.sink is not None:
            self._safely(self.sink.record, kind, **fields)

    @staticmethod
    def _safely(call: Callable[..., None], *args: object, **kwargs: object) -> None:
        try:
            call(*args, **kwargs)
        except Exception:  # noqa: BLE001 - statistics must never take the visitor's screen down
            log.exception("statistics recorder failed")
