"""The staff panel's "Vom USB-Stick installieren": the button shows only while a stick with
content is plugged in, a stick with broken content shows the validator's lines and installs
nothing, a good stick installs through the one install path, and the room keeps running while
it does."""

from __future__ import annotations

import threading
import zipfile
from pathlib import Path

import pytest

from contentkit import edit, make_content
from test_staff import PIN, FakeWatcher, enter_pin, exhibitions, gesture, overlay_name, staffed  # noqa: F401

pytestmark = [pytest.mark.window, pytest.mark.timeout(180)]

STORY = "stories/baeckerei-lange/story.yaml"


def usb_settings(tmp_path: Path):
    """Settings whose sticks mount below ``tmp_path/media/<user>/<label>``."""
    from kiosk.services.settings import MachineSettings, hash_pin

    return MachineSettings(pin_hash=hash_pin(PIN), data_dir=tmp_path / "data",
                           usb_roots=[f"{tmp_path}/media/*/*"])


def plug_in(tmp_path: Path, name: str = "herbst.zip", *, broken: bool = False) -> Path:
    """Put a ZIP of a content folder (titled "Herbst-Ausstellung"; with a missing cover, if
    ``broken``) on a stick; return it."""
    folder = make_content(tmp_path / f"inhalt-{name}")
    edit(folder / "kiosk.yaml", "de: Digitale Werkbank", "de: Herbst-Ausstellung")
    if broken:
        edit(folder / STORY, "cover: cover.jpg", "cover: fehlt.jpg")
    archive = tmp_path / "media" / "kiosk" / "STICK" / name
    archive.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(folder).as_posix())
    return archive


