from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kinhaven.accounts.auth import web_user
from kinhaven.accounts.enums import Capability, Section
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_consultation
from kinhaven.children.access import access_child_by_id
from kinhaven.children.models import Child
from kinhaven.children.selectors import child_section_access_for
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.core.forms import form_add_errors, form_status
from kinhaven.core.languages import page_in_language, public_languages_all
from kinhaven.core.responses import error_response
from kinhaven.legal.access import access_legal_task_by_id, access_proceeding_by_id
from kinhaven.legal.forms import (
    ChildSheetForm,
    InformationForm,
    PermitForm,
    ProceedingChangeForm,
    ProceedingForm,
)
from kinhaven.legal.information import decisions_for
from kinhaven.legal.selectors import (
    child_tracks,
    decisions_untold,
    information_for_child,
    non_punishment_applies,
    permit_warning,
    wards_for_guardian,
)
from kinhaven.legal.services import (
    child_information_record,
    legal_task_done,
    permit_add,
    proceeding_add,
    proceeding_update,
)


@login_required
@require_http_methods(["GET", "POST"])
def tracks(request: HttpRequest, child_id: str) -> HttpResponse:
    """One view of a child across the tracks; those who write the legal section record
    proceedings here."""
    user = web_user(request)
    posting = request.method == "POST"
    child = access_child_by_id(
        user,
        child_id,
        action=AuditAction.CHILD_READ_FOR_UPDATE if posting else AuditAction.CHILD_READ_TRACKS,
    )
    access = child_section_access_for(user, child)
    can_write = user.has_capability(Capability.CHILD_EDIT) and Section.LEGAL in access.write
    # One page, three forms: the button pressed says which was sent.
    permit_posted = posting and "record_permit" in request.POST
    info_posted = posting and "record_information" in request.POST
    proceeding_posted = posting and not permit_posted and not info_posted
    form = ProceedingForm(request.POST if proceeding_posted else None)
    permit_form = PermitForm(request.POST if permit_posted else None, prefix="permit")
    decided = decisions_for(child, access) if Section.LEGAL in access.read else []
    untold = decisions_untold(child=child, access=access, decisions=decided) if decided else []
    info_form = InformationForm(
        request.POST if info_posted else None, prefix="info", decisions=untold
    )
    if info_posted and info_form.is_valid():
        try:
            child_information_record(actor=user, child=child, data=info_form.input)
        except ApplicationError as exc:
            form_add_errors(info_form, exc)
        else:
            messages.success(request, _("Information to the child recorded."))
            return redirect("legal:tracks", child_id=child.public_id)
    if proceeding_posted and form.is_valid():
        try:
            proceeding_add(actor=user, child=child, data=form.input)
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            messages.success(request, _("Proceeding recorded."))
            return redirect("legal:tracks", child_id=child.public_id)
    if permit_posted and permit_form.is_valid():
        try:
            permit_add(actor=user, child=child, data=permit_form.input)
        except ApplicationError as exc:
            form_add_errors(permit_form, exc)
        else:
            messages.success(request, _("Residence permit recorded."))
            return redirect("legal:tracks", child_id=child.public_id)
    view = child_tracks(user=user, child=child, access=access)
    audit_consultation(actor=user, object_type="track", records=view.records())
    information = list(information_for_child(user=user, child=child, access=access))
    audit_consultation(actor=user, object_type="child_information", records=information)
    for permit in view.permits:
        permit.warning = permit_warning(permit)  # type: ignore[attr-defined]
    for p in [*view.asylum, *view.residence, *view.criminal]:
        p.non_punishment = non_punishment_applies(p)  # type: ignore[attr-defined]
        # Each proceeding carries the form that changes it.
        p.change_form = ProceedingChangeForm(  # type: ignore[attr-defined]
            track=p.track,
            prefix=f"p{p.pk}",
            initial={
                "status": p.status,
                "next_date": p.next_date,
                "next_step": p.next_step,
                "authority": p.authority,
                "reference": p.reference,
                "child_role": p.child_role,
            },
        )
    context = {
        "child": child,
        "tracks": view,
        "form": form,
        "permit_form": permit_form,
        "info_form": info_form,
        "information": information,
        "untold_decisions": untold,
        "sheet_form": ChildSheetForm(
            auto_id="id_sheet_%s", decisions=decided, initial={"language": _child_language(child)}
        )
        if decided
        else None,
        "can_write": can_write,
        "identity_readable": Section.IDENTITY in access.read,
    }
    shown = permit_form if permit_posted else info_form if info_posted else form
    status = form_status(shown)
    return render(request, "legal/tracks.html", context, status=status)


@login_required
@require_POST
def proceeding_change(request: HttpRequest, proceeding_id: str) -> HttpResponse:
    """Change a proceeding's status, next date and step."""
    user = web_user(request)
    proceeding = access_proceeding_by_id(
        user, proceeding_id, action=AuditAction.PROCEEDING_READ_FOR_UPDATE
    )
    prefix = f"p{proceeding.pk}"
    form = ProceedingChangeForm(request.POST, track=proceeding.track, prefix=prefix)
    if not form.is_valid():
        name, errors = next(iter(form.errors.items()))
        label = form.fields[name].label if name in form.fields else ""
        messages.error(request, f"{label}: {errors[0]}" if label else str(errors[0]))
    else:
        try:
            proceeding_update(actor=user, proceeding=proceeding, changes=form.input)
        except ApplicationError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Proceeding updated."))
    return redirect("legal:tracks", child_id=proceeding.child.public_id)


@login_required
@require_GET
def wards(request: HttpRequest) -> HttpResponse:
    """The children in the user's guardianship, with where each track stands."""
    user = web_user(request)
    rows = wards_for_guardian(user=user)
    audit_consultation(actor=user, object_type="child", records=[w.child for w in rows])
    return render(request, "legal/wards.html", {"wards": rows})


@login_required
@require_POST
def legal_task_complete(request: HttpRequest, task_id: str) -> HttpResponse:
    """Mark a task on the child's legal tracks done."""
    user = web_user(request)
    task = access_legal_task_by_id(user, task_id)
    try:
        legal_task_done(actor=user, task=task)
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Task done."))
    return redirect("legal:tracks", child_id=task.child.public_id)


def _child_language(child: Child) -> str:
    """The first of the child's languages that a sheet can be written in, if any."""
    codes = public_languages_all()
    return next((code for code in child.languages or [] if code in codes), "")


@login_required
@require_GET
def child_sheet(request: HttpRequest, child_id: str) -> HttpResponse:
    """A decision explained to the child on one printable page, in the language the child reads
    (any public language), for the child to keep. Only the decision's kind and date and what
    every child is entitled to know; nothing else of the file."""
    user = web_user(request)
    child = access_child_by_id(user, child_id, action=AuditAction.CHILD_READ_FOR_SHEET)
    access = child_section_access_for(user, child)
    decisions = decisions_for(child, access) if Section.LEGAL in access.read else []
    form = ChildSheetForm(request.GET, decisions=decisions)
    if not form.is_valid():
        field = next(iter(form.errors))
        return error_response(request, ErrorCode.INVALID, form.errors[field][0], field=field)
    key, language = form.cleaned_data["decision"], form.cleaned_data["language"]
    with translation.override(language):
        # Listed again in the sheet's language: a decision's label is worded when listed.
        decision = next(d for d in decisions_for(child, access) if f"{d.kind}:{d.ref}" == key)
        context = {
            "decision": decision,
            "label": str(decision.label),
            "agency": child.agency.name if child.agency_id else "",
        }
    return page_in_language(request, "legal/child_sheet.html", context, language)
