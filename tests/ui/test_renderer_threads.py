"""The kiosk chooses llvmpipe's rasterizer threads itself unless the environment does, and its
log says which renderer draws and with how many threads (see kiosk.ui.launch)."""

from __future__ import annotations

import logging

import pytest

from kiosk.ui import launch

pytestmark = pytest.mark.window


def test_the_kiosk_sets_the_renderer_threads_only_when_nobody_else_did(monkeypatch):
    monkeypatch.delenv(launch.RENDERER_THREADS_ENV, raising=False)
    launch.configure_kivy(windowed=True, size=(1920, 1080), offscreen=True)
    assert launch.os.environ[launch.RENDERER_THREADS_ENV] == launch.RENDERER_THREADS

    monkeypatch.setenv(launch.RENDERER_THREADS_ENV, "3")
    launch.configure_kivy(windowed=True, size=(1920, 1080), offscreen=True)
    assert launch.os.environ[launch.RENDERER_THREADS_ENV] == "3"


@pytest.mark.parametrize("preset", [None, "1"])
def test_the_log_names_the_renderer_and_who_chose_its_threads(window, caplog, monkeypatch, preset):
    if preset is None:
        monkeypatch.delenv(launch.RENDERER_THREADS_ENV, raising=False)
    else:
        monkeypatch.setenv(launch.RENDERER_THREADS_ENV, preset)
    launch.configure_kivy(windowed=True, size=(1920, 1080), offscreen=True)
    with caplog.at_level(logging.INFO, logger="kiosk.ui.launch"):
        renderer = launch.log_renderer()
    assert renderer
    line = caplog.messages[-1]
    assert line.startswith(f"renderer: {renderer}")
    if "llvmpipe" in renderer:  # the test machines draw with Mesa's software renderer
        said = "the kiosk's choice" if preset is None else "set by $LP_NUM_THREADS"
        assert f"{preset or launch.RENDERER_THREADS} rasterizer threads ({said})" in line
