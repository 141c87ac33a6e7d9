"""What a user's home page and task list count, in one place for the pages and the API.

Every count starts from the scoped selector of the app that owns the records, so a number is
never larger than what the user could open, and each links to the list that shows the same
records (the case list, the deadlines dashboard, the task list, the triage queue). The records
a page lists besides the numbers are named in `Home.consulted`, for the caller to audit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count as CountOf
from django.db.models import F
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kinhaven.accounts.enums import Capability, RoleCode
from kinhaven.accounts.models import User
from kinhaven.approvals.registry import APPROVABLE
from kinhaven.approvals.selectors import approvals_waiting_for
from kinhaven.cases.enums import CaseStatus
from kinhaven.cases.selectors import case_list_for_user
from kinhaven.children.grants import break_glass_for_supervisor
from kinhaven.core import time
from kinhaven.core.worklist import WorkItem, worklist_for
from kinhaven.deadlines.models import Deadline
from kinhaven.deadlines.selectors import deadline_list_for_user
from kinhaven.intake.selectors import report_list_for_user
from kinhaven.legal.selectors import Ward, wards_for_guardian
from kinhaven.referrals.enums import ReferralStatus
from kinhaven.referrals.selectors import referral_list_for_user, transfers_awaiting_answer
from kinhaven.tracing.selectors import duplicates_to_judge

# How many records a card lists under its numbers.
FIRST_FEW = 5
TRIAGE_ROLES = {RoleCode.HOTLINE_OPERATOR, RoleCode.FRONTLINE_RESPONDER}


@dataclass(frozen=True)
class Count:
    code: str
    label: str | Promise
    value: int
    url: str
    # Needs attention now (overdue, escalated): shown with a word and a mark, not colour alone.
    urgent: bool = False


@dataclass
class Card:
    code: str
    title: str | Promise
    counts: list[Count] = field(default_factory=list)
    items: list[Any] = field(default_factory=list)
    # Links without a number (the audit log for an auditor).
    links: list[tuple[str | Promise, str]] = field(default_factory=list)


@dataclass
class Home:
    cards: list[Card]
    # (object type, records) the page lists: the caller audits them as consulted.
    consulted: list[tuple[str, list[Any]]] = field(default_factory=list)


@dataclass(frozen=True)
class WardRow:
    ward: Ward
    next_deadline: Deadline | None


def _url(name: str, **query: str) -> str:
    path = reverse(name)
    return f"{path}?{urlencode(query)}" if query else path


def home_for(*, user: User, items: bool = False) -> Home:
    """The cards of the user's home page: numbers for the API, and with `items` the first few
    records under them for the page."""
    home = Home(cards=[])
    if user.has_capability(Capability.STATS_VIEW) and not user.has_capability(Capability.CASE_VIEW):
        home.cards.append(
            Card(
                "statistics",
                _("Statistics"),
                links=[
                    (_("National figures"), reverse("stats:national")),
                    (_("Report builder"), reverse("stats:report")),
                ],
            )
        )
    role = user.role_code
    if role in TRIAGE_ROLES and (
        user.has_capability(Capability.REPORT_TRIAGE)
        or user.has_capability(Capability.REPORT_SUBMIT)
    ):
        home.cards.append(_triage(user, home, items))
    if role == RoleCode.GUARDIAN:
        home.cards.append(_wards(user, home, items))
    elif user.has_capability(Capability.CASE_VIEW) and role not in TRIAGE_ROLES:
        home.cards.append(_caseload(user, home, items))
    if user.has_capability(Capability.CASE_VIEW) and role not in TRIAGE_ROLES:
        home.cards.append(_deadlines(user))
    if _has_tasks(user):
        home.cards.append(_tasks(user, items))
    if any(user.has_capability(kind.capability) for kind in APPROVABLE.values()):
        home.cards.append(_approvals(user))
    if user.has_capability(Capability.REFERRAL_RESPOND) and user.agency_id is not None:
        home.cards.append(_referrals(user))
    if user.has_capability(Capability.CHILD_EDIT) or user.has_capability(Capability.CHILD_MERGE):
        home.cards.append(_duplicates(user))
    if user.has_capability(Capability.CASE_VIEW_AGENCY):
        home.cards.append(_break_glass(user, home, items))
    if user.has_capability(Capability.AUDIT_VIEW):
        home.cards.append(Card("audit", _("Audit"), links=[(_("Audit log"), reverse("web:audit"))]))
    if user.has_capability(Capability.USER_MANAGE):
        home.cards.append(
            Card(
                "administration",
                _("Administration"),
                links=[
                    (_("Users"), reverse("web:users")),
                    (_("Services"), reverse("referrals:services")),
                ],
            )
        )
    return home


def _has_tasks(user: User) -> bool:
    return user.has_capability(Capability.CASE_VIEW) or user.has_capability(
        Capability.REPORT_TRIAGE
    )


def _caseload(user: User, home: Home, items: bool) -> Card:
    """Open cases by status: the agency's for whom supervises it, else those assigned to the
    user; on the page, the first of the same open cases, last updated first."""
    agency = user.has_capability(Capability.CASE_VIEW_AGENCY)
    scope: dict[str, str] = {} if agency else {"mine": "1"}
    cases = case_list_for_user(user=user, filters={"mine": not agency})
    by_status = dict(cases.order_by().values_list("status").annotate(n=CountOf("id")))
    counts = [
        Count(
            status.value,
            status.label,
            by_status.get(status.value, 0),
            _url("cases:list", status=status.value, **scope),
        )
        for status in CaseStatus
        if status != CaseStatus.CLOSED
    ]
    title = _("The agency's open cases") if agency else _("My open cases")
    card = Card("caseload", title, counts)
    if agency:
        card.links = [(_("All the agency's cases"), _url("cases:list"))]
    if items:
        card.items = list(cases.exclude(status=CaseStatus.CLOSED)[:FIRST_FEW])
        home.consulted.append(("case", card.items))
    return card


def _deadlines(user: User) -> Card:
    """Overdue and due today among the deadlines the user sees; for whom supervises the agency,
    the escalations too."""
    counts = [
        Count(
            "overdue",
            _("Overdue"),
            deadline_list_for_user(user=user, filters={"state": "overdue"}).count(),
            _url("deadlines:dashboard", state="overdue"),
            urgent=True,
        ),
        Count(
            "today",
            _("Due today"),
            deadline_list_for_user(user=user, filters={"state": "today"}).count(),
            _url("deadlines:dashboard", state="today"),
        ),
    ]
    title = _("Deadlines")
    if user.has_capability(Capability.CASE_VIEW_AGENCY):
        title = _("Escalations and deadlines")
        counts.insert(
            0,
            Count(
                "escalated",
                _("Escalated"),
                deadline_list_for_user(user=user, filters={"state": "escalated"}).count(),
                _url("deadlines:dashboard", state="escalated"),
                urgent=True,
            ),
        )
    return Card("deadlines", title, counts)


def _tasks(user: User, items: bool) -> Card:
    tasks = worklist_for(user)
    overdue = sum(1 for t in tasks if t.overdue)
    counts = [
        Count("all", _("Open tasks"), len(tasks), _url("workspace:tasks")),
        Count("overdue", _("Overdue"), overdue, _url("workspace:tasks", overdue="1"), urgent=True),
    ]
    return Card("tasks", _("My tasks"), counts, items=tasks[:FIRST_FEW] if items else [])


def _approvals(user: User) -> Card:
    waiting = approvals_waiting_for(user=user).count()
    return Card(
        "approvals",
        _("Approvals waiting for you"),
        [Count("waiting", _("Waiting"), waiting, _url("workspace:tasks", kind="approval"))],
    )


def _referrals(user: User) -> Card:
    """Referrals to the agency waiting for an answer, and the cases other agencies offer it
    (transfers) for those who answer them."""
    new = (
        referral_list_for_user(user=user, direction="incoming")
        .filter(status=ReferralStatus.PENDING)
        .count()
    )
    counts = [Count("new", _("New, to answer"), new, _url("referrals:queues"))]
    if user.has_capability(Capability.CASE_TRANSFER):
        offered = transfers_awaiting_answer(user=user).count()
        queue = reverse("referrals:queues") + "#transfers"
        counts.append(Count("transfers", _("Cases offered to the agency"), offered, queue))
    return Card("referrals", _("Referrals and transfers to the agency"), counts)


def _duplicates(user: User) -> Card:
    return Card(
        "duplicates",
        _("Possible duplicates"),
        [
            Count(
                "open",
                _("To judge"),
                duplicates_to_judge(user=user).count(),
                _url("tracing:duplicates"),
            )
        ],
    )


def _break_glass(user: User, home: Home, items: bool) -> Card:
    grants = break_glass_for_supervisor(user=user)
    card = Card(
        "break_glass",
        _("Break-glass accesses by your agency (30 days)"),
        [Count("uses", _("Uses"), grants.count(), reverse("web:home") + "#break-glass-report")],
    )
    if items:
        card.items = list(grants[:50])
        # The report links to records and quotes reasons: a consultation like any list.
        home.consulted.append(("child", [grant.child for grant in card.items]))
    return card


def _triage(user: User, home: Home, items: bool) -> Card:
    """The open reports of the triage queue, those past their deadline first."""
    queue = report_list_for_user(user=user)
    now = time.now()
    counts = [
        Count("open", _("Open reports"), queue.count(), _url("intake:queue")),
        Count(
            "overdue",
            _("Past their deadline"),
            # next_due is the queue's own annotation (the report's earliest open deadline).
            queue.filter(next_due__lt=now).count(),  # type: ignore[misc]  # annotated field
            _url("intake:queue", overdue="1"),
            urgent=True,
        ),
    ]
    card = Card("triage", _("Triage queue"), counts)
    if items:
        card.items = list(
            queue.order_by(F("next_due").asc(nulls_last=True), "urgency_rank", "received_at")[
                :FIRST_FEW
            ]
        )
        for report in card.items:
            report.overdue = report.next_due is not None and report.next_due < now
        home.consulted.append(("report", card.items))
    return card


def _wards(user: User, home: Home, items: bool) -> Card:
    """The children in the user's guardianship, each with its next open deadline, the soonest
    first."""
    wards = wards_for_guardian(user=user)
    card = Card(
        "wards",
        _("My wards"),
        [Count("wards", _("Children in your guardianship"), len(wards), _url("legal:wards"))],
    )
    if items:
        upcoming: dict[int, Deadline] = {}
        for deadline in deadline_list_for_user(user=user).filter(
            case__child__in=[w.child for w in wards]
        ):
            if deadline.case is not None:
                upcoming.setdefault(deadline.case.child_id, deadline)
        rows = [WardRow(w, upcoming.get(w.child.pk)) for w in wards]
        # The ward whose deadline comes first, first; those without one last, by name.
        far = dt.datetime.max.replace(tzinfo=dt.UTC)
        card.items = sorted(rows, key=lambda r: r.next_deadline.due_at if r.next_deadline else far)
        home.consulted.append(("child", [w.child for w in wards]))
    return card


def tasks_for(
    *, user: User, kind: str = "", overdue: bool = False
) -> tuple[list[WorkItem], list[tuple[str, str | Promise]]]:
    """The user's tasks, overdue first, filtered by kind and lateness; with the kinds the user
    has tasks of, for the filter."""
    tasks = worklist_for(user)
    kinds = list({t.kind: t.kind_label for t in tasks}.items())
    if kind:
        tasks = [t for t in tasks if t.kind == kind]
    if overdue:
        tasks = [t for t in tasks if t.overdue]
    return tasks, kinds
