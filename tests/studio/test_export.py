"""Export: the content folder as a ZIP download (what the kiosk installs) and onto a USB stick."""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import pytest

from kiosk.services import content_ops as ops
from kiosk.studio.app import create_app
from kiosk.studio.export import content_files, zip_name

USB = "/weitergeben/usb"


@pytest.fixture
def sticks(tmp_path: Path) -> Path:
    """A mount root with one USB stick in it, as /media/<user> holds them."""
    (tmp_path / "media" / "INTENSO").mkdir(parents=True)
    return tmp_path / "media"


def _app(content: Path, tmp_path: Path, sticks: Path | None = None, *, csrf: bool = False):
    app = create_app(content, history=tmp_path / "history", testing=True)
    app.config["WTF_CSRF_ENABLED"] = csrf
    app.config["STUDIO_USB_ROOTS"] = (str(sticks / "*"),) if sticks else (str(tmp_path / "no-media" / "*"),)
    return app


@pytest.fixture
def client(content: Path, tmp_path: Path, sticks: Path):
    return _app(content, tmp_path, sticks).test_client()


def _clutter(content: Path) -> None:
    """What a folder on an office PC collects besides content."""
    (content / ".git").mkdir()
    (content / ".git" / "config").write_text("[core]\n")
    (content / ".DS_Store").write_bytes(b"\0\0")
    (content / "stories" / "baeckerei-lange" / "story.yaml~").write_text("alt")
    (content / "stories" / "baeckerei-lange" / ".story.yaml.123.tmp").write_text("halb")
    (content / "stories" / "baeckerei-lange" / "cover.jpg.tmp").write_text("halb")


def _content_names(content: Path) -> set[str]:
    return {p.relative_to(content).as_posix() for p in content.rglob("*") if p.is_file()}


def test_the_zip_holds_exactly_the_content_files_with_kiosk_yaml_at_its_top(client, content: Path,
                                                                           tmp_path: Path) -> None:
    expected = _content_names(content)
    _clutter(content)
    answer = client.get("/weitergeben/inhalt.zip")
    assert answer.status_code == 200 and answer.mimetype == "application/zip"
    assert re.search(r'filename=content-\d{4}-\d{2}-\d{2}\.zip', answer.headers["Content-Disposition"])
    archive = zipfile.ZipFile(io.BytesIO(answer.get_data()))
    names = archive.namelist()
    assert names[0] == "kiosk.yaml"
    assert set(names) == expected
    for name in names:
        assert archive.read(name) == (content / name).read_bytes(), name
    archive.extractall(tmp_path / "unzipped")
    checked = ops.validate(tmp_path / "unzipped")
    assert not checked.errors and checked.exhibition is not None, [str(p) for p in checked.problems]


def test_the_zip_installs_on_the_kiosk(client, tmp_path: Path) -> None:
    from kiosk.services.settings import MachineSettings

    download = tmp_path / "inhalt.zip"
    download.write_bytes(client.get("/weitergeben/inhalt.zip").get_data())
    assert not ops.validate(download).errors
    installed = ops.install(download, MachineSettings(data_dir=tmp_path / "data"), prewarm=False)
    assert installed.release


def test_a_link_inside_the_folder_is_exported_as_the_file_itself(content: Path) -> None:
    story = content / "stories" / "baeckerei-lange"
    os.symlink("theke.jpg", story / "theke-kopie.jpg")
    files = dict(content_files(content))
    assert "stories/baeckerei-lange/theke-kopie.jpg" in files


def test_a_link_out_of_the_folder_stops_the_export_and_names_the_file(client, content: Path,
                                                                       tmp_path: Path) -> None:
    (tmp_path / "outside.jpg").write_bytes(b"secret")
    os.symlink(tmp_path / "outside.jpg", content / "stories" / "baeckerei-lange" / "fremd.jpg")
    answer = client.get("/weitergeben/inhalt.zip")
    assert answer.status_code == 409
    page = answer.get_data(as_text=True)
    assert "stories/baeckerei-lange/fremd.jpg" in page and "nichts exportiert" in page
    assert b"secret" not in answer.get_data()


