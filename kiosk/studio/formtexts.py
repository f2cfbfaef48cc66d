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
        "settings.title": "Einstellungen",
        "settings.intro": "Diese Angaben gelten für die ganze Ausstellung (Datei kiosk.yaml).",
        "settings.general": "Die Ausstellung",
        "settings.kiosk_title": "Titel der Ausstellung",
        "settings.languages": "Sprachen",
        "settings.main_language": "Hauptsprache",
        "settings.languages.none": "Die Ausstellung braucht mindestens eine Sprache; die Sprachen bleiben, wie "
                                   "sie waren.",
        "settings.main_language.hint": "Fehlt eine Übersetzung, zeigt der Kiosk den Text in der Hauptsprache.",
        "settings.idle_timeout": "Ruhezeit in Sekunden",
        "settings.idle_timeout.hint": "Nach so vielen Sekunden ohne Berührung beginnt der Ruhemodus, und der Kiosk "
                                      "vergisst, was der letzte Besucher angesehen hat, z. B. 90.",
        "settings.contact_url": "Adresse des Kontaktformulars",
        "settings.contact_url.hint": "Aus dieser Adresse macht der Kiosk die QR-Codes; sie beginnt mit https://. "
                                     "Nur diese Felder in geschweiften Klammern füllt der Kiosk selbst aus:",
        "settings.placeholder.story": "die Kennung der Geschichte, von der aus gescannt wird",
        "settings.placeholder.provider": "die Kennung des Anbieters",
        "settings.placeholder.page": "die Kennung der Infoseite",
        "settings.placeholder.lang": "die gerade gewählte Sprache, z. B. de",
        "settings.placeholder.source": "woher der Besucher kommt, z. B. kiosk",
        "settings.goals": "Ziele",
        "settings.goals.intro": "Nach diesen Zielen filtern Besucher die Geschichten.",
        "settings.goals.new": "Neues Ziel",
        "settings.goals.remove": "Ziel entfernen",
        "settings.goals.unlink": "Wählen Sie in diesen Geschichten zuerst ein anderes Ziel. Danach können Sie "
                                 "dieses entfernen.",
        "settings.industries": "Branchen",
        "settings.industries.intro": "Nach diesen Branchen filtern Besucher die Geschichten; jede Geschichte "
                                     "nennt die Branche ihres Betriebs.",
        "settings.industries.new": "Neue Branche",
        "settings.industries.remove": "Branche entfernen",
        "settings.industries.unlink": "Wählen Sie in diesen Geschichten zuerst eine andere Branche. Danach "
                                      "können Sie diese entfernen.",
        "settings.entry_id": "Kennung",
        "settings.label": "Name",
        "settings.new.hint": "Die Kennung entsteht beim Speichern aus dem Namen.",
        "settings.remove": "Entfernen",
        "settings.remove.confirm": "Ja, entfernen",
        "settings.remove.used": "Dieser Eintrag wird noch von {count} Geschichte(n) genutzt und kann deshalb "
                                "nicht entfernt werden:",
        "settings.attract": "Ruhemodus",
        "settings.attract.intro": "Das zeigt der Bildschirm, solange niemand ihn berührt, in dieser Reihenfolge. "
                                  "Ändern Sie die Reihenfolge mit den Pfeilen oder durch Ziehen.",
        "settings.attract.none": "Der Ruhemodus hat keine eigene Liste: Der Kiosk zeigt von jeder Geschichte das "
                                 "erste Bild oder Video.",
        "settings.attract.story": "Geschichte",
        "settings.attract.image": "Bild",
        "settings.attract.video": "Film",
        "settings.attract.duration": "Dauer in Sekunden",
        "settings.attract.duration.video": "so lang wie der Film",
        "settings.attract.up": "Nach oben",
        "settings.attract.down": "Nach unten",
        "settings.attract.remove": "Herausnehmen",
        "settings.attract.drag": "Zum Verschieben ziehen",
        "settings.attract.new": "Eintrag hinzufügen",
        "settings.attract.new.kind": "Art",
        "settings.attract.files": "Bilder und Filme für den Ruhemodus liegen im Ordner attract/ des Inhaltsordners.",
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
        "settings.title": "Settings",
        "settings.intro": "These apply to the whole exhibition (the file kiosk.yaml).",
        "settings.general": "The exhibition",
        "settings.kiosk_title": "Title of the exhibition",
        "settings.languages": "Languages",
        "settings.main_language": "Main language",
        "settings.languages.none": "The exhibition needs at least one language; the languages stay as they were.",
        "settings.main_language.hint": "Where a translation is missing, the kiosk shows the main language's text.",
        "settings.idle_timeout": "Idle time in seconds",
        "settings.idle_timeout.hint": "After this many seconds without a touch the attract loop begins and the "
                                      "kiosk forgets what the last visitor looked at, e.g. 90.",
        "settings.contact_url": "Address of the contact form",
        "settings.contact_url.hint": "The kiosk makes its QR codes from this address; it starts with https://. "
                                     "The kiosk fills in only these fields in curly braces:",
        "settings.placeholder.story": "the id of the story the code is scanned from",
        "settings.placeholder.provider": "the id of the provider",
        "settings.placeholder.page": "the id of the info page",
        "settings.placeholder.lang": "the language chosen at the moment, e.g. de",
        "settings.placeholder.source": "where the visitor comes from, e.g. kiosk",
        "settings.goals": "Goals",
        "settings.goals.intro": "Visitors filter the stories by these goals.",
        "settings.goals.new": "New goal",
        "settings.goals.remove": "Remove goal",
        "settings.goals.unlink": "First choose another goal in these stories. Then you can remove this one.",
        "settings.industries": "Industries",
        "settings.industries.intro": "Visitors filter the stories by these industries; each story names its "
                                     "business's industry.",
        "settings.industries.new": "New industry",
        "settings.industries.remove": "Remove industry",
        "settings.industries.unlink": "First choose another industry in these stories. Then you can remove "
                                      "this one.",
        "settings.entry_id": "Id",
        "settings.label": "Name",
        "settings.new.hint": "The id is made from the name when you save.",
        "settings.remove": "Remove",
        "settings.remove.confirm": "Yes, remove",
        "settings.remove.used": "This entry is still used by {count} story/stories and so cannot be removed:",
        "settings.attract": "Attract loop",
        "settings.attract.intro": "What the screen shows while nobody touches it, in this order. Change the order "
                                  "with the arrows or by dragging.",
        "settings.attract.none": "The attract loop has no list of its own: the kiosk shows the first picture or "
                                 "film of every story.",
        "settings.attract.story": "Story",
        "settings.attract.image": "Picture",
        "settings.attract.video": "Film",
        "settings.attract.duration": "Duration in seconds",
        "settings.attract.duration.video": "as long as the film",
        "settings.attract.up": "Up",
        "settings.attract.down": "Down",
        "settings.attract.remove": "Take out",
        "settings.attract.drag": "Drag to move",
        "settings.attract.new": "Add an entry",
        "settings.attract.new.kind": "Kind",
        "settings.attract.files": "Pictures and films for the attract loop lie in the folder attract/ of the "
                                  "content folder.",
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
