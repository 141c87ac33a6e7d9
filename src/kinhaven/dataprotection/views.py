"""The data-protection page of a child: the consents with their seven points, the form to
record one and to withdraw it, and the export of everything held about the child."""

from __future__ import annotations

from typing import Any

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
from kinhaven.children.selectors import child_section_access_for
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.core.forms import form_add_errors, form_status
from kinhaven.dataprotection.access import access_consent_by_id
from kinhaven.dataprotection.api import data_export_response
from kinhaven.dataprotection.enums import ConsentPoint
from kinhaven.dataprotection.forms import ConsentForm, ConsentWithdrawForm, DataExportForm
from kinhaven.dataprotection.selectors import READ_SECTION, consents_for_child
from kinhaven.dataprotection.services import (
    consent_record,
    consent_withdraw,
    consent_write_require,
    export_require,
)


def _page(request: HttpRequest, child_id: str) -> tuple[User, Child]:
    user = web_user(request)
    write = request.method == "POST"
    child = access_child_by_id(
        user,
        child_id,
        action=AuditAction.CHILD_READ_FOR_UPDATE if write else AuditAction.CHILD_READ,
    )
    if READ_SECTION not in child_section_access_for(user, child).read:
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED,
            _("You may not read the identity section of this child's file."),
        )
    return user, child


def _context(user: User, child: Child, **sent: Any) -> dict[str, Any]:
    consents = list(consents_for_child(user=user, child=child))
    audit_consultation(actor=user, object_type="data_consent", records=consents)
    access = child_section_access_for(user, child)
    writes = user.has_capability(Capability.CHILD_EDIT) and READ_SECTION in access.write
    exports = user.has_capability(Capability.CHILD_DATA_EXPORT) and (
        child.agency_id == user.agency_id
    )
    labels = dict(ConsentPoint.choices)
    return {
        "child": child,
        "consents": [
            (c, [(labels[p], c.points.get(p, False)) for p in ConsentPoint.values])
            for c in consents
        ],
        "consent_form": sent.get("consent_form") or (ConsentForm() if writes else None),
        "withdraw_form": sent.get("withdraw_form") or (ConsentWithdrawForm() if writes else None),
        "withdraw_for": sent.get("withdraw_for"),
        "export_form": sent.get("export_form") or (DataExportForm() if exports else None),
    }


@login_required
@require_GET
def page(request: HttpRequest, child_id: str) -> HttpResponse:
    user, child = _page(request, child_id)
    return render(request, "dataprotection/page.html", _context(user, child))


@login_required
@require_POST
def consent_view(request: HttpRequest, child_id: str) -> HttpResponse:
    user, child = _page(request, child_id)
    consent_write_require(user, child)
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            consent_record(actor=user, child=child, data=form.input)
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            messages.success(request, _("Consent recorded."))
            return redirect("dataprotection:page", child_id=child.public_id)
    return render(
        request,
        "dataprotection/page.html",
        _context(user, child, consent_form=form),
        status=form_status(form),
    )


@login_required
@require_POST
def withdraw_view(request: HttpRequest, child_id: str, consent_id: str) -> HttpResponse:
    user, child = _page(request, child_id)
    consent = access_consent_by_id(user, consent_id, child_id=child.public_id)
    consent_write_require(user, child)
    form = ConsentWithdrawForm(request.POST)
    if form.is_valid():
        try:
            consent_withdraw(actor=user, consent=consent, data=form.input)
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            messages.success(request, _("Withdrawal recorded."))
            return redirect("dataprotection:page", child_id=child.public_id)
    context = _context(user, child, withdraw_form=form, withdraw_for=consent.pk)
    return render(request, "dataprotection/page.html", context, status=form_status(form))


@login_required
@require_POST
def export_view(request: HttpRequest, child_id: str) -> HttpResponse:
    """Download everything held about the child (JSON), with the reason recorded."""
    user, child = _page(request, child_id)
    export_require(user, child)
    form = DataExportForm(request.POST)
    if form.is_valid():
        return data_export_response(user, child, form.input.reason)
    return render(
        request,
        "dataprotection/page.html",
        _context(user, child, export_form=form),
        status=form_status(form),
    )
