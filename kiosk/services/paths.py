"""Where the kiosk keeps its machine settings and its data, outside the content folder."""

from __future__ import annotations

import os
import stat
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


class DataDirError(Exception):
    """The data dir cannot be used; the message names it and says what to do."""


def check_data_dir(path: Path) -> None:
    """Raise DataDirError when ``path`` cannot become the data dir: it, or a folder above it, is
    a file, or it cannot even be looked at. A data dir that does not exist yet is fine: it is
    created when needed."""
    for candidate in [path, *path.parents]:
        try:
            mode = os.stat(candidate).st_mode
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise DataDirError(f"the data dir {path} cannot be used ({exc.strerror or exc}); set data_dir in "
                               "the settings file to a folder the kiosk user may write") from None
        if stat.S_ISDIR(mode):
            return
        where = "is a file" if candidate == path else f"cannot be a folder, because {candidate} is a file"
        raise DataDirError(f"the data dir {path} {where}; move the file away or set data_dir in the settings "
                           "file to a folder")


def config_dir() -> Path:
    """Return the machine settings directory: ``$XDG_CONFIG_HOME/werkbank-kiosk``."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / APP_DIR_NAME


def default_content_dir() -> Path:
    """Return the configured content folder: ``$KIOSK_CONTENT`` or ``content/`` of the checkout."""
    env = os.environ.get("KIOSK_CONTENT")
    return Path(env) if env else REPO_ROOT / "content"
