"""Writes of the exchange: peers, sending (sealed into the outbox), delivery with retries, and
receipt (verified, idempotent, audited)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import ValidationError

from kinhaven.accounts.enums import Capability, RoleCode
from kinhaven.accounts.models import Agency, User
from kinhaven.accounts.services import capability_require
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.enums import Outcome
from kinhaven.audit.services import audit_record
from kinhaven.cases.models import Case
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.deadlines.enums import DeadlineCode
from kinhaven.deadlines.schemas import CompletionIn
from kinhaven.deadlines.services import deadline_complete, deadline_start
from kinhaven.exchange import crypto
from kinhaven.exchange.enums import (
    LegalBasis,
    MessageKind,
    OutboxStatus,
    Purpose,
    RefusalReason,
)
from kinhaven.exchange.messages import (
    REGISTRY,
    Body,
    Contact,
    MissingAlertBody,
    TracingRequestBody,
)
from kinhaven.exchange.models import InboxMessage, OutboxMessage, Peer
from kinhaven.exchange.schemas import ContactIn, MissingAlertIn, TracingSendIn
from kinhaven.exchange.selectors import peers_active
from kinhaven.notifications.enums import NotificationKind
from kinhaven.notifications.services import notify

logger = logging.getLogger(__name__)

INBOX_PATH = "/api/v1/exchange/inbox"
WELL_KNOWN_PATH = "/.well-known/jwks.json"
FETCH_TIMEOUT_SECONDS = 10
# Retries: 30 s, 1 min, 2 min, ... at most 6 h apart; after that many attempts, given up.
RETRY_BASE_SECONDS = 30
RETRY_MAX_SECONDS = 6 * 3600
MAX_ATTEMPTS = 30
# A message may be valid for at most this long, whatever its sender says.
MAX_LIFETIME = dt.timedelta(days=30)


def _check_url(base_url: str) -> str:
    parts = urlsplit(base_url.strip())
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ApplicationError(
            ErrorCode.INVALID, _("Give the peer's address as an http(s) URL."), field="base_url"
        )
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def peer_document_fetch(base_url: str) -> dict[str, Any]:
    """Fetch a peer's public keys and name from its well-known address."""
    url = _check_url(base_url) + WELL_KNOWN_PATH
    try:
        with urlopen(url, timeout=FETCH_TIMEOUT_SECONDS) as response:  # noqa: S310  # nosec B310  # scheme checked
            document = json.loads(response.read(65536))
    except (URLError, OSError, ValueError) as exc:
        raise ApplicationError(
            ErrorCode.UNAVAILABLE,
            _("The peer's public keys could not be fetched."),
            field="base_url",
        ) from exc
    if not isinstance(document, dict):
        raise ApplicationError(
            ErrorCode.INVALID, _("The peer's public keys could not be read."), field="base_url"
        )
    return document


def peer_add(
    *,
    actor: User | None,
    base_url: str,
    country: str,
    thumbprint: str,
    agency: Agency,
    document: dict[str, Any] | None = None,
) -> Peer:
    """Register (or renew the keys of) a peer whose signing key has the given RFC 7638
    thumbprint; its published keys are refused unless they match."""
    if actor is not None:
        capability_require(actor, Capability.USER_MANAGE)
    base_url = _check_url(base_url)
    document = document if document is not None else peer_document_fetch(base_url)
    try:
        keys = crypto.peer_keys(document)
    except (ValueError, TypeError) as exc:
        raise ApplicationError(
            ErrorCode.INVALID, _("The peer's public keys could not be read."), field="base_url"
        ) from exc
    published = str(keys.signing.get("kid"))
    if not hmac.compare_digest(published, thumbprint.strip()):
        with transaction.atomic():
            audit_record(
                actor=actor,
                action=AuditAction.EXCHANGE_PEER_ADD,
                object_type="exchange_peer",
                outcome=Outcome.DENIED,
                detail={"reason": "thumbprint_mismatch"},
            )
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("The peer's signing key does not have this thumbprint: it was not added."),
            field="thumbprint",
        )
    instance = str(document.get("instance") or "")[:100]
    if not instance or instance == crypto.instance_id():
        raise ApplicationError(
            ErrorCode.INVALID, _("The peer does not name itself."), field="base_url"
        )
    jwks = {
        "keys": [
            {**json.loads(k.export_public()), "use": k.get("use"), "kid": k.get("kid")}
            for k in (keys.signing, keys.encryption)
        ]
    }
    with transaction.atomic():
        peer, _created = Peer.objects.update_or_create(
            instance_id=instance,
            defaults={
                "base_url": base_url,
                "country": country.strip().upper(),
                "signing_thumbprint": published,
                "jwks": jwks,
                "agency": agency,
                "added_by": actor,
                "active": True,
            },
        )
        audit_record(
            actor=actor,
            action=AuditAction.EXCHANGE_PEER_ADD,
            object_type="exchange_peer",
            object_id=peer.public_id,
            detail={"peer": peer.instance_id, "country": peer.country},
        )
    return peer


