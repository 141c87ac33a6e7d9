from django.http import HttpRequest

from kinhaven.accounts.models import User


def capabilities(request: HttpRequest) -> dict[str, frozenset[str]]:
    """Expose the user's capabilities to templates, to show only the links they may use."""
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_active or user.role is None:
        return {"caps": frozenset()}
    return {"caps": frozenset(user.role.capabilities)}
