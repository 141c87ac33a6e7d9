import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinhaven.cases.models import Case
from kinhaven.core import time

pytestmark = pytest.mark.django_db


@pytest.fixture
def child_id(world, api):
    response = api("caseworker").post("/api/v1/children", {"given_name": "Ахмед"})
    return response.json()["id"]


def test_open_case_and_move_it_through_its_statuses(world, api, child_id) -> None:
    client = api("caseworker")
    response = client.post("/api/v1/cases", {"child_id": child_id, "summary": "At the border."})
    assert response.status_code == 201, response.content
    case = response.json()
    assert case["status"] == "reported"
    assert case["allowed_transitions"] == ["assessment", "closed"]
    assert case["assigned_to"]["username"] == "caseworker"
    for status in ("assessment", "at_risk", "in_care"):
        response = client.post(f"/api/v1/cases/{case['id']}/transitions", {"to": status})
        assert response.status_code == 200, response.content
        assert response.json()["status"] == status
    response = client.post(f"/api/v1/cases/{case['id']}/transitions", {"to": "closed"})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "reason", "message": "This field is required."}]
    response = client.post(
        f"/api/v1/cases/{case['id']}/transitions", {"to": "closed", "reason": "Family reunited."}
    )
    # Closing asks a supervisor: the case stays in care until approved.
    assert response.status_code == 202
    assert response.json()["status"] == "in_care"
    response = api("supervisor").post(
        f"/api/v1/cases/{case['id']}/closures/decision", {"decision": "approve"}
    )
    assert response.status_code == 200, response.content
    assert client.get(f"/api/v1/cases/{case['id']}").json()["status"] == "closed"
    timeline = client.get(f"/api/v1/cases/{case['id']}/timeline").json()
    assert [e["kind"] for e in timeline][:3] == [
        "closure_approved",
        "status_changed",
        "closure_requested",
    ]


def test_refused_transition_answers_409_naming_the_field(world, api, child_id) -> None:
    client = api("caseworker")
    case = client.post("/api/v1/cases", {"child_id": child_id}).json()
    response = client.post(f"/api/v1/cases/{case['id']}/transitions", {"to": "in_care"})
    assert response.status_code == 409
    assert response.json()["errors"][0]["field"] == "to"


def test_patch_summary_assignee_and_missing_flag(world, api, child_id) -> None:
    client = api("caseworker")
    case = client.post("/api/v1/cases", {"child_id": child_id}).json()
    response = client.patch(
        f"/api/v1/cases/{case['id']}",
        {"summary": "Updated.", "assigned_to": str(world.teammate.public_id)},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["summary"] == "Updated."
    assert body["assigned_to"]["username"] == "teammate"
    # The missing flag follows the confirmed missing report.
    reported = client.post(
        f"/api/v1/children/{child_id}/missing",
        {
            "last_seen_at": time.now().replace(microsecond=0).isoformat(),
            "last_seen_place": "Reception centre",
            "description": "Red jacket",
            "confirm": True,
        },
    )
    assert reported.status_code == 201, reported.content
    assert client.get(f"/api/v1/cases/{case['id']}").json()["is_missing"] is True
    missing = client.get("/api/v1/cases", missing=True).json()
    assert [c["id"] for c in missing["items"]] == [case["id"]]


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ({}, 422, "child_id"),
        ({"child_id": "not-a-uuid"}, 422, "child_id"),
        ({"child_id": str(uuid.uuid4())}, 422, "child_id"),
        ({"child_id": None, "summary": 5}, 422, "summary"),
    ],
)
def test_bad_case_input_names_the_field(world, api, payload, status, field) -> None:
    response = api("caseworker").post("/api/v1/cases", payload)
    assert response.status_code == status
    assert field in {e["field"] for e in response.json()["errors"]}
    assert not Case.objects.exists()


def test_cannot_open_a_case_for_a_child_of_another_agency(world, api, child_id) -> None:
    response = api("caseworker2").post("/api/v1/cases", {"child_id": child_id})
    assert response.status_code == 422
    assert not Case.objects.exists()


@pytest.mark.parametrize("who", ["caseworker2", "analyst", "admin", "other_team_worker"])
def test_cases_out_of_scope_answer_404(world, api, child_id, who) -> None:
    case = api("caseworker").post("/api/v1/cases", {"child_id": child_id}).json()
    client = api(getattr(world, who).username)
    assert client.get(f"/api/v1/cases/{case['id']}").status_code == 404
    assert client.patch(f"/api/v1/cases/{case['id']}", {"summary": "x"}).status_code == 404
    response = client.post(f"/api/v1/cases/{case['id']}/transitions", {"to": "assessment"})
    assert response.status_code == 404
    assert client.get("/api/v1/cases").json()["count"] == 0


def test_supervisor_sees_every_case_of_the_agency(world, api, child_id) -> None:
    case = api("caseworker").post("/api/v1/cases", {"child_id": child_id}).json()
    assert api("supervisor").get(f"/api/v1/cases/{case['id']}").status_code == 200


def test_case_list_makes_a_bounded_number_of_queries(world, api) -> None:
    client = api("caseworker")

    def add(n: int) -> None:
        for i in range(n):
            child = client.post("/api/v1/children", {"given_name": f"C{i}"}).json()
            client.post("/api/v1/cases", {"child_id": child["id"]})

    add(2)
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/cases")
    add(8)
    with CaptureQueriesContext(connection) as many:
        body = client.get("/api/v1/cases").json()
    assert body["count"] == 10
    assert len(many) == len(few)


def test_search_cases_by_latin_spelling_and_reference(world, api, child_id) -> None:
    client = api("caseworker")
    case = client.post("/api/v1/cases", {"child_id": child_id}).json()
    assert client.get("/api/v1/cases", q="Akhmed").json()["count"] == 1
    assert client.get("/api/v1/cases", q="Ahmed").json()["count"] == 1
    assert client.get("/api/v1/cases", q=case["reference"]).json()["count"] == 1
    assert client.get("/api/v1/cases", q="Olena").json()["count"] == 0
