from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kinhaven.accounts.auth import web_user
from kinhaven.accounts.enums import Capability
from kinhaven.accounts.services import capability_require
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.selectors import audit_entries_for_object
from kinhaven.audit.services import audit_consultation
from kinhaven.children.access import (
    access_child_by_id,
    access_child_for_break_glass,
    child_edit_require,
)
from kinhaven.children.forms import (
    BreakGlassForm,
    ChildForm,
)
from kinhaven.children.grants import (
    break_glass_on_record,
    child_break_glass,
)
from kinhaven.children.models import Child
from kinhaven.children.relations import child_id_for_reference
from kinhaven.children.schemas import MAX_BREAK_GLASS_QUERY
from kinhaven.children.sections import SectionAccess, role_section_access
from kinhaven.children.selectors import (
    break_glass_candidates,
    child_list_access,
    child_list_for_user,
    child_section_access_for,
)
from kinhaven.children.services import child_register, child_update
from kinhaven.core.errors import ApplicationError, NotFound
from kinhaven.core.forms import form_add_errors, form_status
from kinhaven.core.pages import page_contributions
from kinhaven.core.pagination import paginate

# The key under which higher apps add their parts to the child's page.
CHILD_PAGE = "children.detail"


@dataclass(frozen=True)
class ChildPage:
    """What a part of the child's page is given: the child and what the user may see of it."""

    child: Child
    access: SectionAccess

    @property
    def held(self) -> bool:
        """Whether the user's agency holds the record: cases and guardians are its to make (a
        referral never widens), and the section access already tells."""
        return self.access.relationship == "agency"


@login_required
@require_http_methods(["GET", "POST"])
def child_list(request: HttpRequest) -> HttpResponse:
    """List children; names are searched by POST so they never appear in URLs or logs."""
    user = web_user(request)
    query = request.POST.get("q", "")[:200] if request.method == "POST" else ""
    page = paginate(
        child_list_for_user(user=user, filters={"q": query}), page=request.POST.get("page")
    )
    audit_consultation(actor=user, object_type="child", records=page.object_list)
    template = "children/list.html#results" if request.htmx else "children/list.html"  # type: ignore[attr-defined]  # django-htmx
    rows = [(child, child_list_access(user, child)) for child in page.object_list]
    return render(request, template, {"page": page, "rows": rows, "q": query})


@login_required
@require_http_methods(["GET", "POST"])
def child_create(request: HttpRequest) -> HttpResponse:
    user = web_user(request)
    capability_require(user, Capability.CHILD_REGISTER)
    form = ChildForm(request.POST or None, writable=role_section_access(user).write)
    if request.method == "POST" and form.is_valid():
        try:
            child = child_register(actor=user, data=form.input)
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            return redirect("children:detail", child_id=child.public_id)
    return render(
        request,
        "children/form.html",
        {"form": form, "can_register": user.has_capability(Capability.CHILD_REGISTER)},
        status=form_status(form),
    )


@login_required
def child_detail(request: HttpRequest, child_id: str) -> HttpResponse:
    user = web_user(request)
    child = access_child_by_id(user, child_id)
    access = child_section_access_for(user, child)
    context: dict[str, object] = {
        "child": child,
        "access": access,
        "accesses": audit_entries_for_object(object_type="child", object_id=child.public_id)[:20],
        "can_edit": user.has_capability(Capability.CHILD_EDIT) and bool(access.write),
        "break_glass": break_glass_on_record(child=child)[:20],
        # Parts owned by apps above children: cases, guardians, duplicates (core.pages).
        **page_contributions(CHILD_PAGE, user, ChildPage(child=child, access=access)),
    }
    return render(request, "children/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def child_edit(request: HttpRequest, child_id: str) -> HttpResponse:
    user = web_user(request)
    child = access_child_by_id(user, child_id, action=AuditAction.CHILD_READ_FOR_UPDATE)
    access = child_edit_require(user, child)
    form = ChildForm(
        request.POST or None,
        writable=access.write,
        child=child,
        initial=ChildForm.initial_for(child),
    )
    if request.method == "POST" and form.is_valid():
        try:
            child_update(actor=user, child=child, changes=form.input)
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            return redirect("children:detail", child_id=child.public_id)
    return render(
        request,
        "children/form.html",
        {"form": form, "child": child},
        status=form_status(form),
    )


# The break-glass page's two ways: a name search (`search`), then a child picked from its results
# with the reason (prefix `pick`); or a case reference with the reason.
SEARCH = "search"
PICK = "pick"


@login_required
@require_http_methods(["GET", "POST"])
def child_break_glass_view(request: HttpRequest) -> HttpResponse:
    """Emergency access to a record outside the user's relationships. The record is found by a
    case reference or the child's id, or by name: a search (POST, so names stay out of URLs and
    logs; audited) shows a name, a year of birth and the holding agency, and one is picked. Either
    way the access needs the written reason, is time-limited and reported (child_break_glass)."""
    user = web_user(request)
    capability_require(user, Capability.BREAK_GLASS)
    posted = request.POST if request.method == "POST" else None
    picking = posted is not None and any(k.startswith(f"{PICK}-") for k in posted)
    searching = posted is not None and SEARCH in posted
    by_reference = posted is not None and not picking and not searching
    form = BreakGlassForm(posted if by_reference else None)
    pick_form = BreakGlassForm(posted if picking else None, prefix=PICK)
    query = (posted.get("q", "") if posted is not None else "").strip()[:MAX_BREAK_GLASS_QUERY]
    context: dict[str, Any] = {"form": form, "pick_form": pick_form, "q": query}
    status = 200
    if searching or picking:
        if query:
            context["candidates"], context["more"] = break_glass_candidates(user=user, query=query)
        elif searching:
            context["q_error"] = _("Enter the child's name, in any script.")
            status = 422
    sent = pick_form if picking else form
    if (picking or by_reference) and sent.is_valid():
        data = sent.input
        try:
            child = access_child_for_break_glass(user, child_id_for_reference(data.reference))
            child_break_glass(actor=user, child=child, reason=data.reason)
        except NotFound:
            sent.add_error(
                "reference",
                _("Pick a child from the list.") if picking else _("No record has this reference."),
            )
        except ApplicationError as exc:
            form_add_errors(sent, exc)
        else:
            return redirect("children:detail", child_id=child.public_id)
    if picking or by_reference:
        status = form_status(sent)
    return render(request, "children/break_glass.html", context, status=status)
