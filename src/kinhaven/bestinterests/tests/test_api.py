"""Best interests over the API: a BIA drafted, sent back, approved; a BID with a dissent; bad
input named; a role without the capability refused naming it."""

import datetime as dt

import pytest

from kinhaven.bestinterests.tests.factories import MEMBERS, VERSION, assessment_of
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.core import time

pytestmark = pytest.mark.django_db


def test_a_bia_sent_back_then_approved_and_a_bid_with_dissent(world, api) -> None:
    child = child_register(actor=world.caseworker, data=ChildIn(given_name="Amina"))
    assessment = assessment_of(child, world.caseworker)
    base = f"/api/v1/children/{child.public_id}/best-interests"
    worker, boss = api("caseworker"), api("supervisor")
    bad = worker.post(
        f"{base}/assessments/{assessment.public_id}/versions", {**VERSION, "heard_language": "zz9"}
    )
    assert bad.status_code == 422
    assert [e["field"] for e in bad.json()["errors"]] == ["heard_language"]
    first = worker.post(f"{base}/assessments/{assessment.public_id}/versions", VERSION)
    assert first.status_code == 201, first.content
    v1 = first.json()["id"]
    assert worker.post(f"{base}/versions/{v1}/submission", {}).json()["status"] == "submitted"
    refused = worker.post(f"{base}/versions/{v1}/decision", {"decision": "approve"})
    assert refused.status_code == 403
    assert "best_interests.approve" in refused.json()["message"]
    unexplained = boss.post(f"{base}/versions/{v1}/decision", {"decision": "send_back"})
    assert unexplained.status_code == 422
    sent = boss.post(
        f"{base}/versions/{v1}/decision",
        {"decision": "send_back", "reasons": "Hear the child without the uncle."},
    )
    assert sent.json()["status"] == "sent_back"
    second = worker.post(f"{base}/assessments/{assessment.public_id}/versions", VERSION).json()
    worker.post(f"{base}/versions/{second['id']}/submission", {})
    approved = boss.post(f"{base}/versions/{second['id']}/decision", {"decision": "approve"})
    assert approved.json()["status"] == "approved"
    overview = worker.get(base).json()
    (bia,) = overview["assessments"]
    assert bia["current_version"] == 2
    assert [v["status"] for v in bia["versions"]] == ["sent_back", "approved"]
    assert bia["versions"][0]["sent_back_reasons"] == "Hear the child without the uncle."
    assert len(overview["disciplines"]) >= 3
    today = time.today()
    bid = {
        "purposes": ["family_reunification"],
        "options": "Reunification; foster care.",
        "factors": "Safety; the child's wish.",
        "decision": "Reunification with the mother.",
        "reasons": "The mother is safe and able.",
        "child_views": "Wants to live with the mother.",
        "heard_how": "with_interpreter",
        "heard_language": "ar",
        "heard_with": "Guardian, interpreter",
        "guardian_present": False,
        "decided_on": today.isoformat(),
        "review_on": (today + dt.timedelta(days=60)).isoformat(),
        "members": MEMBERS,
    }
    no_guardian = boss.post(f"{base}/determinations", bid)
    assert no_guardian.status_code == 422
    assert [e["field"] for e in no_guardian.json()["errors"]] == ["guardian_written_view"]
    silent = [*MEMBERS[:2], {**MEMBERS[2], "reasons": ""}]
    dissent = boss.post(
        f"{base}/determinations", {**bid, "guardian_present": True, "members": silent}
    )
    assert dissent.status_code == 422
    made = boss.post(f"{base}/determinations", {**bid, "guardian_present": True})
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["current"] is True
    assert [m["position"] for m in body["members"]] == ["agree", "agree", "dissent"]
    assert body["members"][2]["reasons"] == MEMBERS[2]["reasons"]
    assert (
        worker.post(f"{base}/determinations", {**bid, "guardian_present": True}).status_code == 403
    )
