"""Builds small, valid content folders in a temporary directory, for tests to break on purpose."""

from __future__ import annotations

import functools
import shutil
import tempfile
from pathlib import Path

KIOSK_YAML = """\
title: {de: Digitale Werkbank, en: Digital Workbench}
languages: [de, en]
idle_timeout: 60
contact_url: "https://werkbank.example/kontakt?story={story}&provider={provider}&page={page}&lang={lang}&source={source}"
goals:
  - id: neue-kunden
    label: {de: Neue Kunden gewinnen, en: Win new customers}
  - id: kunden-binden
    label: {de: Kunden binden, en: Keep customers}
industries:
  - id: handwerk
    label: {de: Handwerk, en: Skilled trades}
  - id: handel
    label: {de: Handel, en: Retail}
"""

STORY_YAML = """\
title: {de: Brötchen vorbestellen, en: Pre-ordering bread rolls}
teaser: {de: Die Bäckerei nimmt Bestellungen online an., en: The bakery takes orders online.}
company:
  name: Bäckerei Lange
  industry: handwerk
  employees: 12
  place: Dortmund-Hörde
goals: [neue-kunden]
challenge: {de: Lange Schlangen am Morgen., en: Long queues in the morning.}
solution: {de: Ein Bestellformular im Netz., en: An order form on the web.}
cost:
  one_off: {de: 900 € Einrichtung, en: €900 set-up}
  running: {de: 25 € im Monat, en: €25 a month}
benefit: {de: 15 % mehr Umsatz am Samstag., en: 15% more sales on Saturdays.}
providers: [nordwerk]
cover: cover.jpg
media:
  - image: theke.jpg
    caption: {de: Die Theke, en: The counter}
  - video: film.mp4
    poster: cover.jpg
    caption: {de: Der Film, en: The film}
"""

PROVIDER_YAML = """\
name: Nordwerk IT
logo: logo.png
tagline: {de: Shops für Händler, en: Shops for retailers}
description: {de: Wir bauen Bestellsysteme., en: We build ordering systems.}
services:
  - {de: Online-Bestellung, en: Online ordering}
place: Dortmund
website: https://nordwerk.example
"""

PAGE_YAML = """\
title: {de: Förderprogramm, en: Funding programme}
body: {de: Die Stadt fördert Digitalisierung., en: The city funds digitalisation.}
qr: contact
qr_caption: {de: Beratung anfragen, en: Ask for advice}
"""


@functools.cache
def media_dir() -> Path:
    """Make the media files once per process (encoding a video is the slow part); return their folder."""
    from PIL import Image

    folder = Path(tempfile.mkdtemp(prefix="kiosk-media-"))
    Image.new("RGB", (320, 180), (200, 120, 60)).save(folder / "cover.jpg", quality=85)
    Image.new("RGB", (320, 180), (60, 120, 200)).save(folder / "theke.jpg", quality=85)
    Image.new("RGBA", (128, 128), (40, 40, 40, 255)).save(folder / "logo.png")
    write_film(folder / "film.mp4", (64, 48))
    return folder


def write_film(path: Path, size: tuple[int, int], codec: str = "libx264", fps: int = 10, frames: int = 10) -> Path:
    """Encode a short film of ``size`` with ``codec`` (libx264, libx265, libvpx-vp9) and return its path."""
    from ffpyplayer.pic import Image as FFImage
    from ffpyplayer.writer import MediaWriter

    width, height = size
    path.unlink(missing_ok=True)  # the writer refuses to overwrite
    writer = MediaWriter(str(path), [{
        "pix_fmt_in": "rgb24", "width_in": width, "height_in": height, "codec": codec,
        "frame_rate": (fps, 1), "pix_fmt_out": "yuv420p"}])
    for index in range(frames):
        frame = bytes([index * 20 % 256, 100, 150]) * (width * height)
        writer.write_frame(img=FFImage(plane_buffers=[frame], pix_fmt="rgb24", size=(width, height)),
                           pts=index / fps, stream=0)
    writer.close()
    return path


def make_content(root: Path) -> Path:
    """Write a valid content folder at ``root`` (one story, one provider, one page) and return it."""
    media = media_dir()
    story = root / "stories" / "baeckerei-lange"
    provider = root / "providers" / "nordwerk"
    page = root / "pages" / "foerderprogramm"
    for folder in (story, provider, page):
        folder.mkdir(parents=True)
    (root / "kiosk.yaml").write_text(KIOSK_YAML, encoding="utf-8")
    (story / "story.yaml").write_text(STORY_YAML, encoding="utf-8")
    (provider / "provider.yaml").write_text(PROVIDER_YAML, encoding="utf-8")
    (page / "page.yaml").write_text(PAGE_YAML, encoding="utf-8")
    for name in ("cover.jpg", "theke.jpg", "film.mp4"):
        shutil.copy(media / name, story / name)
    shutil.copy(media / "logo.png", provider / "logo.png")
    return root


def edit(path: Path, old: str, new: str) -> None:
    """Replace ``old`` (which must occur) by ``new`` in the file at ``path``."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    """Return the 1-based line of the first line containing ``needle``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")
