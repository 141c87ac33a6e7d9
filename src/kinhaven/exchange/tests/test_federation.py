"""Two Kinhaven instances on loopback, each a real server process with its own SQLite database,
keys and country: messages go from A to B while B is down, arrive once B is back, exactly once;
a tampered, a replayed, an expired and a reused-id message are refused and audited on B."""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import pytest
from jwcrypto import jwk

import kinhaven
from kinhaven.exchange import crypto
from kinhaven.exchange.tests.conftest import ALERT, CHILD_GIVEN, TRACING

pytestmark = pytest.mark.federation

SRC = str(Path(kinhaven.__file__).resolve().parent.parent)
PPRL_SECRET = "the secret AUT and DEU share for registration checks"
# The child registered in B, and what of it must cross in no message before both confirm.
REGISTER_IN_B = """
from kinhaven.accounts.models import User
from kinhaven.cases.services import case_open
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
actor = User.objects.get(username="tracer-b")
for data in (
    {"given_name": "Amina", "family_name": "Haddad", "sex": "F",
     "date_of_birth": "2011-05-04", "tracing": "allowed"},
    {"given_name": "Yusuf", "family_name": "Karimi", "sex": "M",
     "date_of_birth": "2009", "tracing": "allowed"},
):
    case_open(actor=actor, child=child_register(actor=actor, data=ChildIn.model_validate(data)))
"""
SECRET_VALUES = ("Amina", "Haddad", "2011-05-04", "Karimi")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Instance:
    def __init__(self, root: Path, name: str, country: str) -> None:
        self.var = root / name
        self.var.mkdir()
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.instance_id = f"kinhaven-{name}"
        self.country = country
        self.server: subprocess.Popen[bytes] | None = None
        clean = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("KINHAVEN_", "DJANGO_", "DATABASE_URL"))
        }
        self.env = {
            **clean,
            "PYTHONPATH": SRC,
            "KINHAVEN_VAR_DIR": str(self.var),
            "KINHAVEN_COUNTRY": country,
            "KINHAVEN_INSTANCE_ID": self.instance_id,
            "KINHAVEN_BASE_URL": self.url,
            "KINHAVEN_AUDIT_SEAL_SECONDS": "0",
            "KINHAVEN_PPRL_SECRET": PPRL_SECRET,
            "KINHAVEN_NEW_PASSWORD": "a long federation test password",
        }

    @property
    def db(self) -> Path:
        return self.var / "kinhaven.sqlite3"

    def command(self, *args: str) -> str:
        done = subprocess.run(  # noqa: S603  # our own command, fixed arguments
            [sys.executable, "-m", "kinhaven.cli", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout

    def start(self) -> None:
        self.server = subprocess.Popen(  # noqa: S603  # our own command, fixed arguments
            [
                sys.executable,
                "-m",
                "kinhaven.cli",
                "runserver",
                "--noreload",
                "--skip-checks",
                f"127.0.0.1:{self.port}",
            ],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/.well-known/jwks.json", timeout=2):  # noqa: S310  # nosec B310  # loopback
                    return
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        raise AssertionError("server did not start")

    def stop(self) -> None:
        if self.server is not None:
            self.server.terminate()
            self.server.wait(timeout=10)
            self.server = None

    def rows(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        with sqlite3.connect(self.db) as connection:
            return connection.execute(sql, params).fetchall()

    def post(self, token: str) -> int:
        request = urllib.request.Request(  # noqa: S310  # nosec B310  # loopback
            self.url + "/api/v1/exchange/inbox",
            data=token.encode(),
            headers={"Content-Type": "application/jose"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310  # nosec B310  # loopback
                return int(response.status)
        except urllib.error.HTTPError as exc:
            return int(exc.code)


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """One migrated database for the module's instances: each then makes its own keys and
    audit log."""
    template = Instance(tmp_path_factory.mktemp("template"), "template", "AUT")
    template.command("migrate", "--noinput")
    return template.db


@pytest.fixture
def instances(tmp_path, migrated):
    a = Instance(tmp_path, "aut", "AUT")
    b = Instance(tmp_path, "deu", "DEU")
    shutil.copy(migrated, a.db)
    shutil.copy(migrated, b.db)
    a.command("agency_add", "Jugendamt Linz", "--country", "AUT", "--type", "SocialServices")
    b.command("agency_add", "Jugendamt Passau", "--country", "DEU", "--type", "SocialServices")
    a.command("user_add", "tracer-a", "--agency", "Jugendamt Linz", "--role", "caseworker")
    b.command("user_add", "tracer-b", "--agency", "Jugendamt Passau", "--role", "caseworker")
    try:
        yield a, b
    finally:
        a.stop()
        b.stop()


def _thumbprint(instance: Instance) -> str:
    line = instance.command("exchange", "keys").splitlines()[-1]
    return line.rsplit(" ", 1)[-1]


def _send(a: Instance, b: Instance, kind: str, body: dict[str, Any], basis: str, purpose: str):
    a.command(
        "exchange",
        "send",
        kind,
        "--peer",
        b.instance_id,
        "--legal-basis",
        basis,
        "--purpose",
        purpose,
        "--body",
        json.dumps(body),
    )


def _sealed_by_a(a: Instance, b: Instance, claims: dict[str, Any]) -> str:
    """A message signed with A's own key (read from its key folder), as A would send it."""
    signer = jwk.JWK.from_json((a.var / "exchange" / "signing.jwk.json").read_text())
    signer.update({"kid": signer.thumbprint()})
    with urllib.request.urlopen(b.url + "/.well-known/jwks.json", timeout=5) as response:  # noqa: S310  # nosec B310  # loopback
        keys = crypto.peer_keys(json.loads(response.read()))
    return crypto.seal(claims, to=keys, signer=signer)


def test_two_instances_exchange_exactly_once_and_refuse_bad_messages(instances):
    a, b = instances
    a.start()
    b.start()
    # Peered both ways by URL and the thumbprint given out of band.
    a.command("exchange", "peer-add", "--country", "DEU", "--", b.url, _thumbprint(b))
    b.command("exchange", "peer-add", "--country", "AUT", "--", a.url, _thumbprint(a))

    # B is down while A sends an alert and a tracing request.
    b.stop()
    _send(a, b, "missing_alert", ALERT, "missing_child", "locate_missing_child")
    _send(a, b, "tracing_request", TRACING, "child_protection", "family_tracing")
    assert "0 delivered, 2 not delivered" in a.command("exchange", "deliver")
    statuses = a.rows("SELECT status, attempts FROM exchange_outboxmessage ORDER BY id")
    assert statuses == [("retrying", 1), ("retrying", 1)]

    # B is back: A's outbox delivers each, and a second delivery (an acknowledgement lost)
    # is taken by B as a copy, not a new message.
    b.start()
    assert "2 delivered, 0 not delivered" in a.command("exchange", "deliver", "--all")
    a.rows("UPDATE exchange_outboxmessage SET status = 'queued'")
    assert "2 delivered" in a.command("exchange", "deliver", "--all")
    received = b.rows("SELECT kind, jti, deadline_id FROM exchange_inboxmessage ORDER BY kind")
    assert [r[0] for r in received] == ["missing_alert", "tracing_request"]
    assert all(r[2] is not None for r in received)  # each raised an answer deadline on B
    sent = dict(a.rows("SELECT kind, jti FROM exchange_outboxmessage"))
    assert {r[0]: r[1] for r in received} == sent
    duplicates = b.rows(
        "SELECT COUNT(*) FROM audit_auditentry WHERE action = ?", "exchange_message.duplicate"
    )
    assert duplicates == [(2,)]

    # What A stored and what crossed carry no child's name but the alert's first name.
    tokens = [t for (t,) in a.rows("SELECT token FROM exchange_outboxmessage")]
    assert all(CHILD_GIVEN not in t for t in tokens)
    bodies = [json.loads(body) for (body,) in b.rows("SELECT body FROM exchange_inboxmessage")]
    for body in bodies:
        assert "family_name" not in body
        assert "given_name" not in body

    # Tampered ciphertext: refused.
    token = tokens[0]
    parts = token.split(".")
    parts[3] = ("B" if parts[3][0] == "A" else "A") + parts[3][1:]
    assert b.post(".".join(parts)) == 400
    # Replayed as it was: acknowledged, not acted on again.
    assert b.post(token) == 200
    assert b.rows("SELECT COUNT(*) FROM exchange_inboxmessage") == [(2,)]
    # Replayed after its expiry, and an old id with other content: refused.
    now = int(time.time())
    claims = {
        "jti": str(uuid.uuid4()),
        "iss": a.instance_id,
        "aud": b.instance_id,
        "iat": now - 7200,
        "exp": now - 3600,
        "kind": "missing_alert",
        "legal_basis": "missing_child",
        "purpose": "locate_missing_child",
        "body": ALERT,
    }
    assert b.post(_sealed_by_a(a, b, claims)) == 403
    reused = {
        **claims,
        "jti": sent["missing_alert"],
        "iat": now,
        "exp": now + 3600,
        "body": {**ALERT, "description": "Another description"},
    }
    assert b.post(_sealed_by_a(a, b, reused)) == 409
    refusals = b.rows(
        "SELECT detail FROM audit_auditentry WHERE action = ? ORDER BY id",
        "exchange_message.refuse",
    )
    reasons = [json.loads(d)["reason"] for (d,) in refusals]
    assert reasons == ["undecryptable", "expired", "jti_reused"]
    assert b.rows("SELECT COUNT(*) FROM exchange_inboxmessage") == [(2,)]


def _bodies(instance: Instance) -> list[tuple[str, str]]:
    return instance.rows("SELECT kind, body FROM exchange_inboxmessage ORDER BY id")


def test_an_encoded_query_finds_a_child_registered_in_b_with_no_name_in_any_message(instances):
    a, b = instances
    a.start()
    b.start()
    a.command("exchange", "peer-add", "--country", "DEU", "--", b.url, _thumbprint(b))
    b.command("exchange", "peer-add", "--country", "AUT", "--", a.url, _thumbprint(a))
    b.command("shell", "-c", REGISTER_IN_B)

    # A asks with encodings; B answers with handles and scores on receipt.
    query = a.command(
        "exchange", "query", "--peer", b.instance_id, "--user", "tracer-a",
        "--given", "Amina", "--family", "Hadad", "--born", "2011-05-04", "--sex", "F",
    )  # fmt: skip
    query_id = query.split()[1]
    assert "1 delivered" in a.command("exchange", "deliver", "--all")
    assert "1 delivered" in b.command("exchange", "deliver", "--all")
    matches = [line.split() for line in a.command("exchange", "matches").splitlines()]
    assert matches, "B found no candidate"
    assert all(m[1] == query_id and m[3] == "proposed" for m in matches)
    best = max(matches, key=lambda m: float(m[2]))
    assert float(best[2]) >= 0.8

    # A person in A confirms the best candidate; a person in B checks and confirms in turn.
    a.command("exchange", "confirm-match", best[0], "--user", "tracer-a")
    assert "1 delivered" in a.command("exchange", "deliver", "--all")
    [(confirmation,)] = b.rows(
        "SELECT public_id FROM exchange_inboxmessage WHERE kind = 'match_confirmation'"
    )
    b.command(
        "exchange", "answer-match", str(confirmation), "--user", "tracer-b",
        "--confirm", "CETS 197 Art. 10(4); AUT-DEU tracing arrangement",
    )  # fmt: skip
    assert "1 delivered" in b.command("exchange", "deliver", "--all")

    # Only now does A hold the identity, tied to the candidate it confirmed.
    status = a.rows(
        "SELECT m.status, i.kind FROM exchange_registrationmatch m "
        "JOIN exchange_inboxmessage i ON i.id = m.disclosure_id"
    )
    assert status == [("disclosed", "identity_disclosure")]
    kinds_a = [k for k, _ in _bodies(a)]
    kinds_b = [k for k, _ in _bodies(b)]
    assert kinds_a == ["registration_answer", "identity_disclosure"]
    assert kinds_b == ["registration_query", "match_confirmation"]
    # Every body that crossed before both sides confirmed holds no name, date or record id.
    child_ids = [str(c) for (c,) in b.rows("SELECT public_id FROM children_child")]
    before = [body for kind, body in _bodies(a) + _bodies(b) if kind != "identity_disclosure"]
    assert len(before) == 3
    for body in before:
        for value in (*SECRET_VALUES, *child_ids):
            assert value not in body, value
    [(disclosed,)] = a.rows(
        "SELECT body FROM exchange_inboxmessage WHERE kind = 'identity_disclosure'"
    )
    assert json.loads(disclosed)["given_name"] == "Amina"
    assert json.loads(disclosed)["family_name"] == "Haddad"
    confirmed = b.rows("SELECT legal_basis FROM tracing_pprlhandle WHERE confirmed_at IS NOT NULL")
    assert confirmed == [("CETS 197 Art. 10(4); AUT-DEU tracing arrangement",)]
