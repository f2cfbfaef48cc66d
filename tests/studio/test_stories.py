"""The stories pages over HTTP: list, new story, the edit form round trip, problems next to
their fields (saved and live), key figures and media rows, undo, delete, and the guards."""

from __future__ import annotations

import difflib
import shutil
import re
from html import unescape
from pathlib import Path

from kiosk.model.limits import TEXT_LIMITS
from kiosk.services import content_ops
from kiosk.studio.app import create_app
from kiosk.studio.workspace import Workspace

STORY_ID = "baeckerei-vorbestellung"
STORY = f"stories/{STORY_ID}/story.yaml"
EDIT = f"/geschichten/{STORY_ID}/"


def problems_at(html: str, field: str) -> list[str]:
    """The texts shown in the element ``data-field="<field>"`` of a page."""
    match = re.search(r'<ul class="problems-at" data-field="%s"[^>]*>(.*?)</ul>' % re.escape(field), html, re.S)
    assert match, f"no problem spot for {field}"
    return [unescape(item) for item in re.findall(r"<li[^>]*>(.*?)</li>", match.group(1), re.S)]


def changed_lines(before: str, after: str) -> list[str]:
    """The lines a line diff shows as removed or added."""
    return [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:2] in ("- ", "+ ")]


def edit_form(studio, read_form, story_id: str = STORY_ID):
    """The story's edit form as the browser would submit it unchanged."""
    page = studio.get(f"/geschichten/{story_id}/")
    assert page.status_code == 200
    return read_form(page.get_data(as_text=True), "story-form")


def test_the_list_shows_every_story_with_its_title_and_cover(studio, sample: Path) -> None:
    html = studio.get("/geschichten/").get_data(as_text=True)
    for story in (sample / "stories").iterdir():
        assert f'data-story="{story.name}"' in html
    assert f'src="/ordner/stories/{STORY_ID}/cover.jpg"' in html
    assert studio.get(f"/ordner/stories/{STORY_ID}/cover.jpg").data == (sample / "stories" / STORY_ID
                                                                         / "cover.jpg").read_bytes()


def test_the_list_marks_a_story_with_errors(studio, sample: Path) -> None:
    assert "has-errors" not in studio.get("/geschichten/").get_data(as_text=True)  # the sample has no errors
    (sample / STORY).write_text((sample / STORY).read_text(encoding="utf-8").replace(
        "industry: lebensmittel", "industry: raumfahrt"), encoding="utf-8")
    html = studio.get("/geschichten/").get_data(as_text=True)
    card = html[html.index(f'data-story="{STORY_ID}"'):]
    assert re.search(r'class="card-problems has-errors" data-problems="1/\d+"', card[:card.index("</li>")])
    assert html.count("has-errors") == 1


def test_saving_the_form_unchanged_leaves_the_file_as_it_was(studio, read_form, sample: Path) -> None:
    before = (sample / STORY).read_bytes()
    response = studio.post(EDIT, data=edit_form(studio, read_form))
    assert response.status_code == 303 and response.location == f"{EDIT}#story-form"
    assert (sample / STORY).read_bytes() == before


def test_editing_the_title_changes_exactly_that_line(studio, read_form, sample: Path) -> None:
    before = (sample / STORY).read_text(encoding="utf-8")
    form = edit_form(studio, read_form)
    old_title = form["title_de"]
    form["title_de"] = "Brötchen online bestellen"
    studio.post(EDIT, data=form)
    assert changed_lines(before, (sample / STORY).read_text(encoding="utf-8")) == [
        f"-   de: {old_title}", "+   de: Brötchen online bestellen"]


def test_a_form_that_sends_only_some_fields_changes_only_those(studio, sample: Path) -> None:
    before = (sample / STORY).read_text(encoding="utf-8")
    studio.post(EDIT, data={"title_de": "Nur der Titel"})
    after = (sample / STORY).read_text(encoding="utf-8")
    assert [line for line in changed_lines(before, after) if line.startswith("+")] == ["+   de: Nur der Titel"]
    assert len(changed_lines(before, after)) == 2


