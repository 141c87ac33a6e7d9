"""Two instances in one test database: "ours" (the test's settings) and a partner whose keys
live in a folder of their own. Messages from the partner are sealed with its keys by hand."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from jwcrypto import jwe, jws

from kinhaven.cases.services import case_open, case_set_missing
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.core import time
from kinhaven.exchange import crypto
from kinhaven.exchange.services import peer_add

PARTNER = "kinhaven-partner"
CHILD_GIVEN, CHILD_FAMILY = "Amina", "Haddad"


class Partner:
    def __init__(self, settings: Any, tmp_path: Any) -> None:
        own_dir, own_id = settings.KINHAVEN_EXCHANGE_KEY_DIR, settings.KINHAVEN_INSTANCE_ID
        settings.KINHAVEN_EXCHANGE_KEY_DIR = str(tmp_path / "partner-keys")
        settings.KINHAVEN_INSTANCE_ID = PARTNER
        self.document = crypto.public_document()
        self.signing = crypto.signing_key()
        self.encryption = crypto.encryption_key()
        settings.KINHAVEN_EXCHANGE_KEY_DIR, settings.KINHAVEN_INSTANCE_ID = own_dir, own_id
        self.ours = crypto.peer_keys(crypto.public_document())

    def claims(self, kind: str, body: dict[str, Any], /, **changes: Any) -> dict[str, Any]:
        now = time.now()
        claims = {
            "jti": str(uuid.uuid4()),
            "iss": PARTNER,
            "aud": crypto.instance_id(),
            "iat": int(now.timestamp()),
            "exp": int((now + dt.timedelta(hours=1)).timestamp()),
            "kind": kind,
            "legal_basis": "missing_child" if kind == "missing_alert" else "child_protection",
            "purpose": "locate_missing_child" if kind == "missing_alert" else "family_tracing",
            "body": body,
        }
        claims.update(changes)
        return claims

    def seal(self, claims: dict[str, Any]) -> str:
        return crypto.seal(claims, to=self.ours, signer=self.signing)

    def read(self, token: str) -> dict[str, Any]:
        """What the partner reads of a message we sealed to it: the claims, body included."""
        envelope = jwe.JWE()
        envelope.deserialize(token, key=self.encryption)
        signed = jws.JWS()
        signed.deserialize(envelope.payload.decode())
        claims: dict[str, Any] = json.loads(signed.objects["payload"])
        return claims


@pytest.fixture
def partner(settings, tmp_path) -> Partner:
    return Partner(settings, tmp_path)


@pytest.fixture
def peer(world, partner):
    return peer_add(
        actor=world.admin,
        base_url="http://127.0.0.1:9",
        country="DEU",
        thumbprint=partner.signing.get("kid"),
        agency=world.agency,
        document=partner.document,
    )


ALERT = {
    "alert_ref": "A-1",
    "first_name": CHILD_GIVEN,
    "sex": "F",
    "birth_year": 2011,
    "description": "Red jacket, small scar on the left hand",
    "last_seen_place": "Reception centre, Linz",
    "last_seen_on": "2026-12-01",
    "contact": {"agency": "Agency One", "phone": "+43 1 000", "email": ""},
    "expires_on": "2027-06-01",
}
TRACING = {
    "request_ref": "T-1",
    "seeker_relationship": "mother",
    "sex": "F",
    "birth_year": 2011,
    "nationality": "SYR",
    "last_seen_place": "Border crossing",
    "languages": ["ara"],
    "contact": {"agency": "Agency One"},
}


@pytest.fixture
def missing_case(world):
    data = ChildIn.model_validate(
        {
            "given_name": CHILD_GIVEN,
            "family_name": CHILD_FAMILY,
            "sex": "F",
            "date_of_birth": "2011",
        }
    )
    child = child_register(actor=world.caseworker, data=data)
    case = case_open(actor=world.caseworker, child=child)
    return case_set_missing(actor=world.caseworker, case=case, missing=True)


Sealer = Callable[..., str]
