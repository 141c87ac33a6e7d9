import datetime as dt

import pytest

from kinhaven.accounts.enums import RoleCode
from kinhaven.cases.services import case_open
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conferences.models import ActionItem
from kinhaven.conferences.schemas import ConferenceFieldsIn
from kinhaven.conferences.services import (
    ActionIn,
    ParticipantIn,
    action_item_done,
    conference_record,
)
from kinhaven.conftest import web_client
from kinhaven.core.errors import ApplicationError, FieldErrors
from kinhaven.core.validation import input_validate
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
    page = web_client(world.teammate).get("/tasks/conferences/").content.decode()
    assert "Enrol at Central school" in page
    action_item_done(actor=world.teammate, item=task)
    with pytest.raises(ApplicationError):
        action_item_done(actor=world.teammate, item=task)
    assert case.events.filter(kind="action_done").exists()


def test_bad_conferences_name_their_fields(world, case) -> None:
    with pytest.raises(FieldErrors) as caught:
        input_validate(
            ConferenceFieldsIn,
            {
                "held_at": HELD,
                "purpose": "",
                "child_heard": True,
                "child_views": "",
                "participants": [],
                "interpreter_language": "zz",
            },
        )
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
    assert 'id="id_action_1_error"' in half.content.decode()
    for _ in range(8):
        _record(world, case)
    client.get(f"/cases/{case.public_id}/")
    with django_assert_max_num_queries(40):
        page = client.get(f"/cases/{case.public_id}/").content.decode()
    assert "I like the shelter." in page
    teammate = web_client(world.teammate)
    teammate.get("/tasks/conferences/")
    with django_assert_max_num_queries(15):
        assert teammate.get("/tasks/conferences/").status_code == 200


def test_guardians_from_outside_the_agency_can_take_part(world, case) -> None:
    guardian = world.user("guardian-x", RoleCode.GUARDIAN, world.other_agency, None)
    client = web_client(world.caseworker)
    form = client.get(f"/cases/{case.public_id}/conferences/new/").content.decode()
    assert str(guardian.public_id) in form


# The same conference by the web form and by the API; each case spoils it the same way in both.
WEB = {"held_at": "2026-11-20T10:00", "purpose": "Review", "others": "Dr Haas, Harbour clinic"}
API = {
    "held_at": "2026-11-20T10:00:00Z",
    "purpose": "Review",
    "child_heard": False,
    "participants": [{"role": "other", "name": "Dr Haas, Harbour clinic"}],
}
LEFT_OUT = object()


def _refusals(world, case, api, web_change, api_change):
    """The errors by field of the web form and of the API, each answered 422."""
    web = web_client(world.caseworker).post(
        f"/cases/{case.public_id}/conferences/new/", {**WEB, **web_change}
    )
    body = {**API, **api_change, "case_id": str(case.public_id)}
    answer = api("caseworker").post(
        "/api/v1/conferences", {k: v for k, v in body.items() if v is not LEFT_OUT}
    )
    assert web.status_code == answer.status_code == 422, (web.status_code, answer.content)
    by_field = {e["field"]: e["message"] for e in answer.json()["errors"]}
    return {k: list(v) for k, v in web.context["form"].errors.items()}, by_field


@pytest.mark.parametrize(
    ("web_change", "api_change", "field", "message"),
    [
        ({"purpose": ""}, {"purpose": LEFT_OUT}, "purpose", "This field is required."),
        ({"purpose": "  "}, {"purpose": "  "}, "purpose", "This field is required."),
        (
            {"child_heard": "on", "child_views": ""},
            {"child_heard": True},
            "child_views",
            "This field is required.",
        ),
        ({"others": ""}, {"participants": []}, "participants", "Name who took part."),
        (
            {"interpreter_language": "zz"},
            {"interpreter_language": "zz"},
            "interpreter_language",
            "Unknown language code: use ISO 639-1 or 639-3, such as uk or prs.",
        ),
        (
            {"interpreter_language": "sq"},
            {"interpreter_language": "sq"},
            "interpreter_language",
            "No interpreter or cultural mediator in the directory offers this language.",
        ),
    ],
)
def test_the_form_and_the_api_refuse_alike(
    world, case, api, web_change, api_change, field, message
) -> None:
    form_errors, api_errors = _refusals(world, case, api, web_change, api_change)
    assert form_errors == {field: [message]}
    assert api_errors == {field: message}


@pytest.mark.parametrize(
    ("field", "value", "limit"),
    [
        ("location", "x" * 201, "at most 200 characters"),
        ("purpose", "x" * 5001, "at most 5000 characters"),
        ("decisions", "x" * 5001, "at most 5000 characters"),
        ("interpreter_language", "ukrx", "at most 3 characters"),
        ("purpose", "Review\x00", None),
        ("location", "\x00", None),
    ],
)
def test_the_form_and_the_api_refuse_overlong_text_and_nul_on_the_same_field(
    world, case, api, field, value, limit
) -> None:
    form_errors, api_errors = _refusals(world, case, api, {field: value}, {field: value})
    assert set(form_errors) == set(api_errors) == {field}
    if limit:
        # The same limit; Django and pydantic word it each their own way.
        assert limit in form_errors[field][0]
        assert limit in api_errors[field]


def test_the_participants_and_actions_of_the_form_are_those_of_the_api(world, case, api) -> None:
    web = web_client(world.caseworker).post(
        f"/cases/{case.public_id}/conferences/new/",
        {
            **WEB,
            "participants": [str(world.teammate.public_id)],
            "others": "Dr Haas, Harbour clinic\n\n  Ms Berger, Central school  ",
            "action_1": "  Call the clinic ",
            "action_1_owner": str(world.teammate.public_id),
            "action_1_due": "2026-12-02",
        },
    )
    assert web.status_code == 302
    answer = api("caseworker").post(
        "/api/v1/conferences",
        {
            **API,
            "case_id": str(case.public_id),
            "participants": [
                {"role": "caseworker", "user_id": str(world.teammate.public_id)},
                {"role": "other", "name": "Dr Haas, Harbour clinic"},
                {"role": "other", "name": "  Ms Berger, Central school  "},
            ],
            "actions": [
                {
                    "description": "  Call the clinic ",
                    "owner_id": str(world.teammate.public_id),
                    "due_on": "2026-12-02",
                }
            ],
        },
    )
    assert answer.status_code == 201, answer.content
    listed = api("caseworker").get("/api/v1/conferences", case_id=str(case.public_id)).json()
    by_api = next(c for c in listed if c["id"] == answer.json()["id"])
    by_web = next(c for c in listed if c["id"] != answer.json()["id"])
    assert by_web["participants"] == by_api["participants"]
    assert [p["name"] for p in by_web["participants"]] == [
        "",
        "Dr Haas, Harbour clinic",
        "Ms Berger, Central school",
    ]
    fields = ("description", "owner_id", "due_on")
    actions = [[{k: a[k] for k in fields} for a in c["actions"]] for c in (by_web, by_api)]
    assert actions[0] == actions[1]
    assert actions[0][0]["description"] == "Call the clinic"


def test_the_api_refuses_an_account_no_longer_active(world, case, api) -> None:
    body = {
        **API,
        "case_id": str(case.public_id),
        "actions": [
            {
                "description": "Visit",
                "owner_id": str(world.teammate.public_id),
                "due_on": "2026-12-02",
            }
        ],
    }
    world.teammate.is_active = False
    world.teammate.save()
    answer = api("caseworker").post("/api/v1/conferences", body)
    assert answer.status_code == 422
    assert answer.json()["errors"] == [{"field": "actions", "message": "Unknown user."}]
    assert not case.conferences.exists()
