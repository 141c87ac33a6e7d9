"""`kinhaven exchange`: keys, peer-add URL THUMBPRINT, deliver, send KIND.

`keys` makes the instance's keys on first use and prints its name and the thumbprint of its
signing key, to give a partner out of band. `peer-add` fetches a partner's public keys and
registers it only if its signing key has the thumbprint given. `deliver` sends what the outbox
holds now (the worker does the same on its own, with retries). `send` seals one message from a
JSON body, as an operator (the pages send alerts and tracing requests for users).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kinhaven.accounts.models import Agency
from kinhaven.core.errors import ApplicationError
from kinhaven.exchange import crypto
from kinhaven.exchange.enums import LegalBasis, MessageKind, Purpose
from kinhaven.exchange.models import Peer
from kinhaven.exchange.services import message_send, outbox_deliver_due, peer_add


def _agency(name: str) -> Agency:
    agencies = Agency.objects.order_by("-receives_public_reports", "name")
    agency = agencies.filter(name=name).first() if name else agencies.first()
    if agency is None:
        raise CommandError("No such agency: create one first (kinhaven agency_add).")
    return agency


class Command(BaseCommand):
    help = "Federate with partner instances: keys, peers, delivery of the outbox."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        sub.add_parser("keys", help="print this instance's name and signing key thumbprint")
        add = sub.add_parser("peer-add", help="add a partner instance by URL and thumbprint")
        add.add_argument("url")
        add.add_argument("thumbprint", help="RFC 7638 thumbprint of the peer's signing key")
        add.add_argument("--country", required=True, help="ISO 3166-1 alpha-3")
        add.add_argument(
            "--agency", default="", help="the agency that receives its messages (default: first)"
        )
        deliver = sub.add_parser("deliver", help="deliver the outbox's waiting messages now")
        deliver.add_argument(
            "--all", action="store_true", help="also those whose next attempt is not due yet"
        )
        send = sub.add_parser("send", help="seal one message into the outbox")
        send.add_argument("kind", choices=MessageKind.values)
        send.add_argument("--peer", required=True, help="the peer's instance name")
        send.add_argument("--legal-basis", required=True, choices=LegalBasis.values)
        send.add_argument("--purpose", required=True, choices=Purpose.values)
        send.add_argument("--body", required=True, help="the body as JSON")
        send.add_argument("--agency", default="", help="the sending agency (default: first)")

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
            else:
                found = Peer.objects.filter(instance_id=options["peer"]).first()
                if found is None:
                    raise CommandError("No such peer.")
                message = message_send(
                    actor=None,
                    peer=found,
                    kind=MessageKind(options["kind"]),
                    body=json.loads(options["body"]),
                    legal_basis=LegalBasis(options["legal_basis"]),
                    purpose=Purpose(options["purpose"]),
                    agency=_agency(options["agency"]),
                )
                self.stdout.write(f"queued {message.kind} {message.jti}")
        except ApplicationError as exc:
            field = f" ({exc.field})" if exc.field else ""
            raise CommandError(f"{exc.message}{field}") from None
        except ValueError as exc:
            raise CommandError("The body is not JSON.") from exc
