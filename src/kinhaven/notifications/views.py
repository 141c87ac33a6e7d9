from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from kinhaven.accounts.auth import web_user
from kinhaven.core.pagination import paginate
from kinhaven.notifications.access import access_notification_by_id
from kinhaven.notifications.selectors import notification_list_for_user
from kinhaven.notifications.services import notification_mark_read, notifications_mark_all_read


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    user = web_user(request)
    page = paginate(notification_list_for_user(user=user), page=request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page})


@login_required
@require_POST
def notification_open(request: HttpRequest, notification_id: str) -> HttpResponse:
    """Mark a notification read and follow its link."""
    user = web_user(request)
    notification = notification_mark_read(
        user=user, notification=access_notification_by_id(user, notification_id)
    )
    if not url_has_allowed_host_and_scheme(notification.path, allowed_hosts=None):
        return redirect("notifications:inbox")
    return redirect(notification.path)


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    notifications_mark_all_read(user=web_user(request))
    return redirect("notifications:inbox")
