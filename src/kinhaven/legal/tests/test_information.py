"""Information to the child: what was told, when, by whom, in which language, understood or not;
prompted after every decision."""

import datetime as dt

import pytest

from kinhaven.accounts.enums import OrganisationType, RoleCode
from kinhaven.accounts.services import agency_create
from kinhaven.ages.tests.test_services import _decide, _request, _step
from kinhaven.audit.models import AuditEntry
from kinhaven.care.schemas import PlacementEndIn, PlacementIn
from kinhaven.care.services import placement_end, placement_start
from kinhaven.cases.services import case_open
from kinhaven.children.schemas import ChildIn
from kinhaven.children.selectors import child_section_access_for
from kinhaven.children.services import child_register
from kinhaven.conftest import web_client
from kinhaven.core import time
from kinhaven.guardianship.services import guardian_appoint
from kinhaven.identification.services import identification_decide
from kinhaven.identification.tests.conftest import decision_in
from kinhaven.legal import information
from kinhaven.legal.information import Decision, decision_source_register, decisions_for
from kinhaven.legal.models import ChildInformation
from kinhaven.legal.schemas import PermitFieldsIn, ProceedingFieldsIn, ProceedingPatch
from kinhaven.legal.services import permit_add, proceeding_add, proceeding_update
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


def _told(child, **changes):
    return {
        "child_id": str(child.public_id),
        "what": "What the permit means and how long it lasts.",
        "told_at": (time.now() - dt.timedelta(hours=1)).isoformat(),
        "language": "uk",
        "understood": "partly",
        **changes,
    }


def test_every_decision_is_prompted_until_the_child_is_told(world, guardian, ward, api) -> None:
    child, case = ward
    permit = permit_add(
        actor=world.caseworker,
        child=child,
        data=PermitFieldsIn(basis="humanitarian", granted_on=dt.date(2026, 11, 1)),
    )
    proceeding = proceeding_add(
        actor=world.caseworker,
        child=child,
        data=ProceedingFieldsIn(track="asylum", status="lodged"),
    )
    # A change of the next step alone is no decision; a change of status is.
    proceeding_update(
        actor=world.caseworker, proceeding=proceeding, changes=ProceedingPatch(next_step="Wait")
    )
    proceeding_update(
        actor=world.caseworker, proceeding=proceeding, changes=ProceedingPatch(status="interview")
    )
    identification_decide(actor=world.caseworker, child=child, data=decision_in())
    client = api("guardian")
    body = client.get(f"/api/v1/children/{child.public_id}/information").json()
    kinds = sorted(d["kind"] for d in body["untold"])
    assert kinds == ["identification", "permit", "proceeding", "proceeding"]
    page = web_client(guardian).get(f"/children/{child.public_id}/")
    assert b"untold-decisions" in page.content
    response = client.post(
        "/api/v1/child-information",
        _told(child, decision_kind="permit", decision_ref=str(permit.public_id)),
    )
    assert response.status_code == 201, response.content
    assert response.json()["told_by"] == "guardian"
    body = client.get(f"/api/v1/children/{child.public_id}/information").json()
    assert "permit" not in {d["kind"] for d in body["untold"]}
    assert [(r["language"], r["understood"]) for r in body["records"]] == [("uk", "partly")]
    assert CaseEvent.objects.filter(case=case, kind="child_informed").exists()
    assert AuditEntry.objects.filter(action="child_information.record").exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("language", "xx"),
        ("understood", "maybe"),
        ("what", ""),
        ("told_at", "2099-01-01T10:00:00Z"),
        ("decision_ref", "not-a-decision"),
    ],
)
def test_a_bad_record_is_refused_naming_the_field(world, ward, api, field, value) -> None:
    child, _case = ward
    changes = {field: value}
    if field == "decision_ref":
        changes["decision_kind"] = "permit"
    response = api("caseworker").post("/api/v1/child-information", _told(child, **changes))
    assert response.status_code == 422
    assert field in response.content.decode()
    assert not ChildInformation.objects.exists()


def test_the_form_on_the_tracks_page(world, guardian, ward) -> None:
    child, _case = ward
    permit = permit_add(
        actor=world.caseworker,
        child=child,
        data=PermitFieldsIn(basis="minority", granted_on=dt.date(2026, 11, 1)),
    )
    client = web_client(guardian)
    url = f"/children/{child.public_id}/tracks/"
    assert b"untold-decisions" in client.get(url).content
    bad = client.post(url, {"record_information": "1", "info-language": "zz"})
    assert bad.status_code == 422
    good = client.post(
        url,
        {
            "record_information": "1",
            "info-decision": f"permit:{permit.public_id}",
            "info-what": "The permit and its renewal.",
            "info-told_at": "2026-11-02T10:00",
            "info-language": "ar",
            "info-understood": "yes",
        },
    )
    assert good.status_code == 302
    page = client.get(url)
    assert b"untold-decisions" not in page.content
    assert b"information-record" in page.content


def test_a_later_kind_of_decision_joins_the_registry(world, ward) -> None:
    child, _case = ward
    decision_source_register(
        "test_kind",
        label="Test",
        section="legal",
        decisions=lambda c: [Decision("test_kind", "1", "Test decision", dt.date(2026, 1, 1))],
    )
    try:
        access = child_section_access_for(world.caseworker, child)
        assert "test_kind" in {d.kind for d in decisions_for(child, access)}
    finally:
        information._SOURCES.pop("test_kind", None)


def test_an_age_decision_is_prompted(world, ward, api) -> None:
    child, _case = ward
    assessment = _request(world, child)
    _step(world.caseworker, assessment, "psychosocial")
    _decide(world.caseworker, assessment, 15, 17)
    body = api("caseworker").get(f"/api/v1/children/{child.public_id}/information").json()
    assert [d["ref"] for d in body["untold"] if d["kind"] == "age"] == [str(assessment.public_id)]


def test_a_placement_and_its_end_are_prompted(world, ward, api) -> None:
    child, _case = ward
    placement = placement_start(
        actor=world.caseworker,
        child=child,
        data=PlacementIn(
            kind="kinship",
            carer_name="An aunt",
            started_on=time.today(),
            start_reason="No safe place at the shelter.",
        ),
    )
    placement_end(
        actor=world.caseworker,
        placement=placement,
        data=PlacementEndIn(ended_on=time.today(), end_reason="Moved to a foster family."),
    )
    body = api("caseworker").get(f"/api/v1/children/{child.public_id}/information").json()
    kinds = sorted(d["kind"] for d in body["untold"] if d["ref"] == str(placement.public_id))
    assert kinds == ["placement", "placement_end"]
