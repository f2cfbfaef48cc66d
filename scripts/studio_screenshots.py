#!/usr/bin/env python3
"""Take the screenshots of the staff guide (docs/studio-guide.md) from the real studio.

Starts ``kiosk studio --no-browser`` on a copy of the sample content (content/) in a temporary
folder, walks through "Eine neue Geschichte anlegen" in the system Chromium through Playwright
(which never downloads a browser), and writes one PNG per step, 1440x900, optimised, into
docs/studio/. Re-run it after the studio's look changes; the content folder itself is never
touched.

    .venv/bin/python scripts/studio_screenshots.py [--out docs/studio] [--chromium /usr/bin/chromium]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content"
SAMPLE_FILM = CONTENT / "stories" / "baeckerei-vorbestellung"
"""A sample story with a film and its German and English subtitles, uploaded as the new story's film."""
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1440, "height": 900}
BUDGET = 2_000_000
"""The whole set's size in bytes; above it the pictures are reduced to 256 colours."""
PREVIEW_WAIT_MS = 300_000
"""How long the preview may take to draw on a slow machine."""

STORY_TEXTS = {
    "title_de": "Autohaus: Probefahrt online",
    "title_en": "Car dealer: test drives online",
    "teaser_de": "Ein Autohaus lässt Kunden die Probefahrt selbst buchen. Das Ergebnis: weniger Anrufe, "
                 "mehr Abschlüsse.",
    "teaser_en": "A car dealer lets customers book test drives themselves: fewer calls, more sales.",
    "company_name": "Autohaus Brinkmann",
    "company_place": "Bochum-Wattenscheid",
    "company_employees": "24",
    "challenge_de": "Das Telefon klingelte den ganzen Tag, und jede dritte Probefahrt fiel kurzfristig aus.",
    "challenge_en": "The phone rang all day, and one test drive in three was cancelled at short notice.",
    "solution_de": "Kunden wählen Wagen und Termin auf der Website und bekommen am Vortag eine Erinnerung.",
    "solution_en": "Customers pick a car and a slot on the website and get a reminder the day before.",
    "cost_one_off_de": "2.400 € für die Einrichtung",
    "cost_one_off_en": "€2,400 for the setup",
    "cost_running_de": "60 € im Monat",
    "cost_running_en": "€60 a month",
    "benefit_de": "Ein Drittel weniger Anrufe, kaum noch Ausfälle, und mehr Probefahrten am Samstag.",
    "benefit_en": "A third fewer calls, hardly any no-shows, and more test drives on Saturdays.",
    "figure_0_value": "2.400", "figure_0_unit_de": "€", "figure_0_unit_en": "€",
    "figure_0_label_de": "einmalig", "figure_0_label_en": "one-off",
    "figure_1_value": "-30", "figure_1_unit_de": "%", "figure_1_unit_en": "%",
    "figure_1_label_de": "Anrufe", "figure_1_label_en": "phone calls",
}
TOO_LONG_TITLE = "Autohaus: Probefahrt online buchen, mit Rückruf"
"""A title over the 36 characters the kiosk has room for, to show the message next to the field."""


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def make_photo(path: Path, sky: tuple[int, int, int], ground: tuple[int, int, int],
               size: tuple[int, int] = (1920, 1080)) -> Path:
    """A photograph-like JPEG at the kiosk's size: a graded sky, a sun, hills and fine grain."""
    from PIL import Image, ImageDraw, ImageFilter

    w, h = size
    horizon = int(h * 0.62)
    picture = Image.new("RGB", size)
    draw = ImageDraw.Draw(picture)
    for y in range(h):
        if y < horizon:
            k = y / horizon * 0.55
            colour = tuple(int(c + (235 - c) * k) for c in sky)
        else:
            k = (y - horizon) / (h - horizon)
            colour = tuple(int(c * (1 - 0.3 * k)) for c in ground)
        draw.line([(0, y), (w, y)], fill=colour)
    draw.ellipse([w * 0.72, h * 0.12, w * 0.72 + 150, h * 0.12 + 150], fill=(255, 236, 170))
    draw.polygon([(0, horizon + 40), (w * 0.3, horizon - 90), (w * 0.6, horizon + 20), (w, horizon - 60),
                  (w, h), (0, h)], fill=tuple(int(c * 0.8) for c in ground))
    picture = picture.filter(ImageFilter.GaussianBlur(3))
    picture = Image.blend(picture, Image.effect_noise(size, 18).convert("RGB"), 0.06)
    picture.save(path, "JPEG", quality=88)
    return path