def test_every_field_of_the_story_is_in_the_form(studio, read_form) -> None:
    form = edit_form(studio, read_form)
    for name in ("title_de", "title_en", "teaser_de", "teaser_en", "challenge_de", "solution_en", "benefit_de",
                 "cost_one_off_de", "cost_running_en", "cost_effort_de", "company_name", "company_industry",
                 "company_employees", "company_place", "goals", "providers", "cover", "figure_0_value",
                 "figure_0_unit_de", "figure_0_label_en", "media_0_caption_de", "media_1_order"):
        assert name in form, name
    assert form["company_industry"] == "lebensmittel"
    assert form.getlist("goals") == ["kunden-binden", "ablaeufe"]
    html = studio.get(EDIT).get_data(as_text=True)
    assert f'name="title_de" lang="de" value="{form["title_de"]}" data-limit="{TEXT_LIMITS["story.title"]}"' in html
    assert 'name="providers" value="nordwerk-it"' in html  # a choice, not a typed id


def test_a_too_long_title_shows_the_validators_message_next_to_the_title(studio, read_form, sample: Path) -> None:
    form = edit_form(studio, read_form)
    form["title_de"] = "Sehr lang " * 10
    html = studio.post(EDIT, data=form, follow_redirects=True).get_data(as_text=True)
    # In the interface's language (German), and beside the field in its words: the label, not the key.
    expected = [p.message for p in Workspace(sample).validate(lang="de").problems if p.file == STORY and p.line == 3]
    assert expected == ["'title' (de) hat 99 Zeichen; auf dem Bildschirm ist Platz für etwa 36: kürzen Sie den Text"]
    assert problems_at(html, "title.de") == [
        "Hinweis: Titel (Deutsch) hat 99 Zeichen; auf dem Bildschirm ist Platz für etwa 36. Kürzen Sie den Text."]
    assert problems_at(html, "title.en") == []
    assert 'class="field over"' in html  # the counter's warning colour, before any script runs


def test_the_live_check_places_problems_without_saving(studio, read_form, sample: Path) -> None:
    before = (sample / STORY).read_bytes()
    form = edit_form(studio, read_form)
    form["title_en"] = "x" * (TEXT_LIMITS["story.title"] + 1)
    form["company_employees"] = "viele"
    result = studio.post(f"/geschichten/{STORY_ID}/pruefen", data=form).get_json()
    assert [p["severity"] for p in result["fields"]["title.en"]] == ["warning"]
    assert result["fields"]["title.en"][0]["message"] == (
        f"Titel (Englisch) hat {TEXT_LIMITS['story.title'] + 1} Zeichen; auf dem Bildschirm ist Platz für etwa "
        f"{TEXT_LIMITS['story.title']}. Kürzen Sie den Text.")
    assert result["fields"]["company.employees"][0]["severity"] == "error"
    assert "title.de" not in result["fields"]
    assert (sample / STORY).read_bytes() == before


def test_invalid_input_is_saved_as_a_draft_and_named_at_its_field(studio, read_form, sample: Path) -> None:
    form = edit_form(studio, read_form)
    form["company_employees"] = "viele"
    html = studio.post(EDIT, data=form, follow_redirects=True).get_data(as_text=True)
    assert "employees: viele" in (sample / STORY).read_text(encoding="utf-8")  # nothing typed is lost
    assert "Entwurf" in html and 'id="story-draft"' in html
    messages = problems_at(html, "company.employees")
    assert messages == ["Fehler: Beschäftigte muss eine ganze Zahl sein, z. B. 12."]


def test_goals_and_providers_are_chosen_and_written_as_ids(studio, read_form, sample: Path) -> None:
    form = edit_form(studio, read_form)
    form.setlist("goals", ["kunden-binden", "neue-kunden"])
    form.setlist("providers", ["kassenwerk-systeme", "termintakt"])
    studio.post(EDIT, data=form)
    text = (sample / STORY).read_text(encoding="utf-8")
    assert "goals: [kunden-binden, neue-kunden]" in text
    assert "providers: [kassenwerk-systeme, termintakt]" in text


def test_key_figure_rows_are_edited_added_and_removed(studio, read_form, sample: Path) -> None:
    form = edit_form(studio, read_form)
    assert form["figure_rows"] == "4"
    for part in ("value", "unit_de", "unit_en", "label_de", "label_en"):
        form[f"figure_1_{part}"] = ""  # the second row emptied: it goes
    form["figure_0_value"] = "2,5"
    studio.post(EDIT, data=form)
    figures = Workspace(sample).load(STORY)["figures"]
    assert len(figures) == 3 and figures[0]["value"] == 2.5
    assert figures.fa.flow_style() is False  # the list keeps its block style, rows their flow style
    assert "  - {value: 2.5, unit: €, label: {de: " in (sample / STORY).read_text(encoding="utf-8")


