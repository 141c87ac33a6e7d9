import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from kinhaven.audit.actions import AuditAction
from kinhaven.audit.models import AppendOnlyError, AuditEntry
from kinhaven.audit.services import audit_log_seal, audit_record

pytestmark = pytest.mark.django_db


def test_entries_cannot_be_changed_or_deleted(world) -> None:
    entry = audit_record(actor=world.caseworker, action=AuditAction.CHILD_READ, object_type="child")
    entry.action = "child.nothing"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "child.read"


def test_entries_carry_the_request_id(world, api) -> None:
    client = api("caseworker")
    response = client.client.get(
        "/api/v1/children", headers={**client.headers, "X-Request-ID": "req-12345678"}
    )
    assert response["X-Request-ID"] == "req-12345678"
    assert AuditEntry.objects.filter(action="child.list").get().request_id == "req-12345678"


def test_api_reads_and_writes_leave_entries_without_personal_data(world, api) -> None:
    client = api("caseworker")
    child = client.post("/api/v1/children", {"given_name": "CanaryName"}).json()
    client.get(f"/api/v1/children/{child['id']}")
    client.patch(f"/api/v1/children/{child['id']}", {"family_name": "CanaryFamily"})
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert {"child.create", "child.read", "child.update"} <= set(actions)
    for entry in AuditEntry.objects.all():
        text = f"{entry.detail} {entry.object_ids} {entry.action}"
        assert "Canary" not in text


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's transaction mode")
def test_sealing_on_sqlite_refuses_a_transaction_that_does_not_take_the_write_lock_first(
    world, monkeypatch
) -> None:
    audit_record(actor=world.caseworker, action=AuditAction.CHILD_READ, object_type="child")
    monkeypatch.setitem(connection.settings_dict["OPTIONS"], "transaction_mode", "DEFERRED")
    with pytest.raises(ImproperlyConfigured, match="IMMEDIATE"):
        audit_log_seal()
    assert not AuditEntry.objects.get().sealed


def test_an_action_outside_the_vocabulary_is_refused(world) -> None:
    with pytest.raises(ValueError, match="is not a valid AuditAction"):
        audit_record(actor=world.caseworker, action="child.peek", object_type="child")  # type: ignore[arg-type]  # the refusal is what is tested
    assert not AuditEntry.objects.filter(action="child.peek").exists()


def test_every_action_is_a_dotted_name_once() -> None:
    values = [a.value for a in AuditAction]
    assert len(values) == len(set(values))
    assert all(re.fullmatch(r"[a-z_]+\.[a-z_]+", v) for v in values)
