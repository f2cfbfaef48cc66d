"""What the first frame of ``kiosk run`` waits for: the attract loop's black ground and prompt,
and nothing else. The loop's first picture is asked for, the QR codes are made and the slides'
texts are baked in the frames after it, and then they all are; Kivy shows a frame only after
the window's ``on_flip`` handlers, so none of them starts a thread there."""

from __future__ import annotations

import threading

import pytest

pytestmark = pytest.mark.window


@pytest.fixture
def fresh(window, sample_exhibition, tmp_path):
    """Start a kiosk on the sample as ``kiosk run`` starts it (in the attract loop); the shared
    kiosk leaves the window meanwhile and comes back afterwards."""
    from conftest import _kiosk_for

    from kiosk.services.settings import MachineSettings
    from kiosk.ui.assembly import Kiosk

    _kiosk_for(window, sample_exhibition).assembled.stop()
    made = []

    def start():
        kiosk = Kiosk(sample_exhibition, MachineSettings(data_dir=tmp_path / "data"), idle_timeout=10 ** 6)
        kiosk.start()
        made.append(kiosk)
        return kiosk

    yield start
    for kiosk in made:
        kiosk.stop()
    _kiosk_for(window, sample_exhibition)


def frame() -> None:
    """Render one frame."""
    from kivy.base import EventLoop

    EventLoop.idle()


def _bakes(layer) -> int:
    return sum(slide.poster.bakes for slide in layer._own_slides)


def test_the_first_frame_is_the_loops_ground_and_prompt_and_the_rest_follows(fresh, window, monkeypatch):
    from kiosk.ui.screens import attract
    from kiosk.ui.theme import C

    started: list[str] = []
    real_start = threading.Thread.start

    def start(thread):
        started.append(thread.name)
        real_start(thread)

    monkeypatch.setattr(threading.Thread, "start", start)
    decodes: list = []
    real_decode = attract.decode
    monkeypatch.setattr(attract, "decode", lambda *args: decodes.append(args[0]) or real_decode(*args))
    at_flip: dict = {}

    def first_flip(*_args):
        # Bound before the kiosk's own handlers, so called after them: what the frame waited for.
        window.funbind("on_flip", first_flip)
        at_flip.update(threads=list(started), decodes=len(decodes), bakes=_bakes(layer), index=int(layer.index),
                       covering=layer.covering, ground_quad=layer._black_shown, clear=tuple(window.clearcolor))

    window.fbind("on_flip", first_flip)
    try:
        kiosk = fresh()
        layer = kiosk.shell.attract_layer
        assert layer.running, "the loop runs from the start"
        frame()
    finally:
        window.funbind("on_flip", first_flip)
    assert [name for name in at_flip.pop("threads") if name != "stats-writer"] == [], \
        "no thread but the statistics' writer (which records the first touch) starts before the frame shows"
    assert at_flip == {"decodes": 0, "bakes": 0, "index": -1, "covering": True, "ground_quad": False,
                       "clear": (0, 0, 0, 1)}, \
        "the loop covers the window, its black ground is the window's clear, no picture is asked for, no text baked"

    for _ in range(300):
        if any(slide.parent is layer for slide in layer._own_slides) and kiosk.prebuild.done.is_set():
            break
        frame()
    assert int(layer.index) >= 0 and decodes, "the first picture was asked for after the first frame"
    assert any(slide.parent is layer for slide in layer._own_slides), "and fades in"
    assert _bakes(layer) >= 1, "the shown slide's texts are baked"
    assert "qr-prebuild" in started and kiosk.prebuild.done.is_set(), "the QR codes are made"

    kiosk.controller.leave_attract()
    for _ in range(60):
        if layer.parent is None:
            break
        frame()
    assert layer.parent is None and tuple(window.clearcolor) == tuple(C["bg"]), "the screens' clear colour is back"


def test_a_slide_out_of_the_loop_bakes_nothing_and_draws_its_changes_once_back(window, kiosk):
    from kiosk.ui.screens.attract import Slide

    slide = Slide(size=window.size)
    frame()
    slide.title = "Erst im Fenster"
    for _ in range(3):
        frame()
    assert slide.poster.bakes == 0, "out of the window nothing is baked"
    window.add_widget(slide)
    try:
        for _ in range(3):
            frame()
        assert slide.poster.bakes >= 1, "shown, its texts are baked"
        window.remove_widget(slide)
        baked = slide.poster.bakes
        slide.title = "Wieder draussen geändert"
        for _ in range(3):
            frame()
        assert slide.poster.bakes == baked, "a change out of the window waits"
        window.add_widget(slide)  # same size as before: only the change itself asks for the bake
        for _ in range(3):
            frame()
        assert slide.poster.bakes == baked + 1, "and is drawn once it is back"
    finally:
        if slide.parent is not None:
            window.remove_widget(slide)
