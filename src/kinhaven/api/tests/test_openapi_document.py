"""The OpenAPI document is built once a process and served the same to every caller, each with
a copy of its own."""

from django.test import Client
from django.utils import translation

from kinhaven.api.api import api


def test_every_caller_gets_the_same_document_and_a_change_to_one_copy_stays_there() -> None:
    first = api.get_openapi_schema()
    first["paths"].clear()
    first["components"]["schemas"]["ErrorOut"]["title"] = "Changed"
    second = api.get_openapi_schema()
    assert "/api/v1/children" in second["paths"]
    assert second["components"]["schemas"]["ErrorOut"]["title"] == "ErrorOut"
    assert second == api.get_openapi_schema()


def test_the_served_document_is_the_api_s_in_every_language(db) -> None:
    served = Client().get("/api/v1/openapi.json")
    assert served.status_code == 200
    assert set(served.json()["paths"]) == set(api.get_openapi_schema()["paths"])
    with translation.override("fr"):
        again = Client().get("/api/v1/openapi.json", headers={"accept-language": "fr"})
    assert again.status_code == 200
    assert again.json() == served.json()
