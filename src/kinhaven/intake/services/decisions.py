"""Writes that decide on a report: triage, indicator screening, the identification decision,
opening a case from it, closing and reopening it.

Each write takes the values of its input model (intake.schemas: TriageIn, ScreeningIn,
ReportDecisionIn, ConversionIn, ClosureIn), which checks their types and limits for the API and
the web forms alike; the rules of the report are checked here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import Team, User
from kinhaven.accounts.services import capability_require
from kinhaven.ages.services import age_capability_require
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_record
from kinhaven.cases.enums import CaseStatus
from kinhaven.cases.models import Case
from kinhaven.cases.services import case_open, case_transition
from kinhaven.children.models import Child
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode, FieldErrors
from kinhaven.core.validation import input_validate
from kinhaven.deadlines.enums import DeadlineCode, DeadlineOutcome
from kinhaven.deadlines.services import deadline_start, deadlines_close
from kinhaven.identification.enums import (
    REASONABLE_GROUNDS,
    DecisionMakingOrg,
    EvidenceKind,
    Stage,
    TraffickingStatus,
)
from kinhaven.identification.models import IdentificationDecision
from kinhaven.identification.schemas import IdentificationDecisionIn
from kinhaven.identification.selectors import child_identification_status
from kinhaven.identification.services import (
    identification_decide,
    identification_decide_require,
    identification_record_taken,
)
from kinhaven.intake.enums import (
    REPORT_WORKFLOW,
    Accompanied,
    AgeStatus,
    ReportStatus,
    Urgency,
)
from kinhaven.intake.indicators import screen, validate_indicators
from kinhaven.intake.models import Report
from kinhaven.intake.selectors import report_duplicate_candidates
from kinhaven.intake.services.urgency import report_urgency_follow
from kinhaven.timeline.enums import CaseEventKind
from kinhaven.timeline.services import timeline_record


def _require_open(report: Report, field: str) -> None:
    if report.status in {ReportStatus.CONVERTED, ReportStatus.CLOSED}:
        raise ApplicationError(ErrorCode.CONFLICT, _("This report is no longer open."), field=field)


def _move(report: Report, target: ReportStatus, **changes: Any) -> None:
    """Change the report's status by the workflow table, conditionally on the status read."""
    REPORT_WORKFLOW.move(report, target, **changes)


def _may_triage(actor: User, report: Report) -> bool:
    return actor.has_capability(Capability.REPORT_TRIAGE) and actor.agency_id == report.agency_id


def _age_status_check(actor: User, age_status: str | None, current: str | None = None) -> None:
    """Only a role that decides on age sets "adult, by age assessment": it ends the presumption
    of minority and bars a child's file, so it is an age decision (ages; docs/age-assessment.md).
    The other values keep the presumption and are any triager's."""
    if age_status == AgeStatus.ASSESSED_ADULT and current != AgeStatus.ASSESSED_ADULT:
        age_capability_require(actor, Capability.AGE_DECIDE, field="age_status")


def _require_agency(actor: User, report: Report, capability: Capability) -> None:
    """Refuse actors without the capability, or from outside the receiving agency."""
    capability_require(actor, capability)
    if actor.agency_id != report.agency_id:
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED, _("This report belongs to another agency.")
        )


