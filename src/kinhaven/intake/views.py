"""Intake pages: the public reporting page, staff report forms, the triage queue and a report."""

from __future__ import annotations

import hashlib
import hmac
import logging
import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from kinhaven.accounts.auth import web_user
from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import Team, User
from kinhaven.accounts.services import capability_require
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_consultation
from kinhaven.core.addresses import client_address
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.core.forms import form_add_errors, form_status, request_page
from kinhaven.core.languages import public_languages
from kinhaven.core.pagination import paginate
from kinhaven.core.responses import error_response
from kinhaven.deadlines.enums import MANUAL, MINIMUM_PERIODS
from kinhaven.deadlines.selectors import deadline_rows, deadlines_on
from kinhaven.identification.enums import decider_for_organisation_type
from kinhaven.intake.access import access_report_by_id
from kinhaven.intake.enums import REPORT_TRANSITIONS, Channel, ReportStatus
from kinhaven.intake.forms import (
    CloseForm,
    ConvertForm,
    DecisionForm,
    FrontlineReportForm,
    HotlineReportForm,
    PublicReportForm,
    ReportEditForm,
    ReportFilterForm,
    ReportForm,
    ScreeningForm,
    TriageForm,
)
from kinhaven.intake.indicators import BY_CODE, Dimension, Suggestion
from kinhaven.intake.models import Report
from kinhaven.intake.selectors import report_duplicate_candidates, report_list_for_user
from kinhaven.intake.services import (
    public_report_agency,
    report_close,
    report_convert,
    report_decide,
    report_screen,
    report_submit,
    report_triage,
    report_update,
    team_duty_set,
)
from kinhaven.intake.urgency import assess_report

logger = logging.getLogger(__name__)


def _address_key(group: str, request: HttpRequest) -> str:
    """A keyed hash of the client's address: the rate limit counts it, nothing stores it."""
    address = client_address(request)
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def _public_page(request: HttpRequest, form: PublicReportForm, status: int = 200) -> HttpResponse:
    context = {"form": form, "emergency_number": settings.KINHAVEN_EMERGENCY_NUMBER}
    return render(request, "intake/public.html", context, status=status)


@public_languages
@require_http_methods(["GET", "POST"])
def public_report(request: HttpRequest) -> HttpResponse:
    """Report a child at risk without signing in; no personal data of the reporter is needed."""
    if request.method == "GET":
        try:
            public_report_agency()
        except ApplicationError as exc:
            return error_response(request, exc.code, exc.message)
        return _public_page(request, PublicReportForm(initial={"client_token": uuid.uuid4()}))
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > settings.KINHAVEN_PUBLIC_REPORT_MAX_BYTES:
        message = _("The report is too long (at most %(size)d bytes).") % {
            "size": settings.KINHAVEN_PUBLIC_REPORT_MAX_BYTES
        }
        return error_response(request, ErrorCode.TOO_LARGE, message)
    limited = is_ratelimited(
        request,
        group="public-report",
        key=_address_key,
        rate=settings.KINHAVEN_PUBLIC_REPORT_RATE,
        method="POST",
        increment=True,
    )
    if limited:
        message = _(
            "Too many reports from your connection in a short time. Please wait a while, or "
            "call the national hotline or the police if a child is in danger now."
        )
        return error_response(request, ErrorCode.RATE_LIMITED, message)
    form = PublicReportForm(request.POST)
    if not form.is_valid():
        return _public_page(request, form, status=form_status(form))
    if form.cleaned_data["website"]:
        # A robot filled the hidden field: thank it like anyone, keep nothing.
        logger.debug("public report refused by the honeypot")
        return render(
            request,
            "intake/thanks.html",
            {"reference": None, "emergency_number": settings.KINHAVEN_EMERGENCY_NUMBER},
        )
    try:
        report, _created = report_submit(
            channel=Channel.PUBLIC,
            data=form.input,
            client_token=form.cleaned_data["client_token"],
        )
    except ApplicationError as exc:
        if exc.code == ErrorCode.UNAVAILABLE:
            return error_response(request, exc.code, exc.message)
        form_add_errors(form, exc)
        return _public_page(request, form, status=form_status(form))
    return render(
        request,
        "intake/thanks.html",
        {"reference": report.reference, "emergency_number": settings.KINHAVEN_EMERGENCY_NUMBER},
    )