def without_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """No locale at all, as under systemd without LANG: the system language would be English."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)


def open_panel(staffed) -> None:
    gesture(staffed)
    enter_pin(staffed, PIN)
    assert overlay_name(staffed) == "staff"


def live_release(tmp_path: Path):
    from kiosk.services.releases import ReleaseStore

    return ReleaseStore(tmp_path / "data").live()


def test_the_button_shows_only_while_a_stick_with_content_is_plugged_in(staffed, tmp_path: Path) -> None:
    ops = staffed.start_ops(usb_settings(tmp_path))
    usb = ops.staff_access.usb
    looks, real_find = [], usb._find
    usb._find = lambda roots: looks.append(roots) or real_find(roots)

    def looked_again() -> bool:
        """Wait until the panel, which looks every second on a thread, has looked twice more."""
        start = len(looks)
        return staffed.wait_for(lambda: len(looks) >= start + 2, timeout=10)

    open_panel(staffed)
    assert looked_again() and looks[-1] == [f"{tmp_path}/media/*/*"]
    assert "staff:usb" not in staffed.elements()
    assert usb.found_line == "Kein USB-Stick mit Inhalt gefunden."
    photos = tmp_path / "media" / "kiosk" / "FOTOS"
    photos.mkdir(parents=True)
    (photos / "bild.jpg").write_bytes(b"\xff\xd8")
    assert looked_again()
    assert "staff:usb" not in staffed.elements()
    plug_in(tmp_path)
    assert staffed.wait_for(lambda: "staff:usb" in staffed.elements(), timeout=10)
    assert staffed.elements()["staff:usb"].label == "Vom USB-Stick installieren"
    assert usb.found_line == "Auf dem USB-Stick „STICK“: ZIP-Datei „herbst.zip“."
    for path in sorted((tmp_path / "media" / "kiosk" / "STICK").iterdir()):
        path.unlink()  # pulled out
    assert staffed.wait_for(lambda: "staff:usb" not in staffed.elements(), timeout=10)


def test_a_stick_with_broken_content_shows_the_problems_and_installs_nothing(staffed, exhibitions, tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    without_locale(monkeypatch)
    watcher = FakeWatcher()
    ops = staffed.start_ops(usb_settings(tmp_path), watcher=watcher)
    plug_in(tmp_path, broken=True)
    open_panel(staffed)
    usb = ops.staff_access.usb
    assert staffed.wait_for(lambda: "staff:usb" in staffed.elements(), timeout=10)
    staffed.tap("staff:usb")
    assert staffed.wait_for(lambda: not usb.busy and usb.result, timeout=60)
    panel = staffed.shell.overlay
    assert usb.result.startswith("Nicht installiert: „herbst.zip“ hat 1 Fehler (unten). "
                                 "Der bisherige Inhalt bleibt")
    # The validator's lines speak the panel's German, whatever the system locale says.
    assert [line for line in panel.problems if line.startswith(f"{STORY}:")
            and ": Fehler: Die Datei 'fehlt.jpg' fehlt;" in line], panel.problems
    assert panel.ids.problems_view.children[0].text == "\n".join(panel.problems)
    assert live_release(tmp_path) is None and watcher.reloads == 0
    assert staffed.controller.exhibition is exhibitions[5]
    assert not list((tmp_path / "data" / "releases").glob(".*")), "no leftovers of the refused install"
    for path in sorted((tmp_path / "media" / "kiosk" / "STICK").iterdir()):
        path.unlink()  # pulled out: the outcome goes, the room's own problem list returns
    assert staffed.wait_for(lambda: not usb.result and panel.problems == [], timeout=10)


def test_a_damaged_zip_on_a_stick_is_one_sentence(staffed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    without_locale(monkeypatch)
    ops = staffed.start_ops(usb_settings(tmp_path))
    archive = plug_in(tmp_path)
    archive.write_bytes(archive.read_bytes()[:300])  # copied only in part
    open_panel(staffed)
    usb = ops.staff_access.usb
    assert staffed.wait_for(lambda: "staff:usb" in staffed.elements(), timeout=10)
    staffed.tap("staff:usb")
    assert staffed.wait_for(lambda: not usb.busy and usb.result, timeout=60)
    assert usb.result.startswith("Nicht installiert, der bisherige Inhalt bleibt: ")
    assert "herbst.zip ist keine vollständige ZIP-Datei (" in usb.result and usb.problems == []
    assert "exportieren Sie sie erneut aus dem Studio" in usb.result, usb.result
    assert live_release(tmp_path) is None


def test_a_good_stick_installs_while_the_room_keeps_running(staffed, tmp_path: Path) -> None:
    watcher = FakeWatcher()
    ops = staffed.start_ops(usb_settings(tmp_path), watcher=watcher)
    plug_in(tmp_path)
    open_panel(staffed)
    usb = ops.staff_access.usb
    assert staffed.wait_for(lambda: "staff:usb" in staffed.elements(), timeout=10)

    # Hold the real install until the UI has shown frames meanwhile: it runs off the UI thread.
    go_on, real_install = threading.Event(), usb._install

    def held_install(*args, **kwargs):
        go_on.wait(30)
        return real_install(*args, **kwargs)

    usb._install = held_install
    staffed.tap("staff:usb")
    assert usb.busy and usb.result.startswith("Prüfe und installiere „herbst.zip“")
    assert "staff:usb" not in staffed.elements(), "no second install while one runs"
    from kivy.clock import Clock

    frames = Clock.frames
    staffed.pump(10)
    assert Clock.frames >= frames + 10 and usb.busy
    go_on.set()
    assert staffed.wait_for(lambda: not usb.busy, timeout=120)
    release = live_release(tmp_path)
    assert release is not None and release.name.endswith("-herbst"), usb.result
    assert usb.result.startswith(f"Installiert: „herbst.zip“ ist jetzt live ({release.name}).")
    assert (release / STORY).is_file()
    assert watcher.reloads == 1 and ops.room.checking, "the watcher looks at the new live link at once"


def test_content_from_a_stick_goes_live_in_the_running_room(staffed, tmp_path: Path) -> None:
    """The kiosk shows the store's live link, as ``kiosk run`` does once content was installed:
    the real content watcher sees the switch and the room swaps the stick's content in."""
    from kiosk.services import content_ops
    from kiosk.services.releases import ReleaseStore

    settings = usb_settings(tmp_path)
    content_ops.install(make_content(tmp_path / "vorher"), settings, prewarm=False)
    store = ReleaseStore(tmp_path / "data")
    ops = staffed.start_ops(settings, folder=store.live_link)
    plug_in(tmp_path)
    open_panel(staffed)
    assert staffed.wait_for(lambda: "staff:usb" in staffed.elements(), timeout=10)
    ctl = staffed.controller
    assert ctl.exhibition.settings.title.get("de") != "Herbst-Ausstellung"
    staffed.tap("staff:usb")
    usb = ops.staff_access.usb
    assert staffed.wait_for(lambda: not usb.busy, timeout=120) and usb.result.startswith("Installiert:"), usb.result
    staffed.tap("staff:close")
    assert staffed.wait_for(lambda: ctl.exhibition.settings.title.get("de") == "Herbst-Ausstellung", timeout=30)
    assert store.live().name.endswith("-herbst") and ops.room.live_folder == str(store.live().resolve())
