import uuid

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from kinhaven.accounts.auth import request_user
from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import Team
from kinhaven.accounts.services import capability_require
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_consultation
from kinhaven.cases.models import Case
from kinhaven.children.models import Child
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.core.pagination import page_payload, paginate
from kinhaven.core.schemas import PageOut
from kinhaven.intake.access import access_report_by_id
from kinhaven.intake.enums import Channel
from kinhaven.intake.indicators import INDICATORS
from kinhaven.intake.models import Report
from kinhaven.intake.schemas import (
    CandidateOut,
    ClosureIn,
    ConversionIn,
    IndicatorOut,
    ReportCreateIn,
    ReportDecisionIn,
    ReportFilters,
    ReportOut,
    ReportPatchIn,
    ScreeningIn,
    TriageIn,
)
from kinhaven.intake.selectors import report_duplicate_candidates, report_list_for_user
from kinhaven.intake.services import (
    report_close,
    report_convert,
    report_decide,
    report_screen,
    report_submit,
    report_triage,
    report_update,
)

router = Router(tags=["reports"])


@router.get("/indicators", response=list[IndicatorOut])
def indicator_list(request: HttpRequest) -> list[dict[str, object]]:
    """The ILO indicators of trafficking in children, by dimension and strength."""
    request_user(request)
    return [
        {
            "code": i.code,
            "dimension": i.dimension.value,
            "strength": i.strength.value,
            "lists": sorted(v.value for v in i.lists),
            "label": str(i.label),
        }
        for i in INDICATORS
    ]


@router.post("", response={200: ReportOut, 201: ReportOut})
def report_create(request: HttpRequest, payload: ReportCreateIn) -> Status[Report]:
    """Submit a report from a partner system; the same caller's retry answers 200 with it."""
    user = request_user(request)
    report, created = report_submit(
        channel=Channel.PARTNER, data=payload, actor=user, client_token=payload.client_token
    )
    return Status(201 if created else 200, access_report_by_id(user, report.public_id))


@router.get("", response=PageOut[ReportOut])
def report_list(request: HttpRequest, filters: Query[ReportFilters]) -> dict[str, object]:
    user = request_user(request)
    qs = report_list_for_user(user=user, filters=filters.model_dump())
    payload = page_payload(paginate(qs, page=filters.page, page_size=filters.page_size))
    audit_consultation(actor=user, object_type="report", records=payload["items"])
    return payload


@router.get("/{report_id}", response=ReportOut)
def report_detail(request: HttpRequest, report_id: uuid.UUID) -> Report:
    return access_report_by_id(request_user(request), report_id)


@router.patch("/{report_id}", response=ReportOut)
def report_patch(request: HttpRequest, report_id: uuid.UUID, payload: ReportPatchIn) -> Report:
    """Complete or correct an open report."""
    user = request_user(request)
    report = access_report_by_id(user, report_id, action=AuditAction.REPORT_READ_FOR_UPDATE)
    report_update(actor=user, report=report, changes=payload)
    return access_report_by_id(user, report_id)


@router.post("/{report_id}/triage", response=ReportOut)
def report_triage_create(request: HttpRequest, report_id: uuid.UUID, payload: TriageIn) -> Report:
    user = request_user(request)
    report = access_report_by_id(user, report_id, action=AuditAction.REPORT_READ_FOR_UPDATE)
    team = None
    if payload.team_id is not None:
        team = Team.objects.filter(public_id=payload.team_id, agency_id=report.agency_id).first()
        if team is None:
            raise ApplicationError(ErrorCode.INVALID, _("Unknown team."), field="team_id")
    report_triage(
        actor=user,
        report=report,
        urgency=payload.urgency,
        team=team,
        age_status=payload.age_status or None,
        note=payload.note,
    )
    return access_report_by_id(user, report_id)


@router.post("/{report_id}/screening", response=ReportOut)
def report_screening_create(
    request: HttpRequest, report_id: uuid.UUID, payload: ScreeningIn
) -> Report:
    user = request_user(request)
    report = access_report_by_id(user, report_id, action=AuditAction.REPORT_READ_FOR_UPDATE)
    report_screen(actor=user, report=report, indicators=list(payload.indicators))
    return access_report_by_id(user, report_id)


@router.post("/{report_id}/decision", response=ReportOut)
def report_decision_create(
    request: HttpRequest, report_id: uuid.UUID, payload: ReportDecisionIn
) -> Report:
    user = request_user(request)
    report = access_report_by_id(user, report_id, action=AuditAction.REPORT_READ_FOR_UPDATE)
    report_decide(
        actor=user,
        report=report,
        trafficking_status=payload.trafficking_status,
        body_type=payload.decision_body_type,
        body_name=payload.decision_body_name,
        reasons=payload.decision_reasons,
    )
    return access_report_by_id(user, report_id)


@router.get("/{report_id}/candidates", response=list[CandidateOut])
def report_candidate_list(request: HttpRequest, report_id: uuid.UUID) -> list[Child]:
    """Children of the agency with a similar name and age: possible duplicates."""
    user = request_user(request)
    report = access_report_by_id(user, report_id)
    capability_require(user, Capability.REPORT_TRIAGE)
    capability_require(user, Capability.CASE_OPEN)
    candidates = report_duplicate_candidates(user=user, report=report)
    audit_consultation(actor=user, object_type="child", records=candidates)
    return candidates


@router.post("/{report_id}/conversion", response={201: dict[str, uuid.UUID]})
def report_conversion_create(
    request: HttpRequest, report_id: uuid.UUID, payload: ConversionIn
) -> Status[dict[str, uuid.UUID]]:
    """Open a case from the report; answers the case's and the child's ids."""
    user = request_user(request)
    report = access_report_by_id(user, report_id, action=AuditAction.REPORT_READ_FOR_UPDATE)
    child = None
    if payload.child_id is not None:
        candidates = report_duplicate_candidates(user=user, report=report)
        child = next((c for c in candidates if c.public_id == payload.child_id), None)
        if child is None:
            raise ApplicationError(ErrorCode.INVALID, _("Unknown child."), field="child_id")
    case: Case = report_convert(
        actor=user, report=report, child=child, confirm_new=payload.confirm_new
    )
    return Status(201, {"case_id": case.public_id, "child_id": case.child.public_id})


@router.post("/{report_id}/closure", response=ReportOut)
def report_closure_create(request: HttpRequest, report_id: uuid.UUID, payload: ClosureIn) -> Report:
    user = request_user(request)
    report = access_report_by_id(user, report_id, action=AuditAction.REPORT_READ_FOR_UPDATE)
    report_close(actor=user, report=report, reason=payload.reason)
    return access_report_by_id(user, report_id)
