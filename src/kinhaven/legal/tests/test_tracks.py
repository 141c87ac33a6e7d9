import datetime as dt
import re

import pytest

from kinhaven.accounts.enums import OrganisationType, RoleCode
from kinhaven.accounts.services import agency_create
from kinhaven.audit.models import AuditEntry
from kinhaven.bestinterests.tests.factories import bid_made
from kinhaven.cases.services import case_open
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conferences.services import ActionIn, ParticipantIn, conference_record
from kinhaven.conftest import web_client
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, FieldErrors
from kinhaven.core.validation import input_validate
from kinhaven.deadlines.enums import DeadlineCode
from kinhaven.deadlines.services import deadline_start
from kinhaven.guardianship.services import guardian_appoint
from kinhaven.legal.access import access_proceeding_by_id
from kinhaven.legal.enums import TRACK_STATUSES
from kinhaven.legal.models import Proceeding
from kinhaven.legal.schemas import ProceedingFieldsIn, ProceedingPatch
from kinhaven.legal.services import proceeding_add, proceeding_update
from kinhaven.referrals.schemas import ServiceIn
from kinhaven.referrals.services import referral_create, referral_transition, service_create
from kinhaven.solutions.schemas import PlanStepIn
from kinhaven.solutions.services import plan_step_add
from kinhaven.solutions.tests.factories import plan_made

pytestmark = pytest.mark.django_db


@pytest.fixture
def guardian(world):
    authority = agency_create(
        name="Guardianship office", country="AUT", organisation_type=OrganisationType.OTHER
    )
    return world.user("guardian", RoleCode.GUARDIAN, authority, None)


def _ward(world, guardian, name: str = "Amina"):
    child = child_register(
        actor=world.caseworker, data=ChildIn(given_name=name, legal_notes="Asylum claim")
    )
    case = case_open(actor=world.caseworker, child=child)
    guardian_appoint(actor=world.supervisor, child=child, guardian=guardian)
    child.refresh_from_db()
    return child, case


@pytest.fixture
def services(world):
    manager = world.user("manager2", RoleCode.SUPERVISOR, world.other_agency, world.team_two)
    return {
        kind: service_create(actor=manager, data=ServiceIn(kind=kind, name=f"{kind} service"))
        for kind in ("shelter", "legal_aid")
    }


def _refer(world, case, service):
    return referral_create(
        actor=world.caseworker,
        case=case,
        service=service,
        reason="Needs it",
        urgency="normal",
        sections=["identity", "health"],
        consent="child_consent",
    )


def test_the_guardian_sees_every_track_in_one_view(world, guardian, services, api) -> None:
    child, case = _ward(world, guardian)
    shelter = _refer(world, case, services["shelter"])
    referral_transition(actor=world.caseworker2, referral=shelter, to="accepted")
    _refer(world, case, services["legal_aid"])
    deadline_start(
        code=DeadlineCode.REFLECTION_PERIOD, agency=world.agency, case=case, starts_at=time.now()
    )
    conference_record(
        actor=world.caseworker,
        case=case,
        held_at=time.now(),
        purpose="Plan",
        child_heard=True,
        child_views="I want to go to school.",
        participants=[ParticipantIn(role="guardian", user=guardian)],
        actions=[ActionIn("Enrol at school", world.caseworker, dt.date(2027, 1, 10))],
    )
    asylum = proceeding_add(
        actor=guardian,
        child=child,
        data=ProceedingFieldsIn(track="asylum", status="lodged", authority="Federal asylum office"),
    )
    proceeding_add(
        actor=world.caseworker,
        child=child,
        data=ProceedingFieldsIn(
            track="criminal",
            status="investigation",
            child_role="victim",
            next_date=dt.date(2027, 2, 1),
        ),
    )
    proceeding_update(
        actor=guardian,
        proceeding=asylum,
        changes=ProceedingPatch(status="interview", next_date=dt.date(2027, 1, 20)),
    )
    body = api("guardian").get(f"/api/v1/children/{child.public_id}/tracks").json()
    assert body["legal"] is True
    assert [(r["service_kind"], r["status"]) for r in body["assistance"]] == [
        ("shelter", "accepted")
    ]
    protection = body["child_protection"]
    assert [c["reference"] for c in protection["cases"]] == [case.reference]
    assert {d["code"] for d in protection["deadlines"]} >= {"referral_response"}
    assert [t["description"] for t in protection["tasks"]] == ["Enrol at school"]
    assert protection["conferences"][0]["child_heard"] is True
    legal = body["asylum_and_residence"]
    assert [(p["status"], p["next_date"]) for p in legal["asylum"]] == [("interview", "2027-01-20")]
    assert [c["status"] for c in legal["asylum"][0]["changes"]] == ["interview", "lodged"]
    assert [d["code"] for d in legal["deadlines"]] == ["reflection_period"]
    assert [r["service_kind"] for r in legal["referrals"]] == ["legal_aid"]
    assert [(p["status"], p["child_role"]) for p in body["criminal_proceedings"]] == [
        ("investigation", "victim")
    ]
    # Every change is on the case's timeline and in the audit.
    assert case.events.filter(kind="proceeding_updated").count() == 3
    assert AuditEntry.objects.filter(action="proceeding.update").count() == 1
    assert AuditEntry.objects.filter(action="child.read_tracks").exists()
    page = web_client(guardian).get(f"/children/{child.public_id}/tracks/").content.decode()
    for section in ("track-assistance", "track-protection", "track-asylum", "track-criminal"):
        assert f'id="{section}"' in page
    assert "Federal asylum office" in page


