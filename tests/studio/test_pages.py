"""The info pages' forms at the HTTP level: a save changes only the edited lines, the QR code
and pictures are chosen, the validator's words stand beside their field, and a delete asks."""

from __future__ import annotations

from pathlib import Path

import pytest

from formkit import changed_lines, form_fields, problems_at, sample_studio
from kiosk.services import content_ops

FILE = "pages/anbieter-treffen/page.yaml"


@pytest.fixture
def studio(tmp_path: Path):
    """A studio on a fresh copy of the bundled sample: (folder, client)."""
    return sample_studio(tmp_path)


def _edit_form(client, page_id: str = "anbieter-treffen") -> dict:
    page = client.get(f"/seiten/{page_id}")
    assert page.status_code == 200
    return form_fields(page.get_data(as_text=True), "page-form")


def _save(folder: Path, client, changes: dict, page_id: str = "anbieter-treffen") -> list[str]:
    """Post the page's form with ``changes``; return the lines the save changed in its file."""
    path = folder / "pages" / page_id / "page.yaml"
    before = path.read_text(encoding="utf-8")
    fields = _edit_form(client, page_id)
    fields.update(changes)
    assert client.post(f"/seiten/{page_id}", data=fields).status_code == 302
    return changed_lines(before, path.read_text(encoding="utf-8"))


def test_the_list_shows_every_page(studio) -> None:
    _, client = studio
    html = client.get("/seiten/").get_data(as_text=True)
    for page_id in ("anbieter-treffen", "foerderprogramm", "ueber-die-werkbank"):
        assert f'data-page="{page_id}"' in html
    assert "Förderprogramm Digitalisierung" in html


def test_the_form_shows_title_text_picture_and_qr(studio) -> None:
    _, client = studio
    fields = _edit_form(client)
    assert fields["title_en"] == "Meet a provider here"
    assert fields["body_de"].startswith("Sie möchten mit einem Anbieter sprechen")
    assert "\n\nWir vereinbaren für Sie ein Gespräch von 45 Minuten" in fields["body_de"]
    assert fields["media_0_image"] == "treffen.jpg"
    assert fields["media_0_caption_en"] == "One table, two cups, 45 minutes: a meeting at the Workbench"
    assert fields["qr_mode"] == ["contact"] and fields["qr_url"] == ""
    assert fields["qr_caption_de"] == "Mit dem Handy scannen: Termin mit einem Anbieter anfragen"


def test_saving_the_untouched_form_leaves_the_file_as_it_was(studio) -> None:
    folder, client = studio
    assert _save(folder, client, {}) == []


def test_editing_one_paragraph_changes_only_its_line(studio) -> None:
    folder, client = studio
    body = _edit_form(client)["body_de"].replace("von 45 Minuten", "von 60 Minuten")
    changed = _save(folder, client, {"body_de": body.replace("\n", "\r\n")})  # as a browser posts it
    assert len(changed) == 2
    assert changed[0].startswith("-    Wir vereinbaren für Sie ein Gespräch von 45 Minuten")
    assert changed[1].startswith("+    Wir vereinbaren für Sie ein Gespräch von 60 Minuten")


def test_editing_a_caption_changes_only_its_line(studio) -> None:
    folder, client = studio
    assert _save(folder, client, {"media_0_caption_de": "Ein Tisch und 45 Minuten"}) == [
        '-      de: "Ein Tisch, zwei Tassen, 45 Minuten: ein Gespräch in der Werkbank"',
        '+      de: "Ein Tisch und 45 Minuten"']


def test_the_qr_code_leads_to_an_own_address_or_nowhere(studio) -> None:
    folder, client = studio
    assert _save(folder, client, {"qr_mode": "url", "qr_url": "https://werkbank.example/treffen"}) == [
        "-qr: contact", "+qr: https://werkbank.example/treffen"]
    assert _edit_form(client)["qr_url"] == "https://werkbank.example/treffen"
    assert _save(folder, client, {"qr_mode": "none"}) == ["-qr: https://werkbank.example/treffen"]


