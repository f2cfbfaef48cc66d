"""The providers' forms at the HTTP level: a save changes only the edited lines, a new provider
starts valid from the template, the validator's words stand beside their field, and a provider
that stories link to is not deleted."""

from __future__ import annotations

from pathlib import Path

import pytest

from formkit import changed_lines, form_fields, problems_at, sample_studio
from kiosk.services import content_ops

FILE = "providers/nordwerk-it/provider.yaml"


@pytest.fixture
def studio(tmp_path: Path):
    """A studio on a fresh copy of the bundled sample: (folder, client)."""
    return sample_studio(tmp_path)


def _edit_form(client, provider_id: str = "nordwerk-it") -> dict:
    page = client.get(f"/anbieter/{provider_id}")
    assert page.status_code == 200
    return form_fields(page.get_data(as_text=True), "provider-form")


def test_the_list_shows_every_provider_by_id(studio) -> None:
    folder, client = studio
    html = client.get("/anbieter/").get_data(as_text=True)
    ids = sorted(path.name for path in (folder / "providers").iterdir())
    assert [html.index(f'data-provider="{pid}"') for pid in ids] == sorted(
        html.index(f'data-provider="{pid}"') for pid in ids)
    assert "TerminTakt" in html


def test_the_form_shows_every_field_of_the_file(studio) -> None:
    _, client = studio
    fields = _edit_form(client)
    assert fields["name_de"] == "Nordwerk IT" and fields["name_en"] == ""
    assert fields["tagline_en"] == "Digital ordering for retail and wholesale"
    assert fields["description_de"].startswith("Nordwerk IT ist ein Team aus zwölf Leuten")
    assert fields["services_3_en"] == "Training for sales teams"
    assert fields["services_4_de"] == "" and fields["services_rows"] == "5"
    assert fields["place_de"] == "Dortmund-Innenstadt"
    assert fields["website"] == "https://nordwerk-it.example"
    assert fields["logo"] == "logo.png"


def test_the_counters_know_the_on_screen_limits(studio) -> None:
    _, client = studio
    html = client.get("/anbieter/nordwerk-it").get_data(as_text=True)
    assert ('id="tagline_de" name="tagline_de" lang="de" value="Digitale Bestellwege für Handel und Großhandel" '
            'data-limit="80"') in html
    assert 'data-counter-for="tagline_de"' in html and "46 / 80" in html
    assert 'name="description_en" lang="en" data-limit="400"' in html


def test_saving_the_untouched_form_leaves_the_file_as_it_was(studio) -> None:
    folder, client = studio
    before = (folder / FILE).read_bytes()
    response = client.post("/anbieter/nordwerk-it", data=_edit_form(client), follow_redirects=True)
    assert "Gespeichert." in response.get_data(as_text=True) and "Entwurf" not in response.get_data(as_text=True)
    assert (folder / FILE).read_bytes() == before


@pytest.mark.parametrize(("field", "value", "expected"), [
    ("place_de", "Dortmund-Mitte", ["-place: Dortmund-Innenstadt", "+place: Dortmund-Mitte"]),
    ("tagline_en", "Digital orders for shops", ["-  en: Digital ordering for retail and wholesale",
                                                "+  en: Digital orders for shops"]),
    ("services_1_de", "Anbindung an Ihre Warenwirtschaft",
     ["-  - {de: Anbindung an die Warenwirtschaft, en: Links to merchandise systems}",
      "+  - {de: Anbindung an Ihre Warenwirtschaft, en: Links to merchandise systems}"]),
    ("website", "https://www.nordwerk-it.example", ["-website: https://nordwerk-it.example",
                                                   "+website: https://www.nordwerk-it.example"]),
])
def test_editing_one_field_changes_only_its_line(studio, field: str, value: str, expected: list[str]) -> None:
    folder, client = studio
    before = (folder / FILE).read_text(encoding="utf-8")
    fields = _edit_form(client)
    fields[field] = value
    response = client.post("/anbieter/nordwerk-it", data=fields)
    assert response.status_code == 302
    assert changed_lines(before, (folder / FILE).read_text(encoding="utf-8")) == expected
    assert _edit_form(client)[field] == value


def test_a_new_service_is_added_and_an_emptied_one_removed(studio) -> None:
    folder, client = studio
    fields = _edit_form(client)
    fields["services_4_de"], fields["services_4_en"] = "Kassenanbindung", "Till integration"
    fields["services_0_de"] = fields["services_0_en"] = ""
    client.post("/anbieter/nordwerk-it", data=fields)
    text = (folder / FILE).read_text(encoding="utf-8")
    assert "Bestellungen per Messenger" not in text
    services = content_ops.validate(folder, probe_media=False).exhibition
    provider = next(p for p in services.providers if p.id == "nordwerk-it")
    assert [s.get("en") for s in provider.services][-1] == "Till integration"
    assert len(provider.services) == 4