def _staff_report(
    request: HttpRequest, form_class: type[ReportForm], channel: Channel, title: str
) -> HttpResponse:
    user = web_user(request)
    capability_require(user, Capability.REPORT_SUBMIT)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report, _created = report_submit(channel=channel, data=form.input, actor=user)
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            messages.success(request, _("Report %(ref)s received.") % {"ref": report.reference})
            return redirect("intake:detail", report_id=report.public_id)
    return render(
        request,
        "intake/form.html",
        {"form": form, "title": title},
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def frontline_report(request: HttpRequest) -> HttpResponse:
    return _staff_report(
        request, FrontlineReportForm, Channel.FRONTLINE, _("Quick report at a reception point")
    )


@login_required
@require_http_methods(["GET", "POST"])
def hotline_report(request: HttpRequest) -> HttpResponse:
    return _staff_report(request, HotlineReportForm, Channel.HOTLINE, _("Hotline call"))


@login_required
@require_http_methods(["GET", "POST"])
def report_queue(request: HttpRequest) -> HttpResponse:
    """The triage queue; its filters name no one, so a link may carry them in the URL (a count
    on the home page), and the page's own filter form sends them by POST."""
    user = web_user(request)
    form = ReportFilterForm.from_request(request)
    page = paginate(
        report_list_for_user(user=user, filters=form.filters), page=request_page(request)
    )
    audit_consultation(actor=user, object_type="report", records=page.object_list)
    template = "intake/queue.html#results" if request.htmx else "intake/queue.html"  # type: ignore[attr-defined]  # django-htmx
    return render(request, template, {"page": page, "form": form})


def _screening_rows(report: Report) -> list[dict[str, Any]]:
    found = [BY_CODE[c] for c in report.indicators if c in BY_CODE]
    elements = set(report.screening.get("elements", []))
    return [
        {
            "dimension": d.label,
            "present": d.value in elements,
            "indicators": [i for i in found if i.dimension == d],
        }
        for d in Dimension
    ]


def _detail_context(user: User, report: Report, **forms: Any) -> dict[str, Any]:
    can_triage = (
        user.has_capability(Capability.REPORT_TRIAGE) and user.agency_id == report.agency_id
    )
    is_open = report.status in {ReportStatus.RECEIVED, ReportStatus.TRIAGED}
    suggestion = report.screening.get("suggestion")
    context: dict[str, Any] = {
        "report": report,
        "deadlines": deadline_rows(deadlines_on(report=report)),
        "manual_codes": MANUAL,
        "period_codes": MINIMUM_PERIODS,
        "can_triage": can_triage and is_open,
        "can_screen": can_triage and report.status != ReportStatus.CLOSED,
        # Before the report opens a case it takes one decision; after, each goes on the
        # child's identification.
        "can_decide": user.has_capability(Capability.REPORT_DECIDE)
        and (
            report.status == ReportStatus.CONVERTED
            or (report.status == ReportStatus.TRIAGED and report.decided_at is None)
        )
        and user.agency_id == report.agency_id,
        "can_convert": can_triage
        and report.status == ReportStatus.TRIAGED
        and user.has_capability(Capability.CASE_OPEN),
        "can_edit": is_open and (report.submitted_by_id == user.pk or can_triage),
        "can_close": can_triage and ReportStatus.CLOSED in REPORT_TRANSITIONS[report.status],
        "screening_rows": _screening_rows(report),
        # Why the report has its grade: the urgency rules that fire on it as it stands.
        "urgency_by_rules": assess_report(report),
        "sufficient": [BY_CODE[c] for c in report.screening.get("sufficient", []) if c in BY_CODE],
        "suggestion": Suggestion(suggestion).label if suggestion in Suggestion.values else "",
        "triage_form": TriageForm(
            agency_id=report.agency_id,
            initial={
                "urgency": report.urgency,
                "team": report.team.public_id if report.team else None,
                "age_status": report.age_status,
                "note": report.triage_note,
            },
        ),
        "screening_form": ScreeningForm(initial={"indicators": report.indicators}),
        "decision_form": DecisionForm(
            initial={
                "decision_body_type": decider_for_organisation_type(
                    user.agency.organisation_type if user.agency else ""
                )
            }
        ),
        "close_form": CloseForm(),
    }
    context.update(forms)
    return context


@login_required
def report_detail(request: HttpRequest, report_id: str) -> HttpResponse:
    user = web_user(request)
    report = access_report_by_id(user, report_id)
    return render(request, "intake/detail.html", _detail_context(user, report))


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, report_id: str) -> HttpResponse:
    """Complete a report later: what the child could not say at first."""
    user = web_user(request)
    report = access_report_by_id(user, report_id, action=AuditAction.REPORT_READ_FOR_UPDATE)
    initial = {name: getattr(report, name) for name in ReportEditForm.field_names}
    initial["child_languages"] = list(report.child_languages)
    form = ReportEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            report_update(actor=user, report=report, changes=form.input)
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            return redirect("intake:detail", report_id=report.public_id)
    return render(
        request,
        "intake/form.html",
        {"form": form, "title": _("Complete report %(ref)s") % {"ref": report.reference}},
        status=form_status(form),
    )


