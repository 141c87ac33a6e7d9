"""A case closes only when a supervisor approves the request to close it (four eyes)."""

import pytest

from kinhaven.approvals.models import ApprovalRequest
from kinhaven.audit.models import AuditEntry
from kinhaven.cases.models import Case
from kinhaven.cases.schemas import ClosureDecisionIn
from kinhaven.cases.services import (
    case_closure_decide,
    case_closure_request,
    case_open,
    case_transition,
)
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conftest import web_client
from kinhaven.core.errors import ApplicationError, ErrorCode

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(world):
    child = child_register(actor=world.caseworker, data=ChildIn(given_name="Amina"))
    return case_open(actor=world.caseworker, child=child)


def test_a_closure_without_supervisor_approval_does_not_close_the_case(world, case) -> None:
    case = case_transition(actor=world.caseworker, case=case, to="closed", reason="Reunited.")
    case.refresh_from_db()
    assert case.status == "reported"
    assert case.closed_at is None
    closure = case.closures.get()
    assert (closure.state, closure.reason) == ("pending", "Reunited.")
    request = ApprovalRequest.objects.get(kind="case_closure", object_id=closure.public_id)
    assert request.state == "pending"
    assert request.capability == "case.approve_closure"
    assert case.events.filter(kind="closure_requested").exists()
    assert AuditEntry.objects.filter(action="case.closure_request").exists()
    # Another move waits for the decision; a second request is refused.
    with pytest.raises(ApplicationError) as excinfo:
        case_transition(actor=world.caseworker, case=case, to="assessment")
    assert excinfo.value.field == "to"
    with pytest.raises(ApplicationError) as excinfo:
        case_closure_request(actor=world.caseworker, case=case, reason="Again.")
    assert excinfo.value.code == ErrorCode.CONFLICT


def test_four_eyes_the_requester_does_not_approve_their_own_closure(world, case) -> None:
    case_closure_request(actor=world.supervisor, case=case, reason="Reunited.")
    with pytest.raises(ApplicationError) as excinfo:
        case_closure_decide(
            actor=world.supervisor, case=case, data=ClosureDecisionIn(decision="approve")
        )
    assert excinfo.value.code == ErrorCode.PERMISSION_DENIED
    # Nor a caseworker: the capability is a supervisor's.
    with pytest.raises(ApplicationError) as excinfo:
        case_closure_decide(
            actor=world.teammate, case=case, data=ClosureDecisionIn(decision="approve")
        )
    assert excinfo.value.code == ErrorCode.PERMISSION_DENIED
    case.refresh_from_db()
    assert case.status == "reported"


def test_approve_closes_the_case_with_its_timeline_event(world, case) -> None:
    case_transition(actor=world.caseworker, case=case, to="assessment")
    case.refresh_from_db()
    case_closure_request(actor=world.caseworker, case=case, reason="Reunited.")
    closure = case_closure_decide(
        actor=world.supervisor, case=case, data=ClosureDecisionIn(decision="approve")
    )
    assert closure.state == "approved"
    case.refresh_from_db()
    assert case.status == "closed"
    assert case.closed_at is not None
    change = case.events.filter(kind="status_changed").latest("id")
    assert (change.data["from"], change.data["to"]) == ("assessment", "closed")
    assert case.events.filter(kind="closure_approved").exists()


def test_send_back_needs_reasons_and_leaves_the_case_open(world, case) -> None:
    case_closure_request(actor=world.caseworker, case=case, reason="Reunited.")
    with pytest.raises(ApplicationError) as excinfo:
        case_closure_decide(
            actor=world.supervisor,
            case=case,
            data=ClosureDecisionIn.model_construct(decision="send_back", reasons=""),
        )
    assert excinfo.value.field == "reasons"
    closure = case_closure_decide(
        actor=world.supervisor,
        case=case,
        data=ClosureDecisionIn(decision="send_back", reasons="Check the family first."),
    )
    assert closure.state == "sent_back"
    case.refresh_from_db()
    assert case.status == "reported"
    assert case.events.filter(kind="closure_sent_back").exists()
    # The requester sees the reasons on the case page, and may ask again.
    page = web_client(world.caseworker).get(f"/cases/{case.public_id}/").content.decode()
    assert "Check the family first." in page
    case_closure_request(actor=world.caseworker, case=case, reason="Family checked.")


def test_web_closure_goes_to_a_supervisor(world, case) -> None:
    caseworker = web_client(world.caseworker)
    response = caseworker.post(
        f"/cases/{case.public_id}/transition/", {"to": "closed", "reason": "Reunited."}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "reported"
    page = caseworker.get(f"/cases/{case.public_id}/").content.decode()
    assert 'id="closure-pending"' in page
    assert "closure-decision" not in page  # not the requester's to decide
    supervisor = web_client(world.supervisor)
    page = supervisor.get(f"/cases/{case.public_id}/").content.decode()
    assert "closure-decision" in page
    url = f"/cases/{case.public_id}/closure/decision/"
    response = supervisor.post(url, {"closure-decision": "send_back"})
    assert response.status_code == 422
    assert "reasons" in response.context["closure_form"].errors
    response = caseworker.post(url, {"closure-decision": "approve"})
    assert response.status_code == 403
    response = supervisor.post(url, {"closure-decision": "approve"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "closed"


def test_api_closure_goes_to_a_supervisor(world, api, case) -> None:
    base = f"/api/v1/cases/{case.public_id}"
    response = api("caseworker").post(
        f"{base}/transitions", {"to": "closed", "reason": "Reunited."}
    )
    assert response.status_code == 202, response.content
    assert response.json()["status"] == "reported"
    closures = api("caseworker").get(f"{base}/closures").json()
    assert [c["state"] for c in closures] == ["pending"]
    response = api("caseworker").post(f"{base}/closures/decision", {"decision": "approve"})
    assert response.status_code == 403
    response = api("supervisor").post(f"{base}/closures/decision", {"decision": "send_back"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "reasons"
    response = api("supervisor").post(
        f"{base}/closures/decision", {"decision": "send_back", "reasons": "Not yet."}
    )
    assert response.json()["state"] == "sent_back"
    assert Case.objects.get(pk=case.pk).status == "reported"
    response = api("caseworker").post(f"{base}/closures", {"reason": ""})
    assert response.status_code == 422
    response = api("caseworker").post(f"{base}/closures", {"reason": "Reunited now."})
    assert response.status_code == 201, response.content
    response = api("supervisor").post(f"{base}/closures/decision", {"decision": "approve"})
    assert response.json()["state"] == "approved"
    assert api("caseworker").get(base).json()["status"] == "closed"
    # Another agency sees no such case.
    assert api("caseworker2").get(f"{base}/closures").status_code == 404


def test_changing_status_keeps_the_chosen_status_when_the_form_comes_back(world, case) -> None:
    client = web_client(world.caseworker)
    response = client.post(f"/cases/{case.public_id}/transition/", {"to": "closed"})
    assert response.status_code == 422
    page = response.content.decode()
    assert '<option value="closed" selected>' in page
    assert '<option value="assessment" selected>' not in page
