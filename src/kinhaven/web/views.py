from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kinhaven.accounts.auth import web_user
from kinhaven.accounts.enums import Capability
from kinhaven.audit.services import audit_consultation
from kinhaven.core.errors import ErrorCode
from kinhaven.core.responses import error_response
from kinhaven.workspace.selectors import home_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The user's workspace: what waits for them, counted, each number linking to its list."""
    user = web_user(request)
    if user.has_capability(Capability.STATS_VIEW) and not user.has_capability(Capability.CASE_VIEW):
        # Figures are what an analyst or a co-ordinator works with.
        return redirect("stats:national")
    home = home_for(user=user, items=True)
    for object_type, records in home.consulted:
        if records:
            audit_consultation(actor=user, object_type=object_type, records=records)
    return render(request, "web/home.html", {"cards": home.cards})


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
