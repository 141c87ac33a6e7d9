"""Need-to-know: sections per role and relationship, grants, guardian and break-glass."""

import datetime as dt

import pytest
from django.core import mail

from kinhaven.accounts.enums import RoleCode
from kinhaven.audit.models import AuditEntry
from kinhaven.cases.services import case_open
from kinhaven.children.grants import (
    child_access_grant,
    child_access_grant_end,
    child_break_glass,
)
from kinhaven.children.models import ChildAccessGrant
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conftest import run_worker, web_client
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.guardianship.services import child_guardian_appoint

pytestmark = pytest.mark.django_db

FILE = {
    "given_name": "Амина",
    "current_location": "Shelter North, room 4",
    "health_notes": "Asthma; inhaler",
    "legal_notes": "Asylum claim lodged",
}


@pytest.fixture
def child(world):
    child = child_register(actor=world.caseworker, data=ChildIn.model_validate(FILE))
    case_open(actor=world.caseworker, child=child)
    return child


def _url(child) -> str:
    return f"/api/v1/children/{child.public_id}"


def test_caseworker_reads_every_section(world, api, child) -> None:
    body = api("caseworker").get(_url(child)).json()
    assert body["relationship"] == "agency"
    assert body["health_notes"] == "Asthma; inhaler"
    assert body["sections"] == ["care", "health", "identity", "interviews", "legal", "location"]


def test_frontline_role_reads_identity_and_location_only(world, api) -> None:
    created = api("frontline").post("/api/v1/children", {"given_name": "Omar"})
    assert created.status_code == 201
    body = created.json()
    assert body["given_name"] == "Omar"
    assert "health_notes" not in body
    assert "legal_notes" not in body
    refused = api("frontline").post("/api/v1/children", {"health_notes": "x"})
    assert refused.status_code == 403
    assert refused.json()["errors"][0]["field"] == "health_notes"


def test_referral_partner_sees_only_shared_sections_until_revoked(world, api, child) -> None:
    partner = api("caseworker2")
    assert partner.get(_url(child)).status_code == 404
    grant = child_access_grant(
        actor=world.caseworker,
        child=child,
        agency=world.other_agency,
        sections=["identity", "health"],
    )
    body = partner.get(_url(child)).json()
    assert body["relationship"] == "referral"
    assert body["sections"] == ["health", "identity"]
    assert body["health_notes"] == "Asthma; inhaler"
    assert "current_location" not in body
    assert "legal_notes" not in body
    listed = partner.get("/api/v1/children").json()["items"]
    assert [c["id"] for c in listed] == [str(child.public_id)]
    # The shared sections are read, never changed.
    assert partner.patch(_url(child), {"legal_notes": "x"}).status_code == 403
    assert partner.patch(_url(child), {"health_notes": "Seen by GP"}).status_code == 403
    assert partner.get(_url(child)).json()["health_notes"] == "Asthma; inhaler"
    # The partner sees the child's file, not the referring agency's case.
    assert partner.get("/api/v1/cases").json()["count"] == 0
    child_access_grant_end(actor=world.caseworker, grant=grant)
    assert partner.get(_url(child)).status_code == 404


def test_grant_without_a_section_is_refused(world, child) -> None:
    with pytest.raises(ApplicationError) as excinfo:
        child_access_grant(
            actor=world.caseworker, child=child, agency=world.other_agency, sections=["x"]
        )
    assert excinfo.value.field == "sections"


def test_guardian_sees_the_child_and_its_cases_once_recorded(world, api, child) -> None:
    guardian = world.user("guardian", RoleCode.GUARDIAN, world.other_agency, None)
    client = api("guardian")
    assert client.get(_url(child)).status_code == 404
    with pytest.raises(ApplicationError):
        child_guardian_appoint(actor=world.caseworker, child=child, guardian=guardian)
    with pytest.raises(ApplicationError) as excinfo:
        child_guardian_appoint(actor=world.supervisor, child=child, guardian=world.caseworker)
    assert excinfo.value.field == "guardian"
    child_guardian_appoint(actor=world.supervisor, child=child, guardian=guardian)
    body = client.get(_url(child)).json()
    assert body["relationship"] == "guardian"
    assert body["legal_notes"] == "Asylum claim lodged"
    assert client.get("/api/v1/cases").json()["count"] == 1
    # The guardian role writes identity and legal sections, not health.
    assert client.patch(_url(child), {"health_notes": "x"}).status_code == 403
    assert client.patch(_url(child), {"legal_notes": "Hearing set"}).status_code == 200


def test_role_changes_apply_on_the_next_request(world, api, child) -> None:
    client = api("caseworker")
    assert "health_notes" in client.get(_url(child)).json()
    role = world.caseworker.role
    role.sections_read = ["identity"]
    role.save()
    assert "health_notes" not in client.get(_url(child)).json()


