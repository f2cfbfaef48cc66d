"""Shared fixtures: a fresh valid content folder per test."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from contentkit import make_content  # noqa: E402

REPO = Path(__file__).resolve().parents[1]

# The tests expect the source language, English, from everything that follows the system
# locale: `kiosk validate` in a subprocess and the messages of code run here. On a developer's
# German machine they would get German otherwise; the tests that want German ask for it.
os.environ["LANG"] = "C.UTF-8"
for _name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
    os.environ.pop(_name, None)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A valid content folder with one story, one provider and one page."""
    return make_content(tmp_path / "content")
