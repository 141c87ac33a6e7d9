"""Scoped reads of deadlines: those of the cases and reports the user may see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import User
from kinhaven.cases.selectors import case_visibility_q
from kinhaven.core import time
from kinhaven.core.queries import NOTHING
from kinhaven.deadlines.enums import MINIMUM_PERIODS, DeadlineOutcome, DeadlineState
from kinhaven.deadlines.holds import deadline_held
from kinhaven.deadlines.models import Deadline

DUE_SOON = dt.timedelta(hours=24)


# The subjects a deadline may run on besides a case, each with the visibility rule of its
# own app, given as (user, prefix) -> Q. The apps that own reports and referrals sit above
# deadlines and register their rule in AppConfig.ready().
SubjectVisibility = Callable[[User, str], Q]
_subjects: dict[str, SubjectVisibility] = {}


def deadline_subject_register(field: str, visibility: SubjectVisibility) -> None:
    """Let deadlines on `field` (a foreign key of Deadline) be seen with their subject."""
    _subjects[field] = visibility


def deadline_visibility_q(user: User) -> Q:
    """Deny by default: a deadline is visible with the case, report or referral it runs on."""
    if not user.is_active:
        return NOTHING
    visible = Q(case__isnull=False) & case_visibility_q(user, prefix="case__")
    for field, visibility in _subjects.items():
        visible |= Q(**{f"{field}__isnull": False}) & visibility(user, f"{field}__")
    # A deadline on the agency alone (a partner country's request to answer) carries no child's
    # data: those who oversee the agency's work see it.
    if user.agency_id is not None and user.has_capability(Capability.CASE_VIEW_AGENCY):
        unattached = {"case__isnull": True, **{f"{f}__isnull": True for f in _subjects}}
        visible |= Q(agency_id=user.agency_id, **unattached)
    return visible


def deadline_list_for_user(
    *, user: User, filters: dict[str, Any] | None = None
) -> QuerySet[Deadline]:
    """Return deadlines the user may see, soonest first; by default the open ones.

    Filters: state "open" (default), "overdue", "today" (due later today, not yet overdue),
    "escalated" or "all".
    """
    filters = filters or {}
    qs = Deadline.objects.filter(deadline_visibility_q(user))
    state = filters.get("state") or "open"
    now = time.now()
    if state in {"open", "overdue", "today", "escalated"}:
        qs = qs.filter(completed_at__isnull=True)
    if state == "overdue":
        qs = qs.filter(due_at__lt=now)
    if state == "today":
        qs = qs.filter(due_at__gte=now, due_at__lt=end_of_today(now))
    if state == "escalated":
        qs = qs.filter(escalated_at__isnull=False)
    return qs.select_related("case", "report", "referral", "team").order_by("due_at", "id")


def end_of_today(now: dt.datetime) -> dt.datetime:
    """Midnight after `now`, in the deployment's time zone."""
    local = timezone.localtime(now)
    return (local + dt.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)


def deadlines_of_user(*, user: User) -> QuerySet[Deadline]:
    """Open deadlines that are the user's to meet: on the cases assigned to them, and on the
    reports their team triages; among those the user may see, the soonest first."""
    mine = Q(case__assigned_to_id=user.pk)
    if user.team_id is not None:
        mine |= Q(case__isnull=True, report__isnull=False, team_id=user.team_id)
    return deadline_list_for_user(user=user).filter(mine)


def deadline_state(deadline: Deadline, now: dt.datetime | None = None) -> DeadlineState:
    """Tell how a deadline stands now: due, due soon, overdue (or held open past its date by a
    rule: deadlines.holds, checked only for a deadline past its date), met (late) or
    cancelled."""
    now = now or time.now()
    if deadline.completed_at is not None:
        if deadline.outcome == DeadlineOutcome.CANCELLED:
            return DeadlineState.CANCELLED
        # A period that lasts at least until its date ends on it or after, never late.
        late = deadline.completed_at > deadline.due_at and deadline.code not in MINIMUM_PERIODS
        return DeadlineState.MET_LATE if late else DeadlineState.MET
    if now > deadline.due_at:
        return DeadlineState.HELD if deadline_held(deadline) else DeadlineState.OVERDUE
    if deadline.due_at - now <= DUE_SOON:
        return DeadlineState.DUE_SOON
    return DeadlineState.DUE


def deadline_rows(deadlines: Iterable[Deadline]) -> list[tuple[Deadline, DeadlineState]]:
    """Pair each deadline with its state now, for tables."""
    now = time.now()
    return [(d, deadline_state(d, now)) for d in deadlines]


def deadlines_on(**subject: Model) -> QuerySet[Deadline]:
    """Deadlines of one subject (report=..., referral=...) the caller already holds through
    its access function."""
    return Deadline.objects.filter(**subject).order_by("completed_at", "due_at")
