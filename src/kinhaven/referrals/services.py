"""Writes on the service directory and on referrals between agencies.

A service takes its input model; a referral and its moves take the values of theirs
(referrals.schemas: ReferralIn, ReferralTransitionIn), which checks their types and limits for
the API and the web forms alike. The rules of a referral are checked here."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from kinhaven.accounts.enums import ALL_SECTIONS, Capability
from kinhaven.accounts.models import Agency, User
from kinhaven.accounts.services import capability_require
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_record
from kinhaven.cases.enums import OPEN_STATUSES
from kinhaven.cases.models import Case
from kinhaven.children.grants import child_access_grant, child_access_grant_end
from kinhaven.children.selectors import child_section_access_for
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode, FieldErrors
from kinhaven.deadlines.enums import DeadlineCode, DeadlineOutcome
from kinhaven.deadlines.services import deadline_start, deadlines_close
from kinhaven.notifications.enums import NotificationKind
from kinhaven.notifications.services import notify
from kinhaven.referrals.enums import (
    REASON_REQUIRED,
    RECEIVER,
    SHARING,
    Consent,
    ReferralReason,
    ReferralStatus,
    ReferralUrgency,
    ServiceKind,
)
from kinhaven.referrals.models import Referral, Service
from kinhaven.referrals.schemas import ServiceIn, ServiceUpdateIn
from kinhaven.referrals.selectors import services_with_places
from kinhaven.referrals.workflow import REFERRAL_WORKFLOW
from kinhaven.timeline.enums import CaseEventKind
from kinhaven.timeline.services import timeline_record

MIN_OVERRIDE_REASON = 10
# How long the receiving agency has to answer: a deadline rule of its country.
RESPONSE_DEADLINE = {
    ReferralUrgency.URGENT: DeadlineCode.REFERRAL_RESPONSE_URGENT,
    ReferralUrgency.NORMAL: DeadlineCode.REFERRAL_RESPONSE,
}


@transaction.atomic
def service_create(*, actor: User, data: ServiceIn) -> Service:
    """Add a service of the actor's agency to the directory."""
    capability_require(actor, Capability.SERVICE_MANAGE)
    if actor.agency is None:
        raise ApplicationError(ErrorCode.PERMISSION_DENIED, _("You belong to no agency."))
    details = {name: getattr(data, name) for name in ServiceIn.model_fields}
    service = Service.objects.create(agency=actor.agency, **details)
    audit_record(
        actor=actor,
        action=AuditAction.SERVICE_CREATE,
        object_type="service",
        object_id=service.public_id,
    )
    return service


@transaction.atomic
def service_update(*, actor: User, service: Service, data: ServiceUpdateIn) -> Service:
    """Replace the details of one of the actor's agency's services, its places and whether it is
    listed; referrals already accepted keep their places."""
    capability_require(actor, Capability.SERVICE_MANAGE)
    if service.agency_id != actor.agency_id:
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED, _("Only the agency that offers a service changes it.")
        )
    for name in ServiceUpdateIn.model_fields:
        setattr(service, name, getattr(data, name))
    service.save()
    audit_record(
        actor=actor,
        action=AuditAction.SERVICE_UPDATE,
        object_type="service",
        object_id=service.public_id,
    )
    return service


def _event(case: Case, actor: User, kind: CaseEventKind, referral: Referral) -> None:
    timeline_record(
        case=case,
        kind=kind,
        actor=actor,
        data={
            "referral": str(referral.public_id),
            "to": referral.to_agency.name,
            "status": referral.status,
        },
    )


def _responders(agency: Agency) -> list[User]:
    users = User.objects.filter(agency=agency, is_active=True).select_related("role")
    return [u for u in users if u.has_capability(Capability.REFERRAL_RESPOND)]


