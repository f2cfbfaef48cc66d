"""A small exhibition built straight from the model dataclasses, with pictures drawn by Pillow.

Fast to build and independent of the real content folder: the widget tests use it for
everything that does not need the real sample.
"""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

from PIL import Image, ImageDraw

from kiosk.model.types import (AttractItem, Company, Cost, Exhibition, Goal, Industry, Medium, Page,
                               Provider, Settings, Story, Text)

CONTACT = "https://werkbank.example/kontakt?story={story}&provider={provider}&page={page}&lang={lang}&source={source}"


def t(de: str, en: str | None = None) -> Text:
    """Return a German/English text."""
    return Text(MappingProxyType({"de": de, "en": en or de + " (en)"}), "de")


def picture(path: Path, colour: str, size=(1280, 720), label: str = "") -> Path:
    """Draw a simple flat picture and return its path."""
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    w, h = size
    draw.ellipse((w * 0.55, h * 0.2, w * 0.85, h * 0.75), fill="#f3e6d0")
    draw.rectangle((0, h * 0.75, w, h), fill="#5b4a3a")
    if label:
        draw.text((40, 40), label, fill="white")
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)
    return path


GOALS = (Goal("neue-kunden", t("Neue Kunden gewinnen", "Win new customers")),
         Goal("kunden-binden", t("Kunden binden", "Keep customers")),
         Goal("fachkraefte", t("Fachkräfte finden", "Find skilled staff")),
         Goal("ablaeufe", t("Abläufe vereinfachen", "Simplify work")))
INDUSTRIES = (Industry("handwerk", t("Handwerk", "Skilled trades")),
              Industry("handel", t("Handel", "Retail")),
              Industry("gastro", t("Gastronomie", "Hospitality")))


def make_exhibition(root: Path, stories: int = 6, providers: int = 4) -> Exhibition:
    """Build an exhibition with ``stories`` stories and ``providers`` providers under ``root``."""
    colours = ["#7a5c3e", "#3e6a7a", "#6a7a3e", "#7a3e5c", "#3e7a5c", "#5c3e7a", "#7a6a3e", "#3e4a7a"]
    provs = []
    for i in range(providers):
        logo = picture(root / f"providers/p{i}/logo.png", colours[i % 8], (512, 512), f"P{i}")
        provs.append(Provider(
            id=f"anbieter-{i}", name=t(f"Anbieter {i} GmbH"), logo=logo,
            tagline=t("Webseiten und Online-Shops für Betriebe", "Websites and shops"),
            description=t("Wir helfen kleinen Betrieben aus Dortmund, im Netz gefunden zu werden. "
                          "Persönlich, vor Ort und zu festen Preisen.",
                          "We help small firms from Dortmund to be found online."),
            services=(t("Webseiten"), t("Online-Terminbuchung"), t("Schulungen")),
            place=t("Dortmund"), website="https://example.org",
            story_ids=tuple(f"geschichte-{j}" for j in range(stories) if j % providers == i)))
    story_list = []
    for j in range(stories):
        cover = picture(root / f"stories/s{j}/cover.jpg", colours[j % 8])
        second = picture(root / f"stories/s{j}/bild2.jpg", colours[(j + 3) % 8])
        prov = provs[j % providers]
        story_list.append(Story(
            id=f"geschichte-{j}",
            title=t(f"Bäckerei {j}: Brötchen online vorbestellen", f"Bakery {j}: pre-ordering rolls online"),
            teaser=t("Weniger Schlangen am Morgen."),
            company=Company(name=t(f"Bäckerei Beispiel {j}"), industry=INDUSTRIES[j % 3], employees=12,
                            place=t("Dortmund-Hörde")),
            goals=(GOALS[j % 4],),
            challenge=t("Morgens standen die Kunden bis auf die Straße. Viele gingen wieder, "
                        "bevor sie an der Reihe waren, und abends blieb zu viel Brot übrig."),
            solution=t("Ein einfaches Bestellformular auf der eigenen Webseite. Die Bestellungen "
                       "kommen als Liste in die Backstube, jeden Abend um sechs."),
            cost=Cost(one_off=t("900 € für die Einrichtung"), running=t("25 € im Monat"),
                      effort=t("zwei Nachmittage Schulung")),
            benefit=t("Samstags 15 % mehr Umsatz, ein Drittel weniger Brot vom Vortag, "
                      "und die Schlange ist kürzer geworden."),
            providers=(prov,), cover=cover,
            media=(Medium("image", cover, t("Die Theke am Morgen", "The counter")),
                   Medium("image", second, t("Die Backstube", "The bakery")))))
    pages = (
        Page("foerderprogramm", t("Förderprogramm", "Funding"),
             t("Das Land fördert die Digitalisierung kleiner Betriebe mit bis zu 50 % der Kosten. "
               "Wir beraten Sie gern, welches Programm zu Ihnen passt."),
             qr="contact"),
        Page("ueber-die-werkbank", t("Über die Werkbank", "About the Werkbank"),
             t("Die Digitale Werkbank ist ein neutraler Ort zum Ausprobieren."),
             media=(Medium("image", story_list[0].cover, t("Die Werkbank")),),
             qr="https://werkbank.example/ueber", qr_caption=t("Mit dem Handy scannen: Öffnungszeiten",
                                                               "Scan: opening hours")),
        Page("anbieter-treffen", t("Anbieter treffen", "Meet providers"), t("Jeden Donnerstag."), qr=None),
    )
    settings = Settings(title=t("Digitale Werkbank Dortmund", "Digital Workbench Dortmund"), languages=("de", "en"),
                        idle_timeout=90, contact_url=CONTACT, goals=GOALS, industries=INDUSTRIES)
    attract = tuple(AttractItem("image", s.cover, 3.0, s) for s in story_list[:2])
    attract += (AttractItem("image", picture(root / "attract/loop-werkbank.jpg", "#44546a"), 3.0),)
    return Exhibition(root=root, settings=settings, stories=tuple(story_list), providers=tuple(provs),
                      pages=pages, attract=attract)
