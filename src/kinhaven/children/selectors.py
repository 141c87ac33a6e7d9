"""Scoped reads of children's records. Every list of children starts here."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.utils.translation import gettext as _

from kinhaven.accounts.enums import Capability, Section
from kinhaven.accounts.models import User
from kinhaven.accounts.services import capability_require
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_record
from kinhaven.children.grants import break_glass_scope_q
from kinhaven.children.models import Child, ChildAccessGrant, GrantKind
from kinhaven.children.names import search_patterns
from kinhaven.children.relations import children_with_case_q
from kinhaven.children.sections import (
    SectionAccess,
    child_section_access,
    grant_visibility_q,
    grants_held_by_q,
    role_section_access,
)
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.core.queries import NOTHING


def child_visibility_q(user: User) -> Q:
    """Deny by default: a child is visible through the user's agency, as the child's guardian,
    or through an active grant (an accepted referral, a break-glass access)."""
    if not user.is_active or not user.has_capability(Capability.CHILD_VIEW):
        return NOTHING
    return child_own_agency_q(user) | grant_visibility_q(user)


def child_own_agency_q(user: User) -> Q:
    """Children of the user's agency visible through a case the user may see.

    A child with no case yet is visible to whoever registered it, their team and the
    supervisors of the registering agency, so that a case can be opened.

    Security goal: only the agency that holds the child's record (`Child.agency`) sees it as
    its own, with all of the role's sections. Another agency's case on the child, whatever
    route made it, never widens what a referral, guardianship or break-glass gives.
    """
    if (
        not user.is_active
        or user.agency_id is None
        or not user.has_capability(Capability.CHILD_VIEW)
    ):
        return NOTHING
    any_case = children_with_case_q()
    visible_case = children_with_case_q(user)
    registrant = Q(registered_by_id=user.pk)
    if user.team_id is not None:
        registrant |= Q(team_id=user.team_id)
    if user.has_capability(Capability.CASE_VIEW_AGENCY):
        registrant = Q()
    held = Q(agency_id=user.agency_id)
    return held & (visible_case | (~any_case & registrant))


def child_is_held_by(user: User, child: Child) -> bool:
    """Whether the user's agency holds the child's record and the user sees it as its own."""
    if user.agency_id is None or child.agency_id != user.agency_id:
        return False
    return Child.objects.filter(child_own_agency_q(user), pk=child.pk).exists()


def child_holder_require(user: User, child: Child, *, field: str = "child_id") -> None:
    """Refuse a step that creates a relationship to the child (a case, a guardian) unless the
    user's agency holds the child's record.

    Security goal: access through a referral, guardianship or break-glass never grows by
    opening a case, appointing a guardian or any other relationship made from it.
    """
    if not child_is_held_by(user, child):
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED,
            _("Only the agency that holds the child's record can do this."),
            field=field,
        )


def child_section_access_for(user: User, child: Child) -> SectionAccess:
    """Return the sections of this child's file the user may read and write."""
    own = Child.objects.filter(child_own_agency_q(user), pk=child.pk).exists()
    return child_section_access(user, child, own_agency=own)


def child_list_for_user(*, user: User, filters: dict[str, Any] | None = None) -> QuerySet[Child]:
    """Return the children the user may see, searched by name in any script."""
    filters = filters or {}
    visible = child_visibility_q(user)
    query = (filters.get("q") or "").strip()
    if query and visible is not NOTHING:
        # A name search runs over the children whose identity the user may read, which are
        # among those they may see: that rule alone scopes it (and the database evaluates the
        # agency's cases once, not once per rule).
        visible = child_section_readable_q(user, Section.IDENTITY) & name_search_q(query)
    qs = Child.objects.filter(visible, merged_into__isnull=True).annotate(
        # Whether the user sees the child through their agency: then the role's sections apply.
        own_agency=ExpressionWrapper(child_own_agency_q(user), output_field=BooleanField())
    )
    return qs.order_by("-created_at", "-id")


