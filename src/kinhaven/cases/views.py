from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kinhaven.accounts.auth import web_user
from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import User
from kinhaven.accounts.services import capability_require
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.selectors import audit_entries_for_object
from kinhaven.audit.services import audit_consultation
from kinhaven.cases.access import access_case_by_id
from kinhaven.cases.enums import CASE_TRANSITIONS, CaseStatus
from kinhaven.cases.forms import (
    CaseEditForm,
    CaseFilterForm,
    CaseForm,
    ClosureDecisionForm,
    NoteForm,
    TransitionForm,
)
from kinhaven.cases.models import Case
from kinhaven.cases.selectors import case_list_for_user
from kinhaven.cases.services import (
    case_assignable_users,
    case_assignee_by_id,
    case_change,
    case_closure_decide,
    case_closure_pending,
    case_note_add,
    case_open,
    case_transition,
)
from kinhaven.children.access import access_child_by_id
from kinhaven.children.selectors import child_holder_require
from kinhaven.core.errors import ApplicationError
from kinhaven.core.forms import form_add_errors, form_status, request_page
from kinhaven.core.pages import page_contributions
from kinhaven.core.pagination import paginate
from kinhaven.timeline.selectors import timeline_for_case

# The key under which higher apps add their parts to the case page.
CASE_PAGE = "cases.detail"


