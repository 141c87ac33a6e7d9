"""The plan page of a case: goals, actions, reviews and the approval history, with the forms
the user may use. Each form posts and redirects; sent back with errors, the page shows it with
the errors under its fields and the domain error's status."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kinhaven.accounts.auth import web_user
from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import User
from kinhaven.accounts.services import capability_require
from kinhaven.audit.actions import AuditAction
from kinhaven.cases.access import access_case_by_id
from kinhaven.cases.models import Case
from kinhaven.core.errors import ApplicationError
from kinhaven.core.forms import form_add_errors, form_status
from kinhaven.plans.access import access_plan_action_by_id
from kinhaven.plans.enums import PlanStatus
from kinhaven.plans.forms import (
    ActionForm,
    GoalForm,
    PlanDecisionForm,
    ReviewDateForm,
    ReviewForm,
    SubmitForm,
)
from kinhaven.plans.selectors import (
    action_overdue,
    plan_approved_submission,
    plan_for_case,
    plan_pending_submission,
    version_actions,
)
from kinhaven.plans.services import (
    case_plan_action_add,
    case_plan_action_done,
    case_plan_decide,
    case_plan_goal_add,
    case_plan_review_date_set,
    case_plan_review_record,
    case_plan_submit,
    case_plan_write_require,
)


def _can(check: Callable[[], None]) -> bool:
    try:
        check()
    except ApplicationError:
        return False
    return True


def _context(user: User, case: Case, sent: dict[str, forms.Form] | None = None) -> dict[str, Any]:
    plan = plan_for_case(case=case)
    pending = plan_pending_submission(plan) if plan else None
    forms_: dict[str, forms.Form] = {
        "goal_form": GoalForm(),
        "action_form": ActionForm(case=case, plan=plan),
        "schedule_form": ReviewDateForm(
            initial={"review_on": plan.review_on} if plan and plan.review_on else None
        ),
        "review_form": ReviewForm(),
        "decision_form": PlanDecisionForm(),
        "submit_form": SubmitForm(),
        **(sent or {}),
    }
    can_write = _can(lambda: case_plan_write_require(user, case))
    approved = plan_approved_submission(plan) if plan else None
    actions = list(plan.actions.all()) if plan else []
    return {
        "case": case,
        "plan": plan,
        "goals": list(plan.goals.all()) if plan else [],
        "actions": [(a, action_overdue(a)) for a in actions],
        "reviews": list(plan.reviews.all()) if plan else [],
        "submissions": list(plan.submissions.all()) if plan else [],
        "approved": approved,
        "approved_actions": version_actions(approved) if approved else [],
        "pending": pending,
        "can_write": can_write,
        "can_change": can_write and (plan is None or plan.status != PlanStatus.SUBMITTED),
        "can_submit": can_write
        and plan is not None
        and plan.status in (PlanStatus.DRAFT, PlanStatus.SENT_BACK),
        "can_decide": pending is not None
        and user.has_capability(Capability.CASE_PLAN_APPROVE)
        and user.agency_id == case.agency_id
        and pending.submitted_by_id != user.pk,
        **forms_,
    }


@login_required
@require_GET
def plan_page(request: HttpRequest, case_id: str) -> HttpResponse:
    """The case's plan, its versions' approvals and the forms the user may use."""
    user = web_user(request)
    case = access_case_by_id(user, case_id)
    return render(request, "plans/page.html", _context(user, case))


def _write(
    request: HttpRequest,
    user: User,
    case: Case,
    *,
    key: str,
    form: forms.Form,
    act: Callable[[], object],
    done: str,
) -> HttpResponse:
    if form.is_valid():
        try:
            act()
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("plans:page", case_id=case.public_id)
    return render(
        request, "plans/page.html", _context(user, case, {key: form}), status=form_status(form)
    )


def _case_for_write(request: HttpRequest, case_id: str) -> tuple[User, Case]:
    user = web_user(request)
    case = access_case_by_id(user, case_id, action=AuditAction.CASE_READ_FOR_UPDATE)
    case_plan_write_require(user, case)
    return user, case


@login_required
@require_POST
def goal_add_view(request: HttpRequest, case_id: str) -> HttpResponse:
    user, case = _case_for_write(request, case_id)
    form = GoalForm(request.POST)
    return _write(
        request,
        user,
        case,
        key="goal_form",
        form=form,
        act=lambda: case_plan_goal_add(actor=user, case=case, data=form.input),
        done=_("Goal added."),
    )


@login_required
@require_POST
def action_add_view(request: HttpRequest, case_id: str) -> HttpResponse:
    user, case = _case_for_write(request, case_id)
    form = ActionForm(request.POST, case=case, plan=plan_for_case(case=case))
    return _write(
        request,
        user,
        case,
        key="action_form",
        form=form,
        act=lambda: case_plan_action_add(actor=user, case=case, data=form.input),
        done=_("Action added."),
    )


@login_required
@require_POST
def action_done_view(request: HttpRequest, case_id: str, action_id: str) -> HttpResponse:
    """Mark an action done: its owner, or a caseworker of the agency holding the case."""
    user = web_user(request)
    case = access_case_by_id(user, case_id, action=AuditAction.CASE_READ_FOR_UPDATE)
    item = access_plan_action_by_id(user, case, action_id)
    if item.owner_id != user.pk:
        case_plan_write_require(user, case)
    return _write(
        request,
        user,
        case,
        key="done_form",
        form=forms.Form(request.POST),
        act=lambda: case_plan_action_done(actor=user, action=item),
        done=_("Action marked done."),
    )


@login_required
@require_POST
def review_date_view(request: HttpRequest, case_id: str) -> HttpResponse:
    user, case = _case_for_write(request, case_id)
    form = ReviewDateForm(request.POST)
    return _write(
        request,
        user,
        case,
        key="schedule_form",
        form=form,
        act=lambda: case_plan_review_date_set(actor=user, case=case, data=form.input),
        done=_("Review date set."),
    )


@login_required
@require_POST
def review_record_view(request: HttpRequest, case_id: str) -> HttpResponse:
    user, case = _case_for_write(request, case_id)
    form = ReviewForm(request.POST)
    return _write(
        request,
        user,
        case,
        key="review_form",
        form=form,
        act=lambda: case_plan_review_record(actor=user, case=case, data=form.input),
        done=_("Review recorded."),
    )


@login_required
@require_POST
def submit_view(request: HttpRequest, case_id: str) -> HttpResponse:
    user, case = _case_for_write(request, case_id)
    return _write(
        request,
        user,
        case,
        key="submit_form",
        form=SubmitForm(request.POST),
        act=lambda: case_plan_submit(actor=user, case=case),
        done=_("Plan submitted for approval."),
    )


@login_required
@require_POST
def decide_view(request: HttpRequest, case_id: str) -> HttpResponse:
    """Approve the submitted version, or send it back with reasons; never one's own."""
    user = web_user(request)
    case = access_case_by_id(user, case_id, action=AuditAction.CASE_READ_FOR_UPDATE)
    capability_require(user, Capability.CASE_PLAN_APPROVE)
    form = PlanDecisionForm(request.POST)
    return _write(
        request,
        user,
        case,
        key="decision_form",
        form=form,
        act=lambda: case_plan_decide(actor=user, case=case, data=form.input),
        done=_("Decision recorded."),
    )