def test_a_translated_name_becomes_one_text_per_language(studio) -> None:
    folder, client = studio
    fields = _edit_form(client)
    fields["name_en"] = "Nordwerk IT Ltd"
    client.post("/anbieter/nordwerk-it", data=fields)
    text = (folder / FILE).read_text(encoding="utf-8")
    assert "name:\n  de: Nordwerk IT\n  en: Nordwerk IT Ltd\nlogo: logo.png\n" in text


def test_an_invalid_value_shows_the_validators_words_beside_its_field(studio) -> None:
    folder, client = studio
    fields = _edit_form(client)
    fields["website"] = "http://nordwerk-it.example"
    client.post("/anbieter/nordwerk-it", data=fields)
    expected = [p.message for p in content_ops.validate(folder, probe_media=False, lang="de").problems
                if p.file == FILE]
    assert len(expected) == 1 and expected[0].startswith("website muss")
    # Beside the field, the field's label stands where the validator names the key.
    expected = "Internetadresse" + expected[0].removeprefix("website")
    html = client.get("/anbieter/nordwerk-it").get_data(as_text=True)
    assert expected in problems_at(html, "website")
    assert expected not in problems_at(html, "place")
    assert "Gespeichert – als Entwurf" in html


def test_a_too_long_text_is_warned_of_beside_its_language(studio) -> None:
    folder, client = studio
    fields = _edit_form(client)
    fields["tagline_en"] = "Digital ordering " * 6
    client.post("/anbieter/nordwerk-it", data=fields)
    html = client.get("/anbieter/nordwerk-it").get_data(as_text=True)
    assert "<li class=\"warning\">" in problems_at(html, "tagline.en")
    assert "<li" not in problems_at(html, "tagline.de")
    assert 'class="counter over" data-counter-for="tagline_en"' in html


def test_an_emptied_required_text_is_named_beside_its_field(studio) -> None:
    folder, client = studio
    fields = _edit_form(client)
    fields["place_de"] = ""
    client.post("/anbieter/nordwerk-it", data=fields)
    assert "place:" not in (folder / FILE).read_text(encoding="utf-8")
    html = client.get("/anbieter/nordwerk-it").get_data(as_text=True)
    assert "place" in problems_at(html, "place") and "<li class=\"error\">" in problems_at(html, "place")
    assert "<li" not in problems_at(html, "name")


def test_undo_puts_the_previous_version_back(studio) -> None:
    folder, client = studio
    before = (folder / FILE).read_bytes()
    fields = _edit_form(client)
    fields["place_de"] = "Dortmund-Hörde"
    client.post("/anbieter/nordwerk-it", data=fields)
    assert (folder / FILE).read_bytes() != before
    assert client.post("/anbieter/nordwerk-it/rueckgaengig").status_code == 302
    assert (folder / FILE).read_bytes() == before


def test_a_new_provider_starts_from_the_template_and_the_folder_stays_valid(studio) -> None:
    folder, client = studio
    response = client.post("/anbieter/neu", data={"name": "Bäckerei-Technik Müller"})
    assert response.status_code == 302 and response.location.endswith("/anbieter/baeckerei-technik-mueller")
    created = folder / "providers" / "baeckerei-technik-mueller"
    assert (created / "logo.png").is_file()
    assert "name: Bäckerei-Technik Müller\n" in (created / "provider.yaml").read_text(encoding="utf-8")
    checked = content_ops.validate(folder)
    assert not checked.errors, checked.errors
    assert _edit_form(client, "baeckerei-technik-mueller")["name_de"] == "Bäckerei-Technik Müller"


def test_a_new_provider_needs_a_name(studio) -> None:
    folder, client = studio
    before = sorted(path.name for path in (folder / "providers").iterdir())
    response = client.post("/anbieter/neu", data={"name": "  "}, follow_redirects=True)
    assert "Bitte geben Sie dem neuen Anbieter einen Namen." in response.get_data(as_text=True)
    assert sorted(path.name for path in (folder / "providers").iterdir()) == before


def test_deleting_a_linked_provider_names_the_stories_and_is_refused(studio) -> None:
    folder, client = studio
    html = client.get("/anbieter/nordwerk-it/loeschen").get_data(as_text=True)
    assert 'data-story="baustoffe-chat-bestellung"' in html and 'data-story="blumen-messenger"' in html
    assert "Sträuße per Messenger bestellen" in html
    assert 'id="delete-confirm-button"' not in html and 'id="delete-unlink-button"' in html
    response = client.post("/anbieter/nordwerk-it/loeschen")
    assert response.status_code == 409
    assert (folder / FILE).is_file()


