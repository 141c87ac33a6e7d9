"""A referral's receiver never makes the child its own: the probe's escape, replayed."""

import pytest

from kinhaven.accounts.enums import RoleCode
from kinhaven.cases.models import Case
from kinhaven.conftest import web_client

pytestmark = pytest.mark.django_db

OTHER_SECTIONS = ("current_location", "health_notes", "legal_notes")


@pytest.fixture
def shared(world, api):
    """Agency A's child with a case and an asylum proceeding, referred to agency B sharing
    identity only, and accepted by B's caseworker."""
    world.user("supervisor2", RoleCode.SUPERVISOR, world.other_agency, world.team_two)
    sender, receiver = api("caseworker"), api("caseworker2")
    child = sender.post(
        "/api/v1/children",
        {
            "given_name": "Farida",
            "current_location": "Shelter North",
            "health_notes": "Asthma",
            "legal_notes": "Asylum claim lodged",
        },
    ).json()
    case = sender.post("/api/v1/cases", {"child_id": child["id"]}).json()
    proceeding = sender.post(
        "/api/v1/proceedings", {"child_id": child["id"], "track": "asylum", "status": "lodged"}
    ).json()
    referral = sender.post(
        "/api/v1/referrals",
        {
            "case_id": case["id"],
            "to_agency_id": str(world.other_agency.public_id),
            "service_kind": "health",
            "reason": "Medical check",
            "urgency": "normal",
            "sections": ["identity"],
            "consent": "child_consent",
        },
    ).json()
    answer = receiver.post(f"/api/v1/referrals/{referral['id']}/transitions", {"to": "accepted"})
    assert answer.status_code == 200, answer.content
    return {"child": child["id"], "proceeding": proceeding["id"], "referral": referral["id"]}


def _reads_identity_only(client, child_id: str) -> None:
    answer = client.get(f"/api/v1/children/{child_id}")
    assert answer.status_code == 200
    body = answer.json()
    assert body["sections"] == ["identity"]
    assert body["given_name"] == "Farida"
    assert all(body.get(field) in (None, "") for field in OTHER_SECTIONS)


def test_receiver_cannot_open_a_case_and_reads_identity_only_until_revoked(
    world, api, shared
) -> None:
    receivers = [api("caseworker2"), api("supervisor2")]
    child_id = shared["child"]
    for receiver in receivers:
        refused = receiver.post("/api/v1/cases", {"child_id": child_id})
        assert refused.status_code == 403
        assert refused.json()["errors"][0]["field"] == "child_id"
    web_supervisor = world.user("sup2web", RoleCode.SUPERVISOR, world.other_agency, world.team_two)
    for user in (world.caseworker2, web_supervisor):
        web = web_client(user)
        assert web.get(f"/cases/new/{child_id}/").status_code == 403
        assert web.post(f"/cases/new/{child_id}/", {"summary": "Ours now"}).status_code == 403
    assert not Case.objects.filter(child__public_id=child_id, agency=world.other_agency).exists()

    for receiver in receivers:
        _reads_identity_only(receiver, child_id)
        moved = receiver.patch(f"/api/v1/children/{child_id}", {"current_location": "Elsewhere"})
        # A referral reads what it shares and changes nothing of the file.
        assert moved.status_code == 403
        assert moved.json()["code"] == "permission_denied"
        proceeding = f"/api/v1/proceedings/{shared['proceeding']}"
        assert receiver.get(proceeding).status_code == 404
        assert receiver.patch(proceeding, {"status": "rejected"}).status_code == 404
    owner = api("caseworker").get(f"/api/v1/children/{child_id}").json()
    assert owner["current_location"] == "Shelter North"

    revoked = api("caseworker").post(
        f"/api/v1/referrals/{shared['referral']}/transitions",
        {"to": "revoked", "reason": "No longer needed"},
    )
    assert revoked.status_code == 200, revoked.content
    for receiver in receivers:
        assert receiver.get(f"/api/v1/children/{child_id}").status_code == 404
        assert receiver.post("/api/v1/cases", {"child_id": child_id}).status_code == 422
        assert receiver.get(f"/api/v1/proceedings/{shared['proceeding']}").status_code == 404


def test_a_case_of_another_agency_gives_it_nothing_more(world, api, shared) -> None:
    """A case that another agency holds on the child (made before this rule, or by any other
    route) adds nothing to what the referral shares, and nothing survives its revocation."""
    Case.objects.create(
        child_id=Case.objects.get(agency=world.agency).child_id,
        agency=world.other_agency,
        team=world.team_two,
        assigned_to=world.caseworker2,
        opened_by=world.caseworker2,
        reference="KH-B-1",
    )
    receiver = api("caseworker2")
    _reads_identity_only(receiver, shared["child"])
    assert receiver.get(f"/api/v1/proceedings/{shared['proceeding']}").status_code == 404
    api("caseworker").post(
        f"/api/v1/referrals/{shared['referral']}/transitions",
        {"to": "revoked", "reason": "No longer needed"},
    )
    assert receiver.get(f"/api/v1/children/{shared['child']}").status_code == 404
    listed = receiver.get("/api/v1/children").json()
    assert shared["child"] not in [item["id"] for item in listed["items"]]
