"""The identification section of the child's page: the status in force, how it was reached,
every decision, and the form to record one. The section is also a page of its own (a phone
opens it from the child's page) and an HTMX fragment that the form replaces in place."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kinhaven.accounts.auth import web_user
from kinhaven.accounts.enums import Capability, RoleCode
from kinhaven.accounts.models import User
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_consultation
from kinhaven.children.access import access_child_by_id
from kinhaven.children.models import Child
from kinhaven.children.sections import SectionAccess
from kinhaven.children.selectors import child_holder_require, child_section_access_for
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.core.forms import form_add_errors, form_status
from kinhaven.identification.access import access_identification_by_child_id
from kinhaven.identification.enums import EvidenceKind, decider_for_organisation_type
from kinhaven.identification.forms import DecisionForm
from kinhaven.identification.selectors import IdentificationView, identification_for_user
from kinhaven.identification.services import (
    identification_capability_require,
    identification_decide,
)

EVIDENCE_LABELS = dict(EvidenceKind.choices)


def _rows(view: IdentificationView) -> list[dict[str, Any]]:
    """Each decision with what the page says of it, newest first."""
    status = view.status
    chain = {d.pk for d in status.chain}
    return [
        {
            "decision": d,
            "evidence_kinds": [str(EVIDENCE_LABELS.get(k, k)) for k in d.evidence_kinds],
            "in_force": status.decision is not None and status.decision.pk == d.pk,
            "in_chain": d.pk in chain,
            "replaced_by": status.replaced.get(d.pk),
        }
        for d in reversed(status.decisions)
    ]


def _form(user: User, view: IdentificationView, data: Any = None) -> DecisionForm:
    organisation = user.agency.organisation_type if user.agency else ""
    return DecisionForm(
        data,
        in_force=view.status.decision,
        initial={
            "organisation": decider_for_organisation_type(organisation),
            "authority": user.agency.name if user.agency else "",
            "person_name": user.get_full_name() or user.username,
            "person_role": user.role.name if user.role else "",
            "decided_on": time.today(),
        },
    )


def _context(
    user: User,
    child: Child,
    access: SectionAccess,
    view: IdentificationView,
    form: DecisionForm | None = None,
) -> dict[str, Any]:
    can_decide = access.relationship == "agency" and user.has_capability(
        Capability.IDENTIFICATION_DECIDE
    )
    labels = dict(RoleCode.choices)
    return {
        "child": child,
        "identification": view,
        "identification_roles": {
            "preliminary": [str(labels.get(r, r)) for r in view.rule.preliminary_roles],
            "conclusive": [str(labels.get(r, r)) for r in view.rule.conclusive_roles],
        },
        "identification_rows": _rows(view),
        "identification_form": form or _form(user, view),
        "can_decide_identification": can_decide,
    }


def identification_section_context(
    user: User, child: Child, access: SectionAccess
) -> dict[str, Any]:
    """What the child's page shows of the identification (core.pages contribution)."""
    view = identification_for_user(user=user, child=child, access=access)
    if view is None:
        return {"identification": None}
    if view.status.decisions:
        audit_consultation(
            actor=user, object_type="identification_decision", records=view.status.decisions
        )
    return _context(user, child, access, view)


def _view(user: User, child: Child, access: SectionAccess) -> IdentificationView:
    # Who records decisions for the agency holding the record reads them too
    # (identification_readable); this refusal is for a role changed meanwhile.
    view = identification_for_user(user=user, child=child, access=access)
    if view is None:
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED,
            _("You may not read this child's identification: it is part of the legal section."),
        )
    return view


def _render(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    template = (
        "identification/section.html"
        if request.htmx  # type: ignore[attr-defined]  # django-htmx
        else "identification/page.html"
    )
    return render(request, template, context, status=status)


@login_required
@require_GET
def identification_section(request: HttpRequest, child_id: str) -> HttpResponse:
    """The child's identification, as a page of its own or the section of the child's page."""
    user = web_user(request)
    child, view = access_identification_by_child_id(user, child_id)
    access = child_section_access_for(user, child)
    return _render(request, _context(user, child, access, view))


@login_required
@require_POST
def identification_decide_view(request: HttpRequest, child_id: str) -> HttpResponse:
    """Record a decision; the section comes back with it, or with the form's errors."""
    user = web_user(request)
    child = access_child_by_id(user, child_id, action=AuditAction.CHILD_READ_FOR_UPDATE)
    identification_capability_require(user)
    child_holder_require(user, child)
    access = child_section_access_for(user, child)
    view = _view(user, child, access)
    form = _form(user, view, request.POST)
    if form.is_valid():
        try:
            identification_decide(actor=user, child=child, data=form.input)
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            if not request.htmx:  # type: ignore[attr-defined]  # django-htmx
                return redirect(
                    reverse("children:detail", args=[child.public_id]) + "#identification"
                )
            # The section again, with the decision recorded and an empty form.
            return _render(request, identification_section_context(user, child, access))
    audit_consultation(
        actor=user, object_type="identification_decision", records=view.status.decisions
    )
    context = _context(user, child, access, view, form)
    return _render(request, context, status=form_status(form))
