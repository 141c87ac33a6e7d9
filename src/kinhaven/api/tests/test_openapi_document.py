"""The OpenAPI document is built once a process and served the same to every caller, each with
a copy of its own."""

import json
from typing import Any

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


def _no_key_twice(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _value in pairs]
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    assert not repeated, f"keys written twice in one object: {repeated}"
    return dict(pairs)


def test_no_object_of_the_served_document_has_a_key_twice(db) -> None:
    """JSON parsers keep one of two equal keys; Swagger UI refuses the whole document."""
    served = Client().get("/api/v1/openapi.json")
    document = json.loads(served.content, object_pairs_hook=_no_key_twice)
    # An operation's own description of an answer is kept with what Ninja documents of it.
    path = "/api/v1/children/{child_id}/interviews/{interview_id}/recordings/{recording_id}"
    content = document["paths"][f"{path}/content"]["get"]["responses"]
    assert content["206"]["description"] == "The byte range asked for."
    assert "video/mp4" in content["200"]["content"]
    for operations in document["paths"].values():
        for operation in operations.values():
            assert "422" in operation["responses"]
