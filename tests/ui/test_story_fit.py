"""A story whose texts are as long as the validator lets staff make them still fits its screen:
at every size, in both languages, nothing spills over its neighbours."""

from __future__ import annotations

import dataclasses

import pytest

from conftest import SIZES, _kiosk_for
from sample import make_exhibition, t
from test_screens import check_layout

from kiosk.model.loader import TEXT_LIMITS
from kiosk.model.types import Cost, Figure

pytestmark = [pytest.mark.window, pytest.mark.timeout(240)]

# Business German at its most compound-heavy wraps worst: long words leave long gaps at the
# line ends. English for the other language.
TITLE = {"de": "Dachdeckermeisterbetrieb gewinnt Auszubildende über Kurzvideos",
         "en": "Building materials ordered by chat and delivered to the site"}
SLOT_TEXTS = {
    "de": ("Terminanfragen kamen per Telefon, während der Inhaber Kundengespräche führte. Rückrufbitten, "
           "Materialbestellungen und Auftragsbestätigungen landeten auf Notizzetteln; Wartungstermine "
           "gingen regelmäßig verloren.",
           "Die Auftragsbearbeitung lief über Papierformulare, Faxbestätigungen und handschriftliche "
           "Aufmaßzettel. Baustellendokumentation, Materialnachbestellungen und Abschlagsrechnungen "
           "kosteten wöchentlich zwei Arbeitstage.",
           "Fachkräftegewinnung über Stellenanzeigen in Tageszeitungen brachte kaum Bewerbungen. "
           "Ausbildungsplatzinteressenten informierten sich ausschließlich auf Videoplattformen, "
           "Ausbildungsverträge blieben unbesetzt."),
    "en": ("Our old booking system could not handle cancellations, so appointment reminders, "
           "waiting-list notifications and rescheduling requests were all handled by telephone.",
           "Customers now book, move and cancel appointments online; reminders go out automatically "
           "the day before, and the waiting list fills every cancelled slot.",
           "Receptionists gained back two afternoons a week, missed appointments fell by a third, "
           "and new customers book in the evenings when the salon is closed."),
}
COST_TEXTS = {
    "de": ("Einrichtung, Datenübernahme und Mitarbeiterschulung vor Ort",
           "Terminbuchungssoftware monatlich, Zahlungsabwicklungsgebühren",
           "Einarbeitung zwei Nachmittage, danach wöchentliche Nachbearbeitung"),
    "en": ("set-up, data transfer, interface work and on-site staff training",
           "booking software subscription plus card payment processing fees",
           "two afternoons of training, then about an hour of follow-up weekly"),
}

CAPTION = {"de": "Die Meisterin prüft die Bestellungen des Tages an der Theke, bevor die Backstube beginnt.",
           "en": "The master baker checks the day's orders at the counter before the bakery starts work."}

COMPANY = {"de": "Elektrotechnik und Gebäudeautomation Schulte-Brinkmann GmbH & Co. KG",
           "en": "Schulte-Brinkmann Electrical Engineering and Building Automation Ltd"}
INDUSTRY = {"de": "Elektrohandwerk und Gebäudetechnik", "en": "Electrical trades and building services"}
PLACE = {"de": "Dortmund-Lütgendortmund, Bezirk Lütgendortmund-Nord",
         "en": "Dortmund-Lütgendortmund, Lütgendortmund North district"}


# Four key figures as wide as the sample's widest row: a counted noun beside its number, and a
# label that needs two lines unless the row has room.
FIGURES = (Figure(1800, t("€", "€"), t("einmalig", "one-off")),
           Figure(45, t("€", "€"), t("im Monat", "a month")),
           Figure(-12, t("Prozentpunkte", "points"), t("Reste am Abend", "evening leftovers")),
           Figure(30, t("%", "%"), t("des Umsatzes vorbestellt", "of sales pre-ordered")))


