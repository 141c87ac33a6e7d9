from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kinhaven.accounts.auth import web_user
from kinhaven.accounts.enums import Capability, Section
from kinhaven.accounts.models import User
from kinhaven.accounts.services import capability_require
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_consultation
from kinhaven.children.access import access_child_by_id
from kinhaven.children.selectors import child_section_access_for
from kinhaven.core.errors import ApplicationError
from kinhaven.core.forms import form_add_errors, form_status
from kinhaven.tracing.access import (
    access_duplicate_by_id,
    access_merge_by_id,
    access_tracing_match_by_id,
    access_tracing_request_by_id,
)
from kinhaven.tracing.enums import Decision, RequestStatus
from kinhaven.tracing.forms import (
    DecisionForm,
    MergeForm,
    ReasonForm,
    StepForm,
    TracingRequestForm,
)
from kinhaven.tracing.models import TracingMatch, TracingRequest
from kinhaven.tracing.selectors import (
    PairRecord,
    duplicate_view,
    duplicate_views,
    duplicates_for_user,
    matches_for_request,
    tracing_requests_for_user,
)
from kinhaven.tracing.services.duplicates import duplicate_may_judge, duplicate_reject
from kinhaven.tracing.services.merges import child_merge, child_merge_undo
from kinhaven.tracing.services.requests import (
    next_step,
    reunification_step_record,
    tracing_match_decide,
    tracing_request_close,
    tracing_request_create,
)


def _flash_error(request: HttpRequest, form: ReasonForm | DecisionForm) -> None:
    name, errors = next(iter(form.errors.items()))
    label = form.fields[name].label if name in form.fields else ""
    messages.error(request, f"{label}: {errors[0]}" if label else str(errors[0]))


