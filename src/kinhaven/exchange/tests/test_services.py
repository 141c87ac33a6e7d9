import datetime as dt
import json

import pytest

from kinhaven.audit.models import AuditEntry
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError
from kinhaven.deadlines.enums import DeadlineCode
from kinhaven.exchange import crypto
from kinhaven.exchange.enums import LegalBasis, MessageKind, OutboxStatus, Purpose
from kinhaven.exchange.messages import REGISTRY
from kinhaven.exchange.models import InboxMessage, OutboxMessage, Peer
from kinhaven.exchange.schemas import MissingAlertIn, TracingSendIn
from kinhaven.exchange.services import (
    Refused,
    backoff,
    message_receive,
    message_send,
    missing_alert_send,
    outbox_deliver,
    peer_add,
    tracing_request_send,
)
from kinhaven.exchange.tests.conftest import ALERT, CHILD_FAMILY, CHILD_GIVEN, TRACING


def _refusals(reason):
    return AuditEntry.objects.filter(action="exchange_message.refuse", detail__reason=reason)


def test_peer_is_refused_unless_its_signing_key_has_the_thumbprint(world, partner):
    with pytest.raises(ApplicationError) as refused:
        peer_add(
            actor=world.admin,
            base_url="http://127.0.0.1:9",
            country="DEU",
            thumbprint=crypto.signing_key().get("kid"),  # ours, not the partner's
            agency=world.agency,
            document=partner.document,
        )
    assert refused.value.field == "thumbprint"
    assert not Peer.objects.exists()
    assert AuditEntry.objects.filter(action="exchange_peer.add", outcome="denied").exists()


def test_only_administrators_add_peers(world, partner):
    with pytest.raises(ApplicationError):
        peer_add(
            actor=world.caseworker,
            base_url="http://127.0.0.1:9",
            country="DEU",
            thumbprint=partner.signing.get("kid"),
            agency=world.agency,
            document=partner.document,
        )


def test_a_body_with_a_field_its_purpose_does_not_need_is_refused_before_sending(world, peer):
    for extra in ({"family_name": CHILD_FAMILY}, {"health_notes": "asthma"}):
        with pytest.raises(ApplicationError) as refused:
            message_send(
                actor=world.caseworker,
                peer=peer,
                kind=MessageKind.MISSING_ALERT,
                body={**ALERT, **extra},
                legal_basis=LegalBasis.MISSING_CHILD,
                purpose=Purpose.LOCATE_MISSING_CHILD,
                agency=world.agency,
            )
        assert refused.value.field == next(iter(extra))
    assert not OutboxMessage.objects.exists()


def test_legal_basis_and_purpose_must_fit_the_kind(world, peer):
    with pytest.raises(ApplicationError) as refused:
        message_send(
            actor=world.caseworker,
            peer=peer,
            kind=MessageKind.MISSING_ALERT,
            body=ALERT,
            legal_basis=LegalBasis.CHILD_CONSENT,
            purpose=Purpose.LOCATE_MISSING_CHILD,
            agency=world.agency,
        )
    assert refused.value.field == "legal_basis"


def test_a_case_transfer_needs_the_childs_recorded_consent():
    schema = REGISTRY[MessageKind.CASE_TRANSFER].schema
    body = {
        "transfer_ref": "X-1",
        "case_ref": "C-1",
        "reason": "Family reunification",
        "contact": {"agency": "Agency One"},
    }
    with pytest.raises(ValueError, match="consent"):
        schema.model_validate(body)
    consent = {
        "given": True,
        "recorded_on": "2026-12-01",
        "heard_by": "Caseworker",
        "child_informed_in_language": "ara",
    }
    assert schema.model_validate({**body, "consent": consent})
    with pytest.raises(ValueError, match="given"):
        schema.model_validate({**body, "consent": {**consent, "given": False}})


def test_sent_message_is_sealed_audited_and_queued(world, peer, missing_case):
    data = MissingAlertIn.model_validate(
        {
            **{k: v for k, v in ALERT.items() if k not in {"alert_ref", "contact"}},
            "peer_id": str(peer.public_id),
            "contact_phone": "+43 1 000",
        }
    )
    message = missing_alert_send(actor=world.caseworker, case=missing_case, data=data)
    assert message.status == OutboxStatus.QUEUED
    assert CHILD_GIVEN not in message.token
    entry = AuditEntry.objects.get(action="exchange_message.send")
    assert entry.detail["jti"] == str(message.jti)
    assert CHILD_GIVEN not in json.dumps(entry.detail)


def test_no_alert_for_a_child_not_flagged_missing(world, peer, missing_case):
    missing_case.is_missing = False
    data = MissingAlertIn.model_validate(
        {
            **{k: v for k, v in ALERT.items() if k not in {"alert_ref", "contact"}},
            "peer_id": str(peer.public_id),
        }
    )
    with pytest.raises(ApplicationError) as refused:
        missing_alert_send(actor=world.caseworker, case=missing_case, data=data)
    assert refused.value.field == "case"


