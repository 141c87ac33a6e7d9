"""The only ways to a single tracing request, match, possible duplicate or merge."""

from __future__ import annotations

import uuid

from django.utils.translation import gettext as _

from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import User
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audited_lookup
from kinhaven.children.models import Child
from kinhaven.children.selectors import child_visibility_q
from kinhaven.core.queries import NOTHING
from kinhaven.tracing.models import ChildMerge, DuplicateCandidate, TracingMatch, TracingRequest
from kinhaven.tracing.selectors import duplicate_visibility_q, tracing_request_visibility_q


def access_tracing_request_by_id(
    user: User,
    request_id: uuid.UUID | str,
    *,
    action: AuditAction = AuditAction.TRACING_REQUEST_READ,
) -> TracingRequest:
    """Return a tracing request the user works on, or raise NotFound.

    Security goal: a tracing request names a family and what it fears; only the agency that took
    it, and the agency holding a child confirmed as the one sought, reach it; every attempt is
    audited, and a hidden request answers like a missing one.
    """
    return audited_lookup(
        actor=user,
        queryset=TracingRequest.objects.filter(tracing_request_visibility_q(user)).select_related(
            "agency", "created_by"
        ),
        public_id=request_id,
        object_type="tracing_request",
        action=action,
        not_found=_("Tracing request not found."),
    )


def access_tracing_match_by_id(
    user: User, match_id: uuid.UUID | str, *, action: AuditAction = AuditAction.TRACING_MATCH_READ
) -> TracingMatch:
    """Return a match of a tracing request the user works on, or raise NotFound (audited)."""
    visible = TracingRequest.objects.filter(tracing_request_visibility_q(user)).values("pk")
    return audited_lookup(
        actor=user,
        queryset=TracingMatch.objects.filter(request__in=visible).select_related(
            "request", "child__agency"
        ),
        public_id=match_id,
        object_type="tracing_match",
        action=action,
        not_found=_("Match not found."),
    )


def access_duplicate_by_id(
    user: User, candidate_id: uuid.UUID | str, *, action: AuditAction = AuditAction.DUPLICATE_READ
) -> DuplicateCandidate:
    """Return a possible duplicate whose two records the user may read, or raise NotFound.

    Security goal: only someone who may read both records (visible, identity readable) sees or
    settles a pair; any other pair answers like a missing one, and every attempt is audited.
    """
    return audited_lookup(
        actor=user,
        queryset=DuplicateCandidate.objects.filter(duplicate_visibility_q(user)).select_related(
            "child_a__agency", "child_b__agency"
        ),
        public_id=candidate_id,
        object_type="duplicate",
        action=action,
        not_found=_("Possible duplicate not found."),
    )


def access_merge_by_id(
    user: User, merge_id: uuid.UUID | str, *, action: AuditAction = AuditAction.MERGE_READ
) -> ChildMerge:
    """Return a merge whose kept record the user sees, for those who merge records; or raise
    NotFound (audited)."""
    if user.has_capability(Capability.CHILD_MERGE):
        visible = Child.objects.filter(child_visibility_q(user)).values("pk")
        queryset = ChildMerge.objects.filter(kept__in=visible)
    else:
        queryset = ChildMerge.objects.filter(NOTHING)
    return audited_lookup(
        actor=user,
        queryset=queryset.select_related("kept", "merged"),
        public_id=merge_id,
        object_type="merge",
        action=action,
        not_found=_("Merge not found."),
    )
