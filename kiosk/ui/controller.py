"""The one controller of the kiosk: where the visitor is, in which language, with which filters.

Screens get the controller as an ObjectProperty and bind ``root.controller.<property>`` in
kv; they call its methods to navigate. The controller also owns the idle timer that wipes a
visitor's session and starts the attract loop, and it reports statistics through
:attr:`Controller.events` (typed, see :mod:`kiosk.services.events`) to an optional recorder.
It creates no widgets.
"""

from __future__ import annotations

import logging
import random

from kivy.clock import Clock
from kivy.event import EventDispatcher
from kivy.properties import (AliasProperty, BooleanProperty, ListProperty, NumericProperty,
                             ObjectProperty, StringProperty)

from kiosk.model.videoprofile import DEFAULT_PROFILE, PROFILES, VideoProfile, plays_on
from kiosk.services.events import VIEWED_SCREENS, EndReason, Events, FilterDimension, Screen
from kiosk.services.memory import collect_and_release

log = logging.getLogger(__name__)

SCREENS = tuple(Screen)
"""Every screen name the controller can show."""


class Controller(EventDispatcher):
    """State and navigation of one kiosk; see the module docstring.

    Events: ``on_navigate(screen, item)`` after every screen change (also into and out of the
    attract loop), ``on_session_reset()`` after the idle timeout wiped the visitor session.
    """

    __events__ = ("on_navigate", "on_session_reset")

    exhibition = ObjectProperty(None)
    """The :class:`kiosk.model.types.Exhibition` shown."""

    screen = StringProperty("home")
    """Name of the screen shown: home, story, providers, provider, page or attract."""

    item = StringProperty("")
    """Id of the story, provider or page shown; empty on home, providers and attract."""

    lang = StringProperty("de")
    """The visitor's language code."""

    goal = StringProperty("")
    """Goal id the home screen filters by; empty for all goals."""

    industry = StringProperty("")
    """Industry id the home screen filters by; empty for all industries."""

    home_page = NumericProperty(0)
    """Page of the story tiles on the home screen (0-based)."""

    large_text = BooleanProperty(False)
    """True while the visitor asked for larger text ("Schrift größer"): the theme then sets
    every text :data:`kiosk.design.LARGE_TEXT_SCALE` times larger, until the session ends."""

    attract = BooleanProperty(False)
    """True while the attract loop runs."""

    attract_story = StringProperty("")
    """Id of the story whose slide the attract loop shows (set by the loop), or empty: a touch
    on that slide opens the story."""

    history = ListProperty([])
    """The back stack: ``(screen, item)`` pairs of the screens before the current one."""

    session_seed = NumericProperty(0)
    """Seed of the visitor session, e.g. for the neutral shuffle of the provider wall."""

    idle_timeout = NumericProperty(120.0)
    """Seconds without a touch before the session is wiped and the attract loop starts."""

    recorder = ObjectProperty(None, allownone=True)
    """An optional statistics recorder (a :class:`kiosk.services.events.EventSink`); :attr:`events` feeds it."""

    def _get_can_go_back(self) -> bool:
        return bool(self.history)

    can_go_back = AliasProperty(_get_can_go_back, bind=("history",), cache=True)
    """True when "Zurück" leads somewhere."""

    def __init__(self, exhibition, *, recorder=None, idle_timeout: float | None = None,
                 lang: str | None = None, video_profile: VideoProfile | None = None, **kwargs) -> None:
        self._idle_event = None
        self._started = False
        self.events = Events()
        """Where the controller reports statistics; it passes them on to :attr:`recorder`."""
        super().__init__(**kwargs)
        self.exhibition = exhibition
        self.recorder = recorder
        self.default_lang = lang or exhibition.settings.default_language
        self.lang = self.default_lang
        self._idle_override = idle_timeout
        self.idle_timeout = exhibition.settings.idle_timeout if idle_timeout is None else idle_timeout
        self.session_seed = random.randrange(1 << 30)
        self.session_active = False
        self.video_profile = video_profile or PROFILES[DEFAULT_PROFILE]
        """The hardware's video limits: films above them show their poster instead."""
        self.now = Clock.get_boottime
        """Seconds on a monotonic clock, for dwell times; tests replace it to script a visit."""
        self._view_since = self.now()

    def can_play(self, medium) -> bool:
        """Whether the video ``medium`` (a Medium or AttractItem) plays smoothly on this hardware.

        The validator warned about it already; here the film is skipped (its poster shows)
        rather than started in a decoder that would stutter. Unprobed films are tried.
        """
        return plays_on(self.video_profile, medium)

    # -- navigation ---------------------------------------------------------------------

    @property
    def languages(self) -> tuple[str, ...]:
        """Return the exhibition's language codes, default first."""
        return self.exhibition.settings.languages

    def show(self, screen: str, item: str = "", *, push: bool = True) -> None:
        """Show ``screen`` with ``item``; push the current location on the back stack if ``push``.

        Raises ValueError for an unknown screen name.
        """
        if screen not in SCREENS:
            raise ValueError(f"unknown screen {screen!r}; expected one of {SCREENS}")
        if (screen, item) == (self.screen, self.item):
            return
        self._end_view()
        if push and self.screen != Screen.ATTRACT:
            self.history.append((self.screen, self.item))
        self.item = item
        self.screen = screen
        self.dispatch("on_navigate", screen, item)

    def go_home(self) -> None:
        """Show the home screen from its start: first page, no filters, an empty back stack.

        The language and the larger text stay as the visitor chose them; only the end of
        the session (:meth:`reset_session`) resets those.
        """
        self.history = []
        self.goal = ""
        self.industry = ""
        self.home_page = 0
        self.show("home", push=False)

    def go_back(self) -> None:
        """Show the previous screen, or home if the back stack is empty."""
        if not self.history:
            self.go_home()
            return
        screen, item = self.history.pop()
        self.show(screen, item, push=False)

    def open_story(self, story_id: str) -> None:
        """Show a story."""
        self.show("story", story_id)

    def open_provider(self, provider_id: str) -> None:
        """Show one provider."""
        self.show("provider", provider_id)

    def open_providers(self) -> None:
        """Show the provider wall."""
        self.show("providers")

    def open_page(self, page_id: str) -> None:
        """Show an info page."""
        self.show("page", page_id)

    def set_exhibition(self, exhibition) -> None:
        """Show ``exhibition`` from now on (a live content swap), keeping the visitor where possible.

        A visitor whose story, provider or page is gone goes home first; back-stack entries
        that are gone are dropped, vanished filters are cleared, and a language the new
        exhibition lacks falls back to its default. Setting :attr:`exhibition` makes the shell
        build its screens afresh, so call this on the UI thread.
        """
        if not _has(exhibition, self.screen, self.item):
            self.go_home()
        self.history = [(screen, item) for screen, item in self.history if _has(exhibition, screen, item)]
        languages = exhibition.settings.languages
        if self.default_lang not in languages:
            self.default_lang = exhibition.settings.default_language
        if self.lang not in languages:
            self.lang = self.default_lang
        if self.goal and self.goal not in {g.id for g in exhibition.settings.goals}:
            self.goal = ""
        if self.industry and self.industry not in {i.id for i in exhibition.settings.industries}:
            self.industry = ""
        self.home_page = 0
        if self._idle_override is None:
            self.idle_timeout = exhibition.settings.idle_timeout
        self.exhibition = exhibition

    # -- filters and language -----------------------------------------------------------

    def toggle_goal(self, goal_id: str) -> None:
        """Filter the home screen by a goal; the same goal again (or "") clears the filter."""
        self.goal = "" if goal_id in (self.goal, "") else goal_id
        self.home_page = 0
        if self.goal:
            self.events.filter_chosen(FilterDimension.GOAL, self.goal)

    def toggle_industry(self, industry_id: str) -> None:
        """Filter the home screen by an industry; the same industry again (or "") clears it."""
        self.industry = "" if industry_id in (self.industry, "") else industry_id
        self.home_page = 0
        if self.industry:
            self.events.filter_chosen(FilterDimension.INDUSTRY, self.industry)

    def filtered_stories(self) -> tuple:
        """Return the stories matching the current filters."""
        return self.exhibition.filter_stories(goal=self.goal or None, industry=self.industry or None)

    def toggle_large_text(self) -> None:
        """Switch the larger text on or off for the rest of this session."""
        self.large_text = not self.large_text

    def set_lang(self, lang: str) -> None:
        """Switch the visitor's language. Raises ValueError for a language the exhibition lacks."""
        if lang not in self.languages:
            raise ValueError(f"language {lang!r} is not one of {self.languages}")
        if lang == self.lang:
            return
        self.events.language_switched(self.lang, lang)
        self.lang = lang

    # -- idle, attract, session ---------------------------------------------------------

    def start(self) -> None:
        """Start the idle timer; call once the window shows the first screen."""
        self._started = True
        self._restart_idle()

    def stop(self) -> None:
        """Stop the idle timer and close the open screen view and session (app shutdown)."""
        self._started = False
        if self._idle_event is not None:
            self._idle_event.cancel()
            self._idle_event = None
        self._end_view()
        if self.session_active:
            self.session_active = False
            self.events.session_ended(EndReason.SHUTDOWN)

    def touched(self) -> bool:
        """Note a touch; return True if the touch only ends the attract loop and must be swallowed."""
        self._restart_idle()
        if not self.session_active:
            self.session_active = True
            if self.attract:
                self.events.session_started(Screen.ATTRACT, self.attract_story)
            else:
                self.events.session_started()
        if self.attract:
            self.leave_attract(self.attract_story)
            return True
        return False

    def poke(self) -> None:
        """Keep the session alive without a touch (a visitor is watching a video)."""
        if not self.attract:
            self._restart_idle()

    def enter_attract(self) -> None:
        """Wipe the visitor session and start the attract loop (what the idle timeout does)."""
        if self._idle_event is not None:
            self._idle_event.cancel()
        self._end_view()
        if self.session_active:
            self.session_active = False
            self.events.session_ended(EndReason.IDLE)
        self.reset_session()
        self.attract = True
        self.screen = Screen.ATTRACT
        self.item = ""
        self.dispatch("on_navigate", Screen.ATTRACT, "")

    def leave_attract(self, story: str = "") -> None:
        """Leave the attract loop into a fresh session: into ``story`` (the touch landed on its
        slide) if the exhibition has it, else to the home screen. "Zurück" then leads home."""
        self.attract = False
        self.attract_story = ""
        self._restart_idle()
        self._view_since = self.now()
        screen, item = ((Screen.STORY, story) if story and _has(self.exhibition, Screen.STORY, story)
                        else (Screen.HOME, ""))
        if screen == Screen.STORY:
            self.history = [(Screen.HOME, "")]
        self.item = item
        self.screen = screen
        self.dispatch("on_navigate", screen, item)

    def reset_session(self) -> None:
        """Forget the visitor: default language and text size, no filters, empty back stack,
        new shuffle seed."""
        self.lang = self.default_lang
        self.large_text = False
        self.goal = ""
        self.industry = ""
        self.home_page = 0
        self.history = []
        self.session_seed = random.randrange(1 << 30)
        self.dispatch("on_session_reset")

    def _restart_idle(self) -> None:
        if self._idle_event is not None:
            self._idle_event.cancel()
            self._idle_event = None
        if not self._started:
            return
        self._idle_event = Clock.schedule_once(self._on_idle, max(0.0, self.idle_timeout))

    def _on_idle(self, _dt) -> None:
        self._idle_event = None
        if not self.attract:
            log.info("idle for %.0f s: wiping the session, starting the attract loop", self.idle_timeout)
            self.enter_attract()

    def on_idle_timeout(self, _instance, _value) -> None:
        """Restart the idle timer with the new timeout (tests shorten it)."""
        if not self.attract:
            self._restart_idle()

    # -- statistics ---------------------------------------------------------------------

    def on_recorder(self, _instance, recorder) -> None:
        """Send the statistics to the new recorder (tests swap it)."""
        self.events.sink = recorder

    def note_qr(self, target: Screen, item: str, url: str) -> None:
        """Record that the QR code of a story, provider or page (``target``) is on screen."""
        self.events.qr_shown(target, item, url)

    def note_video(self, item: str, watched_s: float, duration_s: float) -> None:
        """Record how long a video was watched."""
        self.events.video_played(item, watched_s, duration_s)

    def note_attract_cycle(self, still_in: float = 0.0) -> None:
        """Record one full pass of the attract loop, and give memory nothing uses back to the
        system while nobody uses the screen (see :mod:`kiosk.services.memory`), ``still_in``
        seconds from now, when the loop's picture stands still."""
        self.events.attract_cycled()
        collect_and_release(Clock, after=still_in)

    def _end_view(self) -> None:
        now = self.now()
        if self.screen in VIEWED_SCREENS:
            self.events.screen_viewed(Screen(self.screen), self.item, self.lang, now - self._view_since)
        self._view_since = now

    def on_navigate(self, screen: str, item: str) -> None:
        """Default handler of the ``on_navigate`` event."""

    def on_session_reset(self) -> None:
        """Default handler of the ``on_session_reset`` event."""


def _has(exhibition, screen: str, item: str) -> bool:
    """Return whether ``exhibition`` can show ``screen`` with ``item`` (its story, provider or page exists)."""
    found = {"story": exhibition.stories, "provider": exhibition.providers, "page": exhibition.pages}.get(screen)
    return found is None or any(entry.id == item for entry in found)
