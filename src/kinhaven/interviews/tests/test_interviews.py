"""One interview, recorded once: a repeat on the same matter needs a written justification and
another person's approval; the earlier interviews come first; special measures reach the
criminal proceeding; only those who read the interviews section see interviews."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kinhaven.accounts.enums import RoleCode
from kinhaven.cases.services import case_open
from kinhaven.children.models import Child
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conftest import web_client
from kinhaven.core import time
from kinhaven.interviews.models import Interview
from kinhaven.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _soon(days: int = 2) -> str:
    return (time.now() + dt.timedelta(days=days)).replace(microsecond=0).isoformat()


PLAN: dict[str, Any] = {
    "matter": "Labour exploitation at the car wash",
    "purpose": "The child's account of recruitment and work, for the investigation.",
    "room": "Barnahus interview room 1",
    "interviewer_name": "Inspector Weber",
    "interviewer_role": "police",
    "interviewer_training": "NICHD protocol, forensic interviewing of children",
    "interviewer_trained_on": "2025-03-14",
    "team": [
        {"role": "prosecutor", "name": "Ms Lang", "agreed_role": "Questions via the interviewer"},
        {"role": "guardian", "name": "Mr Said", "agreed_role": "Watches for the child's needs"},
    ],
    "language_support": {"kind": "interpreter", "language": "prs", "name": "Ms Karimi"},
    "special_measures": ["video_link", "no_confrontation"],
}


@pytest.fixture
def child(world) -> Child:
    child = child_register(actor=world.caseworker, data=ChildIn(given_name="Zahra"))
    case_open(actor=world.caseworker, child=child)
    return child


def _base(child: Child) -> str:
    return f"/api/v1/children/{child.public_id}/interviews"


def test_a_repeat_needs_a_justification_then_another_persons_approval(world, api, child) -> None:
    worker, boss = api("caseworker"), api("supervisor")
    first = worker.post(_base(child), {**PLAN, "planned_at": _soon(1)})
    assert first.status_code == 201, first.content
    assert first.json()["status"] == "planned"
    assert first.json()["earlier"] == []

    # The same matter, in other case and spacing: without a justification, refused, no row.
    again = {**PLAN, "matter": "labour exploitation at the  CAR WASH", "planned_at": _soon(5)}
    refused = worker.post(_base(child), again)
    assert refused.status_code == 409
    assert [e["field"] for e in refused.json()["errors"]] == ["justification"]
    assert Interview.objects.count() == 1

    why = "The child disclosed a second trafficker after the first interview."
    second = worker.post(_base(child), {**again, "justification": why})
    assert second.status_code == 201, second.content
    body = second.json()
    assert body["status"] == "awaiting_approval"
    assert body["repeat"] is True
    assert body["earlier"] == [first.json()["id"]]
    one = f"{_base(child)}/{body['id']}"
    # The supervisors are told it waits (a link, no data).
    assert Notification.objects.filter(recipient=world.supervisor, path__contains=body["id"])

    held = {
        "held_at": (time.now() - dt.timedelta(minutes=5)).replace(microsecond=0).isoformat(),
        "room": "Barnahus interview room 1",
        "present": ["Inspector Weber (interviewer)", "Ms Karimi (interpreter)"],
        "recording_reference": "REC-2026-0042",
    }
    not_yet = worker.post(f"{one}/held", held)
    assert not_yet.status_code == 409
    assert [e["field"] for e in not_yet.json()["errors"]] == ["approval"]
    # A caseworker's role may not approve; the supervisor may.
    assert worker.post(f"{one}/approval", {}).status_code == 403
    approved = boss.post(f"{one}/approval", {})
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == "planned"
    assert approved.json()["approved_at"] is not None
    done = worker.post(f"{one}/held", held)
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "held"
    assert done.json()["recording_reference"] == "REC-2026-0042"


def test_the_planner_does_not_approve_their_own_repeat(world, api, child) -> None:
    boss = api("supervisor")
    assert boss.post(_base(child), {**PLAN, "planned_at": _soon(1)}).status_code == 201
    second = boss.post(
        _base(child), {**PLAN, "planned_at": _soon(3), "justification": "New facts."}
    )
    refused = boss.post(f"{_base(child)}/{second.json()['id']}/approval", {})
    assert refused.status_code == 409
    assert [e["field"] for e in refused.json()["errors"]] == ["approved_by"]


def _investigation(worker: Any, child: Child, reference: str) -> Any:
    """A criminal investigation with the child as victim, recorded through the API."""
    made = worker.post(
        "/api/v1/proceedings",
        {
            "child_id": str(child.public_id),
            "track": "criminal",
            "status": "investigation",
            "child_role": "victim",
            "reference": reference,
        },
    )
    assert made.status_code == 201, made.content
    return made


def test_a_matter_heard_before_its_proceeding_was_recorded_is_the_same_matter(
    world, api, child
) -> None:
    # The child was heard on the car wash; then the police open an investigation of it. An
    # interview planned for the investigation on the same matter is a repeat.
    worker = api("caseworker")
    first = worker.post(_base(child), {**PLAN, "planned_at": _soon(1)})
    assert first.status_code == 201, first.content
    made = _investigation(worker, child, "ST-5120/26")
    again = {
        **PLAN,
        "matter": "  labour exploitation at the CAR WASH ",
        "proceeding_id": made.json()["id"],
        "planned_at": _soon(5),
    }
    refused = worker.post(_base(child), again)
    assert refused.status_code == 409
    assert [e["field"] for e in refused.json()["errors"]] == ["justification"]
    waiting = worker.post(_base(child), {**again, "justification": "The court asks for it."})
    assert waiting.status_code == 201, waiting.content
    assert waiting.json()["status"] == "awaiting_approval"
    assert waiting.json()["earlier"] == [first.json()["id"]]


def test_special_measures_reach_the_criminal_proceeding_it_serves(world, api, child) -> None:
    worker = api("caseworker")
    made = _investigation(worker, child, "ST-4411/26")
    proceeding = made.json()["id"]
    plan = {**PLAN, "matter": "Investigation ST-4411/26", "proceeding_id": proceeding}
    first = worker.post(_base(child), {**plan, "planned_at": _soon(1)})
    assert first.status_code == 201, first.content
    carried = worker.get(f"/api/v1/proceedings/{proceeding}").json()
    assert carried["special_measures"] == ["video_link", "no_confrontation"]
    # The same proceeding is the same matter, whatever the words.
    other_words = {**plan, "matter": "Car wash", "planned_at": _soon(4)}
    refused = worker.post(_base(child), other_words)
    assert refused.status_code == 409
    assert [e["field"] for e in refused.json()["errors"]] == ["justification"]
    # An asylum application is not a criminal proceeding an interview serves.
    asylum = worker.post(
        "/api/v1/proceedings",
        {"child_id": str(child.public_id), "track": "asylum", "status": "lodged"},
    )
    assert asylum.status_code == 201, asylum.content
    wrong = worker.post(
        _base(child), {**PLAN, "proceeding_id": asylum.json()["id"], "planned_at": _soon(2)}
    )
    assert wrong.status_code == 422
    assert [e["field"] for e in wrong.json()["errors"]] == ["proceeding_id"]


def test_bad_plans_name_their_field(world, api, child) -> None:
    worker = api("caseworker")
    # A field inside a list or an object is named by its path.
    cases: dict[str, dict[str, Any]] = {
        "interviewer_trained_on": {"interviewer_trained_on": "2999-01-01"},
        "interviewer_role": {"interviewer_role": "neighbour"},
        "special_measures.0": {"special_measures": ["blindfold"]},
        "language_support.language": {
            "language_support": {"kind": "interpreter", "language": "zz", "name": "Ms K"}
        },
        "team.0.name": {"team": [{"role": "prosecutor", "name": "", "agreed_role": "x"}]},
    }
    for field, change in cases.items():
        answer = worker.post(_base(child), {**PLAN, "planned_at": _soon(1), **change})
        assert answer.status_code == 422, (field, answer.content)
        assert [e["field"] for e in answer.json()["errors"]] == [field]
    assert not Interview.objects.exists()


def test_only_readers_of_the_interviews_section_see_interviews(world, api, child) -> None:
    made = api("caseworker").post(_base(child), {**PLAN, "planned_at": _soon(1)})
    one = f"{_base(child)}/{made.json()['id']}"
    # The frontline responder sees the child but not the interviews section.
    frontline = api("frontline")
    assert frontline.get(_base(child)).json() == []
    assert frontline.get(one).status_code == 404
    assert frontline.post(_base(child), {**PLAN, "planned_at": _soon(2)}).status_code == 403
    # Another agency does not see the child at all.
    assert api("caseworker2").get(one).status_code == 404


def test_a_guardian_reads_interviews_but_does_not_plan_them(world, api, child) -> None:
    guardian = world.user("guardian", RoleCode.GUARDIAN, world.other_agency, None)
    Child.objects.filter(pk=child.pk).update(guardian=guardian)
    made = api("caseworker").post(_base(child), {**PLAN, "planned_at": _soon(1)})
    assert api("guardian").get(f"{_base(child)}/{made.json()['id']}").status_code == 200
    refused = api("guardian").post(_base(child), {**PLAN, "planned_at": _soon(3)})
    assert refused.status_code == 403


def test_the_page_shows_the_earlier_interviews_first_when_a_repeat_is_refused(
    world, api, child
) -> None:
    api("caseworker").post(_base(child), {**PLAN, "planned_at": _soon(1)})
    client = web_client(world.caseworker)
    page = client.get(f"/children/{child.public_id}/interviews/")
    assert page.status_code == 200
    assert 'id="plan-form"' in page.content.decode()
    form = {
        "matter": PLAN["matter"],
        "purpose": "Again",
        "planned_at": (time.now() + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
        "room": "Room 2",
        "interviewer_name": "Inspector Weber",
        "interviewer_role": "police",
        "interviewer_training": "NICHD protocol",
        "interviewer_trained_on": "2025-03-14",
        "team_0_role": "prosecutor",
        "team_0_name": "Ms Lang",
        "team_0_agreed_role": "Questions via the interviewer",
        "special_measures": ["breaks"],
    }
    refused = client.post(f"/children/{child.public_id}/interviews/plan/", form)
    assert refused.status_code == 409
    text = refused.content.decode()
    assert 'id="same-matter"' in text
    assert text.index('id="same-matter"') < text.index('id="plan-form"')
    half_row = client.post(
        f"/children/{child.public_id}/interviews/plan/",
        {**form, "team_1_role": "defence", "justification": "New facts."},
    )
    assert half_row.status_code == 422
    done = client.post(
        f"/children/{child.public_id}/interviews/plan/", {**form, "justification": "New facts."}
    )
    assert done.status_code == 302
    repeat = Interview.objects.get(status="awaiting_approval")
    assert repeat.team == [
        {"role": "prosecutor", "name": "Ms Lang", "agreed_role": "Questions via the interviewer"}
    ]
    detail = web_client(world.supervisor).get(done["Location"])
    assert 'id="earlier"' in detail.content.decode()
    assert 'id="approve-form"' in detail.content.decode()
    approved = web_client(world.supervisor).post(f"{done['Location']}approval/")
    assert approved.status_code == 302
    repeat.refresh_from_db()
    assert repeat.status == "planned"