def test_a_linked_provider_is_taken_out_of_its_stories_and_deleted_in_one_step(studio) -> None:
    folder, client = studio
    stories = {name: (folder / "stories" / name / "story.yaml").read_text(encoding="utf-8")
               for name in ("baustoffe-chat-bestellung", "blumen-messenger", "baeckerei-vorbestellung")}
    assert client.post("/anbieter/nordwerk-it/loeschen", data={"unlink": "1"}).status_code == 302
    assert not (folder / "providers" / "nordwerk-it").exists()
    changed = {name: changed_lines(text, (folder / "stories" / name / "story.yaml").read_text(encoding="utf-8"))
               for name, text in stories.items()}
    assert changed == {"baustoffe-chat-bestellung": ["-providers: [nordwerk-it]", "+providers: []"],
                       "blumen-messenger": ["-providers: [nordwerk-it, ruhrpixel-medien]",
                                            "+providers: [ruhrpixel-medien]"],
                       "baeckerei-vorbestellung": []}
    checked = content_ops.validate(folder, probe_media=False)
    assert not checked.errors, checked.errors


def test_deleting_an_unlinked_provider_asks_then_moves_it_out(studio) -> None:
    folder, client = studio
    client.post("/anbieter/neu", data={"name": "Probe"})
    html = client.get("/anbieter/probe/loeschen").get_data(as_text=True)
    assert "Nichts verweist auf diesen Eintrag." in html and 'id="delete-confirm-button"' in html
    assert (folder / "providers" / "probe").is_dir()
    assert client.post("/anbieter/probe/loeschen").status_code == 302
    assert not (folder / "providers" / "probe").exists()


def test_a_provider_that_does_not_exist_is_not_found(studio) -> None:
    _, client = studio
    assert client.get("/anbieter/gibt-es-nicht").status_code == 404
    assert client.post("/anbieter/gibt-es-nicht/loeschen").status_code == 404


def test_the_live_check_names_the_problem_of_the_unsaved_form_beside_its_field(studio) -> None:
    folder, client = studio
    before = (folder / FILE).read_bytes()
    fields = _edit_form(client)
    fields["website"] = "http://nordwerk-it.example"
    answer = client.post("/anbieter/nordwerk-it/pruefen", data=fields).get_json()
    assert [p["severity"] for p in answer["fields"]["website"]] == ["error"]
    assert "https://" in answer["fields"]["website"][0]["message"]
    assert set(answer["fields"]) == {"website"} and answer["other"] == []
    assert (folder / FILE).read_bytes() == before
    assert client.post("/anbieter/nordwerk-it/pruefen", data=_edit_form(client)).get_json()["fields"] == {}


def test_the_list_shows_each_logo_from_the_content_folder(studio) -> None:
    folder, client = studio
    html = client.get("/anbieter/").get_data(as_text=True)
    assert 'src="/ordner/providers/termintakt/logo.png"' in html
    logo = client.get("/ordner/providers/termintakt/logo.png")
    assert logo.status_code == 200 and logo.data == (folder / "providers/termintakt/logo.png").read_bytes()


@pytest.mark.parametrize("address", ["/anbieter/..", "/anbieter/%2E%2E/loeschen", "/seiten/..", "/seiten/./loeschen",
                                     "/anbieter/..%2F..%2Fkiosk"])
def test_no_address_reaches_outside_the_item_folders(studio, address: str) -> None:
    folder, client = studio
    before = sorted(str(path) for path in folder.rglob("*"))
    assert client.get(address).status_code == 404
    assert client.post(address).status_code in (404, 405)
    assert sorted(str(path) for path in folder.rglob("*")) == before


def test_a_file_that_is_no_yaml_is_named_and_left_as_it_is(studio) -> None:
    folder, client = studio
    (folder / FILE).write_text("name: [Nordwerk\nlogo: logo.png\n", encoding="utf-8")
    before = (folder / FILE).read_bytes()
    page = client.get("/anbieter/nordwerk-it")
    assert page.status_code == 422
    assert "Die Datei providers/nordwerk-it/provider.yaml lässt sich nicht lesen" in page.get_data(as_text=True)
    assert 'id="provider-form"' not in page.get_data(as_text=True)
    client.post("/anbieter/nordwerk-it", data={"name_de": "Nordwerk", "place_de": "Dortmund"})
    assert (folder / FILE).read_bytes() == before
    assert "lässt sich nicht lesen" in client.get("/anbieter/").get_data(as_text=True)


def test_a_problem_beside_a_provider_field_names_its_label(studio) -> None:
    folder, client = studio
    fields = _edit_form(client)
    fields["tagline_en"] = "Digital ordering " * 6
    fields["website"] = "http://nordwerk.example"
    client.post("/anbieter/nordwerk-it", data=fields)
    html = client.get("/anbieter/nordwerk-it").get_data(as_text=True)
    assert "Kurzzeile (Englisch) hat 101 Zeichen" in problems_at(html, "tagline.en")
    assert "Kürzen Sie den Text.</li>" in problems_at(html, "tagline.en")
    assert "'tagline'" not in html
    # The label's bracketed hint stays at the label: the sentence names the field plainly.
    assert '<li class="error">Fehler: Internetadresse ' in problems_at(html, "website")
    assert "'website'" not in problems_at(html, "website") and "(beginnt" not in problems_at(html, "website")