@transaction.atomic
def report_triage(
    *,
    actor: User,
    report: Report,
    urgency: str,
    team: Team | None = None,
    age_status: str | None = None,
    note: str = "",
) -> Report:
    """Set the urgency, the team and the age status of a report; it leaves the new queue."""
    _require_agency(actor, report, Capability.REPORT_TRIAGE)
    _require_open(report, "urgency")
    if urgency not in Urgency.values:
        raise ApplicationError(ErrorCode.INVALID, _("Choose an urgency."), field="urgency")
    if team is not None and team.agency_id != report.agency_id:
        raise ApplicationError(ErrorCode.INVALID, _("Choose a team of this agency."), field="team")
    if age_status is not None and age_status not in AgeStatus.values:
        raise ApplicationError(ErrorCode.INVALID, _("Unknown code."), field="age_status")
    _age_status_check(actor, age_status, report.age_status)
    was_urgent = report.is_urgent
    _move(
        report,
        ReportStatus.TRIAGED,
        urgency=urgency,
        team=team if team is not None else report.team,
        age_status=age_status or report.age_status,
        triage_note=note,
        triaged_by=actor,
        triaged_at=time.now(),
    )
    for code in (DeadlineCode.REPORT_TRIAGE_URGENT, DeadlineCode.REPORT_TRIAGE):
        deadlines_close(code=code, actor=actor, report=report)
    if report.is_urgent and not was_urgent:
        deadline_start(
            code=DeadlineCode.CASE_OPEN,
            agency=report.agency,
            team=report.team,
            report=report,
            starts_at=report.received_at,
        )
    audit_record(
        actor=actor,
        action=AuditAction.REPORT_TRIAGE,
        object_type="report",
        object_id=report.public_id,
        detail={"urgency": urgency, "age_status": report.age_status},
    )
    return report


@transaction.atomic
def report_screen(*, actor: User, report: Report, indicators: list[str]) -> Report:
    """Record the ILO indicators found and what their combination suggests."""
    _require_agency(actor, report, Capability.REPORT_TRIAGE)
    if report.status == ReportStatus.CLOSED:
        _require_open(report, "indicators")
    try:
        codes = validate_indicators(indicators)
    except ValueError as exc:
        raise ApplicationError(ErrorCode.INVALID, str(exc), field="indicators") from None
    result = screen(codes, child=report.presumed_child)
    Report.objects.filter(pk=report.pk).update(
        indicators=codes,
        screening=result,
        screened_by=actor,
        screened_at=time.now(),
        updated_at=time.now(),
    )
    report.refresh_from_db()
    # Indicators found are a rule of urgency: the grade rises to what the rules now give.
    report_urgency_follow(report=report)
    audit_record(
        actor=actor,
        action=AuditAction.REPORT_SCREEN,
        object_type="report",
        object_id=report.public_id,
        detail={
            "indicators": codes,
            "suggestion": result["suggestion"],
            "urgency": report.urgency,
        },
    )
    return report


def _decision_input(
    actor: User, report: Report, *, stage: str, decided_on: dt.date
) -> IdentificationDecisionIn:
    """The report's decision as a decision on the child's identification: the evidence is the
    report (its reference) and its screening."""
    return input_validate(
        IdentificationDecisionIn,
        {
            "stage": stage,
            "outcome": report.trafficking_status,
            "organisation": report.decision_body_type,
            "authority": report.decision_body_name,
            "person_name": actor.get_full_name() or actor.username,
            "person_role": actor.role.name if actor.role else actor.role_code,
            "decided_on": decided_on,
            "reasons": report.decision_reasons,
            "evidence": report.reference,
            "evidence_kinds": [EvidenceKind.REPORT],
        },
    )


def _stage_of(report: Report, child: Child) -> str:
    """The stage a report's decision takes on the child's record: a victim or not, after
    reasonable grounds, is conclusive; reasonable grounds or none, preliminary."""
    if report.trafficking_status == TraffickingStatus.ACTUAL_VICTIM:
        return Stage.CONCLUSIVE
    if report.trafficking_status == TraffickingStatus.NOT_A_VICTIM:
        if child_identification_status(child).conclusive_pending:
            return Stage.CONCLUSIVE
    return Stage.PRELIMINARY


