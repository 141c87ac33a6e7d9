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
from kinhaven.cases.access import access_case_by_id
from kinhaven.conferences.access import access_action_item_by_id
from kinhaven.conferences.forms import ConferenceForm
from kinhaven.conferences.selectors import task_list_for_user
from kinhaven.conferences.services import action_item_done, conference_record_input
from kinhaven.core.errors import ApplicationError
from kinhaven.core.forms import form_add_errors, form_status


@login_required
@require_http_methods(["GET", "POST"])
def conference_new(request: HttpRequest, case_id: str) -> HttpResponse:
    """Record a multi-agency case conference on a case."""
    user = web_user(request)
    case = access_case_by_id(user, case_id, action=AuditAction.CASE_READ_FOR_UPDATE)
    capability_require(user, Capability.CASE_EDIT)
    form = ConferenceForm(request.POST or None, agency_id=case.agency_id)
    if request.method == "POST" and form.is_valid():
        try:
            conference_record_input(actor=user, case=case, data=form.input)
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            messages.success(request, _("Case conference recorded."))
            return redirect("cases:detail", case_id=case.public_id)
    return render(
        request,
        "conferences/form.html",
        {"form": form, "case": case},
        status=form_status(form),
    )


@login_required
@require_GET
def tasks(request: HttpRequest) -> HttpResponse:
    """The user's open tasks from case conferences, and the last ones done."""
    user = web_user(request)
    context = {
        "open": list(task_list_for_user(user=user)[:200]),
        "done": list(task_list_for_user(user=user, done=True).order_by("-done_at")[:20]),
    }
    return render(request, "conferences/tasks.html", context)


@login_required
@require_POST
def task_done(request: HttpRequest, task_id: str) -> HttpResponse:
    user = web_user(request)
    item = access_action_item_by_id(user, task_id, action=AuditAction.ACTION_READ_FOR_UPDATE)
    try:
        action_item_done(actor=user, item=item)
    except ApplicationError as exc:
        if exc.http_status == 403:
            raise
        messages.error(request, str(exc.message))
    return redirect("conferences:tasks")
