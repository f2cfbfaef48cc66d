"""systemd notifications: READY, the watchdog ping and a status line, over ``$NOTIFY_SOCKET``.

With ``WatchdogSec=`` in the unit, systemd restarts the kiosk when the pings stop, which is
what happens when the UI thread freezes, because the pings are sent from the UI thread's clock.
Without ``NOTIFY_SOCKET`` (not under systemd) every call does nothing.
"""

from __future__ import annotations

import logging
import os
import socket

log = logging.getLogger(__name__)


class Notifier:
    """Sends sd_notify messages; a no-op when not started by systemd."""

    def __init__(self, address: str | None = None):
        address = address if address is not None else os.environ.get("NOTIFY_SOCKET")
        self._address = None
        if address:
            # A leading '@' names a socket in the abstract namespace.
            self._address = "\0" + address[1:] if address.startswith("@") else address
        self._socket: socket.socket | None = None

    @property
    def enabled(self) -> bool:
        """Whether a notify socket is configured."""
        return self._address is not None

    def watchdog_interval(self) -> float | None:
        """Return how often to ping: half of systemd's ``WATCHDOG_USEC``, or None without a watchdog."""
        usec = os.environ.get("WATCHDOG_USEC")
        pid = os.environ.get("WATCHDOG_PID")
        if not usec or (pid and pid != str(os.getpid())):
            return None
        return int(usec) / 1e6 / 2

    def send(self, message: str) -> bool:
        """Send one notification such as ``READY=1``; return whether it was sent."""
        if self._address is None:
            return False
        try:
            if self._socket is None:
                self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)
            self._socket.sendto(message.encode(), self._address)
            return True
        except OSError as exc:
            log.warning("systemd notification %r failed: %s", message, exc)
            return False

    def ready(self) -> bool:
        """Tell systemd that start-up is done."""
        return self.send("READY=1")

    def ping(self) -> bool:
        """Tell systemd's watchdog that the UI thread is alive."""
        return self.send("WATCHDOG=1")

    def status(self, text: str) -> bool:
        """Set the status line that ``systemctl status`` shows."""
        return self.send(f"STATUS={text}")

    def stopping(self) -> bool:
        """Tell systemd that the kiosk is shutting down on purpose."""
        return self.send("STOPPING=1")
