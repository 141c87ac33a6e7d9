"""Scoped reads of tracing requests, their matches and possible duplicate records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from kinhaven.accounts.enums import Capability, Section
from kinhaven.accounts.models import User
from kinhaven.cases.models import Case
from kinhaven.cases.selectors import case_visibility_q
from kinhaven.children.models import Child
from kinhaven.children.selectors import (
    child_own_agency_q,
    child_section_readable_q,
    child_section_writable_q,
    child_visibility_q,
)
from kinhaven.core.queries import NOTHING
from kinhaven.tracing.enums import CandidateStatus, Decision
from kinhaven.tracing.explain import describe
from kinhaven.tracing.models import (
    ChildMerge,
    DuplicateCandidate,
    ReunificationStep,
    TracingMatch,
    TracingRequest,
)


def tracing_request_visibility_q(user: User) -> Q:
    """A tracing request is seen by the agency that took it and, once a match is confirmed, by
    the agency that registered the child found; in both, by those who work on tracing."""
    if not user.is_active or user.agency_id is None:
        return NOTHING
    if not user.has_capability(Capability.TRACING_MANAGE):
        return NOTHING
    found_here = Exists(
        TracingMatch.objects.filter(
            request=OuterRef("pk"),
            decision=Decision.CONFIRMED,
            child__agency_id=user.agency_id,
        )
    )
    return Q(agency_id=user.agency_id) | Q(found_here)


def tracing_requests_for_user(
    *, user: User, filters: dict[str, Any] | None = None
) -> QuerySet[TracingRequest]:
    filters = filters or {}
    qs = TracingRequest.objects.filter(tracing_request_visibility_q(user)).select_related("agency")
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    return qs.order_by("-created_at", "-id")


@dataclass
class MatchView:
    """A match as the user may see it: the child's name only if the user sees the child."""

    match: TracingMatch
    child_visible: bool
    reasons: list[dict[str, Any]]
    steps: list[ReunificationStep] = field(default_factory=list)


def matches_for_request(*, user: User, request: TracingRequest) -> list[MatchView]:
    """The request's matches, best first, the decided ones kept."""
    matches = list(
        request.matches.select_related("child__agency", "decided_by").prefetch_related(
            Prefetch("steps", queryset=ReunificationStep.objects.select_related("done_by"))
        )
    )
    visible = set(
        Child.objects.filter(
            child_visibility_q(user), pk__in=[m.child_id for m in matches]
        ).values_list("pk", flat=True)
    )
    return [
        MatchView(m, m.child_id in visible, describe(m.explanation), list(m.steps.all()))
        for m in matches
    ]


def duplicate_readable_children_q(user: User) -> Q:
    """Children whose record the user may read whole enough to judge a pair: visible, with the
    identity section readable."""
    return child_visibility_q(user) & child_section_readable_q(user, Section.IDENTITY)


def duplicate_visibility_q(user: User) -> Q:
    """A possible duplicate is seen, and judged, only by whoever may read both of its records.

    Security goal: a pair tells of both records (that they exist, their ids, their agencies, how
    alike they are); someone who sees one record only, or one without its identity, learns
    nothing of the other and cannot settle the pair for the agencies that hold it.
    """
    if not user.is_active or not user.has_capability(Capability.CHILD_VIEW):
        return NOTHING
    readable = Child.objects.filter(duplicate_readable_children_q(user)).values("pk")
    return Q(child_a__in=readable) & Q(child_b__in=readable)


def duplicates_for_user(
    *, user: User, status: str = CandidateStatus.OPEN, child: Child | None = None
) -> QuerySet[DuplicateCandidate]:
    """Possible duplicates of which the user may read both records, best first."""
    qs = DuplicateCandidate.objects.filter(duplicate_visibility_q(user)).select_related(
        "child_a__agency", "child_b__agency"
    )
    if status:
        qs = qs.filter(status=status)
    if status == CandidateStatus.OPEN:
        # A pair with a record merged since is settled by the merge, until it is undone.
        qs = qs.filter(child_a__merged_into__isnull=True, child_b__merged_into__isnull=True)
    if child is not None:
        qs = qs.filter(Q(child_a=child) | Q(child_b=child))
    return qs.order_by("-score", "id")


