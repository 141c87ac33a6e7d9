import re

import pytest

from kinhaven.accounts.enums import ALL_SECTIONS
from kinhaven.cases.services import case_open
from kinhaven.children.forms import ChildForm
from kinhaven.children.models import Child
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conftest import web_client

pytestmark = pytest.mark.django_db


def test_register_form_creates_child_and_redirects(world) -> None:
    client = web_client(world.caseworker)
    response = client.post(
        "/children/new/",
        {
            "given_name": "Дарина",
            "family_name": "Мельник",
            "sex": "F",
            "birth_registration": "unknown",
            "date_of_birth": "2012-05",
            "nationality": "UKR",
            "languages": ["uk", "ru"],
            "aliases": "Даша\nDasha",
            "vulnerability_factors": ["migrant"],
            "document_type": "passport",
            "document_number": "AB1",
            "document_country": "UKR",
        },
    )
    child = Child.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/children/{child.public_id}/"
    assert child.languages == ["uk", "ru"]
    assert child.documents.get().number == "AB1"
    page = client.get(response["Location"])
    html = page.content.decode()
    # Each script in its own direction: the name, then its Latin form, each isolated.
    assert "<bdi>Дарина Мельник</bdi> (<bdi>Darina Mel&#x27;nik</bdi>)" in html


def test_register_form_shows_errors_per_field_and_writes_nothing(world) -> None:
    client = web_client(world.caseworker)
    response = client.post(
        "/children/new/",
        {
            "given_name": "Amina",
            "sex": "F",
            "birth_registration": "unknown",
            "date_of_birth": "2019-02-30",
            "languages": ["qq"],
        },
    )
    assert response.status_code == 422
    form = response.context["form"]
    assert set(form.errors) == {"date_of_birth", "languages"}
    assert not Child.objects.exists()


def test_search_by_latin_spelling_uses_post_and_finds_cyrillic(world) -> None:
    child_register(actor=world.caseworker, data=ChildIn(given_name="Юлия", family_name="Иванова"))
    child_register(actor=world.caseworker, data=ChildIn(given_name="Omar"))
    client = web_client(world.caseworker)
    response = client.post("/children/", {"q": "Julija Ivanova"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "Юлия Иванова" in html
    assert "Omar" not in html
    assert "<html" not in html  # only the results fragment for htmx


def test_other_agency_gets_404_on_pages(world) -> None:
    child = child_register(actor=world.caseworker, data=ChildIn(given_name="Юлия"))
    case = case_open(actor=world.caseworker, child=child)
    for user in (world.caseworker2, world.analyst):
        client = web_client(user)
        assert client.get(f"/children/{child.public_id}/").status_code == 404
        assert client.get(f"/children/{child.public_id}/edit/").status_code == 404
        assert client.get(f"/cases/{case.public_id}/").status_code == 404
        assert client.get(f"/cases/new/{child.public_id}/").status_code == 404


def test_edit_keeps_documents_the_form_cannot_show(world) -> None:
    documents = [
        {"document_type": "passport", "number": "P1", "issuing_country": "AFG"},
        {"document_type": "national_id", "number": "T2", "issuing_country": "AFG"},
    ]
    child = child_register(
        actor=world.caseworker,
        data=ChildIn.model_validate({"given_name": "Ali", "documents": documents}),
    )
    client = web_client(world.caseworker)
    response = client.post(
        f"/children/{child.public_id}/edit/",
        {"given_name": "Ali", "family_name": "Rahimi", "sex": "M", "birth_registration": "unknown"},
    )
    assert response.status_code == 302
    assert child.documents.count() == 2


def test_pages_need_login(world, client) -> None:
    for path in ("/", "/children/", "/children/new/", "/cases/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


def test_the_child_form_comes_in_sections_with_headings(world) -> None:
    html = web_client(world.caseworker).get("/children/new/").content.decode()
    headings = re.findall(r'<section class="form-section">\s*<h2>([^<]+)</h2>', html)
    assert headings == [
        "Names",
        "Birth, age and origin",
        "Family and tracing",
        "Vulnerability",
        "Identity document",
        "Location, health and legal situation",
    ]
    # Each field under its section's heading, and the page lists its sections.
    assert html.index("Identity document</h2>") < html.index('id="id_document_number"')
    assert html.index('id="id_given_name"') < html.index("Birth, age and origin</h2>")
    assert 'data-sections="On this page"' in html


def test_a_section_shows_only_the_fields_the_user_may_write_and_none_left_empty(world) -> None:
    html = web_client(world.frontline).get("/children/new/").content.decode()
    location = html.index("Location, health and legal situation</h2>")
    assert html.index('id="id_current_location"') > location
    assert 'id="id_health_notes"' not in html
    form = ChildForm(writable=frozenset(ALL_SECTIONS))
    for name in ("document_type", "document_number", "document_country"):
        del form.fields[name]
    titles = [str(title) for title, _fields in form.field_sections()]
    assert "Identity document" not in titles
    assert titles[0] == "Names"
