import datetime as dt

import pytest

from kinhaven.cases.services import case_open
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.core import time

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(world):
    child = child_register(actor=world.caseworker, data=ChildIn(given_name="Amina"))
    return case_open(actor=world.caseworker, child=child)


def test_plan_over_the_api_round_trip(world, api, case) -> None:
    base = f"/api/v1/cases/{case.public_id}/plan"
    worker, boss = api("caseworker"), api("supervisor")
    plan = worker.get(base).json()
    assert (plan["exists"], plan["goals"]) == (False, [])
    response = worker.post(f"{base}/goals", {"description": ""})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "description"
    goal = worker.post(f"{base}/goals", {"description": "School"}).json()
    due = (time.today() + dt.timedelta(days=3)).isoformat()
    response = worker.post(
        f"{base}/actions",
        {"description": "Enrol", "owner_id": str(world.teammate.public_id), "due_on": due,
         "goal_id": goal["id"]},
    )  # fmt: skip
    assert response.status_code == 201, response.content
    action = response.json()
    assert action["owner"] == "teammate"
    past = (time.today() - dt.timedelta(days=1)).isoformat()
    response = worker.put(f"{base}/review-date", {"review_on": past})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "review_on"
    response = worker.put(f"{base}/review-date", {"review_on": due})
    assert response.json()["review_on"] == due
    assert worker.post(f"{base}/submission", {}).json()["state"] == "pending"
    assert worker.post(f"{base}/decision", {"decision": "approve"}).status_code == 403
    response = boss.post(f"{base}/decision", {"decision": "send_back"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "reasons"
    response = boss.post(f"{base}/decision", {"decision": "send_back", "reasons": "More."})
    assert response.json()["state"] == "sent_back"
    worker.post(f"{base}/goals", {"description": "Health check"})
    assert worker.post(f"{base}/submission", {}).status_code == 200
    response = boss.post(f"{base}/decision", {"decision": "approve"})
    assert response.json()["state"] == "approved"
    plan = worker.get(base).json()
    assert plan["status"] == "approved"
    assert len(plan["approved"]["content"]["goals"]) == 2
    assert [s["state"] for s in plan["submissions"]] == ["approved", "sent_back"]
    response = api("teammate").post(f"{base}/actions/{action['id']}/done", {})
    assert response.status_code == 200
    assert response.json()["done_at"] is not None
    response = worker.post(
        f"{base}/reviews",
        {"held_on": time.today().isoformat(), "progress": "Going well.", "outcome": "maybe"},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "outcome"
    response = worker.post(
        f"{base}/reviews",
        {"held_on": time.today().isoformat(), "progress": "Going well.", "outcome": "continue"},
    )
    assert response.status_code == 201
    assert response.json()["held_by"] == "caseworker"


def test_another_agency_gets_404(world, api, case) -> None:
    base = f"/api/v1/cases/{case.public_id}/plan"
    outsider = api("caseworker2")
    assert outsider.get(base).status_code == 404
    assert outsider.post(f"{base}/goals", {"description": "x"}).status_code == 404
    assert outsider.post(f"{base}/submission", {}).status_code == 404
