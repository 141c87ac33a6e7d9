from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kinhaven.accounts.auth import web_user
from kinhaven.accounts.enums import Capability
from kinhaven.accounts.services import capability_require
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_consultation
from kinhaven.cases.access import access_case_by_id
from kinhaven.core.errors import ApplicationError
from kinhaven.core.forms import form_add_errors, form_status
from kinhaven.core.pagination import paginate
from kinhaven.referrals.access import access_referral_by_id
from kinhaven.referrals.enums import RECEIVER, REFERRAL_TRANSITIONS, ReferralStatus
from kinhaven.referrals.forms import (
    ReferralForm,
    ServiceEditForm,
    ServiceFilterForm,
    ServiceForm,
    TransitionForm,
)
from kinhaven.referrals.models import Referral
from kinhaven.referrals.selectors import referral_list_for_user, service_of_agency, service_search
from kinhaven.referrals.services import (
    referral_create,
    referral_transition,
    service_create,
    service_update,
)


@login_required
@require_GET
def service_directory(request: HttpRequest) -> HttpResponse:
    """Search the services every agency offers; no child's data here, so filters may be in URLs."""
    form = ServiceFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    page = paginate(service_search(filters=filters), page=request.GET.get("page"))
    return render(request, "referrals/services.html", {"form": form, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def service_new(request: HttpRequest) -> HttpResponse:
    user = web_user(request)
    capability_require(user, Capability.SERVICE_MANAGE)
    form = ServiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service_create(actor=user, data=form.input)
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            messages.success(request, _("Service added to the directory."))
            return redirect("referrals:services")
    return render(request, "referrals/service_form.html", {"form": form}, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def service_edit(request: HttpRequest, service_id: str) -> HttpResponse:
    """Change a service of the user's agency: details, places, listed or not."""
    user = web_user(request)
    capability_require(user, Capability.SERVICE_MANAGE)
    service = service_of_agency(user=user, service_id=service_id)
    initial = {
        **{f: getattr(service, f) for f in ServiceForm.base_fields if hasattr(service, f)},
        "languages": list(service.languages),
    }
    form = ServiceEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            service_update(actor=user, service=service, data=form.input)
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            messages.success(request, _("Service updated."))
            return redirect("referrals:services")
    return render(
        request,
        "referrals/service_form.html",
        {"form": form, "service": service},
        status=form_status(form),
    )


@login_required
@require_GET
def referral_queues(request: HttpRequest) -> HttpResponse:
    """The agency's incoming and outgoing referrals."""
    user = web_user(request)
    incoming = list(referral_list_for_user(user=user, direction="incoming")[:100])
    outgoing = list(referral_list_for_user(user=user, direction="outgoing")[:100])
    audit_consultation(actor=user, object_type="referral", records=[*incoming, *outgoing])
    return render(request, "referrals/queues.html", {"incoming": incoming, "outgoing": outgoing})


def _moves(user_agency_id: int | None, referral: Referral) -> list[tuple[str, str]]:
    moves = []
    for target, side in REFERRAL_TRANSITIONS[referral.status].items():
        agency = referral.to_agency_id if side == RECEIVER else referral.from_agency_id
        if agency == user_agency_id:
            moves.append((target, str(ReferralStatus(target).label)))
    return moves


@login_required
@require_GET
def referral_detail(request: HttpRequest, referral_id: str) -> HttpResponse:
    user = web_user(request)
    referral = access_referral_by_id(user, referral_id)
    context = {
        "referral": referral,
        "moves": _moves(user.agency_id, referral),
        "transition_form": TransitionForm(),
    }
    return render(request, "referrals/detail.html", context)


@login_required
@require_POST
def referral_transition_view(request: HttpRequest, referral_id: str) -> HttpResponse:
    user = web_user(request)
    referral = access_referral_by_id(user, referral_id, action=AuditAction.REFERRAL_READ_FOR_UPDATE)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        name, errors = next(iter(form.errors.items()))
        label = form.fields[name].label if name in form.fields else ""
        messages.error(request, f"{label}: {errors[0]}" if label else str(errors[0]))
    else:
        try:
            referral_transition(
                actor=user, referral=referral, to=form.input.to, reason=form.input.reason
            )
        except ApplicationError as exc:
            if exc.http_status == 403:
                raise
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Referral updated."))
    return redirect("referrals:detail", referral_id=referral.public_id)


@login_required
@require_http_methods(["GET", "POST"])
def referral_new(request: HttpRequest, case_id: str) -> HttpResponse:
    """Refer the case's child to a service of another agency."""
    user = web_user(request)
    case = access_case_by_id(user, case_id, action=AuditAction.CASE_READ_FOR_UPDATE)
    capability_require(user, Capability.CASE_EDIT)
    form = ReferralForm(request.POST or None, agency_id=user.agency_id or 0)
    if request.method == "POST" and form.is_valid():
        data = form.input
        try:
            referral = referral_create(
                actor=user,
                case=case,
                service=form.cleaned_data["service"],
                reason=data.reason,
                reason_code=data.reason_code,
                urgency=data.urgency,
                sections=list(data.sections),
                consent=data.consent,
                consent_note=data.consent_note,
            )
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            messages.success(request, _("Referral sent."))
            return redirect("referrals:detail", referral_id=referral.public_id)
    return render(
        request,
        "referrals/form.html",
        {"form": form, "case": case},
        status=form_status(form),
    )
