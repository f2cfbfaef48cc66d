"""A screenshot is the window's picture exactly, also at widths that are not a multiple of 4.

A widget on top of everything paints known rectangles at known pixels, including the last
column and the last row; the PNG that ``save_screenshot`` writes must have exactly those
colours there. Before reading RGBA, ``kiosk snapshot`` at 1366×768 was sheared and grey.
"""

from __future__ import annotations

import pytest
from PIL import Image

BACKGROUND = (0, 0, 255)
MARKS = {  # (x, y from the top, width, height): colour; odd places on purpose
    (0, 0, 7, 5): (255, 0, 0),
    (333, 101, 57, 39): (0, 255, 0),
    (-1, 0, 1, None): (255, 255, 0),  # the last column, full height
    (0, -1, None, 1): (255, 0, 255),  # the last row, full width
    (-31, -23, 29, 21): (255, 255, 255),  # near the bottom-right corner
}


def _rects(size: tuple[int, int]) -> dict[tuple[int, int, int, int], tuple[int, int, int]]:
    """MARKS resolved for a window of ``size``: negative places count from the far edge,
    None spans the window."""
    w, h = size
    rects = {}
    for (x, y, rw, rh), colour in MARKS.items():
        rw, rh = rw or w, rh or h
        rects[(x % w if x < 0 else x, y % h if y < 0 else y, rw, rh)] = colour
    return rects


@pytest.fixture
def pattern(window):
    """A widget that paints MARKS over a blue window; removed again afterwards."""
    from kivy.graphics import Color, Rectangle
    from kivy.uix.widget import Widget

    widget = Widget()

    def paint(*_):
        w, h = window.size
        widget.canvas.after.clear()
        with widget.canvas.after:
            Color(*(c / 255 for c in BACKGROUND))
            Rectangle(pos=(0, 0), size=(w, h))
            for (x, y, rw, rh), colour in _rects((w, h)).items():
                Color(*(c / 255 for c in colour))
                Rectangle(pos=(x, h - y - rh), size=(rw, rh))

    window.bind(size=paint)
    window.add_widget(widget)
    yield paint
    window.unbind(size=paint)
    window.remove_widget(widget)
    window.size = (1920, 1080)


def _expected(size, x, y):
    """The colour MARKS put at (x, y from the top): the last painted rectangle that holds it."""
    colour = BACKGROUND
    for (rx, ry, rw, rh), mark in _rects(size).items():
        if rx <= x < rx + rw and ry <= y < ry + rh:
            colour = mark
    return colour


def _settle(window) -> None:
    """Draw frames until two in a row read back the same: the offscreen driver's buffers
    follow a resize a frame or two late."""
    from kivy.base import EventLoop

    from kiosk.ui.screenshot import grab

    last = None
    for _ in range(30):
        window.canvas.ask_update()
        EventLoop.idle()
        frame = grab().tobytes()
        if frame == last:
            return
        last = frame


@pytest.mark.parametrize("size", [(1366, 768), (1030, 770), (1279, 799), (1920, 1080)])
def test_screenshot_has_the_window_pixels_at_any_width(window, pattern, size, tmp_path):
    from kiosk.ui.launch import save_screenshot

    window.size = size
    pattern()
    _settle(window)
    with Image.open(save_screenshot(tmp_path / "shot.png")) as shot:
        assert shot.size == size
        rgb = shot.convert("RGB")
    w, h = size
    probes = [(x, y) for (rx, ry, rw, rh) in _rects(size)
              for x in (rx, rx + rw - 1, rx + rw // 2) for y in (ry, ry + rh - 1, ry + rh // 2)]
    probes += [(rx - 1, ry - 1) for (rx, ry, _, _) in _rects(size) if rx and ry]
    probes += [(0, y) for y in range(0, h, 97)] + [(w - 2, y) for y in range(1, h - 1, 89)]
    wrong = [(x, y, rgb.getpixel((x, y)), _expected(size, x, y)) for x, y in probes
             if rgb.getpixel((x, y)) != _expected(size, x, y)]
    assert not wrong, f"{len(wrong)} of {len(probes)} pixels differ at {size}, e.g. {wrong[:5]}"
