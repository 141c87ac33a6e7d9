"""The interface's language: the browser's on a first visit, the user's choice after, right to left
for Arabic, and the public pages in more languages than the staff's."""

from __future__ import annotations

import uuid

import pytest
from django.http.response import HttpResponseBase
from django.test import Client
from django.utils import translation

from kinhaven.conftest import web_client

pytestmark = pytest.mark.django_db


def _html_tag(response: HttpResponseBase) -> str:
    text = str(response.content.decode())  # type: ignore[attr-defined]  # not streamed
    start = text.index("<html")
    return text[start : text.index(">", start) + 1]


def test_a_first_visit_speaks_the_browsers_language_among_the_staff_ones() -> None:
    client = Client()
    page = client.get("/login/", HTTP_ACCEPT_LANGUAGE="uk-UA,uk;q=0.9,en;q=0.5")
    assert _html_tag(page) == '<html lang="uk" dir="ltr">'
    assert page["Content-Language"] == "uk"
    arabic = Client().get("/login/", HTTP_ACCEPT_LANGUAGE="ar")
    assert _html_tag(arabic) == '<html lang="ar" dir="rtl">'
    # Dari is a public language only: a staff page falls back to the browser's next choice.
    dari = Client().get("/login/", HTTP_ACCEPT_LANGUAGE="fa,de;q=0.8")
    assert _html_tag(dari) == '<html lang="de" dir="ltr">'
    assert _html_tag(Client().get("/login/", HTTP_ACCEPT_LANGUAGE="fa")).startswith(
        '<html lang="en"'
    )


def test_the_public_report_page_speaks_every_public_language() -> None:
    for code, direction in (("fa", "rtl"), ("ps", "rtl"), ("ti", "ltr"), ("bn", "ltr")):
        page = Client().get("/report/", HTTP_ACCEPT_LANGUAGE=code)
        assert _html_tag(page) == f'<html lang="{code}" dir="{direction}">'
        assert f'<option value="{code}" lang="{code}" selected>' in page.content.decode()


def test_a_user_switches_and_the_choice_follows_the_account(world) -> None:
    client = web_client(world.caseworker)
    response = client.post("/language/", {"language": "ar", "next": "/cases/"})
    assert response.status_code == 302
    assert response["Location"] == "/cases/"
    world.caseworker.refresh_from_db()
    assert world.caseworker.language == "ar"
    # Another browser, another Accept-Language: the account's choice wins.
    other = web_client(world.caseworker)
    page = other.get("/", HTTP_ACCEPT_LANGUAGE="de")
    assert _html_tag(page) == '<html lang="ar" dir="rtl">'
    assert '<option value="ar" lang="ar" selected>العربية</option>' in page.content.decode()


def test_a_bad_choice_or_a_foreign_next_page_is_refused_or_ignored(world) -> None:
    client = web_client(world.caseworker)
    bad = client.post("/language/", {"language": "xx", "next": "/"})
    assert bad.status_code == 422
    assert "language" in bad.content.decode().lower()
    # A public language is not a staff language: the account keeps its choice.
    client.post("/language/", {"language": "fa", "next": "/"})
    world.caseworker.refresh_from_db()
    assert world.caseworker.language == ""
    away = client.post("/language/", {"language": "fr", "next": "https://evil.example/"})
    assert away["Location"] == "/"


def test_a_visitor_switches_the_public_page_by_cookie() -> None:
    client = Client()
    response = client.post("/language/", {"language": "ti", "public": "1", "next": "/report/"})
    assert response.status_code == 302
    page = client.get("/report/", HTTP_ACCEPT_LANGUAGE="en")
    assert _html_tag(page) == '<html lang="ti" dir="ltr">'
    # The same cookie on a staff page: Tigrinya is not a staff language.
    assert _html_tag(client.get("/login/")).startswith('<html lang="en"')


def test_api_errors_speak_the_users_language_unless_the_client_asks(api, world) -> None:
    client = api("caseworker")
    path = f"/api/v1/children/{uuid.uuid4()}"
    english = client.get(path).json()["message"]
    world.caseworker.language = "uk"
    world.caseworker.save(update_fields=["language"])
    ukrainian = client.get(path)
    assert ukrainian.status_code == 404
    with translation.override("uk"):
        assert ukrainian.json()["message"] == translation.gettext(english) != english
    asked = client.client.get(path, headers={**client.headers, "Accept-Language": "de"})
    with translation.override("de"):
        assert asked.json()["message"] == translation.gettext(english)


def test_api_errors_speak_the_requests_language(api, world) -> None:
    answer = Client().post(
        "/api/v1/auth/token",
        data={"username": "nobody", "password": "x", "otp": "000000"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert answer.status_code in (401, 422)
    assert answer.json()["message"] != "Wrong username, password or code."


def test_the_public_forms_errors_speak_the_visitors_language(world) -> None:
    client = Client()
    page = client.post("/report/", {"what_happened": ""}, HTTP_ACCEPT_LANGUAGE="ps")
    assert page.status_code == 422
    with translation.override("ps"):
        required = translation.gettext("Please answer this question.")
    assert required != "Please answer this question."
    assert required in page.content.decode()
    too_long = client.post("/report/", {"what_happened": "x" * 5_001}, HTTP_ACCEPT_LANGUAGE="ti")
    assert too_long.status_code == 422
    assert "characters" not in too_long.content.decode()
