"""The studio on the office network: the staff password, the login and its lock-out, the session cookie.

On loopback (the default, ``127.0.0.1``) nobody but the person at the PC can reach the studio,
so it asks for no password. ``kiosk studio --listen ADDRESS`` on a network address asks for
the staff password that ``kiosk studio-password`` stores as a salted hash in the machine
settings, exactly as ``kiosk set-pin`` stores the PIN (:func:`kiosk.services.settings.hash_pin`).
Without a stored password the studio refuses to listen on a network (:func:`network_login`).

Wrong passwords lock the login with the PIN pad's rules (:class:`~kiosk.services.pinguard.PinGuard`:
three free tries, then 30 seconds doubling up to 15 minutes), counted in their own file in the
data dir, so a restart does not reset them. The lock is for the whole studio, not per address:
behind one office router every PC shares an address, and a per-address count would let a
guesser go on from the next one.

The session is Flask's signed cookie: HttpOnly (no script can read it), SameSite=Strict (no
other site's page sends it along), and Secure when the request came over HTTPS. Over plain HTTP
on a LAN the cookie cannot be Secure, so anyone on that network who can watch the traffic can
read the password and the cookie; the README recommends a TLS proxy (e.g. Caddy) in front of
the studio. The proxy's ``X-Forwarded-Proto`` is believed for this one purpose only: a client
that fakes it gets a cookie its browser will not send back over HTTP, which harms nobody else.
CSRF tokens guard every form, the login's too (the app's ``CSRFProtect``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from flask import Blueprint, Flask, current_app, redirect, render_template, request, session, url_for
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

from kiosk.services.pinguard import PinGuard, wait_text
from kiosk.services import settings as settings_file
from kiosk.services.settings import MachineSettings, verify_pin
from kiosk.studio.app import safe_next, t, ui_lang
from kiosk.studio.texts import TEXTS

GUARD_FILE = "studio-login-guard.json"
"""The file in the data dir that counts wrong studio passwords across restarts."""
SESSION_HOURS = 12
"""How long a login lasts: one working day, then the password is asked again."""

TEXTS["de"].update({
    "login.title": "Anmelden",
    "login.intro": "Das Studio ist im Netzwerk erreichbar. Bitte geben Sie das Mitarbeiterpasswort ein.",
    "login.password": "Passwort",
    "login.submit": "Anmelden",
    "login.wrong": "Das Passwort stimmt nicht.",
    "login.locked": "Zu viele Versuche. Bitte in {wait} erneut versuchen.",
    "login.required": "Bitte melden Sie sich zuerst an.",
    "login.logout": "Abmelden",
    "login.done": "Sie sind abgemeldet.",
})
TEXTS["en"].update({
    "login.title": "Sign in",
    "login.intro": "The studio can be reached on the network. Please enter the staff password.",
    "login.password": "Password",
    "login.submit": "Sign in",
    "login.wrong": "The password is not correct.",
    "login.locked": "Too many attempts. Please try again in {wait}.",
    "login.required": "Please sign in first.",
    "login.logout": "Sign out",
    "login.done": "You are signed out.",
})

bp = Blueprint("login", __name__)
"""The login and logout pages; registered by :func:`network_login`'s installer, not by BLUEPRINTS."""


def machine_settings() -> MachineSettings:
    """The machine settings the current app works with: its ``STUDIO_SETTINGS``, else the settings
    file (read once per app), else the defaults when it cannot be read (the kiosk itself says why)."""
    app = current_app
    if app.config.get("STUDIO_SETTINGS") is None:
        try:
            app.config["STUDIO_SETTINGS"] = settings_file.load()
        except settings_file.SettingsError:
            app.config["STUDIO_SETTINGS"] = MachineSettings()
    return app.config["STUDIO_SETTINGS"]


class NoPassword(Exception):
    """``--listen`` on a network without a stored staff password; the message says which command sets it."""


