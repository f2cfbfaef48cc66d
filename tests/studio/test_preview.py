"""The studio's preview: one screen rendered as the kiosk shows it (``kiosk snapshot --only``),
in every language, in the background after each save."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.services import content_ops as ops

@pytest.mark.parametrize(("only", "why"), [
    ("story:gibt-es-nicht", "the exhibition has no story 'gibt-es-nicht'"),
    ("page:nordwerk", "the exhibition has no page 'nordwerk'"),
    ("home:baeckerei-lange", "the screen 'home' shows no single item"),
    ("staff", "'staff' is not a screen"),
])
def test_snapshot_of_one_screen_refuses_what_the_exhibition_lacks_without_rendering(
        content: Path, tmp_path: Path, capsys, only: str, why: str) -> None:
    with pytest.raises(ops.OperationError, match=why + ".*; nothing was rendered"):
        ops.snapshot(content, tmp_path / "png", only=only)
    assert main(["snapshot", "--content", str(content), "--out", str(tmp_path / "png"), "--only", only]) == 2
    assert why in capsys.readouterr().err
    assert not (tmp_path / "png").exists()


def test_snapshot_target_reads_the_screen_names_of_the_ui_map(content: Path) -> None:
    exhibition = ops.validate(content, probe_media=False).exhibition
    assert ops.snapshot_target("story:baeckerei-lange", exhibition) == ("story", "baeckerei-lange")
    assert ops.snapshot_target("provider:nordwerk", exhibition) == ("provider", "nordwerk")
    assert ops.snapshot_target("providers", exhibition) == ("providers", "")


@pytest.mark.timeout(300)
def test_snapshot_of_one_screen_renders_only_that_screen(content: Path, tmp_path: Path) -> None:
    files = ops.snapshot(content, tmp_path / "png", size=(640, 400), lang="en", only="story:baeckerei-lange")
    assert [f.name for f in files] == ["640x400-en-story-baeckerei-lange.png"]
    assert sorted(p.name for p in (tmp_path / "png").iterdir()) == ["640x400-en-story-baeckerei-lange.png"]
    assert files[0].stat().st_size > 1000


# -- the preview in the studio ----------------------------------------------------------------

import threading  # noqa: E402
import time  # noqa: E402

from PIL import Image  # noqa: E402

from contentkit import edit  # noqa: E402
from kiosk.studio.app import create_app  # noqa: E402

STATUS = "/vorschau/stand/story/baeckerei-lange"


class FakeRender:
    """Stands in for content_ops.snapshot: writes a small PNG per call, can be held or made to fail."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []
        self.sizes: list[tuple[int, int]] = []
        self.settings = None
        self.release = threading.Event()
        self.release.set()
        self.english = threading.Event()
        self.english.set()
        self.failure: Exception | None = None

    def __call__(self, folder: Path, out_dir: Path, settings, *, size, lang, only):
        self.release.wait(30)
        if lang == "en":
            self.english.wait(30)
        self.calls.append((only, lang))
        self.sizes.append(size)
        self.settings = settings
        if self.failure:
            raise self.failure
        out_dir.mkdir(parents=True)
        path = out_dir / f"{size[0]}x{size[1]}-{lang}-{only.replace(':', '-')}.png"
        Image.new("RGB", size, (len(self.calls) * 40 % 256, 0, 0)).save(path)
        return [path]


def _studio(content: Path, tmp_path: Path, render) -> object:
    app = create_app(content, history=tmp_path / "history", testing=True)
    app.config.update(STUDIO_PREVIEW_RENDER=render, STUDIO_PREVIEW_SIZE=(64, 40))
    return app.test_client()


def _settled(client, url: str = STATUS) -> dict:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        answer = client.get(url).json
        if answer["state"] != "rendering":
            return answer
        time.sleep(0.05)
    raise AssertionError("the preview never finished")


def test_the_preview_renders_every_language_in_the_background_and_again_after_a_save(
        content: Path, tmp_path: Path) -> None:
    render = FakeRender()
    render.release.clear()
    client = _studio(content, tmp_path, render)
    started = time.monotonic()
    first = client.get(STATUS).json
    assert time.monotonic() - started < 5, "a request never waits for a render"
    assert first == {"state": "rendering", "message": "Die Vorschau wird gezeichnet …", "images": []}
    render.release.set()
    ready = _settled(client)
    assert ready["state"] == "ready" and ready["message"] == "Die Vorschau zeigt den gespeicherten Stand."
    assert [image["lang"] for image in ready["images"]] == ["de", "en"]
    assert render.calls == [("story:baeckerei-lange", "de"), ("story:baeckerei-lange", "en")]
    picture = client.get(ready["images"][0]["url"])
    assert picture.status_code == 200 and picture.mimetype == "image/png"
    assert Image.open(io.BytesIO(picture.get_data())).size == (64, 40)
    assert _settled(client) == ready and len(render.calls) == 2, "an unchanged folder is not drawn again"

    edit(content / "stories/baeckerei-lange/story.yaml", "Brötchen vorbestellen", "Brötchen bestellen")
    os.utime(content / "stories/baeckerei-lange/story.yaml", (time.time() + 5, time.time() + 5))
    again = _settled(client)
    assert len(render.calls) == 4 and again["images"] != ready["images"]
    assert client.get(again["images"][1]["url"]).status_code == 200


