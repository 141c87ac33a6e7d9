"""The interview pages, under the child: the child's interviews, earliest first, and the plan
form after them (the earlier interviews are what a planner reads first); an interview's page
with its approval, its record as held and its cancellation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kinhaven.accounts.auth import web_user
from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import User
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_consultation
from kinhaven.children.access import access_child_by_id
from kinhaven.children.models import Child
from kinhaven.children.selectors import child_section_access_for
from kinhaven.core.errors import ApplicationError, ErrorCode, application_error_payload
from kinhaven.core.forms import InputForm, form_add_errors, form_status
from kinhaven.core.responses import json_error_response
from kinhaven.core.validation import input_validate
from kinhaven.interviews.access import access_interview_by_id, access_recording_by_id
from kinhaven.interviews.enums import COUNTED_STATUSES, InterviewStatus
from kinhaven.interviews.forms import (
    TEAM_ROWS,
    InterviewCancelForm,
    InterviewHeldForm,
    InterviewPlanForm,
)
from kinhaven.interviews.media import MEDIA_TYPES
from kinhaven.interviews.models import Interview, Recording
from kinhaven.interviews.presenters import earlier_on_matter
from kinhaven.interviews.recording_http import (
    download,
    export,
    play,
    recording_out,
    recording_urls,
    upload_append,
    upload_offset,
)
from kinhaven.interviews.recordings import RECORDABLE, recording_create
from kinhaven.interviews.schemas import RecordingCreateIn, RecordingReasonIn
from kinhaven.interviews.selectors import READ_SECTION, interviews_for_child, same_matter
from kinhaven.interviews.services import (
    interview_cancel,
    interview_held_record,
    interview_path,
    interview_plan,
    interview_repeat_approve,
    interviews_write_require,
)
from kinhaven.legal.enums import Track
from kinhaven.legal.models import Proceeding


def _writes(user: User, child: Child, capability: Capability = Capability.INTERVIEW_PLAN) -> bool:
    return user.has_capability(capability) and (
        READ_SECTION in child_section_access_for(user, child).write
    )


def _proceedings(child: Child) -> list[tuple[str, str]]:
    rows = Proceeding.objects.filter(child=child, track=Track.CRIMINAL).order_by("-created_at")
    return [
        (str(p.public_id), p.reference or p.authority or str(p.created_at.date())) for p in rows
    ]


def _list_context(
    user: User, child: Child, form: InterviewPlanForm | None = None
) -> dict[str, Any]:
    interviews = list(interviews_for_child(user=user, child=child))
    audit_consultation(actor=user, object_type="interview", records=interviews)
    writes = _writes(user, child)
    # After a refused repeat, the earlier interviews on the matter given come first.
    earlier: list[Interview] = []
    if form is not None and form.is_bound and "justification" in form.errors:
        # The rule's own test (selectors.same_matter), on the interviews the user reads.
        chosen = form.data.get("proceeding_id")
        proceeding_id = next(
            (
                i.proceeding_id
                for i in interviews
                if chosen and i.proceeding is not None and str(i.proceeding.public_id) == chosen
            ),
            None,
        )
        matter = form.data.get("matter", "")
        earlier = [
            i
            for i in interviews
            if i.status in COUNTED_STATUSES and same_matter(i, matter, proceeding_id)
        ]
    return {
        "child": child,
        "interviews": interviews,
        "same_matter": earlier,
        "plan_form": form
        or (InterviewPlanForm(proceedings=_proceedings(child)) if writes else None),
        "team_rows": range(TEAM_ROWS),
    }


@login_required
@require_GET
def interview_list(request: HttpRequest, child_id: str) -> HttpResponse:
    user = web_user(request)
    child = access_child_by_id(user, child_id)
    if READ_SECTION not in child_section_access_for(user, child).read:
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED,
            _("You may not read the interviews section of this child's file."),
        )
    return render(request, "interviews/list.html", _list_context(user, child))


@login_required
@require_POST
def interview_plan_view(request: HttpRequest, child_id: str) -> HttpResponse:
    user = web_user(request)
    child = access_child_by_id(user, child_id, action=AuditAction.CHILD_READ_FOR_UPDATE)
    interviews_write_require(user, child)
    form = InterviewPlanForm(request.POST, proceedings=_proceedings(child))
    if form.is_valid():
        try:
            interview = interview_plan(actor=user, child=child, data=form.input)
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            messages.success(request, _("Interview planned."))
            return redirect(interview_path(interview))
    return render(
        request, "interviews/list.html", _list_context(user, child, form), status=form_status(form)
    )


def _detail_context(
    user: User, interview: Interview, sent: dict[str, Any] | None = None
) -> dict[str, Any]:
    child = interview.child
    siblings = list(interviews_for_child(user=user, child=child))
    earlier = earlier_on_matter(interview, siblings)
    audit_consultation(actor=user, object_type="interview", records=earlier)
    writes = _writes(user, child)
    status = interview.status
    sent = sent or {}
    offered = {
        "held_form": (writes and status == InterviewStatus.PLANNED, InterviewHeldForm),
        "cancel_form": (
            writes and status in {InterviewStatus.PLANNED, InterviewStatus.AWAITING_APPROVAL},
            InterviewCancelForm,
        ),
    }
    forms = {name: sent.get(name) or make() for name, (shown, make) in offered.items() if shown} | {
        name: f for name, f in sent.items() if name in offered
    }
    recordings = list(interview.recordings.all())
    audit_consultation(actor=user, object_type="recording", records=recordings)
    return {
        "child": child,
        "interview": interview,
        "earlier": earlier,
        "recordings": recordings,
        "can_record": writes and status in RECORDABLE,
        "copies": writes,
        "media_types": MEDIA_TYPES,
        "can_approve": status == InterviewStatus.AWAITING_APPROVAL
        and interview.planned_by_id != user.pk
        and _writes(user, child, Capability.INTERVIEW_APPROVE_REPEAT),
        **forms,
    }


@login_required
@require_GET
def interview_detail(request: HttpRequest, child_id: str, interview_id: str) -> HttpResponse:
    user = web_user(request)
    interview = access_interview_by_id(user, interview_id, child_id=child_id)
    return render(request, "interviews/detail.html", _detail_context(user, interview))


def _writer(
    name: str, form_class: type[InputForm[Any]], service: Callable[..., object], done: Any
) -> Callable[[HttpRequest, str, str], HttpResponse]:
    @login_required
    @require_POST
    def view(request: HttpRequest, child_id: str, interview_id: str) -> HttpResponse:
        user = web_user(request)
        interview = access_interview_by_id(
            user, interview_id, child_id=child_id, action=AuditAction.INTERVIEW_READ_FOR_UPDATE
        )
        interviews_write_require(user, interview.child)
        form = form_class(request.POST)
        if form.is_valid():
            try:
                service(actor=user, interview=interview, data=form.input)
            except ApplicationError as exc:
                form_add_errors(form, exc)
            else:
                messages.success(request, str(done))
                return redirect(interview_path(interview))
        context = _detail_context(user, interview, {name: form})
        return render(request, "interviews/detail.html", context, status=form_status(form))

    view.__doc__ = str(done)
    return view


interview_held_view = _writer(
    "held_form", InterviewHeldForm, interview_held_record, gettext_lazy("Interview recorded.")
)
interview_cancel_view = _writer(
    "cancel_form", InterviewCancelForm, interview_cancel, gettext_lazy("Interview cancelled.")
)


@login_required
@require_POST
def interview_approve_view(request: HttpRequest, child_id: str, interview_id: str) -> HttpResponse:
    """Approve a repeat interview."""
    user = web_user(request)
    interview = access_interview_by_id(
        user, interview_id, child_id=child_id, action=AuditAction.INTERVIEW_READ_FOR_UPDATE
    )
    interview_repeat_approve(actor=user, interview=interview)
    messages.success(request, _("Repeat interview approved."))
    return redirect(interview_path(interview))


# Recordings, for the interview's page: announced and uploaded by the page's script (session and
# CSRF token), played by the page's <video> or <audio>, downloaded or exported with a reason.
def _json_errors(exc: ApplicationError) -> HttpResponse:
    """Answer the page's script in the API's shape; hidden and refused go the usual way."""
    if exc.code in {ErrorCode.NOT_FOUND, ErrorCode.PERMISSION_DENIED}:
        raise exc
    return json_error_response(application_error_payload(exc), exc.http_status)


def _web_recording(
    request: HttpRequest,
    child_id: str,
    interview_id: str,
    recording_id: str,
    action: AuditAction = AuditAction.RECORDING_READ,
) -> tuple[User, Recording]:
    user = web_user(request)
    recording = access_recording_by_id(
        user, recording_id, child_id=child_id, interview_id=interview_id, action=action
    )
    return user, recording


@login_required
@require_POST
def recording_create_view(request: HttpRequest, child_id: str, interview_id: str) -> HttpResponse:
    """Announce a recording (size, media_type): 201 with its upload and content URLs."""
    user = web_user(request)
    interview = access_interview_by_id(
        user, interview_id, child_id=child_id, action=AuditAction.INTERVIEW_READ_FOR_UPDATE
    )
    interviews_write_require(user, interview.child)
    try:
        fields = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
        data = input_validate(RecordingCreateIn, fields)
        recording = recording_create(actor=user, interview=interview, data=data)
    except ApplicationError as exc:
        return _json_errors(exc)
    response = JsonResponse(recording_out(recording, api=False), status=201)
    response["Location"] = recording_urls(recording, api=False)["upload_url"]
    return response


@login_required
@require_http_methods(["HEAD", "PATCH"])
def recording_upload_view(
    request: HttpRequest, child_id: str, interview_id: str, recording_id: str
) -> HttpResponse:
    """tus HEAD (the offset to resume from) and PATCH (the bytes from Upload-Offset)."""
    user, recording = _web_recording(
        request, child_id, interview_id, recording_id, AuditAction.RECORDING_READ_FOR_UPDATE
    )
    interviews_write_require(user, recording.interview.child)
    if request.method == "HEAD":
        return upload_offset(recording)
    try:
        return upload_append(request, user, recording)
    except ApplicationError as exc:
        return _json_errors(exc)


@login_required
@require_GET
def recording_content_view(
    request: HttpRequest, child_id: str, interview_id: str, recording_id: str
) -> HttpResponseBase:
    """The recording for the page's player, by byte ranges."""
    user, recording = _web_recording(request, child_id, interview_id, recording_id)
    return play(request, user, recording)


def _copy_view(
    take: Callable[[HttpRequest, User, Recording, str], HttpResponseBase], doc: str
) -> Callable[[HttpRequest, str, str, str], HttpResponseBase]:
    @login_required
    @require_POST
    def view(
        request: HttpRequest, child_id: str, interview_id: str, recording_id: str
    ) -> HttpResponseBase:
        user, recording = _web_recording(request, child_id, interview_id, recording_id)
        interviews_write_require(user, recording.interview.child)
        data = input_validate(RecordingReasonIn, {"reason": request.POST.get("reason", "")})
        return take(request, user, recording, data.reason)

    view.__doc__ = doc
    return view


recording_download_view = _copy_view(download, "The recording as a file, with the reason.")
recording_export_view = _copy_view(export, "The export for a court, with the reason.")
