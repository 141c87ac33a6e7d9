"""`kinhaven exchange`: keys, peer-add URL THUMBPRINT, deliver, send KIND.

`keys` makes the instance's keys on first use and prints its name and the thumbprint of its
signing key, to give a partner out of band. `peer-add` fetches a partner's public keys and
registers it only if its signing key has the thumbprint given. `deliver` sends what the outbox
holds now (the worker does the same on its own, with retries). `send` seals one message from a
JSON body, as an operator (the pages send alerts and tracing requests for users).

The encoded registration check, as a named user who traces (`--user`): `query` asks a partner
whether a child is registered there (names encoded here, only encodings leave), `matches`
lists the candidates answered, `confirm-match` confirms one and asks for the identity, and on
the answering side `answer-match` confirms and discloses, or declines.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from django.core.management.base import CommandError, CommandParser

from kinhaven.accounts.models import Agency, User
from kinhaven.children.models import Child
from kinhaven.children.validators import parse_partial_date
from kinhaven.core import time
from kinhaven.core.commands import KinhavenCommand, model_text, uuid_argument
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.core.validation import validate_country
from kinhaven.exchange import crypto, registration
from kinhaven.exchange.enums import LegalBasis, MessageKind, Purpose
from kinhaven.exchange.models import InboxMessage, Peer, RegistrationMatch
from kinhaven.exchange.services import message_send, outbox_deliver_due, peer_add
from kinhaven.tracing.models import PprlHandle
from kinhaven.tracing.pprl import PprlFields

# The legal bases of the encoded check, as the words typed (argparse lists choices by repr).
QUERY_BASES = [basis.value for basis in registration.QUERY_BASES]

# Names to look up: refused when they could name nothing (too long, control characters).
AGENCY = model_text(Agency, "name", blank=True)
PEER = model_text(Peer, "instance_id")
USER = model_text(User, "username")

# The option the user typed for each field a service names in its errors, by verb. A field of
# the body of `send` is named within --body; a field no option gives (the shared secret, a
# setting) is not named.
OPTIONS: dict[str, dict[str, str]] = {
    "peer-add": {"base_url": "url", "thumbprint": "thumbprint", "country": "--country"},
    "send": {"legal_basis": "--legal-basis", "purpose": "--purpose", "peer": "--peer"},
    "query": {
        "given_name": "--given",
        "family_name": "--family",
        "date_of_birth": "--born",
        "sex": "--sex",
        "legal_basis": "--legal-basis",
        "peer": "--peer",
    },
    "confirm-match": {"match": "match", "legal_basis": "--legal-basis"},
    "answer-match": {"message": "message", "handle": "message", "legal_basis": "--confirm"},
}
# The verbs that act as the person named by --user (whose role may not allow it).
AS_USER = {"query", "confirm-match", "answer-match"}


def _country(text: str) -> str:
    """A partner's country: ISO 3166-1 alpha-3."""
    try:
        return validate_country(text, persons=False)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _born(text: str) -> str:
    """A date of birth, YYYY, YYYY-MM or YYYY-MM-DD, not in the future; blank when unknown."""
    if not text.strip():
        return ""
    try:
        return str(parse_partial_date(text, today=time.today()))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _json_object(text: str) -> dict[str, Any]:
    try:
        body = json.loads(text)
    except (ValueError, RecursionError):
        raise argparse.ArgumentTypeError("not JSON") from None
    if not isinstance(body, dict):
        raise argparse.ArgumentTypeError("not a JSON object")
    return body


def _agency(name: str) -> Agency:
    agencies = Agency.objects.order_by("-receives_public_reports", "name")
    agency = agencies.filter(name=name).first() if name else agencies.first()
    if agency is None and name:
        raise CommandError("--agency: no agency has this name.")
    if agency is None:
        raise CommandError("No such agency: create one first (kinhaven agency_add).")
    return agency


def _named(verb: str, exc: ApplicationError) -> str:
    """The option at fault in a service's error, as the user typed it ("" when none)."""
    if exc.field:
        if exc.field in OPTIONS.get(verb, {}):
            return OPTIONS[verb][exc.field]
        if verb == "send":
            return f"--body: {exc.field}"
        return "" if exc.field == "secret" else exc.field
    return "--user" if exc.code == ErrorCode.PERMISSION_DENIED and verb in AS_USER else ""


def _user(username: str) -> User:
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError("--user: no active user has this name.")
    return user


def _peer(instance_id: str) -> Peer:
    found = Peer.objects.filter(instance_id=instance_id).first()
    if found is None:
        raise CommandError("--peer: no peer has this instance name.")
    return found