class Studio:
    """`kiosk studio FOLDER --no-browser --port N` in a subprocess with its own data dir."""

    def __init__(self, folder: Path, workdir: Path):
        self.url = f"http://127.0.0.1:{free_port()}"
        env = dict(os.environ, XDG_DATA_HOME=str(workdir / "data"), XDG_CONFIG_HOME=str(workdir / "config"),
                   KIVY_HOME=str(workdir / "kivy"), PYTHONPATH=str(REPO))
        env.pop("DISPLAY", None)  # the preview renders off screen
        self.log = workdir / "studio.log"
        with open(self.log, "w") as output:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "kiosk", "studio", str(folder), "--no-browser", "--port",
                 self.url.rsplit(":", 1)[1]], env=env, cwd=workdir, stdout=output, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(self.url + "/geschichten/", timeout=5):
                    return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise SystemExit(f"the studio did not start:\n{self.log.read_text(errors='replace')}") from None
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


def show(page, selector: str, above: int = 16) -> None:
    """Scroll so that ``selector`` starts ``above`` pixels below the top of the window."""
    page.locator(selector).first.wait_for()
    page.evaluate("([s, above]) => window.scrollTo(0, document.querySelector(s).getBoundingClientRect().top"
                  " + window.scrollY - above)", [selector, above])


def upload(page, box: str, path: Path) -> None:
    """Upload ``path`` through the file picker of the upload field ``box`` and wait for its verdict."""
    field = page.locator(box)
    field.locator("input[type=file]").set_input_files(str(path))
    field.locator("input[data-media-value]").wait_for(state="attached")
    page.wait_for_function("s => document.querySelector(s + ' input[data-media-value]').value !== ''"
                           " && document.querySelector(s + ' progress').hidden", arg=box, timeout=120_000)
    problems = field.locator("[data-media-problems] li")
    if problems.count():
        raise SystemExit(f"the studio refused {path.name}: {problems.all_inner_texts()}")


def wait_checked(page) -> None:
    """Wait until the live check has answered the last change."""
    page.wait_for_function("() => document.getElementById('live-status').textContent.length > 0")
    page.wait_for_function("() => !/…|\\.\\.\\./.test(document.getElementById('live-status').textContent)")