def test_the_export_page_says_whether_the_kiosk_can_install_the_folder(client, content: Path) -> None:
    page = client.get("/weitergeben/").get_data(as_text=True)
    assert "Der Ordner ist fehlerfrei" in page and "INTENSO" in page
    (content / "kiosk.yaml").write_text((content / "kiosk.yaml").read_text().replace("idle_timeout: 60",
                                                                                   "idle_timeout: nie"))
    page = client.get("/weitergeben/").get_data(as_text=True)
    assert "Der Ordner hat 1 Fehler" in page


def test_save_to_usb_writes_the_zip_there_and_says_where_and_how_large(client, content: Path,
                                                                       sticks: Path) -> None:
    answer = client.post(USB, data={"drive": "INTENSO"})
    assert answer.status_code == 200
    written = sticks / "INTENSO" / zip_name(content)
    assert sorted(p.name for p in (sticks / "INTENSO").iterdir()) == [written.name], "no temporary file is left"
    page = answer.get_data(as_text=True)
    assert f"Gespeichert: {written}" in page and " KB)" in page
    assert not ops.validate(written).errors
    assert client.post(USB, data={"drive": "INTENSO"}).status_code == 200, "a second export replaces the first"
    assert len(list((sticks / "INTENSO").iterdir())) == 1


@pytest.mark.parametrize("drive", ["../INTENSO", "INTENSO/..", "..", "/tmp", "%2e%2e%2f", "INTENSO\\..",
                                   "INTENSO\0", "", "USB-FEHLT"])
def test_save_to_usb_takes_only_the_name_of_a_drive_it_found(client, sticks: Path, tmp_path: Path,
                                                              drive: str) -> None:
    before = sorted(tmp_path.rglob("*"))
    answer = client.post(USB, data={"drive": drive})
    assert answer.status_code == 409
    assert "nicht mehr da" in answer.get_data(as_text=True)
    assert sorted(tmp_path.rglob("*")) == before


def test_a_full_stick_is_refused_and_left_as_it_was(client, sticks: Path, monkeypatch) -> None:
    import shutil
    from collections import namedtuple

    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr("kiosk.studio.export.shutil.disk_usage", lambda path: usage(100, 90, 10))
    assert shutil.disk_usage is not None
    answer = client.post(USB, data={"drive": "INTENSO"})
    assert answer.status_code == 409
    assert "nicht genug Platz" in answer.get_data(as_text=True)
    assert list((sticks / "INTENSO").iterdir()) == []


def test_without_a_stick_the_page_says_how_to_get_one(content: Path, tmp_path: Path) -> None:
    page = _app(content, tmp_path).test_client().get("/weitergeben/").get_data(as_text=True)
    assert "Kein USB-Stick gefunden" in page and 'id="export-usb-save"' not in page


def test_save_to_usb_without_csrf_token_is_refused_and_writes_nothing(content: Path, tmp_path: Path,
                                                                       sticks: Path) -> None:
    client = _app(content, tmp_path, sticks, csrf=True).test_client()
    answer = client.post(USB, data={"drive": "INTENSO"})
    assert answer.status_code == 400
    assert list((sticks / "INTENSO").iterdir()) == []


def test_the_sticks_are_looked_for_where_the_kiosk_looks(content: Path, tmp_path: Path, sticks: Path) -> None:
    from kiosk.services.settings import MachineSettings

    (sticks / ".Trashes").mkdir()
    (sticks / "nur-lesen").mkdir(mode=0o555)
    app = create_app(content, history=tmp_path / "history", testing=True)
    app.config["STUDIO_SETTINGS"] = MachineSettings(usb_roots=[str(sticks / "*")])
    page = app.test_client().get("/weitergeben/").get_data(as_text=True)
    assert 'value="INTENSO"' in page
    assert ".Trashes" not in page
    assert ('value="nur-lesen"' in page) == (os.geteuid() == 0), "a stick that cannot be written is not offered"
