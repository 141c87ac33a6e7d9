"""Scoped reads of referrals, and the service directory."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.db.models import Count, Expression, F, Q, QuerySet
from django.utils.translation import gettext as _

from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import User
from kinhaven.cases.selectors import case_visibility_q
from kinhaven.core.errors import NotFound
from kinhaven.core.queries import NOTHING
from kinhaven.referrals.enums import SHARING
from kinhaven.referrals.models import Referral, Service


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
    return qs.select_related("from_agency", "to_agency", "service", "case").order_by(
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
