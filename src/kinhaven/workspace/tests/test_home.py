"""The home page's numbers and the task list, on data of the test's own: each number is what
the user could open, the page and the API agree, and a number links to a list of as many."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinhaven.accounts.enums import RoleCode
from kinhaven.approvals.services import approval_request
from kinhaven.audit.models import AuditEntry
from kinhaven.bestinterests.enums import BIA_APPROVAL_KIND
from kinhaven.cases.services import case_closure_request, case_open
from kinhaven.children.grants import (
    break_glass_agreement_allow,
    child_access_grant,
    child_break_glass,
)
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conferences.services import ActionIn, conference_record
from kinhaven.conftest import web_client
from kinhaven.core import time
from kinhaven.core.worklist import WorkItem, worklist_for, worklist_register
from kinhaven.deadlines.enums import DeadlineCode
from kinhaven.deadlines.models import Deadline
from kinhaven.deadlines.services import deadline_start
from kinhaven.guardianship.services import guardian_appoint
from kinhaven.intake.enums import Channel
from kinhaven.intake.schemas import ReportIn
from kinhaven.intake.services.reports import report_submit
from kinhaven.plans.services import case_plan_submit
from kinhaven.plans.tests.test_services import plan_draft
from kinhaven.referrals.services import transfer_create
from kinhaven.tracing.models import DuplicateCandidate
from kinhaven.tracing.selectors import duplicates_for_user, duplicates_to_judge
from kinhaven.tracing.services.duplicates import duplicate_may_judge

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(world):
    child = child_register(actor=world.caseworker, data=ChildIn(given_name="Dawit"))
    return case_open(actor=world.caseworker, child=child)


def _counts(answer: Any) -> dict[str, int]:
    assert answer.status_code == 200, answer.content
    return {
        f"{card['code']}.{count['code']}": count["value"]
        for card in answer.json()["cards"]
        for count in card["counts"]
    }


def _page_counts(page: str) -> dict[str, int]:
    return {
        key: int(value)
        for key, value in re.findall(
            r'data-count="([\w.]+)"><span class="number">(\d+)</span>', page
        )
    }


def _overdue(world, case, hours: int = 2):
    now = time.now()
    return deadline_start(
        code=DeadlineCode.CASE_REVIEW,
        agency=world.agency,
        case=case,
        starts_at=now - dt.timedelta(days=30),
        due_at=now - dt.timedelta(hours=hours),
    )


def test_an_overdue_deadline_on_my_case_counts_on_my_home_and_in_its_list(world, case, api):
    before = _counts(api("caseworker").get("/api/v1/home"))
    _overdue(world, case)
    after = _counts(api("caseworker").get("/api/v1/home"))
    assert after["deadlines.overdue"] == before["deadlines.overdue"] + 1
    assert after["tasks.overdue"] == before["tasks.overdue"] + 1
    assert after[f"caseload.{case.status}"] == 1
    # Another agency's caseworker sees none of it.
    other = _counts(api("caseworker2").get("/api/v1/home"))
    assert other["deadlines.overdue"] == 0
    assert other[f"caseload.{case.status}"] == 0

    client = web_client(world.caseworker)
    page = client.get("/").content.decode()
    assert _page_counts(page) == after
    # The number links to a list of as many.
    listed = client.get("/deadlines/?state=overdue").content.decode()
    assert listed.count('class="deadline overdue"') == after["deadlines.overdue"]
    cases = client.get(f"/cases/?status={case.status}&mine=1").content.decode()
    assert case.reference in cases
    assert (
        client.get("/tasks/?overdue=1").content.decode().count('<tr class="overdue"')
        == (after["tasks.overdue"])
    )


def test_the_case_list_takes_no_name_from_the_url(world, case):
    client = web_client(world.caseworker)
    assert case.reference in client.get("/cases/").content.decode()
    # A search in the URL is ignored: names and references are searched by POST only.
    assert case.reference in client.get("/cases/?q=nobody").content.decode()
    assert case.reference not in client.get("/cases/?status=closed").content.decode()
    found = client.post("/cases/", {"q": "nobody"}).content.decode()
    assert case.reference not in found


def test_due_today_counts_what_is_still_to_do_today(world, case, api):
    before = _counts(api("caseworker").get("/api/v1/home"))
    now = time.now()
    deadline_start(
        code=DeadlineCode.CASE_REVIEW,
        agency=world.agency,
        case=case,
        starts_at=now - dt.timedelta(days=1),
        due_at=now + dt.timedelta(seconds=30),
    )
    after = _counts(api("caseworker").get("/api/v1/home"))
    assert after["deadlines.today"] == before["deadlines.today"] + 1
    assert after["deadlines.overdue"] == before["deadlines.overdue"]


def test_a_pending_approval_waits_for_another_supervisor_not_the_one_who_asked(world, api):
    other = world.user("supervisor-b", RoleCode.SUPERVISOR, world.agency, None)
    elsewhere = world.user("supervisor-c", RoleCode.SUPERVISOR, world.other_agency, None)
    approval_request(
        actor=world.supervisor,
        kind=BIA_APPROVAL_KIND,
        object_id=uuid.uuid4(),
        agency=world.agency,
    )
    assert _counts(api("supervisor-b").get("/api/v1/home"))["approvals.waiting"] == 1
    assert _counts(api("supervisor").get("/api/v1/home"))["approvals.waiting"] == 0
    assert _counts(api("supervisor-c").get("/api/v1/home"))["approvals.waiting"] == 0
    # A caseworker holds no approving capability: no such card.
    assert "approvals.waiting" not in _counts(api("caseworker").get("/api/v1/home"))
    tasks = api("supervisor-b").get("/api/v1/worklist", kind="approval").json()
    assert [(t["kind"], t["title"]) for t in tasks] == [
        ("approval", "Approve a best-interests assessment")
    ]
    assert worklist_for(world.supervisor, kinds=["approval"]) == []
    assert worklist_for(elsewhere, kinds=["approval"]) == []
    page = web_client(other).get("/").content.decode()
    assert _page_counts(page)["approvals.waiting"] == 1


def test_the_task_list_puts_overdue_first_and_filters(world, case, api):
    _overdue(world, case, hours=1)
    _overdue(world, case, hours=48)
    everything = api("caseworker").get("/api/v1/worklist").json()
    flags = [t["overdue"] for t in everything]
    assert flags == sorted(flags, reverse=True)
    late = [t for t in everything if t["overdue"]]
    assert len(late) >= 2
    # Among the overdue, the longest overdue first.
    assert late[0]["due"] <= late[1]["due"]
    assert api("caseworker").get("/api/v1/worklist", overdue=True).json() == late
    deadlines = api("caseworker").get("/api/v1/worklist", kind="deadline").json()
    assert deadlines
    assert {t["kind"] for t in deadlines} == {"deadline"}
    assert api("caseworker").get("/api/v1/worklist", kind="nothing-such").json() == []
    # The case's own deadlines are not the other agency's tasks.
    assert api("caseworker2").get("/api/v1/worklist").json() == []
    page = web_client(world.caseworker).get("/tasks/?kind=deadline").content.decode()
    assert page.count('data-kind="deadline"') == len(deadlines)
    assert case.reference in page


def test_every_kind_registered_is_in_one_list(world):
    worklist_register(
        "test_kind",
        lambda user: [
            WorkItem(kind="test_kind", kind_label="Test", title="Undated", url="/"),
            WorkItem(
                kind="test_kind",
                kind_label="Test",
                title="Late",
                url="/",
                due=time.now() - dt.timedelta(days=1),
                overdue=True,
            ),
        ],
    )
    try:
        titles = [t.title for t in worklist_for(world.caseworker, kinds=["test_kind"])]
        assert titles == ["Late", "Undated"]
    finally:
        from kinhaven.core import worklist

        worklist._sources.pop("test_kind")


@pytest.mark.parametrize(
    ("username", "cards"),
    [
        ("caseworker", {"caseload", "deadlines", "tasks", "referrals", "duplicates"}),
        (
            "supervisor",
            {
                "caseload",
                "deadlines",
                "tasks",
                "approvals",
                "referrals",
                "duplicates",
                "break_glass",
            },
        ),
        ("hotline", {"triage", "tasks"}),
        ("frontline", {"triage", "tasks"}),
        ("analyst", {"statistics"}),
        ("admin", {"administration"}),
    ],
)
def test_each_role_has_its_cards(world, api, username, cards):
    answer = api(username).get("/api/v1/home")
    assert {card["code"] for card in answer.json()["cards"]} == cards


def test_a_guardian_sees_the_wards_and_their_next_deadlines(world, case, api):
    guardian = world.user("guardian", RoleCode.GUARDIAN, world.agency, None)
    case.child.guardian = guardian
    case.child.save(update_fields=["guardian"])
    _overdue(world, case)
    counts = _counts(api("guardian").get("/api/v1/home"))
    assert counts["wards.wards"] == 1
    assert counts["deadlines.overdue"] >= 1
    page = web_client(guardian).get("/").content.decode()
    assert "Dawit" in page
    assert "Case review" in page
    # The wards listed are audited as consulted.
    assert AuditEntry.objects.filter(actor=guardian, action="child.list").exists()


def test_the_triage_queue_lists_the_overdue_first(world, api):
    first, _new = report_submit(
        channel=Channel.PUBLIC, data=ReportIn(what_happened="Seen at the station.")
    )
    late, _new = report_submit(
        channel=Channel.PUBLIC, data=ReportIn(what_happened="Seen at the market.")
    )
    Deadline.objects.filter(report=late).update(due_at=time.now() - dt.timedelta(hours=1))
    counts = _counts(api("hotline").get("/api/v1/home"))
    assert counts["triage.open"] == 2
    assert counts["triage.overdue"] == 1
    page = web_client(world.hotline).get("/").content.decode()
    assert _page_counts(page) == counts
    assert page.index(late.reference) < page.index(first.reference)
    # The overdue count links to the queue filtered to the reports past their deadline.
    link = re.search(r'href="(/reports/\?[^"]*overdue=1[^"]*)"', page)
    assert link is not None
    queue = web_client(world.hotline).get(link.group(1).replace("&amp;", "&")).content.decode()
    assert late.reference in queue
    assert first.reference not in queue
    # A frontline responder sees only the reports they took.
    assert _counts(api("frontline").get("/api/v1/home"))["triage.open"] == 0


def test_the_auditor_and_the_administrator_land_on_their_links(world):
    auditor = world.user("auditor", RoleCode.AUDITOR, world.agency, None)
    page = web_client(auditor).get("/").content.decode()
    assert 'href="/audit/"' in page
    page = web_client(world.admin).get("/").content.decode()
    assert 'href="/users/"' in page
    assert web_client(world.analyst).get("/").status_code == 302


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize("username", ["caseworker", "supervisor"])
def test_the_home_page_and_the_task_list_cost_the_same_however_many_cases(world, case, username):
    client = web_client(getattr(world, username))
    _overdue(world, case)
    client.get("/")
    home, tasks = _queries(client, "/"), _queries(client, "/tasks/")
    for name in ("Abeba", "Selam", "Yonas"):
        child = child_register(actor=world.caseworker, data=ChildIn(given_name=name))
        _overdue(world, case_open(actor=world.caseworker, child=child))
    assert _queries(client, "/") == home
    assert _queries(client, "/tasks/") == tasks


def test_a_kind_too_long_is_refused_by_name(world, api):
    answer = api("caseworker").get("/api/v1/worklist", kind="k" * 61)
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["kind"]
    # The page ignores a filter it cannot read and shows every task.
    assert web_client(world.caseworker).get("/tasks/?kind=" + "k" * 61).status_code == 200


def test_a_case_offered_to_the_agency_counts_for_those_who_answer_it(world, api):
    child = child_register(actor=world.caseworker2, data=ChildIn(given_name="Lidya"))
    case = case_open(actor=world.caseworker2, child=child)
    transfer_create(
        actor=world.caseworker2,
        case=case,
        to_agency=world.agency,
        reasons="The child moved to the city.",
        needs=["education"],
        urgency="normal",
        consent="child",
    )
    counts = _counts(api("supervisor").get("/api/v1/home"))
    assert counts["referrals.transfers"] == 1
    page = web_client(world.supervisor).get("/").content.decode()
    assert _page_counts(page)["referrals.transfers"] == 1
    assert 'href="/referrals/#transfers"' in page
    # Not for the agency that sent it, and not for a role that does not answer transfers.
    assert _counts(api("caseworker2").get("/api/v1/home"))["referrals.transfers"] == 0
    assert "referrals.transfers" not in _counts(api("frontline").get("/api/v1/home"))


def test_the_supervisors_home_lists_the_agencys_open_cases_and_links_their_list(
    world, case, api
) -> None:
    """A supervisor's card is the agency's: its numbers, the cases under them (not only those
    assigned to the supervisor) and a link to the agency's list."""
    assert case.assigned_to == world.caseworker
    page = web_client(world.supervisor).get("/").content.decode()
    card = page.split('id="card-caseload"', 1)[1].split('<li class="card"', 1)[0]
    assert "The agency&#x27;s open cases" in card
    assert case.reference in card
    assert 'href="/cases/"' in card
    assert _counts(api("supervisor").get("/api/v1/home"))[f"caseload.{case.status}"] == 1
    listed = web_client(world.supervisor).get("/cases/").content.decode()
    assert case.reference in listed
    # A caseworker's card stays theirs: another's case is neither counted nor listed.
    other = web_client(world.other_team_worker).get("/").content.decode()
    assert case.reference not in other.split('id="card-caseload"', 1)[1]


