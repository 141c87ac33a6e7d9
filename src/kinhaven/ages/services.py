"""Writes on age assessments: the request, the methods in order, the decision and the benefit of
the doubt, the notices, the appeals and their decisions, the withdrawal.

Rules and their sources (docs/age-assessment.md):
- EUAA (EASO) Practical guide on age assessment, 2nd edition 2018: an assessment only where there
  is doubt, with the reason recorded; the least intrusive methods first, a medical examination as
  a last resort and with consent; a multidisciplinary assessment; the guardian present; the result
  a range of which the lowest age counts (the benefit of the doubt); a written decision, with a
  remedy, made known to the child and the guardian.
- Directive 2011/36/EU Art. 13(2) and CETS 197 Art. 10(3): where the age is uncertain and there
  are reasons to believe the person is a child, the person is presumed a child: so while an
  assessment or an appeal is pending.
- Directive 2013/32/EU Art. 25(5): a medical examination with consent, the least invasive.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import User
from kinhaven.ages.enums import (
    AGE_WORKFLOW,
    DECIDED_STATUSES,
    STEP_STATUSES,
    WITH_THE_CHILD,
    AgeMethod,
    AppealOutcome,
    AssessmentStatus,
)
from kinhaven.ages.models import (
    AgeAssessment,
    AgeAssessmentAppeal,
    AgeAssessmentNotice,
    AgeAssessmentStep,
)
from kinhaven.ages.schemas import (
    AgeAppealDecisionIn,
    AgeAppealIn,
    AgeDecisionIn,
    AgeNoticeIn,
    AgeRequestIn,
    AgeStepIn,
    AgeWithdrawalIn,
)
from kinhaven.ages.selectors import range_in_force, treated_as_child
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_record
from kinhaven.cases.enums import OPEN_STATUSES as OPEN_CASE_STATUSES
from kinhaven.cases.models import Case
from kinhaven.cases.services import case_events_record_for_child
from kinhaven.children.enums import DocumentType
from kinhaven.children.models import Child
from kinhaven.children.selectors import child_holder_require
from kinhaven.children.services import child_age_record
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.deadlines.enums import DeadlineCode, DeadlineOutcome
from kinhaven.deadlines.services import deadline_start, deadlines_close

# Identity documents that can prove a date of birth; with one recorded and the full date known,
# a request must say why the document is doubted.
IDENTITY_DOCUMENTS = frozenset(DocumentType.values) - {DocumentType.OTHER}


def age_capability_require(
    actor: User, capability: Capability, *, field: str | None = None
) -> None:
    """Refuse an action the actor's role does not allow, naming the capability it needs."""
    if not actor.has_capability(capability):
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED,
            _("Your role does not allow this: it needs the capability “%(label)s” (%(code)s).")
            % {"label": capability.label, "code": capability.value},
            field=field,
        )


def _require(actor: User, child: Child, capability: Capability) -> None:
    """The capability, then the agency that holds the child's record: an assessment is its to
    ask for and to decide (a referral or a guardianship reads it, never writes it)."""
    age_capability_require(actor, capability)
    child_holder_require(actor, child)
    if child.merged_into_id is not None:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("This record was merged into another; assess the age there."),
            field="child_id",
        )


def _locked(assessment: AgeAssessment) -> AgeAssessment:
    return AgeAssessment.objects.select_for_update().select_related("child").get(pk=assessment.pk)


def _record(
    actor: User,
    assessment: AgeAssessment,
    action: AuditAction,
    kind: str,
    detail: dict[str, Any] | None = None,
) -> None:
    """The audit entry and the event on the timeline of each of the child's open cases; codes
    and ids only, never the ages or the texts."""
    data = {"assessment": str(assessment.public_id), "status": assessment.status, **(detail or {})}
    audit_record(
        actor=actor,
        action=action,
        object_type="age_assessment",
        object_id=assessment.public_id,
        detail=data,
    )
    case_events_record_for_child(child=assessment.child, actor=actor, kind=kind, data=data)


def _holder_cases(child: Child) -> Iterable[Case]:
    """The open cases the agency holding the child's record holds: its deadlines run there."""
    return Case.objects.filter(
        child=child, agency_id=child.agency_id, status__in=OPEN_CASE_STATUSES
    )