def test_a_new_story_gets_figures_in_the_sample_style(studio, read_form, sample: Path) -> None:
    response = studio.post("/geschichten/neu", data={"title_de": "Metzgerei liefert", "title_en": ""})
    assert response.status_code == 302 and response.location.endswith("/geschichten/metzgerei-liefert/")
    form = edit_form(studio, read_form, "metzgerei-liefert")
    for name, value in {"figure_0_value": "12", "figure_0_unit_de": "%", "figure_0_label_de": "mehr Umsatz",
                 "figure_0_label_en": "more sales", "figure_1_value": "300", "figure_1_unit_de": "€",
                        "figure_1_label_de": "im Monat", "figure_1_label_en": "a month"}.items():
        form[name] = value
    studio.post("/geschichten/metzgerei-liefert/", data=form)
    text = (sample / "stories/metzgerei-liefert/story.yaml").read_text(encoding="utf-8")
    assert "figures:\n  - {value: 12, unit: '%', label: {de: mehr Umsatz, en: more sales}}\n" in text
    assert "  en: New story" not in text  # no English title was given: none is made up
    assert content_ops.validate(sample).errors == []


def test_media_captions_order_and_removal(studio, read_form, sample: Path) -> None:
    form = edit_form(studio, read_form)
    form["media_0_order"], form["media_1_order"] = "2", "1"
    form["media_1_caption_en"] = "The bakehouse at dawn"
    studio.post(EDIT, data=form)
    media = Workspace(sample).load(STORY)["media"]
    assert [("video" in m, m["caption"]["en"]) for m in media][0] == (True, "The bakehouse at dawn")
    form = edit_form(studio, read_form)
    form["media_0_remove"] = "1"
    studio.post(EDIT, data=form)
    media = Workspace(sample).load(STORY)["media"]
    assert len(media) == 1 and "image" in media[0]
    assert (sample / "stories" / STORY_ID / "film.mp4").is_file()  # the entry goes, the file stays


def test_undo_over_http_restores_the_saved_file(studio, read_form, sample: Path) -> None:
    before = (sample / STORY).read_bytes()
    form = edit_form(studio, read_form)
    form["teaser_de"] = "Kurz."
    studio.post(EDIT, data=form)
    assert (sample / STORY).read_bytes() != before
    assert 'id="undo">' in studio.get(EDIT).get_data(as_text=True)  # enabled now
    studio.post(f"/geschichten/{STORY_ID}/rueckgaengig")
    assert (sample / STORY).read_bytes() == before


def test_delete_asks_first_names_the_attract_entries_and_leaves_a_valid_folder(studio, sample: Path,
                                                                              history: Path) -> None:
    page = studio.get(f"/geschichten/{STORY_ID}/loeschen").get_data(as_text=True)
    assert 'data-kind="attract"' in page and "Ruhemodus, Eintrag 2" in page
    assert (sample / "stories" / STORY_ID).is_dir()  # asking deletes nothing
    response = studio.post(f"/geschichten/{STORY_ID}/loeschen")
    assert response.status_code == 302
    assert not (sample / "stories" / STORY_ID).exists()
    assert f"story: {STORY_ID}" not in (sample / "kiosk.yaml").read_text(encoding="utf-8")
    assert list((history).rglob("story.yaml"))  # the story is kept outside the folder
    assert content_ops.validate(sample, probe_media=False).errors == []
    assert studio.get(EDIT).status_code == 404


def test_a_story_nothing_refers_to_says_so(studio) -> None:
    page = studio.get("/geschichten/elektro-auftragsmappe/loeschen").get_data(as_text=True)
    assert 'id="referrers-none"' in page


def test_the_folder_problem_list_is_one_click_away(studio, sample: Path) -> None:
    assert 'href="/pruefung"' in studio.get(EDIT).get_data(as_text=True)
    (sample / STORY).write_text((sample / STORY).read_text(encoding="utf-8").replace(
        "industry: lebensmittel", "industry: raumfahrt"), encoding="utf-8")
    html = studio.get("/pruefung").get_data(as_text=True)
    assert "raumfahrt" in html and f'<a href="{EDIT}"><code>{STORY}</code></a>' in html  # and one click to its form


