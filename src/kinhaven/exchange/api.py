"""The exchange over the API: the inbox that peers post sealed messages to (authenticated by
the message's signature, not by a user), and the agency's received and sent messages."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from kinhaven.accounts.auth import request_user
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_consultation
from kinhaven.cases.access import access_case_by_id
from kinhaven.cases.models import Case
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.exchange import casework, registration
from kinhaven.exchange.access import (
    access_inbox_message_by_id,
    access_match_by_id,
    access_query_by_id,
)
from kinhaven.exchange.models import OutboxMessage, RegistrationMatch, RegistrationQuery
from kinhaven.exchange.schemas import (
    CaseTransferIn,
    FamilyAssessmentAnswerIn,
    FamilyAssessmentRequestIn,
    MatchAnswerIn,
    MatchConfirmIn,
    MessageQueuedOut,
    MissingAlertIn,
    ReceivedOut,
    RegistrationMatchOut,
    RegistrationQueryIn,
    RegistrationQueryOut,
    ReturnArrangementIn,
    SentOut,
    TracingSendIn,
)
from kinhaven.exchange.selectors import inbox_for_user, outbox_for_user, queries_for_user
from kinhaven.exchange.services import (
    Refused,
    message_receive,
    missing_alert_send,
    peer_for,
    tracing_request_send,
)
from kinhaven.tracing.pprl import PprlFields

router = Router(tags=["cross-border exchange"])

# A sealed message is a few kilobytes; a registration query with many encodings is larger.
MAX_TOKEN_BYTES = 2 * 1024 * 1024

_STATUS_CODES = {400: ErrorCode.MALFORMED_REQUEST, 403: ErrorCode.PERMISSION_DENIED}


class ReceiptOut(Schema):
    received: bool
    duplicate: bool


@router.post("/inbox", response={200: ReceiptOut}, auth=None)
def inbox_receive(request: HttpRequest) -> dict[str, Any]:
    """Take a message from a peer: a compact JWE (Content-Type application/jose) holding a JWS
    signed by the peer. A copy of a message already received is acknowledged again; a message
    that is unreadable, tampered with, from no registered peer, addressed elsewhere, expired,
    or whose id was seen with other content is refused (400, 403, 409) and audited."""
    raw = request.body[:MAX_TOKEN_BYTES]
    try:
        token = raw.decode("ascii").strip()
    except UnicodeDecodeError:
        token = ""
    try:
        _message, new = message_receive(token=token)
    except Refused as refused:
        code = _STATUS_CODES.get(refused.status, ErrorCode.CONFLICT)
        raise ApplicationError(
            code, _("The message was refused: %(reason)s.") % {"reason": refused.reason}
        ) from None
    return {"received": True, "duplicate": not new}


@router.get("/received", response=list[ReceivedOut])
def received_list(request: HttpRequest) -> list[dict[str, Any]]:
    """Messages received for your agency, newest first (those who trace; else none)."""
    user = request_user(request)
    rows = list(inbox_for_user(user=user)[:100])
    audit_consultation(actor=user, object_type="exchange_message", records=rows)
    return [
        {
            "id": m.public_id,
            "peer": m.peer.instance_id,
            "country": m.peer.country,
            "kind": m.kind,
            "legal_basis": m.legal_basis,
            "purpose": m.purpose,
            "received_at": m.created_at,
            "expires_at": m.expires_at,
            "answer_due_at": m.deadline.due_at if m.deadline else None,
        }
        for m in rows
    ]


@router.get("/sent", response=list[SentOut])
def sent_list(request: HttpRequest) -> list[dict[str, Any]]:
    """Messages your agency sent, with their delivery status (those who trace; else none)."""
    user = request_user(request)
    rows = list(outbox_for_user(user=user)[:100])
    audit_consultation(actor=user, object_type="exchange_message", records=rows)
    return [
        {
            "id": m.public_id,
            "peer": m.peer.instance_id,
            "kind": m.kind,
            "status": m.status,
            "attempts": m.attempts,
            "next_attempt_at": m.next_attempt_at,
            "sent_at": m.sent_at,
        }
        for m in rows
    ]


def _queued(message: OutboxMessage) -> Status[dict[str, Any]]:
    return Status(201, {"id": message.public_id, "kind": message.kind, "status": message.status})


def _case(request: HttpRequest, case_id: uuid.UUID) -> Case:
    return access_case_by_id(
        request_user(request), case_id, action=AuditAction.CASE_READ_FOR_UPDATE
    )


@router.post("/tracing-requests", response={201: MessageQueuedOut})
def tracing_request_create(request: HttpRequest, payload: TracingSendIn) -> Status[dict[str, Any]]:
    """Ask a peer to trace a child, without names (they go only as an encoded query)."""
    return _queued(tracing_request_send(actor=request_user(request), data=payload))


@router.post("/cases/{case_id}/missing-alert", response={201: MessageQueuedOut})
def missing_alert_create(
    request: HttpRequest, case_id: uuid.UUID, payload: MissingAlertIn
) -> Status[dict[str, Any]]:
    """Send an alert for a child whose case is flagged missing (409 `case` otherwise)."""
    case = _case(request, case_id)
    return _queued(missing_alert_send(actor=request_user(request), case=case, data=payload))


@router.post("/cases/{case_id}/family-assessment-request", response={201: MessageQueuedOut})
def family_assessment_request_create(
    request: HttpRequest, case_id: uuid.UUID, payload: FamilyAssessmentRequestIn
) -> Status[dict[str, Any]]:
    """Ask a peer to assess the child's family; it raises an answer deadline there."""
    case = _case(request, case_id)
    return _queued(
        casework.family_assessment_request_send(
            actor=request_user(request), case=case, data=payload
        )
    )


