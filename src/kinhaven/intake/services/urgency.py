"""The report's urgency kept up with the urgency rules (intake/urgency.py) as its facts change."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy

from kinhaven.accounts.enums import Capability, RoleCode
from kinhaven.accounts.models import User
from kinhaven.core.languages import text_lazy
from kinhaven.deadlines.enums import DeadlineCode
from kinhaven.deadlines.models import Deadline
from kinhaven.deadlines.services import deadline_start
from kinhaven.intake.enums import ReportStatus
from kinhaven.intake.models import Report
from kinhaven.intake.urgency import assess_report, higher
from kinhaven.notifications.enums import NotificationKind
from kinhaven.notifications.services import notify

OPEN = (ReportStatus.RECEIVED, ReportStatus.TRIAGED)


def report_triagers(report: Report) -> list[User]:
    """Who hears of an urgent report: its team's triagers, or else the agency's supervisors."""
    users = User.objects.filter(agency_id=report.agency_id, is_active=True).select_related("role")
    if report.team_id is not None:
        team = [
            u
            for u in users.filter(team_id=report.team_id)
            if u.has_capability(Capability.REPORT_TRIAGE)
        ]
        if team:
            return team
    return list(users.filter(role__code=RoleCode.SUPERVISOR))


def report_path(report: Report) -> str:
    return reverse("intake:detail", args=[report.public_id])


def report_urgent_notify(report: Report) -> None:
    notify(
        recipients=report_triagers(report),
        kind=NotificationKind.REPORT_ASSIGNED,
        title=text_lazy(gettext_lazy("Urgent report %(ref)s to triage"), ref=report.reference),
        path=report_path(report),
    )


def report_urgency_follow(*, report: Report) -> Report:
    """After the report's facts changed (completed, screened): keep what the rules now give and
    raise the urgency to it where it is higher. The rules never lower a grade a person set.

    A report that becomes urgent this way gets the urgent clocks (triage within the hour while
    not yet triaged, a case within a day) and its triagers are told, as if it came in urgent.
    Called inside the caller's transaction, on a report it holds.
    """
    assessment = assess_report(report)
    was_urgent = report.is_urgent
    urgency = report.urgency
    if report.status in OPEN:
        urgency = higher(report.urgency, assessment.grade)
    Report.objects.filter(pk=report.pk).update(urgency=urgency, urgency_basis=assessment.as_data())
    report.urgency, report.urgency_basis = urgency, assessment.as_data()
    if report.is_urgent and not was_urgent:
        started = Deadline.objects.filter(report=report).values_list("code", flat=True)
        codes = [DeadlineCode.CASE_OPEN]
        if report.status == ReportStatus.RECEIVED:
            codes.insert(0, DeadlineCode.REPORT_TRIAGE_URGENT)
        for code in codes:
            if code not in started:
                deadline_start(
                    code=code,
                    agency=report.agency,
                    team=report.team,
                    report=report,
                    starts_at=report.received_at,
                )
        report_urgent_notify(report)
    return report