def _task_list(client: Any, user: Any, kind: str) -> tuple[list[tuple[str, str, str, str]], str]:
    """The user's tasks of one kind in the API (kind, title, link, case), and the task page."""
    tasks = client.get("/api/v1/worklist", kind=kind).json()
    rows = [(t["kind"], t["title"], t["url"], t["case_reference"]) for t in tasks]
    return rows, web_client(user).get("/tasks/").content.decode()


def test_an_action_agreed_at_a_conference_is_on_its_owners_task_list(world, case, api) -> None:
    conference_record(
        actor=world.caseworker,
        case=case,
        held_at=time.now() - dt.timedelta(hours=1),
        purpose="Schooling",
        child_heard=False,
        actions=[
            ActionIn(
                description="Enrol at school",
                owner=world.teammate,
                due_on=time.today() + dt.timedelta(days=3),
            )
        ],
    )
    rows, page = _task_list(api("teammate"), world.teammate, "conference_action")
    assert rows == [
        ("conference_action", "Action agreed at a case conference", "/tasks/conferences/",
         case.reference),
    ]  # fmt: skip
    assert page.count('data-kind="conference_action"') == 1
    assert case.reference in page
    # The owner's task only: not the one who recorded the conference.
    assert _task_list(api("caseworker"), world.caseworker, "conference_action")[0] == []