def _deadlines_start(code: DeadlineCode, child: Child) -> None:
    now = time.now()
    for case in _holder_cases(child):
        deadline_start(code=code, agency=case.agency, team=case.team, case=case, starts_at=now)


def _deadlines_close(
    code: DeadlineCode, actor: User, child: Child, outcome: DeadlineOutcome = DeadlineOutcome.MET
) -> None:
    for case in Case.objects.filter(child=child):
        deadlines_close(code=code, actor=actor, case=case, outcome=outcome)


def _documented_birth_date(child: Child) -> bool:
    """Whether the full date of birth is on the record with an identity document that can show
    it: then the age is not in doubt without a reason to doubt the document."""
    if None in (child.birth_year, child.birth_month, child.birth_day):
        return False
    return any(d.document_type in IDENTITY_DOCUMENTS for d in child.documents.all())


def _benefit_of_the_doubt(actor: User, assessment: AgeAssessment, on: dt.date) -> None:
    """Record the lowest age of the range in force as the child's age (EUAA guide 2018)."""
    span = range_in_force(assessment)
    if span is not None:
        child_age_record(actor=actor, child=assessment.child, years=span[0], on=on)


@transaction.atomic
def age_assessment_request(*, actor: User, child: Child, data: AgeRequestIn) -> AgeAssessment:
    """Ask for the child's age to be assessed, with what raised the doubt and why; one at a
    time. Where the full date of birth is documented by an identity document, the request says
    why the document is doubted (`override_reason`)."""
    _require(actor, child, Capability.AGE_REQUEST)
    if _documented_birth_date(child) and not data.override_reason:
        raise ApplicationError(
            ErrorCode.INVALID,
            _(
                "The date of birth is documented by an identity document: say why the document "
                "is doubted, or do not ask for an assessment."
            ),
            field="override_reason",
        )
    try:
        with transaction.atomic():
            assessment = AgeAssessment.objects.create(
                child=child,
                trigger=data.trigger,
                reason=data.reason,
                override_reason=data.override_reason,
                requested_by=actor,
                requested_at=time.now(),
            )
    except IntegrityError:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("An age assessment of this child is under way already."),
            field="child_id",
        ) from None
    _deadlines_start(DeadlineCode.AGE_ASSESSMENT, child)
    _record(
        actor,
        assessment,
        AuditAction.AGE_ASSESSMENT_REQUEST,
        "age_requested",
        {"trigger": data.trigger, "override": bool(data.override_reason)},
    )
    return assessment


def _method_order_check(steps: list[AgeAssessmentStep], data: AgeStepIn) -> None:
    """A medical examination comes last: after a less intrusive method, performed no later, and
    only while no method has settled the age (EUAA guide 2018)."""
    if data.method != AgeMethod.MEDICAL:
        return
    if any(s.settles_age for s in steps):
        raise ApplicationError(
            ErrorCode.INVALID,
            _("An earlier method settled the age: a medical examination is not needed."),
            field="method",
        )
    earlier = [
        s for s in steps if s.method != AgeMethod.MEDICAL and s.performed_on <= data.performed_on
    ]
    if not earlier:
        raise ApplicationError(
            ErrorCode.INVALID,
            _(
                "A medical examination is the last resort: record first the less intrusive "
                "methods (identity documents, a psychosocial assessment) that did not settle the "
                "age."
            ),
            field="method",
        )


@transaction.atomic
def age_assessment_step_add(
    *, actor: User, assessment: AgeAssessment, data: AgeStepIn
) -> AgeAssessmentStep:
    """Record a method applied, in order; the first one puts the assessment under way."""
    _require(actor, assessment.child, Capability.AGE_DECIDE)
    assessment = _locked(assessment)
    if assessment.status not in STEP_STATUSES:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("Methods are recorded before the decision only."),
            field="method",
        )
    steps = list(assessment.steps.all())
    _method_order_check(steps, data)
    step = AgeAssessmentStep.objects.create(
        assessment=assessment,
        position=len(steps) + 1,
        method=data.method,
        performed_on=data.performed_on,
        performed_by=data.performed_by,
        guardian_present=data.guardian_present,
        findings=data.findings,
        settles_age=data.settles_age,
        insufficiency_reason=data.insufficiency_reason,
        child_consent_on=data.child_consent_on,
        guardian_consent_on=data.guardian_consent_on,
        recorded_by=actor,
        recorded_at=time.now(),
    )
    if assessment.status == AssessmentStatus.REQUESTED:
        AGE_WORKFLOW.move(assessment, AssessmentStatus.IN_PROGRESS)
    _record(
        actor,
        assessment,
        AuditAction.AGE_ASSESSMENT_STEP,
        "age_method_recorded",
        {"method": data.method, "position": step.position, "settles_age": data.settles_age},
    )
    return step


