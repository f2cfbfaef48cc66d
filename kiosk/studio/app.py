"""The studio's Flask app: the factory, its blueprints, the one navigation list and the guards.

Every blueprint is listed once in :data:`BLUEPRINTS`; every link of the navigation once in
:data:`NAV`. Two guards run before any view: the Host header check (on loopback the studio
answers only to ``127.0.0.1``, ``localhost`` and ``[::1]``, so a web page elsewhere cannot
reach it through a DNS name that points at this machine: DNS rebinding), and CSRF protection
for every form (Flask-WTF's ``CSRFProtect``).
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from flask import (Flask, abort, current_app, g, redirect, render_template, request, send_file,
                   send_from_directory, session, url_for)
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.routing import BuildError

from kiosk.design import PALETTE
from kiosk.model.limits import TEXT_LIMITS
from kiosk.files import write_atomic
from kiosk.services.paths import ASSETS_DIR, data_dir
from kiosk.studio.texts import LANGUAGES, text
from kiosk.studio.workspace import UnsafePath, Workspace

BLUEPRINTS: tuple[str, ...] = (
    "kiosk.studio.stories:bp",
    "kiosk.studio.providers:bp",
    "kiosk.studio.pages:bp",
    "kiosk.studio.settings:bp",
    "kiosk.studio.export:bp",
    "kiosk.studio.media:bp",
    "kiosk.studio.preview:bp",
)
"""Every blueprint of the studio as ``module:attribute``; :func:`create_app` registers them in this order."""

NAV: tuple[tuple[str, str], ...] = (
    ("stories.index", "nav.stories"),
    ("providers.index", "nav.providers"),
    ("pages.index", "nav.pages"),
    ("settings.index", "nav.settings"),
    ("problems", "nav.problems"),
    ("export.index", "nav.export"),
)
"""The navigation bar: (endpoint, text key) in the order shown."""

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
"""The host names the studio answers to when it listens on loopback."""

FONTS = ("Inter-Regular.otf", "Inter-SemiBold.otf", "Inter-Bold.otf")
"""The kiosk's own typeface, served to the browser from the checkout's assets."""

Auth = Callable[[Flask], None]
"""A login for the network (``--listen``): called with the app, it installs its own hooks and views."""


def create_app(folder: Path | str, *, ui_lang: str = "de", auth: Auth | None = None,
               allowed_hosts: Iterable[str] | None = LOOPBACK_HOSTS, testing: bool = False,
               history: Path | None = None, secret_key: bytes | None = None) -> Flask:
    """Return the studio app for the content folder ``folder``.

    ``ui_lang`` is the interface language a new visitor sees (``de`` or ``en``). ``auth``
    installs a login (see :data:`Auth`); without one no password is asked, which is right only
    on loopback. ``allowed_hosts`` are the host names requests may name (None: any, for a
    server on the network behind ``auth``). ``history`` overrides where earlier versions are
    kept (tests); ``secret_key`` signs the session cookie (default: the data dir's, see
    :data:`SECRET_FILE`).
    """
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=secret_key or _secret_key(),
        # A form is valid as long as its session: staff who write a story for two hours and then
        # save must not lose it to an expired token.
        WTF_CSRF_TIME_LIMIT=None,
        STUDIO_UI_LANG=ui_lang if ui_lang in LANGUAGES else "de",
        STUDIO_ALLOWED_HOSTS=None if allowed_hosts is None else frozenset(allowed_hosts),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        TESTING=testing,
        # Templates change with the code only; reading them once keeps a 2-core office PC quick.
        TEMPLATES_AUTO_RELOAD=False,
    )
    app.extensions["studio_workspace"] = Workspace(folder, history=history)
    CSRFProtect(app)
    app.before_request(_check_host)
    app.before_request(_choose_language)
    app.context_processor(_template_globals)
    app.register_error_handler(CSRFError, _csrf_refused)
    app.register_error_handler(UnsafePath, _unsafe)
    app.register_error_handler(404, _not_found)
    if auth is not None:
        auth(app)
    app.add_url_rule("/", "home", _home)
    app.add_url_rule("/pruefung", "problems", _problems)
    app.add_url_rule("/sprache/<lang>", "language", _language)
    app.add_url_rule("/schrift/<name>", "font", _font)
    app.add_url_rule("/ordner/<path:relative>", "content_file", _content_file)
    for entry in BLUEPRINTS:
        module, _, attribute = entry.partition(":")
        app.register_blueprint(getattr(importlib.import_module(module), attribute))
    return app


SECRET_FILE = "studio-secret.key"
"""The key that signs the studio's session cookie, in the data dir: kept across restarts, so a
form left open while the studio was restarted still saves (its CSRF token stays valid)."""


def _secret_key() -> bytes:
    """The studio's signing key from the data dir, made on first use (readable by its owner
    only); a new random key for this run when the data dir cannot be written."""
    path = data_dir() / SECRET_FILE
    try:
        key = path.read_bytes()
        if len(key) >= 32:
            return key
    except OSError:
        pass
    key = os.urandom(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, key, mode=0o600)
    except OSError:
        pass  # sessions then last until the studio stops, which is all they need
    return key


def workspace() -> Workspace:
    """The workspace of the app handling the current request."""
    return current_app.extensions["studio_workspace"]


def ui_lang() -> str:
    """The interface language of the current request: the visitor's choice, else the app's."""
    return g.get("ui_lang") or current_app.config["STUDIO_UI_LANG"]


def t(key: str, **values: object) -> str:
    """The interface text ``key`` in the current request's language."""
    return text(key, ui_lang(), **values)


