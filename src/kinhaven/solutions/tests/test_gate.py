"""The gate of a return: a current BID finding it, then the latest risk assessment for the
country without a serious risk, then the latest family assessment for it with the family able;
each refusal a 409 naming what is missing. With all present the return is decided and shows on
the child's case timeline."""

import datetime as dt

import pytest
from django.utils import timezone

from kinhaven.bestinterests.tests.factories import bid_made
from kinhaven.core import time
from kinhaven.deadlines.enums import DeadlineCode
from kinhaven.deadlines.models import Deadline
from kinhaven.identification.services import identification_decide
from kinhaven.identification.tests.conftest import decision_in
from kinhaven.solutions.models import Departure
from kinhaven.solutions.tests.factories import COUNTRY, assessment_data
from kinhaven.timeline.models import CaseEvent

pytestmark = pytest.mark.django_db

RETURN = {
    "kind": "return",
    "country": COUNTRY,
    "planned_on": time.today().isoformat(),
    "reasons": "The mother is safe and able; the child wishes to go home.",
}


def _refused(response, field: str) -> str:
    assert response.status_code == 409, response.content
    body = response.json()
    assert body["code"] == "conflict"
    assert [e["field"] for e in body["errors"]] == [field]
    return str(body["message"])


def test_a_return_waits_for_the_bid_then_each_assessment(world, api, child) -> None:
    base = f"/api/v1/children/{child.public_id}/solutions"
    boss, worker = api("supervisor"), api("caseworker")
    message = _refused(boss.post(f"{base}/departures", RETURN), "bid")
    assert "best-interests determination" in message
    # A BID that finds only another decision does not open the gate.
    bid_made(child, world.caseworker, world.supervisor, purposes=["durable_solution"])
    _refused(boss.post(f"{base}/departures", RETURN), "bid")
    bid = bid_made(child, world.caseworker, world.supervisor, purposes=["return"])
    message = _refused(boss.post(f"{base}/departures", RETURN), "risk_assessment")
    assert "risk assessment" in message
    made = worker.post(f"{base}/assessments", assessment_data("risk", "serious_risk"))
    assert made.status_code == 201, made.content
    message = _refused(boss.post(f"{base}/departures", RETURN), "risk_assessment")
    assert "no child is returned to danger" in message
    # An assessment of another country does not count for this one.
    other = assessment_data("risk", "no_serious_risk", country="SYR")
    assert worker.post(f"{base}/assessments", other).status_code == 201
    _refused(boss.post(f"{base}/departures", RETURN), "risk_assessment")
    # A later assessment of the same country replaces the first.
    later = worker.post(f"{base}/assessments", assessment_data("risk", "manageable")).json()
    assert later["latest"] is True
    message = _refused(boss.post(f"{base}/departures", RETURN), "family_assessment")
    assert "family assessment" in message
    worker.post(f"{base}/assessments", assessment_data("family", "not_able"))
    message = _refused(boss.post(f"{base}/departures", RETURN), "family_assessment")
    assert "not able" in message
    family = worker.post(f"{base}/assessments", assessment_data("family", "able")).json()
    done = boss.post(f"{base}/departures", RETURN)
    assert done.status_code == 201, done.content
    body = done.json()
    assert body["bid_id"] == str(bid.public_id)
    assert body["risk_assessment_id"] == later["id"]
    assert body["family_assessment_id"] == family["id"]
    departure = Departure.objects.get()
    assert CaseEvent.objects.filter(
        case__child=child, kind="departure_decided", data__departure=str(departure.public_id)
    ).exists()
    overview = worker.get(base).json()
    assert [d["id"] for d in overview["departures"]] == [str(departure.public_id)]
    # The child is to be told of the decision.
    told = worker.get(f"/api/v1/children/{child.public_id}/information").json()
    assert str(departure.public_id) in {
        d["ref"] for d in told["untold"] if d["kind"] == "departure"
    }
    latest = [a for a in overview["assessments"] if a["latest"]]
    assert {(a["kind"], a["country"]) for a in latest} == {
        ("risk", COUNTRY),
        ("risk", "SYR"),
        ("family", COUNTRY),
    }


def test_a_relocation_needs_the_bid_only(world, api, child) -> None:
    base = f"/api/v1/children/{child.public_id}/solutions"
    move = {**RETURN, "kind": "relocation", "country": "DEU"}
    _refused(api("supervisor").post(f"{base}/departures", move), "bid")
    bid_made(child, world.caseworker, world.supervisor, purposes=["relocation"])
    done = api("supervisor").post(f"{base}/departures", move)
    assert done.status_code == 201, done.content
    assert done.json()["risk_assessment_id"] is None


def test_no_departure_is_planned_while_the_reflection_period_runs(world, api, child) -> None:
    """CETS 197 Art. 13(1): no expulsion during the recovery and reflection period."""
    base = f"/api/v1/children/{child.public_id}/solutions"
    boss = api("supervisor")
    bid_made(child, world.caseworker, world.supervisor, purposes=["relocation"])
    identification_decide(actor=world.caseworker, child=child, data=decision_in())
    period = Deadline.objects.get(case__child=child, code=DeadlineCode.REFLECTION_PERIOD)
    end = timezone.localdate(period.due_at)
    move = {**RETURN, "kind": "relocation", "country": "DEU", "planned_on": end.isoformat()}
    message = _refused(boss.post(f"{base}/departures", move), "planned_on")
    assert "reflection period" in message
    # After its date, the period runs on while the conclusive decision is pending (the default
    # rule of a country).
    after = {**move, "planned_on": (end + dt.timedelta(days=1)).isoformat()}
    _refused(boss.post(f"{base}/departures", after), "planned_on")
    assert not Departure.objects.exists()
    identification_decide(
        actor=world.supervisor,
        child=child,
        data=decision_in(stage="conclusive", outcome="ActualVictimOfTrafficking"),
    )
    _refused(boss.post(f"{base}/departures", move), "planned_on")
    done = boss.post(f"{base}/departures", after)
    assert done.status_code == 201, done.content


def test_a_caseworker_cannot_decide_a_departure(world, api, child) -> None:
    refused = api("caseworker").post(
        f"/api/v1/children/{child.public_id}/solutions/departures", RETURN
    )
    assert refused.status_code == 403
    assert "best_interests.approve" in refused.json()["message"]
