"""Reads of user accounts, scoped to the caller."""

from __future__ import annotations

from django.db.models import QuerySet

from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import User


def user_list_for_manager(*, actor: User) -> QuerySet[User]:
    """The accounts of the actor's agency if the actor manages accounts, active ones first."""
    if actor.agency_id is None or not actor.has_capability(Capability.USER_MANAGE):
        return User.objects.none()
    return (
        User.objects.filter(agency_id=actor.agency_id)
        .select_related("role", "team", "agency")
        .order_by("-is_active", "username")
    )