@router.post("/cases/{case_id}/return-arrangement", response={201: MessageQueuedOut})
def return_arrangement_create(
    request: HttpRequest, case_id: uuid.UUID, payload: ReturnArrangementIn
) -> Status[dict[str, Any]]:
    """Arrange a return or transfer with a peer: only when the child's adopted plan provides
    for it, to the peer's country (409 `plan`)."""
    case = _case(request, case_id)
    return _queued(
        casework.return_arrangement_send(actor=request_user(request), case=case, data=payload)
    )


@router.post("/cases/{case_id}/case-transfer", response={201: MessageQueuedOut})
def case_transfer_create(
    request: HttpRequest, case_id: uuid.UUID, payload: CaseTransferIn
) -> Status[dict[str, Any]]:
    """Transfer the case to a peer, only with the child's consent (422 `consent_given`)."""
    case = _case(request, case_id)
    return _queued(
        casework.case_transfer_send(actor=request_user(request), case=case, data=payload)
    )


@router.post("/received/{message_id}/family-assessment-answer", response={201: MessageQueuedOut})
def family_assessment_answer_create(
    request: HttpRequest, message_id: uuid.UUID, payload: FamilyAssessmentAnswerIn
) -> Status[dict[str, Any]]:
    """Answer a peer's family assessment request; its answer deadline is met."""
    user = request_user(request)
    message = access_inbox_message_by_id(user, message_id)
    return _queued(
        casework.family_assessment_answer_send(actor=user, message=message, data=payload)
    )


@router.post("/received/{message_id}/match-answer", response={201: MessageQueuedOut})
def match_answer_create(
    request: HttpRequest, message_id: uuid.UUID, payload: MatchAnswerIn
) -> Status[dict[str, Any]]:
    """Answer a peer's confirmation of an encoded match: `confirm` (with the legal basis in
    words) discloses the child's identity to that peer alone; `decline` tells it no."""
    user = request_user(request)
    message = access_inbox_message_by_id(user, message_id)
    sent = registration.match_confirmation_answer(
        actor=user,
        message=message,
        confirm=payload.decision == "confirm",
        legal_basis=payload.legal_basis,
    )
    return _queued(sent)


def _match_out(match: RegistrationMatch) -> dict[str, Any]:
    return {
        "id": match.public_id,
        "score": match.score,
        "status": match.status,
        "confirmed_at": match.confirmed_at,
        "disclosure_id": match.disclosure.public_id if match.disclosure else None,
    }


def _query_out(query: RegistrationQuery) -> dict[str, Any]:
    return {
        "id": query.public_id,
        "peer": query.peer.instance_id,
        "case_id": query.case.public_id if query.case else None,
        "legal_basis": query.legal_basis,
        "people": query.people,
        "sent_at": query.created_at,
        "answered_at": query.answered_at,
        "matches": [_match_out(m) for m in query.matches.all()],
    }


def _query_send(
    request: HttpRequest, payload: RegistrationQueryIn, case: Case | None
) -> Status[dict[str, Any]]:
    user = request_user(request)
    people = []
    if case is None and payload.given_name:
        people = [
            PprlFields(payload.given_name, payload.family_name, payload.date_of_birth, payload.sex)
        ]
    agency = case.agency if case is not None else user.agency
    if agency is None:
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED, _("Your role does not allow this action.")
        )
    _message, query = registration.registration_query_send(
        actor=user,
        peer=peer_for(payload.peer_id),
        agency=agency,
        people=people,
        child=case.child if case is not None else None,
        case=case,
        legal_basis=payload.legal_basis,
    )
    return Status(201, _query_out(queries_for_user(user=user).get(pk=query.pk)))


@router.post("/queries", response={201: RegistrationQueryOut})
def registration_query_create(
    request: HttpRequest, payload: RegistrationQueryIn
) -> Status[dict[str, Any]]:
    """Ask a peer whether a child a family seeks is registered there: the names, date of birth
    and sex are encoded here (keyed Bloom filters) and only the encodings leave."""
    return _query_send(request, payload, None)


@router.post("/cases/{case_id}/queries", response={201: RegistrationQueryOut})
def case_registration_query_create(
    request: HttpRequest, case_id: uuid.UUID, payload: RegistrationQueryIn
) -> Status[dict[str, Any]]:
    """Ask a peer whether the case's child is registered there: the record's encoding only
    (the name fields of the body are ignored)."""
    return _query_send(request, payload, _case(request, case_id))


@router.get("/queries", response=list[RegistrationQueryOut])
def registration_query_list(request: HttpRequest) -> list[dict[str, Any]]:
    """The encoded queries your agency sent, with the candidates answered (handles stay here)."""
    user = request_user(request)
    rows = list(queries_for_user(user=user)[:100])
    audit_consultation(actor=user, object_type="exchange_query", records=rows)
    return [_query_out(q) for q in rows]


@router.get("/queries/{query_id}", response=RegistrationQueryOut)
def registration_query_detail(request: HttpRequest, query_id: uuid.UUID) -> dict[str, Any]:
    return _query_out(access_query_by_id(request_user(request), query_id))


@router.post("/matches/{match_id}/confirm", response=RegistrationMatchOut)
def registration_match_confirm(
    request: HttpRequest, match_id: uuid.UUID, payload: MatchConfirmIn
) -> dict[str, Any]:
    """Confirm a candidate and ask the peer for the identity behind it (409 when already
    answered); a person there confirms in turn before anything is disclosed."""
    user = request_user(request)
    match = access_match_by_id(user, match_id)
    confirmed = registration.registration_match_confirm(
        actor=user, match=match, legal_basis=payload.legal_basis
    )
    return _match_out(confirmed)