def safe_next(target: str | None, fallback: str = "/") -> str:
    """Return ``target`` when it is a path on this site, else ``fallback`` (no redirect elsewhere)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return fallback


def _host_name(host: str) -> str:
    """The name part of a Host header: ``[::1]:8080`` → ``::1``, ``localhost:80`` → ``localhost``."""
    if host.startswith("["):
        return host[1:].partition("]")[0]
    return host.rpartition(":")[0] if host.count(":") == 1 else host


def _check_host():
    allowed = current_app.config["STUDIO_ALLOWED_HOSTS"]
    if allowed is not None and _host_name(request.host.lower()) not in allowed:
        return t("error.host"), 403, {"Content-Type": "text/plain; charset=utf-8"}
    return None


def _choose_language() -> None:
    chosen = session.get("ui_lang")
    g.ui_lang = chosen if chosen in LANGUAGES else current_app.config["STUDIO_UI_LANG"]


def _template_globals() -> dict:
    return {"t": t, "ui_lang": ui_lang(), "nav": NAV, "palette": PALETTE, "limits": TEXT_LIMITS,
            "folder_name": workspace().folder.name, "folder_path": str(workspace().folder)}


def _csrf_refused(error: CSRFError):
    return render_template("problems.html", message=t("error.csrf"), validation=None), 400


def _unsafe(error: UnsafePath):
    return render_template("problems.html", message=t("error.unsafe"), validation=None), 404


def _not_found(error):
    return render_template("problems.html", message=t("error.notfound"), validation=None), 404


def _home():
    return redirect(url_for(NAV[0][0]))


EDIT_PAGES: dict[str, tuple[str, str]] = {
    "stories": ("stories.edit", "story_id"), "providers": ("providers.edit", "provider_id"),
    "pages": ("pages.edit", "page_id"),
}
"""The form of each kind of item, as (endpoint, argument): where the problem list links a file to."""


def edit_url(relative: str) -> str | None:
    """The address of the form that edits the file ``relative`` of a problem, or None."""
    parts = relative.split("/")
    try:
        if relative == "kiosk.yaml":
            return url_for("settings.index")
        if len(parts) >= 2 and parts[0] in EDIT_PAGES:
            endpoint, argument = EDIT_PAGES[parts[0]]
            return url_for(endpoint, **{argument: parts[1]})
    except BuildError:
        pass  # that form is not part of this studio
    return None


def _problems():
    """The whole folder's problem list, media decoded: what ``kiosk validate`` would say."""
    validation = workspace().validate(lang=ui_lang())
    return render_template("problems.html", validation=validation, message=None, edit_url=edit_url)


def _language(lang: str):
    if lang not in LANGUAGES:
        abort(404)
    session["ui_lang"] = lang
    return redirect(safe_next(request.args.get("next")))


def _font(name: str):
    if name not in FONTS:
        abort(404)
    return send_from_directory(ASSETS_DIR / "fonts", name, max_age=86400)


def _content_file(relative: str):
    """A file of the content folder (pictures for thumbnails), never one outside it."""
    path = workspace().safe_path(relative)
    if not path.is_file():
        abort(404)
    return send_file(path, max_age=0)
