"""Who is asking: the user of an API request (bearer token) and of a web request (session)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import translation
from ninja.security import HttpBearer

from kinhaven.accounts.models import User
from kinhaven.accounts.services import api_token_user


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = api_token_user(token)
        if user is not None:
            request.user = user
            # The messages meant for people speak the user's language unless the client asks for
            # one (Accept-Language, already applied by the middleware).
            if user.language and "Accept-Language" not in request.headers:
                translation.activate(user.language)
                request.LANGUAGE_CODE = user.language
        return user


def request_user(request: HttpRequest) -> User:
    """Return the authenticated user of an API request."""
    user = request.auth  # type: ignore[attr-defined]  # set by Ninja after TokenAuth succeeds
    assert isinstance(user, User)  # noqa: S101  # every router requires TokenAuth
    return user


def web_user(request: HttpRequest) -> User:
    """Return the user of a web request that passed login_required."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101  # login_required let only staff users through
    return user