def test_a_broken_story_file_is_named_not_overwritten(studio, sample: Path) -> None:
    (sample / STORY).write_text("title: [kaputt\n", encoding="utf-8")
    response = studio.get(EDIT)
    assert response.status_code == 422 and STORY in response.get_data(as_text=True)
    assert studio.post(EDIT, data={"title_de": "x"}).status_code == 422
    assert (sample / STORY).read_text(encoding="utf-8") == "title: [kaputt\n"


def test_names_that_leave_the_folder_are_refused(studio) -> None:
    for url in ("/ordner/../kiosk.yaml", "/ordner/%2e%2e/%2e%2e/etc/passwd", "/ordner//etc/passwd",
                "/ordner/stories/..%2f..%2fetc%2fpasswd", "/geschichten/..%2f..%2f/", "/ordner/a%00b"):
        response = studio.get(url, follow_redirects=True)
        assert response.status_code in (400, 404), url
        assert b"root:" not in response.data


def test_a_foreign_host_name_is_refused(studio) -> None:
    assert studio.get("/geschichten/", headers={"Host": "attacker.example"}).status_code == 403
    assert studio.get("/geschichten/", headers={"Host": "127.0.0.1:8470"}).status_code == 200
    assert studio.get("/geschichten/", headers={"Host": "[::1]:8470"}).status_code == 200


def test_a_form_without_csrf_token_is_refused_and_changes_nothing(sample: Path, history: Path) -> None:
    client = create_app(sample, testing=True, history=history).test_client()
    before = (sample / STORY).read_bytes()
    response = client.post(EDIT, data={"title_de": "Ohne Token"})
    assert response.status_code == 400
    assert (sample / STORY).read_bytes() == before


def test_the_interface_switches_to_english(studio) -> None:
    assert "Geschichten" in studio.get("/geschichten/").get_data(as_text=True)
    studio.get("/sprache/en?next=/geschichten/")
    html = studio.get("/geschichten/").get_data(as_text=True)
    assert "New story" in html and 'lang="en"' in html
    assert studio.get("/sprache/en?next=https://evil.example/").location == "/"


def _upload(studio, item: str, kind: str, path: Path, **extra: str) -> str:
    """Upload ``path`` through the studio's upload field; return the name it was stored under."""
    with path.open("rb") as handle:
        answer = studio.post("/medien/hochladen", data={"item": item, "kind": kind, "file": (handle, path.name), **extra},
                             content_type="multipart/form-data")
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()["name"]


def test_a_new_story_gets_two_photos_and_a_film_with_subtitles_and_validates_clean(studio, read_form,
                                                                                   sample: Path) -> None:
    story = sample / "stories" / STORY_ID
    studio.post("/geschichten/neu", data={"title_de": "Schreinerei zeigt", "title_en": "Joinery shows"})
    item, edit = "stories/schreinerei-zeigt", "/geschichten/schreinerei-zeigt/"
    before_others = {p: p.read_bytes() for p in sample.rglob("*") if p.is_file() and "schreinerei" not in str(p)}
    names = []
    for number, (photo, caption) in enumerate(((story / "cover.jpg", "Die Werkstatt"),
                                               (story / "abholung.jpg", "Das Regal"))):
        form = read_form(studio.get(edit).get_data(as_text=True), "story-form")
        names.append(_upload(studio, item, "image", photo))
        form["media_new_image"] = names[-1]
        form["media_new_image_caption_de"], form["media_new_image_caption_en"] = caption, f"Photo {number}"
        studio.post(edit, data=form)
    form = read_form(studio.get(edit).get_data(as_text=True), "story-form")
    form["media_new_video"] = _upload(studio, item, "video", story / "film.mp4")
    form["media_new_video_caption_de"], form["media_new_video_caption_en"] = "Der Film", "The film"
    studio.post(edit, data=form)
    page = studio.get(edit).get_data(as_text=True)
    assert 'id="upload-media_2_subtitles_de"' in page  # the film's row offers its subtitles
    form = read_form(page, "story-form")
    form["media_2_poster"] = _upload(studio, item, "image", story / "film-poster.jpg")
    for lang in ("de", "en"):
        _upload(studio, item, "subtitles", story / f"film.{lang}.vtt", film="film.mp4", lang=lang)
    html = studio.post(edit, data=form, follow_redirects=True).get_data(as_text=True)
    text = (sample / item / "story.yaml").read_text(encoding="utf-8")
    assert names[0] != "cover.jpg"  # the template's cover stays; the upload got a name of its own
    assert f"media:\n  - image: {names[0]}\n    caption:\n      de: Die Werkstatt\n" in text
    assert f"  - image: {names[1]}\n" in text
    assert "  - video: film.mp4\n    poster: film-poster.jpg\n    caption:\n      de: Der Film\n      en: The film\n" in text
    assert sorted(p.name for p in (sample / item).glob("*.vtt")) == ["film.de.vtt", "film.en.vtt"]
    assert "Entwurf" not in html and 'id="story-draft"' not in html
    assert content_ops.validate(sample).errors == []  # media decoded, as kiosk validate does
    after_others = {p: p.read_bytes() for p in sample.rglob("*") if p.is_file() and "schreinerei" not in str(p)}
    assert after_others == before_others  # only the new story changed the folder


