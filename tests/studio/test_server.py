"""How ``kiosk studio`` serves: the sentence when an address cannot be used, and the machine
settings (``--config``) reaching the app on loopback too."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.services.settings import MachineSettings, hash_pin
from kiosk.studio import server


def test_an_address_that_cannot_be_used_is_named_in_the_sentence(sample: Path, tmp_path: Path) -> None:
    settings = MachineSettings(studio_password_hash=hash_pin("werkbank-2026"), data_dir=str(tmp_path / "data"))
    # 192.0.2.1 (TEST-NET-1) is on no interface of this machine, so binding to it fails.
    with pytest.raises(server.StudioError) as caught:
        server.run(sample, port=0, open_browser=False, listen="192.0.2.1", settings=settings,
                   announce=lambda _line: None)
    message = str(caught.value)
    assert "192.0.2.1" in message and "{" not in message


def test_the_given_settings_reach_the_app_on_loopback(sample: Path, monkeypatch) -> None:
    settings = MachineSettings(video_profile="raspberry-pi")
    seen = {}

    class Stop(Exception):
        pass

    def fake_server(app, **_options):
        seen["settings"] = app.config.get("STUDIO_SETTINGS")
        raise Stop

    monkeypatch.setattr("waitress.create_server", fake_server)
    with pytest.raises(Stop):
        server.run(sample, port=0, open_browser=False, settings=settings, announce=lambda _line: None)
    assert seen["settings"] is settings