def test_those_without_the_legal_section_see_no_proceedings(world, guardian, services, api) -> None:
    child, case = _ward(world, guardian)
    proceeding = proceeding_add(
        actor=guardian, child=child, data=ProceedingFieldsIn(track="criminal", status="trial")
    )
    referral = _refer(world, case, services["shelter"])
    referral_transition(actor=world.caseworker2, referral=referral, to="accepted")
    partner = api("caseworker2")  # identity and health shared by the referral
    body = partner.get(f"/api/v1/children/{child.public_id}/tracks").json()
    assert body["legal"] is False
    assert body["criminal_proceedings"] == []
    assert body["child_protection"]["cases"] == []  # never the referring agency's case
    assert [r["status"] for r in body["assistance"]] == ["accepted"]
    assert partner.get(f"/api/v1/proceedings/{proceeding.public_id}").status_code == 404
    assert partner.get("/api/v1/proceedings", child_id=str(child.public_id)).json() == []
    refused = partner.post(
        "/api/v1/proceedings",
        {"child_id": str(child.public_id), "track": "asylum", "status": "lodged"},
    )
    assert refused.status_code == 403
    police = world.user("police-1", RoleCode.POLICE_INVESTIGATOR, world.agency, world.team)
    with pytest.raises(ApplicationError):
        access_proceeding_by_id(police, proceeding.public_id)
    assert AuditEntry.objects.filter(action="proceeding.read", outcome="denied").count() == 2
    page = web_client(world.caseworker2).get(f"/children/{child.public_id}/tracks/")
    assert 'id="legal-hidden"' in page.content.decode()


def test_bad_proceedings_name_their_fields(world, guardian, api) -> None:
    child, _case = _ward(world, guardian)
    with pytest.raises(FieldErrors) as caught:
        proceeding_add(
            actor=guardian,
            child=child,
            data=input_validate(
                ProceedingFieldsIn,
                {
                    "track": "asylum",
                    "status": "trial",
                    "child_role": "victim",
                    "next_date": "soon",
                    "authority": "x" * 201,
                },
            ),
        )
    assert set(caught.value.errors) == {"status", "child_role", "next_date", "authority"}
    with pytest.raises(FieldErrors) as caught:
        proceeding_add(
            actor=guardian,
            child=child,
            data=input_validate(ProceedingFieldsIn, {"track": "divorce", "status": "x"}),
        )
    assert set(caught.value.errors) == {"track"}
    client = api("guardian")
    bad = client.post(
        "/api/v1/proceedings",
        {"child_id": str(child.public_id), "track": "residence", "status": "lodged"},
    )
    assert bad.status_code == 422
    assert "status" in bad.content.decode()
    good = client.post(
        "/api/v1/proceedings",
        {"child_id": str(child.public_id), "track": "residence", "status": "reflection"},
    )
    assert good.status_code == 201, good.content
    url = f"/api/v1/proceedings/{good.json()['id']}"
    assert client.patch(url, {"status": "trial"}).status_code == 422
    assert client.patch(url, {"track": "asylum"}).status_code == 422  # the track is fixed
    # Applying for a permit is a residence decision the agency requests: it needs a BID.
    refused = client.patch(url, {"status": "permit_applied", "next_step": "Wait"})
    assert refused.status_code == 409
    assert [e["field"] for e in refused.json()["errors"]] == ["bid"]
    assert Proceeding.objects.get().status == "reflection"
    bid_made(child, world.caseworker, world.supervisor, purposes=["residence_request"])
    changed = client.patch(url, {"status": "permit_applied", "next_step": "Wait"})
    assert changed.status_code == 200
    assert (changed.json()["status"], changed.json()["next_step"]) == ("permit_applied", "Wait")
    assert Proceeding.objects.count() == 1


