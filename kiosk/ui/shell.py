"""The shell: the navigation bar, the screens, the attract loop on top, and above it the
full-window layers (the closed sign, and the PIN pad, staff panel or test pattern).

It turns controller navigation into screen changes (cross-fades of 250 ms that draw the
outgoing screen once, :mod:`kiosk.ui.transitions`), builds the visitor screens lazily (only
what the first frame shows at start, the others one per frame after it, and any screen at once
when something asks for it), catches every
touch first (to keep the session alive, to swallow the touch that ends the attract loop and
to drop the second report of one physical touch), and keeps the UI map file up to date. It
owns every layer: the behaviours show theirs with :meth:`Shell.show_overlay`.
"""

from __future__ import annotations

import logging
from pathlib import Path

from kivy.animation import Animation
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.screenmanager import NoTransition, ScreenManager
from kivy.uix.stencilview import StencilView

from kiosk.design import LARGE_TEXT_SCALE
from kiosk.services.memory import collect_and_release
from kiosk.services.uimap import Element, write_ui_map
from kiosk.ui.screens import VISITOR_SCREENS, screen_class
from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.theme import C, theme
from kiosk.ui.transitions import FrozenFade
from kiosk.ui.widgets.common import AccentButton

log = logging.getLogger(__name__)

TRANSITION_S = 0.25
"""Cross-fade between screens."""
ATTRACT_FADE_S = 0.6
"""Fade into the attract loop (nobody is watching) and out of it."""
DUPLICATE_WINDOW_S = 0.25
"""Two touch-downs from different input devices this close in time ..."""
DUPLICATE_DISTANCE = 0.03
"""... and this close in place (fraction of the window width) are one physical touch."""
MAP_SETTLE_FRAMES = 30
"""Give up waiting for a stable layout after this many frames and write what there is."""
LAYER_CLOSED = 0
"""The level of the closed sign: above the screens and the attract loop ..."""
LAYER_STAFF = 1
"""... and under the staff's layers (PIN pad, panel, test pattern)."""


class LazyScreenManager(ScreenManager):
    """A ScreenManager that builds a visitor screen the first time anything asks for it by name
    (``get_screen``, ``current = name``), so that a screen not built yet behaves as if it had
    always been there."""

    def __init__(self, **kwargs) -> None:
        self.builder = None
        """Called with a screen's name to build and add that screen (set by the shell)."""
        super().__init__(**kwargs)

    def get_screen(self, name):
        """Return the screen ``name``, built now if it was not yet; raise
        Kivy's ``ScreenManagerException`` for a name it does not know."""
        if self.builder is not None and name in VISITOR_SCREENS and not self.has_screen(name):
            self.builder(name)
        return super().get_screen(name)


class LangButton(AccentButton):
    """Switches the visitor's language; the current language is filled."""

    code = StringProperty("")
    """Language code, e.g. ``de``."""

    controller = ObjectProperty(None, rebind=True)
    """The kiosk controller."""


class NavBar(BoxLayout):
    """The bar along the top edge: "Start" and "Zurück", the exhibition title, "Schrift größer"
    and the languages."""

    controller = ObjectProperty(None, rebind=True)
    """The kiosk controller."""

    langs_box = ObjectProperty(None)
    """Container of the language buttons (set by kv)."""