def _body(kind: MessageKind, body: Body | dict[str, Any]) -> Body:
    """The body checked against its kind's schema: a field the purpose does not need is refused
    before anything is sealed."""
    schema = REGISTRY[kind].schema
    if isinstance(body, schema):
        return body
    data = body.model_dump(mode="json") if isinstance(body, Body) else body
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        name = ".".join(str(p) for p in first["loc"]) or "body"
        raise ApplicationError(
            ErrorCode.INVALID, _("This message may not carry this field or value."), field=name
        ) from exc


@transaction.atomic
def message_send(
    *,
    actor: User | None,
    peer: Peer,
    kind: MessageKind,
    body: Body | dict[str, Any],
    legal_basis: LegalBasis,
    purpose: Purpose,
    agency: Agency,
    case: Case | None = None,
) -> OutboxMessage:
    """Seal a message to a peer into the outbox; the worker delivers it after the commit."""
    if actor is not None:
        capability_require(actor, Capability.TRACING_MANAGE)
    spec = REGISTRY[kind]
    if legal_basis not in spec.legal_bases:
        raise ApplicationError(
            ErrorCode.INVALID,
            _("This legal basis does not cover this message."),
            field="legal_basis",
        )
    if purpose not in spec.purposes:
        raise ApplicationError(
            ErrorCode.INVALID, _("This purpose does not fit this message."), field="purpose"
        )
    if not peer.active:
        raise ApplicationError(ErrorCode.CONFLICT, _("This peer is not active."), field="peer")
    checked = _body(kind, body)
    now = time.now()
    jti = uuid.uuid4()
    claims = {
        "jti": str(jti),
        "iss": crypto.instance_id(),
        "aud": peer.instance_id,
        "iat": int(now.timestamp()),
        "exp": int((now + dt.timedelta(hours=settings.KINHAVEN_EXCHANGE_TTL_HOURS)).timestamp()),
        "kind": str(kind),
        "legal_basis": str(legal_basis),
        "purpose": str(purpose),
        "body": checked.model_dump(mode="json"),
    }
    token = crypto.seal(claims, to=crypto.peer_keys(peer.jwks))
    message = OutboxMessage.objects.create(
        peer=peer,
        jti=jti,
        kind=kind,
        legal_basis=legal_basis,
        purpose=purpose,
        token=token,
        agency=agency,
        sent_by=actor,
        case=case,
        next_attempt_at=now,
    )
    audit_record(
        actor=actor,
        action=AuditAction.EXCHANGE_MESSAGE_SEND,
        object_type="exchange_message",
        object_id=message.public_id,
        detail={
            "peer": peer.instance_id,
            "jti": str(jti),
            "kind": str(kind),
            "legal_basis": str(legal_basis),
        },
        purpose=str(purpose),
    )
    transaction.on_commit(lambda: _enqueue(message.pk))
    return message


def _enqueue(message_id: int, *, at: dt.datetime | None = None) -> None:
    from kinhaven.exchange.tasks import exchange_deliver

    task = exchange_deliver.using(run_after=at) if at is not None else exchange_deliver
    task.enqueue(message_id)


def _post(url: str, token: str) -> int:
    """POST the sealed message; the HTTP status, or 0 where no answer came."""
    request = Request(  # noqa: S310  # scheme checked when the peer was added
        url,
        data=token.encode("ascii"),
        headers={"Content-Type": "application/jose"},
        method="POST",
    )
    try:
        with urlopen(request, timeout=FETCH_TIMEOUT_SECONDS) as response:  # noqa: S310  # nosec B310
            return int(response.status)
    except HTTPError as exc:
        return int(exc.code)
    except (URLError, OSError):
        return 0


def backoff(attempts: int) -> dt.timedelta:
    """How long to wait after the given number of failed attempts: doubling, capped."""
    return dt.timedelta(
        seconds=min(RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0), RETRY_MAX_SECONDS)
    )


