"""The settings forms (kiosk.yaml) at the HTTP level: each form changes only its own lines,
removing a goal or industry that stories use is refused with the stories named, the attract
loop's order persists, and the validator's words stand beside their field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from formkit import changed_lines, form_fields, problems_at, sample_studio
from kiosk.services import content_ops
from kiosk.studio.formfields import remove_entry, reorder
from kiosk.studio.workspace import Workspace

FORMS = {"allgemein": "settings-general", "ziele": "settings-goals", "branchen": "settings-industries",
         "ruhemodus": "settings-attract"}


@pytest.fixture
def studio(tmp_path: Path):
    """A studio on a fresh copy of the bundled sample: (folder, client)."""
    return sample_studio(tmp_path)


def _fields(client, address: str) -> dict:
    page = client.get("/einstellungen/")
    assert page.status_code == 200
    return form_fields(page.get_data(as_text=True), FORMS[address])


def _save(folder: Path, client, address: str, changes: dict) -> list[str]:
    """Post one settings form with ``changes``; return the lines the save changed in kiosk.yaml."""
    before = (folder / "kiosk.yaml").read_text(encoding="utf-8")
    fields = _fields(client, address)
    fields.update(changes)
    assert client.post(f"/einstellungen/{address}", data=fields).status_code == 302
    return changed_lines(before, (folder / "kiosk.yaml").read_text(encoding="utf-8"))


def _attract(folder: Path) -> list[str]:
    """The attract loop of the folder as the kiosk reads it: what each entry shows."""
    exhibition = content_ops.validate(folder, probe_media=False).exhibition
    assert exhibition is not None
    return [getattr(item, "story_id", None) or item.path.name for item in exhibition.attract]


@pytest.mark.parametrize("address", sorted(FORMS))
def test_saving_an_untouched_form_leaves_the_file_as_it_was(studio, address: str) -> None:
    folder, client = studio
    before = (folder / "kiosk.yaml").read_bytes()
    assert _save(folder, client, address, {}) == []
    assert (folder / "kiosk.yaml").read_bytes() == before


@pytest.mark.parametrize(("changes", "expected"), [
    ({"idle_timeout": "120"}, ["-idle_timeout: 90", "+idle_timeout: 120"]),
    ({"title_en": "Digital Workbench"},
     ["-title: {de: Digitale Werkbank Dortmund, en: Digital Workbench Dortmund}",
      "+title: {de: Digitale Werkbank Dortmund, en: Digital Workbench}"]),
    ({"main_language": "en"}, ["-languages: [de, en]", "+languages: [en, de]"]),
    ({"languages": ["de"]}, ["-languages: [de, en]", "+languages: [de]"]),
    ({"contact_url": "https://werkbank.example/kontakt?story={story}"},
     ['-contact_url: "https://werkbank.example/kontakt?story={story}&provider={provider}&page={page}&lang={lang}'
      '&source={source}"', '+contact_url: "https://werkbank.example/kontakt?story={story}"']),
])
def test_editing_one_general_setting_changes_only_its_line(studio, changes: dict, expected: list[str]) -> None:
    folder, client = studio
    assert _save(folder, client, "allgemein", changes) == expected


def test_the_contact_address_shows_which_fields_it_may_use(studio) -> None:
    _, client = studio
    html = client.get("/einstellungen/").get_data(as_text=True)
    table = html[html.index('id="placeholders"'):html.index("</table>", html.index('id="placeholders"'))]
    for name in ("story", "provider", "page", "lang", "source"):
        assert f"<code>{{{name}}}</code>" in table


@pytest.mark.parametrize(("changes", "field", "key", "label"), [
    ({"contact_url": "https://werkbank.example/kontakt?wer={name}"}, "contact_url", "contact_url",
     "Adresse des Kontaktformulars"),
    ({"contact_url": "http://werkbank.example/kontakt"}, "contact_url", "contact_url", "Adresse des Kontaktformulars"),
    ({"idle_timeout": "0"}, "idle_timeout", "'idle_timeout'", "Ruhezeit in Sekunden"),
    ({"idle_timeout": "neunzig"}, "idle_timeout", "'idle_timeout'", "Ruhezeit in Sekunden"),
])
def test_an_invalid_setting_shows_the_validators_words_beside_its_field(studio, changes: dict, field: str,
                                                                       key: str, label: str) -> None:
    folder, client = studio
    _save(folder, client, "allgemein", changes)
    expected = [p.message for p in content_ops.validate(folder, probe_media=False, lang="de").errors
                if p.file == "kiosk.yaml"]
    assert len(expected) == 1
    # Beside its field the sentence names the field's label where the validator names the key.
    assert key in expected[0]
    expected = expected[0].replace(key, label)
    html = client.get("/einstellungen/").get_data(as_text=True)
    assert expected in problems_at(html, field)
    assert expected not in problems_at(html, "title")


def test_a_goal_label_changes_only_its_line(studio) -> None:
    folder, client = studio
    assert _save(folder, client, "ziele", {"goals_1_label_en": "Keep customers"}) == [
        "-    label: {de: Kunden binden, en: Keep your customers}",
        "+    label: {de: Kunden binden, en: Keep customers}"]


def test_a_new_goal_gets_its_id_from_its_name_and_is_written_like_its_neighbours(studio) -> None:
    folder, client = studio
    changes = {"goals_new_label_de": "Kosten senken", "goals_new_label_en": "Cut costs"}
    assert _save(folder, client, "ziele", changes) == [
        "+  - id: kosten-senken", "+    label: {de: Kosten senken, en: Cut costs}"]
    assert "    label: {de: Kosten senken, en: Cut costs}\n\nindustries:" in (folder / "kiosk.yaml").read_text(
        encoding="utf-8")
    settings = content_ops.validate(folder, probe_media=False).exhibition.settings
    assert [goal.id for goal in settings.goals][-1] == "kosten-senken"


def test_a_new_industry_with_a_taken_id_gets_a_number(studio) -> None:
    folder, client = studio
    changes = {"industries_new_label_de": "Handel"}
    assert _save(folder, client, "branchen", changes)[0] == "+  - id: handel-2"


@pytest.mark.parametrize(("address", "entry", "stories"), [
    ("ziele", "kunden-binden", {"baeckerei-vorbestellung"}),
    ("branchen", "handel", {"baustoffe-chat-bestellung", "blumen-messenger"}),
])
def test_removing_a_goal_or_industry_that_stories_use_is_refused_naming_them(
        studio, address: str, entry: str, stories: set[str]) -> None:
    folder, client = studio
    before = (folder / "kiosk.yaml").read_bytes()
    html = client.get(f"/einstellungen/{address}/{entry}/entfernen").get_data(as_text=True)
    assert stories <= {part.split('"')[0] for part in html.split('data-story="')[1:]}
    assert 'id="delete-confirm-button"' not in html
    assert client.post(f"/einstellungen/{address}/{entry}/entfernen").status_code == 409
    assert (folder / "kiosk.yaml").read_bytes() == before


def test_an_unused_goal_is_removed_after_asking_and_the_file_is_as_before(studio) -> None:
    folder, client = studio
    before = (folder / "kiosk.yaml").read_bytes()
    _save(folder, client, "ziele", {"goals_new_label_de": "Kosten senken"})
    html = client.get("/einstellungen/ziele/kosten-senken/entfernen").get_data(as_text=True)
    assert "Nichts verweist auf diesen Eintrag." in html and 'id="delete-confirm-button"' in html
    assert client.post("/einstellungen/ziele/kosten-senken/entfernen").status_code == 302
    assert (folder / "kiosk.yaml").read_bytes() == before
    assert client.get("/einstellungen/ziele/kosten-senken/entfernen").status_code == 404


def test_the_attract_entries_are_chosen_not_typed(studio) -> None:
    folder, client = studio
    html = client.get("/einstellungen/").get_data(as_text=True)
    select = html[html.index('name="attract_1_value"'):html.index("</select>", html.index('name="attract_1_value"'))]
    for story in sorted(path.name for path in (folder / "stories").iterdir()):
        assert f'<option value="{story}"' in select
    assert '<option value="baeckerei-vorbestellung" selected>' in select


def test_moving_an_attract_entry_up_persists(studio) -> None:
    folder, client = studio
    before = _attract(folder)
    _save(folder, client, "ruhemodus", {"move": "2:up"})
    assert _attract(folder) == before[:1] + [before[2], before[1]] + before[3:]
    _save(folder, client, "ruhemodus", {"move": "0:down"})  # by the entry's place in the file
    assert _attract(folder)[:2] == [before[2], before[0]]


def test_a_dragged_order_persists_and_a_garbled_one_changes_nothing(studio) -> None:
    folder, client = studio
    before = _attract(folder)
    _save(folder, client, "ruhemodus", {"attract_order": "7,0,1,2,3,4,5,6"})
    assert _attract(folder) == before[-1:] + before[:-1]
    assert _save(folder, client, "ruhemodus", {"attract_order": "1,1,2,3,4,5,6,7"}) == []


def test_an_attract_entry_is_taken_out_and_a_story_added(studio) -> None:
    folder, client = studio
    before = _attract(folder)
    _save(folder, client, "ruhemodus", {"remove": "4"})
    assert _attract(folder) == before[:4] + before[5:]
    added = {"attract_new_kind": "story", "attract_new_story": "elektro-auftragsmappe", "attract_new_duration": "7"}
    assert _save(folder, client, "ruhemodus", added) == [
        "+  - story: elektro-auftragsmappe", "+    duration: 7"]
    assert _save(folder, client, "ruhemodus", {"attract_new_kind": "story", "attract_new_story": "gibt-es-nicht"}) == []


def test_an_attract_duration_changes_only_its_line(studio) -> None:
    folder, client = studio
    assert _save(folder, client, "ruhemodus", {"attract_0_duration": "7,5"}) == [
        "-    duration: 6", "+    duration: 7.5"]


def test_undo_puts_the_previous_settings_back(studio) -> None:
    folder, client = studio
    before = (folder / "kiosk.yaml").read_bytes()
    _save(folder, client, "allgemein", {"idle_timeout": "30"})
    assert client.post("/einstellungen/rueckgaengig").status_code == 302
    assert (folder / "kiosk.yaml").read_bytes() == before


def test_the_live_check_names_a_wrong_contact_field_before_it_is_saved(studio) -> None:
    folder, client = studio
    before = (folder / "kiosk.yaml").read_bytes()
    fields = _fields(client, "allgemein")
    fields["contact_url"] = "https://werkbank.example/kontakt?wer={name}"
    answer = client.post("/einstellungen/allgemein/pruefen", data=fields).get_json()
    assert [p["severity"] for p in answer["fields"]["contact_url"]] == ["error"]
    assert "name" in answer["fields"]["contact_url"][0]["message"]
    assert (folder / "kiosk.yaml").read_bytes() == before


@pytest.mark.parametrize(("page", "form_id", "action"), [
    ("/einstellungen/", "settings-general", "/einstellungen/allgemein"),
    ("/einstellungen/", "settings-goals", "/einstellungen/ziele"),
    ("/einstellungen/", "settings-industries", "/einstellungen/branchen"),
    ("/einstellungen/", "settings-attract", "/einstellungen/ruhemodus"),
    ("/anbieter/", "provider-new", "/anbieter/neu"),
    ("/anbieter/nordwerk-it", "provider-form", "/anbieter/nordwerk-it"),
    ("/seiten/", "page-new", "/seiten/neu"),
    ("/seiten/anbieter-treffen", "page-form", "/seiten/anbieter-treffen"),
])
def test_every_form_carries_its_csrf_token_and_is_refused_without(tmp_path: Path, page: str, form_id: str,
                                                                   action: str) -> None:
    _, client = sample_studio(tmp_path, csrf=True)
    fields = form_fields(client.get(page).get_data(as_text=True), form_id)
    fields.setdefault("name", "Probe")
    fields.setdefault("title", "Probe")
    assert client.post(action, data={k: v for k, v in fields.items() if k != "csrf_token"}).status_code == 400
    assert client.post(action, data=fields).status_code == 302


def test_no_language_ticked_keeps_the_languages_and_says_why(studio) -> None:
    folder, client = studio
    fields = _fields(client, "allgemein")
    fields.pop("languages")
    before = (folder / "kiosk.yaml").read_bytes()
    page = client.post("/einstellungen/allgemein", data=fields, follow_redirects=True).get_data(as_text=True)
    assert "Die Ausstellung braucht mindestens eine Sprache" in page
    assert (folder / "kiosk.yaml").read_bytes() == before


def test_the_main_language_is_kept_even_when_not_ticked(studio) -> None:
    folder, client = studio
    assert _save(folder, client, "allgemein", {"main_language": "en", "languages": ["de"]}) == [
        "-languages: [de, en]", "+languages: [en, de]"]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_form_page_has_all_its_words_in_both_interface_languages(studio, lang: str) -> None:
    _, client = studio
    client.get(f"/sprache/{lang}")
    for page in ("/einstellungen/", "/einstellungen/ziele/ablaeufe/entfernen",
                 "/einstellungen/branchen/produktion/entfernen", "/anbieter/", "/anbieter/nordwerk-it",
                 "/anbieter/nordwerk-it/loeschen",
                 "/seiten/", "/seiten/anbieter-treffen", "/seiten/anbieter-treffen/loeschen"):
        html = client.get(page).get_data(as_text=True)
        assert f'<html lang="{lang}">' in html
        missing = re.findall(r"[>\"]\s*((?:settings|providers?|pages?|nav|field)\.[a-z_.]+)\s*[<\"]", html)
        assert not [key for key in missing if key not in ("page.yaml", "provider.yaml")], (page, missing)
    assert ("Einstellungen" if lang == "de" else "Settings") in client.get("/einstellungen/").get_data(as_text=True)


def test_reordering_and_removing_attract_entries_loses_no_comment(studio) -> None:
    folder, client = studio
    path = folder / "kiosk.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  - story: blumen-messenger\n", "  # Frühling: die Blumen\n  - story: blumen-messenger\n")
    path.write_text(text.replace("attract:\n", "# Der Ruhemodus\nattract:\n") + "\n# Ende der Einstellungen\n",
                    encoding="utf-8")
    _save(folder, client, "ruhemodus", {"attract_order": "7,0,1,2,3,4,5,6"})
    _save(folder, client, "ruhemodus", {"remove": "7"})
    _save(folder, client, "ruhemodus", {"move": "0:down"})
    after = path.read_text(encoding="utf-8")
    for comment in ("# Der Ruhemodus\n", "  # Frühling: die Blumen\n", "\n\n# Ende der Einstellungen\n"):
        assert comment in after
    assert after.endswith("    duration: 8\n\n# Ende der Einstellungen\n")
    assert len(_attract(folder)) == 7


@pytest.mark.parametrize(("source", "expected"), [
    ("items:\n  - a: 1\n    # about b\n  - b: 2\n\n# Ende\nafter: 3\n",
     "items:\n  - a: 1\n    # about b\n\n# Ende\nafter: 3\n"),
    ("items:\n  - x  # ex\n  - y\n\n# Ende\nafter: 3\n", "items:\n  - x  # ex\n\n# Ende\nafter: 3\n"),
    ("items:\n  - a: 1\n  - b: 2\n\nafter: 3\n", "items:\n  - a: 1\n\nafter: 3\n"),
])
def test_removing_a_lists_last_entry_keeps_the_comments_around_it(source: str, expected: str) -> None:
    data = Workspace.load_text(source)
    remove_entry(data["items"], 1)
    assert Workspace.dump(data) == expected


@pytest.mark.parametrize(("source", "order", "expected"), [
    ("items:\n  - x\n  - y\n\nafter: 3\n", [1, 0], "items:\n  - y\n  - x\n\nafter: 3\n"),
    ("items:\n  - x  # ex\n  - y\n  - z\n\n# Ende\nafter: 3\n", [2, 0, 1],
     "items:\n  - z\n  - x  # ex\n  - y\n\n# Ende\nafter: 3\n"),
    ("items:\n  - a: 1\n    b: {c: 2}\n  - d: 3\n\nafter: 3\n", [1, 0],
     "items:\n  - d: 3\n  - a: 1\n    b: {c: 2}\n\nafter: 3\n"),
])
def test_reordering_a_list_keeps_what_follows_it_after_it(source: str, order: list[int], expected: str) -> None:
    data = Workspace.load_text(source)
    reorder(data["items"], [data["items"][index] for index in order])
    assert Workspace.dump(data) == expected


def test_a_settings_file_that_is_no_yaml_is_named_and_left_as_it_is(studio) -> None:
    folder, client = studio
    (folder / "kiosk.yaml").write_text("title: {de: Werkbank\nlanguages: [de, en]\n", encoding="utf-8")
    before = (folder / "kiosk.yaml").read_bytes()
    page = client.get("/einstellungen/")
    assert page.status_code == 422 and "Die Datei kiosk.yaml lässt sich nicht lesen" in page.get_data(as_text=True)
    for address in FORMS:
        client.post(f"/einstellungen/{address}", data={"title_de": "Werkbank", "idle_timeout": "30"})
    assert (folder / "kiosk.yaml").read_bytes() == before
    assert client.get("/anbieter/nordwerk-it").status_code == 200  # the other forms still open
