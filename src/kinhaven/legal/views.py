from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kinhaven.accounts.auth import web_user
from kinhaven.accounts.enums import Capability, Section
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_consultation
from kinhaven.children.access import access_child_by_id
from kinhaven.children.selectors import child_section_access_for
from kinhaven.core.errors import ApplicationError
from kinhaven.core.forms import form_add_errors, form_status
from kinhaven.legal.access import access_proceeding_by_id
from kinhaven.legal.forms import ProceedingChangeForm, ProceedingForm
from kinhaven.legal.selectors import child_tracks, wards_for_guardian
from kinhaven.legal.services import proceeding_add, proceeding_update


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
    form = ProceedingForm(request.POST if posting else None)
    if posting and form.is_valid():
        try:
            proceeding_add(actor=user, child=child, data=form.input)
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            messages.success(request, _("Proceeding recorded."))
            return redirect("legal:tracks", child_id=child.public_id)
    view = child_tracks(user=user, child=child, access=access)
    audit_consultation(actor=user, object_type="track", records=view.records())
    for p in [*view.asylum, *view.residence, *view.criminal]:
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
        "can_write": can_write,
        "identity_readable": Section.IDENTITY in access.read,
    }
    return render(request, "legal/tracks.html", context, status=form_status(form))


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
