"""Writes on reports: intake from every channel, triage, screening, decision, conversion."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping
from time import monotonic
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from kinhaven.accounts.enums import Capability, OrganisationType, RoleCode
from kinhaven.accounts.models import Agency, Team, User
from kinhaven.accounts.services import capability_require
from kinhaven.audit.services import audit_record
from kinhaven.cases.enums import CaseEventKind, CaseStatus
from kinhaven.cases.models import Case, CaseEvent
from kinhaven.cases.services import case_open, case_transition
from kinhaven.children import validators
from kinhaven.children.enums import Sex
from kinhaven.children.models import Child
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode, FieldErrors
from kinhaven.core.validation import input_validate
from kinhaven.deadlines.enums import DeadlineCode, DeadlineOutcome
from kinhaven.deadlines.services import deadline_start, deadlines_close
from kinhaven.intake.enums import (
    REASONABLE_GROUNDS,
    REPORT_TRANSITIONS,
    URGENT,
    Accompanied,
    AgeStatus,
    Channel,
    ExploitationType,
    ReportStatus,
    TraffickingStatus,
    Urgency,
)
from kinhaven.intake.indicators import screen, validate_indicators
from kinhaven.intake.models import Report
from kinhaven.intake.selectors import report_duplicate_candidates
from kinhaven.notifications.enums import NotificationKind
from kinhaven.notifications.services import notify

MAX_SHORT = 200
MAX_LOCATION = 300
MAX_LONG = 5000
MAX_LIST = 20

_SHORT = (
    "child_given_name",
    "child_family_name",
    "reporter_name",
    "reporter_contact",
    "reporter_relationship",
)
# What anyone may report, the public included.
PUBLIC_FIELDS = frozenset(
    {
        *_SHORT,
        "what_happened",
        "location",
        "immediate_danger",
        "child_missing",
        "exploitation_types",
        "child_sex",
        "child_age_estimate",
        "child_date_of_birth",
        "child_nationality",
        "child_languages",
        "child_description",
        "accompanied",
    }
)
# Staff may also set the urgency and the age status themselves.
STAFF_FIELDS = frozenset({*PUBLIC_FIELDS, "urgency", "age_status"})


def _text(value: Any, limit: int, *, single_line: bool) -> str:
    text = "" if value is None else value
    if not isinstance(text, str):
        raise ValueError(_("Give text."))
    text = " ".join(text.split()) if single_line else text.strip()
    if len(text) > limit:
        raise ValueError(_("At most %(limit)d characters.") % {"limit": limit})
    return text


def _choice(value: Any, choices: list[str], default: str) -> str:
    if value in (None, ""):
        return default
    if value not in choices:
        raise ValueError(_("Unknown code."))
    return str(value)


def _codes(value: Any, check: Any) -> list[str]:
    if value in (None, ""):
        return []
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ValueError(_("Give a list of codes."))
    if len(value) > MAX_LIST:
        raise ValueError(_("Too many entries."))
    return list(dict.fromkeys(check(v) for v in value))


def _exploitation(code: str) -> str:
    if code not in ExploitationType.values:
        raise ValueError(_("Unknown type of exploitation."))
    return code


def _flag(value: Any) -> bool:
    if value in (None, ""):
        return False
    if not isinstance(value, bool):
        raise ValueError(_("Give true or false."))
    return value


def _clean_value(name: str, value: Any, today: dt.date) -> Any:
    if name in _SHORT:
        return _text(value, MAX_SHORT, single_line=True)
    if name == "location":
        return _text(value, MAX_LOCATION, single_line=True)
    if name in {"what_happened", "child_description"}:
        return _text(value, MAX_LONG, single_line=False)
    if name in {"immediate_danger", "child_missing"}:
        return _flag(value)
    if name == "exploitation_types":
        return _codes(value, _exploitation)
    if name == "child_sex":
        return _choice(value, Sex.values, Sex.UNKNOWN)
    if name == "child_age_estimate":
        if value in (None, ""):
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(_("Give a whole number of years."))
        return validators.validate_age_estimate(value)
    if name == "child_date_of_birth":
        if value in (None, ""):
            return ""
        if not isinstance(value, str):
            raise ValueError(_("Use the form YYYY, YYYY-MM or YYYY-MM-DD."))
        return str(validators.parse_partial_date(value, today=today))
    if name == "child_nationality":
        return validators.validate_country(value) if value else ""
    if name == "child_languages":
        return _codes(value, validators.validate_language)
    if name == "accompanied":
        return _choice(value, Accompanied.values, Accompanied.UNKNOWN)
    if name == "urgency":
        return _choice(value, Urgency.values, "")
    if name == "age_status":
        return _choice(value, AgeStatus.values, AgeStatus.PRESUMED_CHILD)
    raise ValueError(_("Unknown field."))


def report_clean(data: Mapping[str, Any], *, allowed: frozenset[str]) -> dict[str, Any]:
    """Check and normalise report fields; raise FieldErrors naming every bad one."""
    today = time.today()
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for name, value in data.items():
        if name not in allowed:
            errors[name] = _("Unknown field.")
            continue
        try:
            cleaned[name] = _clean_value(name, value, today)
        except ValueError as exc:
            errors[name] = str(exc)
    if errors:
        raise FieldErrors(errors)
    return cleaned


def _derived_urgency(cleaned: Mapping[str, Any]) -> str:
    if cleaned.get("urgency"):
        return str(cleaned["urgency"])
    if cleaned.get("immediate_danger"):
        return Urgency.IMMEDIATE_DANGER
    if cleaned.get("child_missing"):
        return Urgency.MISSING_CHILD
    if cleaned.get("exploitation_types"):
        return Urgency.SUSPECTED_TRAFFICKING
    return Urgency.CONCERN


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
        action="team.duty",
        object_type="team",
        object_id=team.public_id,
        detail={"on_duty": on_duty},
    )
    return team


def _triagers(report: Report) -> list[User]:
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


def _report_path(report: Report) -> str:
    return reverse("intake:detail", args=[report.public_id])


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
    data: Mapping[str, Any],
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
    cleaned = report_clean(data, allowed=allowed)
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
    cleaned["urgency"] = _derived_urgency(cleaned)
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
        notify(
            recipients=_triagers(report),
            kind=NotificationKind.REPORT_ASSIGNED,
            title=_("Urgent report %(ref)s to triage") % {"ref": report.reference},
            path=_report_path(report),
        )
    audit_record(
        actor=actor,
        action="report.create",
        object_type="report",
        object_id=report.public_id,
        detail={"channel": channel.value, "urgency": report.urgency},
    )
    return report


def _require_open(report: Report, field: str) -> None:
    if report.status in {ReportStatus.CONVERTED, ReportStatus.CLOSED}:
        raise ApplicationError(ErrorCode.CONFLICT, _("This report is no longer open."), field=field)


def _move(report: Report, target: ReportStatus, **changes: Any) -> None:
    """Change the report's status by the workflow table, conditionally on the status read."""
    source = report.status
    if target != source and target not in REPORT_TRANSITIONS[source]:
        raise ApplicationError(
            ErrorCode.TRANSITION_NOT_ALLOWED,
            _("A report cannot move from “%(source)s” to “%(target)s”.")
            % {"source": ReportStatus(source).label, "target": target.label},
            field="status",
        )
    moved = Report.objects.filter(pk=report.pk, status=source).update(
        status=target, updated_at=time.now(), **changes
    )
    if not moved:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("The report was changed by someone else; reload and try again."),
            field="status",
        )
    report.refresh_from_db()


