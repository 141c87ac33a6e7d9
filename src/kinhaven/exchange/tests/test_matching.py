"""After an encoded query: a person on each side confirms a candidate before any identity goes.
Here the asking side (ours) confirms a candidate and receives the disclosure; the answering side
(ours) checks the child behind the handle, then discloses or declines. Every body before the
disclosure is inspected for the child's name."""

from __future__ import annotations

import json
from typing import Any

import pytest

from kinhaven.audit.models import AuditEntry
from kinhaven.cases.services import case_open
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conftest import web_client
from kinhaven.exchange.enums import MatchStatus, MessageKind
from kinhaven.exchange.models import InboxMessage, OutboxMessage, RegistrationMatch
from kinhaven.exchange.registration import registration_query_send
from kinhaven.exchange.services import message_receive
from kinhaven.exchange.tests.conftest import Partner
from kinhaven.notifications.models import Notification
from kinhaven.tracing.models import PprlHandle
from kinhaven.tracing.pprl import PprlFields, pprl_encode_query

pytestmark = pytest.mark.django_db

SECRET = "a secret the two instances share for this purpose"
SOUGHT = PprlFields("Amina", "Haddad", "2011-05-04", "F")
NAMES = ("Amina", "Haddad", "أمينة", "حداد", "2011-05-04")


def _opened(partner: Partner, message: OutboxMessage) -> dict[str, Any]:
    return partner.read(message.token)


def _nameless(claims: dict[str, Any]) -> None:
    text = json.dumps(claims["body"], ensure_ascii=False)
    for value in NAMES:
        assert value not in text, value


def _receive(partner, kind, body, capture, **changes) -> InboxMessage:
    with capture(execute=True):
        message, _new = message_receive(token=partner.seal(partner.claims(kind, body, **changes)))
    return message


@pytest.fixture
def asked(world, peer, settings):
    settings.KINHAVEN_PPRL_SECRET = SECRET
    _message, query = registration_query_send(
        actor=world.caseworker, peer=peer, people=[SOUGHT], agency=world.agency
    )
    return query


def test_asking_side_confirms_a_candidate_then_receives_the_identity(
    world, peer, partner, asked, django_capture_on_commit_callbacks
) -> None:
    capture = django_capture_on_commit_callbacks
    answer = {
        "query_id": asked.query_id,
        "candidates": [{"handle": "h-best", "score": 0.93}, {"handle": "h-other", "score": 0.71}],
    }
    _receive(partner, "registration_answer", answer, capture, purpose="registration_check")
    matches = {m.handle: m for m in RegistrationMatch.objects.filter(query=asked)}
    assert set(matches) == {"h-best", "h-other"}
    assert all(m.status == MatchStatus.PROPOSED for m in matches.values())
    # The person who asked is told, with a link and no data.
    note = Notification.objects.get(recipient=world.caseworker, path__contains=str(asked.public_id))
    assert "Amina" not in note.title

    client = web_client(world.caseworker)
    page = client.get(f"/exchange/queries/{asked.public_id}/")
    assert page.status_code == 200
    assert "0.93" in page.content.decode()
    best = matches["h-best"]
    url = f"/exchange/matches/{best.public_id}/confirm/"
    refused = client.post(url, {f"{best.public_id}-legal_basis": "law_enforcement"})
    assert refused.status_code == 422
    assert not OutboxMessage.objects.filter(kind=MessageKind.MATCH_CONFIRMATION).exists()
    done = client.post(url, {f"{best.public_id}-legal_basis": "child_protection"})
    assert done.status_code == 302
    best.refresh_from_db()
    assert best.status == MatchStatus.CONFIRMED
    assert best.confirmed_by == world.caseworker
    assert best.legal_basis == "child_protection"
    sent = OutboxMessage.objects.get(kind=MessageKind.MATCH_CONFIRMATION)
    claims = _opened(partner, sent)
    assert claims["body"] == {
        "query_id": asked.query_id,
        "handle": "h-best",
        "confirmed_by": world.agency.name,
    }
    assert claims["purpose"] == "family_tracing"
    _nameless(claims)
    # Confirmed once: a second confirmation is a conflict, nothing more is sent.
    again = client.post(url, {f"{best.public_id}-legal_basis": "child_protection"})
    assert again.status_code == 409
    assert OutboxMessage.objects.filter(kind=MessageKind.MATCH_CONFIRMATION).count() == 1

    disclosure = {
        "query_id": asked.query_id,
        "handle": "h-best",
        "confirmed_by": "Jugendamt Passau",
        "given_name": "Amina",
        "family_name": "Haddad",
        "birth_year": 2011,
        "sex": "F",
    }
    received = _receive(
        partner,
        "identity_disclosure",
        disclosure,
        capture,
        legal_basis="special_category_safeguarded",
    )
    best.refresh_from_db()
    assert best.status == MatchStatus.DISCLOSED
    assert best.disclosure == received
    # The other candidate was never confirmed here: a disclosure for it is flagged.
    _receive(
        partner,
        "identity_disclosure",
        {**disclosure, "handle": "h-other"},
        capture,
        legal_basis="special_category_safeguarded",
    )
    assert RegistrationMatch.objects.get(handle="h-other").status == MatchStatus.PROPOSED
    assert AuditEntry.objects.filter(
        action="exchange_message.unanswered", detail__reason="unsolicited"
    ).exists()
    shown = client.get(f"/exchange/received/{received.public_id}/")
    assert f"/exchange/queries/{asked.public_id}/" in shown.content.decode()


