"""Retention: which records are due for erasure under their country's rule, the legal holds
that stop it, and the run that erases what is due, leaving an audit entry that says what kind
of record was erased under which rule (never its content)."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_record
from kinhaven.cases.enums import OPEN_STATUSES
from kinhaven.children.age import ADULT_AGE
from kinhaven.children.models import Child
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.intake.enums import ReportStatus
from kinhaven.intake.models import Report
from kinhaven.retention.enums import ANY_COUNTRY, RecordKind
from kinhaven.retention.erasure import erase
from kinhaven.retention.models import LegalHold, RetentionRule

MAJORITY = ADULT_AGE


def _rules(kind: str) -> dict[str, RetentionRule]:
    """The rules for a kind of record, by country (read once per run)."""
    return {r.country: r for r in RetentionRule.objects.filter(kind=kind)}


def rule_for(rules: dict[str, RetentionRule], country: str) -> RetentionRule | None:
    """The country's rule among those read, or the rule for every country."""
    return rules.get(country) or rules.get(ANY_COUNTRY)


def rule_set(
    *,
    kind: str,
    country: str,
    source: str,
    years_after_majority: int | None = None,
    months_after_closure: int | None = None,
) -> RetentionRule:
    """Set (or change) a rule; the period its kind needs is required, and its source."""
    if kind not in RecordKind.values:
        raise ApplicationError(ErrorCode.INVALID, _("Unknown kind of record."), field="kind")
    if kind == RecordKind.CLOSED_CASE and years_after_majority is None:
        raise ApplicationError(
            ErrorCode.INVALID,
            _("Give the years after the child turns 18."),
            field="years_after_majority",
        )
    if kind == RecordKind.REPORT_WITHOUT_CASE and months_after_closure is None:
        raise ApplicationError(
            ErrorCode.INVALID, _("Give the months after closure."), field="months_after_closure"
        )
    if not source.strip():
        raise ApplicationError(
            ErrorCode.INVALID, _("Say where the period comes from."), field="source"
        )
    rule, _new = RetentionRule.objects.update_or_create(
        country=country.upper(),
        kind=kind,
        defaults={
            "years_after_majority": years_after_majority,
            "months_after_closure": months_after_closure,
            "source": source.strip(),
        },
    )
    audit_record(
        actor=None,
        action=AuditAction.RETENTION_RULE_SET,
        object_type="retention_rule",
        object_id=rule.public_id,
        detail={
            "kind": kind,
            "country": rule.country,
            "years_after_majority": years_after_majority,
            "months_after_closure": months_after_closure,
        },
    )
    return rule


def plus_months(day: dt.date, months: int) -> dt.date:
    """The same day so many months later (the month's last day where it is shorter)."""
    years, month = divmod(day.month - 1 + months, 12)
    year = day.year + years
    return day.replace(
        year=year, month=month + 1, day=min(day.day, calendar.monthrange(year, month + 1)[1])
    )


def majority_on(child: Child) -> dt.date | None:
    """When the child turns (or turned) 18, at the latest the record allows: from the date of
    birth as far as known (an unknown month or day counts as the last), else from an age
    estimate; None when neither is known. No one is erased early."""
    if child.birth_year is not None:
        month = child.birth_month or 12
        day = child.birth_day or calendar.monthrange(child.birth_year, month)[1]
        return plus_months(dt.date(child.birth_year, month, day), 12 * MAJORITY)
    if child.age_estimate_years is not None and child.age_estimated_on is not None:
        return plus_months(child.age_estimated_on, 12 * (MAJORITY - child.age_estimate_years))
    return None


def _held(*, child: Child | None = None, report: Report | None = None) -> bool:
    holds = LegalHold.objects.filter(lifted_at__isnull=True)
    if child is not None:
        return holds.filter(Q(child=child) | Q(report__child=child)).exists()
    return holds.filter(report=report).exists()


@dataclass(frozen=True)
class Due:
    kind: str
    record: Child | Report
    rule: RetentionRule
    due_on: dt.date