@transaction.atomic
def report_decide(
    *,
    actor: User,
    report: Report,
    trafficking_status: str,
    body_type: str,
    body_name: str,
    reasons: str,
) -> Report:
    """Record a person's identification decision on a report, the body that took it and why.

    Before the report opens a case, the decision waits on the report: one decision, on
    reasonable grounds or none (a conclusive decision needs the child's record); opening the
    case puts it on the child's identification. On a report that opened a case, the decision
    goes on the child's identification at once (identification_decide), as the conclusive
    decision where reasonable grounds are in force. Either way a decision on reasonable
    grounds starts the recovery and reflection period on the case.
    """
    _require_agency(actor, report, Capability.REPORT_DECIDE)
    # The report alone is locked (PostgreSQL locks no row of the outer join to the child).
    report = (
        Report.objects.select_for_update(of=("self",))
        .select_related("agency", "child")
        .get(pk=report.pk)
    )
    if report.status not in {ReportStatus.TRIAGED, ReportStatus.CONVERTED}:
        raise ApplicationError(
            ErrorCode.CONFLICT, _("Triage the report before deciding."), field="trafficking_status"
        )
    errors: dict[str, str] = {}
    if trafficking_status not in TraffickingStatus.values:
        errors["trafficking_status"] = _("Choose a decision.")
    if body_type not in DecisionMakingOrg.values:
        errors["decision_body_type"] = _("Choose the type of body that decided.")
    if not body_name.strip():
        errors["decision_body_name"] = _("Name the body that decided.")
    if not reasons.strip():
        errors["decision_reasons"] = _("Give the reasons for the decision.")
    if errors:
        raise FieldErrors(errors)
    child = report.child
    if child is None:
        if trafficking_status == TraffickingStatus.ACTUAL_VICTIM:
            raise ApplicationError(
                ErrorCode.INVALID,
                _(
                    "A conclusive decision follows a preliminary one on the child's record: "
                    "open a case from the report first."
                ),
                field="trafficking_status",
            )
        if report.decided_at is not None:
            raise ApplicationError(
                ErrorCode.CONFLICT,
                _(
                    "This report has a decision already; decisions are never changed. Open a "
                    "case from it and record a review on the child's identification."
                ),
                field="trafficking_status",
            )
        identification_decide_require(
            actor=actor, stage=Stage.PRELIMINARY, country=report.agency.country
        )
    now = time.now()
    report.trafficking_status = trafficking_status
    report.decision_body_type = body_type
    report.decision_body_name = body_name
    report.decision_reasons = reasons
    report.decided_by = actor
    report.decided_at = now
    decision: IdentificationDecision | None = None
    if child is not None:
        data = _decision_input(
            actor, report, stage=_stage_of(report, child), decided_on=time.today()
        )
        decision = identification_decide(actor=actor, child=child, data=data)
    Report.objects.filter(pk=report.pk).update(
        trafficking_status=trafficking_status,
        decision_body_type=body_type,
        decision_body_name=body_name,
        decision_reasons=reasons,
        decided_by=actor,
        decided_at=now,
        identification_decision=decision or report.identification_decision,
        updated_at=now,
    )
    report.refresh_from_db()
    audit_record(
        actor=actor,
        action=AuditAction.REPORT_DECIDE,
        object_type="report",
        object_id=report.public_id,
        detail={
            "trafficking_status": trafficking_status,
            "body_type": body_type,
            "identification_decision": str(decision.public_id) if decision else None,
        },
    )
    return report


def _record_report_decision(report: Report, child: Child) -> IdentificationDecision | None:
    """Put the decision waiting on a report on the child's identification, as it was taken."""
    if not report.trafficking_status or report.decided_at is None:
        return None
    decider = report.decided_by
    if decider is None:  # pragma: no cover - a decision always names who took it
        return None
    data = _decision_input(
        decider,
        report,
        stage=Stage.PRELIMINARY,
        decided_on=timezone.localdate(report.decided_at),
    )
    return identification_record_taken(
        child=child, data=data, recorded_by=decider, decided_at=report.decided_at
    )


def _child_data(report: Report) -> dict[str, Any]:
    data: dict[str, Any] = {
        "given_name": report.child_given_name,
        "family_name": report.child_family_name,
        "sex": report.child_sex,
        "nationality": report.child_nationality,
        "languages": report.child_languages,
        "date_of_birth": report.child_date_of_birth,
        "current_location": report.location,
    }
    if report.child_age_estimate is not None:
        data["age_estimate_years"] = report.child_age_estimate
        data["age_estimated_on"] = report.received_at.date()
    return data