class Command(KinhavenCommand):
    help = "Federate with partner instances: keys, peers, delivery of the outbox."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        sub.add_parser("keys", help="print this instance's name and signing key thumbprint")
        add = sub.add_parser("peer-add", help="add a partner instance by URL and thumbprint")
        add.add_argument("url", type=model_text(Peer, "base_url"))
        add.add_argument(
            "thumbprint",
            type=model_text(Peer, "signing_thumbprint"),
            help="RFC 7638 thumbprint of the peer's signing key",
        )
        add.add_argument("--country", required=True, type=_country, help="ISO 3166-1 alpha-3")
        add.add_argument(
            "--agency",
            default="",
            type=AGENCY,
            help="the agency that receives its messages (default: first)",
        )
        deliver = sub.add_parser("deliver", help="deliver the outbox's waiting messages now")
        deliver.add_argument(
            "--all", action="store_true", help="also those whose next attempt is not due yet"
        )
        send = sub.add_parser("send", help="seal one message into the outbox")
        send.add_argument("kind", choices=MessageKind.values)
        send.add_argument("--peer", required=True, type=PEER, help="the peer's instance name")
        send.add_argument("--legal-basis", required=True, choices=LegalBasis.values)
        send.add_argument("--purpose", required=True, choices=Purpose.values)
        send.add_argument("--body", required=True, type=_json_object, help="the body as JSON")
        send.add_argument(
            "--agency", default="", type=AGENCY, help="the sending agency (default: first)"
        )
        query = sub.add_parser("query", help="ask a partner whether a child is registered there")
        query.add_argument("--peer", required=True, type=PEER, help="the peer's instance name")
        query.add_argument("--user", required=True, type=USER, help="who asks (a user who traces)")
        query.add_argument(
            "--given",
            required=True,
            type=model_text(Child, "given_name"),
            help="given name of the child sought",
        )
        query.add_argument(
            "--family", default="", type=model_text(Child, "family_name", blank=True)
        )
        query.add_argument("--born", default="", type=_born, help="YYYY, YYYY-MM or YYYY-MM-DD")
        query.add_argument("--sex", default="", choices=["", "F", "M", "X", "U"])
        query.add_argument(
            "--legal-basis", default=LegalBasis.CHILD_PROTECTION.value, choices=QUERY_BASES
        )
        sub.add_parser("matches", help="list the candidates partners answered our queries with")
        confirm = sub.add_parser("confirm-match", help="confirm a candidate, ask for the identity")
        confirm.add_argument(
            "match", type=uuid_argument, help="the candidate's id (from `matches`)"
        )
        confirm.add_argument("--user", required=True, type=USER)
        confirm.add_argument(
            "--legal-basis", default=LegalBasis.CHILD_PROTECTION.value, choices=QUERY_BASES
        )
        answer = sub.add_parser("answer-match", help="answer a partner's match confirmation")
        answer.add_argument("message", type=uuid_argument, help="the received message's id")
        answer.add_argument("--user", required=True, type=USER)
        decision = answer.add_mutually_exclusive_group(required=True)
        decision.add_argument(
            "--confirm",
            metavar="LEGAL_BASIS",
            type=model_text(PprlHandle, "legal_basis"),
            help="disclose, on this basis (in words)",
        )
        decision.add_argument("--decline", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        verb = options["verb"]
        try:
            if verb == "keys":
                document = crypto.public_document()
                self.stdout.write(f"instance {document['instance']} ({document['country']})")
                self.stdout.write(f"signing key thumbprint {crypto.signing_key().get('kid')}")
            elif verb == "peer-add":
                peer = peer_add(
                    actor=None,
                    base_url=options["url"],
                    country=options["country"],
                    thumbprint=options["thumbprint"],
                    agency=_agency(options["agency"]),
                )
                self.stdout.write(f"peer {peer.instance_id} added ({peer.country})")
            elif verb == "deliver":
                sent, failed = outbox_deliver_due(everything=options["all"])
                self.stdout.write(f"{sent} delivered, {failed} not delivered")
            elif verb == "query":
                user = _user(options["user"])
                fields = PprlFields(
                    options["given"], options["family"], options["born"], options["sex"]
                )
                _message, asked = registration.registration_query_send(
                    actor=user,
                    peer=_peer(options["peer"]),
                    agency=user.agency or _agency(""),
                    people=[fields],
                    legal_basis=options["legal_basis"],
                )
                self.stdout.write(f"query {asked.query_id} queued")
            elif verb == "matches":
                for match in RegistrationMatch.objects.select_related("query").order_by("id"):
                    self.stdout.write(
                        f"{match.public_id} {match.query.query_id} {match.score:.4f} {match.status}"
                    )
            elif verb == "confirm-match":
                found_match = RegistrationMatch.objects.filter(public_id=options["match"]).first()
                if found_match is None:
                    raise CommandError("match: no candidate has this id.")
                registration.registration_match_confirm(
                    actor=_user(options["user"]),
                    match=found_match,
                    legal_basis=options["legal_basis"],
                )
                self.stdout.write("match confirmation queued")
            elif verb == "answer-match":
                received = InboxMessage.objects.filter(public_id=options["message"]).first()
                if received is None:
                    raise CommandError("message: no received message has this id.")
                answered = registration.match_confirmation_answer(
                    actor=_user(options["user"]),
                    message=received,
                    confirm=options["confirm"] is not None,
                    legal_basis=options["confirm"] or "",
                )
                self.stdout.write(f"queued {answered.kind} {answered.jti}")
            else:
                message = message_send(
                    actor=None,
                    peer=_peer(options["peer"]),
                    kind=MessageKind(options["kind"]),
                    body=options["body"],
                    legal_basis=LegalBasis(options["legal_basis"]),
                    purpose=Purpose(options["purpose"]),
                    agency=_agency(options["agency"]),
                )
                self.stdout.write(f"queued {message.kind} {message.jti}")
        except ApplicationError as exc:
            named = _named(verb, exc)
            field = f" ({named})" if named else ""
            raise CommandError(f"{exc.message}{field}") from None
