"""Residence permits, their renewal deadline and the warning on a permit for cooperation; the
non-punishment principle on a proceeding against a child who is a (possible) victim."""

import datetime as dt

import pytest

from kinhaven.accounts.enums import OrganisationType, RoleCode
from kinhaven.accounts.services import agency_create
from kinhaven.audit.models import AuditEntry
from kinhaven.cases.services import case_open
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conftest import web_client
from kinhaven.core import time
from kinhaven.deadlines.models import Deadline
from kinhaven.guardianship.services import guardian_appoint
from kinhaven.identification.services import identification_decide
from kinhaven.identification.tests.conftest import decision_in
from kinhaven.legal.models import LegalTask
from kinhaven.legal.schemas import PermitFieldsIn, ProceedingFieldsIn, ProceedingPatch
from kinhaven.legal.services import permit_add, proceeding_add, proceeding_update
from kinhaven.notifications.models import Notification
from kinhaven.timeline.models import CaseEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def guardian(world):
    authority = agency_create(
        name="Guardianship office", country="AUT", organisation_type=OrganisationType.OTHER
    )
    return world.user("guardian", RoleCode.GUARDIAN, authority, None)


@pytest.fixture
def ward(world, guardian):
    child = child_register(actor=world.caseworker, data=ChildIn(given_name="Amina"))
    case = case_open(actor=world.caseworker, child=child)
    guardian_appoint(actor=world.supervisor, child=child, guardian=guardian)
    child.refresh_from_db()
    return child, case


def _permit(**changes):
    return {
        "basis": "humanitarian",
        "granted_on": "2026-11-01",
        "expires_on": "2027-11-01",
        "authority": "Immigration office",
        **changes,
    }


def test_a_permit_for_cooperation_warns_and_opens_a_task(world, guardian, ward, api) -> None:
    child, case = ward
    client = api("guardian")
    response = client.post(
        "/api/v1/residence-permits",
        {"child_id": str(child.public_id), **_permit(basis="cooperation")},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["basis"] == "cooperation"
    assert "cooperation with the authorities" in body["warning"]
    tasks = LegalTask.objects.filter(child=child)
    assert {(t.kind, t.owner.username) for t in tasks} == {
        ("independent_basis", "guardian"),
        ("independent_basis", world.caseworker.username),
    }
    assert Notification.objects.filter(recipient=guardian, kind="task").exists()
    tracks = client.get(f"/api/v1/children/{child.public_id}/tracks").json()
    assert tracks["asylum_and_residence"]["permits"][0]["warning"] == body["warning"]
    assert {t["kind"] for t in tracks["legal_tasks"]} == {"independent_basis"}
    assert CaseEvent.objects.filter(case=case, kind="permit_recorded").exists()
    assert CaseEvent.objects.filter(case=case, kind="legal_task_opened").exists()
    assert AuditEntry.objects.filter(action="permit.create").exists()
    page = web_client(guardian).get(f"/children/{child.public_id}/tracks/")
    assert page.status_code == 200
    assert b"cooperation-permit" in page.content
    assert b"independent_basis" in page.content


def test_a_humanitarian_permit_warns_of_nothing(world, ward, api) -> None:
    child, _case = ward
    body = (
        api("caseworker")
        .post("/api/v1/residence-permits", {"child_id": str(child.public_id), **_permit()})
        .json()
    )
    assert body["warning"] == ""
    assert not LegalTask.objects.filter(child=child).exists()


def test_the_expiry_raises_the_renewal_deadline(world, ward, api) -> None:
    child, case = ward
    client = api("caseworker")
    client.post("/api/v1/residence-permits", {"child_id": str(child.public_id), **_permit()})
    deadline = Deadline.objects.get(case=case, code="permit_renewal", completed_at__isnull=True)
    # The policy default: 60 days before the expiry.
    assert deadline.due_at.date() == dt.date(2027, 11, 1) - dt.timedelta(days=60)
    tracks = client.get(f"/api/v1/children/{child.public_id}/tracks").json()
    assert [d["code"] for d in tracks["asylum_and_residence"]["deadlines"]] == ["permit_renewal"]
    # The renewed permit closes the first deadline and starts its own.
    client.post(
        "/api/v1/residence-permits",
        {
            "child_id": str(child.public_id),
            **_permit(granted_on="2027-10-01", expires_on="2028-10-01"),
        },
    )
    open_ones = Deadline.objects.filter(case=case, code="permit_renewal", completed_at__isnull=True)
    assert [d.due_at.date() for d in open_ones] == [dt.date(2028, 10, 1) - dt.timedelta(days=60)]


def test_a_permanent_permit_raises_no_deadline(world, ward) -> None:
    child, case = ward
    permit_add(
        actor=world.caseworker,
        child=child,
        data=PermitFieldsIn(basis="permanent_humanitarian", granted_on=dt.date(2026, 11, 1)),
    )
    assert not Deadline.objects.filter(case=case, code="permit_renewal").exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("basis", "marriage"), ("expires_on", "2026-10-01"), ("granted_on", "yesterday")],
)
def test_a_bad_permit_is_refused_naming_the_field(world, ward, api, field, value) -> None:
    child, _case = ward
    response = api("caseworker").post(
        "/api/v1/residence-permits", {"child_id": str(child.public_id), **_permit(**{field: value})}
    )
    assert response.status_code == 422
    assert field in response.content.decode()
    assert not child.residence_permits.exists()


