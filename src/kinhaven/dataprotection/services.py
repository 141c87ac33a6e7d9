"""Writes of data protection: consent to the processing of a child's data, recorded and
withdrawn; and the export of everything held about one child (a subject access request)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import User
from kinhaven.audit.actions import AuditAction
from kinhaven.cases.services import child_record_audit_and_event
from kinhaven.children.models import Child
from kinhaven.children.services import child_section_write_require
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.dataprotection.models import DataConsent
from kinhaven.dataprotection.schemas import ConsentIn, ConsentWithdrawIn
from kinhaven.dataprotection.selectors import READ_SECTION


def consent_write_require(actor: User, child: Child) -> None:
    """Refuse a consent write unless the role edits children's records and the actor writes
    the identity section of this child's file."""
    child_section_write_require(
        actor, child, capability=Capability.CHILD_EDIT, section=READ_SECTION
    )


def _record(actor: User, consent: DataConsent, action: AuditAction, kind: str) -> None:
    child_record_audit_and_event(
        actor=actor,
        child=consent.child,
        object_type="data_consent",
        public_id=consent.public_id,
        action=action,
        kind=kind,
        detail={"state": consent.state},
    )


@transaction.atomic
def consent_record(*, actor: User, child: Child, data: ConsentIn) -> DataConsent:
    """Record the consent as asked and answered; the earlier records stay."""
    consent_write_require(actor, child)
    consent = DataConsent.objects.create(
        child=child,
        points=data.points.model_dump(),
        given_by=data.given_by,
        purpose=data.purpose,
        retention=data.retention,
        language=data.language,
        recorded_on=data.recorded_on,
        recorded_by=actor,
    )
    _record(actor, consent, AuditAction.DATA_CONSENT_RECORD, "data_consent_recorded")
    return consent


@transaction.atomic
def consent_withdraw(*, actor: User, consent: DataConsent, data: ConsentWithdrawIn) -> DataConsent:
    """Record that the consent was withdrawn, from the day given."""
    consent_write_require(actor, consent.child)
    locked = DataConsent.objects.select_for_update().select_related("child").get(pk=consent.pk)
    if locked.withdrawn_on is not None:
        raise ApplicationError(
            ErrorCode.CONFLICT, _("This consent is withdrawn already."), field="consent"
        )
    if data.withdrawn_on < locked.recorded_on:
        raise ApplicationError(
            ErrorCode.INVALID,
            _("A consent is withdrawn after it was given."),
            field="withdrawn_on",
        )
    locked.withdrawn_on, locked.withdrawn_reason = data.withdrawn_on, data.reason
    locked.withdrawn_by = actor
    locked.save(update_fields=["withdrawn_on", "withdrawn_reason", "withdrawn_by", "updated_at"])
    _record(actor, locked, AuditAction.DATA_CONSENT_WITHDRAW, "data_consent_withdrawn")
    return locked


def export_require(actor: User, child: Child) -> None:
    """An export of everything held about a child: by a role that may, in the agency that
    holds the child's record (not through a referral or as guardian)."""
    if not actor.has_capability(Capability.CHILD_DATA_EXPORT):
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED,
            _("Your role does not allow this: it needs the capability “%(label)s” (%(code)s).")
            % {
                "label": Capability.CHILD_DATA_EXPORT.label,
                "code": Capability.CHILD_DATA_EXPORT.value,
            },
        )
    if child.agency_id != actor.agency_id:
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED,
            _("Only the agency that holds the child's record exports it."),
        )


def exported_at() -> str:
    return time.now().isoformat()
