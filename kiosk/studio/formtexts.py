"""The interface texts of the provider, page and settings forms, German first ("Sie"), English beside.

Kept beside :mod:`kiosk.studio.texts` and added to its table on import, so the forms' words
live with the forms; a key both define is a mistake this module refuses at import.
"""

from __future__ import annotations

from kiosk.studio.texts import TEXTS

FORM_TEXTS: dict[str, dict[str, str]] = {
    "de": {
        "nav.providers": "Anbieter",
        "nav.pages": "Infoseiten",
        "nav.settings": "Einstellungen",
        "providers.title": "Anbieter",
        "providers.intro": "Die Anbieterwand zeigt alle Anbieter gleich groß und ohne Rangfolge.",
        "providers.none": "Noch keine Anbieter.",
        "providers.new": "Neuer Anbieter",
        "providers.back": "Zurück zu den Anbietern",
        "provider.new.name": "Name des neuen Anbieters",
        "provider.new.create": "Anlegen",
        "provider.new.empty": "Bitte geben Sie dem neuen Anbieter einen Namen.",
        "provider.created": "Angelegt. Bitte füllen Sie die Felder aus und laden Sie das Logo hoch.",
        "provider.edit": "Anbieter bearbeiten",
        "provider.neutral": "Alle Anbieter erscheinen auf der Anbieterwand gleich: gleiche Kachel, gleicher "
                            "Platz für das Logo, keine Reihenfolge nach Wichtigkeit.",
        "provider.name": "Name",
        "provider.tagline": "Kurzzeile",
        "provider.description": "Beschreibung",
        "provider.place": "Ort",
        "provider.services": "Leistungen",
        "provider.services.hint": "Mindestens eine, am besten zwei bis fünf. Leere Zeilen entfallen; nach dem "
                                  "Speichern erscheint eine neue leere Zeile.",
        "provider.service": "Leistung {number}",
        "provider.logo": "Logo",
        "provider.logo.hint": "Am besten quadratisch, als PNG oder JPG. Das neue Logo gilt, sobald Sie speichern.",
        "provider.website": "Internetadresse (beginnt mit https://)",
        "provider.delete.title": "Anbieter löschen",
        "provider.delete.linked": "Dieser Anbieter wird noch in {count} Geschichte(n) genannt und kann deshalb "
                                  "nicht gelöscht werden:",
        "provider.delete.unlink": "Entfernen Sie den Anbieter zuerst in diesen Geschichten unter „Anbieter“. "
                                  "Danach können Sie ihn löschen.",
        "pages.title": "Infoseiten",
        "pages.intro": "Infoseiten erklären die Werkbank, das Förderprogramm oder wie man einen Anbieter trifft.",
        "pages.none": "Noch keine Infoseiten.",
        "pages.new": "Neue Infoseite",
        "pages.back": "Zurück zu den Infoseiten",
        "page.new.title": "Titel der neuen Infoseite",
        "page.new.create": "Anlegen",
        "page.new.empty": "Bitte geben Sie der neuen Infoseite einen Titel.",
        "page.created": "Angelegt. Bitte schreiben Sie den Text der Seite.",
        "page.edit": "Infoseite bearbeiten",
        "page.title": "Titel",
        "page.body": "Text",
        "page.body.hint": "Absätze trennen Sie durch eine Leerzeile.",
        "page.media": "Bilder",
        "page.media.none": "Noch keine Bilder auf dieser Seite.",
        "page.media.existing": "Ein Bild, das schon im Ordner der Seite liegt",
        "page.media.upload": "Oder laden Sie ein neues Bild hoch; es erscheint nach dem Speichern auf der Seite.",
        "page.media.film": "Film",
        "page.media.caption": "Bildunterschrift",
        "page.media.remove": "Von der Seite nehmen (die Datei bleibt im Ordner)",
        "page.media.add": "Bild hinzufügen",
        "page.qr": "QR-Code",
        "page.qr.none": "Kein QR-Code",
        "page.qr.contact": "Zum Kontaktformular (aus den Einstellungen)",
        "page.qr.url": "Zu einer eigenen Adresse",
        "page.qr.address": "Eigene Adresse (beginnt mit https://)",
        "page.qr_caption": "Satz neben dem QR-Code",
        "page.delete.title": "Infoseite löschen",
    },
    "en": {
        "nav.providers": "Providers",
        "nav.pages": "Info pages",
        "nav.settings": "Settings",
        "providers.title": "Providers",
        "providers.intro": "The provider wall shows every provider at the same size and in no ranking.",
        "providers.none": "No providers yet.",
        "providers.new": "New provider",
        "providers.back": "Back to the providers",
        "provider.new.name": "Name of the new provider",
        "provider.new.create": "Create",
        "provider.new.empty": "Please give the new provider a name.",
        "provider.created": "Created. Please fill in the fields and upload the logo.",
        "provider.edit": "Edit provider",
        "provider.neutral": "Every provider appears alike on the provider wall: the same tile, the same space "
                            "for the logo, no order of importance.",
        "provider.name": "Name",
        "provider.tagline": "Tagline",
        "provider.description": "Description",
        "provider.place": "Place",
        "provider.services": "Services",
        "provider.services.hint": "At least one, ideally two to five. Empty rows are dropped; after saving a new "
                                  "empty row appears.",
        "provider.service": "Service {number}",
        "provider.logo": "Logo",
        "provider.logo.hint": "Ideally square, as PNG or JPG. The new logo applies once you save.",
        "provider.website": "Web address (starts with https://)",
        "provider.delete.title": "Delete provider",
        "provider.delete.linked": "This provider is still named in {count} story/stories and so cannot be "
                                  "deleted:",
        "provider.delete.unlink": "First remove the provider from these stories under “Providers”. Then you "
                                  "can delete it.",
        "pages.title": "Info pages",
        "pages.intro": "Info pages explain the Workbench, the funding programme or how to meet a provider.",
        "pages.none": "No info pages yet.",
        "pages.new": "New info page",
        "pages.back": "Back to the info pages",
        "page.new.title": "Title of the new info page",
        "page.new.create": "Create",
        "page.new.empty": "Please give the new info page a title.",
        "page.created": "Created. Please write the text of the page.",
        "page.edit": "Edit info page",
        "page.title": "Title",
        "page.body": "Text",
        "page.body.hint": "Separate paragraphs by an empty line.",
        "page.media": "Pictures",
        "page.media.none": "No pictures on this page yet.",
        "page.media.existing": "A picture already in the page's folder",
        "page.media.upload": "Or upload a new picture; it appears on the page once you save.",
        "page.media.film": "Film",
        "page.media.caption": "Caption",
        "page.media.remove": "Take off the page (the file stays in the folder)",
        "page.media.add": "Add a picture",
        "page.qr": "QR code",
        "page.qr.none": "No QR code",
        "page.qr.contact": "To the contact form (from the settings)",
        "page.qr.url": "To an address of its own",
        "page.qr.address": "Own address (starts with https://)",
        "page.qr_caption": "Sentence beside the QR code",
        "page.delete.title": "Delete info page",
    },
}


def _register() -> None:
    """Add the forms' texts to the studio's table, refusing a key defined twice."""
    for lang, entries in FORM_TEXTS.items():
        table = TEXTS.setdefault(lang, {})
        for key, value in entries.items():
            if table.get(key, value) != value:
                raise KeyError(f"the interface text {key!r} ({lang}) is defined twice; keep one")
            table[key] = value


_register()