def test_a_permit_application_needs_a_bid_finding_it_in_the_childs_interests(
    world, guardian, api
) -> None:
    child, _case = _ward(world, guardian)
    client = api("guardian")
    body = {"child_id": str(child.public_id), "track": "residence", "status": "permit_applied"}
    refused = client.post("/api/v1/proceedings", body)
    assert refused.status_code == 409
    assert [e["field"] for e in refused.json()["errors"]] == ["bid"]
    assert "residence decision the agency requests" in refused.json()["message"]
    # A BID for another decision does not open it; the asylum track never needs one.
    bid_made(child, world.caseworker, world.supervisor, purposes=["durable_solution"])
    assert client.post("/api/v1/proceedings", body).status_code == 409
    web = web_client(guardian)
    tracks = f"/children/{child.public_id}/tracks/"
    page = web.post(tracks, {"track": "residence", "status": "permit_applied"})
    assert page.status_code == 409
    assert "best-interests determination" in page.content.decode()
    asylum = {**body, "track": "asylum", "status": "lodged"}
    assert client.post("/api/v1/proceedings", asylum).status_code == 201
    bid_made(child, world.caseworker, world.supervisor, purposes=["residence_request"])
    assert client.post("/api/v1/proceedings", body).status_code == 201
    assert "Residence permit applied for" in web.get(tracks).content.decode()


def test_the_web_forms_record_and_change_proceedings(world, guardian) -> None:
    child, _case = _ward(world, guardian)
    web = web_client(guardian)
    url = f"/children/{child.public_id}/tracks/"
    bad = web.post(url, {"track": "asylum", "status": "trial"})
    assert bad.status_code == 422
    assert 'id="id_status_error"' in bad.content.decode()
    assert web.post(url, {"track": "asylum", "status": "lodged"}).status_code == 302
    proceeding = Proceeding.objects.get()
    prefix = f"p{proceeding.pk}"
    changed = web.post(
        f"/proceedings/{proceeding.public_id}/",
        {f"{prefix}-status": "refused", f"{prefix}-next_step": "Appeal within 14 days"},
    )
    assert changed.status_code == 302
    proceeding.refresh_from_db()
    assert (proceeding.status, proceeding.next_step) == ("refused", "Appeal within 14 days")
    web.post(f"/proceedings/{proceeding.public_id}/", {f"{prefix}-status": "trial"})
    proceeding.refresh_from_db()
    assert proceeding.status == "refused"  # a status of another track is refused


def test_the_wards_list_makes_a_bounded_number_of_queries(
    world, guardian, services, api, django_assert_max_num_queries
) -> None:
    child, case = _ward(world, guardian, "Amina")
    proceeding_add(
        actor=guardian, child=child, data=ProceedingFieldsIn(track="asylum", status="lodged")
    )
    _refer(world, case, services["shelter"])
    client = api("guardian")
    web = web_client(guardian)
    client.get("/api/v1/guardian/wards")
    web.get("/guardian/")
    for i in range(8):
        other, other_case = _ward(world, guardian, f"Child {i}")
        proceeding_add(
            actor=guardian, child=other, data=ProceedingFieldsIn(track="criminal", status="trial")
        )
        _refer(world, other_case, services["shelter"])
    with django_assert_max_num_queries(20):
        wards = client.get("/api/v1/guardian/wards").json()
    with django_assert_max_num_queries(20):
        page = web.get("/guardian/")
    assert len(wards) == 9
    amina = next(w for w in wards if w["name"] == "Amina")
    assert (amina["open_cases"], amina["live_referrals"]) == (1, 1)
    assert [p["status"] for p in amina["proceedings"]] == ["lodged"]
    assert page.content.decode().count('/tracks/"') == 9
    assert api("caseworker").get("/api/v1/guardian/wards").json() == []


