import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinhaven.audit.models import AuditEntry
from kinhaven.children.models import Child

pytestmark = pytest.mark.django_db

CYRILLIC = {"given_name": "Юлия", "family_name": "Коваленко", "sex": "F", "date_of_birth": "2011"}


def _create(client, data=CYRILLIC):
    response = client.post("/api/v1/children", data)
    assert response.status_code == 201, response.content
    return response.json()


def test_create_read_and_find_by_latin_spelling(world, api) -> None:
    client = api("caseworker")
    created = _create(client)
    assert created["given_name_latin"] == "Yuliya"
    assert created["date_of_birth"] == "2011"
    found = client.get("/api/v1/children", q="Yulia Kovalenko").json()
    assert [c["id"] for c in found["items"]] == [created["id"]]
    detail = client.get(f"/api/v1/children/{created['id']}")
    assert detail.status_code == 200
    assert detail.json()["family_name"] == "Коваленко"


def test_patch_changes_only_given_fields(world, api) -> None:
    client = api("caseworker")
    created = _create(client)
    response = client.patch(f"/api/v1/children/{created['id']}", {"nationality": "UKR"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["nationality"] == "UKR"
    assert body["given_name"] == "Юлия"


@pytest.mark.parametrize("who", ["caseworker2", "analyst", "admin", "other_team_worker"])
def test_other_agencies_analysts_and_admins_get_404(world, api, who) -> None:
    created = _create(api("caseworker"))
    # The child gets a case, as in daily work.
    assert api("caseworker").post("/api/v1/cases", {"child_id": created["id"]}).status_code == 201
    client = api(getattr(world, who).username)
    assert client.get(f"/api/v1/children/{created['id']}").status_code == 404
    assert client.patch(f"/api/v1/children/{created['id']}", {"sex": "M"}).status_code == 404
    assert client.get("/api/v1/children", q="Yulia").json()["count"] == 0


def test_no_token_or_bad_token_gets_401(world, api) -> None:
    created = _create(api("caseworker"))
    anonymous = api(None)
    assert anonymous.get("/api/v1/children").status_code == 401
    assert anonymous.get(f"/api/v1/children/{created['id']}").status_code == 401
    anonymous.headers = {"Authorization": "Bearer not-a-token"}
    assert anonymous.post("/api/v1/children", CYRILLIC).status_code == 401


def _fields(response) -> set[str]:
    return {e["field"] for e in response.json()["errors"]}


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"date_of_birth": "2019-02-30"}, "date_of_birth"),
        ({"nationality": "XYZ"}, "nationality"),
        ({"languages": ["zz"]}, "languages"),
        ({"sex": "unknown"}, "sex"),
        ({"given_name": 42}, "given_name"),
        ({"languages": "uk"}, "languages"),
        ({"age_estimate_years": "old"}, "age_estimate_years"),
        ({"documents": [{"number": "1"}]}, "documents.0.document_type"),
        ({"unexpected": 1}, "unexpected"),
    ],
)
def test_bad_input_answers_4xx_naming_the_field(world, api, payload, field) -> None:
    response = api("caseworker").post("/api/v1/children", payload)
    assert response.status_code == 422
    assert field in _fields(response)
    assert not Child.objects.exists()


def test_malformed_json_is_refused(world, api) -> None:
    client = api("caseworker")
    response = client.client.post(
        "/api/v1/children", "{not json", content_type="application/json", headers=client.headers
    )
    assert 400 <= response.status_code < 500
    assert not Child.objects.exists()


def test_ten_megabyte_body_is_refused_with_413(world, api) -> None:
    client = api("caseworker")
    body = json.dumps({"given_name": "A", "place_of_birth": "x" * (10 * 1024 * 1024)})
    response = client.client.post(
        "/api/v1/children", body, content_type="application/json", headers=client.headers
    )
    assert response.status_code == 413
    assert _fields(response) == {"body"}
    assert not Child.objects.exists()


def test_list_is_paginated_audited_and_makes_bounded_queries(world, api) -> None:
    client = api("caseworker")
    for i in range(3):
        _create(client, {"given_name": f"Child{i}"})
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/children", page_size=2)
    for i in range(3, 12):
        _create(client, {"given_name": f"Child{i}"})
    with CaptureQueriesContext(connection) as many:
        page = client.get("/api/v1/children", page_size=10).json()
    assert len(many) == len(few)
    assert page["count"] == 12
    assert page["pages"] == 2
    assert len(page["items"]) == 10
    entry = AuditEntry.objects.filter(action="child.list").last()
    assert entry is not None
    assert len(entry.object_ids) == 10


def test_openapi_document_is_served(world, api) -> None:
    response = api(None).client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/v1/children", "/api/v1/children/{child_id}", "/api/v1/cases"} <= set(paths)
