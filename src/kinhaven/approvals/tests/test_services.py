"""Approvals through their services: who approves, sending back with reasons, four eyes, the
audit, and the record's app told in the same transaction."""

import uuid

import pytest

from kinhaven.accounts.enums import Capability
from kinhaven.approvals.enums import ApprovalState
from kinhaven.approvals.registry import APPROVABLE, approvable_register
from kinhaven.approvals.services import approval_decide, approval_request
from kinhaven.audit.models import AuditEntry
from kinhaven.core.errors import ApplicationError, ErrorCode

pytestmark = pytest.mark.django_db

KIND = "test_record"
DECIDED: list[tuple[str, str]] = []


@pytest.fixture(autouse=True)
def _kind():
    approvable_register(
        KIND,
        Capability.BEST_INTERESTS_APPROVE,
        lambda request, actor: DECIDED.append((request.state, actor.username)),
    )
    DECIDED.clear()
    yield
    APPROVABLE.pop(KIND, None)


def _ask(world):
    return approval_request(
        actor=world.caseworker, kind=KIND, object_id=uuid.uuid4(), agency=world.agency
    )


def test_sent_back_with_reasons_then_a_new_request_approved(world) -> None:
    first = _ask(world)
    with pytest.raises(ApplicationError) as caught:
        approval_decide(actor=world.supervisor, request=first, decision="send_back")
    assert caught.value.code == ErrorCode.INVALID
    assert caught.value.field == "reasons"
    sent = approval_decide(
        actor=world.supervisor, request=first, decision="send_back", reasons="Child not heard."
    )
    assert sent.state == ApprovalState.SENT_BACK
    assert sent.reasons == "Child not heard."
    second = approval_request(
        actor=world.caseworker, kind=KIND, object_id=first.object_id, agency=world.agency
    )
    approved = approval_decide(actor=world.supervisor, request=second, decision="approve")
    assert approved.state == ApprovalState.APPROVED
    assert DECIDED == [("sent_back", "supervisor"), ("approved", "supervisor")]
    actions = list(
        AuditEntry.objects.filter(object_type="approval").values_list("action", flat=True)
    )
    assert actions.count("approval.request") == 2
    assert actions.count("approval.decide") == 2


def test_one_pending_request_per_record(world) -> None:
    first = _ask(world)
    with pytest.raises(ApplicationError) as caught:
        approval_request(
            actor=world.caseworker, kind=KIND, object_id=first.object_id, agency=world.agency
        )
    assert caught.value.code == ErrorCode.CONFLICT


def test_without_the_capability_refused_naming_it(world) -> None:
    request = _ask(world)
    with pytest.raises(ApplicationError) as caught:
        approval_decide(actor=world.teammate, request=request, decision="approve")
    assert caught.value.code == ErrorCode.PERMISSION_DENIED
    assert "best_interests.approve" in str(caught.value.message)
    request.refresh_from_db()
    assert request.state == ApprovalState.PENDING


def test_the_one_who_asked_does_not_approve(world) -> None:
    request = approval_request(
        actor=world.supervisor, kind=KIND, object_id=uuid.uuid4(), agency=world.agency
    )
    with pytest.raises(ApplicationError) as caught:
        approval_decide(actor=world.supervisor, request=request, decision="approve")
    assert caught.value.code == ErrorCode.PERMISSION_DENIED


def test_decided_once(world) -> None:
    request = _ask(world)
    approval_decide(actor=world.supervisor, request=request, decision="approve")
    with pytest.raises(ApplicationError) as caught:
        approval_decide(actor=world.supervisor, request=request, decision="send_back", reasons="x")
    assert caught.value.code == ErrorCode.TRANSITION_NOT_ALLOWED
