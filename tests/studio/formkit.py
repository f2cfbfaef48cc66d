"""Helpers for the studio's form tests: the bundled sample as a fresh content folder, a studio
on it, and a page's form read back as the browser would post it."""

from __future__ import annotations

import difflib
import shutil
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from kiosk.studio.app import create_app

SAMPLE = Path(__file__).resolve().parents[2] / "content"


def sample_studio(tmp_path: Path, *, csrf: bool = False):
    """A copy of the bundled sample content and a studio app on it; return (folder, client).

    CSRF protection is off unless ``csrf``: most tests are about the forms, not CSRF.
    """
    folder = tmp_path / "content"
    shutil.copytree(SAMPLE, folder)
    app = create_app(folder, testing=True, history=tmp_path / "history")
    app.config["WTF_CSRF_ENABLED"] = csrf
    return folder, app.test_client()


class _Form(HTMLParser):
    """The named fields of one form on a page, as a browser would post them untouched."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        """Note a field of the form, with the value a browser would send for it untouched."""
        attr = dict(attrs)
        if tag == "form":
            self.inside = attr.get("id") == self.form_id
        if not self.inside:
            return
        name = attr.get("name")
        if tag == "input" and name and attr.get("type") in (None, "text", "hidden", "url", "number"):
            self.fields[name] = attr.get("value") or ""
        elif tag == "input" and name and attr.get("type") in ("checkbox", "radio") and "checked" in attr:
            self.fields.setdefault(name, []).append(attr.get("value", "on"))
        elif tag == "textarea":
            self._textarea = name
            self.fields[name] = ""
        elif tag == "select":
            self._select = name
        elif tag == "option" and "selected" in attr and self._select:
            self.fields[self._select] = attr.get("value", "")

    def handle_data(self, data: str) -> None:
        """Collect a text area's text."""
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        """Close a text area, a choice list or the form."""
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self.inside = False


def form_fields(html: str, form_id: str) -> dict:
    """The fields of the form ``form_id`` in ``html``; checked boxes and radios as lists of their values."""
    parser = _Form(form_id)
    parser.feed(html)
    assert parser.fields, f"no form {form_id!r} with fields on the page"
    return parser.fields


def changed_lines(before: str, after: str) -> list[str]:
    """The lines a diff of ``before`` and ``after`` removes or adds, each with its - or + sign."""
    return [line.rstrip("\n") for line in difflib.unified_diff(before.splitlines(True), after.splitlines(True), n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def problems_at(html: str, path: str) -> str:
    """The problems shown in the element ``data-field="<path>"``, as markup with its text unescaped."""
    marker = f'data-field="{path}"'
    assert marker in html, f"no problems element for {path!r} on the page"
    start = html.index(marker)
    return unescape(html[start:html.index("</ul>", start)])
