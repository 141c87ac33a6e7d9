"""The exchange over the API: the inbox that peers post sealed messages to (authenticated by
the message's signature, not by a user), and the agency's received and sent messages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from kinhaven.accounts.auth import request_user
from kinhaven.audit.services import audit_consultation
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.exchange.schemas import ReceivedOut, SentOut
from kinhaven.exchange.selectors import inbox_for_user, outbox_for_user
from kinhaven.exchange.services import Refused, message_receive

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
