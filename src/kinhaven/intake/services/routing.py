"""Writes and reads of intake routing: which agency takes public reports, which team is on duty."""

from __future__ import annotations

from collections.abc import Callable
from time import monotonic
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import Agency, Team, User
from kinhaven.accounts.services import capability_require
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_record
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.intake.enums import ReportStatus

# Intake routing (which agency takes public reports, which teams are on duty) changes rarely;
# each process reads it again after this many seconds, or at once after a change it made.
ROUTING_CACHE_SECONDS = 5
_routing: dict[tuple[str, int], tuple[float, Any]] = {}


def _routing_cached(key: tuple[str, int], load: Callable[[], Any]) -> Any:
    hit = _routing.get(key)
    now = monotonic()
    if hit is not None and now - hit[0] < ROUTING_CACHE_SECONDS:
        return hit[1]
    value = load()
    _routing[key] = (now, value)
    return value


def intake_routing_forget() -> None:
    """Make this process read the intake routing again on next use."""
    _routing.clear()


def public_report_agency() -> Agency:
    """The agency that triages reports from the public page."""
    agency: Agency | None = _routing_cached(
        ("public", 0),
        lambda: Agency.objects.filter(receives_public_reports=True).order_by("pk").first(),
    )
    if agency is None:
        raise ApplicationError(
            ErrorCode.UNAVAILABLE,
            _("Online reporting is not available yet. Please call the national hotline."),
        )
    return agency


def _on_duty_team_id(agency: Agency) -> int | None:
    """The agency's on-duty team; of several, the one with the fewest open reports."""
    on_duty: list[int] = _routing_cached(
        ("duty", agency.pk),
        lambda: list(Team.objects.filter(agency=agency, on_duty=True).values_list("pk", flat=True)),
    )
    if len(on_duty) < 2:
        return on_duty[0] if on_duty else None
    open_reports = Count(
        "reports", filter=Q(reports__status__in=[ReportStatus.RECEIVED, ReportStatus.TRIAGED])
    )
    least: int | None = (
        Team.objects.filter(pk__in=on_duty)
        .annotate(load=open_reports)
        .order_by("load", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    return least


@transaction.atomic
def team_duty_set(*, actor: User, team: Team, on_duty: bool) -> Team:
    """Put a team of the actor's agency on duty for new reports, or take it off."""
    capability_require(actor, Capability.DUTY_MANAGE)
    if team.agency_id != actor.agency_id:
        raise ApplicationError(ErrorCode.NOT_FOUND, _("Team not found."), field="team")
    Team.objects.filter(pk=team.pk).update(on_duty=on_duty)
    team.refresh_from_db()
    intake_routing_forget()
    audit_record(
        actor=actor,
        action=AuditAction.TEAM_DUTY,
        object_type="team",
        object_id=team.public_id,
        detail={"on_duty": on_duty},
    )
    return team
