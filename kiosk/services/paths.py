"""Where the kiosk keeps its machine settings and its data, outside the content folder."""

from __future__ import annotations

import os
from pathlib import Path

APP_DIR_NAME = "werkbank-kiosk"
REPO_ROOT = Path(__file__).resolve().parents[2]
ASSETS_DIR = REPO_ROOT / "assets"


def data_dir() -> Path:
    """Return the data directory: ``$XDG_DATA_HOME/werkbank-kiosk`` (default ``~/.local/share/...``).

    Setting ``XDG_DATA_HOME`` isolates a test run completely. The directory is not created here.
    """
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / APP_DIR_NAME


def config_dir() -> Path:
    """Return the machine settings directory: ``$XDG_CONFIG_HOME/werkbank-kiosk``."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / APP_DIR_NAME


def default_content_dir() -> Path:
    """Return the configured content folder: ``$KIOSK_CONTENT`` or ``content/`` of the checkout."""
    env = os.environ.get("KIOSK_CONTENT")
    return Path(env) if env else REPO_ROOT / "content"