@login_required
@require_http_methods(["GET", "POST"])
def case_list(request: HttpRequest) -> HttpResponse:
    """List cases; a search is sent by POST so searched names never appear in URLs or logs,
    while the filters that name no one (status, missing, mine) may come from the URL, where a
    count on the home page links to them."""
    user = web_user(request)
    form = CaseFilterForm.from_request(request)
    page = paginate(case_list_for_user(user=user, filters=form.filters), page=request_page(request))
    audit_consultation(actor=user, object_type="case", records=page.object_list)
    template = "cases/list.html#results" if request.htmx else "cases/list.html"  # type: ignore[attr-defined]  # django-htmx
    return render(request, template, {"page": page, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest, child_id: str) -> HttpResponse:
    user = web_user(request)
    child = access_child_by_id(user, child_id, action=AuditAction.CHILD_READ_FOR_CASE)
    capability_require(user, Capability.CASE_OPEN)
    child_holder_require(user, child)
    assignees = case_assignable_users(actor=user)
    initial = {"assigned_to": user.public_id} if user in assignees else {}
    form = CaseForm(request.POST or None, assignees=assignees, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            case = case_open(
                actor=user,
                child=child,
                summary=form.input.summary,
                assigned_to=case_assignee_by_id(actor=user, user_id=form.input.assigned_to),
            )
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            messages.success(request, _("Case %(ref)s opened.") % {"ref": case.reference})
            return redirect("cases:detail", case_id=case.public_id)
    return render(
        request,
        "cases/form.html",
        {"form": form, "child": child},
        status=form_status(form),
    )


def _closure_context(user: User, case: Case) -> dict[str, object]:
    """The closure waiting for a supervisor, the form to decide it (for a holder of the
    capability other than the one who asked), and the last one sent back, with its reasons."""
    pending = case_closure_pending(case)
    last = case.closures.select_related("requested_by__role", "decided_by__role").first()
    return {
        "closure_pending": pending,
        "closure_sent_back": last if last is not None and last.state == "sent_back" else None,
        "can_decide_closure": pending is not None
        and user.has_capability(Capability.CASE_CLOSE_APPROVE)
        and pending.requested_by_id != user.pk,
        "closure_form": ClosureDecisionForm(),
    }


def _detail_context(user: User, case: Case) -> dict[str, object]:
    allowed = sorted(CASE_TRANSITIONS[CaseStatus(case.status)])
    return {
        **_closure_context(user, case),
        "case": case,
        "child": case.child,
        "timeline": timeline_for_case(case=case)[:100],
        "notes": case.notes.select_related("author__role")[:50],
        "transitions": [(s.value, s.label) for s in allowed],
        "transition_form": TransitionForm(),
        "note_form": NoteForm(),
        "accesses": audit_entries_for_object(object_type="case", object_id=case.public_id)[:20],
        "can_edit": user.has_capability(Capability.CASE_EDIT),
        "can_transition": user.has_capability(Capability.CASE_TRANSITION),
        "is_open": case.status != CaseStatus.CLOSED,
        # Parts owned by apps above cases: deadlines, conferences (core.pages).
        **page_contributions(CASE_PAGE, user, case),
    }


@login_required
def case_detail(request: HttpRequest, case_id: str) -> HttpResponse:
    user = web_user(request)
    case = access_case_by_id(user, case_id)
    return render(request, "cases/detail.html", _detail_context(user, case))


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, case_id: str) -> HttpResponse:
    user = web_user(request)
    case = access_case_by_id(user, case_id, action=AuditAction.CASE_READ_FOR_UPDATE)
    capability_require(user, Capability.CASE_EDIT)
    initial = {
        "summary": case.summary,
        "assigned_to": case.assigned_to.public_id if case.assigned_to else None,
    }
    form = CaseEditForm(
        request.POST or None, assignees=case_assignable_users(actor=user), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            case_change(actor=user, case=case, changes=form.input)
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            return redirect("cases:detail", case_id=case.public_id)
    return render(
        request,
        "cases/form.html",
        {"form": form, "child": case.child, "case": case},
        status=form_status(form),
    )


@login_required
@require_POST
def case_transition_view(request: HttpRequest, case_id: str) -> HttpResponse:
    user = web_user(request)
    case = access_case_by_id(user, case_id, action=AuditAction.CASE_READ_FOR_UPDATE)
    capability_require(user, Capability.CASE_TRANSITION)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            case = case_transition(
                actor=user, case=case, to=form.input.to, reason=form.input.reason
            )
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            if form.input.to == CaseStatus.CLOSED:
                messages.success(
                    request, _("Closure asked for: the case closes when a supervisor approves.")
                )
            else:
                messages.success(
                    request,
                    _("Status changed to “%(status)s”.") % {"status": case.get_status_display()},
                )
            return redirect("cases:detail", case_id=case.public_id)
    context = _detail_context(user, case)
    context["transition_form"] = form
    return render(request, "cases/detail.html", context, status=form_status(form))


@login_required
@require_POST
def case_closure_decide_view(request: HttpRequest, case_id: str) -> HttpResponse:
    """Approve the pending closure of the case, or send it back with reasons."""
    user = web_user(request)
    case = access_case_by_id(user, case_id, action=AuditAction.CASE_READ_FOR_UPDATE)
    capability_require(user, Capability.CASE_CLOSE_APPROVE)
    form = ClosureDecisionForm(request.POST)
    if form.is_valid():
        try:
            closure = case_closure_decide(actor=user, case=case, data=form.input)
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            if closure.state == "approved":
                messages.success(request, _("Closure approved: the case is closed."))
            else:
                messages.success(request, _("Closure sent back: the case stays open."))
            return redirect("cases:detail", case_id=case.public_id)
    context = _detail_context(user, case)
    context["closure_form"] = form
    return render(request, "cases/detail.html", context, status=form_status(form))


@login_required
@require_POST
def case_note_view(request: HttpRequest, case_id: str) -> HttpResponse:
    user = web_user(request)
    case = access_case_by_id(user, case_id, action=AuditAction.CASE_READ_FOR_UPDATE)
    capability_require(user, Capability.CASE_EDIT)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            case_note_add(actor=user, case=case, data=form.input)
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            return redirect("cases:detail", case_id=case.public_id)
    context = _detail_context(user, case)
    context["note_form"] = form
    return render(request, "cases/detail.html", context, status=form_status(form))
