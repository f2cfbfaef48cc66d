"""The studio in a real browser, from an empty form to the kiosk screen: the system Chromium,
driven through Playwright, creates a story with a photo in a running `kiosk studio`, sees the
validator's message next to a title that is too long, fixes it, sees the preview draw the
story, exports the folder as a ZIP, and `kiosk content install` puts that ZIP on a running
kiosk, whose UI map then names the new story on home.

Playwright never downloads a browser here: it starts /usr/bin/chromium (scripts/setup --test
installs it) and the test is skipped with that reason when it is missing.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest
from conftest import CONTENT, REPO
from test_operations_x11 import cli, machine, stories  # noqa: F401 (machine is a fixture used by name)

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [pytest.mark.xserver,
              pytest.mark.skipif(not CHROMIUM.exists(),
                                 reason=f"needs the system Chromium at {CHROMIUM} (scripts/setup --test installs it)")]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
TITLE = "Autohaus Probefahrt online"
STORY = "autohaus-probefahrt-online"  # the id the studio makes from TITLE; sorts before every sample story
TOO_LONG = "Autohaus Probefahrt online buchen, mit Leihwagen und Rückruf"  # over the 36 characters of story.title
PHOTO_SKY = (28, 96, 196)
"""The photo's dominant sky blue, which no sample story's picture has: the preview shows the photo when it appears."""


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def make_photo(path: Path, size: tuple[int, int] = (1920, 1080)) -> Path:
    """A real photograph-like JPEG: a sky graded towards the horizon, a sun, hills and fine grain
    (texture a camera picture has and a flat test card lacks), at the kiosk's full size."""
    from PIL import Image, ImageDraw, ImageFilter

    w, h = size
    horizon = int(h * 0.62)
    picture = Image.new("RGB", size)
    draw = ImageDraw.Draw(picture)
    for y in range(h):
        if y < horizon:
            k = y / horizon
            colour = tuple(int(c + (235 - c) * k * 0.55) for c in PHOTO_SKY)
        else:
            k = (y - horizon) / (h - horizon)
            colour = (int(70 + 40 * k), int(120 - 30 * k), int(48 + 10 * k))
        draw.line([(0, y), (w, y)], fill=colour)
    draw.ellipse([w * 0.72, h * 0.12, w * 0.72 + 150, h * 0.12 + 150], fill=(255, 236, 170))
    draw.polygon([(0, horizon + 40), (w * 0.3, horizon - 90), (w * 0.6, horizon + 20), (w, horizon - 60), (w, h), (0, h)],
                 fill=(58, 104, 52))
    picture = picture.filter(ImageFilter.GaussianBlur(3))
    grain = Image.effect_noise(size, 18).convert("RGB")
    picture = Image.blend(picture, grain, 0.06)
    picture.save(path, "JPEG", quality=88)
    return path


def sky_share(png: bytes) -> float:
    """The share of pixels in ``png`` close to the photo's sky blue."""
    from PIL import Image

    pixels = Image.open(io.BytesIO(png)).convert("RGB").resize((192, 108)).tobytes()
    near = sum(1 for i in range(0, len(pixels), 3)
               if all(abs(pixels[i + c] - PHOTO_SKY[c]) < 45 for c in range(3)))
    return near / (192 * 108)


class Studio:
    """`kiosk studio FOLDER --no-browser --port N` in a subprocess with its own data dir."""

    def __init__(self, folder: Path, workdir: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, XDG_DATA_HOME=str(workdir / "studio-data"),
                   XDG_CONFIG_HOME=str(workdir / "studio-config"), KIVY_HOME=str(workdir / "studio-kivy"),
                   PYTHONPATH=str(REPO))
        env.pop("DISPLAY", None)  # the preview renders off screen, like on an office PC without the kiosk
        self.log = workdir / "studio-output.log"
        self._output = open(self.log, "w")  # noqa: SIM115 (the studio writes to it until stop() closes it)
        self.process = subprocess.Popen([sys.executable, "-m", "kiosk", "studio", str(folder), "--no-browser",
                                         "--port", str(self.port)], env=env, cwd=workdir,
                                        stdout=self._output, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/geschichten/", timeout=5):
                    return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    pytest.fail(f"the studio did not answer:\n{self.log.read_text(errors='replace')}")
                time.sleep(0.2)

    def stop(self) -> None:
        """Ctrl-C, as staff stop it."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._output.close()


@pytest.fixture
def studio(machine: Path):  # noqa: F811 (the imported fixture)
    """The studio on a copy of the sample content."""
    folder = machine / "buero-inhalt"
    shutil.copytree(CONTENT, folder)
    running = Studio(folder, machine)
    yield running
    running.stop()


@pytest.fixture
def page(studio: Studio):
    """A Chromium page of the system browser (never one Playwright downloads)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True,
                                      locale="de-DE")
        context.set_default_timeout(30_000)
        tab = context.new_page()
        yield tab
        context.close()
        browser.close()