def _invalid(request: HttpRequest, user: User, report: Report, **forms: Any) -> HttpResponse:
    (form,) = forms.values()  # the form that was sent
    context = _detail_context(user, report, **forms)
    return render(request, "intake/detail.html", context, status=form_status(form))


@login_required
@require_POST
def report_triage_view(request: HttpRequest, report_id: str) -> HttpResponse:
    user = web_user(request)
    report = access_report_by_id(user, report_id, action=AuditAction.REPORT_READ_FOR_UPDATE)
    capability_require(user, Capability.REPORT_TRIAGE)
    form = TriageForm(request.POST, agency_id=report.agency_id)
    if form.is_valid():
        data = form.input
        try:
            report_triage(
                actor=user,
                report=report,
                urgency=data.urgency,
                team=form.cleaned_data["team"],
                age_status=data.age_status,
                note=data.note,
            )
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            messages.success(request, _("Triage recorded."))
            return redirect("intake:detail", report_id=report.public_id)
    return _invalid(request, user, report, triage_form=form)


@login_required
@require_POST
def report_screening_view(request: HttpRequest, report_id: str) -> HttpResponse:
    user = web_user(request)
    report = access_report_by_id(user, report_id, action=AuditAction.REPORT_READ_FOR_UPDATE)
    capability_require(user, Capability.REPORT_TRIAGE)
    form = ScreeningForm(request.POST)
    if form.is_valid():
        try:
            report_screen(actor=user, report=report, indicators=form.input.indicators)
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            messages.success(request, _("Screening recorded."))
            return redirect("intake:detail", report_id=report.public_id)
    return _invalid(request, user, report, screening_form=form)


@login_required
@require_POST
def report_decision_view(request: HttpRequest, report_id: str) -> HttpResponse:
    user = web_user(request)
    report = access_report_by_id(user, report_id, action=AuditAction.REPORT_READ_FOR_UPDATE)
    capability_require(user, Capability.REPORT_DECIDE)
    form = DecisionForm(request.POST)
    if form.is_valid():
        decision = form.input
        try:
            report_decide(
                actor=user,
                report=report,
                trafficking_status=decision.trafficking_status,
                body_type=decision.decision_body_type,
                body_name=decision.decision_body_name,
                reasons=decision.decision_reasons,
            )
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("intake:detail", report_id=report.public_id)
    return _invalid(request, user, report, decision_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def report_convert_view(request: HttpRequest, report_id: str) -> HttpResponse:
    """Open a case from the report, after checking for a child registered already."""
    user = web_user(request)
    report = access_report_by_id(user, report_id, action=AuditAction.REPORT_READ_FOR_UPDATE)
    capability_require(user, Capability.REPORT_TRIAGE)
    capability_require(user, Capability.CASE_OPEN)
    candidates = report_duplicate_candidates(user=user, report=report)
    if candidates:
        audit_consultation(actor=user, object_type="child", records=candidates)
    form = ConvertForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        conversion = form.input
        child = next((c for c in candidates if c.public_id == conversion.child_id), None)
        try:
            case = report_convert(
                actor=user, report=report, child=child, confirm_new=conversion.confirm_new
            )
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            messages.success(request, _("Case %(ref)s opened.") % {"ref": case.reference})
            return redirect("cases:detail", case_id=case.public_id)
    return render(
        request,
        "intake/convert.html",
        {"report": report, "form": form, "candidates": candidates},
        status=form_status(form),
    )


@login_required
@require_POST
def report_close_view(request: HttpRequest, report_id: str) -> HttpResponse:
    user = web_user(request)
    report = access_report_by_id(user, report_id, action=AuditAction.REPORT_READ_FOR_UPDATE)
    capability_require(user, Capability.REPORT_TRIAGE)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            report_close(actor=user, report=report, reason=form.input.reason)
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            messages.success(request, _("Report closed."))
            return redirect("intake:queue")
    return _invalid(request, user, report, close_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def duty(request: HttpRequest) -> HttpResponse:
    """Which of the agency's teams receive new reports."""
    user = web_user(request)
    capability_require(user, Capability.DUTY_MANAGE)
    teams = list(Team.objects.filter(agency_id=user.agency_id or 0).order_by("name"))
    if request.method == "POST":
        chosen = set(request.POST.getlist("on_duty"))
        for team in teams:
            wanted = str(team.public_id) in chosen
            if wanted != team.on_duty:
                team_duty_set(actor=user, team=team, on_duty=wanted)
        messages.success(request, _("Duty roster saved."))
        return redirect("intake:duty")
    return render(request, "intake/duty.html", {"teams": teams})
