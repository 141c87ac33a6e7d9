"""Pages show labels in the reader's language, never the codes they store: who accessed a
record, the audit log, a child's nationality, languages and shared sections."""

from __future__ import annotations

import pytest

from kinhaven.accounts.enums import RoleCode
from kinhaven.accounts.models import User
from kinhaven.audit.actions import AUDIT_ACTION_LABELS, AuditAction
from kinhaven.cases.services import case_open
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conftest import web_client

pytestmark = pytest.mark.django_db


def test_every_audit_action_has_a_label() -> None:
    assert set(AUDIT_ACTION_LABELS) == set(AuditAction)


def test_who_accessed_a_case_reads_as_people_and_labels(world) -> None:
    User.objects.filter(pk=world.caseworker.pk).update(first_name="Amira", last_name="Haddad")
    child = child_register(
        actor=world.caseworker,
        data=ChildIn(given_name="Samira", nationality="UKR", languages=["uk", "ru"]),
    )
    case = case_open(actor=world.caseworker, child=child)
    client = web_client(world.caseworker)
    client.get(f"/cases/{case.public_id}/")
    html = client.get(f"/cases/{case.public_id}/").content.decode()
    assert "Amira Haddad</span> (Caseworker) · Case viewed" in html
    assert "case.read" not in html
    child_page = client.get(f"/children/{child.public_id}/").content.decode()
    assert "Ukraine" in child_page
    assert "Ukrainian, Russian" in child_page
    assert "Child&#x27;s record created" in child_page
    assert "child.create" not in child_page


def test_the_audit_log_shows_labels_and_filters_by_them(world) -> None:
    auditor = world.user("auditor", RoleCode.AUDITOR, world.agency, None)
    child = child_register(actor=world.caseworker, data=ChildIn(given_name="Samira"))
    case_open(actor=world.caseworker, child=child)
    client = web_client(auditor)
    html = client.get("/audit/").content.decode()
    assert "Case created" in html
    assert "case.create</td>" not in html
    assert '<option value="case.create">Case created</option>' in html
    filtered = client.get("/audit/", {"action": "case.create"}).content.decode()
    assert '<option value="case.create" selected>Case created</option>' in filtered
    assert "Child&#x27;s record created</td>" not in filtered