def outbox_deliver(*, message_id: int, reschedule: bool = True) -> bool:
    """Try to deliver one message; on failure plan the next attempt. Tell whether it arrived.

    Delivery is at least once: a message whose answer was lost is sent again, and the
    receiving side acknowledges the copy without acting twice. No lock is held over the network.
    """
    message = OutboxMessage.objects.select_related("peer").filter(pk=message_id).first()
    if message is None or message.status in {OutboxStatus.SENT, OutboxStatus.GAVE_UP}:
        return False
    status = _post(message.peer.base_url + INBOX_PATH, message.token)
    now = time.now()
    attempts = message.attempts + 1
    pending = Q(pk=message.pk) & ~Q(status=OutboxStatus.SENT)
    if 200 <= status < 300:
        with transaction.atomic():
            OutboxMessage.objects.filter(pending).update(
                status=OutboxStatus.SENT,
                attempts=attempts,
                sent_at=now,
                next_attempt_at=None,
                last_error="",
            )
            audit_record(
                actor=None,
                action=AuditAction.EXCHANGE_MESSAGE_DELIVER,
                object_type="exchange_message",
                object_id=message.public_id,
                detail={"peer": message.peer.instance_id, "jti": str(message.jti)},
            )
        return True
    # A refusal (4xx other than timeouts and limits) will not change by sending again.
    refused = 400 <= status < 500 and status not in {408, 425, 429}
    gave_up = refused or attempts >= MAX_ATTEMPTS
    retry_at = None if gave_up else now + backoff(attempts)
    with transaction.atomic():
        OutboxMessage.objects.filter(pending).update(
            status=OutboxStatus.GAVE_UP if gave_up else OutboxStatus.RETRYING,
            attempts=attempts,
            next_attempt_at=retry_at,
            last_error=f"http_{status}" if status else "unreachable",
        )
        audit_record(
            actor=None,
            action=AuditAction.EXCHANGE_MESSAGE_DELIVER,
            object_type="exchange_message",
            object_id=message.public_id,
            outcome=Outcome.DENIED,
            detail={
                "peer": message.peer.instance_id,
                "jti": str(message.jti),
                "status": status,
                "gave_up": gave_up,
            },
        )
        if retry_at is not None and reschedule:
            transaction.on_commit(lambda: _enqueue(message.pk, at=retry_at))
    return False


def outbox_deliver_due(*, everything: bool = False) -> tuple[int, int]:
    """Deliver the queued messages whose attempt is due (or all waiting ones): (sent, failed)."""
    waiting = OutboxMessage.objects.filter(status__in=[OutboxStatus.QUEUED, OutboxStatus.RETRYING])
    if not everything:
        waiting = waiting.filter(
            Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=time.now())
        )
    sent = failed = 0
    for message_id in waiting.order_by("id").values_list("id", flat=True):
        if outbox_deliver(message_id=message_id, reschedule=False):
            sent += 1
        else:
            failed += 1
    return sent, failed


@dataclass
class Refused(Exception):
    """A received message that is not accepted; the reason is an enums.RefusalReason code."""

    reason: RefusalReason
    status: int
    peer: str = ""
    jti: str = ""


def _refuse(reason: RefusalReason, status: int, peer: str = "", jti: str = "") -> Refused:
    return Refused(reason=reason, status=status, peer=peer, jti=jti)


