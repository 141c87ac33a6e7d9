"""Asking a partner whether a child is registered there, without a name in any message: the
query carries encodings, the answer handles and scores; the identity waits for a person's
confirmation."""

from __future__ import annotations

import json
from typing import Any

import pytest

from kinhaven.audit.models import AuditEntry
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.exchange.enums import MessageKind
from kinhaven.exchange.models import OutboxMessage
from kinhaven.exchange.registration import registration_query_send
from kinhaven.exchange.services import message_receive
from kinhaven.exchange.tests.conftest import Partner
from kinhaven.tracing.models import PprlHandle
from kinhaven.tracing.pprl import PprlFields, pprl_encode_query, pprl_handle_child

pytestmark = pytest.mark.django_db

SECRET = "a secret the two instances share for this purpose"
SOUGHT = PprlFields("Amina", "Haddad", "2011-05-04", "F")
# What must never appear in a message body before a person confirms a match.
PERSONAL = ("Amina", "amina", "Haddad", "haddad", "2011-05-04", "2011")


def _opened_by_partner(partner: Partner, token: str) -> dict[str, Any]:
    """What the partner reads of a message we sealed to it."""
    return partner.read(token)


def _no_personal_data(claims: dict[str, Any], *extra: str) -> None:
    text = json.dumps(claims["body"])
    for value in (*PERSONAL, *extra):
        assert value not in text, value


@pytest.fixture
def registered(world, settings):
    settings.KINHAVEN_PPRL_SECRET = SECRET
    child = child_register(
        actor=world.caseworker,
        data=ChildIn.model_validate(
            {
                "given_name": "أمينة",
                "family_name": "حداد",
                "given_name_latin": "Amina",
                "family_name_latin": "Haddad",
                "sex": "F",
                "date_of_birth": "2011-05-04",
                "tracing": "allowed",
            }
        ),
    )
    child_register(actor=world.caseworker, data=ChildIn(given_name="Bilal", tracing="allowed"))
    return child


def test_a_query_sent_carries_encodings_only(world, peer, partner, registered) -> None:
    message, query = registration_query_send(
        actor=world.caseworker, peer=peer, people=[SOUGHT], agency=world.agency
    )
    claims = _opened_by_partner(partner, message.token)
    assert claims["kind"] == "registration_query"
    assert set(claims["body"]) == {"query_id", "encodings"}
    assert claims["body"]["query_id"] == query.query_id
    _no_personal_data(claims, str(registered.public_id))


def test_a_query_received_is_answered_with_handles_and_scores_only(
    world, peer, partner, registered, django_capture_on_commit_callbacks
) -> None:
    encodings = [
        pprl_encode_query(SOUGHT, SECRET.encode()),
        pprl_encode_query(PprlFields("Yusuf", "Karimi", "2009", "M"), SECRET.encode()),
    ]
    body = {"query_id": "Q-1", "encodings": encodings}
    query = partner.claims(
        "registration_query", body, purpose="registration_check", legal_basis="child_protection"
    )
    _no_personal_data(query)
    with django_capture_on_commit_callbacks(execute=True):
        message_receive(token=partner.seal(query))
    answer = OutboxMessage.objects.get(kind=MessageKind.REGISTRATION_ANSWER)
    claims = _opened_by_partner(partner, answer.token)
    _no_personal_data(claims, str(registered.public_id))
    assert claims["body"]["query_id"] == "Q-1"
    candidates = claims["body"]["candidates"]
    assert [set(c) for c in candidates] == [{"handle", "score"}] * len(candidates)
    best = max(candidates, key=lambda c: c["score"])
    assert best["score"] >= 0.67
    # The handle leads to the child here, and only once a person confirmed the match.
    assert PprlHandle.objects.get(handle=best["handle"]).child == registered
    with pytest.raises(Exception, match="confirm"):
        pprl_handle_child(best["handle"])


def test_without_a_shared_secret_a_query_stays_unanswered(
    world, peer, partner, registered, settings, django_capture_on_commit_callbacks
) -> None:
    settings.KINHAVEN_PPRL_SECRET = ""
    body = {"query_id": "Q-2", "encodings": [pprl_encode_query(SOUGHT, SECRET.encode())]}
    query = partner.claims(
        "registration_query", body, purpose="registration_check", legal_basis="child_protection"
    )
    with django_capture_on_commit_callbacks(execute=True):
        message_receive(token=partner.seal(query))
    assert not OutboxMessage.objects.filter(kind=MessageKind.REGISTRATION_ANSWER).exists()
    assert AuditEntry.objects.filter(action="exchange_message.unanswered").exists()
