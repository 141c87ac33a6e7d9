from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
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
from kinhaven.cases.access import access_case_by_id
from kinhaven.cases.services import case_assignable_users
from kinhaven.core.errors import ApplicationError
from kinhaven.core.forms import form_add_errors, form_status
from kinhaven.core.pagination import paginate
from kinhaven.referrals.access import access_referral_by_id, access_transfer_by_id
from kinhaven.referrals.enums import (
    RECEIVER,
    REFERRAL_TRANSITIONS,
    ReferralStatus,
    ServiceKind,
    TransferStatus,
)
from kinhaven.referrals.forms import (
    ReferralForm,
    ServiceEditForm,
    ServiceFilterForm,
    ServiceForm,
    TransferAcceptForm,
    TransferForm,
    TransferRefuseForm,
    TransferWithdrawForm,
    TransitionForm,
)
from kinhaven.referrals.models import Referral, Transfer
from kinhaven.referrals.selectors import (
    ChildShown,
    children_shown,
    referral_list_for_user,
    service_of_agency,
    service_search,
    transfer_list_for_user,
)
from kinhaven.referrals.services import (
    referral_create,
    referral_transition,
    service_create,
    service_update,
    transfer_accept,
    transfer_create,
    transfer_refuse,
    transfer_sender_require,
    transfer_withdraw,
)
from kinhaven.referrals.summary import decision_facts


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
    """The agency's incoming and outgoing referrals and transfers of cases, each with its child
    as far as the reader may see it and the case's reference where they see the case."""
    user = web_user(request)
    incoming = list(referral_list_for_user(user=user, direction="incoming")[:100])
    outgoing = list(referral_list_for_user(user=user, direction="outgoing")[:100])
    referrals = [*incoming, *outgoing]
    audit_consultation(actor=user, object_type="referral", records=referrals)
    _attach(
        referrals, children_shown(user=user, records=referrals, identity_shared=_identity_shared)
    )
    context: dict[str, object] = {"incoming": incoming, "outgoing": outgoing}
    if user.has_capability(Capability.CASE_TRANSFER):
        transfers_in = list(transfer_list_for_user(user=user, direction="incoming")[:100])
        transfers_out = list(transfer_list_for_user(user=user, direction="outgoing")[:100])
        transfers = [*transfers_in, *transfers_out]
        audit_consultation(actor=user, object_type="transfer", records=transfers)
        _attach(
            transfers,
            children_shown(user=user, records=transfers, identity_shared=lambda _t: True),
        )
        context |= {"transfers_in": transfers_in, "transfers_out": transfers_out}
    return render(request, "referrals/queues.html", context)


def _attach(records: list[Any], shown: dict[int, ChildShown]) -> None:
    """Give each listed record what its reader may see of the child, for the template."""
    for record in records:
        record.shown = shown[record.pk]


def _identity_shared(referral: Referral) -> bool:
    return Section.IDENTITY.value in referral.sections


def _moves(user_agency_id: int | None, referral: Referral) -> list[tuple[str, str]]:
    moves = []
    for target, side in REFERRAL_TRANSITIONS[referral.status].items():
        agency = referral.to_agency_id if side == RECEIVER else referral.from_agency_id
        if agency == user_agency_id:
            moves.append((target, str(ReferralStatus(target).label)))
    return moves


def _detail_page(
    request: HttpRequest, user: User, referral: Referral, form: TransitionForm
) -> HttpResponse:
    shown = children_shown(user=user, records=[referral], identity_shared=_identity_shared)
    context = {
        "referral": referral,
        # Enough to decide before accepting, no more than the referral shares.
        "facts": decision_facts(referral.case.child, identity_shared=_identity_shared(referral)),
        "shown": shown[referral.pk],
        "moves": _moves(user.agency_id, referral),
        "transition_form": form,
    }
    return render(request, "referrals/detail.html", context, status=form_status(form))


@login_required
@require_GET
def referral_detail(request: HttpRequest, referral_id: str) -> HttpResponse:
    user = web_user(request)
    referral = access_referral_by_id(user, referral_id)
    return _detail_page(request, user, referral, TransitionForm())


@login_required
@require_POST
def referral_transition_view(request: HttpRequest, referral_id: str) -> HttpResponse:
    """Record the next step; a refused one comes back on the page with its errors."""
    user = web_user(request)
    referral = access_referral_by_id(user, referral_id, action=AuditAction.REFERRAL_READ_FOR_UPDATE)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            referral_transition(
                actor=user, referral=referral, to=form.input.to, reason=form.input.reason
            )
        except ApplicationError as exc:
            if exc.http_status == 403:
                raise
            form_add_errors(form, exc)
        else:
            messages.success(request, _("Referral updated."))
            return redirect("referrals:detail", referral_id=referral.public_id)
    return _detail_page(request, user, referral, form)


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


