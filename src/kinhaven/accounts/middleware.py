"""Session limits and the second-factor requirement for the web UI."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from kinhaven.core.languages import best_match, public_languages_all, staff_languages

Handler = Callable[[HttpRequest], HttpResponse]
LOGIN_AT = "kinhaven_login_at"

# Reachable with a password alone: signing in, the second factor itself, the language, leaving.
_OPEN_PREFIXES = ("/login/", "/logout/", "/otp/", "/language/", "/static/", "/api/")


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


class UserLanguageMiddleware:
    """Speak the signed-in user's chosen language, else the one Django's LocaleMiddleware found
    (the language cookie, then the browser's Accept-Language), within the languages the page is
    written in: every public language on a page marked `@public_languages`, the staff languages on
    every other page."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., object], args: object, kwargs: object
    ) -> None:
        public = getattr(view_func, "public_languages", False)
        request.kinhaven_public_page = public  # type: ignore[attr-defined]  # read by the switcher
        codes = public_languages_all() if public else staff_languages()
        found = translation.get_language() or settings.LANGUAGE_CODE
        chosen = getattr(request.user, "language", "") if request.user.is_authenticated else ""
        # A page the public reads follows the switcher's cookie and the browser first.
        order = (found, chosen) if public else (chosen, found)
        language = next((code for code in order if code in codes), "") or (
            best_match(request.headers.get("Accept-Language", ""), codes) or settings.LANGUAGE_CODE
        )
        translation.activate(language)
        request.LANGUAGE_CODE = language