def test_an_invalid_qr_address_shows_the_validators_words_beside_the_qr_field(studio) -> None:
    folder, client = studio
    _save(folder, client, {"qr_mode": "url", "qr_url": "http://werkbank.example/treffen"})
    expected = [p.message for p in content_ops.validate(folder, probe_media=False, lang="de").problems
                if p.file == FILE]
    assert len(expected) == 1
    html = client.get("/seiten/anbieter-treffen").get_data(as_text=True)
    assert expected[0] in problems_at(html, "qr")
    assert expected[0] not in problems_at(html, "title")


def test_a_too_long_title_is_counted_and_warned_of_beside_its_language(studio) -> None:
    folder, client = studio
    _save(folder, client, {"title_de": "Anbieter hier treffen, in Ruhe, auf neutralem Boden und ohne Verkaufsdruck"})
    html = client.get("/seiten/anbieter-treffen").get_data(as_text=True)
    assert 'class="counter over" data-counter-for="title_de"' in html
    assert '<li class="warning">' in problems_at(html, "title.de")
    assert "<li" not in problems_at(html, "title.en")


def test_a_picture_is_taken_off_the_page_and_put_back(studio) -> None:
    folder, client = studio
    _save(folder, client, {"media_0_remove": "1"})
    text = (folder / FILE).read_text(encoding="utf-8")
    assert "media:" not in text and (folder / "pages" / "anbieter-treffen" / "treffen.jpg").is_file()
    fields = _edit_form(client)
    assert fields["media_rows"] == "0"
    _save(folder, client, {"media_new_image": "treffen.jpg", "media_new_caption_de": "Ein Gespräch"})
    page = next(p for p in content_ops.validate(folder, probe_media=False).exhibition.pages
                if p.id == "anbieter-treffen")
    assert [m.path.name for m in page.media] == ["treffen.jpg"]
    assert page.media[0].caption.get("de") == "Ein Gespräch"


def test_a_new_page_starts_from_the_template_and_the_folder_stays_valid(studio) -> None:
    folder, client = studio
    response = client.post("/seiten/neu", data={"title": "Öffnungszeiten"})
    assert response.status_code == 302 and response.location.endswith("/seiten/oeffnungszeiten")
    assert "title:\n  de: Öffnungszeiten\nbody:" in (folder / "pages/oeffnungszeiten/page.yaml").read_text(
        encoding="utf-8")
    checked = content_ops.validate(folder, probe_media=False)
    assert not checked.errors, checked.errors
    assert [p.file for p in checked.warnings] == ["pages/oeffnungszeiten/page.yaml"]  # the missing translation


def test_deleting_a_page_asks_first_then_moves_it_out(studio) -> None:
    folder, client = studio
    html = client.get("/seiten/foerderprogramm/loeschen").get_data(as_text=True)
    assert "Wirklich löschen?" in html and 'id="delete-confirm-button"' in html
    assert (folder / "pages" / "foerderprogramm").is_dir()
    assert client.post("/seiten/foerderprogramm/loeschen").status_code == 302
    assert not (folder / "pages" / "foerderprogramm").exists()
    assert client.get("/seiten/foerderprogramm").status_code == 404


def test_the_live_check_warns_of_a_too_long_title_before_it_is_saved(studio) -> None:
    folder, client = studio
    before = (folder / FILE).read_bytes()
    fields = _edit_form(client)
    fields["title_en"] = "Meet a provider here, in peace, on neutral ground, without any sales pressure"
    answer = client.post("/seiten/anbieter-treffen/pruefen", data=fields).get_json()
    assert [p["severity"] for p in answer["fields"]["title.en"]] == ["warning"]
    assert "title.de" not in answer["fields"]
    assert (folder / FILE).read_bytes() == before