def child_section_readable_q(user: User, section: Section) -> Q:
    """Children whose given section of the file the user may read (a name search runs only
    over children whose identity the user may read: a health-only referral finds no one by
    name)."""
    role = role_section_access(user)
    if section.value not in role.read:
        return NOTHING
    # Grant sections are a JSON list, which not every database can filter in SQL; an agency
    # holds few active grants, so they are read and checked here.
    shared = [
        child_id
        for child_id, kind, sections in ChildAccessGrant.objects.filter(
            grants_held_by_q(user)
        ).values_list("child_id", "kind", "sections")
        if kind == GrantKind.BREAK_GLASS or section.value in sections
    ]
    return child_own_agency_q(user) | Q(guardian_id=user.pk) | Q(pk__in=shared)


def child_section_writable_q(user: User, section: Section) -> Q:
    """Children whose given section of the file the user may change: as child_section_access
    says, those the user's agency holds and those whose guardian the user is, where the role
    writes the section; a referral or a break-glass access never writes."""
    if section.value not in role_section_access(user).write:
        return NOTHING
    return child_own_agency_q(user) | Q(guardian_id=user.pk)


def child_list_access(user: User, child: Child) -> SectionAccess:
    """Section access for a child from child_list_for_user (one query only if not own)."""
    own = getattr(child, "own_agency", None)
    if own is None:
        return child_section_access_for(user, child)
    return child_section_access(user, child, own_agency=bool(own))


def name_search_q(query: str, prefix: str = "") -> Q:
    """Match every word of the query against a child's spelling-tolerant name terms."""
    q = Q()
    for terms in search_patterns(query):
        q &= Q(**{f"{prefix}search_keys__name_word": terms})
    return q


def child_record_scope_q(user: User, child_id: uuid.UUID | str, prefix: str = "") -> Q:
    """Records (reached by `prefix`) of the child with this public id, among the children the
    user sees; a malformed id matches nothing. For the access functions of records filed under
    a child (`/children/{child_id}/...`)."""
    try:
        scope = Q(**{f"{prefix}child__public_id": uuid.UUID(str(child_id))})
    except ValueError:
        scope = NOTHING
    return scope & Q(**{f"{prefix}child__in": Child.objects.filter(child_visibility_q(user))})


# How many children a break-glass name search shows at most: enough to pick from, few enough
# that a search is no way to browse the registry.
BREAK_GLASS_RESULTS = 10


@dataclass(frozen=True)
class BreakGlassCandidate:
    """A child a break-glass name search found: only what picking the right one needs."""

    public_id: uuid.UUID
    name: str
    birth_year: int | None
    agency: str


def break_glass_candidates(*, user: User, query: str) -> tuple[list[BreakGlassCandidate], bool]:
    """Search children by name for a break-glass, within the user's break-glass scope: every word
    of the query matched, at most BREAK_GLASS_RESULTS, with whether more matched. Audited.

    Security goal: only users who carry break-glass search this way; they see a name, a year of
    birth and the agency holding the record, nothing of the file, and only of records their
    break-glass may reach (their agency's, and those of agencies that agreed). Every search
    leaves an audit entry: that it was a break-glass search and which records it showed (none is
    a result too), never the words searched.
    """
    capability_require(user, Capability.BREAK_GLASS)
    terms = query.strip()
    found: list[Child] = []
    if terms and search_patterns(terms):
        found = list(
            Child.objects.filter(break_glass_scope_q(user), name_search_q(terms))
            .filter(merged_into__isnull=True)
            .select_related("agency")
            .order_by("-created_at", "-id")[: BREAK_GLASS_RESULTS + 1]
        )
    rows = [
        BreakGlassCandidate(c.public_id, c.display_name, c.birth_year, c.agency.name)
        for c in found[:BREAK_GLASS_RESULTS]
    ]
    more = len(found) > BREAK_GLASS_RESULTS
    audit_record(
        actor=user,
        action=AuditAction.CHILD_LIST,
        object_type="child",
        object_ids=[c.public_id for c in rows],
        purpose="break_glass",
        detail={"search": "name", "shown": len(rows), "more": more},
    )
    return rows, more
