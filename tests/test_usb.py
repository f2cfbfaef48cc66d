"""Finding content on USB sticks: folders and ZIPs at a stick's top or one folder down, under the
mount roots of the machine settings (temporary folders here), each once, the newest first."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from kiosk.services import settings as machine
from kiosk.services.usb import find_content


def zip_with(path: Path, *names: str) -> Path:
    """A ZIP at ``path`` holding empty entries of these names."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as zf:
        for name in names:
            zf.writestr(name, b"")
    return path


def folder_with_content(path: Path) -> Path:
    path.mkdir(parents=True)
    (path / "kiosk.yaml").write_text("title: {de: x}\n")
    return path


@pytest.fixture
def media(tmp_path: Path) -> Path:
    """A stand-in for /media: sticks mount at media/<user>/<label>."""
    (tmp_path / "media" / "kiosk").mkdir(parents=True)
    return tmp_path / "media"


def roots(media: Path) -> list[str]:
    return [f"{media}/*/*", f"{media}/*"]


def labels(media: Path) -> list[str]:
    return [item.label for item in find_content(roots(media))]


def test_nothing_found_without_a_stick_or_with_a_stick_of_photos(media: Path) -> None:
    assert find_content(roots(media)) == []
    stick = media / "kiosk" / "FOTOS"
    (stick / "urlaub").mkdir(parents=True)
    (stick / "urlaub" / "bild.jpg").write_bytes(b"\xff\xd8")
    zip_with(stick / "bilder.zip", "bild.jpg", "urlaub/bild2.jpg")
    assert find_content(roots(media)) == []


def test_a_zip_at_the_top_or_one_folder_down_with_kiosk_yaml_is_found(media: Path) -> None:
    stick = media / "kiosk" / "STICK"
    zip_with(stick / "herbst.zip", "kiosk.yaml", "stories/a/story.yaml")
    zip_with(stick / "export" / "winter.ZIP", "Winter/kiosk.yaml", "Winter/stories/a/story.yaml")
    zip_with(stick / "tief.zip", "a/b/kiosk.yaml")  # two folders down inside: not content
    assert sorted(labels(media)) == ["export/winter.ZIP", "herbst.zip"]
    found = {item.label: item for item in find_content(roots(media))}
    assert found["herbst.zip"].is_zip and found["herbst.zip"].stick == stick


def test_a_content_folder_on_a_stick_or_a_stick_that_is_one_is_found(media: Path) -> None:
    folder_with_content(media / "kiosk" / "STICK" / "Ausstellung")
    whole = folder_with_content(media / "INHALT")  # mounted by hand at /media/<label>
    (whole / "stories" / "a").mkdir(parents=True)
    found = find_content(roots(media))
    assert sorted(item.label for item in found) == ["Ausstellung", "INHALT"]
    assert all(not item.is_zip for item in found)


def test_each_item_is_found_once_and_the_newest_comes_first(media: Path) -> None:
    old = zip_with(media / "kiosk" / "STICK" / "alt.zip", "kiosk.yaml")
    new = zip_with(media / "kiosk" / "STICK" / "neu.zip", "kiosk.yaml")
    os.utime(old, (1_700_000_000, 1_700_000_000))
    os.utime(new, (1_800_000_000, 1_800_000_000))
    found = find_content(roots(media) + [f"{media}/kiosk/*"])
    assert [item.path for item in found] == [new, old]


def test_hidden_files_are_skipped_and_a_damaged_zip_is_offered(media: Path) -> None:
    stick = media / "kiosk" / "STICK"
    stick.mkdir()
    (stick / "._herbst.zip").write_bytes(b"\0\5\26\7 AppleDouble")  # what macOS writes beside a file
    folder_with_content(stick / ".Trashes" / "alt")
    (stick / "kaputt.zip").write_bytes(b"PK\3\4 cut off")
    assert labels(media) == ["kaputt.zip"]


def test_a_stick_that_cannot_be_read_is_skipped(media: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.services import usb

    broken = media / "kiosk" / "KAPUTT"
    broken.mkdir()
    zip_with(media / "kiosk" / "GUT" / "herbst.zip", "kiosk.yaml")
    real_scandir = os.scandir

    def pulled_out(path):
        if Path(path) == broken:
            raise OSError(5, "Input/output error")
        return real_scandir(path)

    monkeypatch.setattr(usb.os, "scandir", pulled_out)
    assert labels(media) == ["herbst.zip"]


def test_the_settings_default_to_the_usual_mount_points_and_refuse_relative_ones(tmp_path: Path) -> None:
    assert machine.MachineSettings().usb_roots == ["/media/*/*", "/run/media/*/*", "/media/*"]
    path = tmp_path / "kiosk.toml"
    path.write_text('usb_roots = ["media/*"]\n')
    with pytest.raises(machine.SettingsError, match=r"usb_roots.*'media/\*' is not an absolute path pattern"):
        machine.load(path)


def test_finding_content_on_sticks_imports_no_kivy(media: Path) -> None:
    """The studio and the command line may use it on a machine without a display."""
    import subprocess
    import sys

    zip_with(media / "kiosk" / "STICK" / "herbst.zip", "kiosk.yaml")
    code = ("import sys; from kiosk.services.usb import find_content; "
            f"print(len(find_content([{str(media / '*' / '*')!r}])), "
            "sorted(m for m in sys.modules if m == 'kivy' or m.startswith('kivy.')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1 []"
