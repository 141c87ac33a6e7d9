from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kinhaven.accounts.auth import web_user
from kinhaven.accounts.enums import Capability
from kinhaven.accounts.services import capability_require
from kinhaven.audit.actions import AuditAction
from kinhaven.children.access import access_child_by_id
from kinhaven.children.models import Child
from kinhaven.children.selectors import child_holder_require, child_visibility_q
from kinhaven.core.errors import ApplicationError
from kinhaven.guardianship.forms import GuardianForm, GuardianHandoverForm
from kinhaven.guardianship.services import (
    child_guardian_appoint,
    guardian_find,
    guardian_handover,
)


@login_required
@require_POST
def child_guardian_handover_view(request: HttpRequest, child_id: str) -> HttpResponse:
    """Hand the child over to the next guardian: the current appointment ends as it starts."""
    user = web_user(request)
    child = access_child_by_id(user, child_id, action=AuditAction.CHILD_READ_FOR_UPDATE)
    capability_require(user, Capability.CHILD_GUARDIAN_APPOINT)
    child_holder_require(user, child, field="guardian")
    form = GuardianHandoverForm(request.POST)
    if form.is_valid():
        try:
            guardian_handover(
                actor=user,
                child=child,
                guardian=guardian_find(guardian_id=form.input.guardian),
                reason=form.input.reason,
            )
        except ApplicationError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Guardian handed over."))
    else:
        messages.error(request, _("Choose the new guardian and give the reason."))
    return redirect("children:detail", child_id=child.public_id)


@login_required
@require_POST
def child_guardian_view(request: HttpRequest, child_id: str) -> HttpResponse:
    user = web_user(request)
    child = access_child_by_id(user, child_id, action=AuditAction.CHILD_READ_FOR_UPDATE)
    capability_require(user, Capability.CHILD_GUARDIAN_APPOINT)
    child_holder_require(user, child, field="guardian")
    form = GuardianForm(request.POST)
    if form.is_valid():
        chosen = form.input.guardian
        try:
            guardian = guardian_find(guardian_id=chosen) if chosen is not None else None
            child_guardian_appoint(actor=user, child=child, guardian=guardian)
        except ApplicationError as exc:
            messages.error(request, str(exc.message))
    else:
        messages.error(request, _("Choose a guardian from the list."))
    if not Child.objects.filter(child_visibility_q(user), pk=child.pk).exists():
        return redirect("children:list")
    return redirect("children:detail", child_id=child.public_id)
