"""The machine settings file (``kiosk.toml``): where content and data live, the staff PIN, the screen.

It lives in ``$XDG_CONFIG_HOME/werkbank-kiosk/kiosk.toml`` (or wherever ``--config`` says),
never in the content folder, so swapping content never touches it. Every key is optional; a
missing file means the defaults. The PIN is stored only as a salted scrypt hash.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import tomllib
from datetime import datetime, time
from pathlib import Path
from typing import Literal

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from kiosk.files import write_atomic
from kiosk.model.problems import printable, shown
from kiosk.model.videoprofile import DEFAULT_PROFILE, PROFILES
from kiosk.services import paths

_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
PIN_HASH = re.compile(r"scrypt\$[0-9a-f]{32}\$[0-9a-f]{128}")
"""What :func:`hash_pin` makes: 16 bytes of salt and scrypt's 64-byte digest, in hex."""
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""The opening-hours keys, Monday first, as ``date.weekday()`` counts."""
WEEKDAY_NAMES = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
"""The German short names of :data:`WEEKDAYS`, in the same order (staff panel and statistics report)."""
USB_ROOTS = ("/media/*/*", "/run/media/*/*", "/media/*")
"""Where sticks are mounted: by udisks (``/media/<user>/<label>``), by systemd-mount and newer
udisks (``/run/media/<user>/<label>``), and by hand or by older systems (``/media/<label>``)."""
MAX_FILE_BYTES = 1_000_000
"""A settings file has a few dozen lines; anything bigger is not one (or is /dev/zero)."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ScreenSettings(_Section):
    """The screen: fullscreen or a window of a given size, and the rotation of the touch panel."""

    fullscreen: bool = True
    size: str | None = Field(None, description="WxH for a window, e.g. 1920x1080")
    rotation: Literal[0, 90, 180, 270] = 0


class InputSettings(_Section):
    """Touch input: extra Kivy input providers, e.g. ``{"touch": "mtdev,/dev/input/event5"}``."""

    providers: dict[str, str] = Field(default_factory=dict)


class OpeningHours(_Section):
    """When the room is open, per weekday: ``mon = "09:00-18:00"``; a missing day is closed."""

    mon: str | None = None
    tue: str | None = None
    wed: str | None = None
    thu: str | None = None
    fri: str | None = None
    sat: str | None = None
    sun: str | None = None

    @field_validator(*WEEKDAYS)
    @classmethod
    def _span(cls, value: str | None) -> str | None:
        if value is not None:
            _parse_span(value)
        return value

    def is_open(self, moment: datetime) -> bool:
        """Return whether the room is open at ``moment`` (local time)."""
        span = getattr(self, WEEKDAYS[moment.weekday()])
        if span is None:
            return False
        start, end = _parse_span(span)
        return start <= moment.time() < end


def _parse_span(text: str) -> tuple[time, time]:
    try:
        start, end = (time.fromisoformat(part.strip()) for part in text.split("-"))
    except ValueError:
        raise ValueError(f"'{shown(text)}' is not a span such as 09:00-18:00") from None
    if end <= start:
        raise ValueError(f"'{shown(text)}' ends before it starts")
    return start, end


class MachineSettings(_Section):
    """Everything the kiosk keeps about this machine; see the README for each key."""

    content: Path | None = Field(None, description="The live content folder (default: the data dir's "
                                                   "'content' link, else the bundled sample)")
    data_dir: Path | None = Field(None, description="Releases, logs and statistics")
    pin_hash: str | None = Field(None, description="Written by kiosk set-pin; never by hand")
    studio_password_hash: str | None = Field(None, description="The staff password kiosk studio --listen asks "
                                                               "for; written by kiosk studio-password")
    # The upper bounds keep date and float arithmetic on these numbers from overflowing.
    keep_releases: int = Field(5, ge=2, le=1000)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    stats_retention_days: int = Field(365, ge=1, le=36500)
    video_profile: Literal[tuple(PROFILES)] = Field(  # type: ignore[valid-type]
        DEFAULT_PROFILE, description="The hardware whose video limits apply: " + ", ".join(
            f"'{p.name}' ({p.description})" for p in PROFILES.values()))
    usb_roots: list[str] = Field(
        default_factory=lambda: list(USB_ROOTS), max_length=20,
        description="Where USB sticks are mounted, as shell patterns of absolute paths; the staff panel "
                    "offers the content found on them")
    screen: ScreenSettings = Field(default_factory=ScreenSettings)
    input: InputSettings = Field(default_factory=InputSettings)
    opening_hours: OpeningHours | None = None

    @field_validator("content", "data_dir")
    @classmethod
    def _no_nul(cls, value: Path | None) -> Path | None:
        # Every file operation on such a path raises ValueError, far from the settings file.
        if value is not None and "\0" in str(value):
            raise ValueError("contains a NUL character; write the folder's path")
        return value

    @field_validator("usb_roots")
    @classmethod
    def _absolute_patterns(cls, value: list[str]) -> list[str]:
        for pattern in value:
            if not pattern.startswith("/") or "\0" in pattern:
                raise ValueError(f"'{shown(pattern)}' is not an absolute path pattern such as /media/*/*")
        return value

    @field_validator("pin_hash", "studio_password_hash")
    @classmethod
    def _pin_hash(cls, value: str | None, info) -> str | None:
        if value is not None and not PIN_HASH.fullmatch(value):
            command = "kiosk set-pin" if info.field_name == "pin_hash" else "kiosk studio-password"
            raise ValueError(f"is not a hash made by {command}; delete the line and run {command} again")
        return value

    def resolved_data_dir(self) -> Path:
        """Return the data dir: the configured one, else ``$XDG_DATA_HOME/werkbank-kiosk``."""
        return self.data_dir or paths.data_dir()

    def resolved_content(self) -> Path:
        """Return the content folder: configured, else the live release link, else the sample."""
        if self.content is not None:
            return self.content
        live = self.resolved_data_dir() / "content"
        # A dangling live link still names the live content: falling back to the sample here
        # would validate or report on the wrong exhibition without a word.
        return live if live.is_symlink() or live.exists() else paths.default_content_dir()

    def check_pin(self, pin: str) -> bool:
        """Return whether ``pin`` matches the stored hash (False when no PIN is set)."""
        return self.pin_hash is not None and verify_pin(pin, self.pin_hash)