def test_tracing_request_carries_no_name(world, peer):
    data = TracingSendIn.model_validate(
        {"peer_id": str(peer.public_id), "seeker_relationship": "mother", "sex": "F"}
    )
    message = tracing_request_send(actor=world.caseworker, data=data)
    assert message.kind == MessageKind.TRACING_REQUEST
    schema = REGISTRY[MessageKind.TRACING_REQUEST].schema
    assert not {"given_name", "family_name", "other_names"} & set(schema.model_fields)


def test_received_message_is_stored_once_with_an_answer_deadline(world, peer, partner):
    token = partner.seal(partner.claims("missing_alert", ALERT))
    message, new = message_receive(token=token)
    assert new
    assert message.agency == world.agency
    assert message.deadline is not None
    assert message.deadline.code == DeadlineCode.EXCHANGE_ANSWER
    assert message.deadline.case is None
    assert message.deadline.due_at == message.deadline.starts_at + dt.timedelta(hours=48)
    again, new_again = message_receive(token=token)
    assert again.pk == message.pk
    assert not new_again
    assert InboxMessage.objects.count() == 1
    assert AuditEntry.objects.filter(action="exchange_message.receive").count() == 1
    assert AuditEntry.objects.filter(action="exchange_message.duplicate").count() == 1
    # The supervisor is told, by a link without data.
    note = (
        world.supervisor.notifications.get() if hasattr(world.supervisor, "notifications") else None
    )
    if note is not None:
        assert CHILD_GIVEN not in note.title


def test_an_answer_raises_no_deadline(world, peer, partner):
    answer = {"query_id": "Q-1", "candidates": [{"handle": "h-1", "score": 0.93}]}
    claims = partner.claims(
        "registration_answer", answer, legal_basis="child_protection", purpose="registration_check"
    )
    message, _new = message_receive(token=partner.seal(claims))
    assert message.deadline is None


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"exp": 1_700_000_000, "iat": 1_699_990_000}, "expired"),
        ({"aud": "kinhaven-elsewhere"}, "wrong_audience"),
        ({"iss": "kinhaven-impostor"}, "wrong_issuer"),
        ({"kind": "gossip"}, "invalid_claims"),
        ({"body": {**ALERT, "family_name": CHILD_FAMILY}}, "invalid_claims"),
    ],
)
def test_bad_messages_are_refused_and_audited(world, peer, partner, changes, reason):
    token = partner.seal(partner.claims("missing_alert", ALERT, **changes))
    with pytest.raises(Refused) as refused:
        message_receive(token=token)
    assert refused.value.reason == reason
    assert not InboxMessage.objects.exists()
    entry = _refusals(reason).get()
    assert entry.detail["peer"] == peer.instance_id
    assert CHILD_GIVEN not in json.dumps(entry.detail)


def test_a_message_id_reused_with_other_content_is_refused(world, peer, partner):
    claims = partner.claims("missing_alert", ALERT)
    message_receive(token=partner.seal(claims))
    changed = {**claims, "body": {**ALERT, "description": "Blue jacket"}}
    with pytest.raises(Refused) as refused:
        message_receive(token=partner.seal(changed))
    assert refused.value.reason == "jti_reused"
    assert refused.value.status == 409
    assert _refusals("jti_reused").get().detail["jti"] == claims["jti"]


def test_a_message_from_an_unknown_instance_is_refused(world, partner):
    with pytest.raises(Refused) as refused:
        message_receive(token=partner.seal(partner.claims("missing_alert", ALERT)))
    assert refused.value.reason == "unknown_peer"
    assert _refusals("unknown_peer").exists()


def test_failed_delivery_is_retried_later_with_backoff(world, peer):
    # The peer's address is a closed port on loopback: nothing answers.
    message = message_send(
        actor=world.caseworker,
        peer=peer,
        kind=MessageKind.TRACING_REQUEST,
        body=TRACING,
        legal_basis=LegalBasis.CHILD_PROTECTION,
        purpose=Purpose.FAMILY_TRACING,
        agency=world.agency,
    )
    before = time.now()
    assert not outbox_deliver(message_id=message.pk, reschedule=False)
    message.refresh_from_db()
    assert message.status == OutboxStatus.RETRYING
    assert message.attempts == 1
    assert message.last_error == "unreachable"
    assert message.next_attempt_at is not None
    assert message.next_attempt_at >= before + dt.timedelta(seconds=29)
    assert backoff(1) == dt.timedelta(seconds=30)
    assert backoff(2) == dt.timedelta(seconds=60)
    assert backoff(30) == dt.timedelta(hours=6)


NAMED = {MessageKind.IDENTITY_DISCLOSURE}


def test_no_message_body_but_the_disclosure_carries_a_childs_name():
    """Each kind's schema: only the identity disclosure has name fields; the alert has the
    first name alone."""
    for kind, spec in REGISTRY.items():
        fields = set(spec.schema.model_fields)
        names = fields & {"given_name", "family_name", "other_names", "mother_name", "father_name"}
        if kind in NAMED:
            assert "given_name" in names
        else:
            assert not names, kind
    assert "first_name" in REGISTRY[MessageKind.MISSING_ALERT].schema.model_fields