def duplicates_to_judge(*, user: User) -> QuerySet[DuplicateCandidate]:
    """The open possible duplicates the user may settle: tell apart, where the user may change
    the identity of both records (services.duplicates.duplicate_may_judge), or merge, where the
    user's agency also holds both (services.merges); not a pair the user only reads a record of
    (break-glass, a referral)."""
    writable = child_section_writable_q(user, Section.IDENTITY)
    if user.has_capability(Capability.CHILD_EDIT):
        settled = writable
    elif user.has_capability(Capability.CHILD_MERGE) and writable is not NOTHING:
        settled = child_own_agency_q(user)
    else:
        return DuplicateCandidate.objects.none()
    children = Child.objects.filter(settled).values("pk")
    return duplicates_for_user(user=user).filter(child_a__in=children, child_b__in=children)


@dataclass(frozen=True)
class CaseHeld:
    """A case a record of the pair holds: its reference and status only for a reader who may
    see the case; otherwise only that there is a case, and in which agency."""

    agency: str
    reference: str | None = None
    status: str | None = None
    status_label: str | None = None


@dataclass(frozen=True)
class PairRecord:
    """What tells one record of a pair from the other: where and when it was registered and
    the cases it holds, so that a person can tell which record to keep."""

    child: Child
    agency: str
    registered_on: dt.date
    cases: list[CaseHeld]


@dataclass
class DuplicateView:
    candidate: DuplicateCandidate
    reasons: list[dict[str, Any]]
    records: list[PairRecord] = field(default_factory=list)


def pair_records(*, user: User, children: list[Child]) -> dict[int, PairRecord]:
    """The records' registration and cases, by child, for children whose pair the user may
    judge (two queries, however many pairs)."""
    cases = list(
        Case.objects.filter(child__in=[c.pk for c in children])
        .select_related("agency")
        .order_by("created_at", "id")
    )
    visible = set(
        Case.objects.filter(case_visibility_q(user), pk__in=[c.pk for c in cases]).values_list(
            "pk", flat=True
        )
    )
    held: dict[int, list[CaseHeld]] = {c.pk: [] for c in children}
    for case in cases:
        if case.pk in visible:
            held[case.child_id].append(
                CaseHeld(
                    agency=case.agency.name,
                    reference=str(case),
                    status=case.status,
                    status_label=str(case.get_status_display()),
                )
            )
        else:
            held[case.child_id].append(CaseHeld(agency=case.agency.name))
    return {
        c.pk: PairRecord(
            child=c,
            agency=c.agency.name,
            registered_on=timezone.localdate(c.created_at),
            cases=held[c.pk],
        )
        for c in children
    }


def duplicate_views(*, user: User, candidates: list[DuplicateCandidate]) -> list[DuplicateView]:
    """The pairs with their reasons in words and what tells their records apart; a pair the
    user may not judge is left out, should a caller pass one."""
    allowed_ids = set(
        DuplicateCandidate.objects.filter(
            duplicate_visibility_q(user), pk__in=[c.pk for c in candidates]
        ).values_list("pk", flat=True)
    )
    allowed = [c for c in candidates if c.pk in allowed_ids]
    records = pair_records(
        user=user, children=[child for c in allowed for child in (c.child_a, c.child_b)]
    )
    return [
        DuplicateView(c, describe(c.explanation), [records[c.child_a_id], records[c.child_b_id]])
        for c in allowed
    ]


def duplicate_view(*, user: User, candidate: DuplicateCandidate) -> DuplicateView:
    """One pair with its reasons in words and what tells its records apart, for a pair reached
    through access_duplicate_by_id."""
    records = pair_records(user=user, children=[candidate.child_a, candidate.child_b])
    return DuplicateView(
        candidate,
        describe(candidate.explanation),
        [records[candidate.child_a_id], records[candidate.child_b_id]],
    )


def merges_for_child(*, child: Child) -> QuerySet[ChildMerge]:
    """Merges into or of this record, the undone ones too: called only for a child the caller
    already reached through access_child_by_id."""
    return (
        ChildMerge.objects.filter(Q(kept=child) | Q(merged=child))
        .select_related("kept", "merged", "merged_by", "undone_by")
        .order_by("-created_at", "-id")
    )
