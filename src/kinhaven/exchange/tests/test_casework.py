"""Messages about a case: a family assessment request and its answer, a return or transfer
arrangement (only with an adopted plan for the partner's country), a case transfer (only with
the child's consent). Each carries a case reference and never the child's name."""

from __future__ import annotations

import json
from typing import Any

import pytest

from kinhaven.bestinterests.tests.factories import bid_made
from kinhaven.cases.services import case_open
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conftest import web_client
from kinhaven.core import time
from kinhaven.exchange.enums import MessageKind
from kinhaven.exchange.models import OutboxMessage
from kinhaven.exchange.services import message_receive
from kinhaven.exchange.tests.conftest import Partner
from kinhaven.solutions.services import plan_adopt
from kinhaven.solutions.tests.factories import plan_made

pytestmark = pytest.mark.django_db

GIVEN, FAMILY = "Zahra", "Rahimi"


def _opened(partner: Partner, message: OutboxMessage) -> dict[str, Any]:
    claims = partner.read(message.token)
    assert GIVEN not in json.dumps(claims["body"])
    assert FAMILY not in json.dumps(claims["body"])
    return claims


@pytest.fixture
def case(world):
    child = child_register(
        actor=world.caseworker, data=ChildIn(given_name=GIVEN, family_name=FAMILY, sex="F")
    )
    return case_open(actor=world.caseworker, child=child)


def _base(case) -> str:
    return f"/api/v1/exchange/cases/{case.public_id}"


def test_family_assessment_request_goes_with_the_case_reference(world, api, peer, partner, case):
    body = {
        "peer_id": str(peer.public_id),
        "relationship": "mother",
        "locality": "Herat",
        "questions": "Can the mother care for the child safely? Schooling nearby?",
        "contact_phone": "+43 1 000",
    }
    sent = api("caseworker").post(f"{_base(case)}/family-assessment-request", body)
    assert sent.status_code == 201, sent.content
    message = OutboxMessage.objects.get(public_id=sent.json()["id"])
    assert message.case == case
    claims = _opened(partner, message)
    assert claims["kind"] == "family_assessment_request"
    assert claims["body"]["case_ref"] == case.reference
    assert claims["body"]["contact"]["agency"] == world.agency.name
    unknown = api("caseworker").post(
        f"{_base(case)}/family-assessment-request", {**body, "relationship": "neighbour"}
    )
    assert unknown.status_code == 422
    assert [e["field"] for e in unknown.json()["errors"]] == ["relationship"]
    # Someone who cannot see the case gets the same answer as for no case at all.
    outsider = api("caseworker2").post(f"{_base(case)}/family-assessment-request", body)
    assert outsider.status_code == 404


def test_a_received_family_assessment_request_is_answered_on_its_page(
    world, peer, partner, django_capture_on_commit_callbacks
):
    request_body = {
        "request_ref": "F-9",
        "case_ref": "AT-2026-7",
        "relationship": "father",
        "locality": "Passau",
        "questions": "Is the father able to care for the child?",
        "contact": {"agency": "Jugendamt Linz"},
    }
    claims = partner.claims("family_assessment_request", request_body, purpose="family_assessment")
    with django_capture_on_commit_callbacks(execute=True):
        received, _new = message_receive(token=partner.seal(claims))
    assert received.deadline is not None
    client = web_client(world.caseworker)
    page = client.get(f"/exchange/received/{received.public_id}/")
    assert 'id="reply-form"' in page.content.decode()
    reply = f"/exchange/received/{received.public_id}/reply/"
    empty = client.post(reply, {"recommendation": "return_recommended", "summary": " "})
    assert empty.status_code == 422
    done = client.post(
        reply,
        {"recommendation": "return_not_recommended", "summary": "Father not found at address."},
    )
    assert done.status_code == 302
    answer = OutboxMessage.objects.get(kind=MessageKind.FAMILY_ASSESSMENT_ANSWER)
    assert _opened(partner, answer)["body"] == {
        "request_ref": "F-9",
        "recommendation": "return_not_recommended",
        "summary": "Father not found at address.",
    }
    received.refresh_from_db()
    assert received.deadline.completed_at is not None


