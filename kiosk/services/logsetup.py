"""Logging of ``kiosk run``: a rotating file in the data dir plus stderr.

Under systemd, journald captures stderr (``journalctl -u werkbank-kiosk``); the file
``<data>/logs/kiosk.log`` keeps the last few megabytes on the machine itself, for staff who
copy it to a USB stick. Kivy logs through Python's logging (``KIVY_LOG_MODE=PYTHON``), so its
lines land in the same places.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

LOG_FILE = "kiosk.log"
MAX_BYTES = 2 * 1024 * 1024
BACKUPS = 4
"""One current file and four old ones: at most 10 MB of logs."""
FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


def log_path(data_dir: Path) -> Path:
    """Return the log file of a data dir: ``<data>/logs/kiosk.log``."""
    return data_dir / "logs" / LOG_FILE


def configure_logging(data_dir: Path, level: str = "INFO") -> Path | None:
    """Send the root logger's records at ``level`` to stderr and to the rotating log file.

    Replaces handlers an earlier call installed. Returns the log file, or None when the data
    dir cannot hold one (then stderr alone carries the log, and a warning says why).
    """
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_kiosk", False):
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
    formatter = logging.Formatter(FORMAT)
    stderr = logging.StreamHandler(sys.stderr)
    handlers: list[logging.Handler] = [stderr]
    path: Path | None = log_path(data_dir)
    problem = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.handlers.RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                                             encoding="utf-8"))
    except OSError as exc:
        problem, path = exc, None
    for handler in handlers:
        handler.setFormatter(formatter)
        handler._kiosk = True  # marks our own handlers, so a second call replaces them only
        root.addHandler(handler)
    if problem is not None:
        logging.getLogger(__name__).warning("no log file in %s (%s); logging to stderr only",
                                            data_dir / "logs", problem)
    return path
