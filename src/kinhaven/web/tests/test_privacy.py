import logging

import pytest

from kinhaven.conftest import web_client

pytestmark = pytest.mark.django_db

CANARY = "Zzcanaryqx"


def test_canary_name_appears_in_no_log_line_or_error_page(world, api, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    client = api("caseworker")
    child = client.post("/api/v1/children", {"given_name": CANARY}).json()
    # Searches, bad input and refused access all go through logging and error paths.
    client.get("/api/v1/children", q=CANARY)
    bad = client.patch(f"/api/v1/children/{child['id']}", {"given_name": CANARY, "sex": CANARY})
    assert bad.status_code == 422
    assert CANARY not in bad.content.decode()
    denied = api("caseworker2").get(f"/api/v1/children/{child['id']}")
    assert CANARY not in denied.content.decode()
    page = web_client(world.caseworker2).get(f"/children/{child['id']}/")
    assert page.status_code == 404
    assert CANARY not in page.content.decode()
    web = web_client(world.caseworker)
    web.post("/children/", {"q": CANARY})
    assert CANARY not in caplog.text


def test_request_log_lines_drop_query_strings() -> None:
    from kinhaven.core.logging import StripQueryStringFilter

    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        ("GET /x?q=Name HTTP/1.1", 200, 5),
        None,
    )
    StripQueryStringFilter().filter(record)
    assert "Name" not in record.getMessage()


def test_unknown_pages_answer_404_page(world) -> None:
    response = web_client(world.caseworker).get("/no-such-page/")
    assert response.status_code == 404


def test_oversized_form_is_refused_and_writes_nothing(world) -> None:
    from kinhaven.children.models import Child

    response = web_client(world.caseworker).post(
        "/children/new/", {"given_name": "A", "place_of_birth": "x" * (10 * 1024 * 1024)}
    )
    assert response.status_code == 413
    assert not Child.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/children?page=abc",
        "/api/v1/children?page_size=0",
        "/api/v1/cases?missing=perhaps",
        "/api/v1/children/not-a-uuid",
        "/api/v1/cases/00000000-0000-0000-0000-000000000000",
    ],
)
def test_malformed_queries_answer_4xx(world, api, path) -> None:
    response = api("caseworker").client.get(path, headers=api("caseworker").headers)
    assert 400 <= response.status_code < 500
