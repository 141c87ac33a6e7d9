"""Scoped reads of referrals, and the service directory."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Expression, F, Q, QuerySet
from django.utils.translation import gettext as _

from kinhaven.accounts.enums import Capability, Section
from kinhaven.accounts.models import User
from kinhaven.cases.models import Case
from kinhaven.cases.selectors import case_visibility_q
from kinhaven.children.models import Child
from kinhaven.children.selectors import child_section_readable_q, child_visibility_q
from kinhaven.core.errors import NotFound
from kinhaven.core.queries import NOTHING
from kinhaven.referrals.enums import SHARING, ReferralStatus, TransferStatus
from kinhaven.referrals.models import Referral, Service, Transfer


def referral_visibility_q(user: User, prefix: str = "") -> Q:
    """Deny by default: the sending agency sees a referral with its case; the receiving agency's
    staff who answer referrals see it too; so does the child's guardian."""
    if not user.is_active:
        return NOTHING
    guardian = Q(**{f"{prefix}case__child__guardian_id": user.pk})
    q = guardian if user.has_capability(Capability.CASE_VIEW) else NOTHING
    if user.agency_id is None:
        return q
    q |= Q(**{f"{prefix}from_agency_id": user.agency_id}) & case_visibility_q(
        user, prefix=f"{prefix}case__"
    )
    if user.has_capability(Capability.REFERRAL_RESPOND):
        q |= Q(**{f"{prefix}to_agency_id": user.agency_id})
    return q


def referral_list_for_user(*, user: User, direction: str = "all") -> QuerySet[Referral]:
    """Referrals the user may see: incoming (to the agency), outgoing (from it) or all."""
    qs = Referral.objects.filter(referral_visibility_q(user))
    if direction == "incoming":
        qs = qs.filter(to_agency_id=user.agency_id)
    elif direction == "outgoing":
        qs = qs.filter(from_agency_id=user.agency_id)
    return qs.select_related("from_agency", "to_agency", "service", "case__child").order_by(
        "-created_at", "-id"
    )


def service_of_agency(*, user: User, service_id: uuid.UUID | str) -> Service:
    """One of the user's agency's services, listed or not, or NotFound."""
    service = Service.objects.filter(public_id=service_id, agency_id=user.agency_id or 0).first()
    if service is None:
        raise NotFound(_("Service not found."))
    return service


# Records of apps above this one that hold a place in a service (a current care placement), each
# an expression counting them per service; those apps register it when they start.
PLACES_TAKEN_BY: list[Callable[[], Expression]] = []


def places_taken_register(count: Callable[[], Expression]) -> None:
    """Count another kind of record among the places taken in a service."""
    if count not in PLACES_TAKEN_BY:
        PLACES_TAKEN_BY.append(count)


def services_with_places() -> QuerySet[Service]:
    """Services with their agency and `places_taken`: the places accepted referrals hold, and
    those the registered records hold (current care placements)."""
    taken: Any = Count("referrals", filter=Q(referrals__status__in=SHARING))
    for count in PLACES_TAKEN_BY:
        taken = taken + count()
    return Service.objects.select_related("agency").annotate(places_taken=taken)


def services_active() -> QuerySet[Service]:
    """Listed services with their agency and `places_taken`."""
    return services_with_places().filter(active=True)


def service_search(*, filters: dict[str, Any] | None = None) -> QuerySet[Service]:
    """The active services of every agency, by kind, language, the child's age and sex, text, or
    free places; each with `places_taken`, the places accepted referrals and current placements
    hold now."""
    filters = filters or {}
    qs = services_active()
    if filters.get("with_places"):
        qs = qs.filter(Q(capacity__isnull=True) | Q(capacity__gt=F("places_taken")))
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    text = (filters.get("q") or "").strip()
    if text:
        qs = qs.filter(
            Q(name__icontains=text) | Q(location__icontains=text) | Q(agency__name__icontains=text)
        )
    age = filters.get("age")
    if isinstance(age, int):
        qs = qs.filter(Q(min_age__isnull=True) | Q(min_age__lte=age))
        qs = qs.filter(Q(max_age__isnull=True) | Q(max_age__gte=age))
    services = qs.order_by("kind", "name")
    language = (filters.get("language") or "").strip()
    sex = filters.get("sex") or ""
    if not language and not sex:
        return services
    # Lists in JSON are matched in Python: the directory is small, and JSON containment differs
    # between SQLite and PostgreSQL.
    keep = [
        s.pk
        for s in services
        if (not language or language in s.languages) and (not sex or not s.sexes or sex in s.sexes)
    ]
    return services.filter(pk__in=keep)