@pytest.mark.timeout(420)
def test_a_story_made_in_the_browser_reaches_the_running_kiosk(page, studio: Studio, machine: Path,  # noqa: F811
                                                               start_kiosk) -> None:
    from playwright.sync_api import expect

    # A new story, from the list's form.
    page.goto(f"{studio.url}/geschichten/")
    page.fill("#new_title_de", TITLE)
    page.fill("#new_title_en", "Car dealer: test drives online")
    page.click("#create-story")
    expect(page.locator("#story-id")).to_have_text(STORY)

    # Its photo, through the upload field's file picker: checked at once, then shown.
    photo = make_photo(machine / "probefahrt.jpg")
    cover = page.locator("#upload-cover")
    cover.locator("input[type=file]").set_input_files(str(photo))
    expect(cover.locator("[data-media-picture]")).to_have_attribute("src", re.compile(r"probefahrt"))
    expect(cover.locator("[data-media-problems] li")).to_have_count(0)
    expect(cover.locator("input[data-media-value]")).to_have_value(re.compile(r"probefahrt.*\.jpe?g"))

    # Its focus point, clicked before any save: kept in the form, never refused.
    cover.locator("[data-media-picture]").click(position={"x": 40, "y": 30})
    expect(cover.locator("[data-media-status]")).to_contain_text("Bildmittelpunkt gesetzt")
    expect(cover.locator("input[data-media-focus-value]")).to_have_value(re.compile(r"^0\.\d\d,0\.\d\d$"))

    # A title that is too long: the live check puts the validator's message next to the field.
    title = page.locator("#title_de")
    at_title = page.locator('ul.problems-at[data-field="title.de"]')
    title.fill(TOO_LONG)
    expect(at_title.locator("li")).to_have_count(1)
    expect(at_title).to_contain_text("Titel (Deutsch) hat")  # the field's label, not the YAML key
    expect(at_title).to_contain_text("36. Kürzen Sie den Text.")
    expect(page.locator('[data-counter-for="title_de"]')).to_have_class(re.compile(r"\bover\b"))

    # Fixed, the message goes; saved, the form says so and the preview draws the story.
    title.fill(TITLE)
    expect(at_title.locator("li")).to_have_count(0)
    page.click("#save")
    expect(page.locator(".flash-ok")).to_be_visible()
    expect(page.locator("#story-draft")).to_have_count(0)
    expect(page.locator("#title_de")).to_have_value(TITLE)
    expect(page.locator("#upload-cover [data-media-focus]")).to_be_visible()  # the point was saved with the form
    preview = page.locator('#preview-images img[data-lang="de"]')
    expect(page.locator("#preview-state")).to_have_attribute("data-state", "ready", timeout=180_000)
    expect(preview).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=preview.element_handle())
    drawn = page.request.get(studio.url + preview.get_attribute("src"))
    assert drawn.ok
    assert sky_share(drawn.body()) > 0.05, "the preview does not show the story's photo"

    # The whole folder as a ZIP, from the export page.
    page.goto(f"{studio.url}/weitergeben/")
    expect(page.locator("#export-check")).to_have_class(re.compile(r"\bok\b"))
    with page.expect_download() as download:
        page.click("#export-zip")
    exported = machine / "inhalt.zip"
    download.value.save_as(exported)
    with zipfile.ZipFile(exported) as archive:
        assert any(name.endswith(f"stories/{STORY}/story.yaml") for name in archive.namelist())

    # On the running kiosk: installed from the ZIP, the story is on home without a restart.
    kiosk = start_kiosk()
    home = kiosk.wake_to_home()
    assert f"story:{STORY}" not in stories(home)
    done = cli(machine, "content", "install", str(exported))
    assert done.returncode == 0, done.stdout + done.stderr
    kiosk.wait_for(lambda m: m["screen"] == "home" and f"story:{STORY}" in stories(m), timeout=60,
                   what="the story made in the studio")
    assert kiosk.process.poll() is None
