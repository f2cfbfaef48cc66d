"""The machine settings file (``kiosk.toml``): where content and data live, the staff PIN, the screen.

It lives in ``$XDG_CONFIG_HOME/werkbank-kiosk/kiosk.toml`` (or wherever ``--config`` says),
never in the content folder, so swapping content never touches it. Every key is optional; a
missing file means the defaults. The PIN is stored only as a salted scrypt hash.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import tomllib
from datetime import datetime, time
from pathlib import Path
from typing import Literal

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from kiosk.model.videoprofile import DEFAULT_PROFILE, PROFILES
from kiosk.services import paths

_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


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
        raise ValueError(f"'{text}' is not a span such as 09:00-18:00") from None
    if end <= start:
        raise ValueError(f"'{text}' ends before it starts")
    return start, end


class MachineSettings(_Section):
    """Everything the kiosk keeps about this machine; see the README for each key."""

    content: Path | None = Field(None, description="The live content folder (default: the data dir's "
                                                   "'content' link, else the bundled sample)")
    data_dir: Path | None = Field(None, description="Releases, logs and statistics")
    pin_hash: str | None = None
    keep_releases: int = Field(5, ge=2)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    stats_retention_days: int = Field(365, ge=1)
    video_profile: Literal[tuple(PROFILES)] = Field(  # type: ignore[valid-type]
        DEFAULT_PROFILE, description="The hardware whose video limits apply: " + ", ".join(
            f"'{p.name}' ({p.description})" for p in PROFILES.values()))
    screen: ScreenSettings = Field(default_factory=ScreenSettings)
    input: InputSettings = Field(default_factory=InputSettings)
    opening_hours: OpeningHours | None = None

    def resolved_data_dir(self) -> Path:
        """Return the data dir: the configured one, else ``$XDG_DATA_HOME/werkbank-kiosk``."""
        return self.data_dir or paths.data_dir()

    def resolved_content(self) -> Path:
        """Return the content folder: configured, else the live release link, else the sample."""
        if self.content is not None:
            return self.content
        live = self.resolved_data_dir() / "content"
        return live if live.exists() else paths.default_content_dir()

    def check_pin(self, pin: str) -> bool:
        """Return whether ``pin`` matches the stored hash (False when no PIN is set)."""
        return self.pin_hash is not None and verify_pin(pin, self.pin_hash)


class SettingsError(Exception):
    """The settings file cannot be read; the message names the file and the problem."""


def default_path() -> Path:
    """Return the default settings file path."""
    return paths.config_dir() / "kiosk.toml"


def load(path: Path | None = None) -> MachineSettings:
    """Read the settings file (defaults when it does not exist); raise SettingsError when it is broken."""
    path = path or default_path()
    if not path.exists():
        return MachineSettings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return MachineSettings.model_validate(data)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: {exc}") from None
    except ValidationError as exc:
        lines = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise SettingsError(f"{path}: {lines}") from None
    except OSError as exc:
        raise SettingsError(f"{path}: {exc.strerror}") from None


def save(settings: MachineSettings, path: Path | None = None) -> Path:
    """Write the settings atomically (a power cut leaves the old or the new file, never half)."""
    path = path or default_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = settings.model_dump(mode="json", exclude_none=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(tomli_w.dumps(data), encoding="utf-8")
    os.chmod(tmp, 0o600)  # the PIN hash is not for every user of the machine
    os.replace(tmp, path)
    return path


def hash_pin(pin: str) -> str:
    """Return a salted scrypt hash of ``pin`` as ``scrypt$<salt hex>$<hash hex>``."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str) -> bool:
    """Return whether ``pin`` matches a hash made by :func:`hash_pin` (constant-time compare)."""
    try:
        scheme, salt_hex, digest_hex = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    digest = hashlib.scrypt(pin.encode(), salt=bytes.fromhex(salt_hex), **_SCRYPT)
    return hmac.compare_digest(digest.hex(), digest_hex)
