"""Encoded matching between instances: names never leave, only handles and scores; identities
only after a person confirms, with the legal basis."""

import dataclasses
import datetime as dt
import json

import anonlink  # type: ignore[import-untyped]  # no type marker
import pytest

from kinhaven.audit.actions import AuditAction
from kinhaven.audit.models import AuditEntry
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register, child_update
from kinhaven.core.errors import ApplicationError
from kinhaven.tracing.models import PprlHandle
from kinhaven.tracing.pprl import (
    DEFAULT_THRESHOLD,
    PprlFields,
    _decode,
    key_fingerprint,
    pprl_answer,
    pprl_encode_child,
    pprl_encode_query,
    pprl_handle_child,
    pprl_handle_confirm,
)

SECRET = b"a secret the two peers share for tracing"
OTHER_SECRET = b"another secret, of another purpose"

REGISTERED = {
    "given_name": "محمد",
    "family_name": "الحسيني",
    "sex": "M",
    "date_of_birth": "2010-03-04",
    "nationality": "SYR",
}
SOUGHT = PprlFields("Mohamed", "Husseini", "2010-03-04", "M")


def _dice(a: str, b: str) -> float:
    sims, _pairs = anonlink.similarities.dice_coefficient_python([[_decode(a)], [_decode(b)]], 0.0)
    return float(sims[0]) if len(sims) else 0.0


def _register(world, **changes):
    return child_register(
        actor=world.caseworker2, data=ChildIn.model_validate({**REGISTERED, **changes})
    )


def test_one_child_in_another_script_encodes_alike_and_another_child_does_not() -> None:
    latin = pprl_encode_query(PprlFields("Yuliia", "Kovalenko", "2012-05-17", "F"), SECRET)
    cyrillic = pprl_encode_query(PprlFields("Юлія", "Коваленко", "2012-05-17", "F"), SECRET)
    german = pprl_encode_query(PprlFields("Julija", "Kowalenko", "2012", "F"), SECRET)
    arabic = pprl_encode_query(PprlFields("محمد", "الحسيني", "2010-03-04", "M"), SECRET)
    other = pprl_encode_query(PprlFields("Mohamed", "Husseini", "2010-03-04", "M"), SECRET)
    stranger = pprl_encode_query(PprlFields("Amina", "Diallo", "2009-11-02", "F"), SECRET)
    assert _dice(latin, cyrillic) >= 0.95
    assert _dice(latin, german) >= DEFAULT_THRESHOLD  # another spelling, the year only
    assert _dice(arabic, other) >= 0.85
    assert _dice(latin, stranger) < 0.4
    assert _dice(latin, arabic) < 0.4


def test_a_wrong_key_matches_nothing() -> None:
    fields = PprlFields("Yuliia", "Kovalenko", "2012-05-17", "F")
    same = _dice(pprl_encode_query(fields, SECRET), pprl_encode_query(fields, SECRET))
    assert same == 1.0
    assert _dice(pprl_encode_query(fields, SECRET), pprl_encode_query(fields, OTHER_SECRET)) < 0.4
    assert key_fingerprint(SECRET) != key_fingerprint(OTHER_SECRET)
    assert SECRET.hex() not in key_fingerprint(SECRET)


def test_bad_input_names_the_field() -> None:
    with pytest.raises(ApplicationError) as short:
        pprl_encode_query(SOUGHT, b"short")
    assert short.value.field == "secret"
    with pytest.raises(ApplicationError) as date:
        pprl_encode_query(dataclasses.replace(SOUGHT, date_of_birth="4 March"), SECRET)
    assert date.value.field == "date_of_birth"


@pytest.mark.django_db
def test_a_query_finds_a_consenting_child_and_returns_only_handles_and_scores(world) -> None:
    boy = _register(world, tracing="allowed")
    _register(world, given_name="Amina", family_name="Diallo", sex="F", tracing="allowed")
    query = pprl_encode_query(SOUGHT, SECRET)
    answers = pprl_answer(encodings=[query], secret=SECRET, query_ref="q-1")
    assert len(answers) == 1
    assert answers[0].score >= DEFAULT_THRESHOLD
    # The child as registered here (native names and their Latin forms) encodes as the query.
    assert _dice(pprl_encode_child(boy, SECRET), query) >= 0.85
    body = json.dumps({"query_id": "q-1", "answers": [dataclasses.asdict(a) for a in answers]})
    for leak in (
        "محمد", "Mohamed", "Husseini", "الحسيني", "2010", str(boy.public_id), f'"{boy.pk}"',
        boy.public_id.hex,
    ):  # fmt: skip
        assert leak not in body
    assert set(json.loads(body)["answers"][0]) == {"handle", "score"}
    row = PprlHandle.objects.get(handle=answers[0].handle)
    assert row.child == boy
    assert row.query_ref == "q-1"
    entry = AuditEntry.objects.get(action=AuditAction.TRACING_PPRL_ANSWER)
    assert entry.detail["answers"] == 1
    assert entry.detail["key"] == key_fingerprint(SECRET)
    assert "Mohamed" not in json.dumps(entry.detail)


