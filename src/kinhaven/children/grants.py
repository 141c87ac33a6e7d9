"""Access beyond the agency: the child's guardian, referral grants and break-glass."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from kinhaven.accounts.enums import ALL_SECTIONS, Capability, RoleCode
from kinhaven.accounts.models import Agency, User
from kinhaven.accounts.services import capability_require
from kinhaven.audit.services import audit_record
from kinhaven.children.models import Child, ChildAccessGrant, GrantKind
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.guardianship.services import guardian_appoint, guardian_end
from kinhaven.notifications.enums import NotificationKind
from kinhaven.notifications.services import notify

MIN_REASON = 10


def child_guardian_appoint(*, actor: User, child: Child, guardian: User | None) -> Child:
    """Appoint the child's legal guardian (None ends the appointment); the guardian then sees
    the child's file. A second guardian is refused while one is appointed: hand over instead."""
    if guardian is None:
        guardian_end(actor=actor, child=child)
    else:
        guardian_appoint(actor=actor, child=child, guardian=guardian)
    child.refresh_from_db()
    return child


@transaction.atomic
def child_access_grant(
    *, actor: User, child: Child, agency: Agency, sections: Iterable[str], reason: str = ""
) -> ChildAccessGrant:
    """Share sections of a child's file with another agency (an accepted referral)."""
    chosen = sorted(set(sections))
    if not chosen or any(s not in ALL_SECTIONS for s in chosen):
        raise ApplicationError(ErrorCode.INVALID, _("Choose known sections."), field="sections")
    grant = ChildAccessGrant.objects.create(
        child=child,
        kind=GrantKind.REFERRAL,
        agency=agency,
        sections=chosen,
        reason=reason,
        granted_by=actor,
        created_at=time.now(),
    )
    audit_record(
        actor=actor,
        action="child.grant",
        object_type="child",
        object_id=child.public_id,
        detail={"agency": str(agency.public_id), "sections": chosen},
    )
    return grant


@transaction.atomic
def child_access_grant_end(*, actor: User, grant: ChildAccessGrant) -> ChildAccessGrant:
    """End a grant; the access it gave stops on the next request."""
    ChildAccessGrant.objects.filter(pk=grant.pk, ended_at__isnull=True).update(ended_at=time.now())
    grant.refresh_from_db()
    audit_record(
        actor=actor,
        action="child.grant_end",
        object_type="child",
        object_id=grant.child.public_id,
        detail={"grant": grant.pk},
    )
    return grant


@transaction.atomic
def child_break_glass(*, actor: User, child: Child, reason: str) -> ChildAccessGrant:
    """Open one record to the actor for a limited time, with a written reason.

    Audited, shown on the record, and reported to the supervisors of the actor's agency.
    """
    capability_require(actor, Capability.BREAK_GLASS)
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise ApplicationError(
            ErrorCode.INVALID,
            _("Write why you need this record now (at least %(n)d characters).")
            % {"n": MIN_REASON},
            field="reason",
        )
    if len(reason) > 2000:
        raise ApplicationError(ErrorCode.INVALID, _("At most 2000 characters."), field="reason")
    now = time.now()
    grant = ChildAccessGrant.objects.create(
        child=child,
        kind=GrantKind.BREAK_GLASS,
        user=actor,
        sections=list(ALL_SECTIONS),
        reason=reason,
        granted_by=actor,
        created_at=now,
        expires_at=now + dt.timedelta(minutes=settings.KINHAVEN_BREAK_GLASS_MINUTES),
    )
    audit_record(
        actor=actor,
        action="child.break_glass",
        object_type="child",
        object_id=child.public_id,
        purpose="break_glass",
        detail={"grant": grant.pk, "minutes": settings.KINHAVEN_BREAK_GLASS_MINUTES},
    )
    supervisors = User.objects.filter(
        agency_id=actor.agency_id or 0, is_active=True, role__code=RoleCode.SUPERVISOR
    )
    # Inbox and e-mail: who used it and a link, never the child's data.
    notify(
        recipients=supervisors,
        kind=NotificationKind.BREAK_GLASS,
        title=_("Break-glass access to a child's record by %(user)s") % {"user": actor.username},
        path=reverse("children:detail", args=[child.public_id]),
    )
    return grant


def break_glass_for_supervisor(*, user: User, days: int = 30) -> QuerySet[ChildAccessGrant]:
    """Break-glass accesses by the supervisor's agency staff in the last days, newest first."""
    agency_id = user.agency_id
    if agency_id is None or not user.has_capability(Capability.CASE_VIEW_AGENCY):
        return ChildAccessGrant.objects.none()
    since = time.now() - dt.timedelta(days=days)
    return (
        ChildAccessGrant.objects.filter(
            kind=GrantKind.BREAK_GLASS, user__agency_id=agency_id, created_at__gte=since
        )
        .select_related("user", "child")
        .order_by("-created_at")
    )


def break_glass_on_record(*, child: Child) -> QuerySet[ChildAccessGrant]:
    """Break-glass accesses to one record, for its page."""
    return child.access_grants.filter(kind=GrantKind.BREAK_GLASS).select_related("user")
