"""Scoped reads of referrals, and the service directory."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import User
from kinhaven.cases.selectors import NOTHING, case_visibility_q
from kinhaven.referrals.models import Referral, Service


def referral_visibility_q(user: User) -> Q:
    """Deny by default: the sending agency sees a referral with its case; the receiving agency's
    staff who answer referrals see it too."""
    if not user.is_active or user.agency_id is None:
        return NOTHING
    q = Q(from_agency_id=user.agency_id) & case_visibility_q(user, prefix="case__")
    if user.has_capability(Capability.REFERRAL_RESPOND):
        q |= Q(to_agency_id=user.agency_id)
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


def service_search(*, filters: dict[str, Any] | None = None) -> QuerySet[Service]:
    """The active services of every agency, by kind, language, the child's age and sex, or text."""
    filters = filters or {}
    qs = Service.objects.filter(active=True).select_related("agency")
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
