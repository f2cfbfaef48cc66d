"""The staff PIN without a window: the guard's rule and its file (kiosk.services.pinguard), and
``kiosk set-pin`` taking only the digits the pad has."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.services import pinguard
from kiosk.services import settings as machine
from kiosk.services.pinguard import GuardState, PinGuard, after_failure, lockout_s, wait_s, wait_text

NOW = 1_800_000_000.0


class Clock:
    """Epoch seconds that only move when told."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> float:
        return self.now


def test_three_free_tries_then_30_s_doubling_up_to_15_minutes() -> None:
    assert [lockout_s(n) for n in range(0, 10)] == [0, 0, 0, 30, 60, 120, 240, 480, 900, 900]
    assert lockout_s(10**9) == 900


def test_the_wait_runs_out_and_never_exceeds_the_rule() -> None:
    state = GuardState()
    for _ in range(3):
        state = after_failure(state, NOW)
    assert state.failures == 3
    assert wait_s(state, NOW) == 30
    assert wait_s(state, NOW + 29) == 1
    assert wait_s(state, NOW + 30) == 0
    # A clock set back by years (no clock battery) must not lock staff out for years.
    assert wait_s(state, NOW - 10 * 365 * 86400) == 30


def test_wait_text_in_german() -> None:
    assert wait_text(30) == "Zu viele Versuche. Bitte in 30 Sekunden erneut versuchen."
    assert wait_text(0.2) == "Zu viele Versuche. Bitte in 1 Sekunde erneut versuchen."
    assert wait_text(29.1) == "Zu viele Versuche. Bitte in 30 Sekunden erneut versuchen."
    assert wait_text(900) == "Zu viele Versuche. Bitte in 15 Minuten erneut versuchen."


def test_the_count_survives_a_restart_and_the_right_pin_resets_it(tmp_path: Path) -> None:
    clock = Clock()
    path = tmp_path / "data" / pinguard.STATE_FILE
    guard = PinGuard(path, clock)
    assert [guard.failed() for _ in range(3)] == [0, 0, 30]
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    restarted = PinGuard(path, clock)
    assert restarted.wait_s() == 30
    clock.now += 30
    assert restarted.wait_s() == 0
    assert restarted.failed() == 60, "the count goes on after the lock, doubling the next one"
    restarted.succeeded()
    assert PinGuard(path, clock).state == GuardState()


def test_wrong_pins_are_logged_with_the_count_never_the_pin(tmp_path: Path, caplog) -> None:
    guard = PinGuard(tmp_path / pinguard.STATE_FILE, Clock())
    with caplog.at_level(logging.WARNING, logger="kiosk.services.pinguard"):
        for _ in range(3):
            guard.failed()
    assert [r.getMessage() for r in caplog.records][-1] == \
        "wrong staff PIN (3 in a row): the PIN pad is locked for 30 s"


@pytest.mark.parametrize("content", [b"", b"{", b"[1, 2]", b'{"failures": "x", "locked_until": 0}',
                                     b'{"failures": -5, "locked_until": 1e999}', b"\xff\xfe"])
def test_a_broken_file_counts_from_zero_and_is_replaced(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / pinguard.STATE_FILE
    path.write_bytes(content)
    guard = PinGuard(path, Clock())
    assert guard.wait_s() == 0
    guard.failed()
    assert json.loads(path.read_text())["failures"] == 1


def test_an_unwritable_data_dir_still_counts_in_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data dir should be")
    guard = PinGuard(blocker / pinguard.STATE_FILE, Clock())
    assert [guard.failed() for _ in range(3)] == [0, 0, 30]


def test_the_guard_needs_no_kivy() -> None:
    code = "import sys, kiosk.services.pinguard; assert 'kivy' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("pin", ["٢٥٨٠", "２５８０", "2580\u0660", "25 80", "2580\n", "²³⁴⁵"])
def test_set_pin_takes_only_ascii_digits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, pin) -> None:
    config = tmp_path / "kiosk.toml"
    monkeypatch.setattr("getpass.getpass", lambda prompt="": pin)
    assert main(["--config", str(config), "set-pin"]) == 1
    err = capsys.readouterr().err
    assert "only the digits 0-9" in err and "nothing was changed" in err
    assert not config.exists()


def test_set_pin_without_input_or_a_writable_file_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys) -> None:
    def no_input(prompt=""):
        raise EOFError

    monkeypatch.setattr("getpass.getpass", no_input)
    assert main(["--config", str(tmp_path / "kiosk.toml"), "set-pin"]) == 1
    assert "no PIN entered" in capsys.readouterr().err
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "2580")
    (tmp_path / "blocker").write_text("a file, not a folder")
    assert main(["--config", str(tmp_path / "blocker" / "kiosk.toml"), "set-pin"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("kiosk set-pin: cannot write ") and "Traceback" not in err


def test_settings_write_atomically_without_leftovers(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    machine.save(machine.MachineSettings(keep_releases=3), path)
    machine.save(machine.MachineSettings(keep_releases=4), path)
    assert machine.load(path).keep_releases == 4
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kiosk.toml"]