class Shell(FloatLayout):
    """The root widget; see the module docstring.

    Its background is the window's clear colour, the page background: the window clears
    every frame anyway, where a full-window rectangle would cost one more full fill on a
    software renderer (and lie wholly under the screen's opaque picture).
    """

    controller = ObjectProperty(None, rebind=True)
    """The kiosk controller."""

    manager = ObjectProperty(None)
    """The :class:`LazyScreenManager` holding the visitor screens (set by kv, replaced by a
    content swap)."""

    navbar = ObjectProperty(None)
    """The :class:`NavBar` (set by kv)."""

    attract_layer = ObjectProperty(None)
    """The :class:`~kiosk.ui.screens.attract.AttractScreen` overlay."""

    animate = BooleanProperty(True)
    """False cuts instead of fading (snapshots render each screen at once)."""

    overlay = ObjectProperty(None, allownone=True)
    """The topmost full-window layer (staff panel, PIN pad, test pattern, closed sign), or None.
    Set by :meth:`show_overlay` and :meth:`hide_overlay`; the UI map lists its elements under
    its ``overlay_name`` instead of the screen's."""

    def __init__(self, *, controller, ui_map: Path | None = None, **kwargs) -> None:
        # Set before the screens exist: entering the first screen already asks for a map.
        self.ui_map = ui_map
        self._map_trigger = Clock.create_trigger(self._map_step)
        self._map_candidate = None
        self._map_written = None
        self._map_frames = 0
        super().__init__(controller=controller, **kwargs)
        Window.clearcolor = C["bg"]
        self._fade = FrozenFade(duration=TRANSITION_S)
        self._cut = NoTransition()
        self.manager.transition = self._fade
        self.manager.builder = self._build_screen
        self._idle_build = None
        self._first_frame_done = False
        self._loop_due = False  # the loop started before the first frame: its first item waits for it
        self._loop_event = None
        self._left = None  # the screen on show when the kiosk stopped
        self.fbind("animate", self._on_animate)
        self._add_lang_buttons()
        self.attract_layer = AttractScreen(controller=controller)
        controller.fbind("attract_story", self.schedule_map)  # the map names the loop's story
        self._swallowed: set = set()
        self._layers: list = []  # (level, layer), bottom first
        self._recent_downs: list[tuple[float, float, float, str]] = []
        controller.bind(on_navigate=self._on_navigate)
        controller.fbind("exhibition", self._on_exhibition)
        self.fbind("overlay", self.schedule_map)
        for name in ("lang", "goal", "industry", "home_page", "large_text"):
            controller.fbind(name, self.schedule_map)
        controller.fbind("large_text", self._on_large_text)
        self._on_large_text()
        Window.bind(size=self.schedule_map)

    # -- lazy screens -------------------------------------------------------------------

    def start(self) -> None:
        """Build what the first frame shows, and the other visitor screens after it, one per
        frame (call once the kiosk has started: the attract loop, when it runs, covers them)."""
        if not self.controller.attract:
            self.manager.get_screen("home")
        if self._left is not None:  # started again: the screen left by the stop shows again
            left, self._left = self._left, None
            if left is self.manager.current_screen:
                left.dispatch("on_enter")
        Window.fbind("on_flip", self._after_first_frame)

    def build_screens(self) -> None:
        """Build every visitor screen not built yet, now."""
        for name in VISITOR_SCREENS:
            self.manager.get_screen(name)

    def unbuilt(self) -> list[str]:
        """Return the names of the visitor screens not built yet, in the order they will be."""
        return [name for name in VISITOR_SCREENS if not self.manager.has_screen(name)]

    def _build_screen(self, name: str) -> None:
        """Build screen ``name`` and add it to the manager. Home comes first whatever is asked
        for: the first screen a ScreenManager gets becomes its current one, and that must be
        home, where every visit starts and which the attract loop leaves behind it."""
        if name != "home" and not self.manager.has_screen("home"):
            self._build_screen("home")
        log.debug("building the %s screen", name)
        screen = screen_class(name)(name=name, controller=self.controller)
        screen.bind(on_enter=self.schedule_map)
        self.manager.add_widget(screen)

    def _after_first_frame(self, *_args) -> None:
        Window.funbind("on_flip", self._after_first_frame)
        self._first_frame_done = True
        if self._loop_due:
            self._loop_event = Clock.schedule_once(self._start_loop, 0)
        self._build_later()

    def _start_loop(self, _dt) -> None:
        """Show the attract loop's first item, which waited for the first frame, unless the
        loop was left or has moved on meanwhile."""
        self._loop_due, self._loop_event = False, None
        layer = self.attract_layer
        if layer.running and int(layer.index) < 0:
            layer.advance()

    def _build_later(self) -> None:
        """Build the next missing screen in the next frame, and so on: one per frame, so that
        no frame waits for more than one screen."""
        if self._idle_build is not None:
            self._idle_build.cancel()
        self._idle_build = Clock.schedule_once(self._build_next, 0) if self.unbuilt() else None

    def _build_next(self, _dt) -> None:
        self._idle_build = None
        missing = self.unbuilt()
        if missing:
            self.manager.get_screen(missing[0])
        self._build_later()
        if self._idle_build is None:  # all built: freeze what lives on out of the collections
            collect_and_release(Clock)

    def _add_lang_buttons(self) -> None:
        for code in self.controller.languages:
            self.navbar.langs_box.add_widget(LangButton(code=code, controller=self.controller))

    def _on_exhibition(self, *_args) -> None:
        """Build fresh screens for a new exhibition (a live swap): screens build their tiles
        and buttons once, so a new ScreenManager replaces the old one in a single frame. The
        new one builds what shows at once, the others one per frame, as at start."""
        old = self.manager
        if old.current_screen is not None:
            old.current_screen.dispatch("on_pre_leave")
            old.current_screen.dispatch("on_leave")
        old.transition.stop()
        # Kivy's transitions keep their last screens and manager: new ones for the new
        # manager, so that the old screens (and the one on show, its framebuffer) go now.
        self._fade, self._cut = FrozenFade(duration=TRANSITION_S), NoTransition()
        box = old.parent
        index = box.children.index(old)
        box.remove_widget(old)
        self.manager = LazyScreenManager(transition=self._cut)
        self.manager.builder = self._build_screen
        if not self.attract_layer.covering:
            self.manager.get_screen("home")
        box.add_widget(self.manager, index=index)
        self.manager.transition = self._fade if self.animate else self._cut
        self.navbar.langs_box.clear_widgets()
        self._add_lang_buttons()
        if self.controller.attract:
            if self.attract_layer.running:
                self.attract_layer.start()
        elif self.controller.screen != "home":
            self._on_navigate(self.controller, self.controller.screen, self.controller.item)
        if self._first_frame_done:
            self._build_later()
        self.schedule_map()

    def stop(self) -> None:
        """Stop everything that moves: the attract loop (closing time, the kiosk stopping), the
        building of screens on coming frames, and the screen on show, which is left as by a
        tap (a film stops, home's bindings and preparing end; :meth:`start` enters it again)."""
        self.attract_layer.stop()
        screen = self.manager.current_screen
        if screen is not None and self._left is None:
            self._left = screen
            screen.dispatch("on_leave")
        Window.funbind("on_flip", self._after_first_frame)
        self._loop_due = False
        if self._loop_event is not None:
            self._loop_event.cancel()
            self._loop_event = None
        if self._idle_build is not None:
            self._idle_build.cancel()
            self._idle_build = None

    # -- layers -------------------------------------------------------------------------

    def show_overlay(self, layer, level: int = LAYER_STAFF) -> None:
        """Lay ``layer`` over the screens and the attract loop: above the layers of a lower
        ``level`` and those of its own, under those of a higher one. It takes every touch."""
        self.hide_overlay(layer)
        above = sum(1 for other, _layer in self._layers if other > level)
        self._layers.insert(len(self._layers) - above, (level, layer))
        self.add_widget(layer, index=above)
        self.overlay = self._layers[-1][1]

    def hide_overlay(self, layer) -> None:
        """Take ``layer`` away again (nothing happens if it is not shown)."""
        if any(shown is layer for _level, shown in self._layers):
            self._layers = [(level, shown) for level, shown in self._layers if shown is not layer]
            self.remove_widget(layer)
        self.overlay = self._layers[-1][1] if self._layers else None

    def _on_large_text(self, *_args) -> None:
        """Set every visitor text larger, or back, as the visitor asked for this session."""
        theme.text_scale = LARGE_TEXT_SCALE if self.controller.large_text else 1.0

    def _on_animate(self, _shell, animate: bool) -> None:
        self.manager.transition = self._fade if animate else self._cut
        self.attract_layer.animate = animate

    # -- navigation ---------------------------------------------------------------------

    def _on_navigate(self, _controller, screen: str, item: str) -> None:
        if screen == "attract":
            self._show_attract()
            return
        if self.attract_layer.parent is not None:
            self._hide_attract()
        built = self.manager.has_screen(screen)
        target = self.manager.get_screen(screen)
        if self.manager.current == screen and built:
            target.revisit(item)
        else:
            target.item_id = item
            self.manager.current = screen
        self.schedule_map()

    def _show_attract(self) -> None:
        # Switch the screens underneath at once, so the visitor's video stops now and the
        # next visitor finds home behind the loop. Before home is built there is nothing to
        # switch: it is built entered afresh.
        shown = self.manager.current_screen is not None
        if shown:
            self.manager.transition = self._cut
            self.manager.get_screen("home").item_id = ""
            if self.manager.current == "home":
                self.manager.get_screen("home").revisit("")
            else:
                self.manager.current = "home"
            self.manager.transition = self._fade if self.animate else self._cut
        layer = self.attract_layer
        Animation.cancel_all(layer)
        if layer.parent is None:
            layer.opacity = 0
            self.add_widget(layer, index=len(self._layers))  # under the full-window layers
        # The kiosk starting: its first frame is the loop's black ground and prompt, and the
        # first item is asked for in the frame after it, so that its picture (the cached copy's
        # file hashed, then decoded on a thread) does not take the CPU that frame needs.
        self._loop_due = not (shown or self._first_frame_done)
        layer.start(show_first=not self._loop_due)
        # With no screen underneath (the kiosk starting) there is nothing to fade from.
        if self.animate and shown:
            Animation(opacity=1, duration=ATTRACT_FADE_S).start(layer)
        else:
            layer.opacity = 1
        self.schedule_map()

    def _hide_attract(self) -> None:
        layer = self.attract_layer
        Animation.cancel_all(layer)
        if not self.animate:
            layer.opacity = 0
            self._remove_attract(None, layer)
            return
        fade = Animation(opacity=0, duration=TRANSITION_S)
        fade.bind(on_complete=self._remove_attract)
        fade.start(layer)

    def _remove_attract(self, _animation, layer) -> None:
        if not self.controller.attract:
            layer.stop()
            if layer.parent is not None:
                self.remove_widget(layer)

    # -- touches ------------------------------------------------------------------------

    def on_touch_down(self, touch):
        """Drop duplicate reports, swallow the touch that ends the loop, else pass it on.
        While a layer is shown it takes every touch, and the visitor session knows nothing of it."""
        if self.overlay is not None:
            return super().on_touch_down(touch)
        if self._is_duplicate(touch) or self.controller.touched():
            self._swallowed.add(touch.uid)
            return True
        return super().on_touch_down(touch)

    def on_touch_move(self, touch):
        """Keep swallowed touches away from the widgets."""
        if touch.uid in self._swallowed:
            return True
        return super().on_touch_move(touch)

    def on_touch_up(self, touch):
        """Keep swallowed touches away from the widgets."""
        if touch.uid in self._swallowed:
            self._swallowed.discard(touch.uid)
            return True
        return super().on_touch_up(touch)

    def _is_duplicate(self, touch) -> bool:
        """True if another input device reported the same physical touch a moment ago."""
        now = Clock.get_boottime()
        near = DUPLICATE_DISTANCE * max(1, Window.width)
        self._recent_downs = [d for d in self._recent_downs if now - d[0] < DUPLICATE_WINDOW_S]
        device = getattr(touch, "device", "")
        duplicate = any(dev != device and abs(x - touch.x) < near and abs(y - touch.y) < near
                        for _t, x, y, dev in self._recent_downs)
        if not duplicate:
            self._recent_downs.append((now, touch.x, touch.y, device))
        else:
            log.debug("dropped a second report of one touch from %s", device)
        return duplicate

    # -- UI map -------------------------------------------------------------------------

    def schedule_map(self, *_args) -> None:
        """Rewrite the UI map once the layout has settled (no-op without a map file)."""
        if self.ui_map is None:
            return
        self._map_candidate = None
        self._map_frames = 0
        self._map_trigger()

    def _map_step(self, _dt) -> None:
        if self.manager.transition.is_active or self.attract_layer.opacity not in (0, 1):
            self._map_trigger()
            return
        elements = self.elements()
        self._map_frames += 1
        if elements != self._map_candidate and self._map_frames < MAP_SETTLE_FRAMES:
            self._map_candidate = elements
            self._map_trigger()
            return
        screen = self.overlay.overlay_name if self.overlay is not None else self.controller.screen
        state = (screen, self.controller.lang, elements)
        if state != self._map_written:
            try:
                write_ui_map(self.ui_map, screen, self.controller.lang, elements)
                self._map_written = state
            except OSError:
                log.exception("cannot write the UI map %s", self.ui_map)

    def elements(self) -> list[Element]:
        """Return every tappable element on screen, in window pixels from the top-left corner."""
        height = Window.height
        found: list[Element] = []
        if self.overlay is not None:
            self._collect(self.overlay, found, height)
            return found
        if self.controller.attract:
            return self.attract_layer.elements()
        self._collect(self.navbar, found, height)
        if self.manager.current_screen is not None:
            self._collect(self.manager.current_screen, found, height)
        return found

    def _collect(self, widget, found: list[Element], height: float, clip=None) -> None:
        if widget.opacity <= 0 or widget.disabled:
            return
        ui_id = getattr(widget, "ui_id", "")
        if ui_id and widget.width > 0 and widget.height > 0:
            label = widget.ui_label
            x, y = widget.to_window(widget.x, widget.y)
            # Scrolled out of a scroll view's window (even in part), it cannot be tapped whole.
            inside = clip is None or (clip[0] - 1 <= x and x + widget.width <= clip[2] + 1
                                      and clip[1] - 1 <= y and y + widget.height <= clip[3] + 1)
            if (ui_id != "qr" or label) and inside:
                found.append(Element(ui_id, label, round(x), round(height - (y + widget.height)),
                                     round(widget.width), round(widget.height)))
        if isinstance(widget, StencilView):
            x, y = widget.to_window(widget.x, widget.y)
            box = (x, y, x + widget.width, y + widget.height)
            clip = box if clip is None else (max(clip[0], box[0]), max(clip[1], box[1]),
                                             min(clip[2], box[2]), min(clip[3], box[3]))
        for child in reversed(widget.children):
            self._collect(child, found, height, clip)


Builder.load_file(str(Path(__file__).with_suffix(".kv")))
