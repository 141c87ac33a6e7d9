"""The solutions page of a child: the risk and family assessments, the durable-solution plan
with its steps and owners (overdue steps flagged), the departure decisions, and the forms each
user may use. With HTMX a form swaps the record in place; without it, the page posts and
redirects."""

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
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_consultation
from kinhaven.children.access import access_child_by_id
from kinhaven.children.models import Child
from kinhaven.children.sections import SectionAccess
from kinhaven.children.selectors import child_section_access_for
from kinhaven.core.errors import ApplicationError, NotFound
from kinhaven.core.forms import form_add_errors, form_status
from kinhaven.solutions.access import access_plan_by_id, access_step_by_id
from kinhaven.solutions.forms import (
    AdoptionForm,
    AssessmentForm,
    DepartureForm,
    PlanClosureForm,
    PlanForm,
    StepDoneForm,
    StepForm,
)
from kinhaven.solutions.selectors import (
    READ_SECTION,
    assessments_for_child,
    assessments_latest_ids,
    departures_for_child,
    plan_live,
    plans_for_child,
    step_is_overdue,
)
from kinhaven.solutions.services import (
    assessment_record,
    departure_decide,
    plan_adopt,
    plan_close,
    plan_create,
    plan_step_add,
    plan_step_complete,
    solutions_write_require,
)


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _writes(user: User, access: SectionAccess) -> bool:
    return user.has_capability(Capability.CHILD_EDIT) and READ_SECTION in access.write


def _decides(user: User, access: SectionAccess) -> bool:
    return user.has_capability(Capability.BEST_INTERESTS_APPROVE) and READ_SECTION in access.write


def solutions_context(
    user: User,
    child: Child,
    *,
    access: SectionAccess | None = None,
    sent: dict[str, forms.Form] | None = None,
    sent_step: str = "",
) -> dict[str, Any]:
    """The solutions of the child for the page: nothing where the user does not read the care
    section; each record listed is audited."""
    access = access or child_section_access_for(user, child)
    if READ_SECTION not in access.read:
        return {"solutions_section": False}
    assessments = list(assessments_for_child(user=user, child=child, access=access))
    plans = list(plans_for_child(user=user, child=child, access=access))
    departures = list(departures_for_child(user=user, child=child, access=access))
    audit_consultation(actor=user, object_type="solution_assessment", records=assessments)
    audit_consultation(actor=user, object_type="solution_plan", records=plans)
    audit_consultation(actor=user, object_type="departure", records=departures)
    latest = assessments_latest_ids(assessments)
    for a in assessments:
        a.is_latest = a.pk in latest  # type: ignore[attr-defined]  # shown by the template
    live = plan_live(plans)
    writes, decides = _writes(user, access), _decides(user, access)
    if live is not None:
        for step in live.steps.all():
            # Shown by the template beside each step.
            step.is_overdue = step_is_overdue(step)  # type: ignore[attr-defined]
            completes = writes or step.owner_id == user.pk
            step.can_complete = step.done_on is None and completes  # type: ignore[attr-defined]
    offered: dict[str, tuple[bool, Callable[[], forms.Form]]] = {
        "assessment_form": (writes, AssessmentForm),
        "plan_form": (writes and live is None, PlanForm),
        "step_form": (writes and live is not None, lambda: StepForm(child=child)),
        "adoption_form": (
            decides and live is not None and live.status == "draft",
            AdoptionForm,
        ),
        "closure_form": (decides and live is not None, PlanClosureForm),
        "departure_form": (decides, DepartureForm),
    }
    sent = sent or {}
    shown = {
        name: sent[name] if name in sent else make()
        for name, (offer, make) in offered.items()
        if offer or name in sent
    }
    return {
        "solutions_section": True,
        "child": child,
        "sol_assessments": assessments,
        "sol_plans": plans,
        "sol_live_plan": live,
        "sol_past_plans": [p for p in plans if p is not live],
        "sol_departures": departures,
        # The form of the step just sent, with its errors; a fresh one under the others.
        "done_form": sent.get("done_form") or StepDoneForm(),
        "done_form_fresh": StepDoneForm(),
        "sent_step": sent_step,
        **shown,
    }


@login_required
@require_GET
def solutions_page(request: HttpRequest, child_id: str) -> HttpResponse:
    """The child's return and durable solutions, with the forms the user may use."""
    user = web_user(request)
    child = access_child_by_id(user, child_id)
    context = solutions_context(user, child)
    if not context["solutions_section"]:
        raise NotFound(_("Child not found."))
    return render(request, "solutions/page.html", context)


def _write(
    request: HttpRequest,
    child: Child,
    *,
    name: str,
    form: forms.Form,
    act: Callable[[User, Any], object],
    done: str,
    sent_step: str = "",
) -> HttpResponse:
    """One write from the page: validated by its input model, done by its service; the record
    again (HTMX) or a redirect to the page; the form with its errors and status otherwise."""
    user = web_user(request)
    if form.is_valid():
        try:
            act(user, form)
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            if _htmx(request):
                context = {**solutions_context(user, child), "done": done}
                return render(request, "solutions/page.html#record", context)
            messages.success(request, done)
            return redirect("solutions:page", child_id=child.public_id)
    context = solutions_context(user, child, sent={name: form}, sent_step=sent_step)
    template = "solutions/page.html#record" if _htmx(request) else "solutions/page.html"
    return render(request, template, context, status=form_status(form))