@login_required
@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    user = web_user(request)
    capability_require(user, Capability.TRACING_MANAGE)
    status = request.GET.get("status", "")
    if status not in RequestStatus.values:
        status = ""
    page = Paginator(tracing_requests_for_user(user=user, filters={"status": status}), 50).get_page(
        request.GET.get("page")
    )
    audit_consultation(actor=user, object_type="tracing_request", records=page.object_list)
    context = {"page": page, "status": status, "statuses": RequestStatus.choices}
    return render(request, "tracing/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest) -> HttpResponse:
    user = web_user(request)
    capability_require(user, Capability.TRACING_MANAGE)
    form = TracingRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = tracing_request_create(actor=user, data=form.input)
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            messages.success(request, _("Tracing request recorded; the search has run."))
            return redirect("tracing:detail", request_id=created.public_id)
    return render(request, "tracing/form.html", {"form": form}, status=form_status(form))


def _detail_context(
    user: User,
    tracing_request: TracingRequest,
    *,
    step_form: StepForm | None = None,
    step_match: TracingMatch | None = None,
) -> dict[str, Any]:
    """The request's page: its matches and, on a confirmed match, the steps to reunification,
    of which only the next one is offered (with `step_form`, refused, on `step_match`)."""
    views = matches_for_request(user=user, request=tracing_request)
    audit_consultation(actor=user, object_type="tracing_match", records=[v.match for v in views])
    shown = [v.match.child for v in views if v.child_visible]
    if shown:
        audit_consultation(actor=user, object_type="child", records=shown)
    matched = tracing_request.status == RequestStatus.MATCHED
    for v in views:
        step = next_step(v.steps) if matched else None
        v.next_kind = step.kind if step else ""  # type: ignore[attr-defined]
        refused = step_match is not None and v.match.pk == step_match.pk
        v.step_form = step_form if refused else StepForm()  # type: ignore[attr-defined]
    return {
        "req": tracing_request,
        "matches": views,
        "decision_form": DecisionForm(),
        "close_form": ReasonForm(),
        "is_open": tracing_request.status == RequestStatus.OPEN,
        "can_close": tracing_request.status in (RequestStatus.OPEN, RequestStatus.MATCHED),
        "own_agency": tracing_request.agency_id == user.agency_id,
    }


@login_required
@require_GET
def request_detail(request: HttpRequest, request_id: str) -> HttpResponse:
    user = web_user(request)
    tracing_request = access_tracing_request_by_id(user, request_id)
    return render(request, "tracing/detail.html", _detail_context(user, tracing_request))


@login_required
@require_POST
def request_close(request: HttpRequest, request_id: str) -> HttpResponse:
    user = web_user(request)
    tracing_request = access_tracing_request_by_id(
        user, request_id, action=AuditAction.TRACING_REQUEST_READ_FOR_UPDATE
    )
    form = ReasonForm(request.POST)
    if not form.is_valid():
        _flash_error(request, form)
    else:
        try:
            tracing_request_close(actor=user, request=tracing_request, reason=form.input.reason)
        except ApplicationError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Tracing request closed."))
    return redirect("tracing:detail", request_id=tracing_request.public_id)


@login_required
@require_POST
def match_decide(request: HttpRequest, match_id: str) -> HttpResponse:
    user = web_user(request)
    match = access_tracing_match_by_id(
        user, match_id, action=AuditAction.TRACING_MATCH_READ_FOR_UPDATE
    )
    form = DecisionForm(request.POST)
    if not form.is_valid():
        _flash_error(request, form)
    else:
        decision = form.input.decision
        try:
            tracing_match_decide(actor=user, match=match, decision=decision, note=form.input.note)
        except ApplicationError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(
                request,
                _("Match confirmed: the steps to reunification follow.")
                if decision == Decision.CONFIRMED
                else _("Match rejected."),
            )
    return redirect("tracing:detail", request_id=match.request.public_id)


@login_required
@require_POST
def step_record(request: HttpRequest, match_id: str, kind: str) -> HttpResponse:
    """Record the next step to reunification; a refusal (no outcome chosen, a step out of
    order) shows the page again with the form's errors, in the API's status."""
    user = web_user(request)
    match = access_tracing_match_by_id(
        user, match_id, action=AuditAction.TRACING_MATCH_READ_FOR_UPDATE
    )
    form = StepForm(request.POST)
    if form.is_valid():
        try:
            reunification_step_record(
                actor=user, match=match, kind=kind, outcome=form.input.outcome, note=form.input.note
            )
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            messages.success(request, _("Step recorded."))
            return redirect("tracing:detail", request_id=match.request.public_id)
    # The match's access already reached its request.
    context = _detail_context(user, match.request, step_form=form, step_match=match)
    return render(request, "tracing/detail.html", context, status=form_status(form))


@login_required
@require_GET
def duplicate_list(request: HttpRequest) -> HttpResponse:
    user = web_user(request)
    capability_require(user, Capability.CHILD_VIEW)
    page = Paginator(duplicates_for_user(user=user), 50).get_page(request.GET.get("page"))
    audit_consultation(actor=user, object_type="duplicate", records=page.object_list)
    rows = duplicate_views(user=user, candidates=list(page.object_list))
    return render(request, "tracing/duplicates.html", {"page": page, "rows": rows})


def _record_label(record: PairRecord) -> str:
    """A record of the pair as a choice: where and when registered, and its cases."""
    cases = ", ".join(
        c.reference or _("a case in %(agency)s") % {"agency": c.agency} for c in record.cases
    )
    return _("Record registered %(date)s by %(agency)s; cases: %(cases)s") % {
        "date": record.registered_on.isoformat(),
        "agency": record.agency,
        "cases": cases or _("none"),
    }


@login_required
@require_http_methods(["GET", "POST"])
def duplicate_detail(request: HttpRequest, candidate_id: str) -> HttpResponse:
    """Two records side by side, as far as the user sees them; merge them or tell them apart."""
    user = web_user(request)
    posting = request.method == "POST"
    candidate = access_duplicate_by_id(
        user,
        candidate_id,
        action=AuditAction.DUPLICATE_READ_FOR_UPDATE if posting else AuditAction.DUPLICATE_READ,
    )
    view = duplicate_view(user=user, candidate=candidate)
    pair = [candidate.child_a, candidate.child_b]
    audit_consultation(actor=user, object_type="child", records=pair)
    choices = [(str(r.child.public_id), _record_label(r)) for r in view.records]
    form = MergeForm(request.POST if posting else None, choices=choices)
    if posting and form.is_valid():
        keep = form.input.keep
        try:
            kept = access_child_by_id(user, keep, action=AuditAction.CHILD_READ_FOR_UPDATE)
            other = next(c for c in pair if c.public_id != keep)
            merged = access_child_by_id(
                user, other.public_id, action=AuditAction.CHILD_READ_FOR_UPDATE
            )
            child_merge(
                actor=user, kept=kept, merged=merged, reason=form.input.reason, candidate=candidate
            )
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            messages.success(request, _("Records merged. The merge can be undone from the record."))
            return redirect("children:detail", child_id=kept.public_id)
    # Merging moves cases between records: offered only where the service would allow it, for
    # two records the user's agency holds and whose identity the user may change.
    accesses = [child_section_access_for(user, c) for c in pair]
    can_merge = user.has_capability(Capability.CHILD_MERGE) and all(
        a.relationship == "agency" and Section.IDENTITY in a.write for a in accesses
    )
    context = {
        "view": view,
        "pair": pair,
        "records": view.records,
        "form": form,
        "reject_form": ReasonForm(),
        "can_merge": can_merge,
        "can_judge": duplicate_may_judge(user, candidate),
        "held_elsewhere": any(c.agency_id != user.agency_id for c in pair),
    }
    return render(request, "tracing/duplicate.html", context, status=form_status(form))


@login_required
@require_POST
def duplicate_reject_view(request: HttpRequest, candidate_id: str) -> HttpResponse:
    user = web_user(request)
    candidate = access_duplicate_by_id(
        user, candidate_id, action=AuditAction.DUPLICATE_READ_FOR_UPDATE
    )
    form = ReasonForm(request.POST)
    if not form.is_valid():
        _flash_error(request, form)
        return redirect("tracing:duplicate", candidate_id=candidate.public_id)
    try:
        duplicate_reject(actor=user, candidate=candidate, reason=form.input.reason)
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
        return redirect("tracing:duplicate", candidate_id=candidate.public_id)
    messages.success(request, _("Recorded as different children."))
    return redirect("tracing:duplicates")


@login_required
@require_POST
def merge_undo(request: HttpRequest, merge_id: str) -> HttpResponse:
    user = web_user(request)
    merge = access_merge_by_id(user, merge_id, action=AuditAction.MERGE_READ_FOR_UPDATE)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        _flash_error(request, form)
    else:
        try:
            child_merge_undo(actor=user, merge=merge, reason=form.input.reason)
        except ApplicationError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Merge undone: the two records stand alone again."))
    return redirect("children:detail", child_id=merge.kept.public_id)
