"""The placement pages: the child's placements with the current one first and the form to place
the child; one placement with its visits, and the forms to update the vetting and the safety
plan, record a visit and end it. With HTMX a form swaps its part of the page in place; without
it, the page posts and redirects."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kinhaven.accounts.auth import web_user
from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import User
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_consultation
from kinhaven.care.access import access_placement_by_id
from kinhaven.care.forms import PlacementEndForm, PlacementForm, VettingForm, VisitForm
from kinhaven.care.models import Placement
from kinhaven.care.selectors import (
    READ_SECTION,
    placement_current,
    placement_with_visits,
    placements_for_child,
)
from kinhaven.care.services import (
    care_write_require,
    placement_end,
    placement_start,
    placement_vetting_update,
    placement_visit_record,
)
from kinhaven.children.access import access_child_by_id
from kinhaven.children.models import Child
from kinhaven.children.sections import SectionAccess
from kinhaven.children.selectors import child_section_access_for
from kinhaven.core.errors import ApplicationError, NotFound
from kinhaven.core.forms import InputForm, form_add_errors, form_status


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _writes(user: User, access: SectionAccess) -> bool:
    return user.has_capability(Capability.CHILD_EDIT) and READ_SECTION in access.write


def care_section_context(
    user: User,
    child: Child,
    *,
    access: SectionAccess | None = None,
    form: PlacementForm | None = None,
) -> dict[str, Any]:
    """The care section of the child's page: nothing where the user does not read it."""
    access = access or child_section_access_for(user, child)
    if READ_SECTION not in access.read:
        return {"care_section": False}
    placements = list(placements_for_child(user=user, child=child, access=access))
    audit_consultation(actor=user, object_type="placement", records=placements)
    current = placement_current(placements)
    can_place = _writes(user, access) and current is None
    return {
        "care_section": True,
        "placements": placements,
        "current_placement": current,
        "can_place": can_place,
        "placement_form": form or (PlacementForm() if can_place else None),
    }


@login_required
@require_GET
def placement_list(request: HttpRequest, child_id: str) -> HttpResponse:
    """The child's placements: the current one, the history, and the form to place the child."""
    user = web_user(request)
    child = access_child_by_id(user, child_id)
    context = care_section_context(user, child)
    if not context["care_section"]:
        raise NotFound(_("Child not found."))
    return render(request, "care/list.html", {"child": child, **context})


@login_required
@require_POST
def placement_start_view(request: HttpRequest, child_id: str) -> HttpResponse:
    """Place the child; while a placement stands, the page says to end it first."""
    user = web_user(request)
    child = access_child_by_id(user, child_id, action=AuditAction.CHILD_READ_FOR_UPDATE)
    care_write_require(user, child)
    form = PlacementForm(request.POST)
    if form.is_valid():
        try:
            placement = placement_start(actor=user, child=child, data=form.input)
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            messages.success(request, _("Placement started."))
            target = reverse("care:detail", args=[child.public_id, placement.public_id])
            if _htmx(request):
                return HttpResponse(status=204, headers={"HX-Redirect": target})
            return redirect(target)
    context = {"child": child, **care_section_context(user, child, form=form)}
    context["placement_form"] = form
    template = "care/section.html" if _htmx(request) else "care/list.html"
    return render(request, template, context, status=form_status(form))


def _detail_context(
    user: User, placement: Placement, sent: dict[str, InputForm[Any]] | None = None
) -> dict[str, Any]:
    full = placement_with_visits(placement=placement)
    access = child_section_access_for(user, full.child)
    writes = _writes(user, access)
    current = full.ended_on is None
    offered: dict[str, tuple[bool, Callable[[], InputForm[Any]]]] = {
        "visit_form": (writes, VisitForm),
        "vetting_form": (
            writes and current,
            lambda: VettingForm(
                initial={
                    "vetting": full.vetting,
                    "vetting_on": full.vetting_on,
                    "safety_plan": full.safety_plan,
                }
            ),
        ),
        "end_form": (writes and current, PlacementEndForm),
    }
    sent = sent or {}
    forms = {
        name: sent[name] if name in sent else make()
        for name, (shown, make) in offered.items()
        if shown or name in sent
    }
    return {"child": full.child, "placement": full, **forms}


@login_required
@require_GET
def placement_detail(request: HttpRequest, child_id: str, placement_id: str) -> HttpResponse:
    user = web_user(request)
    placement = access_placement_by_id(user, placement_id, child_id=child_id)
    return render(request, "care/placement.html", _detail_context(user, placement))


def _write(
    request: HttpRequest,
    child_id: str,
    placement_id: str,
    *,
    name: str,
    form_class: type[InputForm[Any]],
    service: Callable[..., object],
    done: str,
) -> HttpResponse:
    """One write on a placement: found, allowed, validated by its input model, done by its
    service; the part of the page again (HTMX) or a redirect to the page."""
    user = web_user(request)
    placement = access_placement_by_id(
        user, placement_id, child_id=child_id, action=AuditAction.PLACEMENT_READ_FOR_UPDATE
    )
    care_write_require(user, placement.child)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(actor=user, placement=placement, data=form.input)
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            if _htmx(request):
                context = {**_detail_context(user, placement), "done": done}
                return render(request, "care/placement.html#record", context)
            messages.success(request, done)
            return redirect(
                "care:detail", child_id=placement.child.public_id, placement_id=placement.public_id
            )
    context = _detail_context(user, placement, {name: form})
    template = "care/placement.html#record" if _htmx(request) else "care/placement.html"
    return render(request, template, context, status=form_status(form))


@login_required
@require_POST
def placement_vetting_view(request: HttpRequest, child_id: str, placement_id: str) -> HttpResponse:
    """Record where the carer's vetting stands and the safety plan."""
    return _write(
        request,
        child_id,
        placement_id,
        name="vetting_form",
        form_class=VettingForm,
        service=placement_vetting_update,
        done=_("Vetting and safety plan recorded."),
    )


@login_required
@require_POST
def placement_end_view(request: HttpRequest, child_id: str, placement_id: str) -> HttpResponse:
    """End the placement with the date and the reason."""
    return _write(
        request,
        child_id,
        placement_id,
        name="end_form",
        form_class=PlacementEndForm,
        service=placement_end,
        done=_("Placement ended."),
    )


@login_required
@require_POST
def placement_visit_view(request: HttpRequest, child_id: str, placement_id: str) -> HttpResponse:
    """Record a visit with the child's views."""
    return _write(
        request,
        child_id,
        placement_id,
        name="visit_form",
        form_class=VisitForm,
        service=placement_visit_record,
        done=_("Visit recorded."),
    )
