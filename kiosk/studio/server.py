"""Serving the studio with waitress: ``kiosk studio`` on 127.0.0.1, or on the network with a password."""

from __future__ import annotations

import errno
import ipaddress
import threading
import webbrowser
from pathlib import Path

from kiosk.studio.app import LOOPBACK_HOSTS, create_app

DEFAULT_PORT = 8470
"""The studio's port unless ``--port`` says otherwise (a quiet one, not a developer's 5000 or 8000)."""


class StudioError(Exception):
    """The studio cannot start; the message is one sentence for staff saying why and what to do."""


def is_loopback(address: str) -> bool:
    """True when ``address`` (an IP address or ``localhost``) reaches only this machine."""
    if address.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip("[]")).is_loopback
    except ValueError:
        return False


def _network_auth(listen: str, settings):
    """The login the studio needs on the network, from :mod:`kiosk.studio.security`."""
    from kiosk.studio import security

    if settings is None:
        from kiosk.services import settings as machine

        settings = machine.load(None)
    try:
        return security.network_login(listen, settings)
    except security.NoPassword as exc:
        raise StudioError(str(exc)) from None


def run(folder: Path, *, port: int = DEFAULT_PORT, open_browser: bool = True, listen: str = "127.0.0.1",
        ui_lang: str = "de", settings=None, announce=print) -> None:
    """Serve the studio for ``folder`` until Ctrl-C.

    On a loopback ``listen`` address no password is asked and only loopback host names are
    answered; on any other address the staff password of :mod:`kiosk.studio.security` is
    required (``settings`` are the machine settings holding it; default: the configured
    ones). ``announce`` receives the sentence with the address to open. Raises StudioError
    when the port is taken or the address cannot be used.
    """
    from waitress import create_server

    host = listen.strip("[]")
    if is_loopback(listen):
        app = create_app(folder, ui_lang=ui_lang, allowed_hosts=LOOPBACK_HOSTS | {host.lower()})
    else:
        app = create_app(folder, ui_lang=ui_lang, auth=_network_auth(listen, settings),
                         allowed_hosts=None)
    if settings is not None:
        # The preview's screen size and the uploads' video profile follow these settings
        # (``--config``), not the default settings file.
        app.config["STUDIO_SETTINGS"] = settings
    try:
        server = create_server(app, host=host, port=port, threads=4, ident="kiosk studio")
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise StudioError(f"port {port} is already in use (perhaps the studio is open already); "
                              f"open it in the browser, or start it with another port, e.g. --port {port + 1}"
                              ) from None
        raise StudioError(f"the studio cannot listen on {listen} port {port} ({exc.strerror or exc}); "
                          "check the address and the port") from None
    url = f"http://{f'[{host}]' if ':' in host else host}:{server.effective_port}/"
    announce(f"Werkbank Studio: {url}  (Ctrl-C beendet das Studio / stops the studio)")
    if open_browser:
        # After the server listens, so the first page load does not race the start.
        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    try:
        server.run()
    finally:
        server.close()
