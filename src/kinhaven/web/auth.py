"""The logged-in staff user of a web request."""

from django.http import HttpRequest

from kinhaven.accounts.models import User


def web_user(request: HttpRequest) -> User:
    """Return the user of a request that passed login_required."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101  # login_required let only staff users through
    return user