@pytest.mark.django_db
def test_a_child_without_tracing_consent_is_never_answered(world) -> None:
    undecided = _register(world)
    refused = _register(world, tracing="refused")
    query = pprl_encode_query(SOUGHT, SECRET)
    assert pprl_answer(encodings=[query], secret=SECRET, query_ref="q-2") == []
    child_update(actor=world.caseworker2, child=undecided, changes=ChildIn(tracing="allowed"))
    answers = pprl_answer(encodings=[query], secret=SECRET, query_ref="q-3")
    assert [PprlHandle.objects.get(handle=a.handle).child for a in answers] == [undecided]
    assert refused.tracing == "refused"


@pytest.mark.django_db
def test_a_wrong_key_finds_no_child(world) -> None:
    _register(world, tracing="allowed")
    query = pprl_encode_query(SOUGHT, OTHER_SECRET)
    assert pprl_answer(encodings=[query], secret=SECRET, query_ref="q-4") == []


@pytest.mark.django_db
def test_malformed_encodings_are_refused(world) -> None:
    for encodings in ([], ["not base64!"], ["AAAA"]):
        with pytest.raises(ApplicationError) as refused:
            pprl_answer(encodings=encodings, secret=SECRET, query_ref="q-5")
        assert refused.value.field == "encodings"
    assert not PprlHandle.objects.exists()


@pytest.mark.django_db
def test_identity_only_after_a_person_confirms_with_the_legal_basis(world) -> None:
    boy = _register(world, tracing="allowed")
    (answer,) = pprl_answer(
        encodings=[pprl_encode_query(SOUGHT, SECRET)], secret=SECRET, query_ref="q-6"
    )
    with pytest.raises(ApplicationError) as unconfirmed:
        pprl_handle_child(answer.handle)
    assert unconfirmed.value.http_status == 409
    with pytest.raises(ApplicationError) as no_basis:
        pprl_handle_confirm(handle=answer.handle, actor=world.caseworker2, legal_basis=" ")
    assert no_basis.value.field == "legal_basis"
    with pytest.raises(ApplicationError) as denied:
        pprl_handle_confirm(handle=answer.handle, actor=world.analyst, legal_basis="GDPR 6(1)(e)")
    assert denied.value.http_status == 403
    row = pprl_handle_confirm(
        handle=answer.handle, actor=world.caseworker2, legal_basis="GDPR 6(1)(e)"
    )
    assert row.confirmed_by == world.caseworker2
    assert row.legal_basis == "GDPR 6(1)(e)"
    assert row.confirmed_at is not None
    assert pprl_handle_child(answer.handle) == boy
    confirmed = AuditEntry.objects.get(action=AuditAction.TRACING_PPRL_CONFIRM)
    assert confirmed.actor_id == world.caseworker2.pk
    assert confirmed.object_id == row.public_id
    disclosed = AuditEntry.objects.get(action=AuditAction.TRACING_PPRL_DISCLOSE)
    assert disclosed.object_id == boy.public_id
    with pytest.raises(ApplicationError):
        pprl_handle_confirm(
            handle=answer.handle, actor=world.caseworker2, legal_basis="GDPR 6(1)(e)"
        )


@pytest.mark.django_db
def test_handles_expire(world) -> None:
    _register(world, tracing="allowed")
    (answer,) = pprl_answer(
        encodings=[pprl_encode_query(SOUGHT, SECRET)], secret=SECRET, query_ref="q-7"
    )
    pprl_handle_confirm(handle=answer.handle, actor=world.caseworker2, legal_basis="CRC art. 22")
    PprlHandle.objects.filter(handle=answer.handle).update(
        expires_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    )
    with pytest.raises(ApplicationError) as expired:
        pprl_handle_child(answer.handle)
    assert expired.value.http_status == 404
    with pytest.raises(ApplicationError):
        pprl_handle_child("no-such-handle")


@pytest.mark.django_db
def test_withdrawn_consent_stops_disclosure(world) -> None:
    boy = _register(world, tracing="allowed")
    (answer,) = pprl_answer(
        encodings=[pprl_encode_query(SOUGHT, SECRET)], secret=SECRET, query_ref="q-8"
    )
    pprl_handle_confirm(handle=answer.handle, actor=world.caseworker2, legal_basis="CRC art. 22")
    child_update(actor=world.caseworker2, child=boy, changes=ChildIn(tracing="refused"))
    with pytest.raises(ApplicationError):
        pprl_handle_child(answer.handle)