def walk(page, url: str, work: Path, shots: Path) -> list[Path]:
    """Go through the six steps of the guide and return the screenshots."""
    taken = []

    def shot(name: str) -> None:
        path = shots / name
        page.screenshot(path=str(path))
        taken.append(path)

    # 1. The studio as it opens: the list of stories.
    page.goto(url + "/geschichten/")
    page.wait_for_load_state("networkidle")
    shot("01-studio-starten.png")

    # 2. A new story: its title, in German and English.
    page.fill("#new_title_de", STORY_TEXTS["title_de"])
    page.fill("#new_title_en", STORY_TEXTS["title_en"])
    shot("02-neue-geschichte.png")
    page.click("#create-story")
    page.locator("#story-id").wait_for()

    # 3. Texts and key figures, with a title that is too long: the message next to the field.
    for name, value in STORY_TEXTS.items():
        if not name.startswith("title_"):
            page.fill(f"[name={name}]", value)
    page.select_option("#company_industry", "handel")
    page.check("input[name=goals][value=neue-kunden]")
    page.check("input[name=goals][value=ablaeufe]")
    page.check("input[name=providers][value=termintakt]")
    page.fill("#title_de", TOO_LONG_TITLE)
    page.locator('ul.problems-at[data-field="title.de"] li').first.wait_for()
    wait_checked(page)
    show(page, "#section-texts")
    shot("03-texte-und-kennzahlen.png")
    page.fill("#title_de", STORY_TEXTS["title_de"])
    page.wait_for_function("() => !document.querySelector('ul.problems-at[data-field=\"title.de\"] li')")

    # 4. Pictures and a film with subtitles: uploaded, checked at once, the cover's focus set by a click.
    upload(page, "#upload-cover", make_photo(work / "probefahrt.jpg", (28, 96, 196), (86, 120, 60)))
    # The focus point, clicked right after the upload: kept in the form and saved with it.
    page.locator("#upload-cover [data-media-picture]").click(position={"x": 300, "y": 110})
    page.locator("#upload-cover [data-media-focus]:not([hidden])").wait_for()
    upload(page, "#upload-media_new_image", make_photo(work / "werkstatt.jpg", (200, 120, 70), (90, 90, 100)))
    page.fill("#media_new_image_caption_de", "Der Wagen steht bereit, wenn die Kundin kommt.")
    page.fill("#media_new_image_caption_en", "The car is ready when the customer arrives.")
    upload(page, "#upload-media_new_video", SAMPLE_FILM / "film.mp4")
    page.fill("#media_new_video_caption_de", "So bucht eine Kundin ihre Probefahrt.")
    page.fill("#media_new_video_caption_en", "How a customer books her test drive.")
    page.click("#save")
    page.locator(".flash").first.wait_for()
    page.locator("#upload-cover [data-media-focus]:not([hidden])").wait_for()  # the point came back saved
    # Saved, the film has its own row, with a poster and subtitles per language.
    page.locator(".media-row[data-kind=video]").wait_for()
    for lang in ("de", "en"):
        upload(page, f"#upload-media_1_subtitles_{lang}", SAMPLE_FILM / f"film.{lang}.vtt")
    upload(page, "#upload-media_1_poster", SAMPLE_FILM / "film-poster.jpg")
    show(page, "#section-media")
    shot("04-bilder-und-film.png")

    # 5. Saved: the preview draws the story as the kiosk shows it.
    page.click("#save")
    page.locator(".flash-ok").wait_for()
    page.wait_for_function("() => document.getElementById('preview-state').dataset.state === 'ready'"
                           " && [...document.querySelectorAll('#preview-images img')].length > 0"
                           " && [...document.querySelectorAll('#preview-images img')].every(i => i.complete"
                           " && i.naturalWidth > 0)", timeout=PREVIEW_WAIT_MS)
    show(page, "#preview")
    shot("05-vorschau-pruefen.png")

    # 6. Export: the ZIP for the USB stick.
    page.goto(url + "/weitergeben/")
    page.locator("#export-check").wait_for()
    shot("06-exportieren.png")
    return taken


def optimise(paths: list[Path]) -> int:
    """Rewrite the PNGs with Pillow's optimiser (in 256 colours when the set is over BUDGET); return the total size."""
    from PIL import Image

    for path in paths:
        Image.open(path).save(path, optimize=True)
    if sum(p.stat().st_size for p in paths) > BUDGET:
        for path in paths:
            Image.open(path).convert("RGB").quantize(256, dither=Image.Dither.NONE).save(path, optimize=True)
    return sum(p.stat().st_size for p in paths)


def main(argv: list[str] | None = None) -> int:
    """Take the guide's screenshots; return 0 when all six are written."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "studio", help="where the PNGs go")
    parser.add_argument("--chromium", type=Path, default=Path("/usr/bin/chromium"), help="the system Chromium")
    args = parser.parse_args(argv)
    if not args.chromium.exists():
        print(f"No Chromium at {args.chromium}: install it (scripts/setup --test) or name it with --chromium.",
              file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="studio-shots-") as temp:
        work = Path(temp)
        folder = work / "Werkbank-Inhalt"
        shutil.copytree(CONTENT, folder)
        studio = Studio(folder, work)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=str(args.chromium), args=CHROMIUM_ARGS)
                context = browser.new_context(viewport=VIEWPORT, locale="de-DE")
                context.set_default_timeout(30_000)
                taken = walk(context.new_page(), studio.url, work, args.out)
                browser.close()
        finally:
            studio.stop()
    total = optimise(taken)
    for path in taken:
        print(f"{path.relative_to(REPO) if path.is_relative_to(REPO) else path}: {path.stat().st_size // 1024} KB")
    print(f"together {total / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