@transaction.atomic
def age_assessment_decide(
    *, actor: User, assessment: AgeAssessment, data: AgeDecisionIn
) -> AgeAssessment:
    """Decide the age as a range, with reasons and the remedy; by the benefit of the doubt the
    child's recorded age becomes the lowest age of the range, and where it is below 18 the
    person is a child. Only a role with the capability to decide does this."""
    _require(actor, assessment.child, Capability.AGE_DECIDE)
    assessment = _locked(assessment)
    if assessment.status == AssessmentStatus.REQUESTED:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("Record at least one assessment method before deciding."),
            field="status",
        )
    steps = list(assessment.steps.all())
    if not any(s.settles_age or s.method in WITH_THE_CHILD for s in steps):
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _(
                "The identity documents did not settle the age: assess the child (a "
                "multidisciplinary psychosocial assessment) before deciding."
            ),
            field="status",
        )
    move = AGE_WORKFLOW.check(assessment, AssessmentStatus.DECIDED)
    last = max((s.performed_on for s in steps), default=None)
    if last is not None and data.decided_on < last:
        raise ApplicationError(
            ErrorCode.INVALID,
            _("The decision cannot come before the methods it rests on."),
            field="decided_on",
        )
    AGE_WORKFLOW.apply(
        assessment,
        move,
        min_age=data.min_age,
        max_age=data.max_age,
        decided_by=actor,
        decided_on=data.decided_on,
        authority=data.authority,
        reasons=data.reasons,
        remedy=data.remedy,
    )
    _benefit_of_the_doubt(actor, assessment, data.decided_on)
    _deadlines_close(DeadlineCode.AGE_ASSESSMENT, actor, assessment.child)
    _record(
        actor,
        assessment,
        AuditAction.AGE_ASSESSMENT_DECIDE,
        "age_decided",
        {"child": treated_as_child(assessment)},
    )
    return assessment


@transaction.atomic
def age_assessment_notice_add(
    *, actor: User, assessment: AgeAssessment, data: AgeNoticeIn
) -> AgeAssessmentNotice:
    """Record that the child or the guardian was told of the decision in force (on appeal, if
    there was one): when, in which language, how."""
    _require(actor, assessment.child, Capability.AGE_DECIDE)
    assessment = _locked(assessment)
    if assessment.status not in DECIDED_STATUSES:
        raise ApplicationError(
            ErrorCode.CONFLICT, _("There is no decision to make known yet."), field="recipient"
        )
    appeal = (
        assessment.appeals.exclude(outcome="").order_by("-decided_on", "-id").first()
        if assessment.status == AssessmentStatus.APPEAL_DECIDED
        else None
    )
    decided_on = appeal.decided_on if appeal is not None else assessment.decided_on
    if decided_on is not None and data.notified_on < decided_on:
        raise ApplicationError(
            ErrorCode.INVALID,
            _("A decision is made known on the day it is taken or later."),
            field="notified_on",
        )
    notice = AgeAssessmentNotice.objects.create(
        assessment=assessment,
        appeal=appeal,
        recipient=data.recipient,
        notified_on=data.notified_on,
        language=data.language,
        means=data.means,
        interpreter=data.interpreter,
        note=data.note,
        recorded_by=actor,
        recorded_at=time.now(),
    )
    _record(
        actor,
        assessment,
        AuditAction.AGE_ASSESSMENT_NOTICE,
        "age_notice_recorded",
        {"recipient": data.recipient, "language": data.language, "means": data.means},
    )
    return notice


