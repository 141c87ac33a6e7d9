"""The missing-episode pages: the child's episodes and the report form, whose first post shows a
summary to confirm and whose confirmation fires the report; one episode with its alerts,
sightings, actions, the child found and the return interview; the photo and the printable alert,
both access-checked and audited. With HTMX a form on the episode swaps its part of the page in
place; without it, the page posts and redirects."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from kinhaven.accounts.auth import web_user
from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import User
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_consultation, audit_record
from kinhaven.care.models import Placement
from kinhaven.children.access import access_child_by_id
from kinhaven.children.models import Child
from kinhaven.children.sections import SectionAccess
from kinhaven.children.selectors import child_section_access_for
from kinhaven.core.errors import ApplicationError, ErrorCode, FieldErrors, NotFound
from kinhaven.core.forms import InputForm, form_add_errors, form_status
from kinhaven.core.languages import page_in_language, public_languages_all
from kinhaven.core.responses import error_response
from kinhaven.intake.models import Report
from kinhaven.missing.access import access_episode_by_id
from kinhaven.missing.alert import alert_expiry, alert_fields, alert_pdf, alert_photo_shown
from kinhaven.missing.forms import (
    ActionForm,
    AlertsForm,
    CloseForm,
    FoundForm,
    InterviewForm,
    PhotoForm,
    PoliceForm,
    ReportForm,
    SightingForm,
)
from kinhaven.missing.models import Episode, RiskCriterion
from kinhaven.missing.photos import photo_read
from kinhaven.missing.selectors import (
    READ_SECTION,
    episode_deadlines,
    episode_follow_ups,
    episode_full,
    episodes_count_for_placement,
    episodes_for_child,
)
from kinhaven.missing.services import (
    episode_action_record,
    episode_alerts_record,
    episode_close,
    episode_found,
    episode_interview_record,
    episode_path,
    episode_photo_set,
    episode_police_informed,
    episode_report,
    episode_sighting_record,
    missing_write_require,
)


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _writes(user: User, access: SectionAccess) -> bool:
    return user.has_capability(Capability.CASE_EDIT) and READ_SECTION in access.write


def missing_section_context(
    user: User, child: Child, *, access: SectionAccess | None = None
) -> dict[str, Any]:
    """The missing section of the child's page: nothing where the user does not read it."""
    access = access or child_section_access_for(user, child)
    if READ_SECTION not in access.read:
        return {"missing_section": False}
    episodes = list(episodes_for_child(user=user, child=child, access=access))
    audit_consultation(actor=user, object_type="missing_episode", records=episodes)
    open_episode = next((e for e in episodes if e.is_open), None)
    placements = {e.placement for e in episodes if e.placement is not None}
    return {
        "missing_section": True,
        "episodes": episodes,
        "open_episode": open_episode,
        "can_report": _writes(user, access) and open_episode is None,
        "placement_counts": [
            (p, episodes_count_for_placement(placement=p))
            for p in sorted(placements, key=lambda p: p.started_on, reverse=True)
        ],
    }


@login_required
@require_GET
def episode_list(request: HttpRequest, child_id: str) -> HttpResponse:
    """The child's missing episodes, and the report form."""
    user = web_user(request)
    child = access_child_by_id(user, child_id)
    context = missing_section_context(user, child)
    if not context["missing_section"]:
        raise NotFound(_("Child not found."))
    form = ReportForm() if context["can_report"] else None
    return render(request, "missing/list.html", {"child": child, "report_form": form, **context})


# The report form's button: show the summary to confirm.
CHECK_STEP = "check"
UNCONFIRMED = gettext_lazy("Confirm the report: nothing is sent or recorded until you do.")


def _criteria_labels(codes: list[str]) -> list[str]:
    labels = dict(RiskCriterion.objects.filter(code__in=codes).values_list("code", "label"))
    return [labels.get(c, c) for c in codes]