def _child_for_write(request: HttpRequest, child_id: str) -> Child:
    return access_child_by_id(web_user(request), child_id, action=AuditAction.CHILD_READ_FOR_UPDATE)


@login_required
@require_POST
def assessment_view(request: HttpRequest, child_id: str) -> HttpResponse:
    """Record a risk or family assessment for a country."""
    child = _child_for_write(request, child_id)
    solutions_write_require(web_user(request), child)
    return _write(
        request,
        child,
        name="assessment_form",
        form=AssessmentForm(request.POST),
        act=lambda u, f: assessment_record(actor=u, child=child, data=f.input),
        done=_("Assessment recorded."),
    )


@login_required
@require_POST
def plan_view(request: HttpRequest, child_id: str) -> HttpResponse:
    """Draft a durable-solution plan."""
    child = _child_for_write(request, child_id)
    solutions_write_require(web_user(request), child)
    return _write(
        request,
        child,
        name="plan_form",
        form=PlanForm(request.POST),
        act=lambda u, f: plan_create(actor=u, child=child, data=f.input),
        done=_("Plan drafted."),
    )


@login_required
@require_POST
def departure_view(request: HttpRequest, child_id: str) -> HttpResponse:
    """Decide a return or a relocation, once what it rests on is there."""
    user = web_user(request)
    child = _child_for_write(request, child_id)
    solutions_write_require(user, child, Capability.BEST_INTERESTS_APPROVE)
    return _write(
        request,
        child,
        name="departure_form",
        form=DepartureForm(request.POST),
        act=lambda u, f: departure_decide(actor=u, child=child, data=f.input),
        done=_("Departure decided."),
    )


def _plan_write(
    request: HttpRequest,
    child_id: str,
    plan_id: str,
    *,
    name: str,
    form_class: Callable[..., forms.Form],
    act: Callable[..., object],
    capability: Capability,
    done: str,
) -> HttpResponse:
    user = web_user(request)
    plan = access_plan_by_id(
        user, plan_id, child_id=child_id, action=AuditAction.SOLUTION_PLAN_READ_FOR_UPDATE
    )
    solutions_write_require(user, plan.child, capability)
    form = form_class(request.POST)
    return _write(
        request,
        plan.child,
        name=name,
        form=form,
        act=lambda u, f: act(u, plan, f),
        done=done,
    )


@login_required
@require_POST
def adoption_view(request: HttpRequest, child_id: str, plan_id: str) -> HttpResponse:
    """Adopt the plan: refused without a current BID finding the durable solution."""
    return _plan_write(
        request,
        child_id,
        plan_id,
        name="adoption_form",
        form_class=AdoptionForm,
        act=lambda u, p, f: plan_adopt(actor=u, plan=p),
        capability=Capability.BEST_INTERESTS_APPROVE,
        done=_("Plan adopted."),
    )


@login_required
@require_POST
def closure_view(request: HttpRequest, child_id: str, plan_id: str) -> HttpResponse:
    """Close the plan, achieved or abandoned, with the reasons."""
    return _plan_write(
        request,
        child_id,
        plan_id,
        name="closure_form",
        form_class=PlanClosureForm,
        act=lambda u, p, f: plan_close(actor=u, plan=p, data=f.input),
        capability=Capability.BEST_INTERESTS_APPROVE,
        done=_("Plan closed."),
    )


@login_required
@require_POST
def step_view(request: HttpRequest, child_id: str, plan_id: str) -> HttpResponse:
    """Add a step with its owner and due date."""
    user = web_user(request)
    plan = access_plan_by_id(
        user, plan_id, child_id=child_id, action=AuditAction.SOLUTION_PLAN_READ_FOR_UPDATE
    )
    solutions_write_require(user, plan.child)
    return _write(
        request,
        plan.child,
        name="step_form",
        form=StepForm(request.POST, child=plan.child),
        act=lambda u, f: plan_step_add(actor=u, plan=plan, data=f.input),
        done=_("Step added."),
    )


@login_required
@require_POST
def step_done_view(request: HttpRequest, child_id: str, step_id: str) -> HttpResponse:
    """Mark a step done: its owner, or whoever writes the child's durable solutions."""
    user = web_user(request)
    step = access_step_by_id(
        user, step_id, child_id=child_id, action=AuditAction.SOLUTION_STEP_READ_FOR_UPDATE
    )
    child = step.plan.child
    if step.owner_id != user.pk:
        solutions_write_require(user, child)
    return _write(
        request,
        child,
        name="done_form",
        form=StepDoneForm(request.POST),
        act=lambda u, f: plan_step_complete(actor=u, step=step, data=f.input),
        done=_("Step done."),
        sent_step=str(step.public_id),
    )
