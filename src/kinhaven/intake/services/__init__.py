"""Writes on reports: intake from every channel (reports), where reports go (routing), and
triage, screening, decision and conversion (decisions)."""

from kinhaven.intake.services.decisions import (
    report_close,
    report_convert,
    report_decide,
    report_reopen,
    report_screen,
    report_triage,
)
from kinhaven.intake.services.reports import report_submit, report_update
from kinhaven.intake.services.routing import (
    intake_routing_forget,
    public_report_agency,
    team_duty_set,
)

__all__ = [
    "intake_routing_forget",
    "public_report_agency",
    "report_close",
    "report_convert",
    "report_decide",
    "report_reopen",
    "report_screen",
    "report_submit",
    "report_triage",
    "report_update",
    "team_duty_set",
]