@transaction.atomic
def report_convert(
    *, actor: User, report: Report, child: Child | None = None, confirm_new: bool = False
) -> Case:
    """Open a case from a triaged report, for an existing child or a newly registered one.

    Children of the agency with a similar name and year of birth are offered first, so that one
    child does not get two files; a new record needs `confirm_new` when there are any.
    """
    _require_agency(actor, report, Capability.REPORT_TRIAGE)
    capability_require(actor, Capability.CASE_OPEN)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.TRIAGED:
        raise ApplicationError(
            ErrorCode.CONFLICT, _("Only a triaged report can become a case."), field="status"
        )
    if not report.presumed_child:
        raise ApplicationError(
            ErrorCode.INVALID,
            _("An age assessment found this person to be an adult: refer to adult services."),
            field="age_status",
        )
    candidates = report_duplicate_candidates(user=actor, report=report)
    if child is not None and child.pk not in {c.pk for c in candidates}:
        raise ApplicationError(ErrorCode.INVALID, _("Unknown child."), field="child_id")
    if child is None and candidates and not confirm_new:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _(
                "Children with a similar name and age are registered: choose one, or confirm "
                "that this is a different child."
            ),
            field="child_id",
        )
    if child is None:
        child = child_register(actor=actor, data=input_validate(ChildIn, _child_data(report)))
    case = case_open(
        actor=actor,
        child=child,
        summary=_("Opened from report %(ref)s.") % {"ref": report.reference},
        accompanied=report.accompanied == Accompanied.ACCOMPANIED,
    )
    timeline_record(
        case=case,
        kind=CaseEventKind.REPORT_CONVERTED,
        actor=actor,
        data={"report": report.reference},
    )
    case = case_transition(actor=actor, case=case, to=CaseStatus.ASSESSMENT)
    if report.trafficking_status in REASONABLE_GROUNDS:
        case = case_transition(
            actor=actor,
            case=case,
            to=CaseStatus.POSSIBLE_VICTIM,
            reason=_("Identification decision on report %(ref)s.") % {"ref": report.reference},
        )
    now = time.now()
    decision = _record_report_decision(report, child)
    _move(
        report,
        ReportStatus.CONVERTED,
        child=child,
        case=case,
        converted_by=actor,
        converted_at=now,
        identification_decision=decision,
    )
    deadlines_close(code=DeadlineCode.CASE_OPEN, actor=actor, report=report)
    audit_record(
        actor=actor,
        action=AuditAction.REPORT_CONVERT,
        object_type="report",
        object_id=report.public_id,
        detail={"case": str(case.public_id), "child": str(child.public_id)},
    )
    return case


@transaction.atomic
def report_close(*, actor: User, report: Report, reason: str) -> Report:
    """Close a report without a case, with the reason; its running deadlines stop."""
    _require_agency(actor, report, Capability.REPORT_TRIAGE)
    if not reason.strip():
        raise ApplicationError(ErrorCode.INVALID, _("Give the reason."), field="reason")
    _move(report, ReportStatus.CLOSED, closed_reason=reason)
    for code in (
        DeadlineCode.REPORT_TRIAGE_URGENT,
        DeadlineCode.REPORT_TRIAGE,
        DeadlineCode.CASE_OPEN,
    ):
        deadlines_close(code=code, actor=actor, report=report, outcome=DeadlineOutcome.CANCELLED)
    audit_record(
        actor=actor,
        action=AuditAction.REPORT_CLOSE,
        object_type="report",
        object_id=report.public_id,
    )
    return report


@transaction.atomic
def report_reopen(*, actor: User, report: Report) -> Report:
    """Take a closed report back into triage."""
    _require_agency(actor, report, Capability.REPORT_TRIAGE)
    _move(report, ReportStatus.TRIAGED, closed_reason="")
    audit_record(
        actor=actor,
        action=AuditAction.REPORT_REOPEN,
        object_type="report",
        object_id=report.public_id,
    )
    return report
