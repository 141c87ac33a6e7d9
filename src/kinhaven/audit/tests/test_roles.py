"""PostgreSQL: the application's role may only read, append and seal the audit tables."""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import os
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from kinhaven.audit.actions import AuditAction
from kinhaven.audit.checks import audit_tables_append_only, audit_tables_refuse_unsafe_role
from kinhaven.audit.models import AuditCheckpoint, AuditEntry
from kinhaven.audit.roles import scram_verifier
from kinhaven.audit.services import audit_log_seal, audit_record
from kinhaven.audit.verification import checkpoint_create, log_verify

# Roles are shared by the whole cluster; these names are this module's own, and each test
# process (pytest-xdist worker) has its own, so that two tests never wait on each other's
# uncommitted role. Every role is created inside the test's transaction and goes with it.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
APP_ROLE = f"kinhaven_audit_app_test_{_WORKER}"
OWNER_ROLE = f"kinhaven_audit_owner_test_{_WORKER}"
LOGIN_ROLE = f"kinhaven_audit_login_test_{_WORKER}"

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="database roles are PostgreSQL's"
)


def _sql(statement: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement)


def _role_ensure(name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f"CREATE ROLE {name} NOLOGIN")


@pytest.fixture
def app_role(world) -> str:
    _role_ensure(APP_ROLE)
    call_command("db_roles", "--app-role", APP_ROLE, stdout=io.StringIO())
    return APP_ROLE


@contextmanager
def acting_as(role: str) -> Iterator[None]:
    # SET ROLE inside a savepoint that is always rolled back, which also takes the role back.
    savepoint = transaction.savepoint()
    try:
        _sql(f"SET LOCAL ROLE {role}")
        yield
    finally:
        transaction.savepoint_rollback(savepoint)


REFUSED = [
    "TRUNCATE audit_auditentry",
    "TRUNCATE audit_auditcheckpoint",
    "UPDATE audit_auditentry SET action = 'x'",
    "UPDATE audit_auditcheckpoint SET root_hash = 'x'",
    "DELETE FROM audit_auditentry",
    "DELETE FROM audit_auditcheckpoint",
    "ALTER TABLE audit_auditentry DISABLE TRIGGER USER",
    "ALTER TABLE audit_auditcheckpoint DISABLE TRIGGER ALL",
    "DROP TRIGGER audit_entry_no_update ON audit_auditentry",
    "DROP TRIGGER audit_checkpoint_no_delete ON audit_auditcheckpoint",
    "CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger"
    " AS $$ BEGIN RETURN NEW; END; $$ LANGUAGE plpgsql",
    "SET session_replication_role = replica",
    "DROP TABLE audit_auditentry",
    # Only the chain fields may be updated; the triggers that hold them are the owner's.
    "UPDATE audit_auditentry SET content_mac = NULL",
    "UPDATE audit_auditentry SET uid = NULL WHERE seq IS NULL",
    "DROP TRIGGER audit_entry_unsealed_insert ON audit_auditentry",
    "CREATE OR REPLACE FUNCTION audit_entry_seal_only() RETURNS trigger"
    " AS $$ BEGIN RETURN NEW; END; $$ LANGUAGE plpgsql",
]

# Chain fields go from empty to a value once, in chain order, all together; never back.
REFUSED_BY_TRIGGER = [
    "UPDATE audit_auditentry SET seq = NULL, prev_hash = NULL, entry_hash = NULL,"
    " entry_mac = NULL WHERE seq = 1",
    "UPDATE audit_auditentry SET entry_mac = repeat('0', 64) WHERE seq = 1",
    "UPDATE audit_auditentry SET seq = seq + 10 WHERE seq = 1",
    "UPDATE audit_auditentry SET seq = 2 WHERE seq IS NULL",
    "UPDATE audit_auditentry SET seq = 5, prev_hash = repeat('0', 64),"
    " entry_hash = repeat('1', 64), entry_mac = repeat('2', 64) WHERE seq IS NULL",
    "UPDATE audit_auditentry SET seq = 2, prev_hash = repeat('0', 64),"
    " entry_hash = repeat('1', 64), entry_mac = repeat('2', 64) WHERE seq IS NULL",
    "INSERT INTO audit_auditentry (occurred_at, actor_role, action, purpose, object_type,"
    " object_ids, outcome, request_id, detail, seq, prev_hash, entry_hash, entry_mac)"
    " SELECT occurred_at, actor_role, action, purpose, object_type, object_ids, outcome,"
    " request_id, detail, 2, entry_hash, repeat('0', 64), repeat('0', 64)"
    " FROM audit_auditentry WHERE seq = 1",
]


@postgres_only
def test_the_application_role_may_append_but_not_rewrite(world, app_role) -> None:
    audit_record(actor=world.caseworker, action=AuditAction.CHILD_READ, object_type="child")
    checkpoint_create()
    with acting_as(app_role):
        entry = audit_record(
            actor=world.caseworker, action=AuditAction.CHILD_READ, object_type="child"
        )
        assert entry.seq is None
        for statement in REFUSED:
            with (
                pytest.raises(DatabaseError, match=r"permission denied|must be owner"),
                transaction.atomic(),
            ):
                _sql(statement)
        for statement in REFUSED_BY_TRIGGER:
            with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
                _sql(statement)
        assert audit_log_seal() == 1
        entry.refresh_from_db()
        assert entry.seq == 2
        checkpoint = checkpoint_create()
        assert checkpoint is not None
        assert checkpoint.tree_size == 2
        assert log_verify().ok
        assert AuditEntry.objects.count() == 2
        assert AuditCheckpoint.objects.count() == 2