def transfer_visibility_q(user: User, prefix: str = "") -> Q:
    """Deny by default: the holders of the transfer capability in the receiving agency see the
    transfers to it; in the sending agency, those who see the case, and whoever sent it (who
    keeps the answer after the case has gone)."""
    if not user.is_active or user.agency_id is None:
        return NOTHING
    if not user.has_capability(Capability.CASE_TRANSFER):
        return NOTHING
    incoming = Q(**{f"{prefix}to_agency_id": user.agency_id})
    sent = Q(**{f"{prefix}created_by_id": user.pk}) | case_visibility_q(
        user, prefix=f"{prefix}case__", as_guardian=False
    )
    return incoming | (Q(**{f"{prefix}from_agency_id": user.agency_id}) & sent)


def transfer_list_for_user(
    *, user: User, direction: str = "all", status: str = ""
) -> QuerySet[Transfer]:
    """Transfers the user may see: incoming (to the agency), outgoing (from it) or all."""
    qs = Transfer.objects.filter(transfer_visibility_q(user))
    if direction == "incoming":
        qs = qs.filter(to_agency_id=user.agency_id)
    elif direction == "outgoing":
        qs = qs.filter(from_agency_id=user.agency_id)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("from_agency", "to_agency", "case", "case__child").order_by(
        "-created_at", "-id"
    )


def transfers_awaiting_answer(*, user: User) -> QuerySet[Transfer]:
    """Transfers to the user's agency waiting for its answer, for those who give it."""
    return transfer_list_for_user(
        user=user, direction="incoming", status=TransferStatus.PENDING
    ).order_by("response_due_at", "id")


def referrals_awaiting_answer(*, user: User) -> QuerySet[Referral]:
    """Referrals to the user's agency waiting for its answer, for those who give it."""
    if not user.has_capability(Capability.REFERRAL_RESPOND):
        return Referral.objects.none()
    return (
        referral_list_for_user(user=user, direction="incoming")
        .filter(status=ReferralStatus.PENDING)
        .order_by("response_due_at", "id")
    )


def cases_visible_ids(*, user: User, case_ids: list[int]) -> set[int]:
    """Which of these cases the user may see (a list shows their references only then)."""
    return set(
        Case.objects.filter(case_visibility_q(user), pk__in=case_ids).values_list("pk", flat=True)
    )


@dataclass(frozen=True)
class ChildShown:
    """How a list shows a referral's or a transfer's child to its reader: by name where the
    reader reads the child's identity, by a link to the file where they see it, else by the
    facts shared to decide (age band and sex), and the case's reference where they see the
    case."""

    name: str
    public_id: str  # for the link to the child's file; empty: no link
    facts: str
    case_reference: str


def children_shown(
    *, user: User, records: list[Any], identity_shared: Callable[[Any], bool]
) -> dict[int, ChildShown]:
    """For each record (with `child` and `case` loaded), what its reader may see of the child
    and the case, in a fixed number of queries."""
    from kinhaven.referrals.summary import decision_facts

    children = {r.case.child_id for r in records}
    visible = set(
        Child.objects.filter(child_visibility_q(user), pk__in=children).values_list("pk", flat=True)
    )
    named = set(
        Child.objects.filter(
            child_section_readable_q(user, Section.IDENTITY), pk__in=visible
        ).values_list("pk", flat=True)
    )
    cases = cases_visible_ids(user=user, case_ids=[r.case_id for r in records])
    shown: dict[int, ChildShown] = {}
    for r in records:
        child = r.case.child
        facts = decision_facts(child, identity_shared=identity_shared(r))
        shown[r.pk] = ChildShown(
            name=child.display_name if child.pk in named else "",
            public_id=str(child.public_id) if child.pk in visible else "",
            facts=f"{facts['age_band']}, {facts['sex']}" if identity_shared(r) else "",
            case_reference=(r.case.reference or "") if r.case_id in cases else "",
        )
    return shown
