"""The solutions page: shown to those who read the care section, with the forms each may use;
forms post with and without HTMX; bad input re-renders with 422 in the API's words; the gate's
refusal shows on the page with the API's status; the child's page shows the section."""

import datetime as dt

import pytest

from kinhaven.bestinterests.tests.factories import bid_made
from kinhaven.cases.models import Case
from kinhaven.conftest import web_client
from kinhaven.core import time
from kinhaven.solutions.models import Assessment, Plan, PlanStep
from kinhaven.solutions.tests.factories import COUNTRY, assessment_data, plan_made

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def _form(prefix: str, data: dict[str, str]) -> dict[str, str]:
    return {f"{prefix}-{name}": value for name, value in data.items()}


def test_the_page_and_the_childs_page(world, child) -> None:
    plan_made(world.caseworker, child)
    web = web_client(world.caseworker)
    page = web.get(f"/children/{child.public_id}/solutions/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="live-plan"' in html
    assert 'id="assessment-form"' in html
    assert 'id="step-form"' in html
    # A caseworker does not decide: no adoption, no closure, no departure.
    assert "Adopt the plan</button>" not in html
    assert 'id="departure-form"' not in html
    boss = web_client(world.supervisor).get(f"/children/{child.public_id}/solutions/")
    assert "Adopt the plan</button>" in boss.content.decode()
    assert "Decide the return" in boss.content.decode()
    detail = web.get(f"/children/{child.public_id}/").content.decode()
    assert 'id="solutions-section"' in detail
    Case.objects.filter(child=child).update(assigned_to=world.frontline)
    assert (
        web_client(world.frontline).get(f"/children/{child.public_id}/solutions/").status_code
        == 404
    )
    other = web_client(world.frontline).get(f"/children/{child.public_id}/").content.decode()
    assert 'id="solutions-section"' not in other


def test_an_assessment_from_the_page_with_and_without_htmx(world, api, child) -> None:
    web = web_client(world.caseworker)
    url = f"/children/{child.public_id}/solutions/assessments/"
    data = assessment_data("risk", "manageable")
    bad = web.post(url, _form("assessment", {**data, "measures": ""}), headers=HTMX)
    assert bad.status_code == 422
    html = bad.content.decode()
    assert 'id="id_assessment-measures_error"' in html
    assert 'id="solutions-record"' in html
    assert "<html" not in html
    # The API gives the same words for the same bad input.
    api_bad = api("caseworker").post(
        f"/api/v1/children/{child.public_id}/solutions/assessments", {**data, "measures": ""}
    )
    (error,) = api_bad.json()["errors"]
    assert error["field"] == "measures"
    assert error["message"] in html
    done = web.post(url, _form("assessment", data), headers=HTMX)
    assert done.status_code == 200
    assert "Assessment recorded." in done.content.decode()
    plain = web.post(url, _form("assessment", assessment_data("family", "able")))
    assert plain.status_code == 302
    assert plain["Location"] == f"/children/{child.public_id}/solutions/"
    assert Assessment.objects.filter(child=child).count() == 2
    no_js = web.post(url, _form("assessment", {**data, "country": "ZZZ"}))
    assert no_js.status_code == 422
    assert "<html" in no_js.content.decode()


def test_a_plan_drafted_stepped_adopted_and_a_return_decided_from_the_page(world, child) -> None:
    web, boss = web_client(world.caseworker), web_client(world.supervisor)
    base = f"/children/{child.public_id}/solutions/"
    drafted = web.post(
        f"{base}plans/",
        _form("plan", {"solution": "return", "country": COUNTRY, "goals": "Home, safely."}),
    )
    assert drafted.status_code == 302
    plan = Plan.objects.get(child=child)
    late = (time.today() - dt.timedelta(days=3)).isoformat()
    step = _form(
        "step",
        {"what": "Trace the mother.", "owner_id": str(world.teammate.public_id), "due_on": late},
    )
    added = web.post(f"{base}plans/{plan.public_id}/steps/", step, headers=HTMX)
    assert added.status_code == 200
    html = added.content.decode()
    assert 'data-overdue="true"' in html
    assert "Overdue" in html
    refused = boss.post(f"{base}plans/{plan.public_id}/adoption/", {}, headers=HTMX)
    assert refused.status_code == 409
    assert "best-interests determination" in refused.content.decode()
    bid_made(child, world.caseworker, world.supervisor, purposes=["durable_solution", "return"])
    for kind, conclusion in (("risk", "no_serious_risk"), ("family", "able")):
        web.post(f"{base}assessments/", _form("assessment", assessment_data(kind, conclusion)))
    adopted = boss.post(f"{base}plans/{plan.public_id}/adoption/", {})
    assert adopted.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "adopted"
    owned = PlanStep.objects.get(plan=plan)
    teammate = web_client(world.teammate)
    done = teammate.post(
        f"{base}steps/{owned.public_id}/completion/",
        _form("done", {"done_on": time.today().isoformat()}),
        headers=HTMX,
    )
    assert done.status_code == 200
    owned.refresh_from_db()
    assert owned.done_by == world.teammate
    future = (time.today() + dt.timedelta(days=30)).isoformat()
    departure = _form(
        "departure",
        {"kind": "return", "country": COUNTRY, "planned_on": future, "reasons": "Safe and wished."},
    )
    assert boss.post(f"{base}departures/", departure).status_code == 302
    page = web.get(base).content.decode()
    assert 'id="departures"' in page
    closed = boss.post(
        f"{base}plans/{plan.public_id}/closure/",
        _form("closure", {"outcome": "achieved", "reasons": "Returned and settled."}),
    )
    assert closed.status_code == 302
    assert 'id="past-plans"' in web.get(base).content.decode()


def test_a_caseworker_posting_a_decision_is_refused(world, child) -> None:
    plan = plan_made(world.caseworker, child)
    web = web_client(world.caseworker)
    refused = web.post(
        f"/children/{child.public_id}/solutions/plans/{plan.public_id}/adoption/", {}
    )
    assert refused.status_code == 403
