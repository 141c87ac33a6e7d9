"""The gate on family tracing: the best-interests and reunification steps need a current BID
that finds reunification in the child's best interests (409 naming `bid`); with one, they go
through."""

import pytest

from kinhaven.accounts.enums import RoleCode
from kinhaven.bestinterests.tests.factories import bid_made
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.tracing.enums import StepKind
from kinhaven.tracing.models import TracingRequest
from kinhaven.tracing.tests.test_requests import REGISTERED, SOUGHT

pytestmark = pytest.mark.django_db


def test_a_reunification_step_without_a_current_bid_is_refused_then_goes_through(
    world, api
) -> None:
    supervisor2 = world.user("supervisor2", RoleCode.SUPERVISOR, world.other_agency, world.team_two)
    child = child_register(
        actor=world.caseworker2, data=ChildIn.model_validate({**REGISTERED, "tracing": "allowed"})
    )
    client = api("caseworker")
    created = client.post("/api/v1/tracing-requests", SOUGHT).json()
    match = {m["child_id"]: m for m in created["matches"]}[str(child.public_id)]
    url = f"/api/v1/tracing-requests/matches/{match['id']}"
    assert client.post(f"{url}/decision", {"decision": "confirmed"}).status_code == 200
    steps = f"{url}/steps/{{}}"
    for kind in ("verification", "child_views", "family_assessment"):
        assert client.post(steps.format(kind), {"outcome": "done"}).status_code == 200
    refused = client.post(steps.format(StepKind.BEST_INTERESTS), {"outcome": "done"})
    assert refused.status_code == 409
    body = refused.json()
    assert body["code"] == "conflict"
    assert [e["field"] for e in body["errors"]] == ["bid"]
    assert "best-interests determination" in body["message"]
    # A BID that decides for another purpose only still does not open the step.
    bid_made(child, world.caseworker2, supervisor2, purposes=["durable_solution"])
    again = client.post(steps.format(StepKind.BEST_INTERESTS), {"outcome": "done"})
    assert again.status_code == 409
    bid_made(child, world.caseworker2, supervisor2, purposes=["family_reunification"])
    for kind in ("best_interests", "reunification", "follow_up"):
        done = client.post(steps.format(kind), {"outcome": "done"})
        assert done.status_code == 200, done.content
    assert TracingRequest.objects.get().status == "reunified"
