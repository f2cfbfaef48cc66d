"""A broken ``kiosk.toml`` is a settings error: one message naming the file, the line where it
can and the fix, and exit 2 from every command that needs the settings, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.services import settings as machine

HASH = machine.hash_pin("2580")


def settings_error(tmp_path: Path, content: bytes) -> str:
    path = tmp_path / "kiosk.toml"
    path.write_bytes(content)
    with pytest.raises(machine.SettingsError) as caught:
        machine.load(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    return message


@pytest.mark.parametrize("bad", ["abc", "scrypt$zz$aa", "scrypt$$", HASH[:-2], HASH.upper(),
                                 "bcrypt" + HASH[6:], HASH + "$00", HASH.replace("$", "$ ", 1)])
def test_a_malformed_pin_hash_names_the_key_the_line_and_the_fix(tmp_path: Path, bad: str) -> None:
    content = f'keep_releases = 3\npin_hash = "{bad}"\n'.encode()
    assert settings_error(tmp_path, content).endswith(
        "pin_hash (line 2): is not a hash made by kiosk set-pin; delete the line and run kiosk set-pin again")
    with pytest.raises(ValueError):
        machine.MachineSettings(pin_hash=bad)


def test_a_hash_made_by_set_pin_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(f'pin_hash = "{HASH}"\n')
    assert machine.load(path).check_pin("2580")


def test_invalid_utf8_names_the_line_and_the_byte(tmp_path: Path) -> None:
    message = settings_error(tmp_path, b'keep_releases = 3\n# K\xfcche\ncontent = "/srv"\n')
    assert message.endswith(": line 2: byte 0xfc is not UTF-8; save the file as UTF-8")


@pytest.mark.parametrize("content, needle", [
    (b"[screen\n", "line 1"),
    (b"keep_releases = \n", "line 1"),
    (b"a = " + b"[" * 5000 + b"]" * 5000, "nested too deeply"),
    (b"keep_releases = 'viele'\n", "keep_releases (line 1): Input should be a valid integer"),
    (b"[screen]\nfullscreen = true\nrotaton = 90\n",
     "screen.rotaton (line 3): is not a setting the kiosk knows (a typo?)"),
    (b"[screen]\nrotation = 45\n", "screen.rotation (line 2): Input should be 0, 90, 180 or 270"),
    (b"keep_releases = 123456789012345678901234567890\n", "keep_releases (line 1): Input should be less"),
    (b"stats_retention_days = 99999999999\n", "stats_retention_days (line 1): Input should be less"),
    (b'content = "/srv/\\u0000/inhalt"\n', "content (line 1): contains a NUL character"),
    (b"[opening_hours]\nmon = \"18:00-09:00\"\n", "opening_hours.mon (line 2): '18:00-09:00' ends before it starts"),
    (b"[input.providers]\ntouch = 5\n", "input.providers.touch (line 2): Input should be a valid string"),
    (b"log_level = {a = {b = 1}}\n", "log_level (line 1): Input should be"),
    (b'"a\\nb\\u001b[2J" = 1\n', "a\\nb\\x1b[2J: is not a setting"),  # no line break, no terminal escape
    (b'[opening_hours]\nmon = "18:00\\u001b[2J"\n', "'18:00\\x1b[2J' is not a span"),
])
def test_bad_toml_is_one_sentence_with_the_line(tmp_path: Path, content: bytes, needle: str) -> None:
    message = settings_error(tmp_path, content)
    assert needle in message
    assert "Traceback" not in message and "[type=" not in message and "Value error" not in message
    assert "\x1b" not in message


def test_a_huge_file_or_a_folder_is_refused_quickly(tmp_path: Path) -> None:
    assert "over 1 MB" in settings_error(tmp_path, b"# " + b"x" * 2_000_000)
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    with pytest.raises(machine.SettingsError, match="Is a directory"):
        machine.load(folder)


@pytest.mark.parametrize("command", [["stats"], ["set-pin"], ["content", "list"], ["run", "--windowed"]])
@pytest.mark.parametrize("content", [b'pin_hash = "abc"\n', b"keep_releases = 3\n\xff\n"])
def test_every_command_that_needs_settings_exits_2(tmp_path: Path, capsys, command, content) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_bytes(content)
    assert main(["--config", str(config), *command]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"kiosk: settings file: {config}: ") and err.count("\n") == 1
    assert "pin_hash (line 1)" in err or "line 2: byte 0xff" in err


def test_a_dangling_live_link_is_still_the_configured_content(tmp_path):
    """A live link whose release is gone names the live content, never the bundled sample."""
    from kiosk.services.settings import MachineSettings

    data = tmp_path / "data"
    data.mkdir()
    (data / "content").symlink_to("releases/gone")
    settings = MachineSettings(data_dir=data)
    assert settings.resolved_content() == data / "content"