def test_numbers_are_read_as_german_staff_write_them(studio, read_form, sample: Path) -> None:
    form = edit_form(studio, read_form)
    form["figure_0_value"], form["figure_1_value"], form["company_employees"] = "1.800", "12,5", "1.250"
    studio.post(EDIT, data=form)
    data = Workspace(sample).load(STORY)
    assert (data["figures"][0]["value"], data["figures"][1]["value"]) == (1800, 12.5)
    assert data["company"]["employees"] == 1250


def test_a_form_left_open_across_a_restart_still_saves(sample: Path, history: Path, tmp_path: Path,
                                                       monkeypatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    before = create_app(sample, testing=True, history=history).test_client()
    page = before.get(EDIT).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    cookie = before.get_cookie("session")
    after = create_app(sample, testing=True, history=history).test_client()  # the studio restarted
    after.set_cookie("session", cookie.value)
    assert after.post(EDIT, data={"csrf_token": token, "title_de": "Nach dem Neustart"}).status_code == 303
    assert "de: Nach dem Neustart" in (sample / STORY).read_text(encoding="utf-8")
    key = tmp_path / "data" / "werkbank-kiosk" / "studio-secret.key"
    assert key.stat().st_mode & 0o777 == 0o600


def test_a_new_story_writes_ids_and_new_texts_as_the_samples_do(studio, read_form, sample: Path) -> None:
    studio.post("/geschichten/neu", data={"title_de": "Neu", "title_en": "New"})
    edit, story = "/geschichten/neu/", sample / "stories" / "neu"
    shutil.copy(sample / "stories" / STORY_ID / "abholung.jpg", story / "regal.jpg")  # as an upload leaves it
    form = read_form(studio.get(edit).get_data(as_text=True), "story-form")
    form.setlist("providers", ["termintakt"])
    form["media_new_image"], form["media_new_image_caption_de"] = "regal.jpg", "Das Regal"
    html = studio.post(edit, data=form, follow_redirects=True).get_data(as_text=True)
    text = (story / "story.yaml").read_text(encoding="utf-8")
    assert "providers: [termintakt]\n" in text  # the template's [] grows in flow style
    # Only German given: one text per language all the same, so the missing English is named.
    assert "  - image: regal.jpg\n    caption:\n      de: Das Regal\n" in text
    assert any("für Englisch" in message for message in problems_at(html, "media.0.caption.en"))  # beside the empty input


def test_the_live_check_takes_the_pages_token_in_its_header_as_the_script_sends_it(sample: Path,
                                                                                   history: Path) -> None:
    client = create_app(sample, testing=True, history=history).test_client()
    page = client.get(EDIT).get_data(as_text=True)
    token = re.search(r'<meta name="csrf-token" content="([^"]+)">', page).group(1)
    url = f"/geschichten/{STORY_ID}/pruefen"
    assert client.post(url, data={"title_de": "x"}).status_code == 400
    answer = client.post(url, data={"title_de": "x"}, headers={"X-CSRFToken": token})
    assert answer.status_code == 200 and set(answer.get_json()) == {"fields", "other"}


def test_story_cards_show_no_folder_names_and_the_form_shows_it_small_as_ordnername(studio) -> None:
    html = studio.get("/geschichten/").get_data(as_text=True)
    card = html[html.index(f'data-story="{STORY_ID}">') + len(f'data-story="{STORY_ID}">'):]
    shown = re.sub(r"<[^>]+>", " ", card[:card.index("</li>")])  # what staff read, not the link or the marker
    assert "Brötchen vorbestellen" in shown
    assert STORY_ID not in shown and "card-id" not in html
    page = studio.get(EDIT).get_data(as_text=True)
    assert f'<p class="folder-name">Ordnername: <span id="story-id">{STORY_ID}</span></p>' in page
    assert "Kennung" not in page
    # Nowhere else on the page does the folder name stand as text: only in addresses and markers.
    assert re.sub(r"<[^>]+>", " ", page).count(STORY_ID) == 1


def test_provider_and_page_cards_show_no_folder_names(studio) -> None:
    for url, marker, ident in (("/anbieter/", "data-provider", "nordwerk-it"),
                               ("/seiten/", "data-page", "foerderprogramm")):
        html = studio.get(url).get_data(as_text=True)
        card = html[html.index(f'{marker}="{ident}">') + len(f'{marker}="{ident}">'):]
        assert ident not in re.sub(r"<[^>]+>", " ", card[:card.index("</li>")])
    for url, element, ident in (("/anbieter/nordwerk-it", "provider-id", "nordwerk-it"),
                                ("/seiten/foerderprogramm", "page-id", "foerderprogramm")):
        page = studio.get(url).get_data(as_text=True)
        assert f'<p class="folder-name">Ordnername: <span id="{element}">{ident}</span></p>' in page
        assert f"<code>{ident}</code>" not in page


def test_a_new_story_is_greeted_by_its_title_not_its_folder_name(studio) -> None:
    html = studio.post("/geschichten/neu", data={"title_de": "Digitale Zeiterfassung", "title_en": ""},
                       follow_redirects=True).get_data(as_text=True)
    assert "Die Geschichte „Digitale Zeiterfassung“ ist angelegt." in html


def test_captions_are_two_line_boxes_with_their_limit_and_a_film_says_text_under_the_film(
        studio, read_form, sample: Path) -> None:
    html = studio.get(EDIT).get_data(as_text=True)
    limit = TEXT_LIMITS["media.caption"]
    for row in ("media_0", "media_1", "media_new_image", "media_new_video"):
        for lang in ("de", "en"):
            box = re.search(r'<textarea class="one-line" rows="2" id="%s_caption_%s"[^>]*>' % (row, lang), html)
            assert box and f'data-limit="{limit}"' in box.group(0), f"{row} {lang}"
            assert f'data-counter-for="{row}_caption_{lang}"' in html
    picture_row = html[html.index('id="media-0" data-kind="image"'):html.index('id="media-1"')]
    film_row = html[html.index('id="media-1" data-kind="video"'):html.index('id="media-new-image"')]
    assert "Text unter dem Film" in film_row and "Bildunterschrift" not in film_row
    assert "Bildunterschrift" in picture_row and "Text unter dem Film" not in picture_row
    # A line break pasted into the box becomes a space: the kiosk shows a caption on one line.
    form = edit_form(studio, read_form)
    form["media_0_caption_de"] = "Die Backstube\r\nim Morgengrauen"
    studio.post(EDIT, data=form)
    assert Workspace(sample).load(STORY)["media"][0]["caption"]["de"] == "Die Backstube im Morgengrauen"


def _upload_picture(studio, name: str) -> str:
    """Upload a small JPEG into the story's folder, as the upload field does; return its stored name."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (320, 180), (200, 90, 30)).save(out, "JPEG")
    answer = studio.post("/medien/hochladen", data={"item": f"stories/{STORY_ID}", "kind": "image",
                                                    "file": (io.BytesIO(out.getvalue()), name)},
                         content_type="multipart/form-data")
    assert answer.status_code == 200, answer.json
    return answer.json["name"]


def test_a_focus_clicked_on_a_fresh_cover_is_saved_with_the_form(studio, read_form, sample: Path) -> None:
    page = studio.get(EDIT).get_data(as_text=True)
    box = page[page.index('id="upload-cover"') - 600:page.index('id="upload-cover"') + 300]
    assert 'data-saved="cover.jpg"' in box and "Bildmittelpunkt gesetzt." in box
    assert '<input type="hidden" name="cover_focus" value="" data-media-focus-value>' in page
    name = _upload_picture(studio, "Neues Titelbild.jpg")
    form = edit_form(studio, read_form)
    # What the page holds after the upload and one click on the new picture, before any save.
    form["cover"], form["cover_focus"] = name, "0.25,0.75"
    studio.post(EDIT, data=form)
    story = Workspace(sample).load(STORY)
    assert story["cover"] == name and list(story["cover_focus"]) == [0.25, 0.75]
    assert "cover_focus: [0.25, 0.75]" in (sample / STORY).read_text(encoding="utf-8")
    assert not [p for p in Workspace(sample).validate(lang="de").problems if p.file == STORY and p.severity == "error"]
    # The next save without a click keeps the point; a point outside the picture is not written.
    form = edit_form(studio, read_form)
    form["cover_focus"] = "1.5,0.2"
    studio.post(EDIT, data=form)
    assert list(Workspace(sample).load(STORY)["cover_focus"]) == [0.25, 0.75]


def test_a_focus_clicked_on_a_fresh_picture_of_a_row_or_a_new_entry_is_saved_with_the_form(
        studio, read_form, sample: Path) -> None:
    media = Workspace(sample).load(STORY)["media"]
    row = next(index for index, entry in enumerate(media) if "image" in entry)
    replaced, added = _upload_picture(studio, "theke-neu.jpg"), _upload_picture(studio, "laden.jpg")
    form = edit_form(studio, read_form)
    assert f"media_{row}_image_focus" in form and "media_new_image_focus" in form
    form[f"media_{row}_image"], form[f"media_{row}_image_focus"] = replaced, "0.1,0.9"
    form["media_new_image"], form["media_new_image_focus"] = added, "0.6,0.4"
    studio.post(EDIT, data=form)
    media = Workspace(sample).load(STORY)["media"]
    assert media[row]["image"] == replaced and list(media[row]["focus"]) == [0.1, 0.9]
    assert media[-1]["image"] == added and list(media[-1]["focus"]) == [0.6, 0.4]


def test_beside_a_field_the_sentence_names_the_label_and_the_problem_list_keeps_the_key(
        studio, read_form, sample: Path) -> None:
    (sample / STORY).write_text((sample / STORY).read_text(encoding="utf-8") + "farbe: rot\n", encoding="utf-8")
    form = edit_form(studio, read_form)
    form["title_en"] = "x" * 40
    form["figure_1_label_de"] = "y" * 60
    html = studio.post(EDIT, data=form, follow_redirects=True).get_data(as_text=True)
    assert [text.split(": ", 1)[1] for text in problems_at(html, "figures.1.label.de")] == [
        f"Beschriftung 2 (Deutsch) hat 60 Zeichen; auf dem Bildschirm ist Platz für etwa "
        f"{TEXT_LIMITS['story.figure.label']}. Kürzen Sie den Text."]
    # A problem at no field stays at the top with its key, which names the line in the file.
    box = re.search(r'<ul class="problems-at" id="problems-other"[^>]*>(.*?)</ul>', html, re.S).group(1)
    top = [unescape(item) for item in re.findall(r"<li[^>]*>(.*?)</li>", box, re.S)]
    assert len(top) == 1 and "'farbe'" in top[0] and top[0].endswith(".")
    # The studio's problem list and the validator keep the key, as kiosk validate prints it.
    listing = unescape(studio.get("/pruefung").get_data(as_text=True))
    assert "'title' (en) hat 40 Zeichen" in listing and "Titel (Englisch)" not in listing

    studio.get("/sprache/en")
    result = studio.post(f"/geschichten/{STORY_ID}/pruefen", data=form).get_json()
    assert [p["message"] for p in result["fields"]["title.en"]] == [
        f"Title (English) has 40 characters; its place on screen shows about {TEXT_LIMITS['story.title']}. "
        "Shorten it."]
    form["title_de"] = ""
    result = studio.post(f"/geschichten/{STORY_ID}/pruefen", data=form).get_json()
    assert [p["message"] for p in result["fields"]["title.de"]] == [
        "Title has no German translation; the English text is shown instead."]
