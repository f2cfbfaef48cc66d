"""Shared fixtures: a fresh valid content folder per test."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from contentkit import make_content  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A valid content folder with one story, one provider and one page."""
    return make_content(tmp_path / "content")
