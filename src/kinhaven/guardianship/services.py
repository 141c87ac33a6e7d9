"""Writes on guardianship: appointment, handover and end, one active guardian per child."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from kinhaven.accounts.enums import Capability, RoleCode
from kinhaven.accounts.models import User
from kinhaven.accounts.services import capability_require
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_record
from kinhaven.cases.services import case_events_record_for_child
from kinhaven.children.age import ADULT_AGE, child_age_years
from kinhaven.children.models import Child
from kinhaven.children.selectors import child_holder_require
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.deadlines.enums import DeadlineCode
from kinhaven.deadlines.services import deadline_start_once, deadlines_close
from kinhaven.guardianship.models import GuardianAppointment


def guardian_active(*, child: Child) -> GuardianAppointment | None:
    """The child's active appointment, if any."""
    return (
        GuardianAppointment.objects.filter(child=child, ended_at__isnull=True)
        .select_related("guardian")
        .first()
    )


def guardian_caseload(*, guardian: User) -> int:
    """How many children the guardian holds now."""
    return GuardianAppointment.objects.filter(guardian=guardian, ended_at__isnull=True).count()


def guardian_find(*, guardian_id: uuid.UUID) -> User:
    """The user an input names as the guardian; whether they may be appointed is for the
    appointment to check."""
    guardian = User.objects.filter(public_id=guardian_id).select_related("role").first()
    if guardian is None:
        raise ApplicationError(ErrorCode.INVALID, _("Unknown user."), field="guardian")
    return guardian


def _check_guardian(guardian: User) -> None:
    if not guardian.is_active or guardian.role is None or guardian.role.code != RoleCode.GUARDIAN:
        raise ApplicationError(
            ErrorCode.INVALID, _("Choose an active user with the guardian role."), field="guardian"
        )
    cap = settings.KINHAVEN_GUARDIAN_CASELOAD
    if guardian_caseload(guardian=guardian) >= cap:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("This guardian already holds %(cap)d children, the most allowed.") % {"cap": cap},
            field="guardian",
        )


def _record(actor: User, child: Child, action: AuditAction, detail: dict[str, object]) -> None:
    audit_record(
        actor=actor, action=action, object_type="child", object_id=child.public_id, detail=detail
    )
    case_events_record_for_child(child=child, actor=actor, kind="guardian_appointed", data=detail)


def _start(actor: User, child: Child, guardian: User, reason: str) -> GuardianAppointment:
    _check_guardian(guardian)
    try:
        with transaction.atomic():
            appointment = GuardianAppointment.objects.create(
                child=child,
                guardian=guardian,
                appointed_by=actor,
                appointed_at=time.now(),
                reason=reason,
            )
    except IntegrityError:
        # Another appointment for this child committed meanwhile.
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("The child has a guardian already: hand over or end that appointment first."),
            field="guardian",
        ) from None
    Child.objects.filter(pk=child.pk).update(guardian=guardian)
    for case in child.cases.all():
        deadlines_close(code=DeadlineCode.GUARDIAN_APPOINTMENT, actor=actor, case=case)
    return appointment


@transaction.atomic
def guardian_appoint(
    *, actor: User, child: Child, guardian: User, reason: str = ""
) -> GuardianAppointment:
    """Appoint the child's legal guardian; refused while another appointment is active."""
    capability_require(actor, Capability.CHILD_GUARDIAN_APPOINT)
    # Only the agency that holds the record appoints: a guardian sees the whole file.
    child_holder_require(actor, child, field="guardian")
    current = guardian_active(child=child)
    if current is not None:
        if current.guardian_id == guardian.pk:
            return current
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("The child has a guardian already: hand over or end that appointment first."),
            field="guardian",
        )
    appointment = _start(actor, child, guardian, reason)
    _record(actor, child, AuditAction.GUARDIAN_APPOINT, {"guardian": str(guardian.public_id)})
    return appointment


@transaction.atomic
def guardian_end(*, actor: User, child: Child, reason: str = "") -> GuardianAppointment | None:
    """End the child's active appointment, with the reason; return it, or None if none."""
    capability_require(actor, Capability.CHILD_GUARDIAN_APPOINT)
    # Only the agency that holds the record appoints: a guardian sees the whole file.
    child_holder_require(actor, child, field="guardian")
    current = guardian_active(child=child)
    if current is None:
        Child.objects.filter(pk=child.pk).update(guardian=None)
        return None
    now = time.now()
    GuardianAppointment.objects.filter(pk=current.pk, ended_at__isnull=True).update(
        ended_at=now, ended_by=actor, end_reason=reason
    )
    Child.objects.filter(pk=child.pk).update(guardian=None)
    current.refresh_from_db()
    _record(actor, child, AuditAction.GUARDIAN_END, {"guardian": None})
    # A child without a guardian needs another, within the same legal time as on a new case
    # (one throughout, Directive 2011/36 Art. 14); presumed a child while the age is not known
    # (CETS 197 Art. 10(3)).
    age = child_age_years(child)
    if age is None or age < ADULT_AGE:
        for case in child.cases.all():
            deadline_start_once(code=DeadlineCode.GUARDIAN_APPOINTMENT, case=case, starts_at=now)
    return current


@transaction.atomic
def guardian_handover(
    *, actor: User, child: Child, guardian: User, reason: str
) -> GuardianAppointment:
    """End the active appointment and appoint the next guardian, in one step; the reason is the
    input model's (HandoverIn), which requires it."""
    capability_require(actor, Capability.CHILD_GUARDIAN_APPOINT)
    # Only the agency that holds the record appoints: a guardian sees the whole file.
    child_holder_require(actor, child, field="guardian")
    current = guardian_active(child=child)
    if current is not None and current.guardian_id == guardian.pk:
        raise ApplicationError(
            ErrorCode.INVALID, _("This user is the child's guardian already."), field="guardian"
        )
    _check_guardian(guardian)
    if current is not None:
        GuardianAppointment.objects.filter(pk=current.pk).update(
            ended_at=time.now(), ended_by=actor, end_reason=reason
        )
    appointment = _start(actor, child, guardian, reason)
    _record(
        actor,
        child,
        AuditAction.GUARDIAN_HANDOVER,
        {
            "guardian": str(guardian.public_id),
            "previous": str(current.guardian.public_id) if current else None,
        },
    )
    return appointment


def child_guardian_appoint(*, actor: User, child: Child, guardian: User | None) -> Child:
    """Appoint the child's legal guardian (None ends the appointment); the guardian then sees
    the child's file. A second guardian is refused while one is appointed: hand over instead."""
    if guardian is None:
        guardian_end(actor=actor, child=child)
    else:
        guardian_appoint(actor=actor, child=child, guardian=guardian)
    child.refresh_from_db()
    return child
