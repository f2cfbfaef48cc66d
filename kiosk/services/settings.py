"""The machine settings file (``kiosk.toml``): where content and data live, the staff PIN, the screen.

It lives in ``$XDG_CONFIG_HOME/werkbank-kiosk/kiosk.toml`` (or wherever ``--config`` says),
never in the content folder, so swapping content never touches it. Every key is optional; a
missing file means the defaults. The PIN is stored only as a salted scrypt hash.

The models that check a file (:class:`MachineSettings` and its sections) live in
:mod:`kiosk.services.settings_model` and are built on first use: a missing file, or one that
sets nothing, gives :class:`DefaultSettings` without them (pydantic and the models cost about a
tenth of a second of every start). Both are read alike.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import tomllib
from datetime import time
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from kiosk.files import write_atomic
from kiosk.model.problems import printable, shown
from kiosk.model.videoprofile import DEFAULT_PROFILE
from kiosk.services import paths

if TYPE_CHECKING:
    from kiosk.services.settings_model import (
        MachineSettings,
        OpeningHours,
    )

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


def parse_span(text: str) -> tuple[time, time]:
    """Return the start and end of a span such as ``09:00-18:00``; raise ValueError, with a
    sentence for staff, for anything else."""
    try:
        start, end = (time.fromisoformat(part.strip()) for part in text.split("-"))
    except ValueError:
        raise ValueError(f"'{shown(text)}' is not a span such as 09:00-18:00") from None
    if end <= start:
        raise ValueError(f"'{shown(text)}' ends before it starts")
    return start, end


class Resolving:
    """What machine settings answer beyond their keys; :class:`MachineSettings` and
    :class:`DefaultSettings` both have it."""

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


class DefaultSettings(Resolving):
    """The settings of a machine whose ``kiosk.toml`` is missing or sets nothing: every key at
    its default, read as a :class:`MachineSettings` is, without building the models.

    Whatever else is asked of it (``model_copy``, ``model_dump``) goes to a
    :class:`MachineSettings` of the defaults, and it equals one. ``tests/test_settings_defaults.py``
    holds each default equal to the model's.
    """

    content: Path | None = None
    data_dir: Path | None = None
    pin_hash: str | None = None
    studio_password_hash: str | None = None
    keep_releases = 5
    log_level = "INFO"
    stats_retention_days = 365
    video_profile = DEFAULT_PROFILE
    opening_hours: OpeningHours | None = None

    def __init__(self) -> None:
        self.usb_roots = list(USB_ROOTS)
        self.screen = SimpleNamespace(fullscreen=True, size=None, rotation=0)
        self.input = SimpleNamespace(providers={})

    def model(self) -> MachineSettings:
        """Return these settings as a :class:`MachineSettings` (builds the models)."""
        return _models().MachineSettings()

    def __getattr__(self, name: str) -> Any:
        # Only what is not a key or a method above: the model's own API.
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.model(), name)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DefaultSettings) or self.model() == other

    __hash__ = None  # as a model's: settings are not dict keys


_MODEL_NAMES = ("MachineSettings", "ScreenSettings", "InputSettings", "OpeningHours")


def _models():
    """Import the settings models (pydantic) on first use and return their module."""
    from kiosk.services import settings_model

    return settings_model


def __getattr__(name: str) -> Any:
    """Hand out the models by name (``from kiosk.services.settings import MachineSettings``),
    built on first use."""
    if name in _MODEL_NAMES:
        return getattr(_models(), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def defaults() -> DefaultSettings:
    """Return the settings of a machine without a settings file (no models built)."""
    return DefaultSettings()


class SettingsError(Exception):
    """The settings file cannot be read; the message names the file and the problem."""


def default_path() -> Path:
    """Return the default settings file path."""
    return paths.config_dir() / "kiosk.toml"


def load(path: Path | None = None) -> MachineSettings | DefaultSettings:
    """Read the settings file: :class:`DefaultSettings` when it does not exist or sets
    nothing, else a checked :class:`MachineSettings`.

    Raises SettingsError when it cannot be read or is not valid, with one message that names
    the file, the line where it can tell, and what to do.
    """
    path = path or default_path()
    try:
        with open(path, "rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except (FileNotFoundError, NotADirectoryError):  # as Path.exists() sees it: no file
        return DefaultSettings()
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
        data = tomllib.loads(text)
        if not data:
            return DefaultSettings()
        return _models().MachineSettings.model_validate(data)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: {exc}; the README's \"Machine settings\" shows the format") from None
    except RecursionError:
        raise SettingsError(f"{path}: values nested too deeply; the README's \"Machine settings\" "
                            "shows the format") from None
    except ValueError as exc:
        from pydantic import ValidationError  # imported with the models already

        if not isinstance(exc, ValidationError):
            raise
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


def save(settings: MachineSettings | DefaultSettings, path: Path | None = None) -> Path:
    """Write the settings atomically (a power cut leaves the old or the new file, never half).

    Raises OSError when the file cannot be written.
    """
    path = path or default_path()
    import tomli_w

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
