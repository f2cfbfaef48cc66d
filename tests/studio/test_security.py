"""The studio's network security: the staff password (``kiosk studio-password``), the login
with the PIN's lock-out rules, signed session cookies, CSRF and the refusal to listen on a
network without a password."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.services import settings as machine


def _answers(monkeypatch: pytest.MonkeyPatch, *answers: str) -> None:
    replies = iter(answers)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(replies))


def test_studio_password_is_stored_as_a_salted_hash_beside_the_pin(tmp_path: Path, monkeypatch, capsys) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text('pin_hash = "%s"\n' % machine.hash_pin("4711"))
    _answers(monkeypatch, "Werkbank-2026!", "Werkbank-2026!")
    assert main(["--config", str(config), "studio-password"]) == 0
    stored = machine.load(config)
    assert stored.studio_password_hash and "Werkbank" not in config.read_text()
    assert machine.verify_pin("Werkbank-2026!", stored.studio_password_hash)
    assert not machine.verify_pin("werkbank-2026!", stored.studio_password_hash)
    assert stored.check_pin("4711"), "the PIN beside it is kept"
    assert config.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(("answers", "why"), [
    (("kurz", "kurz"), "at least 10 characters"),
    (("          ", "          "), "at least 10 characters"),
    (("Werkbank-2026!", "Werkbank-2025!"), "differ"),
])
def test_studio_password_refuses_short_or_differing_passwords(tmp_path: Path, monkeypatch, capsys,
                                                              answers, why) -> None:
    config = tmp_path / "kiosk.toml"
    _answers(monkeypatch, *answers)
    assert main(["--config", str(config), "studio-password"]) == 1
    err = capsys.readouterr().err
    assert why in err and "nothing was changed" in err
    assert not config.exists()


def test_a_malformed_studio_password_hash_names_the_command_that_sets_it(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text('studio_password_hash = "geheim"\n')
    with pytest.raises(machine.SettingsError, match="run kiosk studio-password again"):
        machine.load(config)


# -- the login on the network -----------------------------------------------------------------

import re  # noqa: E402

from kiosk.studio.app import create_app  # noqa: E402
from kiosk.studio.security import GUARD_FILE, LoginGuard, NoPassword, network_login, password_login  # noqa: E402

PASSWORD = "Werkbank-2026!"


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def password_hash() -> str:
    return machine.hash_pin(PASSWORD)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def studio(content: Path, tmp_path: Path, password_hash: str, clock: Clock):
    guard = LoginGuard(password_hash, tmp_path / "data" / GUARD_FILE, clock)
    app = create_app(content, auth=password_login(guard), allowed_hosts=None, history=tmp_path / "history")
    return app


def _token(client, path: str = "/anmelden") -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf[_-]token" (?:value|content)="([^"]+)"', page).group(1)


def _login(client, password: str, **extra):
    return client.post("/anmelden", data={"csrf_token": _token(client), "password": password, **extra})


def test_without_a_login_every_page_leads_to_the_login_and_every_post_is_refused(studio) -> None:
    client = studio.test_client()
    answer = client.get("/pruefung")
    assert answer.status_code == 302 and answer.location.startswith("/anmelden?next=/pruefung")
    token = _token(client)
    answer = client.post("/sprache/en", data={"csrf_token": token})
    assert answer.status_code in (401, 405)
    page = client.get("/anmelden").get_data(as_text=True)
    assert 'type="password"' in page and "Mitarbeiterpasswort" in page


def test_the_login_page_shows_neither_the_folder_nor_the_studio_pages(studio, content: Path) -> None:
    page = studio.test_client().get("/anmelden").get_data(as_text=True)
    assert 'type="password"' in page
    assert str(content) not in page and "<nav" not in page


def test_the_right_password_opens_the_studio_with_a_strict_httponly_cookie(studio) -> None:
    client = studio.test_client()
    answer = _login(client, PASSWORD, next="/pruefung")
    assert answer.status_code == 302 and answer.location == "/pruefung"
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert "Secure" not in cookie, "over plain HTTP a Secure cookie would never come back"
    assert client.get("/pruefung").status_code == 200


def test_over_https_the_session_cookie_is_secure(studio) -> None:
    client = studio.test_client()
    page = client.get("/anmelden", base_url="https://studio.example").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    answer = client.post("/anmelden", base_url="https://studio.example",
                         headers={"Referer": "https://studio.example/anmelden"},
                         data={"csrf_token": token, "password": PASSWORD})
    assert answer.status_code == 302
    assert "Secure" in answer.headers["Set-Cookie"]


def test_behind_a_tls_proxy_the_forwarded_scheme_makes_the_cookie_secure(studio) -> None:
    client = studio.test_client()
    answer = _login(client, PASSWORD)
    assert "Secure" not in answer.headers["Set-Cookie"]
    client = studio.test_client()
    token = _token(client)
    answer = client.post("/anmelden", headers={"X-Forwarded-Proto": "https", "Referer": "https://localhost/"},
                         data={"csrf_token": token, "password": PASSWORD})
    assert answer.status_code == 302 and "Secure" in answer.headers["Set-Cookie"]


def test_a_login_never_leads_to_another_site(studio) -> None:
    client = studio.test_client()
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        answer = _login(client, PASSWORD, next=target)
        assert answer.status_code == 302 and answer.location == "/", target


def test_wrong_passwords_lock_the_login_like_the_pin_pad(studio, clock: Clock, tmp_path: Path) -> None:
    client = studio.test_client()
    for _ in range(2):
        answer = _login(client, "falsch")
        assert answer.status_code == 401
        assert ('<p class="flash flash-error" role="alert" id="login-message">Das Passwort stimmt nicht.</p>'
                in answer.get_data(as_text=True))
    answer = _login(client, "falsch")
    assert answer.status_code == 429
    assert "Zu viele Versuche. Bitte in 30 Sekunden erneut versuchen." in answer.get_data(as_text=True)
    answer = _login(client, PASSWORD)
    assert answer.status_code == 429, "while locked, even the right password is not checked"
    assert client.get("/pruefung").status_code == 302
    clock.now += 31
    answer = _login(client, "falsch")
    assert "Bitte in 60 Sekunden" in answer.get_data(as_text=True), "each further wrong one doubles the wait"
    clock.now += 61
    assert _login(client, PASSWORD).status_code == 302
    assert client.get("/pruefung").status_code == 200


def test_the_lock_outlasts_a_restart_of_the_studio(content: Path, tmp_path: Path, password_hash: str,
                                                   clock: Clock) -> None:
    guard_file = tmp_path / "data" / GUARD_FILE
    for _ in range(3):
        LoginGuard(password_hash, guard_file, clock).attempt("falsch")
    restarted = create_app(content, auth=password_login(LoginGuard(password_hash, guard_file, clock)),
                           allowed_hosts=None, history=tmp_path / "history").test_client()
    answer = _login(restarted, PASSWORD)
    assert answer.status_code == 429


def test_in_english_the_lock_speaks_english(studio) -> None:
    client = studio.test_client()
    client.get("/sprache/en")
    for _ in range(3):
        answer = _login(client, "falsch")
    assert "Too many attempts. Please try again in 30 seconds." in answer.get_data(as_text=True)


def test_a_login_without_csrf_token_is_refused_and_not_counted(studio, tmp_path: Path) -> None:
    client = studio.test_client()
    for _ in range(5):
        answer = client.post("/anmelden", data={"password": "falsch"})
        assert answer.status_code == 400
    assert not (tmp_path / "data" / GUARD_FILE).exists()
    assert _login(client, PASSWORD).status_code == 302


def test_a_login_ends_after_a_working_day_and_at_logout(studio) -> None:
    import time

    client = studio.test_client()
    _login(client, PASSWORD)
    with client.session_transaction() as session:
        session["staff_since"] = time.time() - 13 * 3600
    assert client.get("/pruefung").status_code == 302
    _login(client, PASSWORD)
    assert client.get("/pruefung").status_code == 200
    page = client.get("/pruefung").get_data(as_text=True)
    assert 'id="logout"' in page
    answer = client.post("/abmelden", data={"csrf_token": _token(client, "/pruefung")})
    assert answer.status_code == 200
    assert '<p class="flash flash-ok" role="status" id="login-message">Sie sind abgemeldet.</p>' in answer.get_data(
        as_text=True)
    assert client.get("/pruefung").status_code == 302


def test_signing_in_and_out_keeps_the_language_chosen(studio) -> None:
    client = studio.test_client()
    client.get("/sprache/en")
    _login(client, PASSWORD)
    assert 'lang="en"' in client.get("/pruefung").get_data(as_text=True)
    answer = client.post("/abmelden", data={"csrf_token": _token(client, "/pruefung")})
    assert "You are signed out." in answer.get_data(as_text=True)


def test_on_loopback_there_is_no_login_and_no_logout(content: Path, tmp_path: Path) -> None:
    client = create_app(content, history=tmp_path / "history").test_client()
    page = client.get("/pruefung")
    assert page.status_code == 200 and 'id="logout"' not in page.get_data(as_text=True)
    assert client.get("/anmelden").status_code == 404


def test_listening_on_the_network_needs_a_stored_password(tmp_path: Path, password_hash: str) -> None:
    with pytest.raises(NoPassword, match=r"^--listen 192\.168\.1\.20 makes .*set it with: kiosk "
                                         r"studio-password$"):
        network_login("192.168.1.20", machine.MachineSettings(data_dir=tmp_path))
    assert callable(network_login("192.168.1.20", machine.MachineSettings(data_dir=tmp_path,
                                                                          studio_password_hash=password_hash)))


def test_the_log_names_the_studio_login_not_the_pin_pad(tmp_path: Path, password_hash: str, clock: Clock,
                                                        caplog) -> None:
    guard = LoginGuard(password_hash, tmp_path / GUARD_FILE, clock)
    for _ in range(3):
        guard.attempt("falsch")
    assert [record.getMessage() for record in caplog.records] == [
        "wrong studio password (1 in a row; the studio's login locks after 3)",
        "wrong studio password (2 in a row; the studio's login locks after 3)",
        "wrong studio password (3 in a row): the studio's login is locked for 30 s"]


def test_kiosk_studio_refuses_the_network_without_a_password_in_one_sentence(content: Path, tmp_path: Path,
                                                                            capsys) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(f'data_dir = "{tmp_path / "data"}"\n')
    assert main(["--config", str(config), "studio", str(content), "--listen", "192.0.2.1", "--no-browser"]) == 2
    assert capsys.readouterr().err == (
        "kiosk studio: --listen 192.0.2.1 makes the studio reachable from the network, which needs a staff "
        "password first; set it with: kiosk studio-password\n")
