"""The age assessment pages: the child's assessments and the request form, and one assessment
with its methods, decision, notices and appeals, each recorded by a form on the page. With HTMX
a form swaps its part of the page in place; without it, the page posts and redirects."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kinhaven.accounts.auth import web_user
from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import User
from kinhaven.ages.access import access_age_assessment_by_id
from kinhaven.ages.enums import DECIDED_STATUSES, STEP_STATUSES, AssessmentStatus
from kinhaven.ages.forms import (
    AgeRequestForm,
    AppealDecisionForm,
    AppealForm,
    DecisionForm,
    NoticeForm,
    StepForm,
    WithdrawalForm,
)
from kinhaven.ages.models import AgeAssessment
from kinhaven.ages.selectors import (
    MEDICAL_SECTION,
    READ_SECTION,
    age_assessment_with_history,
    age_assessments_for_child,
    age_standing,
    range_in_force,
    treated_as_child,
)
from kinhaven.ages.services import (
    age_assessment_appeal,
    age_assessment_appeal_decide,
    age_assessment_decide,
    age_assessment_notice_add,
    age_assessment_request,
    age_assessment_step_add,
    age_assessment_withdraw,
    age_capability_require,
)
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_consultation
from kinhaven.children.access import access_child_by_id
from kinhaven.children.models import Child
from kinhaven.children.selectors import (
    child_holder_require,
    child_is_held_by,
    child_section_access_for,
)
from kinhaven.core.errors import ApplicationError, NotFound
from kinhaven.core.forms import InputForm, form_add_errors, form_status


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _section_context(
    user: User, child: Child, form: AgeRequestForm | None = None
) -> dict[str, Any]:
    access = child_section_access_for(user, child)
    if READ_SECTION not in access.read:
        raise NotFound(_("Child not found."))
    assessments = list(age_assessments_for_child(user=user, child=child, access=access))
    audit_consultation(actor=user, object_type="age_assessment", records=assessments)
    return {
        "child": child,
        "age_section": True,
        "age_standing": age_standing(child=child, assessments=assessments),
        "age_assessments": assessments,
        "can_request_age": child_is_held_by(user, child)
        and user.has_capability(Capability.AGE_REQUEST),
        "age_request_form": form or AgeRequestForm(),
    }


@login_required
@require_GET
def age_assessment_list(request: HttpRequest, child_id: str) -> HttpResponse:
    """The child's age: whether the person is treated as a child and why, the assessments, and
    to the agency holding the record the form to ask for one."""
    user = web_user(request)
    child = access_child_by_id(user, child_id)
    return render(request, "ages/list.html", _section_context(user, child))


@login_required
@require_POST
def age_assessment_request_view(request: HttpRequest, child_id: str) -> HttpResponse:
    """Ask for the child's age to be assessed, with the reason for doubt."""
    user = web_user(request)
    child = access_child_by_id(user, child_id, action=AuditAction.CHILD_READ_FOR_UPDATE)
    age_capability_require(user, Capability.AGE_REQUEST)
    child_holder_require(user, child)
    form = AgeRequestForm(request.POST)
    if form.is_valid():
        try:
            assessment = age_assessment_request(actor=user, child=child, data=form.input)
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            messages.success(request, _("Age assessment requested."))
            target = reverse("ages:detail", args=[child.public_id, assessment.public_id])
            if _htmx(request):
                return HttpResponse(status=204, headers={"HX-Redirect": target})
            return redirect(target)
    context = _section_context(user, child, form)
    template = "ages/section.html" if _htmx(request) else "ages/list.html"
    return render(request, template, context, status=form_status(form))


def _detail_context(
    user: User, assessment: AgeAssessment, sent: dict[str, InputForm[Any]] | None = None
) -> dict[str, Any]:
    """The assessment with its history, and the forms of the steps the user may take now."""
    full = age_assessment_with_history(assessment=assessment)
    child = full.child
    access = child_section_access_for(user, child)
    held = child_is_held_by(user, child)
    decides = held and user.has_capability(Capability.AGE_DECIDE)
    requests = held and user.has_capability(Capability.AGE_REQUEST)
    status = full.status
    offered: dict[str, tuple[bool, Callable[[], InputForm[Any]]]] = {
        "step_form": (decides and status in STEP_STATUSES, StepForm),
        "decision_form": (decides and status == AssessmentStatus.IN_PROGRESS, DecisionForm),
        "notice_form": (decides and status in DECIDED_STATUSES, NoticeForm),
        "appeal_form": (
            requests and status in {AssessmentStatus.DECIDED, AssessmentStatus.APPEAL_DECIDED},
            AppealForm,
        ),
        "appeal_decision_form": (
            decides and status == AssessmentStatus.UNDER_APPEAL,
            AppealDecisionForm,
        ),
        "withdrawal_form": (requests and status in STEP_STATUSES, WithdrawalForm),
    }
    sent = sent or {}
    forms = {
        name: sent[name] if name in sent else make()
        for name, (shown, make) in offered.items()
        if shown or name in sent
    }
    span = range_in_force(full)
    return {
        "child": child,
        "assessment": full,
        "identity_readable": READ_SECTION in access.read,
        "health_readable": MEDICAL_SECTION in access.read,
        "range": span,
        "treated_as_child": treated_as_child(full),
        **forms,
    }


