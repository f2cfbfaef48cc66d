"""The studio's network security: the staff password (``kiosk studio-password``), the login
with the PIN's lock-out rules, signed session cookies, CSRF and the refusal to listen on a
network without a password."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.services import settings as machine


def _answers(monkeypatch: pytest.MonkeyPatch, *answers: str) -> None:
    replies = iter(answers)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(replies))


def test_studio_password_is_stored_as_a_salted_hash_beside_the_pin(tmp_path: Path, monkeypatch, capsys) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text('pin_hash = "%s"\n' % machine.hash_pin("4711"))
    _answers(monkeypatch, "Werkbank-2026!", "Werkbank-2026!")
    assert main(["--config", str(config), "studio-password"]) == 0
    stored = machine.load(config)
    assert stored.studio_password_hash and "Werkbank" not in config.read_text()
    assert machine.verify_pin("Werkbank-2026!", stored.studio_password_hash)
    assert not machine.verify_pin("werkbank-2026!", stored.studio_password_hash)
    assert stored.check_pin("4711"), "the PIN beside it is kept"
    assert config.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(("answers", "why"), [
    (("kurz", "kurz"), "at least 10 characters"),
    (("          ", "          "), "at least 10 characters"),
    (("Werkbank-2026!", "Werkbank-2025!"), "differ"),
])
def test_studio_password_refuses_short_or_differing_passwords(tmp_path: Path, monkeypatch, capsys,
                                                              answers, why) -> None:
    config = tmp_path / "kiosk.toml"
    _answers(monkeypatch, *answers)
    assert main(["--config", str(config), "studio-password"]) == 1
    err = capsys.readouterr().err
    assert why in err and "nothing was changed" in err
    assert not config.exists()


def test_a_malformed_studio_password_hash_names_the_command_that_sets_it(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text('studio_password_hash = "geheim"\n')
    with pytest.raises(machine.SettingsError, match="run kiosk studio-password again"):
        machine.load(config)