def exactly(text: str, length: int) -> str:
    """Return ``text``, repeated as needed, cut to exactly ``length`` characters (no end space)."""
    cut = " ".join([text] * (length // len(text) + 2))[:length]
    return cut[:-1] + "." if cut.endswith(" ") else cut


def at_limit(key: str, texts: dict[str, str]):
    """Return a German/English text exactly as long as the validator's limit for ``key``."""
    limit = TEXT_LIMITS[key]
    return t(exactly(texts["de"], limit), exactly(texts["en"], limit))


@pytest.fixture(scope="module")
def longest_stories(tmp_path_factory):
    """The test sample with every story's title, slot texts, cost entries, captions and company
    line at their limits, and four key figures under the title."""
    exhibition = make_exhibition(tmp_path_factory.mktemp("longest"), stories=3, providers=2)
    stories = []
    for index, story in enumerate(exhibition.stories):
        # Each story puts the texts in other slots, so every slot gets each text once.
        slots = [{lang: texts[(index + n) % 3] for lang, texts in SLOT_TEXTS.items()} for n in range(3)]
        costs = [{lang: texts[n] for lang, texts in COST_TEXTS.items()} for n in range(3)]
        stories.append(dataclasses.replace(
            story, title=at_limit("story.title", TITLE), figures=FIGURES, challenge=at_limit("story.challenge", slots[0]),
            solution=at_limit("story.solution", slots[1]), benefit=at_limit("story.benefit", slots[2]),
            cost=Cost(*(at_limit("story.cost", cost) for cost in costs)),
            media=tuple(dataclasses.replace(medium, caption=at_limit("media.caption", CAPTION))
                        for medium in story.media),
            company=dataclasses.replace(story.company, name=at_limit("story.company.name", COMPANY),
                                        place=at_limit("story.company.place", PLACE), employees=1250,
                                        industry=dataclasses.replace(story.company.industry,
                                                                     label=at_limit("industry.label", INDUSTRY)))))
    return dataclasses.replace(exhibition, stories=tuple(stories))


STORY_SIZES = SIZES + ((1366, 768),)
"""The tested sizes, and the common panel whose width is not a multiple of 4."""

TEXT_SIZES = pytest.mark.parametrize("large_text", (False, True), ids=("text", "larger-text"))


def check_stories(kiosk, exhibition, size, large_text: bool, what: str) -> None:
    """Open every story of ``exhibition`` at ``size`` in every language at the text size asked
    for, and assert that every box holds its content and every figure its number."""
    kiosk.resize(size)
    kiosk.controller.large_text = large_text
    for lang in exhibition.settings.languages:
        kiosk.controller.set_lang(lang)
        for story in exhibition.stories:
            kiosk.controller.open_story(story.id)
            kiosk.settle()
            label = f"{size} {lang} {'larger text ' if large_text else ''}{story.id} {what}"
            check_layout(kiosk, label)
            check_figures(kiosk, story, label)
            company = kiosk.shell.manager.current_screen.header.children[-2].text
            assert f"{story.company.employees}\u00a0" in company, (label, "the count keeps its noun", company)


def check_figures(kiosk, story, label: str) -> None:
    """Assert that the story's figures show, each number on one line inside its cell, in one
    size for the whole row, and that a story without figures gives the row no height."""
    row = kiosk.shell.manager.current_screen.figures_row
    cells = list(reversed(row.children))
    assert len(cells) == len(story.figures), label
    if not story.figures:
        assert row.parent is None, (label, "a story without figures keeps its space")
        return
    sizes = set()
    for cell in cells:
        value, caption = cell.children[1], cell.children[0]
        assert value.texture_size[0] <= cell.width + 1, (label, "figure wider than its cell", value.text)
        assert value.texture_size[1] < value.font_size * 1.6, (label, "figure broken onto two lines", value.text)
        assert caption.texture_size[0] <= cell.width + 1, (label, caption.text)
        sizes.add(value.font_size)
    assert len(sizes) == 1, (label, "one size for the row", sizes)
    assert sizes.pop() > kiosk.shell.manager.current_screen.slots.children[0].children[1].font_size, \
        (label, "figures are larger than the slot text")


@TEXT_SIZES
@pytest.mark.parametrize("size", STORY_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_texts_at_their_limits_fit_the_story_screen(window, longest_stories, size, large_text):
    """Every box of the story screen holds its content, with the long texts in every slot."""
    kiosk = _kiosk_for(window, longest_stories)
    try:
        check_stories(kiosk, longest_stories, size, large_text, "with every text at its limit")
    finally:
        kiosk.reset()


@TEXT_SIZES
@pytest.mark.parametrize("size", STORY_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_sample_stories_fit_at_both_text_sizes(real_kiosk, real_exhibition, size, large_text):
    """Every sample story fits its screen at both text sizes, in both languages, at every size."""
    try:
        check_stories(real_kiosk, real_exhibition, size, large_text, "(sample)")
    finally:
        real_kiosk.controller.large_text = False


def drawn_texts(kiosk) -> dict:
    """Every text of the story on display with its size, type size and place in the window."""
    from kivy.uix.label import Label

    screen = kiosk.shell.manager.current_screen
    return {(type(w).__name__, w.text): (w.font_size, tuple(w.texture_size), tuple(w.to_window(*w.pos)))
            for w in screen.walk(restrict=True) if isinstance(w, Label) and w.text and w.opacity > 0}


@TEXT_SIZES
def test_the_first_frame_shows_the_story_as_it_stays(window, longest_stories, large_text):
    """A long story's steps down (smaller slot text, smaller title) are taken before its first
    frame is drawn, also when the visitor asks for larger text on the story: no frame shows
    the story at its old sizes, and the visitor never sees it shrink."""
    kiosk = _kiosk_for(window, longest_stories)
    story = longest_stories.stories[0]
    try:
        kiosk.resize((1920, 1080))
        kiosk.controller.large_text = large_text
        kiosk.controller.open_story(story.id)
        kiosk.pump(1)
        first = drawn_texts(kiosk)
        kiosk.settle()
        assert first == drawn_texts(kiosk), "the story's first frame differs from the one it settles in"
        kiosk.controller.large_text = not large_text  # the visitor taps "Schrift größer" on the story
        kiosk.pump(1)
        first = drawn_texts(kiosk)
        kiosk.settle()
        assert first == drawn_texts(kiosk), "the frame after the text size changed differs from the settled one"
    finally:
        kiosk.reset()


def test_a_story_without_figures_shows_no_row_and_keeps_its_space(kiosk, sample_exhibition):
    """The test sample's stories have no key figures: no figure row, no gap for one."""
    story = sample_exhibition.stories[0]
    assert not story.figures
    kiosk.controller.open_story(story.id)
    kiosk.settle()
    screen = kiosk.shell.manager.current_screen
    assert screen.figures_row.parent is None, "no figure row"
    title, company = screen.header.children[1], screen.header.children[0]
    assert screen.header.height == title.height + company.height + screen.header.spacing, \
        "the header is as tall as its title and company line"