@login_required
@require_GET
def age_assessment_detail(request: HttpRequest, child_id: str, assessment_id: str) -> HttpResponse:
    user = web_user(request)
    assessment = access_age_assessment_by_id(user, assessment_id, child_id=child_id)
    return render(request, "ages/assessment.html", _detail_context(user, assessment))


Service = Callable[..., object]


def _write(
    request: HttpRequest,
    child_id: str,
    assessment_id: str,
    *,
    capability: Capability,
    name: str,
    form_class: type[InputForm[Any]],
    service: Service,
    done: str,
) -> HttpResponse:
    """One step on an assessment: found, allowed, validated by its input model, done by its
    service; the part of the page again (HTMX) or a redirect to the page."""
    user = web_user(request)
    assessment = access_age_assessment_by_id(
        user, assessment_id, child_id=child_id, action=AuditAction.AGE_ASSESSMENT_READ_FOR_UPDATE
    )
    age_capability_require(user, capability)
    child_holder_require(user, assessment.child)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(actor=user, assessment=assessment, data=form.input)
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            if _htmx(request):
                context = {**_detail_context(user, assessment), "done": done}
                return render(request, "ages/assessment.html#record", context)
            messages.success(request, done)
            return redirect(
                "ages:detail",
                child_id=assessment.child.public_id,
                assessment_id=assessment.public_id,
            )
    context = _detail_context(user, assessment, {name: form})
    template = "ages/assessment.html#record" if _htmx(request) else "ages/assessment.html"
    return render(request, template, context, status=form_status(form))


@login_required
@require_POST
def age_assessment_step_view(
    request: HttpRequest, child_id: str, assessment_id: str
) -> HttpResponse:
    """Record a method applied; a medical examination never first."""
    return _write(
        request,
        child_id,
        assessment_id,
        capability=Capability.AGE_DECIDE,
        name="step_form",
        form_class=StepForm,
        service=age_assessment_step_add,
        done=_("Method recorded."),
    )


@login_required
@require_POST
def age_assessment_decision_view(
    request: HttpRequest, child_id: str, assessment_id: str
) -> HttpResponse:
    """Decide the age as a range; the lowest age becomes the child's recorded age."""
    return _write(
        request,
        child_id,
        assessment_id,
        capability=Capability.AGE_DECIDE,
        name="decision_form",
        form_class=DecisionForm,
        service=age_assessment_decide,
        done=_("Decision recorded."),
    )


@login_required
@require_POST
def age_assessment_notice_view(
    request: HttpRequest, child_id: str, assessment_id: str
) -> HttpResponse:
    """Record that the child or the guardian was told of the decision."""
    return _write(
        request,
        child_id,
        assessment_id,
        capability=Capability.AGE_DECIDE,
        name="notice_form",
        form_class=NoticeForm,
        service=age_assessment_notice_add,
        done=_("Notice recorded."),
    )


@login_required
@require_POST
def age_assessment_appeal_view(
    request: HttpRequest, child_id: str, assessment_id: str
) -> HttpResponse:
    """Record an appeal; the person is treated as a child until it is decided."""
    return _write(
        request,
        child_id,
        assessment_id,
        capability=Capability.AGE_REQUEST,
        name="appeal_form",
        form_class=AppealForm,
        service=age_assessment_appeal,
        done=_("Appeal recorded."),
    )


@login_required
@require_POST
def age_assessment_appeal_decision_view(
    request: HttpRequest, child_id: str, assessment_id: str
) -> HttpResponse:
    """Record the decision on the pending appeal."""
    return _write(
        request,
        child_id,
        assessment_id,
        capability=Capability.AGE_DECIDE,
        name="appeal_decision_form",
        form_class=AppealDecisionForm,
        service=age_assessment_appeal_decide,
        done=_("Decision on the appeal recorded."),
    )


@login_required
@require_POST
def age_assessment_withdrawal_view(
    request: HttpRequest, child_id: str, assessment_id: str
) -> HttpResponse:
    """Withdraw the assessment before its decision, when the doubt is gone."""
    return _write(
        request,
        child_id,
        assessment_id,
        capability=Capability.AGE_REQUEST,
        name="withdrawal_form",
        form_class=WithdrawalForm,
        service=age_assessment_withdraw,
        done=_("Age assessment withdrawn."),
    )
