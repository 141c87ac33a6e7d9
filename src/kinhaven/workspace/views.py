from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kinhaven.accounts.auth import web_user
from kinhaven.workspace.forms import TaskFilterForm
from kinhaven.workspace.selectors import tasks_for


@login_required
@require_GET
def task_list(request: HttpRequest) -> HttpResponse:
    """Every task the user has, of every kind, overdue first; filtered by kind and lateness
    (non-personal filters, so they may stand in the URL)."""
    user = web_user(request)
    form = TaskFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    tasks, kinds = tasks_for(
        user=user, kind=filters.get("kind", ""), overdue=bool(filters.get("overdue"))
    )
    return render(
        request,
        "workspace/tasks.html",
        {"tasks": tasks, "kinds": kinds, "form": form, "filters": filters},
    )
