"""Reads of user accounts, scoped to the caller."""

from __future__ import annotations

from django.db.models import QuerySet

from kinhaven.accounts.enums import CASEWORK_ROLES, Capability
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


# People are listed by name, as pages show them.
PERSON_ORDER = ("first_name", "last_name", "username")


def casework_people(users: QuerySet[User] | None = None) -> QuerySet[User]:
    """The active users, of `users` if given, whose role works on cases, sorted by name: those a
    case, a conference, an action or a step may be given to."""
    users = User.objects.all() if users is None else users
    return (
        users.filter(is_active=True, role__code__in=[role.value for role in CASEWORK_ROLES])
        .select_related("role")
        .order_by(*PERSON_ORDER)
    )