def _may_triage(actor: User, report: Report) -> bool:
    return actor.has_capability(Capability.REPORT_TRIAGE) and actor.agency_id == report.agency_id


def _require_agency(actor: User, report: Report, capability: Capability) -> None:
    """Refuse actors without the capability, or from outside the receiving agency."""
    capability_require(actor, capability)
    if actor.agency_id != report.agency_id:
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED, _("This report belongs to another agency.")
        )


@transaction.atomic
def report_update(*, actor: User, report: Report, changes: Mapping[str, Any]) -> Report:
    """Complete or correct an open report: its author, or a triager of its agency."""
    if report.submitted_by_id != actor.pk and not _may_triage(actor, report):
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED, _("Only its author or a triager may change a report.")
        )
    _require_open(report, "status")
    cleaned = report_clean(changes, allowed=STAFF_FIELDS)
    if "what_happened" in cleaned and not cleaned["what_happened"]:
        raise ApplicationError(
            ErrorCode.INVALID, _("Tell us what happened."), field="what_happened"
        )
    if "urgency" in cleaned and not cleaned["urgency"]:
        cleaned.pop("urgency")
    Report.objects.filter(pk=report.pk).update(updated_at=time.now(), **cleaned)
    report.refresh_from_db()
    audit_record(
        actor=actor,
        action="report.update",
        object_type="report",
        object_id=report.public_id,
        detail={"fields": sorted(cleaned)},
    )
    return report


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
    try:
        note = _text(note, MAX_LONG, single_line=False)
    except ValueError as exc:
        raise ApplicationError(ErrorCode.INVALID, str(exc), field="note") from None
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
        action="report.triage",
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
        codes = validate_indicators(_codes(indicators, str))
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
    audit_record(
        actor=actor,
        action="report.screen",
        object_type="report",
        object_id=report.public_id,
        detail={"indicators": codes, "suggestion": result["suggestion"]},
    )
    return report


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
    """Record a person's identification decision, the body that took it and why.

    A decision on reasonable grounds (possible victim) starts the recovery and reflection period
    once the child has a case.
    """
    _require_agency(actor, report, Capability.REPORT_DECIDE)
    if report.status not in {ReportStatus.TRIAGED, ReportStatus.CONVERTED}:
        raise ApplicationError(
            ErrorCode.CONFLICT, _("Triage the report before deciding."), field="trafficking_status"
        )
    errors: dict[str, str] = {}
    if trafficking_status not in TraffickingStatus.values:
        errors["trafficking_status"] = _("Choose a decision.")
    if body_type not in OrganisationType.values:
        errors["decision_body_type"] = _("Choose the type of body that decided.")
    try:
        body_name = _text(body_name, MAX_SHORT, single_line=True)
        if not body_name:
            errors["decision_body_name"] = _("Name the body that decided.")
    except ValueError as exc:
        errors["decision_body_name"] = str(exc)
    try:
        reasons = _text(reasons, MAX_LONG, single_line=False)
        if not reasons:
            errors["decision_reasons"] = _("Give the reasons for the decision.")
    except ValueError as exc:
        errors["decision_reasons"] = str(exc)
    if errors:
        raise FieldErrors(errors)
    now = time.now()
    Report.objects.filter(pk=report.pk).update(
        trafficking_status=trafficking_status,
        decision_body_type=body_type,
        decision_body_name=body_name,
        decision_reasons=reasons,
        decided_by=actor,
        decided_at=now,
        updated_at=now,
    )
    report.refresh_from_db()
    if report.case is not None and trafficking_status in REASONABLE_GROUNDS:
        _start_reflection_period(report, report.case)
    audit_record(
        actor=actor,
        action="report.decide",
        object_type="report",
        object_id=report.public_id,
        detail={"trafficking_status": trafficking_status, "body_type": body_type},
    )
    return report


