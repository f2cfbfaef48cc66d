"""The X screen the kiosk fills, and where a window really is on it, asked from Xlib directly.

SDL's "desktop fullscreen" (Kivy's ``fullscreen = auto``) only asks a window manager to make
the window fullscreen. The service runs a bare X server with no window manager, so nobody
does: the X window keeps SDL's default 800×600 in the middle of the screen, while SDL reports
the screen's size and Kivy lays out for it. The kiosk therefore creates its window at the
screen's position and size (:func:`screen_rect`), and checks afterwards where it really is
(:func:`window_rect`). No widgets here, and no Kivy: this runs before the window exists.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from dataclasses import dataclass
from functools import cache

_XID = ctypes.c_ulong


@dataclass(frozen=True)
class Rect:
    """A rectangle in X screen pixels, from the top-left corner of the X screen."""

    x: int
    y: int
    width: int
    height: int

    def __str__(self) -> str:
        return f"{self.width}x{self.height} at {self.x},{self.y}"


class _MonitorInfo(ctypes.Structure):
    """``XRRMonitorInfo`` from ``<X11/extensions/Xrandr.h>`` (RandR 1.5)."""

    _fields_ = [("name", _XID), ("primary", ctypes.c_int), ("automatic", ctypes.c_int),
                ("noutput", ctypes.c_int), ("x", ctypes.c_int), ("y", ctypes.c_int),
                ("width", ctypes.c_int), ("height", ctypes.c_int), ("mwidth", ctypes.c_int),
                ("mheight", ctypes.c_int), ("outputs", ctypes.c_void_p)]


def _library(name: str, soname: str):
    """Load lib``name`` by its usual ``soname`` first: ``ctypes.util.find_library`` runs
    ``ldconfig -p`` in a child process, 5-165 ms of the kiosk's start on a busy machine."""
    try:
        return ctypes.CDLL(soname)
    except OSError:
        found = ctypes.util.find_library(name)
        return ctypes.CDLL(found) if found else None


@cache
def _xlib():
    x11 = _library("X11", "libX11.so.6")
    if x11 is not None:
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
        for function in (x11.XDefaultScreen, x11.XDisplayWidth, x11.XDisplayHeight):
            function.restype = ctypes.c_int
        x11.XDefaultScreen.argtypes = [ctypes.c_void_p]
        x11.XDisplayWidth.argtypes = x11.XDisplayHeight.argtypes = [ctypes.c_void_p, ctypes.c_int]
        x11.XRootWindow.restype = _XID
        x11.XRootWindow.argtypes = [ctypes.c_void_p, ctypes.c_int]
        x11.XGetGeometry.argtypes = [ctypes.c_void_p, _XID, ctypes.POINTER(_XID)] + \
            [ctypes.POINTER(ctypes.c_int)] * 2 + [ctypes.POINTER(ctypes.c_uint)] * 4
        x11.XTranslateCoordinates.argtypes = [ctypes.c_void_p, _XID, _XID, ctypes.c_int, ctypes.c_int,
                                              ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_int),
                                              ctypes.POINTER(_XID)]
    return x11


def uses_x11() -> bool:
    """Return whether SDL will open its window on an X server: ``$DISPLAY`` is set and no other
    SDL video driver (offscreen, wayland, kmsdrm) was asked for."""
    return bool(os.environ.get("DISPLAY")) and os.environ.get("SDL_VIDEODRIVER", "x11") == "x11"


def screen_rect() -> Rect | None:
    """Return the screen SDL puts a fullscreen window on: the primary monitor (RandR 1.5), else
    the first one, else the whole X screen. None without an X display (or without Xlib)."""
    x11 = _xlib() if uses_x11() else None
    display = x11.XOpenDisplay(None) if x11 is not None else None  # None: $DISPLAY, as SDL does
    if display is None:
        return None
    try:
        screen = x11.XDefaultScreen(display)
        monitor = _randr_monitor(display, x11.XRootWindow(display, screen))
        return monitor or Rect(0, 0, x11.XDisplayWidth(display, screen), x11.XDisplayHeight(display, screen))
    finally:
        x11.XCloseDisplay(display)


@cache
def _xrandr():
    randr = _library("Xrandr", "libXrandr.so.2")
    if randr is not None:
        randr.XRRQueryVersion.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_int)]
        randr.XRRGetMonitors.restype = ctypes.POINTER(_MonitorInfo)
        randr.XRRGetMonitors.argtypes = [ctypes.c_void_p, _XID, ctypes.c_int, ctypes.POINTER(ctypes.c_int)]
        randr.XRRFreeMonitors.argtypes = [ctypes.POINTER(_MonitorInfo)]
    return randr


def _randr_monitor(display, root: int) -> Rect | None:
    randr = _xrandr()
    if randr is None:
        return None
    major, minor = ctypes.c_int(), ctypes.c_int()
    # Asking a server without RandR 1.5 for monitors is an X error, which ends the process.
    if not randr.XRRQueryVersion(display, ctypes.byref(major), ctypes.byref(minor)) \
            or (major.value, minor.value) < (1, 5):
        return None
    count = ctypes.c_int()
    monitors = randr.XRRGetMonitors(display, root, 1, ctypes.byref(count))
    if not monitors:
        return None
    try:
        found = [monitors[i] for i in range(count.value) if monitors[i].width > 0 and monitors[i].height > 0]
        chosen = next((m for m in found if m.primary), found[0] if found else None)
        return Rect(chosen.x, chosen.y, chosen.width, chosen.height) if chosen else None
    finally:
        randr.XRRFreeMonitors(monitors)


def window_rect(window_id: int) -> Rect | None:
    """Return where the X window ``window_id`` is on its screen (None without an X display)."""
    x11 = _xlib() if uses_x11() else None
    display = x11.XOpenDisplay(None) if x11 is not None else None  # None: $DISPLAY, as SDL does
    if display is None:
        return None
    try:
        root, child = _XID(), _XID()
        x, y = ctypes.c_int(), ctypes.c_int()
        width, height, border, depth = (ctypes.c_uint() for _ in range(4))
        if not x11.XGetGeometry(display, window_id, ctypes.byref(root), ctypes.byref(x), ctypes.byref(y),
                                ctypes.byref(width), ctypes.byref(height), ctypes.byref(border),
                                ctypes.byref(depth)):
            return None
        # A window manager reparents the window into its frame: translate to root coordinates.
        x11.XTranslateCoordinates(display, window_id, root, 0, 0, ctypes.byref(x), ctypes.byref(y),
                                  ctypes.byref(child))
        return Rect(x.value, y.value, width.value, height.value)
    finally:
        x11.XCloseDisplay(display)
