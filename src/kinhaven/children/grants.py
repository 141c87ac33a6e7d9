"""Access beyond the agency: the child's guardian, referral grants and break-glass."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinhaven.accounts.enums import ALL_SECTIONS, Capability, RoleCode
from kinhaven.accounts.models import Agency, User
from kinhaven.accounts.services import capability_require
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_record
from kinhaven.children.models import BreakGlassAgreement, Child, ChildAccessGrant, GrantKind
from kinhaven.children.sections import active_grants_q
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode, NotFound
from kinhaven.core.languages import text_lazy
from kinhaven.core.queries import NOTHING
from kinhaven.notifications.enums import NotificationKind
from kinhaven.notifications.services import notify


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
        action=AuditAction.CHILD_GRANT,
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
        action=AuditAction.CHILD_GRANT_END,
        object_type="child",
        object_id=grant.child.public_id,
        detail={"grant": grant.pk},
    )
    return grant


def break_glass_scope_q(user: User) -> Q:
    """Children whose records the user's break-glass may reach: those of the user's own agency,
    and those of agencies that allowed break-glass to the user's agency (BreakGlassAgreement).

    Security goal: another agency's records are out of reach unless their holder agreed; a user
    without an agency reaches none.
    """
    if user.agency_id is None:
        return NOTHING
    allowed_by = BreakGlassAgreement.objects.filter(
        requester_agency_id=user.agency_id, ended_at__isnull=True
    ).values("holder_agency_id")
    return Q(agency_id=user.agency_id) | Q(agency_id__in=allowed_by)


@transaction.atomic
def child_break_glass(*, actor: User, child: Child, reason: str) -> ChildAccessGrant:
    """Open one record to the actor for a limited time, with a written reason (the input
    model's, BreakGlassIn, which asks enough of it).

    Audited, shown on the record, and reported to the supervisors of the actor's agency and,
    when another agency holds the record, to that agency's supervisors too.
    """
    capability_require(actor, Capability.BREAK_GLASS)
    across = child.agency_id != actor.agency_id
    if across:
        # access_child_for_break_glass already refused, audited, a record out of scope; this
        # keeps the rule when the service is reached another way, with the same answer as a
        # missing record. The agreement's row stays locked until the grant is written, so a
        # withdrawal running at the same time either comes first or ends this grant too.
        agreement = (
            BreakGlassAgreement.objects.select_for_update()
            .filter(
                holder_agency_id=child.agency_id,
                requester_agency_id=actor.agency_id or 0,
                ended_at__isnull=True,
            )
            .first()
        )
        if agreement is None:
            raise NotFound(_("Child not found."))
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
        action=AuditAction.CHILD_BREAK_GLASS,
        object_type="child",
        object_id=child.public_id,
        purpose="break_glass",
        detail={
            "grant": grant.pk,
            "minutes": settings.KINHAVEN_BREAK_GLASS_MINUTES,
            "holder_agency": str(child.agency.public_id),
        },
    )
    path = reverse("children:detail", args=[child.public_id])
    # Inbox and e-mail: who used it, by name and role (in each recipient's language), and a
    # link, never the child's data.
    who = lazy(actor.person_label, str)()
    notify(
        recipients=_supervisors(actor.agency_id),
        kind=NotificationKind.BREAK_GLASS,
        title=text_lazy(
            gettext_lazy("Break-glass access to a child's record by %(user)s"), user=who
        ),
        path=path,
    )
    if across:
        # The agency that holds the child answers for the record: it learns of every access
        # from outside, whoever in the other agency is told.
        requester = actor.agency.name if actor.agency is not None else "-"
        notify(
            recipients=_supervisors(child.agency_id),
            kind=NotificationKind.BREAK_GLASS,
            title=text_lazy(
                gettext_lazy(
                    "Break-glass access to a child's record your agency holds, by %(user)s"
                    " of %(agency)s"
                ),
                user=who,
                agency=requester,
            ),
            path=path,
        )
    return grant


def _supervisors(agency_id: int | None) -> QuerySet[User]:
    return User.objects.filter(
        agency_id=agency_id or 0, is_active=True, role__code=RoleCode.SUPERVISOR
    )


def break_glass_for_supervisor(*, user: User, days: int = 30) -> QuerySet[ChildAccessGrant]:
    """Break-glass accesses in the last days by the supervisor's agency staff, and by anyone
    into records the agency holds; newest first."""
    agency_id = user.agency_id
    if agency_id is None or not user.has_capability(Capability.CASE_VIEW_AGENCY):
        return ChildAccessGrant.objects.none()
    since = time.now() - dt.timedelta(days=days)
    return (
        ChildAccessGrant.objects.filter(
            Q(user__agency_id=agency_id) | Q(child__agency_id=agency_id),
            kind=GrantKind.BREAK_GLASS,
            created_at__gte=since,
        )
        .select_related("user__agency", "child")
        .order_by("-created_at")
    )


def break_glass_on_record(*, child: Child) -> QuerySet[ChildAccessGrant]:
    """Break-glass accesses to one record, for its page."""
    return child.access_grants.filter(kind=GrantKind.BREAK_GLASS).select_related("user__agency")


# Break-glass across agencies --------------------------------------------------------------


def _agreement_agencies(actor: User, holder: Agency, requester: Agency) -> None:
    # The holder answers for its records: no other agency's administrator opens them.
    if actor.agency_id != holder.pk:
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED,
            _("Only the administrators of the agency that holds the records decide this."),
            field="holder",
        )
    if holder.pk == requester.pk:
        raise ApplicationError(
            ErrorCode.INVALID,
            _("An agency's own staff use break-glass on its records without an agreement."),
            field="requester",
        )


@transaction.atomic
def break_glass_agreement_allow(
    *, actor: User, holder: Agency, requester: Agency
) -> BreakGlassAgreement:
    """Let the requester agency's staff use break-glass on the records the holder agency holds."""
    capability_require(actor, Capability.USER_MANAGE)
    _agreement_agencies(actor, holder, requester)
    try:
        # A savepoint of its own: a concurrent allow for the same pair loses on the partial
        # unique constraint and the transaction stays usable for the answer.
        with transaction.atomic():
            agreement = BreakGlassAgreement.objects.create(
                holder_agency=holder,
                requester_agency=requester,
                created_by=actor,
                created_at=time.now(),
            )
    except IntegrityError:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("This agency already allows break-glass to that agency."),
            field="requester",
        ) from None
    audit_record(
        actor=actor,
        action=AuditAction.CHILD_BREAK_GLASS_AGREEMENT,
        object_type="agency",
        object_id=holder.public_id,
        detail={"agreement": agreement.pk, "requester_agency": str(requester.public_id)},
    )
    return agreement