def test_a_possible_duplicate_is_on_the_task_list_of_who_may_settle_it(world, api) -> None:
    first, second = (
        child_register(actor=world.caseworker, data=ChildIn(given_name=name))
        for name in ("Ngozi", "Ngozie")
    )
    for child in (first, second):
        case_open(actor=world.caseworker, child=child)
        # Agency Two reads both records by referral: it sees the pair, never settles it.
        child_access_grant(
            actor=world.caseworker, child=child, agency=world.other_agency, sections=["identity"]
        )
    low, high = sorted([first.pk, second.pk])
    pair = DuplicateCandidate.objects.create(
        child_a_id=low, child_b_id=high, score=0.9, source="batch"
    )
    rows, page = _task_list(api("caseworker"), world.caseworker, "duplicate")
    assert rows == [
        ("duplicate", "Judge whether two records are of the same child",
         f"/duplicates/{pair.public_id}/", ""),
    ]  # fmt: skip
    assert page.count('data-kind="duplicate"') == 1
    assert _task_list(api("caseworker2"), world.caseworker2, "duplicate")[0] == []
    assert str(pair.public_id) in web_client(world.caseworker2).get("/duplicates/").content.decode()
    # The home page counts the pairs on the task list: not one the agency only reads.
    assert _counts(api("caseworker").get("/api/v1/home"))["duplicates.open"] == 1
    assert _counts(api("caseworker2").get("/api/v1/home"))["duplicates.open"] == 0

    def settles(user: Any) -> tuple[bool, bool, bool, int]:
        """Whether the user reads the pair, may judge it, has it to judge, and the home count."""
        fresh = DuplicateCandidate.objects.get(pk=pair.pk)
        return (
            duplicates_for_user(user=user).filter(pk=pair.pk).exists(),
            duplicate_may_judge(user, fresh),
            list(duplicates_to_judge(user=user)) == [pair],
            _counts(api(user.username).get("/api/v1/home"))["duplicates.open"],
        )

    # A supervisor of the agency settles it; one of the other agency who broke the glass on
    # both records reads it and does not.
    assert settles(world.supervisor) == (True, True, True, 1)
    elsewhere = world.user("supervisor-c", RoleCode.SUPERVISOR, world.other_agency, None)
    break_glass_agreement_allow(
        actor=world.admin, holder=world.agency, requester=world.other_agency
    )
    for child in (first, second):
        child_break_glass(actor=elsewhere, child=child, reason="The child is at our shelter.")
    assert settles(elsewhere) == (True, False, False, 0)
    # A guardian in the agency the records are referred to reads the pair by the referral, and
    # settles it as the guardian of both records, not of one.
    guardian = world.user("guardian-c", RoleCode.GUARDIAN, world.other_agency, None)
    assert settles(guardian) == (True, False, False, 0)
    guardian_appoint(actor=world.supervisor, child=first, guardian=guardian)
    assert settles(guardian) == (True, False, False, 0)
    guardian_appoint(actor=world.supervisor, child=second, guardian=guardian)
    assert settles(guardian) == (True, True, True, 1)


def test_a_closure_and_a_case_plan_wait_on_the_supervisors_task_list(world, case, api) -> None:
    case_closure_request(actor=world.caseworker, case=case, reason="Reunited with the family.")
    plan_draft(world, case)
    case_plan_submit(actor=world.caseworker, case=case)
    rows, page = _task_list(api("supervisor"), world.supervisor, "approval")
    assert sorted(rows) == [
        ("approval", "Approve a case plan", f"/cases/{case.public_id}/plan/", ""),
        ("approval", "Approve the closure of a case", f"/cases/{case.public_id}/", ""),
    ]
    assert page.count('data-kind="approval"') == 2
    # Not for the one who asked, nor for another agency's supervisor.
    assert _task_list(api("caseworker"), world.caseworker, "approval")[0] == []
    elsewhere = world.user("supervisor-c", RoleCode.SUPERVISOR, world.other_agency, None)
    assert _task_list(api("supervisor-c"), elsewhere, "approval")[0] == []
