"""Pre-warming the image cache in the running kiosk: where ``kiosk run`` keeps the cache, and
progress reports handed to the main thread (the staff panel's use of them is in test_staff)."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.window, pytest.mark.timeout(120)]


def test_run_app_keeps_the_image_cache_where_kiosk_run_says(kiosk, tmp_path, monkeypatch):
    from kivy.app import App

    from kiosk.ui import launch, media
    from kiosk.ui.app import WerkbankKioskApp

    seen = []
    monkeypatch.setattr(App, "_running_app", App._running_app)  # the App built below must not linger
    monkeypatch.setattr(launch, "configure_kivy", lambda **_kwargs: None)
    monkeypatch.setattr(WerkbankKioskApp, "run", lambda _app: seen.append(media.cache_dir()))
    try:
        code = launch.run_app(kiosk.controller.exhibition, windowed=True, size=None, lang=None,
                              image_cache=tmp_path / "daten" / "cache" / "images")
    finally:
        media.use_cache_dir(None)
    assert code == 0
    assert seen == [tmp_path / "daten" / "cache" / "images"]


def test_a_superseded_prewarm_reports_nothing_more(kiosk, held_prewarm, tmp_path):
    from kiosk.ui import media

    media.use_cache_dir(tmp_path / "images")
    try:
        first, second = [], []
        old = media.prewarm(kiosk.controller.exhibition, (1920, 1080), on_progress=lambda d, _t: first.append(d),
                            on_done=first.append)
        assert kiosk.wait_for(lambda: first == [0]), "the first report (0 of n) arrives before any image"
        new = media.prewarm(kiosk.controller.exhibition, (1920, 1080), on_progress=lambda d, _t: None,
                            on_done=second.append)
        held_prewarm.set()
        old.join(30)
        new.join(30)
        assert kiosk.wait_for(lambda: second)
        kiosk.pump(5)
    finally:
        media.use_cache_dir(None)
    assert first == [0], "the cancelled run finished its image and stopped, but reported nothing"
    assert not second[0].cancelled and second[0].total == second[0].built + second[0].cached