@transaction.atomic
def referral_create(
    *,
    actor: User,
    case: Case,
    reason: str,
    urgency: str,
    sections: list[str],
    consent: str,
    consent_note: str = "",
    service: Service | None = None,
    to_agency: Agency | None = None,
    service_kind: str = "",
    reason_code: str = ReferralReason.ADDITIONAL_SERVICES,
) -> Referral:
    """Refer a case's child to another agency's service, sharing the sections the sender chose.

    The child's consent or assent is recorded, or an override with its reason (HTCDS consent).
    """
    capability_require(actor, Capability.CASE_EDIT)
    if actor.agency is None:
        raise ApplicationError(ErrorCode.PERMISSION_DENIED, _("You belong to no agency."))
    if case.status not in OPEN_STATUSES:
        raise ApplicationError(
            ErrorCode.INVALID, _("Only an open case can be referred."), field="case_id"
        )
    errors: dict[str, str] = {}
    if service is not None:
        to_agency, service_kind = service.agency, service.kind
    if to_agency is None:
        errors["to_agency_id"] = _("Choose the agency or the service.")
    elif to_agency.pk == actor.agency_id:
        errors["to_agency_id"] = _("Refer to another agency.")
    if service_kind not in ServiceKind.values:
        errors["service_kind"] = _("Choose a kind of service.")
    if urgency not in ReferralUrgency.values:
        errors["urgency"] = _("Choose urgent or normal.")
    chosen = sorted(set(sections or []))
    if not chosen or any(s not in ALL_SECTIONS for s in chosen):
        errors["sections"] = _("Choose the parts of the file to share.")
    if consent not in Consent.values:
        errors["consent"] = _("Record the child's consent, or the override.")
    if not reason.strip():
        errors["reason"] = _("This field is required.")
    if consent == Consent.OVERRIDE and len(consent_note.strip()) < MIN_OVERRIDE_REASON:
        errors["consent_note"] = _("Write why the referral goes ahead without consent.")
    if errors:
        raise FieldErrors(errors)
    readable = child_section_access_for(actor, case.child).read
    if any(s not in readable for s in chosen):
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED,
            _("You may share only the parts of the file you may read."),
            field="sections",
        )
    now = time.now()
    assert to_agency is not None  # noqa: S101  # checked above
    referral = Referral.objects.create(
        case=case,
        child=case.child,
        from_agency=actor.agency,
        to_agency=to_agency,
        service=service,
        service_kind=service_kind,
        reason=reason,
        reason_code=reason_code,
        urgency=urgency,
        sections=chosen,
        consent=consent,
        consent_note=consent_note,
        response_due_at=now,
        created_by=actor,
    )
    # The answer is due by the receiving country's rule; the sweep escalates it when late.
    deadline = deadline_start(
        code=RESPONSE_DEADLINE[ReferralUrgency(urgency)],
        agency=to_agency,
        case=case,
        referral=referral,
        starts_at=now,
    )
    if deadline is not None:
        referral.response_due_at = deadline.due_at
        referral.save(update_fields=["response_due_at"])
    _event(case, actor, CaseEventKind.REFERRAL_SENT, referral)
    audit_record(
        actor=actor,
        action=AuditAction.REFERRAL_CREATE,
        object_type="referral",
        object_id=referral.public_id,
        detail={"to": str(to_agency.public_id), "sections": chosen, "consent": consent},
    )
    notify(
        recipients=_responders(to_agency),
        kind=NotificationKind.REFERRAL,
        title=_("New referral to your agency"),
        path=reverse("referrals:detail", args=[referral.public_id]),
    )
    return referral


def _check_places(service_id: int) -> None:
    """Refuse to take a place in a full service; the row lock orders concurrent acceptances."""
    Service.objects.select_for_update().get(pk=service_id)  # held until the transaction ends
    if services_with_places().get(pk=service_id).places_free == 0:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("The service has no free place; raise its places or decline the referral."),
            field="service",
        )


@transaction.atomic
def referral_transition(*, actor: User, referral: Referral, to: str, reason: str = "") -> Referral:
    """Move a referral by the workflow table; accepting shares the chosen sections with the
    receiving agency, and ending it (completed, revoked) takes them back on the next request."""
    source = referral.status
    move = REFERRAL_WORKFLOW.check(referral, to, actor=actor)
    if to in REASON_REQUIRED and not reason.strip():
        raise ApplicationError(ErrorCode.INVALID, _("This field is required."), field="reason")
    if to in SHARING and source not in SHARING and referral.service_id is not None:
        _check_places(referral.service_id)
    REFERRAL_WORKFLOW.apply(referral, move, status_reason=reason)
    if source == ReferralStatus.PENDING:
        # Any move out of "pending" answers the referral, or (revoked) ends the wait for one.
        revoked = to == ReferralStatus.REVOKED
        deadlines_close(
            code=RESPONSE_DEADLINE[ReferralUrgency(referral.urgency)],
            actor=actor,
            referral=referral,
            outcome=DeadlineOutcome.CANCELLED if revoked else DeadlineOutcome.MET,
        )
    if to in SHARING and source not in SHARING:
        grant = child_access_grant(
            actor=actor,
            child=referral.child,
            agency=referral.to_agency,
            sections=referral.sections,
            reason=_("Referral"),
        )
        Referral.objects.filter(pk=referral.pk).update(grant=grant)
        referral.grant = grant
    if to not in SHARING and source in SHARING and referral.grant is not None:
        child_access_grant_end(actor=actor, grant=referral.grant)
    _event(referral.case, actor, CaseEventKind.REFERRAL_CHANGED, referral)
    audit_record(
        actor=actor,
        action=AuditAction.REFERRAL_TRANSITION,
        object_type="referral",
        object_id=referral.public_id,
        detail={"from": source, "to": to},
    )
    other = referral.from_agency if move.side == RECEIVER else referral.to_agency
    recipients = [referral.created_by] if move.side == RECEIVER else _responders(other)
    notify(
        recipients=recipients,
        kind=NotificationKind.REFERRAL,
        title=_("Referral %(status)s") % {"status": ReferralStatus(to).label.lower()},
        path=reverse("referrals:detail", args=[referral.public_id]),
    )
    return referral