class LoginGuard:
    """The staff password and the lock-out after wrong ones, safe to use from waitress's threads."""

    def __init__(self, password_hash: str, guard_file: Path, clock: Callable[[], float] = time.time) -> None:
        self.password_hash = password_hash
        self.guard = PinGuard(guard_file, clock, what="studio password", where="the studio's login")
        self._lock = threading.Lock()

    def attempt(self, password: str) -> float | None:
        """Check ``password``: None when it is right, else the seconds the login now stays locked
        (0: the next try is free). While locked, every try is refused unchecked and costs nothing."""
        with self._lock:
            wait = self.guard.wait_s()
            if wait:
                return wait
            if verify_pin(password, self.password_hash):
                self.guard.succeeded()
                return None
            return self.guard.failed()


def network_login(listen: str, settings: MachineSettings) -> Callable[[Flask], None]:
    """The login for a studio listening on the network address ``listen``, to pass to
    ``create_app(auth=...)``: the staff password stored in ``settings``, wrong tries counted in
    the settings' data dir.

    Raises :class:`NoPassword` when no staff password is stored.
    """
    if not settings.studio_password_hash:
        raise NoPassword(f"--listen {listen} makes the studio reachable from the network, which needs a staff "
                         "password first; set it with: kiosk studio-password")
    return password_login(LoginGuard(settings.studio_password_hash,
                                     settings.resolved_data_dir() / GUARD_FILE))


def password_login(guard: LoginGuard) -> Callable[[Flask], None]:
    """Return the installer of a login checked by ``guard``: it adds the login pages and a hook
    that sends every other request without a session there."""

    def install(app: Flask) -> None:
        app.extensions["studio_login"] = guard
        app.session_interface = _SessionCookie()
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=0, x_proto=1, x_host=0, x_port=0, x_prefix=0)
        app.before_request(_require_login)
        app.register_blueprint(bp)

    return install


class _SessionCookie(SecureCookieSessionInterface):
    """Flask's signed cookie, Secure exactly when the request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return request.is_secure


def signed_in() -> bool:
    """Whether the current request carries a login that has not expired."""
    since = session.get("staff_since")
    return isinstance(since, (int, float)) and 0 <= time.time() - since < SESSION_HOURS * 3600


def _require_login():
    if request.endpoint in ("login.login", "login.logout", "language", "static", "font") or signed_in():
        return None
    if request.method == "GET":
        return redirect(url_for("login.login", next=request.full_path))
    return t("login.required"), 401, {"Content-Type": "text/plain; charset=utf-8"}


def _wait_words(seconds: float) -> str:
    """The span of a lock in the interface language, from the PIN pad's German sentence."""
    german = wait_text(seconds).removeprefix("Zu viele Versuche. Bitte in ").removesuffix(" erneut versuchen.")
    if ui_lang() == "de":
        return german
    number, unit = german.split(" ", 1)
    return f"{number} " + {"Sekunde": "second", "Sekunden": "seconds", "Minuten": "minutes"}[unit]


def _new_session(**values: object) -> None:
    """Start the session afresh with ``values``, keeping only the interface language chosen."""
    lang = session.get("ui_lang")
    session.clear()
    if lang:
        session["ui_lang"] = lang
    session.update(values)


@bp.route("/anmelden", methods=["GET", "POST"])
def login():
    """The login form; a right password starts a session and goes on to where staff were headed."""
    target = safe_next(request.values.get("next"), url_for("home"))
    if request.method == "GET":
        return render_template("login.html", message=None, next=target)
    wait = current_app.extensions["studio_login"].attempt(request.form.get("password", ""))
    if wait is None:
        _new_session(staff_since=time.time())
        return redirect(target)
    message = t("login.locked", wait=_wait_words(wait)) if wait else t("login.wrong")
    return render_template("login.html", message=message, next=target), 429 if wait else 401


@bp.route("/abmelden", methods=["POST"])
def logout():
    """End the session."""
    _new_session()
    return render_template("login.html", message=t("login.done"), category="ok", next=url_for("home"))
