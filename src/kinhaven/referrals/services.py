"""Writes on the service directory and on referrals between agencies.

A service takes its input model; a referral and its moves take the values of theirs
(referrals.schemas: ReferralIn, ReferralTransitionIn), which checks their types and limits for
the API and the web forms alike. The rules of a referral are checked here."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinhaven.accounts.enums import ALL_SECTIONS, Capability
from kinhaven.accounts.models import Agency, User
from kinhaven.accounts.services import capability_require
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_record
from kinhaven.cases.enums import OPEN_STATUSES
from kinhaven.cases.models import Case
from kinhaven.cases.moves import case_move, case_move_allowed
from kinhaven.children.grants import child_access_grant, child_access_grant_end
from kinhaven.children.selectors import child_section_access_for
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode, FieldErrors
from kinhaven.core.languages import text_lazy
from kinhaven.deadlines.calendar import add_period
from kinhaven.deadlines.enums import DeadlineCode, DeadlineOutcome
from kinhaven.deadlines.services import deadline_rule_for, deadline_start, deadlines_close
from kinhaven.notifications.enums import NotificationKind
from kinhaven.notifications.services import notify
from kinhaven.referrals.enums import (
    OPEN_REFERRAL_STATUSES,
    REASON_REQUIRED,
    RECEIVER,
    SHARING,
    TRANSFER_ANSWERED,
    TRANSFER_SENT,
    Consent,
    ReferralReason,
    ReferralStatus,
    ReferralUrgency,
    ServiceKind,
    TransferConsent,
    TransferStatus,
)
from kinhaven.referrals.models import Referral, Service, Transfer
from kinhaven.referrals.schemas import ServiceIn, ServiceUpdateIn
from kinhaven.referrals.selectors import services_with_places
from kinhaven.referrals.workflow import REFERRAL_WORKFLOW, TRANSFER_WORKFLOW
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
        title=gettext_lazy("New referral to your agency"),
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
        title=text_lazy(gettext_lazy("Referral: %(status)s"), status=ReferralStatus(to).label),
        path=reverse("referrals:detail", args=[referral.public_id]),
    )
    return referral


# Transfers: the whole case to another agency (cases.moves does the move itself).
def _transfer_holders(agency_id: int) -> list[User]:
    """Who answers or sends transfers for an agency."""
    users = User.objects.filter(agency_id=agency_id, is_active=True).select_related("role")
    return [u for u in users if u.has_capability(Capability.CASE_TRANSFER)]


def _transfer_due(to_agency: Agency, urgency: str, starts_at: dt.datetime) -> dt.datetime:
    """When the answer is due: the receiving country's rule for answering a referral as urgent
    (by default 24 hours) or normal (5 working days)."""
    code = RESPONSE_DEADLINE[ReferralUrgency(urgency)]
    rule = deadline_rule_for(code=code, country=to_agency.country)
    if rule is None:
        return starts_at + dt.timedelta(days=1 if urgency == ReferralUrgency.URGENT else 7)
    return add_period(starts_at, rule.period, rule.unit, country=to_agency.country)


def _transfer_event(transfer: Transfer, actor: User, kind: str) -> None:
    timeline_record(
        case=transfer.case,
        kind=kind,
        actor=actor,
        data={
            "transfer": str(transfer.public_id),
            "from": transfer.from_agency.name,
            "to": transfer.to_agency.name,
            "status": transfer.status,
        },
    )


def _transfer_path(transfer: Transfer) -> str:
    return reverse("referrals:transfer_detail", args=[transfer.public_id])


@transaction.atomic
def transfer_create(
    *,
    actor: User,
    case: Case,
    to_agency: Agency | None,
    reasons: str,
    needs: list[str],
    urgency: str,
    consent: str,
    consent_note: str = "",
    note: str = "",
) -> Transfer:
    """Offer a whole case to another agency, with the reasons, the child's needs and who
    consented; one transfer waits for an answer per case."""
    transfer_sender_require(actor=actor, case=case)
    assert actor.agency is not None  # noqa: S101  # checked by the line above
    if case.status not in OPEN_STATUSES:
        raise ApplicationError(
            ErrorCode.INVALID, _("Only an open case can be transferred."), field="case_id"
        )
    errors: dict[str, str] = {}
    if to_agency is None:
        errors["to_agency_id"] = _("Choose the agency.")
    elif to_agency.pk == actor.agency_id:
        errors["to_agency_id"] = _("Transfer to another agency.")
    chosen = sorted(set(needs or []))
    if not chosen or any(n not in ServiceKind.values for n in chosen):
        errors["needs"] = _("Choose what the child needs.")
    if urgency not in ReferralUrgency.values:
        errors["urgency"] = _("Choose urgent or normal.")
    if consent not in TransferConsent.values:
        errors["consent"] = _("Record who consented, or that consent was not sought.")
    if not reasons.strip():
        errors["reasons"] = _("This field is required.")
    if consent == TransferConsent.NOT_SOUGHT and len(consent_note.strip()) < MIN_OVERRIDE_REASON:
        errors["consent_note"] = _("Write why consent was not sought.")
    if errors:
        raise FieldErrors(errors)
    assert to_agency is not None  # noqa: S101  # checked above
    pending = Transfer.objects.filter(case=case, status=TransferStatus.PENDING)
    conflict = ApplicationError(
        ErrorCode.CONFLICT,
        _("The case already has a transfer waiting for an answer."),
        field="case_id",
    )
    if pending.exists():
        raise conflict
    case_move_allowed(case=case)
    now = time.now()
    try:
        # A concurrent transfer of the same case meets the database's one-pending rule.
        with transaction.atomic():
            transfer = Transfer.objects.create(
                case=case,
                from_agency=actor.agency,
                to_agency=to_agency,
                reasons=reasons,
                needs=chosen,
                urgency=urgency,
                consent=consent,
                consent_note=consent_note,
                note=note,
                response_due_at=_transfer_due(to_agency, urgency, now),
                created_by=actor,
            )
    except IntegrityError:
        raise conflict from None
    _transfer_event(transfer, actor, TRANSFER_SENT)
    audit_record(
        actor=actor,
        action=AuditAction.TRANSFER_CREATE,
        object_type="transfer",
        object_id=transfer.public_id,
        detail={
            "case": str(case.public_id),
            "to": str(to_agency.public_id),
            "consent": consent,
            "needs": chosen,
        },
    )
    notify(
        recipients=_transfer_holders(to_agency.pk),
        kind=NotificationKind.REFERRAL,
        title=gettext_lazy("A case is offered to your agency"),
        path=_transfer_path(transfer),
    )
    return transfer


@transaction.atomic
def transfer_accept(*, actor: User, transfer: Transfer, assignee: User | None = None) -> Transfer:
    """Take the case over: it moves to the actor's agency, to `assignee` or unassigned, with
    everything on it; the sending agency loses its access, and its open referrals of the case
    become the receiving agency's to follow."""
    move = TRANSFER_WORKFLOW.check(transfer, TransferStatus.ACCEPTED, actor=actor)
    now = time.now()
    TRANSFER_WORKFLOW.apply(
        transfer, move, answered_by=actor, answered_at=now, assigned_to=assignee
    )
    source = transfer.from_agency
    case_move(actor=actor, case=transfer.case, to_agency=transfer.to_agency, assignee=assignee)
    transfer.case.refresh_from_db()
    followed = Referral.objects.filter(
        case=transfer.case, from_agency=source, status__in=OPEN_REFERRAL_STATUSES
    ).update(from_agency=transfer.to_agency, updated_at=now)
    _transfer_event(transfer, actor, TRANSFER_ANSWERED)
    audit_record(
        actor=actor,
        action=AuditAction.TRANSFER_ACCEPT,
        object_type="transfer",
        object_id=transfer.public_id,
        detail={
            "case": str(transfer.case.public_id),
            "assigned_to": str(assignee.public_id) if assignee else None,
            "referrals_followed": followed,
        },
    )
    notify(
        recipients=[transfer.created_by, *_transfer_holders(source.pk)],
        kind=NotificationKind.REFERRAL,
        title=gettext_lazy("Your agency's transfer was accepted"),
        path=_transfer_path(transfer),
    )
    if assignee is not None and assignee.pk != actor.pk:
        notify(
            recipients=[assignee],
            kind=NotificationKind.REFERRAL,
            title=gettext_lazy("A transferred case was assigned to you"),
            path=reverse("cases:detail", args=[transfer.case.public_id]),
        )
    return transfer