def test_the_tracks_view_shows_where_best_interests_stand(world, guardian, api) -> None:
    child, _case = _ward(world, guardian)
    client = api("guardian")
    url = f"/api/v1/children/{child.public_id}/tracks"
    care = client.get(url).json()["alternative_care"]
    opened = care["best_interests_assessments"]
    assert [(a["current_version"], a["latest_version"]) for a in opened] == [(None, None)]
    assert care["current_determination"] is None
    web = web_client(guardian)
    page = web.get(f"/children/{child.public_id}/tracks/").content.decode()
    assert "No current best-interests determination." in page
    assert "no approved version" in page

    bid = bid_made(child, world.caseworker, world.supervisor, purposes=["durable_solution"])
    care = client.get(url).json()["alternative_care"]
    assessments = care["best_interests_assessments"]
    assert [(a["current_version"], a["latest_status"]) for a in assessments] == [(1, "approved")]
    assert care["current_determination"]["id"] == str(bid.public_id)
    assert care["current_determination"]["dissents"] == 1
    assert care["current_determination"]["purposes"] == ["durable_solution"]
    page = web.get(f"/children/{child.public_id}/tracks/").content.decode()
    assert f"review by {bid.review_on.isoformat()}" in page
    assert bid.decision in page
    listed = AuditEntry.objects.filter(action="track.list").latest("id")
    assert str(bid.public_id) in [str(i) for i in listed.object_ids]


def test_the_tracks_view_hides_best_interests_without_the_care_section(
    world, guardian, api
) -> None:
    child, _case = _ward(world, guardian)
    bid_made(child, world.caseworker, world.supervisor)
    care = api("frontline").get(f"/api/v1/children/{child.public_id}/tracks").json()
    assert care["alternative_care"]["readable"] is False
    assert care["alternative_care"]["best_interests_assessments"] == []
    assert care["alternative_care"]["current_determination"] is None


def test_the_tracks_view_shows_the_durable_solution_plan_and_its_steps(
    world, guardian, api
) -> None:
    child, _case = _ward(world, guardian)
    url = f"/api/v1/children/{child.public_id}/tracks"
    care = api("guardian").get(url).json()["alternative_care"]
    assert (care["durable_solution_plan"], care["departures"]) == (None, [])
    plan = plan_made(world.caseworker, child, solution="local_integration", country="")
    plan_step_add(
        actor=world.caseworker,
        plan=plan,
        data=PlanStepIn.model_validate(
            {
                "what": "Enrol at the secondary school",
                "owner_id": str(world.caseworker.public_id),
                "due_on": (time.today() + dt.timedelta(days=14)).isoformat(),
            }
        ),
    )
    care = api("guardian").get(url).json()["alternative_care"]
    assert care["durable_solution_plan"]["solution"] == "local_integration"
    assert [s["what"] for s in care["durable_solution_plan"]["steps"]] == [
        "Enrol at the secondary school"
    ]
    page = web_client(guardian).get(f"/children/{child.public_id}/tracks/").content.decode()
    assert "Enrol at the secondary school" in page
    assert 'data-status="draft"' in page
    assert api("frontline").get(url).json()["alternative_care"]["durable_solution_plan"] is None


def test_the_proceeding_form_offers_each_status_under_its_track(world, guardian) -> None:
    """Each status option names its track for the page's script, under the track's group; none
    is chosen beforehand; the script is a static file (no inline script)."""
    child, _case = _ward(world, guardian)
    html = web_client(guardian).get(f"/children/{child.public_id}/tracks/").content.decode()
    select = re.search(r'<select name="status"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None
    assert 'data-track-field="id_track"' in select.group(0)
    offered = re.findall(r'<option value="([^"]*)"(?: data-track="([a-z]+)")?', select.group(1))
    assert offered[0] == ("", "")
    by_track: dict[str, list[str]] = {}
    for value, track in offered[1:]:
        by_track.setdefault(track, []).append(value)
    assert by_track == {t: [s.value for s in statuses] for t, statuses in TRACK_STATUSES.items()}
    assert re.search(r'<option value="[^"]+"[^>]* selected', select.group(1)) is None
    assert '/static/legal/track-statuses.js"' in html
    assert "<script>" not in html


@pytest.mark.parametrize(("track", "status"), [("criminal", "lodged"), ("residence", "trial")])
def test_a_status_of_another_track_is_refused_by_page_and_api(
    world, guardian, api, track, status
) -> None:
    child, _case = _ward(world, guardian)
    page = web_client(guardian).post(
        f"/children/{child.public_id}/tracks/", {"track": track, "status": status}
    )
    assert page.status_code == 422
    assert 'id="id_status_error"><p>Choose a status of this track.<' in page.content.decode()
    answer = api(guardian.username).post(
        "/api/v1/proceedings", {"child_id": str(child.public_id), "track": track, "status": status}
    )
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["status"]
    assert not Proceeding.objects.exists()