def test_who_does_not_write_the_legal_section_may_not_record_a_permit(world, ward, api) -> None:
    child, _case = ward
    response = api("analyst").post(
        "/api/v1/residence-permits", {"child_id": str(child.public_id), **_permit()}
    )
    assert response.status_code in (403, 404)
    assert not child.residence_permits.exists()


def test_the_permit_form_on_the_tracks_page(world, guardian, ward) -> None:
    child, _case = ward
    client = web_client(guardian)
    url = f"/children/{child.public_id}/tracks/"
    bad = client.post(url, {"record_permit": "1", "permit-basis": "cooperation"})
    assert bad.status_code == 422
    assert not child.residence_permits.exists()
    good = client.post(
        url,
        {
            "record_permit": "1",
            "permit-basis": "cooperation",
            "permit-granted_on": "2026-11-01",
            "permit-expires_on": "2027-05-01",
        },
    )
    assert good.status_code == 302
    page = client.get(url)
    assert b"cooperation-permit" in page.content
    task = LegalTask.objects.get(child=child, owner=guardian)
    done = client.post(f"/legal-tasks/{task.public_id}/completion/")
    assert done.status_code == 302
    task.refresh_from_db()
    assert task.done_at is not None


def _suspect(world, child):
    return proceeding_add(
        actor=world.caseworker,
        child=child,
        data=ProceedingFieldsIn(track="criminal", status="investigation", child_role="suspect"),
    )


def test_a_suspect_proceeding_on_a_possible_victim_flags_non_punishment(
    world, guardian, ward, api
) -> None:
    child, _case = ward
    identification_decide(actor=world.caseworker, child=child, data=decision_in())
    proceeding = _suspect(world, child)
    body = api("guardian").get(f"/api/v1/proceedings/{proceeding.public_id}").json()
    assert body["child_role"] == "suspect"
    assert body["non_punishment"] is True
    tasks = LegalTask.objects.filter(proceeding=proceeding)
    assert {t.kind for t in tasks} == {"non_punishment"}
    assert guardian in {t.owner for t in tasks}
    # A later change does not open the task again.
    proceeding_update(
        actor=world.caseworker, proceeding=proceeding, changes=ProceedingPatch(status="prosecution")
    )
    assert LegalTask.objects.filter(proceeding=proceeding).count() == tasks.count()
    page = web_client(guardian).get(f"/children/{child.public_id}/tracks/")
    assert b"non-punishment" in page.content


def test_a_suspect_proceeding_without_identification_is_not_flagged(world, ward, api) -> None:
    child, _case = ward
    proceeding = _suspect(world, child)
    body = api("caseworker").get(f"/api/v1/proceedings/{proceeding.public_id}").json()
    assert body["non_punishment"] is False
    assert not LegalTask.objects.filter(proceeding=proceeding).exists()


def test_a_later_identification_flags_a_proceeding_against_the_child_and_opens_the_task(
    world, guardian, ward, api
) -> None:
    child, _case = ward
    proceeding = _suspect(world, child)
    assert not LegalTask.objects.filter(proceeding=proceeding).exists()
    identification_decide(actor=world.caseworker, child=child, data=decision_in())
    body = api("guardian").get(f"/api/v1/proceedings/{proceeding.public_id}").json()
    assert body["non_punishment"] is True
    tasks = LegalTask.objects.filter(proceeding=proceeding, kind="non_punishment")
    assert guardian in {t.owner for t in tasks}
    assert Notification.objects.filter(recipient=guardian).exists()


def test_a_victim_is_not_flagged(world, ward, api) -> None:
    child, _case = ward
    identification_decide(actor=world.caseworker, child=child, data=decision_in())
    proceeding = proceeding_add(
        actor=world.caseworker,
        child=child,
        data=ProceedingFieldsIn(track="criminal", status="investigation", child_role="victim"),
    )
    body = api("caseworker").get(f"/api/v1/proceedings/{proceeding.public_id}").json()
    assert body["non_punishment"] is False
    assert time.now()


def test_the_child_page_warns_of_a_permit_for_cooperation(world, guardian, ward) -> None:
    child, _case = ward
    permit_add(
        actor=world.caseworker,
        child=child,
        data=PermitFieldsIn(basis="cooperation", granted_on=dt.date(2026, 11, 1)),
    )
    page = web_client(guardian).get(f"/children/{child.public_id}/")
    assert page.status_code == 200
    assert b"cooperation-permit" in page.content