def _claims(opened: crypto.Opened, peer: Peer) -> dict[str, Any]:
    c = opened.claims
    jti = str(c.get("jti", ""))[:64]
    try:
        uuid.UUID(jti)
        iat = dt.datetime.fromtimestamp(int(c["iat"]), tz=dt.UTC)
        exp = dt.datetime.fromtimestamp(int(c["exp"]), tz=dt.UTC)
        kind = MessageKind(c["kind"])
        basis = LegalBasis(c["legal_basis"])
        purpose = Purpose(c["purpose"])
    except (KeyError, ValueError, TypeError, OverflowError) as exc:
        raise _refuse(RefusalReason.INVALID_CLAIMS, 400, peer.instance_id, jti) from exc
    if c.get("iss") != peer.instance_id:
        raise _refuse(RefusalReason.WRONG_ISSUER, 403, peer.instance_id, jti)
    if c.get("aud") != crypto.instance_id():
        raise _refuse(RefusalReason.WRONG_AUDIENCE, 403, peer.instance_id, jti)
    now = time.now()
    skew = dt.timedelta(seconds=settings.KINHAVEN_EXCHANGE_CLOCK_SKEW_SECONDS)
    if exp <= now - skew:
        raise _refuse(RefusalReason.EXPIRED, 403, peer.instance_id, jti)
    if iat > now + skew or exp - iat > MAX_LIFETIME or exp <= iat:
        raise _refuse(RefusalReason.NOT_YET_VALID, 403, peer.instance_id, jti)
    spec = REGISTRY[kind]
    if basis not in spec.legal_bases or purpose not in spec.purposes:
        raise _refuse(RefusalReason.INVALID_CLAIMS, 400, peer.instance_id, jti)
    try:
        body = spec.schema.model_validate(c.get("body"))
    except ValidationError as exc:
        raise _refuse(RefusalReason.INVALID_CLAIMS, 400, peer.instance_id, jti) from exc
    return {
        "jti": uuid.UUID(jti),
        "kind": kind,
        "legal_basis": basis,
        "purpose": purpose,
        "issued_at": iat,
        "expires_at": exp,
        "body": body.model_dump(mode="json"),
    }


def _open(token: str) -> tuple[Peer, crypto.Opened]:
    try:
        kid, inner = crypto.open_envelope(token)
    except crypto.SealError as exc:
        raise _refuse(RefusalReason(exc.reason), 400) from exc
    peer = Peer.objects.filter(signing_thumbprint=kid, active=True).select_related("agency").first()
    if peer is None:
        raise _refuse(RefusalReason.UNKNOWN_PEER, 403)
    try:
        opened = crypto.verify(inner, key=crypto.peer_keys(peer.jwks).signing)
    except crypto.SealError as exc:
        raise _refuse(RefusalReason(exc.reason), 403, peer.instance_id) from exc
    return peer, opened


def message_receive(*, token: str) -> tuple[InboxMessage, bool]:
    """Accept a sealed message from a peer: (the stored message, whether it is new).

    A copy of a message already received is acknowledged and not acted on again; anything
    else that is not a fresh, well-formed message signed by a registered peer and addressed to
    us is refused with a `Refused` carrying the reason, and audited.
    """
    try:
        peer, opened = _open(token)
        fields = _claims(opened, peer)
        digest = hashlib.sha256(opened.payload).hexdigest()
        try:
            return _store(peer, fields, digest)
        except IntegrityError:
            # Received meanwhile by a concurrent copy: compare with what is stored.
            return _store(peer, fields, digest)
    except Refused as refused:
        with transaction.atomic():
            audit_record(
                actor=None,
                action=AuditAction.EXCHANGE_MESSAGE_REFUSE,
                object_type="exchange_message",
                outcome=Outcome.DENIED,
                detail={"peer": refused.peer, "jti": refused.jti, "reason": str(refused.reason)},
            )
        logger.warning("exchange message refused: %s", refused.reason)
        raise


@transaction.atomic
def _store(peer: Peer, fields: dict[str, Any], digest: str) -> tuple[InboxMessage, bool]:
    existing = InboxMessage.objects.filter(peer=peer, jti=fields["jti"]).first()
    if existing is not None:
        if not hmac.compare_digest(existing.digest, digest):
            raise _refuse(RefusalReason.JTI_REUSED, 409, peer.instance_id, str(fields["jti"]))
        audit_record(
            actor=None,
            action=AuditAction.EXCHANGE_MESSAGE_DUPLICATE,
            object_type="exchange_message",
            object_id=existing.public_id,
            detail={"peer": peer.instance_id, "jti": str(existing.jti)},
        )
        return existing, False
    with transaction.atomic():
        message = InboxMessage.objects.create(
            peer=peer, digest=digest, agency=peer.agency, **fields
        )
    spec = REGISTRY[MessageKind(message.kind)]
    if spec.raises_deadline:
        deadline = deadline_start(
            code=DeadlineCode.EXCHANGE_ANSWER, agency=peer.agency, starts_at=time.now()
        )
        if deadline is not None:
            InboxMessage.objects.filter(pk=message.pk).update(deadline=deadline)
            message.deadline = deadline
    audit_record(
        actor=None,
        action=AuditAction.EXCHANGE_MESSAGE_RECEIVE,
        object_type="exchange_message",
        object_id=message.public_id,
        detail={
            "peer": peer.instance_id,
            "jti": str(message.jti),
            "kind": message.kind,
            "legal_basis": message.legal_basis,
        },
        purpose=message.purpose,
    )
    # The agency's supervisors are told: a link, never the data.
    notify(
        recipients=User.objects.filter(
            agency=peer.agency, is_active=True, role__code=RoleCode.SUPERVISOR
        ),
        kind=NotificationKind.TRACING,
        title=gettext_lazy("A message from a partner country"),
        path=reverse("exchange:received", args=[message.public_id]),
    )
    for handler in spec.handlers:
        transaction.on_commit(lambda handler=handler: handler(message))  # type: ignore[misc]
    return message, True