def test_an_arrangement_needs_an_adopted_plan_for_the_partners_country(
    world, api, peer, partner, case
):
    body = {
        "peer_id": str(peer.public_id),
        "kind": "transfer",
        "planned_on": (time.today().replace(year=time.today().year + 1)).isoformat(),
        "escort": "guardian",
        "receiving_service": "Jugendamt Passau",
    }
    worker = api("caseworker")
    refused = worker.post(f"{_base(case)}/return-arrangement", body)
    assert refused.status_code == 409
    assert [e["field"] for e in refused.json()["errors"]] == ["plan"]
    past = worker.post(f"{_base(case)}/return-arrangement", {**body, "planned_on": "2020-01-01"})
    assert past.status_code == 422
    assert [e["field"] for e in past.json()["errors"]] == ["planned_on"]

    child = case.child
    bid_made(child, world.caseworker, world.supervisor, purposes=["durable_solution", "relocation"])
    plan = plan_made(
        world.caseworker, child, solution="third_country_reunification", country=peer.country
    )
    plan_adopt(actor=world.supervisor, plan=plan)
    # The plan provides for a transfer, not a return.
    wrong_kind = worker.post(f"{_base(case)}/return-arrangement", {**body, "kind": "return"})
    assert wrong_kind.status_code == 409
    sent = worker.post(f"{_base(case)}/return-arrangement", body)
    assert sent.status_code == 201, sent.content
    claims = _opened(partner, OutboxMessage.objects.get(public_id=sent.json()["id"]))
    assert claims["purpose"] == "durable_solution"
    assert claims["body"]["kind"] == "transfer"


def test_a_case_transfer_needs_the_childs_consent(world, api, peer, partner, case):
    body = {
        "peer_id": str(peer.public_id),
        "reason": "The child's sister lives in Passau; the child wishes to join her.",
        "consent_recorded_on": time.today().isoformat(),
        "heard_by": "Guardian",
        "child_informed_in_language": "prs",
    }
    worker = api("caseworker")
    refused = worker.post(f"{_base(case)}/case-transfer", body)
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["consent_given"]
    bad_language = worker.post(
        f"{_base(case)}/case-transfer",
        {**body, "consent_given": True, "child_informed_in_language": "zz"},
    )
    assert bad_language.status_code == 422
    assert [e["field"] for e in bad_language.json()["errors"]] == ["child_informed_in_language"]
    sent = worker.post(f"{_base(case)}/case-transfer", {**body, "consent_given": True})
    assert sent.status_code == 201, sent.content
    claims = _opened(partner, OutboxMessage.objects.get(public_id=sent.json()["id"]))
    assert claims["legal_basis"] == "child_consent"
    assert claims["body"]["consent"]["given"] is True


def test_the_case_page_links_to_the_partner_countries_page(world, peer, case):
    client = web_client(world.caseworker)
    detail = client.get(f"/cases/{case.public_id}/")
    assert f"/exchange/cases/{case.public_id}/" in detail.content.decode()
    hub = client.get(f"/exchange/cases/{case.public_id}/")
    assert hub.status_code == 200
    for slug in ("family-assessment", "return", "transfer"):
        assert f"/exchange/cases/{case.public_id}/send/{slug}/" in hub.content.decode()
        assert client.get(f"/exchange/cases/{case.public_id}/send/{slug}/").status_code == 200
    assert client.get(f"/exchange/cases/{case.public_id}/send/other/").status_code == 404
    form = client.post(
        f"/exchange/cases/{case.public_id}/send/transfer/",
        {
            "peer_id": str(peer.public_id),
            "reason": "To join her sister.",
            "consent_recorded_on": time.today().isoformat(),
            "heard_by": "Guardian",
            "child_informed_in_language": "prs",
        },
    )
    assert form.status_code == 422
    assert "consent" in form.content.decode()
    # Those who do not trace see no link and no page.
    frontline = web_client(world.frontline)
    assert (
        f"/exchange/cases/{case.public_id}/"
        not in frontline.get(f"/cases/{case.public_id}/").content.decode()
    )
    assert frontline.get(f"/exchange/cases/{case.public_id}/").status_code in {403, 404}