def children_due(today: dt.date) -> list[Due]:
    """Children's files whose cases are all closed and whose rule's time has come."""
    closed = (
        Child.objects.filter(cases__isnull=False, merged_into__isnull=True)
        .exclude(cases__status__in=OPEN_STATUSES)
        .annotate(last_closed=Max("cases__closed_at"))
        .select_related("agency")
        .distinct()
    )
    due = []
    rules = _rules(RecordKind.CLOSED_CASE)
    for child in closed:
        rule = rule_for(rules, child.agency.country)
        majority = majority_on(child)
        if rule is None or rule.years_after_majority is None or majority is None:
            continue
        keep_until = plus_months(majority, 12 * rule.years_after_majority)
        last = child.last_closed.date() if child.last_closed else today
        when = max(keep_until, last)
        if when <= today and not _held(child=child):
            due.append(Due(RecordKind.CLOSED_CASE, child, rule, when))
    return due


def reports_due(today: dt.date) -> list[Due]:
    """Reports closed without a case (and without a child) whose rule's time has come."""
    due = []
    reports = Report.objects.filter(
        status=ReportStatus.CLOSED, case__isnull=True, child__isnull=True
    ).select_related("agency")
    rules = _rules(RecordKind.REPORT_WITHOUT_CASE)
    for report in reports:
        rule = rule_for(rules, report.agency.country)
        if rule is None or rule.months_after_closure is None:
            continue
        when = plus_months(report.updated_at.date(), rule.months_after_closure)
        if when <= today and not _held(report=report):
            due.append(Due(RecordKind.REPORT_WITHOUT_CASE, report, rule, when))
    return due


def retention_due(today: dt.date | None = None) -> list[Due]:
    today = today or time.today()
    return children_due(today) + reports_due(today)


def retention_run(*, dry_run: bool = False, today: dt.date | None = None) -> list[Due]:
    """Erase every record that is due (each in its own transaction), with one audit entry per
    record: the kind, the rule and what was removed, by count. Returns what was (or, dry, would
    be) erased."""
    due = retention_due(today)
    if dry_run:
        return due
    for item in due:
        with transaction.atomic():
            object_type = "child" if item.kind == RecordKind.CLOSED_CASE else "report"
            public_id = item.record.public_id
            counts = erase(item.record)
            audit_record(
                actor=None,
                action=AuditAction.RETENTION_ERASE,
                object_type=object_type,
                object_id=public_id,
                detail={
                    "kind": item.kind,
                    "rule": str(item.rule.public_id),
                    "country": item.rule.country,
                    "due_on": item.due_on.isoformat(),
                    "removed": counts,
                },
                purpose="storage_limitation",
            )
    return due


def hold_place(
    *, child: Child | None = None, report: Report | None = None, reason: str
) -> LegalHold:
    """Stop the erasure of a child's file or of a report while the hold stands."""
    if (child is None) == (report is None):
        raise ApplicationError(
            ErrorCode.INVALID, _("Hold a child's file or a report."), field="record"
        )
    if not reason.strip():
        raise ApplicationError(
            ErrorCode.INVALID, _("Give the reason for the hold."), field="reason"
        )
    hold = LegalHold.objects.create(child=child, report=report, reason=reason.strip())
    audit_record(
        actor=None,
        action=AuditAction.RETENTION_HOLD,
        object_type="child" if child is not None else "report",
        object_id=(child or report).public_id,  # type: ignore[union-attr]
        detail={"hold": str(hold.public_id)},
    )
    return hold


def hold_lift(hold: LegalHold) -> LegalHold:
    """Lift a hold: the record's rule applies again."""
    if hold.lifted_at is not None:
        raise ApplicationError(ErrorCode.CONFLICT, _("This hold is lifted already."), field="hold")
    hold.lifted_at = time.now()
    hold.save(update_fields=["lifted_at", "updated_at"])
    audit_record(
        actor=None,
        action=AuditAction.RETENTION_HOLD_LIFT,
        object_type="legal_hold",
        object_id=hold.public_id,
        detail={},
    )
    return hold