def _start_reflection_period(report: Report, case: Case) -> None:
    running = case.deadlines.filter(
        code=DeadlineCode.REFLECTION_PERIOD, completed_at__isnull=True
    ).exists()
    if not running and report.decided_at is not None:
        deadline_start(
            code=DeadlineCode.REFLECTION_PERIOD,
            agency=case.agency,
            team=case.team,
            case=case,
            starts_at=report.decided_at,
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
    )
    CaseEvent.objects.create(
        case=case,
        kind=CaseEventKind.REPORT_CONVERTED,
        actor=actor,
        occurred_at=time.now(),
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
    _move(
        report, ReportStatus.CONVERTED, child=child, case=case, converted_by=actor, converted_at=now
    )
    deadlines_close(code=DeadlineCode.CASE_OPEN, actor=actor, report=report)
    if child.guardian_id is None and report.accompanied != Accompanied.ACCOMPANIED:
        deadline_start(
            code=DeadlineCode.GUARDIAN_APPOINTMENT,
            agency=case.agency,
            team=case.team,
            case=case,
            starts_at=now,
        )
    if report.trafficking_status in REASONABLE_GROUNDS:
        _start_reflection_period(report, case)
    deadline_start(
        code=DeadlineCode.CASE_REVIEW, agency=case.agency, team=case.team, case=case, starts_at=now
    )
    audit_record(
        actor=actor,
        action="report.convert",
        object_type="report",
        object_id=report.public_id,
        detail={"case": str(case.public_id), "child": str(child.public_id)},
    )
    return case


@transaction.atomic
def report_close(*, actor: User, report: Report, reason: str) -> Report:
    """Close a report without a case, with the reason; its running deadlines stop."""
    _require_agency(actor, report, Capability.REPORT_TRIAGE)
    try:
        reason = _text(reason, MAX_LONG, single_line=False)
    except ValueError as exc:
        raise ApplicationError(ErrorCode.INVALID, str(exc), field="reason") from None
    if not reason:
        raise ApplicationError(ErrorCode.INVALID, _("Give the reason."), field="reason")
    _move(report, ReportStatus.CLOSED, closed_reason=reason)
    for code in (
        DeadlineCode.REPORT_TRIAGE_URGENT,
        DeadlineCode.REPORT_TRIAGE,
        DeadlineCode.CASE_OPEN,
    ):
        deadlines_close(code=code, actor=actor, report=report, outcome=DeadlineOutcome.CANCELLED)
    audit_record(
        actor=actor, action="report.close", object_type="report", object_id=report.public_id
    )
    return report


@transaction.atomic
def report_reopen(*, actor: User, report: Report) -> Report:
    """Take a closed report back into triage."""
    _require_agency(actor, report, Capability.REPORT_TRIAGE)
    _move(report, ReportStatus.TRIAGED, closed_reason="")
    audit_record(
        actor=actor, action="report.reopen", object_type="report", object_id=report.public_id
    )
    return report
