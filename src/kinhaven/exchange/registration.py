"""Asking a partner instance whether a child is registered there, without sending names: the
query carries keyed Bloom-filter encodings (tracing.pprl), the answer opaque handles and scores
(docs/pprl.md, docs/exchange.md). Identities cross only after a person on each side confirms a
match, with the legal basis recorded:

1. here, a person confirms a candidate (`registration_match_confirm`): a match confirmation
   (handle only) goes to the partner;
2. there, a person checks the child behind the handle and confirms it too, or declines
   (`match_confirmation_answer`): only then is the child's identity disclosed, to us alone;
3. here, the disclosure is tied to the candidate (`identity_disclosure_receive`).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import Agency, User
from kinhaven.accounts.services import capability_require
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_record
from kinhaven.cases.models import Case
from kinhaven.children.models import Child
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.deadlines.schemas import CompletionIn
from kinhaven.deadlines.services import deadline_complete
from kinhaven.exchange.enums import LegalBasis, MatchStatus, MessageKind, Purpose
from kinhaven.exchange.messages import IdentityDisclosureBody
from kinhaven.exchange.models import (
    InboxMessage,
    OutboxMessage,
    Peer,
    RegistrationMatch,
    RegistrationQuery,
)
from kinhaven.exchange.services import message_send
from kinhaven.notifications.enums import NotificationKind
from kinhaven.notifications.services import notify
from kinhaven.tracing.pprl import (
    PprlFields,
    pprl_answer,
    pprl_encode_child,
    pprl_encode_query,
    pprl_handle_child,
    pprl_handle_confirm,
    pprl_handle_for_query,
)

# The bases a registration check and its confirmation may rest on (messages.REGISTRY).
QUERY_BASES = (LegalBasis.CHILD_PROTECTION, LegalBasis.MISSING_CHILD)


def _secret() -> bytes:
    secret = settings.KINHAVEN_PPRL_SECRET
    if not secret:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("No secret is shared with the partners for encoded queries (KINHAVEN_PPRL_SECRET)."),
            field="secret",
        )
    return str(secret).encode()


def _purpose(basis: str) -> Purpose:
    """A missing child is looked for; any other child is traced for the family."""
    if basis == LegalBasis.MISSING_CHILD:
        return Purpose.LOCATE_MISSING_CHILD
    return Purpose.FAMILY_TRACING


def _basis(value: str) -> LegalBasis:
    if value not in QUERY_BASES:
        raise ApplicationError(ErrorCode.INVALID, _("Choose the legal basis."), field="legal_basis")
    return LegalBasis(value)


@transaction.atomic
def registration_query_send(
    *,
    actor: User,
    peer: Peer,
    agency: Agency,
    people: list[PprlFields] | None = None,
    child: Child | None = None,
    case: Case | None = None,
    legal_basis: str = LegalBasis.CHILD_PROTECTION,
) -> tuple[OutboxMessage, RegistrationQuery]:
    """Ask the peer whether it has registered these people (as typed, for a family's request)
    or this child (registered here, for instance gone missing): their encodings only. The
    query is kept here, without the names, so that its answer can be followed up."""
    capability_require(actor, Capability.TRACING_MANAGE)
    basis = _basis(legal_basis)
    secret = _secret()
    encodings = [pprl_encode_query(person, secret) for person in people or []]
    if child is not None:
        encodings.append(pprl_encode_child(child, secret))
    if not encodings:
        raise ApplicationError(
            ErrorCode.INVALID, _("Give the name of the child sought."), field="given_name"
        )
    query_id = uuid.uuid4().hex
    message = message_send(
        actor=actor,
        peer=peer,
        kind=MessageKind.REGISTRATION_QUERY,
        body={"query_id": query_id, "encodings": encodings},
        legal_basis=basis,
        purpose=Purpose.REGISTRATION_CHECK,
        agency=agency,
        case=case,
    )
    query = RegistrationQuery.objects.create(
        query_id=query_id,
        peer=peer,
        agency=agency,
        asked_by=actor,
        case=case,
        legal_basis=basis,
        people=len(encodings),
    )
    return message, query


def _unanswered(message: InboxMessage, reason: str) -> None:
    audit_record(
        actor=None,
        action=AuditAction.EXCHANGE_MESSAGE_UNANSWERED,
        object_type="exchange_message",
        object_id=message.public_id,
        detail={"reason": reason},
    )


def registration_query_answer(message: InboxMessage) -> None:
    """Answer a peer's registration query (a receive handler, after the receipt commits): compare
    its encodings with the children here who may be traced, and send back handles and scores
    only. Without a shared secret the query stays unanswered, audited."""
    try:
        secret = _secret()
    except ApplicationError:
        _unanswered(message, "no_secret")
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


def _query_path(query: RegistrationQuery) -> str:
    return reverse("exchange:query", args=[query.public_id])


def registration_answer_receive(message: InboxMessage) -> None:
    """Keep the candidates a peer answered our query with (a receive handler) and tell the
    person who asked: a link, never data."""
    query = RegistrationQuery.objects.filter(
        query_id=str(message.body["query_id"]), peer=message.peer
    ).first()
    if query is None:
        _unanswered(message, "unknown_query")
        return
    with transaction.atomic():
        for candidate in message.body["candidates"]:
            RegistrationMatch.objects.get_or_create(
                query=query,
                handle=str(candidate["handle"]),
                defaults={"score": float(candidate["score"])},
            )
        query.answered_at = time.now()
        query.save(update_fields=["answered_at", "updated_at"])
        if query.asked_by is not None:
            notify(
                recipients=[query.asked_by],
                kind=NotificationKind.TRACING,
                title=gettext_lazy("A partner answered an encoded registration query"),
                path=_query_path(query),
            )


@transaction.atomic
def registration_match_confirm(
    *, actor: User, match: RegistrationMatch, legal_basis: str
) -> RegistrationMatch:
    """A person here confirms a candidate and asks the partner for the identity behind it: the
    match confirmation carries the handle only. The partner's person confirms in turn."""
    capability_require(actor, Capability.TRACING_MANAGE)
    basis = _basis(legal_basis)
    locked = (
        RegistrationMatch.objects.select_for_update().select_related("query__peer").get(pk=match.pk)
    )
    if locked.status != MatchStatus.PROPOSED:
        raise ApplicationError(
            ErrorCode.CONFLICT, _("This candidate has already been answered."), field="match"
        )
    query = locked.query
    assert actor.agency is not None  # noqa: S101  # those who trace belong to an agency
    message_send(
        actor=actor,
        peer=query.peer,
        kind=MessageKind.MATCH_CONFIRMATION,
        body={
            "query_id": query.query_id,
            "handle": locked.handle,
            "confirmed_by": actor.agency.name,
        },
        legal_basis=basis,
        purpose=_purpose(basis),
        agency=query.agency,
        case=query.case,
    )
    locked.status = MatchStatus.CONFIRMED
    locked.confirmed_by = actor
    locked.confirmed_at = time.now()
    locked.legal_basis = basis
    locked.save(
        update_fields=["status", "confirmed_by", "confirmed_at", "legal_basis", "updated_at"]
    )
    audit_record(
        actor=actor,
        action=AuditAction.EXCHANGE_MATCH_CONFIRM,
        object_type="exchange_match",
        object_id=locked.public_id,
        detail={"query": query.query_id, "peer": query.peer.instance_id, "legal_basis": basis},
        purpose=str(_purpose(basis)),
    )
    return locked


def _confirmation_handle(message: InboxMessage) -> Any:
    if message.kind != MessageKind.MATCH_CONFIRMATION:
        raise ApplicationError(
            ErrorCode.CONFLICT, _("This message does not confirm a match."), field="message"
        )
    return pprl_handle_for_query(
        str(message.body["handle"]), f"{message.peer.instance_id}:{message.body['query_id']}"
    )


def match_confirmation_child(message: InboxMessage) -> Child | None:
    """The child here behind the handle a partner confirmed (unscoped: the caller reaches the
    record through its own access), or None when the handle is unknown or expired."""
    try:
        return _confirmation_handle(message).child  # type: ignore[no-any-return]
    except ApplicationError:
        return None


@transaction.atomic
def match_confirmation_answer(
    *, actor: User, message: InboxMessage, confirm: bool, legal_basis: str = ""
) -> OutboxMessage:
    """Answer a partner's match confirmation. Confirmed here too (with the legal basis, in
    words): the child's identity goes to that partner alone. Declined: the partner is told,
    and nothing else goes. Either way the answer deadline is met."""
    capability_require(actor, Capability.TRACING_MANAGE)
    deadline = message.deadline
    if deadline is None or deadline.completed_at is not None:
        raise ApplicationError(
            ErrorCode.CONFLICT, _("This message has already been answered."), field="message"
        )
    row = _confirmation_handle(message)
    query_id, handle = str(message.body["query_id"]), row.handle
    purpose = Purpose(message.purpose)
    assert actor.agency is not None  # noqa: S101  # those who trace belong to an agency
    if confirm:
        pprl_handle_confirm(handle=handle, actor=actor, legal_basis=legal_basis)
        child = pprl_handle_child(handle)
        dob = child.date_of_birth
        sent = message_send(
            actor=actor,
            peer=message.peer,
            kind=MessageKind.IDENTITY_DISCLOSURE,
            body=IdentityDisclosureBody(
                query_id=query_id,
                handle=handle,
                confirmed_by=actor.agency.name,
                given_name=child.given_name,
                family_name=child.family_name,
                birth_year=dob.year if dob is not None else None,
                sex=child.sex if child.sex in {"F", "M", "X"} else "U",  # type: ignore[arg-type]  # one of the letters
            ),
            legal_basis=LegalBasis.SPECIAL_CATEGORY_SAFEGUARDED,
            purpose=purpose,
            agency=message.agency,
        )
        note = _("Match confirmed; identity disclosed to the partner.")
    else:
        sent = message_send(
            actor=actor,
            peer=message.peer,
            kind=MessageKind.MATCH_DECLINED,
            body={"query_id": query_id, "handle": handle},
            legal_basis=LegalBasis(message.legal_basis),
            purpose=purpose,
            agency=message.agency,
        )
        note = _("Match not confirmed; no identity disclosed.")
    deadline_complete(actor=actor, deadline=deadline, data=CompletionIn(note=note))
    audit_record(
        actor=actor,
        action=AuditAction.EXCHANGE_MATCH_ANSWER,
        object_type="exchange_message",
        object_id=message.public_id,
        detail={"confirmed": confirm, "peer": message.peer.instance_id},
        purpose=str(purpose),
    )
    return sent


def _match_for(message: InboxMessage) -> RegistrationMatch | None:
    return (
        RegistrationMatch.objects.select_for_update(of=("self",))
        .select_related("query", "confirmed_by")
        .filter(
            query__query_id=str(message.body["query_id"]),
            query__peer=message.peer,
            handle=str(message.body["handle"]),
        )
        .first()
    )


def _match_update(message: InboxMessage, status: MatchStatus) -> None:
    """Tie a partner's disclosure or refusal to the candidate we confirmed (receive handlers)."""
    with transaction.atomic():
        match = _match_for(message)
        if match is None or match.status != MatchStatus.CONFIRMED:
            # Not asked for: kept as received, flagged in the audit log.
            _unanswered(message, "unsolicited")
            return
        match.status = status
        if status == MatchStatus.DISCLOSED:
            match.disclosure = message
        match.save(update_fields=["status", "disclosure", "updated_at"])
        audit_record(
            actor=None,
            action=AuditAction.EXCHANGE_MATCH_UPDATE,
            object_type="exchange_match",
            object_id=match.public_id,
            detail={"status": str(status), "message": str(message.public_id)},
        )
        if match.confirmed_by is not None:
            notify(
                recipients=[match.confirmed_by],
                kind=NotificationKind.TRACING,
                title=gettext_lazy("A partner answered a confirmed encoded match"),
                path=_query_path(match.query),
            )


def identity_disclosure_receive(message: InboxMessage) -> None:
    _match_update(message, MatchStatus.DISCLOSED)


def match_declined_receive(message: InboxMessage) -> None:
    _match_update(message, MatchStatus.DECLINED)