@transaction.atomic
def transfer_refuse(*, actor: User, transfer: Transfer, reasons: str) -> Transfer:
    """Refuse a transfer, with the reasons; the case stays with the sending agency."""
    move = TRANSFER_WORKFLOW.check(transfer, TransferStatus.REFUSED, actor=actor)
    if not reasons.strip():
        raise ApplicationError(ErrorCode.INVALID, _("Write why you refuse."), field="reasons")
    TRANSFER_WORKFLOW.apply(
        transfer, move, answered_by=actor, answered_at=time.now(), answer_reasons=reasons
    )
    _transfer_event(transfer, actor, TRANSFER_ANSWERED)
    audit_record(
        actor=actor,
        action=AuditAction.TRANSFER_REFUSE,
        object_type="transfer",
        object_id=transfer.public_id,
    )
    notify(
        recipients=[transfer.created_by],
        kind=NotificationKind.REFERRAL,
        title=gettext_lazy("Your agency's transfer was refused"),
        path=_transfer_path(transfer),
    )
    return transfer


@transaction.atomic
def transfer_withdraw(*, actor: User, transfer: Transfer, reasons: str = "") -> Transfer:
    """Take a transfer back before the receiving agency answers."""
    move = TRANSFER_WORKFLOW.check(transfer, TransferStatus.WITHDRAWN, actor=actor)
    TRANSFER_WORKFLOW.apply(transfer, move, answered_at=time.now(), answer_reasons=reasons)
    _transfer_event(transfer, actor, TRANSFER_ANSWERED)
    audit_record(
        actor=actor,
        action=AuditAction.TRANSFER_WITHDRAW,
        object_type="transfer",
        object_id=transfer.public_id,
    )
    notify(
        recipients=_transfer_holders(transfer.to_agency_id),
        kind=NotificationKind.REFERRAL,
        title=gettext_lazy("A transfer to your agency was withdrawn"),
        path=_transfer_path(transfer),
    )
    return transfer


def transfer_sender_require(*, actor: User, case: Case) -> None:
    """Refuse anyone but the transfer capability's holders of the agency that holds the case."""
    capability_require(actor, Capability.CASE_TRANSFER)
    if actor.agency_id is None or case.agency_id != actor.agency_id:
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED,
            _("Only the agency that holds the case transfers it."),
            field="case_id",
        )
