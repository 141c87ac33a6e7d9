"""Need-to-know: which sections of a child's file a user may read and write, and why."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kinhaven.accounts.enums import Section
from kinhaven.accounts.models import User
from kinhaven.children.models import Child, ChildAccessGrant, GrantKind
from kinhaven.core import time

# Every field of the child's file belongs to exactly one section.
FIELD_SECTIONS: dict[str, Section] = {
    **dict.fromkeys(
        (
            "given_name",
            "family_name",
            "given_name_latin",
            "family_name_latin",
            "aliases",
            "sex",
            "date_of_birth",
            "age_estimate_years",
            "age_estimated_on",
            "nationality",
            "languages",
            "place_of_birth",
            "birth_registration",
            "mother_name",
            "father_name",
            "vulnerability_factors",
            "documents",
            "tracing",
        ),
        Section.IDENTITY,
    ),
    "current_location": Section.LOCATION,
    "health_notes": Section.HEALTH,
    "legal_notes": Section.LEGAL,
}

# The fields of the file that are not a column of Child, by the names a change lists them.
_OTHER_FIELD_LABELS: dict[str, str | Promise] = {
    "date_of_birth": _("date of birth"),
    "aliases": _("other names"),
    "documents": _("identity document"),
}


def field_labels() -> dict[str, str | Promise]:
    """Every field of the file by its name in the reader's language, for what lists changes."""
    return {name: _field_label(name) for name in FIELD_SECTIONS}


def _field_label(name: str) -> str | Promise:
    if name in _OTHER_FIELD_LABELS:
        return _OTHER_FIELD_LABELS[name]
    field = Child._meta.get_field(name)
    assert isinstance(field, models.Field)  # noqa: S101  # the others are named above
    return field.verbose_name


@dataclass(frozen=True)
class SectionAccess:
    read: frozenset[str]
    write: frozenset[str]
    relationship: str

    def can_read(self, field: str) -> bool:
        return FIELD_SECTIONS[field].value in self.read


NO_ACCESS = SectionAccess(frozenset(), frozenset(), "")


def active_grants_q() -> Q:
    now = time.now()
    return Q(ended_at__isnull=True) & (Q(expires_at__isnull=True) | Q(expires_at__gt=now))


def grants_held_by_q(user: User) -> Q:
    """Active grants to the user (break-glass) or to the user's agency (referral)."""
    holder = Q(user_id=user.pk) | Q(kind=GrantKind.REFERRAL, agency_id=user.agency_id or 0)
    return active_grants_q() & holder


def grant_visibility_q(user: User) -> Q:
    """Children reachable through an active grant to the user or the user's agency."""
    grants = ChildAccessGrant.objects.filter(grants_held_by_q(user), child=OuterRef("pk"))
    return Exists(grants) | Q(guardian_id=user.pk)


def role_section_access(user: User) -> SectionAccess:
    """All the sections the user's role reads and writes, as in their own agency's files."""
    role = user.role
    if role is None or not user.is_active:
        return NO_ACCESS
    return SectionAccess(frozenset(role.sections_read), frozenset(role.sections_write), "agency")


def child_section_access(user: User, child: Child, *, own_agency: bool) -> SectionAccess:
    """Work out what the user may read and write in this child's file.

    Security goal: the role bounds everything; a relationship decides how much of it applies.
    Assigned caseworkers, their team, supervisors, the child's guardian and break-glass users
    read all of their role's sections; an agency holding a referral reads only the sections
    shared. Only the holding agency and the guardian write: a referral, like break-glass, reads
    and never changes the file (nor judges a pair of the holder's records).
    """
    role = role_section_access(user)
    if role is NO_ACCESS or own_agency:
        return role
    if child.guardian_id == user.pk:
        return SectionAccess(role.read, role.write, "guardian")
    grants = list(ChildAccessGrant.objects.filter(grants_held_by_q(user), child=child))
    if any(g.kind == GrantKind.BREAK_GLASS for g in grants):
        return SectionAccess(role.read, frozenset(), "break_glass")
    shared = frozenset(s for g in grants for s in g.sections)
    if shared:
        return SectionAccess(role.read & shared, frozenset(), "referral")
    return NO_ACCESS