@login_required
@require_POST
def episode_report_view(request: HttpRequest, child_id: str) -> HttpResponse:
    """Report the child missing in two steps: the form's button (`check`) shows the values,
    checked, to confirm; only the confirmation (`confirm=yes`) records the report, tells those
    who must know and starts the deadlines. A post that is neither, such as a one-click button
    elsewhere, records nothing: 422 naming `confirm`."""
    user = web_user(request)
    child = access_child_by_id(user, child_id, action=AuditAction.CHILD_READ_FOR_UPDATE)
    missing_write_require(user, child)
    form = ReportForm(request.POST)
    context: dict[str, Any] = {"child": child, "report_form": form}
    if form.is_valid():
        confirmed = request.POST.get("confirm") == "yes"
        if not confirmed and CHECK_STEP in request.POST:
            context["criteria_labels"] = _criteria_labels(form.input.criteria)
            return render(request, "missing/confirm.html", context)
        try:
            if not confirmed:
                raise FieldErrors({"confirm": UNCONFIRMED})
            episode = episode_report(actor=user, child=child, data=form.input)
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Reported missing. The police contact, the guardian and the supervisors "
                    "were told."
                ),
            )
            return redirect(episode_path(episode))
    context.update(missing_section_context(user, child))
    return render(request, "missing/list.html", context, status=form_status(form))


def _detail_context(
    user: User, episode: Episode, sent: dict[str, InputForm[Any]] | None = None
) -> dict[str, Any]:
    full = episode_full(episode=episode)
    access = child_section_access_for(user, full.child)
    writes = _writes(user, access)
    is_open = full.is_open
    found = full.status == "found"
    offered: dict[str, tuple[bool, Callable[[], InputForm[Any]]]] = {
        "police_form": (writes and is_open and full.police_informed_at is None, PoliceForm),
        "alerts_form": (writes and is_open and full.alerts_recorded_at is None, AlertsForm),
        "sighting_form": (writes and is_open, SightingForm),
        "action_form": (writes, ActionForm),
        "found_form": (writes and is_open, FoundForm),
        "close_form": (writes and is_open, CloseForm),
        "interview_form": (writes and found and full.interview_at is None, InterviewForm),
        "photo_form": (writes and is_open, PhotoForm),
    }
    sent = sent or {}
    forms = {
        name: sent[name] if name in sent else make()
        for name, (shown, make) in offered.items()
        if shown or name in sent
    }
    follow_ups = episode_follow_ups(episode=full)
    report = (
        Report.objects.filter(child=full.child).order_by("-created_at", "-id").first()
        if follow_ups.rescreening_due(full)
        else None
    )
    current = (
        Placement.objects.filter(child=full.child, ended_on__isnull=True).first()
        if follow_ups.placement_review_due(full) and "care" in access.read
        else None
    )
    return {
        "child": full.child,
        "episode": full,
        "deadlines": episode_deadlines(episode=full),
        "criteria_labels": _criteria_labels(full.criteria),
        "expires_on": alert_expiry(full),
        "follow_ups": follow_ups,
        "rescreening_still_due": follow_ups.rescreening_due(full),
        "placement_review_still_due": follow_ups.placement_review_due(full),
        "rescreening_report": report,
        "review_placement": current,
        "placement_count": (
            episodes_count_for_placement(placement=full.placement) if full.placement else None
        ),
        **forms,
    }


@login_required
@require_GET
def episode_detail(request: HttpRequest, child_id: str, episode_id: str) -> HttpResponse:
    user = web_user(request)
    episode = access_episode_by_id(user, episode_id, child_id=child_id)
    return render(request, "missing/episode.html", _detail_context(user, episode))


def _write(
    request: HttpRequest,
    child_id: str,
    episode_id: str,
    *,
    name: str,
    form_class: type[InputForm[Any]],
    service: Callable[..., object],
    done: str,
) -> HttpResponse:
    """One write on an episode: found, allowed, validated by its input model, done by its
    service; the part of the page again (HTMX) or a redirect to the page."""
    user = web_user(request)
    episode = access_episode_by_id(
        user, episode_id, child_id=child_id, action=AuditAction.MISSING_EPISODE_READ_FOR_UPDATE
    )
    missing_write_require(user, episode.child)
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            extra = {"upload": form.cleaned_data["photo"]} if name == "photo_form" else {}
            service(actor=user, episode=episode, data=form.input, **extra)
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            if _htmx(request):
                context = {**_detail_context(user, episode), "done": done}
                return render(request, "missing/episode.html#record", context)
            messages.success(request, done)
            return redirect(episode_path(episode))
    context = _detail_context(user, episode, {name: form})
    template = "missing/episode.html#record" if _htmx(request) else "missing/episode.html"
    return render(request, template, context, status=form_status(form))


