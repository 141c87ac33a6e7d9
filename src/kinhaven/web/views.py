from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kinhaven.accounts.auth import web_user
from kinhaven.accounts.enums import Capability
from kinhaven.audit.services import audit_consultation
from kinhaven.cases.selectors import case_list_for_user
from kinhaven.children.grants import break_glass_for_supervisor
from kinhaven.core.errors import ErrorCode
from kinhaven.core.responses import error_response


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = web_user(request)
    if user.has_capability(Capability.STATS_VIEW) and not user.has_capability(Capability.CASE_VIEW):
        # Figures are what an analyst or a co-ordinator works with.
        return redirect("stats:national")
    cases = []
    if user.has_capability(Capability.CASE_VIEW):
        cases = list(
            case_list_for_user(user=user, filters={"mine": True}).exclude(status="closed")[:50]
        )
        audit_consultation(actor=user, object_type="case", records=cases)
    break_glass = list(break_glass_for_supervisor(user=user)[:50])
    if break_glass:
        # The report links to records and quotes reasons: a consultation like any list.
        audit_consultation(
            actor=user, object_type="child", records=[grant.child for grant in break_glass]
        )
    return render(request, "web/home.html", {"cases": cases, "break_glass": break_glass})


# Django's error handlers, for the pages and for API requests that no API operation answers.
def error_400(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return error_response(
        request, ErrorCode.MALFORMED_REQUEST, _("The request could not be understood.")
    )


def error_403(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return error_response(request, ErrorCode.PERMISSION_DENIED, _("You may not do this."))


def error_404(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return error_response(request, ErrorCode.NOT_FOUND, _("Page not found."))


def error_500(request: HttpRequest) -> HttpResponse:
    return error_response(
        request,
        ErrorCode.SERVER_ERROR,
        _("Something went wrong on our side. The error was logged."),
    )
