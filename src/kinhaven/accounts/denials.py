"""Recording refusals that happen after a transaction was rolled back."""

from __future__ import annotations

from django.http import HttpRequest

from kinhaven.accounts.models import User
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.enums import Outcome
from kinhaven.audit.services import audit_record


def audit_refusal(request: HttpRequest) -> None:
    """Audit a refused action (the role lacked a capability), naming the route, not the data."""
    user = getattr(request, "auth", None) or getattr(request, "user", None)
    if not isinstance(user, User):
        return
    match = request.resolver_match
    audit_record(
        actor=user,
        action=AuditAction.ACCESS_REFUSED,
        object_type="route",
        outcome=Outcome.DENIED,
        # The route pattern, not the path: ids stay out, the operation stays clear.
        detail={"route": match.route if match else "", "method": request.method or ""},
    )