class SettingsError(Exception):
    """The settings file cannot be read; the message names the file and the problem."""


def default_path() -> Path:
    """Return the default settings file path."""
    return paths.config_dir() / "kiosk.toml"


def load(path: Path | None = None) -> MachineSettings:
    """Read the settings file (defaults when it does not exist).

    Raises SettingsError when it cannot be read or is not valid, with one message that names
    the file, the line where it can tell, and what to do.
    """
    path = path or default_path()
    try:
        with open(path, "rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except (FileNotFoundError, NotADirectoryError):  # as Path.exists() sees it: no file
        return MachineSettings()
    except OSError as exc:
        raise SettingsError(f"{path}: {exc.strerror or exc}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise SettingsError(f"{path}: over {MAX_FILE_BYTES // 1_000_000} MB, which no settings file is; "
                            "check that --config names kiosk.toml")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise SettingsError(f"{path}: line {line}: byte 0x{raw[exc.start]:02x} is not UTF-8; "
                            "save the file as UTF-8") from None
    try:
        return MachineSettings.model_validate(tomllib.loads(text))
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: {exc}; the README's \"Machine settings\" shows the format") from None
    except RecursionError:
        raise SettingsError(f"{path}: values nested too deeply; the README's \"Machine settings\" "
                            "shows the format") from None
    except ValidationError as exc:
        raise SettingsError(f"{path}: " + "; ".join(_problem(text, e) for e in exc.errors())) from None


def _problem(text: str, error) -> str:
    """One pydantic error as "key (line N): what is wrong"."""
    key = printable(".".join(map(str, error["loc"])))  # a key in the file may hold any character
    if error["type"] == "value_error":
        message = str(error["ctx"]["error"])
    elif error["type"] == "extra_forbidden":
        message = "is not a setting the kiosk knows (a typo?); the README lists every key"
    else:
        message = error["msg"]
    line = _line_of(text, error["loc"])
    return f"{key} (line {line}): {message}" if line else f"{key}: {message}"


def _line_of(text: str, loc: tuple) -> int | None:
    """The line where the key at ``loc`` is set, or None. A best guess: tomllib keeps no
    positions, so each part of ``loc`` is looked for as a key or table name below the last."""
    lines = text.splitlines()
    start, found = 0, None
    for part in map(str, loc):
        key = re.compile(r"""\s*\[*\s*(?:[\w"'-]+\s*\.\s*)*["']?""" + re.escape(part) + r"""["']?\s*[=\].]""")
        number = next((n for n in range(start, len(lines)) if key.match(lines[n])), None)
        if number is None:
            break
        start, found = number, number + 1
    return found


def save(settings: MachineSettings, path: Path | None = None) -> Path:
    """Write the settings atomically (a power cut leaves the old or the new file, never half).

    Raises OSError when the file cannot be written.
    """
    path = path or default_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    # 0o600: the PIN hash is not for every user of the machine.
    write_atomic(path, tomli_w.dumps(settings.model_dump(mode="json", exclude_none=True)), mode=0o600,
                 sync_folder=True)
    return path


def hash_pin(pin: str) -> str:
    """Return a salted scrypt hash of ``pin`` as ``scrypt$<salt hex>$<hash hex>``."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str) -> bool:
    """Return whether ``pin`` matches a hash made by :func:`hash_pin` (constant-time compare)."""
    if not PIN_HASH.fullmatch(stored):
        return False
    _scheme, salt_hex, digest_hex = stored.split("$")
    digest = hashlib.scrypt(pin.encode(), salt=bytes.fromhex(salt_hex), **_SCRYPT)
    return hmac.compare_digest(digest.hex(), digest_hex)