def test_another_agency_does_not_reach_the_query_or_its_candidates(
    world, peer, partner, asked, django_capture_on_commit_callbacks
) -> None:
    answer = {"query_id": asked.query_id, "candidates": [{"handle": "h-1", "score": 0.9}]}
    _receive(
        partner,
        "registration_answer",
        answer,
        django_capture_on_commit_callbacks,
        purpose="registration_check",
    )
    match = RegistrationMatch.objects.get()
    outsider = web_client(world.caseworker2)
    assert outsider.get(f"/exchange/queries/{asked.public_id}/").status_code == 404
    confirm = f"/exchange/matches/{match.public_id}/confirm/"
    assert outsider.post(confirm, {"legal_basis": "child_protection"}).status_code == 404
    assert web_client(world.hotline).get(f"/exchange/queries/{asked.public_id}/").status_code in {
        403,
        404,
    }


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
    case_open(actor=world.caseworker, child=child)
    return child


def _queried(partner, capture) -> tuple[str, str]:
    """The partner's query; returns its id and the best handle we answered with."""
    body = {"query_id": "Q-7", "encodings": [pprl_encode_query(SOUGHT, SECRET.encode())]}
    _receive(
        partner,
        "registration_query",
        body,
        capture,
        purpose="registration_check",
    )
    best = PprlHandle.objects.order_by("-score").first()
    assert best is not None
    return "Q-7", best.handle


def test_answering_side_checks_the_child_then_discloses_to_that_partner_alone(
    world, peer, partner, registered, django_capture_on_commit_callbacks
) -> None:
    capture = django_capture_on_commit_callbacks
    query_id, handle = _queried(partner, capture)
    answer = OutboxMessage.objects.get(kind=MessageKind.REGISTRATION_ANSWER)
    _nameless(_opened(partner, answer))
    confirmation = _receive(
        partner,
        "match_confirmation",
        {"query_id": query_id, "handle": handle, "confirmed_by": "Jugendamt Linz"},
        capture,
    )
    assert confirmation.deadline is not None  # an answer is due here

    client = web_client(world.caseworker)
    page = client.get(f"/exchange/received/{confirmation.public_id}/")
    assert page.status_code == 200
    assert f"/children/{registered.public_id}/" in page.content.decode()
    reply = f"/exchange/received/{confirmation.public_id}/reply/"
    unexplained = client.post(reply, {"decision": "confirm", "legal_basis": ""})
    assert unexplained.status_code == 422
    assert "legal_basis" in unexplained.content.decode()
    assert not OutboxMessage.objects.filter(kind=MessageKind.IDENTITY_DISCLOSURE).exists()

    basis = "Art. 10(4) CETS 197; family tracing agreement AUT-DEU"
    done = client.post(reply, {"decision": "confirm", "legal_basis": basis})
    assert done.status_code == 302
    row = PprlHandle.objects.get(handle=handle)
    assert row.confirmed_by == world.caseworker
    assert row.legal_basis == basis
    disclosure = OutboxMessage.objects.get(kind=MessageKind.IDENTITY_DISCLOSURE)
    assert disclosure.peer == peer
    claims = _opened(partner, disclosure)
    assert claims["legal_basis"] == "special_category_safeguarded"
    assert claims["body"]["given_name"] == "أمينة"
    assert claims["body"]["handle"] == handle
    assert str(registered.public_id) not in json.dumps(claims["body"])
    confirmation.refresh_from_db()
    assert confirmation.deadline.completed_at is not None
    # Answered: a second answer is a conflict.
    assert client.post(reply, {"decision": "decline"}).status_code == 409


