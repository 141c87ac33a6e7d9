"""Writes that take reports in from every channel, and complete them later."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import Agency, User
from kinhaven.accounts.services import capability_require
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_record
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode, FieldErrors
from kinhaven.core.validation import input_given
from kinhaven.deadlines.enums import DeadlineCode
from kinhaven.deadlines.services import deadline_start
from kinhaven.intake.enums import URGENT, Channel, Urgency
from kinhaven.intake.models import Report
from kinhaven.intake.schemas import PublicReportIn, ReportIn
from kinhaven.intake.services.decisions import _age_status_check, _may_triage, _require_open
from kinhaven.intake.services.routing import _on_duty_team_id, public_report_agency
from kinhaven.intake.services.urgency import report_urgency_follow, report_urgent_notify
from kinhaven.intake.urgency import assess, facts_of, higher

# What anyone may report, the public included.
PUBLIC_FIELDS = frozenset(PublicReportIn.model_fields)
# Staff may also set the urgency and the age status themselves.
STAFF_FIELDS = frozenset(ReportIn.model_fields)


def _report_fields(data: PublicReportIn, allowed: frozenset[str]) -> dict[str, Any]:
    """The report's fields given; one the channel may not set is refused as unknown."""
    given = {name: value for name, value in input_given(data).items() if name in STAFF_FIELDS}
    refused = sorted(set(given) - allowed)
    if refused:
        raise FieldErrors(dict.fromkeys(refused, _("Unknown field.")))
    return given


def _start_intake_deadlines(report: Report) -> None:
    urgent = report.urgency in URGENT
    deadline_start(
        code=DeadlineCode.REPORT_TRIAGE_URGENT if urgent else DeadlineCode.REPORT_TRIAGE,
        agency=report.agency,
        team=report.team,
        report=report,
        starts_at=report.received_at,
    )
    if urgent:
        deadline_start(
            code=DeadlineCode.CASE_OPEN,
            agency=report.agency,
            team=report.team,
            report=report,
            starts_at=report.received_at,
        )


def report_submit(
    *,
    channel: Channel,
    data: PublicReportIn,
    actor: User | None = None,
    client_token: uuid.UUID | None = None,
) -> tuple[Report, bool]:
    """Take a report from any channel into the triage queue; return it and whether it is new.

    A retried submission with the same client token returns the first report, unchanged.
    Tokens are the submitter's own (the public page's are one scope of their own): a token
    someone else used makes a new report, exactly as a fresh one would, so that it never
    tells whether another caller's report exists.
    """
    if channel == Channel.PUBLIC:
        allowed, agency = PUBLIC_FIELDS, public_report_agency()
    else:
        if actor is None:
            raise ApplicationError(ErrorCode.PERMISSION_DENIED, _("Sign in to take reports."))
        capability_require(actor, Capability.REPORT_SUBMIT)
        if actor.agency is None:
            raise ApplicationError(ErrorCode.PERMISSION_DENIED, _("You belong to no agency."))
        allowed, agency = STAFF_FIELDS, actor.agency
    cleaned = _report_fields(data, allowed)
    if actor is not None:
        _age_status_check(actor, cleaned.get("age_status"))
    if not cleaned.get("what_happened"):
        raise ApplicationError(
            ErrorCode.INVALID, _("Tell us what happened."), field="what_happened"
        )
    # A resent token meets the unique constraint of its submitter; the first report is the
    # answer, and the submitter may always see it (report_visibility_q).
    team_id = _on_duty_team_id(agency)
    try:
        with transaction.atomic():
            report = _report_create(channel, agency, team_id, actor, client_token, cleaned)
    except IntegrityError:
        existing = (
            None
            if client_token is None
            else Report.objects.filter(client_token=client_token, submitted_by=actor).first()
        )
        if existing is None:
            raise
        return existing, False
    return report, True


def _report_create(
    channel: Channel,
    agency: Agency,
    team_id: int | None,
    actor: User | None,
    client_token: uuid.UUID | None,
    cleaned: dict[str, Any],
) -> Report:
    # The rules give the grade; a grade staff chose is kept where it is higher.
    assessment = assess(facts_of(cleaned, on=time.today()))
    cleaned["urgency"] = higher(cleaned.get("urgency") or Urgency.CONCERN, assessment.grade)
    cleaned["urgency_basis"] = assessment.as_data()
    report = Report.objects.create(
        channel=channel,
        agency=agency,
        team_id=team_id,
        submitted_by=actor,
        client_token=client_token,
        received_at=time.now(),
        **cleaned,
    )
    _start_intake_deadlines(report)
    if report.is_urgent:
        report_urgent_notify(report)
    audit_record(
        actor=actor,
        action=AuditAction.REPORT_CREATE,
        object_type="report",
        object_id=report.public_id,
        detail={
            "channel": channel.value,
            "urgency": report.urgency,
            "urgency_rules": report.urgency_basis["rules"],
        },
    )
    return report


@transaction.atomic
def report_update(*, actor: User, report: Report, changes: ReportIn) -> Report:
    """Complete or correct an open report: its author, or a triager of its agency."""
    if report.submitted_by_id != actor.pk and not _may_triage(actor, report):
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED, _("Only its author or a triager may change a report.")
        )
    _require_open(report, "status")
    cleaned = _report_fields(changes, STAFF_FIELDS)
    _age_status_check(actor, cleaned.get("age_status"), report.age_status)
    if "what_happened" in cleaned and not cleaned["what_happened"]:
        raise ApplicationError(
            ErrorCode.INVALID, _("Tell us what happened."), field="what_happened"
        )
    if "urgency" in cleaned and not cleaned["urgency"]:
        cleaned.pop("urgency")
    Report.objects.filter(pk=report.pk).update(updated_at=time.now(), **cleaned)
    report.refresh_from_db()
    # What was completed may be what makes the report urgent (the child's age, being alone).
    report_urgency_follow(report=report)
    audit_record(
        actor=actor,
        action=AuditAction.REPORT_UPDATE,
        object_type="report",
        object_id=report.public_id,
        detail={
            "fields": sorted(cleaned),
            "urgency": report.urgency,
            "urgency_rules": report.urgency_basis["rules"],
        },
    )
    return report