def test_break_glass_needs_a_reason_is_time_limited_audited_and_reported(
    world, api, child, settings
) -> None:
    settings.KINHAVEN_BREAK_GLASS_MINUTES = 30
    world.supervisor.email = "supervisor@example.org"
    world.supervisor.save()
    world.other_team_worker.email = "worker@example.org"
    world.other_team_worker.save()
    police = world.user("police", RoleCode.POLICE_INVESTIGATOR, world.agency, None)
    client = api("police")
    assert client.get(_url(child)).status_code == 404
    short = client.post(f"{_url(child)}/break-glass", {"reason": "urgent"})
    assert short.status_code == 422
    assert short.json()["errors"][0]["field"] == "reason"
    with pytest.raises(ApplicationError) as excinfo:
        child_break_glass(actor=world.caseworker, child=child, reason="Child in danger tonight")
    assert excinfo.value.code == ErrorCode.PERMISSION_DENIED
    opened = client.post(
        f"{_url(child)}/break-glass", {"reason": "Child reported in danger tonight"}
    )
    assert opened.status_code == 201, opened.content
    assert opened.json()["relationship"] == "break_glass"
    assert client.get(_url(child)).json()["given_name"] == "Амина"
    assert client.patch(_url(child), {"given_name": "x"}).status_code == 403  # read only
    grant = ChildAccessGrant.objects.get(kind="break_glass")
    assert grant.user == police
    assert grant.expires_at is not None
    assert grant.expires_at - grant.created_at == dt.timedelta(minutes=30)
    assert AuditEntry.objects.filter(action="child.break_glass", purpose="break_glass").exists()
    # Reported to the supervisors of the agency: a link, not the child's data.
    run_worker()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["supervisor@example.org"]
    assert "Амина" not in mail.outbox[0].body
    assert str(child.public_id) in mail.outbox[0].body
    # Shown on the record and on the supervisor's start page.
    page = web_client(world.caseworker).get(f"/children/{child.public_id}/").content.decode()
    assert "Child reported in danger tonight" in page
    home = web_client(world.supervisor).get("/").content.decode()
    assert 'id="break-glass-report"' in home
    # Once expired, the record is out of reach again.
    ChildAccessGrant.objects.update(expires_at=grant.created_at)
    assert client.get(_url(child)).status_code == 404


def test_break_glass_on_the_web_by_case_reference(world, child) -> None:
    police = world.user("police", RoleCode.POLICE_INVESTIGATOR, world.agency, None)
    reference = child.cases.get().reference
    client = web_client(police)
    wrong = client.post("/children/break-glass/", {"reference": "KH-0", "reason": "x" * 20})
    assert wrong.status_code == 422
    response = client.post(
        "/children/break-glass/", {"reference": reference, "reason": "Found injured at station"}
    )
    assert response["Location"] == f"/children/{child.public_id}/"
    page = client.get(response["Location"]).content.decode()
    assert "Break-glass access" in page
    assert "Shelter North" in page  # the police role reads location...
    assert "Asthma; inhaler" not in page  # ...but not health, even in an emergency


def test_pages_leave_out_unreadable_sections(world, child) -> None:
    child_access_grant(
        actor=world.caseworker, child=child, agency=world.other_agency, sections=["health"]
    )
    page = web_client(world.caseworker2).get(f"/children/{child.public_id}/").content.decode()
    assert "Asthma; inhaler" in page
    assert "Амина" not in page
    assert "Shelter North" not in page
    assert "Asylum claim" not in page
    listing = web_client(world.caseworker2).post("/children/", {"q": ""}).content.decode()
    assert "Identity not shared" in listing
    assert "Амина" not in listing


def test_auditor_reads_the_audit_log_and_nothing_else(world, api, child) -> None:
    auditor = world.user("auditor", RoleCode.AUDITOR, world.agency, None)
    client = web_client(auditor)
    page = client.get(f"/audit/?object={child.public_id}")
    assert page.status_code == 200
    assert "child.create" in page.content.decode()
    assert client.get(f"/children/{child.public_id}/").status_code == 404
    assert api("auditor").get("/api/v1/children").json()["count"] == 0
    assert web_client(world.caseworker).get("/audit/").status_code == 403


def test_refusals_are_audited_too(world, api, child) -> None:
    response = api("frontline").post("/api/v1/children", {"health_notes": "x"})
    assert response.status_code == 403
    assert web_client(world.analyst).get("/children/new/").status_code == 403
    refused = AuditEntry.objects.filter(action="access.refused", outcome="denied")
    seen = [(e.actor.username if e.actor else "", e.detail) for e in refused]
    assert seen == [
        ("frontline", {"route": "api/v1/children", "method": "POST"}),
        ("analyst", {"route": "children/new/", "method": "GET"}),
    ]
