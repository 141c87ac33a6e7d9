"""Second-factor enrolment and verification, the lockout answer, and the agency's user accounts."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login  # type: ignore[import-untyped]  # no type marker

from kinhaven.accounts.access import access_user_by_id
from kinhaven.accounts.auth import web_user
from kinhaven.accounts.enums import Capability
from kinhaven.accounts.forms import CodeForm, LanguageForm, UserDeactivateForm
from kinhaven.accounts.models import User
from kinhaven.accounts.otp import (
    qr_svg,
    secret_base32,
    totp_confirmed_device,
    totp_enrolment_start,
    totp_verify,
)
from kinhaven.accounts.selectors import user_list_for_manager
from kinhaven.accounts.services import (
    capability_require,
    user_deactivate,
    user_language_set,
    user_password_set,
)
from kinhaven.audit.actions import AuditAction
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.core.forms import form_add_errors, form_status
from kinhaven.core.languages import language_choices, public_languages_all, staff_languages
from kinhaven.core.pagination import paginate
from kinhaven.core.responses import error_response


@login_required
@require_http_methods(["GET", "POST"])
def otp(request: HttpRequest) -> HttpResponse:
    """Enrol a TOTP device (first time) or verify a code (every login)."""
    user = web_user(request)
    if user.is_verified():  # type: ignore[attr-defined]  # set by OTPMiddleware
        return redirect("web:home")
    device = totp_confirmed_device(user)
    enrolling = device is None
    if device is None:
        device = totp_enrolment_start(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if totp_verify(user=user, device=device, code=form.cleaned_data["code"]):
            otp_login(request, device)
            # A new key once the second factor is passed, as at the password step: a key
            # planted or seen before this point must not carry the verified session.
            request.session.cycle_key()
            target = request.GET.get("next", "")
            # Only back to a page of this site: never an open redirect.
            if not url_has_allowed_host_and_scheme(
                target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                target = "web:home"
            return redirect(target)
        form.add_error("code", _("This code is wrong or was used already. Wait for a new one."))
    context: dict[str, Any] = {"form": form, "enrolling": enrolling}
    if enrolling:
        context.update(qr=qr_svg(device), secret=secret_base32(device))
    return render(request, "web/otp.html", context, status=form_status(form))


@sensitive_post_parameters()
@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    """Change one's own password; API tokens are revoked and other sessions end."""
    user = web_user(request)
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user_password_set(actor=user, user=user, password=form.cleaned_data["new_password1"])
        # This session stays signed in, under a new key; the user's others end.
        update_session_auth_hash(request, user)
        return redirect("web:password_change_done")
    return render(request, "web/password_change.html", {"form": form}, status=form_status(form))


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """Switch the interface's language: kept on the account of a signed-in user (a staff
    language) and in the language cookie, then back to the page the switch was on."""
    user = request.user
    signed_in = user.is_authenticated
    codes = public_languages_all() if not signed_in or request.POST.get("public") else None
    form = LanguageForm(request.POST, languages=language_choices(codes or staff_languages()))
    if not form.is_valid():
        return error_response(
            request, ErrorCode.INVALID, _("Choose a language from the list."), field="language"
        )
    language = form.cleaned_data["language"]
    if signed_in and language in staff_languages():
        user_language_set(user=web_user(request), language=language)
    target = form.cleaned_data["next"]
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = redirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
    )
    return response


def lockout(request: HttpRequest, response: Any = None, credentials: Any = None) -> HttpResponse:
    """Answer a locked-out login, the same whether the account exists or not."""
    message = _("Too many failed attempts. Try again in 15 minutes.")
    return error_response(request, ErrorCode.RATE_LIMITED, message)


@login_required
@require_GET
def user_list(request: HttpRequest) -> HttpResponse:
    """The accounts of the administrator's agency."""
    actor = web_user(request)
    capability_require(actor, Capability.USER_MANAGE)
    page = paginate(user_list_for_manager(actor=actor), page=request.GET.get("page"), page_size=50)
    return render(request, "accounts/user_list.html", {"page": page})


def _user_page(
    request: HttpRequest, account: User, form: UserDeactivateForm, status: int = 200
) -> HttpResponse:
    # "account", not "user": templates already name the signed-in user so.
    context = {"account": account, "deactivate_form": form}
    return render(request, "accounts/user_detail.html", context, status=status)


@login_required
@require_GET
def user_detail(request: HttpRequest, user_id: str) -> HttpResponse:
    """One account of the agency, with what its administrator may do to it."""
    actor = web_user(request)
    capability_require(actor, Capability.USER_MANAGE)
    return _user_page(request, access_user_by_id(actor, user_id), UserDeactivateForm())


@login_required
@require_POST
def user_deactivate_view(request: HttpRequest, user_id: str) -> HttpResponse:
    """Deactivate an account once the administrator confirmed it."""
    actor = web_user(request)
    capability_require(actor, Capability.USER_MANAGE)
    account = access_user_by_id(actor, user_id, action=AuditAction.USER_READ_FOR_UPDATE)
    form = UserDeactivateForm(request.POST)
    if form.is_valid():
        try:
            user_deactivate(actor=actor, user=account)
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(username)s is deactivated: signed out, and their API tokens are revoked.")
                % {"username": account.username},
            )
            return redirect("web:user_detail", user_id=account.public_id)
    return _user_page(request, account, form, status=form_status(form))
