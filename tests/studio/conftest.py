"""Fixtures of the studio's tests: a copy of the bundled sample folder, the app on it, and a
helper that reads a page's form the way a browser would submit it."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from werkzeug.datastructures import MultiDict

from kiosk.studio.app import create_app

SAMPLE = Path(__file__).resolve().parents[2] / "content"


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A private copy of the bundled sample content folder (nine stories, attract loop, films)."""
    return Path(shutil.copytree(SAMPLE, tmp_path / "sample"))


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """Where the studio keeps earlier versions in these tests (outside the content folder)."""
    return tmp_path / "history"


@pytest.fixture
def studio(sample: Path, history: Path):
    """A test client of the studio on the sample copy, CSRF off (its own test turns it on)."""
    app = create_app(sample, testing=True, history=history)
    app.config["WTF_CSRF_ENABLED"] = False
    return app.test_client()


class _Form(HTMLParser):
    """Collects the successful controls of one form, as a browser submits them."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, MultiDict()
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.add(name, a.get("value", "on"))
            elif a.get("type") not in ("submit", "button", "file"):
                self.fields.add(name, a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields.add(name, "")
        elif tag == "select":
            self._select = name
        elif tag == "option" and "selected" in a and self._select:
            self.fields.add(self._select, a.get("value", ""))

    def handle_data(self, data: str) -> None:
        if self._textarea:
            values = self.fields.getlist(self._textarea)
            values[-1] += data
            self.fields.setlist(self._textarea, values)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self.inside = False


def form_of(html: str, form_id: str) -> MultiDict:
    """The fields the form ``form_id`` in ``html`` submits unchanged (a textarea's first newline
    is dropped, as browsers do)."""
    parser = _Form(form_id)
    parser.feed(html)
    for name in list(parser.fields):
        parser.fields.setlist(name, [value[1:] if value.startswith("\n") else value
                                     for value in parser.fields.getlist(name)])
    return parser.fields


@pytest.fixture
def read_form():
    """``read_form(html, form_id)``: the fields a page's form submits unchanged."""
    return form_of
