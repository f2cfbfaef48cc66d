"""The schema of the machine settings file (``kiosk.toml``): pydantic models that check every key.

:mod:`kiosk.services.settings` imports this module only when a settings file sets something to
check (or someone asks for a model by name): building the models and importing pydantic take
about a tenth of a second, which a kiosk that starts with the defaults does not pay.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kiosk.model.problems import shown
from kiosk.model.videoprofile import DEFAULT_PROFILE, PROFILES
from kiosk.services.settings import PIN_HASH, USB_ROOTS, WEEKDAYS, Resolving, parse_span


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
            parse_span(value)
        return value

    def is_open(self, moment: datetime) -> bool:
        """Return whether the room is open at ``moment`` (local time)."""
        span = getattr(self, WEEKDAYS[moment.weekday()])
        if span is None:
            return False
        start, end = parse_span(span)
        return start <= moment.time() < end


class MachineSettings(Resolving, _Section):
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