def test_answering_side_declines_and_nothing_identifying_goes(
    world, api, peer, partner, registered, django_capture_on_commit_callbacks
) -> None:
    capture = django_capture_on_commit_callbacks
    query_id, handle = _queried(partner, capture)
    confirmation = _receive(
        partner,
        "match_confirmation",
        {"query_id": query_id, "handle": handle, "confirmed_by": "Jugendamt Linz"},
        capture,
    )
    url = f"/api/v1/exchange/received/{confirmation.public_id}/match-answer"
    declined = api("caseworker").post(url, {"decision": "decline"})
    assert declined.status_code == 201, declined.content
    assert declined.json()["kind"] == "match_declined"
    sent = OutboxMessage.objects.get(kind=MessageKind.MATCH_DECLINED)
    assert _opened(partner, sent)["body"] == {"query_id": query_id, "handle": handle}
    assert not OutboxMessage.objects.filter(kind=MessageKind.IDENTITY_DISCLOSURE).exists()
    assert PprlHandle.objects.get(handle=handle).confirmed_at is None


def test_a_partner_cannot_confirm_a_handle_it_was_not_given(
    world, peer, partner, registered, django_capture_on_commit_callbacks
) -> None:
    capture = django_capture_on_commit_callbacks
    _query_id, handle = _queried(partner, capture)
    # The right handle under another query id: not the partner's to ask about.
    confirmation = _receive(
        partner,
        "match_confirmation",
        {"query_id": "Q-other", "handle": handle, "confirmed_by": "Jugendamt Linz"},
        capture,
    )
    client = web_client(world.caseworker)
    page = client.get(f"/exchange/received/{confirmation.public_id}/")
    assert 'id="handle-unknown"' in page.content.decode()
    refused = client.post(
        f"/exchange/received/{confirmation.public_id}/reply/",
        {"decision": "confirm", "legal_basis": "Art. 10(4) CETS 197"},
    )
    assert refused.status_code == 404
    assert not OutboxMessage.objects.filter(kind=MessageKind.IDENTITY_DISCLOSURE).exists()
    assert PprlHandle.objects.get(handle=handle).confirmed_at is None


def test_queries_over_the_api_need_a_name_or_a_case(world, api, peer, registered, settings) -> None:
    settings.KINHAVEN_PPRL_SECRET = SECRET
    worker = api("caseworker")
    nameless = worker.post("/api/v1/exchange/queries", {"peer_id": str(peer.public_id)})
    assert nameless.status_code == 422
    assert [e["field"] for e in nameless.json()["errors"]] == ["given_name"]
    bad_date = worker.post(
        "/api/v1/exchange/queries",
        {"peer_id": str(peer.public_id), "given_name": "Amina", "date_of_birth": "4 May 2011"},
    )
    assert bad_date.status_code == 422
    assert [e["field"] for e in bad_date.json()["errors"]] == ["date_of_birth"]
    case = registered.cases.get()
    made = worker.post(
        f"/api/v1/exchange/cases/{case.public_id}/queries",
        {"peer_id": str(peer.public_id), "legal_basis": "missing_child"},
    )
    assert made.status_code == 201, made.content
    assert made.json()["case_id"] == str(case.public_id)
    assert made.json()["people"] == 1
    listed = worker.get("/api/v1/exchange/queries")
    assert [q["id"] for q in listed.json()] == [made.json()["id"]]
    assert api("caseworker2").get("/api/v1/exchange/queries").json() == []
