"""Reads of case plans, through a case the caller already holds (access_case_by_id)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinhaven.accounts.models import User, role_label
from kinhaven.accounts.selectors import casework_people
from kinhaven.cases.enums import CaseStatus
from kinhaven.cases.models import Case
from kinhaven.cases.selectors import case_visibility_q
from kinhaven.core import time
from kinhaven.core.worklist import WorkItem
from kinhaven.plans.enums import SubmissionState
from kinhaven.plans.models import CasePlan, PlanAction, PlanSubmission


def plan_for_case(*, case: Case) -> CasePlan | None:
    """The case's plan with its goals, actions, reviews and submissions, or None."""
    return (
        CasePlan.objects.filter(case=case)
        .prefetch_related(
            "goals",
            "actions__owner",
            "reviews__held_by",
            "submissions__submitted_by",
            "submissions__decided_by",
        )
        .first()
    )


def plan_approved_submission(plan: CasePlan) -> PlanSubmission | None:
    """The latest approved version of the plan, as it was approved."""
    approved = [s for s in plan.submissions.all() if s.state == SubmissionState.APPROVED]
    return approved[0] if approved else None


def version_actions(submission: PlanSubmission) -> list[dict[str, Any]]:
    """The actions of a version as it was submitted, each with its `due` day and `owner_label`,
    its owner by name and role: as kept with the version, or, for a version kept before names
    were (its owner's username only), as that user is named now ("" if there is no such user)."""
    actions: list[dict[str, Any]] = submission.content.get("actions", [])
    usernames = {a.get("owner") for a in actions if "owner_name" not in a} - {None, ""}
    by_username = {
        user.username: user.person_label()
        for user in User.objects.filter(username__in=usernames).select_related("role")
    }
    return [
        {
            **a,
            "owner_label": _owner_label(a, by_username),
            "due": dt.date.fromisoformat(a["due_on"]) if a.get("due_on") else None,
        }
        for a in actions
    ]


def _owner_label(action: dict[str, Any], by_username: dict[str, str]) -> str:
    if "owner_name" not in action:
        return by_username.get(action.get("owner") or "", "")
    role = role_label(action.get("owner_role") or "")
    return f"{action['owner_name']} ({role})" if role else str(action["owner_name"])


def plan_pending_submission(plan: CasePlan) -> PlanSubmission | None:
    return next((s for s in plan.submissions.all() if s.state == SubmissionState.PENDING), None)


def plan_owners_for(case: Case) -> QuerySet[User]:
    """Who may own an action of the case's plan: the active casework staff of the agency holding
    it, by name."""
    return casework_people(User.objects.filter(agency_id=case.agency_id))


def end_of_day(day: dt.date) -> dt.datetime:
    """A plan's date as the deadline's due moment: the end of that day, local time."""
    return dt.datetime.combine(day, dt.time(23, 59), tzinfo=timezone.get_current_timezone())


def action_overdue(action: PlanAction, today: dt.date | None = None) -> bool:
    return action.done_at is None and action.due_on < (today or time.today())


def plan_summary(*, case: Case) -> dict[str, Any] | None:
    """What the case page shows of the plan: status, version, counts and the next dates."""
    plan = plan_for_case(case=case)
    if plan is None:
        return None
    today = time.today()
    open_actions = [a for a in plan.actions.all() if a.done_at is None]
    return {
        "plan": plan,
        "goals": len(plan.goals.all()),
        "open_actions": len(open_actions),
        "overdue_actions": sum(1 for a in open_actions if action_overdue(a, today)),
        "next_due": min((a.due_on for a in open_actions), default=None),
        "approved": plan_approved_submission(plan),
    }


def plan_action_work_items(user: Any) -> list[WorkItem]:
    """The open actions of case plans the user owns, on open cases the user sees: no personal
    data, the case's reference and the plan page."""
    if not getattr(user, "is_active", False):
        return []
    today = time.today()
    actions = (
        PlanAction.objects.filter(owner_id=user.pk, done_at__isnull=True)
        .filter(case_visibility_q(user, prefix="plan__case__"))
        .exclude(plan__case__status=CaseStatus.CLOSED)
        .select_related("plan__case", "deadline")
        .order_by("due_on", "id")
    )
    return [
        WorkItem(
            kind="plan_action",
            kind_label=_("Case plan action"),
            title=_("Action of the case plan due"),
            url=reverse("plans:page", args=[a.plan.case.public_id]),
            due=a.deadline.due_at if a.deadline is not None else end_of_day(a.due_on),
            overdue=action_overdue(a, today),
            case_reference=a.plan.case.reference or "",
        )
        for a in actions
    ]
