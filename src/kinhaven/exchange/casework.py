"""Messages about one case to a partner instance: a family assessment request (and, received,
its answer), a return or transfer arrangement, a case transfer with the child's consent. Each
carries only the fields its purpose needs (messages.py) and a reference to the case, never the
child's name."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils.translation import gettext as _

from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import User
from kinhaven.accounts.services import capability_require
from kinhaven.cases.models import Case
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.deadlines.schemas import CompletionIn
from kinhaven.deadlines.services import deadline_complete
from kinhaven.exchange.enums import LegalBasis, MessageKind, Purpose
from kinhaven.exchange.messages import (
    CaseTransferBody,
    Consent,
    FamilyAssessmentAnswerBody,
    FamilyAssessmentRequestBody,
    ReturnArrangementBody,
)
from kinhaven.exchange.models import InboxMessage, OutboxMessage
from kinhaven.exchange.schemas import (
    CaseTransferIn,
    FamilyAssessmentAnswerIn,
    FamilyAssessmentRequestIn,
    ReturnArrangementIn,
)
from kinhaven.exchange.services import contact_for, message_send, peer_for
from kinhaven.solutions.enums import PlanStatus, Solution
from kinhaven.solutions.models import Plan

# The durable solution an arrangement carries out (solutions.enums.Solution).
ARRANGEMENT_SOLUTION = {
    "return": Solution.RETURN,
    "transfer": Solution.THIRD_COUNTRY_REUNIFICATION,
}


def case_ref(case: Case) -> str:
    """How the partner refers to the case in its answers: the reference, not the child."""
    return case.reference or f"C-{case.public_id.hex[:12]}"


def _ref(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


@transaction.atomic
def family_assessment_request_send(
    *, actor: User, case: Case, data: FamilyAssessmentRequestIn
) -> OutboxMessage:
    """Ask a peer to assess the child's family where it lives, before any return is decided."""
    capability_require(actor, Capability.TRACING_MANAGE)
    body = FamilyAssessmentRequestBody(
        request_ref=_ref("F"),
        case_ref=case_ref(case),
        relationship=data.relationship,
        locality=data.locality,
        questions=data.questions,
        contact=contact_for(actor, data),
    )
    return message_send(
        actor=actor,
        peer=peer_for(data.peer_id),
        kind=MessageKind.FAMILY_ASSESSMENT_REQUEST,
        body=body,
        legal_basis=LegalBasis.CHILD_PROTECTION,
        purpose=Purpose.FAMILY_ASSESSMENT,
        agency=case.agency,
        case=case,
    )


@transaction.atomic
def family_assessment_answer_send(
    *, actor: User, message: InboxMessage, data: FamilyAssessmentAnswerIn
) -> OutboxMessage:
    """Answer a peer's family assessment request; its answer deadline is met."""
    capability_require(actor, Capability.TRACING_MANAGE)
    if message.kind != MessageKind.FAMILY_ASSESSMENT_REQUEST:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("This message is not a family assessment request."),
            field="message",
        )
    deadline = message.deadline
    if deadline is None or deadline.completed_at is not None:
        raise ApplicationError(
            ErrorCode.CONFLICT, _("This message has already been answered."), field="message"
        )
    sent = message_send(
        actor=actor,
        peer=message.peer,
        kind=MessageKind.FAMILY_ASSESSMENT_ANSWER,
        body=FamilyAssessmentAnswerBody(
            request_ref=str(message.body["request_ref"]),
            recommendation=data.recommendation,  # type: ignore[arg-type]  # checked: one_of
            summary=data.summary,
        ),
        legal_basis=LegalBasis.CHILD_PROTECTION,
        purpose=Purpose.FAMILY_ASSESSMENT,
        agency=message.agency,
    )
    deadline_complete(
        actor=actor, deadline=deadline, data=CompletionIn(note=_("Family assessment sent."))
    )
    return sent


@transaction.atomic
def return_arrangement_send(*, actor: User, case: Case, data: ReturnArrangementIn) -> OutboxMessage:
    """Arrange a return or a transfer with the receiving country's instance: only when the
    child's adopted durable-solution plan provides for it, to that country (solutions)."""
    capability_require(actor, Capability.TRACING_MANAGE)
    peer = peer_for(data.peer_id)
    if data.planned_on < time.today():
        raise ApplicationError(
            ErrorCode.INVALID, _("Give a date that is not in the past."), field="planned_on"
        )
    adopted = Plan.objects.filter(
        child_id=case.child_id,
        status=PlanStatus.ADOPTED,
        solution=ARRANGEMENT_SOLUTION[data.kind],
        country=peer.country,
    ).exists()
    if not adopted:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("The child has no adopted plan for this solution in the partner's country."),
            field="plan",
        )
    body = ReturnArrangementBody(
        arrangement_ref=_ref("R"),
        case_ref=case_ref(case),
        kind=data.kind,  # type: ignore[arg-type]  # checked: one_of
        planned_on=data.planned_on,
        escort=data.escort,  # type: ignore[arg-type]  # checked: one_of
        receiving_service=data.receiving_service,
        contact=contact_for(actor, data),
    )
    return message_send(
        actor=actor,
        peer=peer,
        kind=MessageKind.RETURN_ARRANGEMENT,
        body=body,
        legal_basis=LegalBasis.CHILD_PROTECTION,
        purpose=Purpose.DURABLE_SOLUTION,
        agency=case.agency,
        case=case,
    )


@transaction.atomic
def case_transfer_send(*, actor: User, case: Case, data: CaseTransferIn) -> OutboxMessage:
    """Transfer the case to a peer: only with the child's informed consent, recorded."""
    capability_require(actor, Capability.TRACING_MANAGE)
    if not data.consent_given:
        raise ApplicationError(
            ErrorCode.INVALID,
            _("A case is transferred only with the child's informed consent."),
            field="consent_given",
        )
    body = CaseTransferBody(
        transfer_ref=_ref("X"),
        case_ref=case_ref(case),
        reason=data.reason,
        consent=Consent(
            given=True,
            recorded_on=data.consent_recorded_on,
            heard_by=data.heard_by,
            child_informed_in_language=data.child_informed_in_language,
        ),
        contact=contact_for(actor, data),
    )
    return message_send(
        actor=actor,
        peer=peer_for(data.peer_id),
        kind=MessageKind.CASE_TRANSFER,
        body=body,
        legal_basis=LegalBasis.CHILD_CONSENT,
        purpose=Purpose.CONTINUITY_OF_CARE,
        agency=case.agency,
        case=case,
    )
