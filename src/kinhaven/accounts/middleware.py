"""Session limits and the second-factor requirement for the web UI."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

Handler = Callable[[HttpRequest], HttpResponse]
LOGIN_AT = "kinhaven_login_at"

# Reachable with a password alone: signing in, the second factor itself, and leaving.
_OPEN_PREFIXES = ("/login/", "/logout/", "/otp/", "/static/", "/api/")


class SessionLimitsMiddleware:
    """End a session 12 hours after login, whatever the activity."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.setdefault(LOGIN_AT, int(time.time()))
            if time.time() - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect(f"{reverse('web:login')}?expired=1")
        return self.get_response(request)


class SecondFactorRequiredMiddleware:
    """Send signed-in users who have not passed their second factor to enrol or verify."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[attr-defined]  # set by OTPMiddleware
            and not request.path.startswith(_OPEN_PREFIXES)
        ):
            return redirect("web:otp")
        return self.get_response(request)