@transaction.atomic
def break_glass_agreement_end(
    *, actor: User, holder: Agency, requester: Agency
) -> BreakGlassAgreement:
    """Withdraw the agreement; break-glass accesses it made possible end with it."""
    capability_require(actor, Capability.USER_MANAGE)
    _agreement_agencies(actor, holder, requester)
    now = time.now()
    agreement = (
        BreakGlassAgreement.objects.select_for_update()
        .filter(holder_agency=holder, requester_agency=requester, ended_at__isnull=True)
        .first()
    )
    if agreement is None:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("This agency does not allow break-glass to that agency."),
            field="requester",
        )
    agreement.ended_at, agreement.ended_by = now, actor
    agreement.save(update_fields=["ended_at", "ended_by"])
    # Consent withdrawn is access withdrawn: open accesses on the next request, not at expiry.
    ended = ChildAccessGrant.objects.filter(
        active_grants_q(),
        kind=GrantKind.BREAK_GLASS,
        child__agency=holder,
        user__agency=requester,
    ).update(ended_at=now)
    audit_record(
        actor=actor,
        action=AuditAction.CHILD_BREAK_GLASS_AGREEMENT_END,
        object_type="agency",
        object_id=holder.public_id,
        detail={
            "agreement": agreement.pk,
            "requester_agency": str(requester.public_id),
            "grants_ended": ended,
        },
    )
    return agreement