@transaction.atomic
def age_assessment_appeal(
    *, actor: User, assessment: AgeAssessment, data: AgeAppealIn
) -> AgeAssessmentAppeal:
    """Record an appeal against the decision in force; until it is decided the person is treated
    as a child (Directive 2011/36/EU Art. 13(2); CETS 197 Art. 10(3))."""
    _require(actor, assessment.child, Capability.AGE_REQUEST)
    assessment = _locked(assessment)
    move = AGE_WORKFLOW.check(assessment, AssessmentStatus.UNDER_APPEAL)
    # Against the decision in force: the first one, or the latest decided on appeal (appeals
    # are read in the order they were lodged, so a later one is not lodged before it).
    latest = assessment.appeals.exclude(decided_on=None).order_by("-decided_on").first()
    in_force_on = latest.decided_on if latest is not None else assessment.decided_on
    if in_force_on is not None and data.lodged_on < in_force_on:
        raise ApplicationError(
            ErrorCode.INVALID,
            _("An appeal is lodged against a decision already taken."),
            field="lodged_on",
        )
    try:
        with transaction.atomic():
            AGE_WORKFLOW.apply(assessment, move)
    except IntegrityError:
        # Another assessment of the child was asked for meanwhile: one stands at a time.
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("An age assessment of this child is under way already."),
            field="lodged_on",
        ) from None
    appeal = AgeAssessmentAppeal.objects.create(
        assessment=assessment,
        lodged_on=data.lodged_on,
        lodged_by=data.lodged_by,
        grounds=data.grounds,
        recorded_by=actor,
        recorded_at=time.now(),
    )
    _deadlines_start(DeadlineCode.AGE_ASSESSMENT_APPEAL, assessment.child)
    _record(actor, assessment, AuditAction.AGE_ASSESSMENT_APPEAL, "age_appealed")
    return appeal


@transaction.atomic
def age_assessment_appeal_decide(
    *, actor: User, assessment: AgeAssessment, data: AgeAppealDecisionIn
) -> AgeAssessmentAppeal:
    """Record the decision on the pending appeal: the range confirmed, or a new range whose lowest
    age becomes the child's recorded age. The first decision stays on the record."""
    _require(actor, assessment.child, Capability.AGE_DECIDE)
    assessment = _locked(assessment)
    move = AGE_WORKFLOW.check(assessment, AssessmentStatus.APPEAL_DECIDED)
    appeal = assessment.appeals.filter(outcome="").order_by("-id").first()
    if appeal is None:  # pragma: no cover  # under appeal always has a pending one
        raise ApplicationError(ErrorCode.CONFLICT, _("No appeal is pending."), field="outcome")
    if data.decided_on < appeal.lodged_on:
        raise ApplicationError(
            ErrorCode.INVALID,
            _("An appeal is decided after it is lodged."),
            field="decided_on",
        )
    changed = data.outcome == AppealOutcome.CHANGED
    AgeAssessmentAppeal.objects.filter(pk=appeal.pk).update(
        outcome=data.outcome,
        min_age=data.min_age if changed else None,
        max_age=data.max_age if changed else None,
        decided_on=data.decided_on,
        authority=data.authority,
        reasons=data.reasons,
        remedy=data.remedy,
        decision_recorded_by=actor,
    )
    AGE_WORKFLOW.apply(assessment, move)
    if changed:
        _benefit_of_the_doubt(actor, assessment, data.decided_on)
    _deadlines_close(DeadlineCode.AGE_ASSESSMENT_APPEAL, actor, assessment.child)
    _record(
        actor,
        assessment,
        AuditAction.AGE_ASSESSMENT_APPEAL_DECIDE,
        "age_appeal_decided",
        {"outcome": data.outcome, "child": treated_as_child(assessment)},
    )
    appeal.refresh_from_db()
    return appeal


@transaction.atomic
def age_assessment_withdraw(
    *, actor: User, assessment: AgeAssessment, data: AgeWithdrawalIn
) -> AgeAssessment:
    """Withdraw an assessment before its decision, when the doubt is gone; the person stays
    treated as a child unless an earlier decision says otherwise."""
    _require(actor, assessment.child, Capability.AGE_REQUEST)
    assessment = _locked(assessment)
    AGE_WORKFLOW.move(
        assessment,
        AssessmentStatus.WITHDRAWN,
        withdrawn_by=actor,
        withdrawn_at=time.now(),
        withdrawal_reason=data.reason,
    )
    _deadlines_close(
        DeadlineCode.AGE_ASSESSMENT, actor, assessment.child, outcome=DeadlineOutcome.CANCELLED
    )
    _record(actor, assessment, AuditAction.AGE_ASSESSMENT_WITHDRAW, "age_withdrawn")
    return assessment