# An alert is reviewed after a year at the latest (SIS alerts on missing children, DOMAIN.md).
ALERT_LONGEST = dt.timedelta(days=365)


def peer_for(peer_id: uuid.UUID) -> Peer:
    """The active peer chosen, or a 422 on `peer_id`."""
    peer = peers_active().filter(public_id=peer_id).first()
    if peer is None:
        raise ApplicationError(ErrorCode.INVALID, _("Choose a partner instance."), field="peer_id")
    return peer


def contact_for(actor: User, data: ContactIn) -> Contact:
    """Who answers for us: the sender's agency, and the office telephone and e-mail given."""
    assert actor.agency is not None  # noqa: S101  # those who trace belong to an agency
    return Contact(agency=actor.agency.name, phone=data.contact_phone, email=data.contact_email)


@transaction.atomic
def missing_alert_send(*, actor: User, case: Case, data: MissingAlertIn) -> OutboxMessage:
    """Send an alert for a child whose case is flagged missing, to one peer."""
    capability_require(actor, Capability.TRACING_MANAGE)
    if not case.is_missing:
        raise ApplicationError(
            ErrorCode.CONFLICT, _("The child is not flagged missing."), field="case"
        )
    today = time.today()
    if not today < data.expires_on <= today + ALERT_LONGEST:
        raise ApplicationError(
            ErrorCode.INVALID,
            _("Give an expiry after today and within a year."),
            field="expires_on",
        )
    body = MissingAlertBody(
        alert_ref=f"A-{uuid.uuid4().hex[:12]}",
        first_name=data.first_name,
        sex=data.sex,  # type: ignore[arg-type]  # checked against the same letters
        birth_year=data.birth_year,
        age_years=data.age_years,
        description=data.description,
        last_seen_place=data.last_seen_place,
        last_seen_on=data.last_seen_on,
        contact=contact_for(actor, data),
        expires_on=data.expires_on,
    )
    return message_send(
        actor=actor,
        peer=peer_for(data.peer_id),
        kind=MessageKind.MISSING_ALERT,
        body=body,
        legal_basis=LegalBasis(data.legal_basis),
        purpose=Purpose.LOCATE_MISSING_CHILD,
        agency=case.agency,
        case=case,
    )


@transaction.atomic
def tracing_request_send(*, actor: User, data: TracingSendIn) -> OutboxMessage:
    """Ask a peer to trace a child, without names (they go only as an encoded query)."""
    capability_require(actor, Capability.TRACING_MANAGE)
    assert actor.agency is not None  # noqa: S101  # those who trace belong to an agency
    body = TracingRequestBody(
        request_ref=f"T-{uuid.uuid4().hex[:12]}",
        seeker_relationship=data.seeker_relationship,
        sex=data.sex,  # type: ignore[arg-type]  # checked against the same letters
        birth_year=data.birth_year,
        nationality=data.nationality or None,
        last_seen_place=data.last_seen_place,
        last_seen_on=data.last_seen_on,
        contact=contact_for(actor, data),
    )
    return message_send(
        actor=actor,
        peer=peer_for(data.peer_id),
        kind=MessageKind.TRACING_REQUEST,
        body=body,
        legal_basis=LegalBasis.CHILD_PROTECTION,
        purpose=Purpose.FAMILY_TRACING,
        agency=actor.agency,
    )


@transaction.atomic
def inbox_message_answered(
    *, actor: User, message: InboxMessage, data: CompletionIn
) -> InboxMessage:
    """Record that a received request was answered: its answer deadline is met."""
    capability_require(actor, Capability.TRACING_MANAGE)
    deadline = message.deadline
    if deadline is None or deadline.completed_at is not None:
        raise ApplicationError(
            ErrorCode.CONFLICT, _("This message has no open answer deadline."), field="deadline"
        )
    deadline_complete(actor=actor, deadline=deadline, data=data)
    return message
