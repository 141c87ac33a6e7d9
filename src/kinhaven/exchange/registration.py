"""Asking a partner instance whether a child is registered there, without sending names: the
query carries keyed Bloom-filter encodings (tracing.pprl), the answer opaque handles and scores
(docs/pprl.md, docs/exchange.md). Identities cross only after a person on each side confirms a
match, with the legal basis recorded (pprl_handle_confirm, then an identity disclosure)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from kinhaven.accounts.models import Agency, User
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_record
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.exchange.enums import LegalBasis, MessageKind, Purpose
from kinhaven.exchange.models import InboxMessage, OutboxMessage, Peer
from kinhaven.exchange.services import message_send
from kinhaven.tracing.pprl import PprlFields, pprl_answer, pprl_encode_query


def _secret() -> bytes:
    secret = settings.KINHAVEN_PPRL_SECRET
    if not secret:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("No secret is shared with the partners for encoded queries (KINHAVEN_PPRL_SECRET)."),
            field="secret",
        )
    return str(secret).encode()


def registration_query_send(
    *,
    actor: User,
    peer: Peer,
    people: list[PprlFields],
    agency: Agency,
    legal_basis: LegalBasis = LegalBasis.CHILD_PROTECTION,
) -> tuple[OutboxMessage, str]:
    """Ask the peer whether it has registered these people: their encodings only. Returns the
    message and the query id its answer will carry."""
    secret = _secret()
    query_id = uuid.uuid4().hex
    body = {
        "query_id": query_id,
        "encodings": [pprl_encode_query(person, secret) for person in people],
    }
    message = message_send(
        actor=actor,
        peer=peer,
        kind=MessageKind.REGISTRATION_QUERY,
        body=body,
        legal_basis=legal_basis,
        purpose=Purpose.REGISTRATION_CHECK,
        agency=agency,
    )
    return message, query_id


def registration_query_answer(message: InboxMessage) -> None:
    """Answer a peer's registration query (a receive handler, after the receipt commits): compare
    its encodings with the children here who may be traced, and send back handles and scores
    only. Without a shared secret the query stays unanswered, audited."""
    try:
        secret = _secret()
    except ApplicationError:
        audit_record(
            actor=None,
            action=AuditAction.EXCHANGE_MESSAGE_UNANSWERED,
            object_type="exchange_message",
            object_id=message.public_id,
            detail={"reason": "no_secret"},
        )
        return
    query_id = str(message.body["query_id"])
    with transaction.atomic():
        answers = pprl_answer(
            encodings=list(message.body["encodings"]),
            secret=secret,
            query_ref=f"{message.peer.instance_id}:{query_id}",
        )
        message_send(
            actor=None,
            peer=message.peer,
            kind=MessageKind.REGISTRATION_ANSWER,
            body={
                "query_id": query_id,
                "candidates": [{"handle": a.handle, "score": a.score} for a in answers],
            },
            legal_basis=LegalBasis(message.legal_basis),
            purpose=Purpose.REGISTRATION_CHECK,
            agency=message.agency,
        )
