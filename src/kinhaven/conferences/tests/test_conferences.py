import datetime as dt

import pytest

from kinhaven.accounts.enums import RoleCode
from kinhaven.cases.services import case_open
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conferences.models import ActionItem
from kinhaven.conferences.services import (
    ActionIn,
    ParticipantIn,
    action_item_done,
    conference_record,
)
from kinhaven.conftest import web_client
from kinhaven.core.errors import ApplicationError, FieldErrors
from kinhaven.notifications.models import Notification
from kinhaven.referrals.schemas import ServiceIn
from kinhaven.referrals.services import service_create

pytestmark = pytest.mark.django_db
HELD = dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC)


@pytest.fixture
def case(world):
    child = child_register(actor=world.caseworker, data=ChildIn(given_name="Samira"))
    return case_open(actor=world.caseworker, child=child)


@pytest.fixture
def interpreters(world):
    return service_create(
        actor=world.supervisor,
        data=ServiceIn(kind="interpretation", name="Mediators", languages=["ti", "ar"]),
    )


def _record(world, case, **changes):
    data = {
        "actor": world.caseworker,
        "case": case,
        "held_at": HELD,
        "purpose": "Care plan after placement",
        "child_heard": True,
        "child_views": "I want to go to school and to call my mother.",
        "decisions": "School enrolment; weekly calls.",
        "participants": [
            ParticipantIn(role="caseworker", user=world.caseworker),
            ParticipantIn(role="education", name="Ms Berger, Central school"),
        ],
        "actions": [
            ActionIn(
                description="Enrol at Central school",
                owner=world.teammate,
                due_on=dt.date(2026, 12, 1),
            )
        ],
        **changes,
    }
    return conference_record(**data)


def test_a_conference_records_the_childs_words_and_gives_tasks(world, case, interpreters) -> None:
    conference = _record(world, case, interpreter_language="ti")
    assert conference.interpreter_service == interpreters
    assert [p.role for p in conference.participants.all()] == ["caseworker", "education"]
    task = ActionItem.objects.get()
    assert task.owner == world.teammate
    assert Notification.objects.filter(recipient=world.teammate, kind="task").exists()
    assert case.events.filter(kind="conference_held").exists()
    page = web_client(world.teammate).get("/tasks/").content.decode()
    assert "Enrol at Central school" in page
    action_item_done(actor=world.teammate, item=task)
    with pytest.raises(ApplicationError):
        action_item_done(actor=world.teammate, item=task)
    assert case.events.filter(kind="action_done").exists()


def test_bad_conferences_name_their_fields(world, case) -> None:
    with pytest.raises(FieldErrors) as caught:
        _record(world, case, purpose="", child_views="", participants=[], interpreter_language="zz")
    assert set(caught.value.errors) == {
        "purpose",
        "child_views",
        "participants",
        "interpreter_language",
    }
    with pytest.raises(FieldErrors) as none_offered:
        _record(world, case, interpreter_language="sq")
    assert "interpreter_language" in none_offered.value.errors
    # A child who was not heard needs no words recorded, but it is recorded that they were not.
    conference = _record(world, case, child_heard=False, child_views="")
    assert conference.child_heard is False


def test_only_case_editors_record_and_owners_see_their_tasks(world, case, api) -> None:
    with pytest.raises(ApplicationError):
        _record(world, case, actor=world.frontline)
    _record(world, case)
    assert [t["description"] for t in api("teammate").get("/api/v1/tasks").json()] == [
        "Enrol at Central school"
    ]
    assert api("caseworker2").get("/api/v1/tasks").json() == []
    task = ActionItem.objects.get()
    assert (
        api("caseworker2").post(f"/api/v1/tasks/{task.public_id}/completion", {}).status_code == 404
    )


def test_the_api_records_and_lists_conferences(world, case, interpreters, api) -> None:
    client = api("caseworker")
    response = client.post(
        "/api/v1/conferences",
        {
            "case_id": str(case.public_id),
            "held_at": "2026-11-20T10:00:00Z",
            "purpose": "Review",
            "child_heard": True,
            "child_views": "I feel safe here.",
            "participants": [
                {"role": "guardian", "name": "Guardian"},
                {"role": "interpreter", "name": "Mediator"},
            ],
            "actions": [
                {
                    "description": "Book a doctor",
                    "owner_id": str(world.caseworker.public_id),
                    "due_on": "2026-12-01",
                }
            ],
            "interpreter_language": "ar",
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["interpreter_service_id"] == str(interpreters.public_id)
    listed = client.get("/api/v1/conferences", case_id=str(case.public_id)).json()
    assert listed[0]["child_views"] == "I feel safe here."
    bad = client.post("/api/v1/conferences", {"case_id": str(case.public_id), "purpose": "x"})
    assert bad.status_code == 422
    assert {"held_at", "child_heard", "participants"} <= {e["field"] for e in bad.json()["errors"]}
    assert (
        api("caseworker2").get("/api/v1/conferences", case_id=str(case.public_id)).status_code
        == 404
    )


def test_the_page_form_and_bounded_lists(world, case, django_assert_max_num_queries) -> None:
    client = web_client(world.caseworker)
    response = client.post(
        f"/cases/{case.public_id}/conferences/new/",
        {
            "held_at": "2026-11-20T10:00",
            "purpose": "Placement review",
            "participants": [str(world.caseworker.public_id), str(world.teammate.public_id)],
            "others": "Dr Haas, Harbour clinic",
            "child_heard": "on",
            "child_views": "I like the shelter.",
            "action_1": "Call the clinic",
            "action_1_owner": str(world.teammate.public_id),
            "action_1_due": "2026-12-02",
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    half = client.post(
        f"/cases/{case.public_id}/conferences/new/",
        {"held_at": "2026-11-20T10:00", "purpose": "x", "others": "A", "action_1": "Only words"},
    )
    assert half.status_code == 422
    assert 'id="action_1-error"' in half.content.decode()
    for _ in range(8):
        _record(world, case)
    client.get(f"/cases/{case.public_id}/")
    with django_assert_max_num_queries(40):
        page = client.get(f"/cases/{case.public_id}/").content.decode()
    assert "I like the shelter." in page
    teammate = web_client(world.teammate)
    teammate.get("/tasks/")
    with django_assert_max_num_queries(15):
        assert teammate.get("/tasks/").status_code == 200


def test_guardians_from_outside_the_agency_can_take_part(world, case) -> None:
    guardian = world.user("guardian-x", RoleCode.GUARDIAN, world.other_agency, None)
    client = web_client(world.caseworker)
    form = client.get(f"/cases/{case.public_id}/conferences/new/").content.decode()
    assert str(guardian.public_id) in form
