from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kinhaven.accounts.auth import web_user
from kinhaven.accounts.enums import Capability
from kinhaven.accounts.services import capability_require
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_consultation
from kinhaven.core.errors import ApplicationError
from kinhaven.core.pagination import paginate
from kinhaven.deadlines.access import access_deadline_by_id
from kinhaven.deadlines.forms import CompletionForm
from kinhaven.deadlines.selectors import deadline_list_for_user, deadline_rows
from kinhaven.deadlines.services import deadline_complete

STATES = ("open", "overdue", "today", "escalated", "all")


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """What is due and overdue on the cases and reports the user may see; red when late."""
    user = web_user(request)
    state = request.GET.get("state") if request.GET.get("state") in STATES else "open"
    page = paginate(
        deadline_list_for_user(user=user, filters={"state": state}), page=request.GET.get("page")
    )
    rows = deadline_rows(page.object_list)
    audit_consultation(actor=user, object_type="deadline", records=page.object_list)
    return render(
        request,
        "deadlines/dashboard.html",
        {"page": page, "rows": rows, "state": state, "states": STATES},
    )


@login_required
@require_POST
def complete(request: HttpRequest, deadline_id: str) -> HttpResponse:
    """Record that a deadline a person closes was met, with what was decided."""
    user = web_user(request)
    deadline = access_deadline_by_id(user, deadline_id, action=AuditAction.DEADLINE_READ_FOR_UPDATE)
    # Those who may not complete deadlines are refused whatever they sent.
    capability_require(user, Capability.DEADLINE_COMPLETE)
    form = CompletionForm(request.POST)
    if not form.is_valid():
        messages.error(request, str(next(iter(form.errors.values()))[0]))
    else:
        try:
            deadline_complete(actor=user, deadline=deadline, data=form.input)
        except ApplicationError as exc:
            if exc.http_status == 403:
                raise
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Deadline recorded as met."))
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts=None):
        return redirect(back)
    return redirect("deadlines:dashboard")