@postgres_only
def test_the_check_flags_the_owner_and_passes_the_application_role(app_role, settings) -> None:
    settings.PRODUCTION = True
    errors = audit_tables_append_only()
    assert errors
    assert {error.id for error in errors} == {"kinhaven.E002"}
    assert any("is a superuser" in error.msg for error in errors)
    with pytest.raises(ImproperlyConfigured, match="superuser"):
        audit_tables_refuse_unsafe_role()
    with acting_as(app_role):
        assert audit_tables_append_only() == []
        audit_tables_refuse_unsafe_role()


@postgres_only
def test_the_check_flags_an_owner_reached_through_membership(app_role) -> None:
    _role_ensure(OWNER_ROLE)
    _sql(f"ALTER TABLE audit_auditentry OWNER TO {OWNER_ROLE}")
    with acting_as(OWNER_ROLE):
        messages = [error.msg for error in audit_tables_append_only()]
        assert any(f"role {OWNER_ROLE} owns audit_auditentry" in m for m in messages)
    # Membership without INHERIT still lets the role SET ROLE to the owner.
    _sql(f"ALTER ROLE {app_role} NOINHERIT")
    _sql(f"GRANT {OWNER_ROLE} TO {app_role}")
    with acting_as(app_role):
        messages = [error.msg for error in audit_tables_append_only()]
        assert any(f"role {OWNER_ROLE} owns audit_auditentry" in m for m in messages)


@postgres_only
def test_granting_again_takes_back_wider_rights(app_role) -> None:
    _sql(f"GRANT UPDATE, TRUNCATE ON audit_auditcheckpoint TO {app_role}")
    with acting_as(app_role):
        (error,) = audit_tables_append_only()
        assert "holds UPDATE, TRUNCATE on audit_auditcheckpoint" in error.msg
    call_command("db_roles", "--app-role", app_role, stdout=io.StringIO())
    with acting_as(app_role):
        assert audit_tables_append_only() == []


@postgres_only
def test_the_check_flags_updates_beyond_the_chain_fields_and_an_unguarded_seal(app_role) -> None:
    with acting_as(app_role):
        assert audit_tables_append_only() == []
    _sql(f"GRANT UPDATE (action, content_mac) ON audit_auditentry TO {app_role}")
    with acting_as(app_role):
        (error,) = audit_tables_append_only()
        assert "holds UPDATE of action, content_mac on audit_auditentry" in error.msg
    _sql(f"GRANT UPDATE ON audit_auditentry TO {app_role}")
    with acting_as(app_role):
        (error,) = audit_tables_append_only()
        assert "holds UPDATE on audit_auditentry" in error.msg
    call_command("db_roles", "--app-role", app_role, stdout=io.StringIO())
    with acting_as(app_role):
        assert audit_tables_append_only() == []
    # The chain fields alone are safe only under the trigger that sets them once, in order.
    _sql("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_no_update")
    with acting_as(app_role):
        (error,) = audit_tables_append_only()
        assert "trigger audit_entry_no_update is missing or switched off" in error.msg
    with pytest.raises(CommandError, match="could still change or remove audit records"):
        call_command("db_roles", "--app-role", app_role, stdout=io.StringIO())


@postgres_only
def test_db_roles_refuses_the_owner_and_creates_a_login_role(db, monkeypatch) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        (owner,) = cursor.fetchone()
    with pytest.raises(CommandError, match="cannot serve as the application role"):
        call_command("db_roles", "--app-role", owner, stdout=io.StringIO())
    monkeypatch.setenv("KINHAVEN_TEST_APP_PASSWORD", "a-long-generated-password")
    login_role = LOGIN_ROLE
    out = io.StringIO()
    call_command(
        "db_roles",
        "--app-role",
        login_role,
        "--create",
        "--password-from-env",
        "KINHAVEN_TEST_APP_PASSWORD",
        stdout=out,
    )
    assert f"role {login_role} created" in out.getvalue()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolcanlogin, rolsuper, rolpassword FROM pg_authid WHERE rolname = %s",
            [login_role],
        )
        can_login, superuser, password = cursor.fetchone()
    assert can_login
    assert not superuser
    assert password.startswith("SCRAM-SHA-256$4096:")


def test_db_roles_says_sqlite_has_no_roles(db) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with pytest.raises(CommandError, match="SQLite has no roles"):
        call_command("db_roles", "--app-role", "anyone")
    assert audit_tables_append_only() == []


def test_the_scram_verifier_answers_the_rfc_7677_exchange() -> None:
    salt = base64.b64decode("W22ZaJ0SNY7soEsUEjb6gQ==")
    verifier = scram_verifier("pencil", salt=salt)
    method, rest = verifier.split("$", 1)
    assert method == "SCRAM-SHA-256"
    iterations_salt, keys = rest.split("$")
    assert iterations_salt == "4096:W22ZaJ0SNY7soEsUEjb6gQ=="
    stored_key, server_key = (base64.b64decode(k) for k in keys.split(":"))
    nonce = "rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0"
    auth_message = (
        "n=user,r=rOprNGfwEbeRWgbNEkqO,"
        f"r={nonce},s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,"
        f"c=biws,r={nonce}"
    ).encode()
    server_signature = hmac.new(server_key, auth_message, hashlib.sha256).digest()
    assert base64.b64encode(server_signature) == b"6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="
    client_signature = hmac.new(stored_key, auth_message, hashlib.sha256).digest()
    proof = base64.b64decode("dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=")
    client_key = bytes(a ^ b for a, b in zip(proof, client_signature, strict=True))
    assert hashlib.sha256(client_key).digest() == stored_key
    with pytest.raises(ValueError, match="ASCII"):
        scram_verifier("pässword")
