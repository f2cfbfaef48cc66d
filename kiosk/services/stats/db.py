"""The statistics database: where it lives, its one table, and how an event becomes a row.

The recorder writes through these, ``kiosk stats`` reads through them, and test fixtures and
the benchmark fill databases with them, so all agree on the file and its columns.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime
from pathlib import Path
from typing import Any

# Field columns, in table order. Text fields first, then numbers.
TEXT_FIELDS = ("screen", "item", "lang", "target", "dimension", "value", "reason", "url", "from_lang", "to_lang")
REAL_FIELDS = ("dwell_s", "duration_s", "watched_s")
FIELD_COLUMNS = TEXT_FIELDS + REAL_FIELDS
_FIELD_SET = frozenset(FIELD_COLUMNS)

SCHEMA_VERSION = 1

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    ts REAL NOT NULL,
    kind TEXT NOT NULL,
    session TEXT,
    {", ".join(f"{c} TEXT" for c in TEXT_FIELDS)},
    {", ".join(f"{c} REAL" for c in REAL_FIELDS)},
    extra TEXT
);
CREATE INDEX IF NOT EXISTS events_ts ON events (ts);
CREATE INDEX IF NOT EXISTS events_kind_ts ON events (kind, ts);
"""

#: INSERT statement matching :func:`event_row` (used by the writer, the bench and test fixtures).
INSERT_EVENT_SQL = (
    f"INSERT INTO events (ts, kind, session, {', '.join(FIELD_COLUMNS)}, extra) "
    f"VALUES ({', '.join('?' * (len(FIELD_COLUMNS) + 4))})"
)


DB_FILENAME = "stats.sqlite3"


def database_path(data_dir: Path | None = None) -> Path:
    """Where the statistics live: ``<data_dir>/stats.sqlite3`` (default: :func:`paths.data_dir`).

    The recorder (app) and ``kiosk stats`` (CLI) both use this, so they always agree.
    """
    if data_dir is None:
        from kiosk.services.paths import data_dir as default_data_dir

        data_dir = default_data_dir()
    return Path(data_dir) / DB_FILENAME


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create the ``events`` table and its indexes if missing (idempotent)."""
    conn.executescript(_SCHEMA)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _clean_text(value: Any) -> str | None:
    # str() also turns an enum member (EventKind.FILTER) into its plain stored value.
    return None if value is None else str(value)


def _clean_real(value: Any) -> float | None:
    if value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def event_row(ts: float, kind: str, session: str | None, fields: dict[str, Any]) -> tuple:
    """Turn one event into a row for :data:`INSERT_EVENT_SQL`.

    Values are coerced (text columns to ``str``, numbers to ``float``) so that one odd
    value can never make a whole batch fail to bind; unknown fields go to ``extra``.
    """
    get = fields.get
    row = [float(ts), str(kind), session]
    row.extend(_clean_text(get(c)) for c in TEXT_FIELDS)
    row.extend(_clean_real(get(c)) for c in REAL_FIELDS)
    extra = {k: v for k, v in fields.items() if k not in _FIELD_SET}
    row.append(json.dumps(extra, default=str, ensure_ascii=False) if extra else None)
    return tuple(row)


def connect(path: Path, timeout: float) -> sqlite3.Connection:
    """Open the database for the writer thread (the recorder's default ``connect``)."""
    # isolation_level=None: we issue BEGIN/COMMIT ourselves, one transaction per batch.
    return sqlite3.connect(str(path), timeout=timeout, isolation_level=None, check_same_thread=False)


def open_read_only(path: Path, timeout: float) -> sqlite3.Connection:
    """Open the database read-only: a reader never creates or changes it, and WAL lets it
    read while the kiosk writes. Raises ``sqlite3.Error`` when it cannot be opened."""
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, timeout=timeout)


def local_midnight(d: date) -> float:
    """Return the epoch seconds of local midnight at the start of ``d``."""
    return datetime(d.year, d.month, d.day).timestamp()
