"""The durable-solution plan: drafted, its adoption refused without a BID finding the durable
solution and adopted with one; one live plan per child held by the database; steps with owners,
completed by the owner; closure with reasons; the decisions the child is to be told about."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from kinhaven.bestinterests.tests.factories import bid_made
from kinhaven.cases.models import Case
from kinhaven.core import time
from kinhaven.solutions.models import Plan
from kinhaven.solutions.tests.factories import COUNTRY, assessment_made, plan_made
from kinhaven.timeline.models import CaseEvent

pytestmark = pytest.mark.django_db

PLAN = {"solution": "local_integration", "goals": "School, a foster family, a residence permit."}


def test_a_plan_is_adopted_only_with_a_bid_finding_the_durable_solution(world, api, child) -> None:
    base = f"/api/v1/children/{child.public_id}/solutions"
    worker, boss = api("caseworker"), api("supervisor")
    no_country = worker.post(f"{base}/plans", {**PLAN, "solution": "return"})
    assert no_country.status_code == 422
    assert [e["field"] for e in no_country.json()["errors"]] == ["country"]
    made = worker.post(f"{base}/plans", PLAN)
    assert made.status_code == 201, made.content
    plan = made.json()
    assert plan["status"] == "draft"
    assert plan["country"] == ""
    second = worker.post(f"{base}/plans", PLAN)
    assert second.status_code == 409
    assert [e["field"] for e in second.json()["errors"]] == ["plan"]
    adoption = f"{base}/plans/{plan['id']}/adoption"
    assert worker.post(adoption, {}).status_code == 403
    refused = boss.post(adoption, {})
    assert refused.status_code == 409
    assert [e["field"] for e in refused.json()["errors"]] == ["bid"]
    bid = bid_made(child, world.caseworker, world.supervisor, purposes=["durable_solution"])
    adopted = boss.post(adoption, {})
    assert adopted.status_code == 200, adopted.content
    assert adopted.json()["status"] == "adopted"
    assert adopted.json()["bid_id"] == str(bid.public_id)
    assert CaseEvent.objects.filter(case__child=child, kind="solution_plan_adopted").exists()
    assert boss.post(adoption, {}).status_code == 409
    closure = f"{base}/plans/{plan['id']}/closure"
    unexplained = boss.post(closure, {"outcome": "achieved", "reasons": " "})
    assert unexplained.status_code == 422
    closed = boss.post(closure, {"outcome": "achieved", "reasons": "Settled with a family."})
    assert closed.json()["status"] == "achieved"
    # Closed, the plan leaves room for another.
    assert worker.post(f"{base}/plans", PLAN).status_code == 201
    told = worker.get(f"/api/v1/children/{child.public_id}/information").json()
    assert plan["id"] in {d["ref"] for d in told["untold"] if d["kind"] == "solution_plan"}


def test_a_return_plan_also_needs_the_returns_conditions(world, api, child) -> None:
    plan = plan_made(world.caseworker, child)
    bid_made(child, world.caseworker, world.supervisor, purposes=["durable_solution"])
    url = f"/api/v1/children/{child.public_id}/solutions/plans/{plan.public_id}/adoption"
    refused = api("supervisor").post(url, {})
    assert [e["field"] for e in refused.json()["errors"]] == ["bid"]
    bid_made(child, world.caseworker, world.supervisor, purposes=["durable_solution", "return"])
    refused = api("supervisor").post(url, {})
    assert [e["field"] for e in refused.json()["errors"]] == ["risk_assessment"]
    assessment_made(world.caseworker, child, "risk", "no_serious_risk")
    assessment_made(world.caseworker, child, "family", "able_with_support")
    assert api("supervisor").post(url, {}).status_code == 200


def test_a_third_country_plan_needs_a_bid_finding_the_relocation(world, api, child) -> None:
    plan = plan_made(world.caseworker, child, "third_country_reunification", country="DEU")
    bid_made(child, world.caseworker, world.supervisor, purposes=["durable_solution"])
    url = f"/api/v1/children/{child.public_id}/solutions/plans/{plan.public_id}/adoption"
    refused = api("supervisor").post(url, {})
    assert refused.status_code == 409
    assert "Relocation" in refused.json()["message"]
    bid_made(child, world.caseworker, world.supervisor, purposes=["durable_solution", "relocation"])
    assert api("supervisor").post(url, {}).status_code == 200


def test_one_live_plan_per_child_is_held_by_the_database(world, child) -> None:
    plan = plan_made(world.caseworker, child)
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(
            child=child,
            case=plan.case,
            solution="local_integration",
            goals="A second live plan.",
            created_by=world.caseworker,
        )
    Plan.objects.filter(pk=plan.pk).update(status="abandoned")
    Plan.objects.create(
        child=child,
        case=plan.case,
        solution="local_integration",
        goals="Now it may.",
        created_by=world.caseworker,
    )


def test_steps_have_owners_of_the_holding_agency_and_are_done_by_them(world, api, child) -> None:
    plan = plan_made(world.caseworker, child)
    base = f"/api/v1/children/{child.public_id}/solutions"
    due = (time.today() - dt.timedelta(days=1)).isoformat()
    step = {"what": "Contact the family.", "owner_id": str(world.supervisor.public_id)}
    outsider = {**step, "owner_id": str(world.caseworker2.public_id), "due_on": due}
    refused = api("caseworker").post(f"{base}/plans/{plan.public_id}/steps", outsider)
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["owner_id"]
    made = api("caseworker").post(f"{base}/plans/{plan.public_id}/steps", {**step, "due_on": due})
    assert made.status_code == 201, made.content
    assert made.json()["overdue"] is True
    assert made.json()["owner"] == "supervisor"
    done = api("supervisor").post(
        f"{base}/steps/{made.json()['id']}/completion", {"done_on": time.today().isoformat()}
    )
    assert done.status_code == 200, done.content
    assert done.json()["done_on"] == time.today().isoformat()
    assert done.json()["overdue"] is False
    again = api("caseworker").post(
        f"{base}/steps/{made.json()['id']}/completion", {"done_on": time.today().isoformat()}
    )
    assert again.status_code == 409
    (shown,) = api("caseworker").get(base).json()["plans"]
    assert [s["done_on"] for s in shown["steps"]] == [time.today().isoformat()]


def test_without_the_care_section_nothing_is_seen_or_reached(world, api, child) -> None:
    plan = plan_made(world.caseworker, child)
    frontline = world.frontline
    Case.objects.filter(child=child).update(assigned_to=frontline)
    base = f"/api/v1/children/{child.public_id}/solutions"
    client = api("frontline")
    overview = client.get(base)
    assert overview.status_code == 200
    assert overview.json() == {"assessments": [], "plans": [], "departures": []}
    assert client.post(f"{base}/plans/{plan.public_id}/adoption", {}).status_code == 404
    assert client.post(f"{base}/plans", PLAN).status_code == 403
    # Another agency's user does not see the child at all.
    assert api("caseworker2").get(base).status_code == 404


def test_bad_country_is_named(world, api, child) -> None:
    bad = api("caseworker").post(
        f"/api/v1/children/{child.public_id}/solutions/assessments",
        {
            "kind": "risk",
            "country": "ZZZ",
            "findings": "x",
            "conclusion": "no_serious_risk",
            "assessed_on": time.today().isoformat(),
        },
    )
    assert bad.status_code == 422
    assert [e["field"] for e in bad.json()["errors"]] == ["country"]
    wrong = api("caseworker").post(
        f"/api/v1/children/{child.public_id}/solutions/assessments",
        {
            "kind": "risk",
            "country": COUNTRY,
            "findings": "x",
            "conclusion": "able",
            "assessed_on": time.today().isoformat(),
        },
    )
    assert [e["field"] for e in wrong.json()["errors"]] == ["conclusion"]


def test_two_records_each_with_a_live_plan_are_not_merged(world, child) -> None:
    from kinhaven.cases.services import case_open
    from kinhaven.children.schemas import ChildIn
    from kinhaven.children.services import child_register
    from kinhaven.core.errors import ApplicationError
    from kinhaven.tracing.services.merges import child_merge

    twin = child_register(actor=world.caseworker, data=ChildIn(given_name="Amina B."))
    case_open(actor=world.caseworker, child=twin)
    plan_made(world.caseworker, child)
    plan_made(world.caseworker, twin)
    with pytest.raises(ApplicationError) as refused:
        child_merge(actor=world.supervisor, kept=child, merged=twin, reason="Same child")
    assert (refused.value.http_status, refused.value.field) == (409, "plan")
