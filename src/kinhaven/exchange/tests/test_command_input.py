"""`kinhaven exchange` refuses bad input with a message naming the option typed, before it
writes anything: no traceback, no row."""

from __future__ import annotations

import uuid

import pytest
from django.core.management import CommandError, call_command

from kinhaven.audit.models import AuditEntry
from kinhaven.exchange.models import (
    InboxMessage,
    OutboxMessage,
    Peer,
    RegistrationMatch,
    RegistrationQuery,
)
from kinhaven.exchange.tests.conftest import PARTNER, Partner

pytestmark = pytest.mark.django_db

SECRET = "a secret the two instances share for this purpose"
WRITTEN = (Peer, OutboxMessage, InboxMessage, RegistrationQuery, RegistrationMatch, AuditEntry)


def _rows() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in WRITTEN}


def _refused(args: list[str], named: str) -> CommandError:
    """Run `exchange ARGS`: it must fail naming `named`, and write nothing."""
    before = _rows()
    with pytest.raises(CommandError, match=named) as refused:
        call_command("exchange", *args)
    assert _rows() == before
    return refused.value


@pytest.fixture
def ready(world, peer, partner, settings, monkeypatch) -> None:
    """A peer, a user who traces and a shared secret: good input would be written. A peer's
    keys are "fetched" from the partner's document, with no network."""
    settings.KINHAVEN_PPRL_SECRET = SECRET
    monkeypatch.setattr(
        "kinhaven.exchange.services.peer_document_fetch", lambda _url: partner.document
    )


THUMBPRINT = "the partner's thumbprint"  # stands for it in the arguments below


def _query(*extra: str, user: str = "caseworker") -> list[str]:
    return ["query", "--peer", PARTNER, "--user", user, "--given", "Amina", *extra]


def _peer_add(*extra: str, url: str = "http://127.0.0.1:9") -> list[str]:
    return ["peer-add", *extra, "--", url, THUMBPRINT]


def _send(body: str) -> list[str]:
    return [
        "send", "missing_alert", "--peer", PARTNER, "--legal-basis", "missing_child",
        "--purpose", "locate_missing_child", "--body", body,
    ]  # fmt: skip


def _with_thumbprint(args: list[str], partner: Partner) -> list[str]:
    """The arguments with the partner's real thumbprint: the old code would have added it."""
    return [str(partner.signing.get("kid")) if a == THUMBPRINT else a for a in args]


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["confirm-match", "not-a-uuid", "--user", "caseworker"], "argument match: not an id"),
        (
            ["answer-match", "not-a-uuid", "--user", "caseworker", "--decline"],
            "argument message: not an id",
        ),
        (
            ["answer-match", "x" * 5000, "--user", "caseworker", "--confirm", "CETS 197"],
            "argument message: not an id",
        ),
    ],
    ids=["confirm-match", "answer-match", "answer-match-long"],
)
def test_an_id_that_is_not_a_uuid_is_refused_without_repeating_it(ready, args, named) -> None:
    error = _refused(args, named)
    assert args[1] not in str(error)


@pytest.mark.parametrize(
    "country",
    ["QQQ", "", "   ", "X" * 5000, "XXA", "DE"],
    ids=["unknown", "empty", "blank", "long", "stateless", "alpha-2"],
)
def test_peer_add_refuses_a_country_that_is_not_one(ready, partner, country) -> None:
    Peer.objects.all().delete()  # so that adding it would be a new row
    error = _refused(
        _with_thumbprint(_peer_add("--country", country), partner), "argument --country"
    )
    if country == "XXA":
        assert "are for a person's nationality" in str(error)


@pytest.mark.parametrize(
    "given", ["", "   ", "\x00", "A" * 201], ids=["empty", "blank", "nul", "long"]
)
def test_query_refuses_a_given_name_that_names_no_one(ready, given) -> None:
    _refused(
        ["query", "--peer", PARTNER, "--user", "caseworker", "--given", given], "argument --given"
    )


@pytest.mark.parametrize("born", ["2999-01-01", "2999", "2011-13", "2011-02-30", "04/05/2011"])
def test_query_refuses_a_birth_date_in_the_future_or_not_a_date(ready, born) -> None:
    _refused(_query("--born", born), "argument --born")


def test_the_legal_basis_choices_are_listed_as_typed(ready) -> None:
    error = _refused(_query("--legal-basis", "law_enforcement"), "argument --legal-basis")
    assert "'child_protection', 'missing_child'" in str(error)
    assert "LegalBasis" not in str(error)


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (_peer_add("--country", "DEU", url="ftp://partner.example"), r"\(url\)"),
        (_query(user="hotline"), r"\(--user\)"),
        (
            ["query", "--peer", "nowhere", "--user", "caseworker", "--given", "Amina"],
            "^--peer: ",
        ),
        (_peer_add("--country", "DEU", "--agency", "No Such Agency"), "^--agency: "),
        (
            ["confirm-match", str(uuid.uuid4()), "--user", "caseworker"],
            "^match: ",
        ),
        (
            ["answer-match", str(uuid.uuid4()), "--user", "caseworker", "--decline"],
            "^message: ",
        ),
    ],
    ids=["url", "user-role", "peer", "agency", "match", "message"],
)
def test_an_error_names_the_option_typed_not_the_field(ready, partner, args, named) -> None:
    _refused(_with_thumbprint(args, partner), named)


@pytest.mark.parametrize(
    ("option", "value"),
    [("--confirm", "   "), ("--confirm", "x" * 201), ("--user", "case\x00worker")],
    ids=["basis-blank", "basis-long", "user-nul"],
)
def test_answer_match_checks_its_options_before_looking_anything_up(ready, option, value) -> None:
    args = ["answer-match", str(uuid.uuid4()), "--user", "caseworker", "--confirm", "CETS 197"]
    args[args.index(option) + 1] = value
    _refused(args, f"argument {option}")


@pytest.mark.parametrize(
    ("body", "named"),
    [("{", "argument --body: not JSON"), ("[1]", "argument --body: not a JSON object")],
    ids=["not-json", "not-an-object"],
)
def test_send_refuses_a_body_that_is_not_a_json_object(ready, body, named) -> None:
    _refused(_send(body), named)