def test_a_folder_with_errors_says_the_kiosk_would_not_show_it(content: Path, tmp_path: Path) -> None:
    edit(content / "kiosk.yaml", "idle_timeout: 60", "idle_timeout: nie")
    render = FakeRender()
    client = _studio(content, tmp_path, render)
    answer = _settled(client)
    assert answer["state"] == "errors" and answer["images"] == []
    assert answer["message"].startswith("Der Kiosk würde diesen Ordner so nicht zeigen")
    assert ops.validate(content, probe_media=False, lang="de").summary in answer["message"]
    assert render.calls == []


def test_a_failing_render_shows_its_sentence_and_the_next_save_tries_again(content: Path, tmp_path: Path) -> None:
    render = FakeRender()
    render.failure = ops.OperationError("rendering the screens of x failed (no display)")
    client = _studio(content, tmp_path, render)
    answer = _settled(client)
    assert answer == {"state": "failed", "images": [], "message": (
        "Die Vorschau ließ sich nicht zeichnen: rendering the screens of x failed (no display)")}
    render.failure = None
    os.utime(content / "kiosk.yaml", (time.time() + 5, time.time() + 5))
    assert _settled(client)["state"] == "ready"


@pytest.mark.parametrize("url", [
    "/vorschau/stand/story/..%2f..%2fetc", "/vorschau/stand/story/%2e%2e", "/vorschau/stand/story/..",
    "/vorschau/stand/story/gibt-es-nicht", "/vorschau/stand/home/x", "/vorschau/stand/story/baeckerei-lange%00",
    "/vorschau/stand/story/..%5c..%5cetc", "/vorschau/bild/story/baeckerei-lange/..%2f..%2fetc%2fpasswd.png",
    "/vorschau/bild/story/..%2fbaeckerei-lange/de.png", "/vorschau/bild/story/baeckerei-lange/fr.png",
    "/vorschau/story/..%2f..%2f", "/vorschau/story/%2fetc%2fpasswd",
])
def test_a_preview_takes_only_items_that_exist(content: Path, tmp_path: Path, url: str) -> None:
    render = FakeRender()
    client = _studio(content, tmp_path, render)
    assert client.get(url).status_code == 404
    assert render.calls == []


def test_each_preview_picture_is_captioned_with_its_language_in_words(content: Path, tmp_path: Path) -> None:
    client = _studio(content, tmp_path, FakeRender())
    assert [(image["lang"], image["label"]) for image in _settled(client)["images"]] == [
        ("de", "Deutsch"), ("en", "Englisch")]
    client.get("/sprache/en")
    assert [image["label"] for image in _settled(client)["images"]] == ["German", "English"]
    page = client.get("/geschichten/baeckerei-lange/").get_data(as_text=True)
    # The caption is the language's name, never "Language: en".
    assert "img.alt = image.label;" in page and "Language:" not in page


def test_the_preview_page_polls_its_item(content: Path, tmp_path: Path) -> None:
    client = _studio(content, tmp_path, FakeRender())
    page = client.get("/vorschau/story/baeckerei-lange").get_data(as_text=True)
    assert f'data-preview-url="{STATUS}"' in page and 'id="preview-images"' in page


@pytest.mark.timeout(300)
def test_the_studio_preview_is_the_kiosks_own_picture(content: Path, tmp_path: Path) -> None:
    app = create_app(content, history=tmp_path / "history", testing=True)
    app.config["STUDIO_PREVIEW_SIZE"] = (640, 400)
    client = app.test_client()
    answer = _settled(client)
    assert answer["state"] == "ready", answer["message"]
    assert [image["lang"] for image in answer["images"]] == ["de", "en"]
    pictures = [client.get(image["url"]).get_data() for image in answer["images"]]
    assert [Image.open(io.BytesIO(data)).size for data in pictures] == [(640, 400), (640, 400)]
    assert pictures[0] != pictures[1], "German and English differ on screen"


@pytest.mark.parametrize(("page", "status"), [
    ("/geschichten/baeckerei-lange/", "/vorschau/stand/story/baeckerei-lange"),
    ("/anbieter/nordwerk", "/vorschau/stand/provider/nordwerk"),
    ("/seiten/foerderprogramm", "/vorschau/stand/page/foerderprogramm"),
])
def test_every_edit_page_shows_the_preview_of_its_item(content: Path, tmp_path: Path, page: str,
                                                        status: str) -> None:
    client = _studio(content, tmp_path, FakeRender())
    html = client.get(page).get_data(as_text=True)
    assert f'data-preview-url="{status}"' in html
    assert client.get(status).status_code == 200


def test_the_preview_has_the_size_of_the_kiosks_screen(content: Path, tmp_path: Path) -> None:
    from kiosk.services.settings import MachineSettings

    render = FakeRender()
    app = create_app(content, history=tmp_path / "history", testing=True)
    settings = MachineSettings(screen={"size": "1280x800", "rotation": 90}, video_profile="raspberry-pi")
    app.config.update(STUDIO_PREVIEW_RENDER=render, STUDIO_SETTINGS=settings)
    assert _settled(app.test_client())["state"] == "ready"
    assert render.sizes == [(800, 1280), (800, 1280)], "a turned screen is drawn turned"
    assert render.settings is settings


def test_each_language_shows_as_soon_as_it_is_drawn(content: Path, tmp_path: Path) -> None:
    render = FakeRender()
    render.english.clear()
    client = _studio(content, tmp_path, render)
    client.get(STATUS)
    deadline = time.monotonic() + 30
    while not client.get(STATUS).json["images"] and time.monotonic() < deadline:
        time.sleep(0.05)
    answer = client.get(STATUS).json
    assert answer["state"] == "rendering" and [image["lang"] for image in answer["images"]] == ["de"]
    render.english.set()
    assert [image["lang"] for image in _settled(client)["images"]] == ["de", "en"]
