"""Uploads: safe unique names, the validator's probes at once, refused files not kept, the size
limit, traversal and CSRF; and the focus point set by a click, written round-trip."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from flask import render_template_string
from PIL import Image

from contentkit import write_film
from kiosk.i18n import use_language
from kiosk.model import media as probes
from kiosk.services import content_ops as ops
from kiosk.studio.app import create_app

UPLOAD, FOCUS = "/medien/hochladen", "/medien/fokus"
STORY = "stories/baeckerei-lange"


def _app(content: Path, tmp_path: Path, *, csrf: bool = False):
    app = create_app(content, history=tmp_path / "history", testing=True)
    app.config["WTF_CSRF_ENABLED"] = csrf
    return app


@pytest.fixture
def client(content: Path, tmp_path: Path):
    return _app(content, tmp_path).test_client()


def _jpeg(color=(10, 120, 200), size=(400, 300), fmt="JPEG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, fmt)
    return out.getvalue()


def _send(client, data: bytes, filename: str, kind: str = "image", item: str = STORY, **fields):
    return client.post(UPLOAD, data={"item": item, "kind": kind, "file": (io.BytesIO(data), filename), **fields},
                       content_type="multipart/form-data", headers={"Accept": "application/json"})


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_picture_gets_a_safe_unique_name_and_is_checked(client, content: Path) -> None:
    story = content / STORY
    answer = _send(client, _jpeg(), "Über Uns – Foto (1).JPG")
    assert answer.status_code == 200, answer.json
    assert answer.json["ok"] and answer.json["name"] == "ueber-uns-foto-1.jpg"
    assert answer.json["problems"] == [] and answer.json["info"] == "400 × 300 Pixel"
    assert answer.json["url"] == f"/ordner/{STORY}/ueber-uns-foto-1.jpg"
    assert (story / "ueber-uns-foto-1.jpg").read_bytes() == _jpeg()
    again = _send(client, _jpeg((0, 0, 0)), "ÜBER uns  foto (1).jpg")
    assert again.json["name"] == "ueber-uns-foto-1-2.jpg", "an upload never replaces a file"
    assert not [name for name in _files(story) if name.startswith(".")], "no temporary file is left"


def test_a_png_sent_as_jpg_is_named_by_what_it_is(client, content: Path) -> None:
    answer = _send(client, _jpeg(fmt="PNG"), "logo.jpg", kind="logo", item="providers/nordwerk")
    assert answer.status_code == 200 and answer.json["name"] == "logo-2.png"
    assert (content / "providers/nordwerk/logo-2.png").is_file()
    assert not (content / "providers/nordwerk/logo-2.jpg").exists()


def test_a_damaged_picture_is_refused_in_the_validators_words_and_not_kept(client, content: Path,
                                                                           tmp_path: Path) -> None:
    before = _files(content / STORY)
    broken = _jpeg()[:200]
    answer = _send(client, broken, "Kaputt.jpg")
    assert answer.status_code == 422 and not answer.json["ok"]
    (tmp_path / "kaputt.jpg").write_bytes(broken)
    with use_language("de"):
        expected = probes.check_image(tmp_path / "kaputt.jpg", "kaputt.jpg")
    assert expected and answer.json["problems"] == [{"severity": "error", "message": expected}]
    assert answer.json["message"] == "kaputt.jpg wurde nicht gespeichert."
    assert _files(content / STORY) == before


def test_a_film_that_is_no_film_is_refused_and_one_too_fast_is_kept_with_the_warning(client, content: Path,
                                                                                    tmp_path: Path) -> None:
    before = _files(content / STORY)
    answer = _send(client, b"\0\0\0\x18ftypmp42" + b"x" * 5000, "Werbefilm.MP4", kind="video")
    assert answer.status_code == 422
    with use_language("de"):
        expected, _ = probes.check_video(tmp_path / "werbefilm.mp4", "werbefilm.mp4")
    assert answer.json["problems"][0] == {"severity": "error", "message": expected}
    assert _files(content / STORY) == before
    fast = write_film(tmp_path / "schnell.mp4", (64, 48), fps=120, frames=12).read_bytes()
    answer = _send(client, fast, "schnell.mp4", kind="video")
    assert answer.status_code == 200 and answer.json["name"] == "schnell.mp4"
    with use_language("de"):
        too_fast = ops.video_profile().problem("h264", 64, 48, 120.0)
    assert answer.json["problems"] == [{"severity": "warning", "message": f"'schnell.mp4' {too_fast}"}]
    assert answer.json["info"].startswith("64 × 48 Pixel")


def test_in_english_the_verdict_is_english(client, content: Path) -> None:
    client.get("/sprache/en")
    answer = _send(client, b"no picture", "x.png")
    assert answer.json["message"] == "x.png was not saved."


def test_subtitles_take_the_name_beside_their_film_and_keep_the_old_ones_for_undo(client, content: Path) -> None:
    from kiosk.studio.workspace import Workspace

    vtt = b"WEBVTT\n\n00:00.000 --> 00:00.800\nGuten Morgen\n"
    answer = _send(client, vtt, "Meine Untertitel.VTT", kind="subtitles", film="film.mp4", lang="de")
    assert answer.status_code == 200 and answer.json["name"] == "film.de.vtt"
    assert (content / STORY / "film.de.vtt").read_bytes() == vtt
    newer = vtt.replace(b"Guten Morgen", b"Moin")
    assert _send(client, newer, "u.vtt", kind="subtitles", film="film.mp4", lang="de").status_code == 200
    assert (content / STORY / "film.de.vtt").read_bytes() == newer
    history = client.application.extensions["studio_workspace"]
    assert isinstance(history, Workspace) and history.can_undo(f"{STORY}/film.de.vtt")
    assert not ops.validate(content).errors


def test_broken_subtitles_are_refused_with_the_line_and_not_kept(client, content: Path) -> None:
    answer = _send(client, b"WEBVTT\n\n00:00.000 --> kaputt\nText\n", "u.vtt", kind="subtitles", film="film.mp4",
                   lang="en")
    assert answer.status_code == 422
    [problem] = answer.json["problems"]
    assert problem["severity"] == "error" and problem["message"].startswith("film.en.vtt, Zeile 3: ")
    assert not (content / STORY / "film.en.vtt").exists()


@pytest.mark.parametrize("fields", [
    {"film": "", "lang": "de"}, {"film": "film.mp4", "lang": "deutsch"}, {"film": "../../kiosk.yaml", "lang": "de"},
    {"film": "cover.jpg", "lang": "de"}, {"film": "fehlt.mp4", "lang": "de"}, {"film": "film.mp4", "lang": "../"},
])
def test_subtitles_need_a_film_of_the_item_and_a_language(client, content: Path, fields: dict) -> None:
    before = _files(content / STORY)
    answer = _send(client, b"WEBVTT\n", "u.vtt", kind="subtitles", **fields)
    assert answer.status_code == 422 and "Untertitel gehören zu einem Film" in answer.json["message"]
    assert _files(content / STORY) == before


def test_an_oversized_upload_is_refused_with_a_german_sentence_and_nothing_is_written(content: Path,
                                                                                    tmp_path: Path) -> None:
    app = _app(content, tmp_path)
    app.config["MAX_CONTENT_LENGTH"] = 4 << 20
    before = sorted(p.relative_to(content) for p in content.rglob("*"))
    answer = _send(app.test_client(), b"\xff" * (5 << 20), "riesig.jpg")
    assert answer.status_code == 413
    assert answer.json == {"ok": False, "problems": [], "message": (
        "Die Datei ist größer als 4 MB. Bitte verkleinern Sie sie (Filme: als MP4 mit H.264 exportieren); es "
        "wurde nichts gespeichert.")}
    assert sorted(p.relative_to(content) for p in content.rglob("*")) == before


def test_the_studio_sets_an_upload_limit(content: Path, tmp_path: Path) -> None:
    from kiosk.studio.media import MAX_UPLOAD_BYTES

    from waitress.adjustments import Adjustments

    assert _app(content, tmp_path).config["MAX_CONTENT_LENGTH"] == MAX_UPLOAD_BYTES == 1000 << 20
    assert MAX_UPLOAD_BYTES < Adjustments.max_request_body_size, "the studio's sentence comes before waitress's"


@pytest.mark.parametrize("item", ["../", "..", "stories/..", "stories/../..", "%2e%2e%2f", "/etc", "/tmp/x",
                                  "stories\\baeckerei-lange", "stories/baeckerei-lange\0", "stories/../kiosk.yaml",
                                  "stories/baeckerei-lange/../../..", "stories/fehlt", "schema/x", "stories",
                                  "stories/baeckerei-lange/sub", "..%2f..%2fetc"])
def test_an_upload_never_lands_outside_an_item_folder(client, content: Path, tmp_path: Path, item: str) -> None:
    before = sorted(tmp_path.rglob("*"))
    answer = _send(client, _jpeg(), "foto.jpg", item=item)
    assert answer.status_code == 404 and answer.json["message"] == (
        "Diesen Eintrag gibt es nicht. Bitte laden Sie die Seite neu.")
    assert sorted(tmp_path.rglob("*")) == before


@pytest.mark.parametrize("filename", ["../../../foto.jpg", "..\\..\\foto.jpg", "/etc/foto.jpg", "C:\\x\\foto.jpg",
                                      "%2e%2e%2ffoto.jpg", "fo\0to.jpg", ".foto.jpg"])
def test_an_uploaded_files_name_loses_every_folder_part(client, content: Path, tmp_path: Path,
                                                        filename: str) -> None:
    answer = _send(client, _jpeg(), filename)
    assert answer.status_code == 200, answer.json
    name = answer.json["name"]
    assert re.fullmatch(r"[a-z0-9-]+\.jpg", name)
    assert (content / STORY / name).is_file()
    assert not list(tmp_path.glob("foto*")) and not list(content.glob("foto*"))


def test_an_unknown_kind_or_no_file_is_refused(client, content: Path) -> None:
    assert _send(client, _jpeg(), "a.jpg", kind="script").status_code == 400
    answer = client.post(UPLOAD, data={"item": STORY, "kind": "image"}, content_type="multipart/form-data")
    assert answer.status_code == 400 and "keine Datei" in answer.json["message"]


def test_an_upload_without_csrf_token_is_refused_and_writes_nothing(content: Path, tmp_path: Path) -> None:
    client = _app(content, tmp_path, csrf=True).test_client()
    before = _files(content / STORY)
    assert _send(client, _jpeg(), "foto.jpg").status_code == 400
    assert _files(content / STORY) == before
    answer = client.post(FOCUS, data={"item": STORY, "target": "cover", "x": "0.2", "y": "0.2"})
    assert answer.status_code == 400
    assert "cover_focus" not in (content / STORY / "story.yaml").read_text()


# -- the focus point --------------------------------------------------------------------------

def test_a_click_sets_the_covers_focus_and_the_yaml_changes_only_there(client, content: Path) -> None:
    path = content / STORY / "story.yaml"
    path.write_text("# Geschichte der Bäckerei\n" + path.read_text(), encoding="utf-8")
    before = path.read_text(encoding="utf-8").splitlines()
    answer = client.post(FOCUS, data={"item": STORY, "target": "cover", "x": "0.304", "y": "0.6"})
    assert answer.status_code == 200 and answer.json == {"ok": True, "focus": [0.3, 0.6],
                                                         "message": "Bildmittelpunkt gespeichert."}
    after = path.read_text(encoding="utf-8").splitlines()
    assert [line for line in after if line not in before] == ["cover_focus: [0.3, 0.6]"]
    assert [line for line in before if line not in after] == []
    checked = ops.validate(content)
    assert not checked.errors
    assert checked.exhibition.stories[0].cover_focus == (0.3, 0.6)


def test_a_click_on_a_media_picture_sets_its_focus(client, content: Path) -> None:
    answer = client.post(FOCUS, data={"item": STORY, "target": "media.0", "x": "1", "y": "0"})
    assert answer.status_code == 200
    text = (content / STORY / "story.yaml").read_text(encoding="utf-8")
    assert "  - image: theke.jpg\n    caption: {de: Die Theke, en: The counter}\n    focus: [1.0, 0.0]\n" in text
    assert not ops.validate(content).errors


@pytest.mark.parametrize(("target", "x", "status"), [
    ("media.1", "0.5", 409), ("media.7", "0.5", 409), ("media.-1", "0.5", 409), ("title", "0.5", 409),
    ("cover", "1.5", 422), ("cover", "nan", 422), ("cover", "-0.1", 422), ("cover", "", 422),
])
def test_a_focus_only_on_a_saved_picture_and_inside_it(client, content: Path, target: str, x: str,
                                                       status: int) -> None:
    before = (content / STORY / "story.yaml").read_bytes()
    answer = client.post(FOCUS, data={"item": STORY, "target": target, "x": x, "y": "0.5"})
    assert answer.status_code == status and not answer.json["ok"]
    assert (content / STORY / "story.yaml").read_bytes() == before


@pytest.mark.parametrize("item", ["../", "stories/../../etc", "/etc", "stories\\baeckerei-lange", "stories/x\0",
                                  "%2e%2e%2f"])
def test_a_focus_never_writes_outside_an_item(client, content: Path, tmp_path: Path, item: str) -> None:
    before = sorted((p, p.stat().st_mtime_ns) for p in tmp_path.rglob("*"))
    answer = client.post(FOCUS, data={"item": item, "target": "cover", "x": "0.5", "y": "0.5"})
    assert answer.status_code == 404
    assert sorted((p, p.stat().st_mtime_ns) for p in tmp_path.rglob("*")) == before


def test_the_upload_field_renders_for_the_forms(content: Path, tmp_path: Path) -> None:
    app = _app(content, tmp_path)
    with app.test_request_context("/"):
        app.preprocess_request()
        html = render_template_string(
            '{% from "media_upload.html" import media_upload, media_assets with context %}'
            '{{ media_upload(item="stories/baeckerei-lange", field="cover", value="cover.jpg", '
            'focus_target="cover", focus=[0.3, 0.6]) }}{{ media_assets() }}')
    assert 'name="cover" value="cover.jpg"' in html
    assert 'src="/ordner/stories/baeckerei-lange/cover.jpg"' in html
    assert 'data-focus-target="cover"' in html and "left: 30.0%; top: 60.0%" in html
    assert 'accept=".jpg,.jpeg,.png"' in html and "/static/media.js" in html
    assert 'data-text-failed="Das Hochladen hat nicht geklappt (Fehler %s).' in html


def test_a_film_is_held_to_the_video_profile_of_this_kiosk(content: Path, tmp_path: Path) -> None:
    from kiosk.services.settings import MachineSettings

    film = write_film(tmp_path / "film40.mp4", (64, 48), fps=40, frames=8).read_bytes()
    answer = _send(_app(content, tmp_path).test_client(), film, "a.mp4", kind="video")
    assert answer.status_code == 200 and answer.json["problems"] == [], "a mini-PC plays 40 frames a second"
    app = _app(content, tmp_path)
    app.config["STUDIO_SETTINGS"] = MachineSettings(video_profile="raspberry-pi")
    answer = _send(app.test_client(), film, "b.mp4", kind="video")
    [warning] = answer.json["problems"]
    assert warning["severity"] == "warning" and "raspberry-pi" in warning["message"]


def test_a_click_on_a_new_picture_not_saved_yet_asks_to_save_first(client, content: Path) -> None:
    path = content / STORY / "story.yaml"
    before = path.read_bytes()
    answer = client.post(FOCUS, data={"item": STORY, "target": "cover", "x": "0.5", "y": "0.5",
                                      "file": "neues-foto.jpg"})
    assert answer.status_code == 409 and answer.json["message"].startswith("Dieses Bild steht noch nicht")
    assert path.read_bytes() == before
    answer = client.post(FOCUS, data={"item": STORY, "target": "cover", "x": "0.5", "y": "0.5",
                                      "file": "cover.jpg"})
    assert answer.status_code == 200


def test_two_uploads_of_one_name_at_once_both_keep_their_file(content: Path, monkeypatch) -> None:
    """The name is free when looked at, but taken by the other upload before this one is placed."""
    from kiosk.studio import media

    story = content / STORY
    looked = media.unused_name

    def racing(folder, stem, extension):
        name = looked(folder, stem, extension)
        if name == "foto.jpg" and not (folder / name).exists():
            (folder / name).write_bytes(b"the other upload")
        return name

    monkeypatch.setattr(media, "unused_name", racing)
    partial = story / ".upload-test-foto.jpg"
    partial.write_bytes(_jpeg())
    assert media._place(partial, story, "foto", ".jpg") == "foto-2.jpg"
    assert (story / "foto.jpg").read_bytes() == b"the other upload"
    assert (story / "foto-2.jpg").read_bytes() == _jpeg()
