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
from kinhaven.cases.services import case_open
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conftest import web_client
from kinhaven.core import time
from kinhaven.core.worklist import WorkItem, worklist_for, worklist_register
from kinhaven.deadlines.enums import DeadlineCode
from kinhaven.deadlines.models import Deadline
from kinhaven.deadlines.services import deadline_start
from kinhaven.intake.enums import Channel
from kinhaven.intake.schemas import ReportIn
from kinhaven.intake.services.reports import report_submit
from kinhaven.referrals.services import transfer_create

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
