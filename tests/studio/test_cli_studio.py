"""``kiosk studio`` as staff start it: a real process serving HTTP, a new folder from the
template, and one clear sentence when it cannot start."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from kiosk.cli import main

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def studio_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a studio process: its own data and settings, no display."""
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"),
               PYTHONPATH=str(REPO))
    env.pop("DISPLAY", None)
    return env


def get(url: str, deadline: float) -> tuple[int, str]:
    """GET ``url`` once the server answers (until ``deadline``)."""
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status, response.read().decode("utf-8")
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_kiosk_studio_creates_a_missing_folder_serves_it_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    folder, port = tmp_path / "neue-ausstellung", free_port()
    # Started while this process ignores Ctrl-C, which the studio inherits: as when whatever
    # starts it runs a command through system() in another thread at that moment.
    ignoring = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        process = subprocess.Popen([sys.executable, "-m", "kiosk", "studio", str(folder), "--no-browser",
                                    "--port", str(port)], env=studio_env(tmp_path), cwd=tmp_path,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    finally:
        signal.signal(signal.SIGINT, ignoring)
    try:
        status, html = get(f"http://127.0.0.1:{port}/geschichten/", time.monotonic() + 60)
        assert status == 200 and 'data-story="erste-geschichte"' in html
        assert '<html lang="de">' in html
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert f"http://127.0.0.1:{port}/" in out
    assert main(["validate", str(folder)]) == 0  # the template folder is valid content


def test_a_taken_port_is_one_sentence(tmp_path: Path, capsys) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = main(["studio", str(REPO / "content"), "--no-browser", "--port", str(port)])
    err = capsys.readouterr().err
    assert code == 2
    assert f"port {port} is already in use" in err and "--port" in err and "Traceback" not in err


def test_a_folder_that_is_no_content_folder_is_refused(tmp_path: Path, capsys) -> None:
    (tmp_path / "notizen.txt").write_text("x", encoding="utf-8")
    assert main(["studio", str(tmp_path), "--no-browser", "--port", str(free_port())]) == 2
    assert "no kiosk.yaml" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notizen.txt"]  # nothing written into it


def test_the_network_needs_a_stored_password(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    code = main(["studio", str(REPO / "content"), "--no-browser", "--listen", "0.0.0.0", "--port", str(free_port())])
    assert code == 2
    assert "kiosk studio-password" in capsys.readouterr().err


@pytest.mark.parametrize("port", ["x", "70000", "-1"])
def test_a_bad_port_is_refused_by_the_parser(port: str, capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["studio", "--no-browser", "--port", port])
    assert stop.value.code == 2
    assert "port" in capsys.readouterr().err


def test_the_browser_opens_at_the_studios_address(tmp_path: Path, monkeypatch) -> None:
    import threading

    import waitress

    from kiosk.studio import server

    opened, said = [], []
    done = threading.Event()

    class FakeServer:
        effective_port = 8470

        def run(self) -> None:
            done.wait(10)  # the browser is opened after the server listens

        def close(self) -> None:
            pass

    def open_browser(url: str) -> None:
        opened.append(url)
        done.set()

    monkeypatch.setattr(waitress, "create_server", lambda app, **kwargs: FakeServer())
    monkeypatch.setattr(server.webbrowser, "open", open_browser)
    server.run(REPO / "content", port=8470, open_browser=True, announce=said.append)
    assert opened == ["http://127.0.0.1:8470/"]
    assert said and "http://127.0.0.1:8470/" in said[0]