# Transfers of whole cases.
def _transfer_context(user: User, transfer: Transfer, **forms_: object) -> dict[str, object]:
    pending = transfer.status == TransferStatus.PENDING
    receiver = pending and user.agency_id == transfer.to_agency_id
    sender = pending and user.agency_id == transfer.from_agency_id
    shown = children_shown(user=user, records=[transfer], identity_shared=lambda _t: True)
    context: dict[str, object] = {
        "transfer": transfer,
        "facts": decision_facts(transfer.case.child),
        "needs": [ServiceKind(n).label for n in transfer.needs if n in ServiceKind.values],
        "shown": shown[transfer.pk],
        "can_answer": receiver and user.has_capability(Capability.CASE_TRANSFER),
        "can_withdraw": sender and user.has_capability(Capability.CASE_TRANSFER),
    }
    if context["can_answer"]:
        users = case_assignable_users(actor=user)
        context["accept_form"] = forms_.get("accept_form") or TransferAcceptForm(users=users)
        context["refuse_form"] = forms_.get("refuse_form") or TransferRefuseForm()
    if context["can_withdraw"]:
        context["withdraw_form"] = forms_.get("withdraw_form") or TransferWithdrawForm()
    return context


@login_required
@require_http_methods(["GET", "POST"])
def transfer_new(request: HttpRequest, case_id: str) -> HttpResponse:
    """Offer the whole case to another agency."""
    user = web_user(request)
    case = access_case_by_id(user, case_id, action=AuditAction.CASE_READ_FOR_UPDATE)
    transfer_sender_require(actor=user, case=case)
    form = TransferForm(request.POST or None, agency_id=user.agency_id or 0)
    if request.method == "POST" and form.is_valid():
        data = form.input
        try:
            transfer = transfer_create(
                actor=user,
                case=case,
                to_agency=form.cleaned_data["to_agency"],
                reasons=data.reasons,
                needs=list(data.needs),
                urgency=data.urgency,
                consent=data.consent,
                consent_note=data.consent_note,
                note=data.note,
            )
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            messages.success(
                request, _("Transfer sent; the case stays yours until it is accepted.")
            )
            return redirect("referrals:transfer_detail", transfer_id=transfer.public_id)
    return render(
        request,
        "referrals/transfer_form.html",
        {"form": form, "case": case},
        status=form_status(form),
    )


@login_required
@require_GET
def transfer_detail(request: HttpRequest, transfer_id: str) -> HttpResponse:
    user = web_user(request)
    transfer = access_transfer_by_id(user, transfer_id)
    return render(request, "referrals/transfer_detail.html", _transfer_context(user, transfer))


def _transfer_for_update(request: HttpRequest, transfer_id: str) -> tuple[User, Transfer]:
    user = web_user(request)
    transfer = access_transfer_by_id(user, transfer_id, action=AuditAction.TRANSFER_READ_FOR_UPDATE)
    return user, transfer


def _transfer_refused(
    request: HttpRequest, user: User, transfer: Transfer, name: str, form: forms.Form
) -> HttpResponse:
    context = _transfer_context(user, transfer, **{name: form})
    return render(request, "referrals/transfer_detail.html", context, status=form_status(form))


@login_required
@require_POST
def transfer_accept_view(request: HttpRequest, transfer_id: str) -> HttpResponse:
    """Take the case over, to a caseworker of the agency or unassigned."""
    user, transfer = _transfer_for_update(request, transfer_id)
    capability_require(user, Capability.CASE_TRANSFER)
    form = TransferAcceptForm(request.POST, users=case_assignable_users(actor=user))
    if form.is_valid():
        try:
            transfer_accept(
                actor=user, transfer=transfer, assignee=form.cleaned_data["assigned_to"]
            )
        except ApplicationError as exc:
            if exc.http_status == 403:
                raise
            transfer.refresh_from_db()  # the refused write was rolled back
            form_add_errors(form, exc)
        else:
            messages.success(request, _("The case is now your agency's."))
            return redirect("cases:detail", case_id=transfer.case.public_id)
    return _transfer_refused(request, user, transfer, "accept_form", form)


@login_required
@require_POST
def transfer_refuse_view(request: HttpRequest, transfer_id: str) -> HttpResponse:
    user, transfer = _transfer_for_update(request, transfer_id)
    capability_require(user, Capability.CASE_TRANSFER)
    form = TransferRefuseForm(request.POST)
    if form.is_valid():
        try:
            transfer_refuse(actor=user, transfer=transfer, reasons=form.input.reasons)
        except ApplicationError as exc:
            if exc.http_status == 403:
                raise
            form_add_errors(form, exc)
        else:
            messages.success(request, _("Transfer refused; the sending agency is told."))
            return redirect("referrals:transfer_detail", transfer_id=transfer.public_id)
    return _transfer_refused(request, user, transfer, "refuse_form", form)


@login_required
@require_POST
def transfer_withdraw_view(request: HttpRequest, transfer_id: str) -> HttpResponse:
    user, transfer = _transfer_for_update(request, transfer_id)
    capability_require(user, Capability.CASE_TRANSFER)
    form = TransferWithdrawForm(request.POST)
    if form.is_valid():
        try:
            transfer_withdraw(actor=user, transfer=transfer, reasons=form.input.reasons)
        except ApplicationError as exc:
            if exc.http_status == 403:
                raise
            form_add_errors(form, exc)
        else:
            messages.success(request, _("Transfer withdrawn."))
            return redirect("referrals:transfer_detail", transfer_id=transfer.public_id)
    return _transfer_refused(request, user, transfer, "withdraw_form", form)