def _writer(
    name: str, form_class: type[InputForm[Any]], service: Callable[..., object], done: Any
) -> Callable[[HttpRequest, str, str], HttpResponse]:
    @login_required
    @require_POST
    def view(request: HttpRequest, child_id: str, episode_id: str) -> HttpResponse:
        return _write(
            request,
            child_id,
            episode_id,
            name=name,
            form_class=form_class,
            service=service,
            done=str(done),
        )

    view.__doc__ = str(done)
    return view


episode_police_view = _writer(
    "police_form", PoliceForm, episode_police_informed, gettext_lazy("Police informed recorded.")
)
episode_alerts_view = _writer(
    "alerts_form", AlertsForm, episode_alerts_record, gettext_lazy("Alert references recorded.")
)
episode_sighting_view = _writer(
    "sighting_form", SightingForm, episode_sighting_record, gettext_lazy("Sighting logged.")
)
episode_action_view = _writer(
    "action_form", ActionForm, episode_action_record, gettext_lazy("Action logged.")
)
episode_found_view = _writer(
    "found_form", FoundForm, episode_found, gettext_lazy("The child is found.")
)
episode_close_view = _writer(
    "close_form", CloseForm, episode_close, gettext_lazy("Episode closed.")
)
episode_interview_view = _writer(
    "interview_form",
    InterviewForm,
    episode_interview_record,
    gettext_lazy("Return interview recorded."),
)
episode_photo_view = _writer(
    "photo_form", PhotoForm, episode_photo_set, gettext_lazy("Photo kept.")
)


@login_required
@require_GET
def episode_photo(request: HttpRequest, child_id: str, episode_id: str) -> HttpResponse:
    """The episode's photo, to those who read the episode; every reading audited."""
    user = web_user(request)
    episode = access_episode_by_id(
        user, episode_id, child_id=child_id, action=AuditAction.MISSING_EPISODE_PHOTO_READ
    )
    if not episode.has_photo:
        raise NotFound(_("No photo."))
    response = HttpResponse(photo_read(episode.photo_name), content_type=episode.photo_type)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def episode_alert_pdf(request: HttpRequest, child_id: str, episode_id: str) -> HttpResponse:
    """The printable alert: only what an alert needs; access-checked and audited."""
    user = web_user(request)
    episode = access_episode_by_id(user, episode_id, child_id=child_id)
    audit_record(
        actor=user,
        action=AuditAction.MISSING_EPISODE_ALERT_PDF,
        object_type="missing_episode",
        object_id=episode.public_id,
        detail={"photo": bool(episode.has_photo and episode.photo_consent == "given")},
    )
    response = HttpResponse(alert_pdf(episode), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="alert-{episode.public_id}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def episode_alert_page(request: HttpRequest, child_id: str, episode_id: str) -> HttpResponse:
    """The alert as a page to print, in any public language (`?language=`, else the reader's):
    the browser shapes every script, so Arabic, Ethiopic and Bengali print as they should. The
    same lines as the PDF, nothing more; access-checked and audited."""
    user = web_user(request)
    episode = access_episode_by_id(user, episode_id, child_id=child_id)
    language = request.GET.get("language") or translation.get_language() or "en"
    if language not in public_languages_all():
        return error_response(
            request, ErrorCode.INVALID, _("Choose a language from the list."), field="language"
        )
    audit_record(
        actor=user,
        action=AuditAction.MISSING_EPISODE_ALERT_PAGE,
        object_type="missing_episode",
        object_id=episode.public_id,
        detail={"photo": alert_photo_shown(episode), "language": language},
    )
    with translation.override(language):
        context = {
            "episode": episode,
            "child": episode.child,
            "fields": alert_fields(episode),
            "photo": alert_photo_shown(episode),
        }
    return page_in_language(request, "missing/alert_page.html", context, language)
