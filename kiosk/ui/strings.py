"""The kiosk's own words (buttons, slot labels, calls to action) in German and English.

Content texts come from the content folder; these are the fixed words of the frame around
them. German is written for "Sie" and in business words, not tech words.
"""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "nav.home": {"de": "Start", "en": "Start"},
    "nav.back": {"de": "Zurück", "en": "Back"},
    "nav.larger_text": {"de": "Schrift größer", "en": "Larger text"},
    "nav.providers": {"de": "Wand der Lösungsanbieter", "en": "Wall of solution providers"},
    "home.lead": {"de": "Betriebe aus der Region zeigen: Was hat es gekostet, was hat es gebracht?",
                  "en": "Firms from the region show: what did it cost, what did it bring?"},
    "home.goals": {"de": "Was möchten Sie erreichen?", "en": "What would you like to achieve?"},
    "home.all": {"de": "Alle", "en": "All"},
    "home.count": {"de": "{n} Geschichten", "en": "{n} stories"},
    "home.count_one": {"de": "1 Geschichte", "en": "1 story"},
    "home.privacy": {"de": "Dieses Terminal speichert keine persönlichen Daten.",
                     "en": "This terminal stores no personal data."},
    "pager": {"de": "Seite {page} von {pages}", "en": "Page {page} of {pages}"},
    "pager.prev": {"de": "Vorige", "en": "Previous"},
    "pager.next": {"de": "Weitere", "en": "More"},
    "scroll.up": {"de": "Nach oben", "en": "Back up"},
    "scroll.down": {"de": "Weiter", "en": "More"},
    "story.situation": {"de": "Die Ausgangslage", "en": "The situation"},
    "story.solution": {"de": "Die Lösung", "en": "The solution"},
    "story.cost": {"de": "Was es gekostet hat", "en": "What it cost"},
    "story.benefit": {"de": "Was es gebracht hat", "en": "What it brought"},
    "cost.one_off": {"de": "Einmalig", "en": "One-off"},
    "cost.running": {"de": "Laufend", "en": "Running"},
    "cost.effort": {"de": "Aufwand", "en": "Effort"},
    "story.employees": {"de": "{n} Beschäftigte", "en": "{n} employees"},
    "story.employees_one": {"de": "1 Beschäftigte(r)", "en": "1 employee"},
    "story.providers": {"de": "Umgesetzt mit", "en": "Made possible by"},
    "story.qr": {"de": "Mit dem Handy scannen: Das Team der Werkbank meldet sich bei Ihnen",
                 "en": "Scan with your phone: the Werkbank team will get back to you"},
    "provider.qr": {"de": "Mit dem Handy scannen: Das Team der Werkbank vereinbart Ihren Termin mit diesem Anbieter",
                    "en": "Scan with your phone: the Werkbank team arranges your meeting with this provider"},
    "provider.services": {"de": "Leistungen", "en": "Services"},
    "provider.stories": {"de": "Geschichten mit diesem Anbieter", "en": "Stories with this provider"},
    "providers.lead": {"de": "Alle Anbieter aus der Region, gleichberechtigt und in zufälliger Reihenfolge.",
                       "en": "All providers from the region, on equal terms and in random order."},
    "page.stories": {"de": "Zu den Geschichten", "en": "To the stories"},
    "page.qr": {"de": "Mit dem Handy scannen: mehr erfahren und Kontakt aufnehmen",
                "en": "Scan with your phone: learn more and get in touch"},
    "media.prev": {"de": "Voriges Bild", "en": "Previous"},
    "media.next": {"de": "Nächstes Bild", "en": "Next"},
    "viewer.close": {"de": "Zurück zur Geschichte", "en": "Back to the story"},
    "video.play": {"de": "Video abspielen", "en": "Play video"},
    "video.pause": {"de": "Video anhalten", "en": "Pause video"},
    "video.sound_on": {"de": "Ton an", "en": "Sound on"},
    "video.sound_off": {"de": "Ton aus", "en": "Sound off"},
    "attract.prompt": {"de": "Tippen Sie hier, um zu starten", "en": "Tap to start"},
    "lang.de": {"de": "Deutsch", "en": "Deutsch"},
    "lang.en": {"de": "English", "en": "English"},
}
"""Key -> language -> text. A missing language falls back to German."""


def tr(key: str, lang: str, **values: object) -> str:
    """Return the kiosk text ``key`` in ``lang`` (German if missing), formatted with ``values``.

    Raises KeyError for an unknown key, so a typo fails in the tests rather than on screen.
    """
    texts = STRINGS[key]
    text = texts.get(lang) or texts["de"]
    return text.format(**values) if values else text


def language_name(code: str) -> str:
    """Return the name of a language in itself ("Deutsch", "English"), or the code in capitals."""
    texts = STRINGS.get(f"lang.{code}")
    return texts["de"] if texts else code.upper()
