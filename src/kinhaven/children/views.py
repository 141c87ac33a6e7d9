from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kinhaven.accounts.enums import Capability, RoleCode
from kinhaven.accounts.models import User
from kinhaven.accounts.services import capability_require
from kinhaven.audit.selectors import audit_entries_for_object
from kinhaven.audit.services import audit_consultation
from kinhaven.cases.models import Case
from kinhaven.children.access import access_child_by_id, access_child_for_break_glass
from kinhaven.children.forms import ChildForm
from kinhaven.children.grants import (
    break_glass_on_record,
    child_break_glass,
    child_guardian_appoint,
)
from kinhaven.children.models import Child
from kinhaven.children.sections import role_section_access
from kinhaven.children.selectors import (
    child_cases_for_user,
    child_holder_require,
    child_list_access,
    child_list_for_user,
    child_section_access_for,
    child_visibility_q,
)
from kinhaven.children.services import child_register, child_update
from kinhaven.core.errors import ApplicationError, NotFound
from kinhaven.core.pagination import paginate
from kinhaven.guardianship.selectors import guardian_history
from kinhaven.guardianship.services import guardian_handover
from kinhaven.tracing.forms import ReasonForm
from kinhaven.tracing.selectors import duplicate_views, duplicates_for_user, merges_for_child
from kinhaven.web.auth import web_user
from kinhaven.web.forms_utils import form_add_errors


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
        status=422 if form.errors else 200,
    )


@login_required
def child_detail(request: HttpRequest, child_id: str) -> HttpResponse:
    user = web_user(request)
    child = access_child_by_id(user, child_id)
    access = child_section_access_for(user, child)
    # Cases and guardians are the holding agency's to make (a referral never widens); the
    # section access already tells whether the user sees the child as its holder's own.
    held = access.relationship == "agency"
    context = {
        "child": child,
        "access": access,
        "cases": child_cases_for_user(user=user, child=child),
        "accesses": audit_entries_for_object(object_type="child", object_id=child.public_id)[:20],
        "can_edit": user.has_capability(Capability.CHILD_EDIT) and bool(access.write),
        "can_open_case": held and user.has_capability(Capability.CASE_OPEN),
        "break_glass": break_glass_on_record(child=child)[:20],
        "guardian_form": GuardianForm(initial={"guardian": child.guardian}),
        "handover_form": GuardianHandoverForm(),
        "can_appoint_guardian": held and user.has_capability(Capability.CHILD_GUARDIAN_APPOINT),
        "guardians": guardian_history(child=child)[:20],
        "duplicates": duplicate_views(
            user=user, candidates=list(duplicates_for_user(user=user, child=child)[:10])
        ),
        "merges": merges_for_child(child=child)[:10],
        "can_merge": user.has_capability(Capability.CHILD_MERGE),
        "undo_form": ReasonForm(),
    }
    return render(request, "children/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def child_edit(request: HttpRequest, child_id: str) -> HttpResponse:
    user = web_user(request)
    child = access_child_by_id(user, child_id, action="child.read_for_update")
    capability_require(user, Capability.CHILD_EDIT)
    access = child_section_access_for(user, child)
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
        status=422 if form.errors else 200,
    )


class BreakGlassForm(forms.Form):
    reference = forms.CharField(
        label=_("Case reference or child id"),
        max_length=64,
        help_text=_("For example KH-2026-000123."),
    )
    reason = forms.CharField(
        label=_("Why do you need this record now?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def child_break_glass_view(request: HttpRequest) -> HttpResponse:
    """Emergency access to a record outside the user's relationships."""
    user = web_user(request)
    capability_require(user, Capability.BREAK_GLASS)
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reference = form.cleaned_data["reference"].strip()
        case = Case.objects.filter(reference__iexact=reference).select_related("child").first()
        try:
            child = access_child_for_break_glass(user, case.child.public_id if case else reference)
            child_break_glass(actor=user, child=child, reason=form.cleaned_data["reason"])
        except NotFound:
            form.add_error("reference", _("No record has this reference."))
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            return redirect("children:detail", child_id=child.public_id)
    return render(
        request, "children/break_glass.html", {"form": form}, status=422 if form.errors else 200
    )


class GuardianForm(forms.Form):
    guardian = forms.ModelChoiceField(
        label=_("Guardian"),
        queryset=User.objects.none(),
        required=False,
        to_field_name="public_id",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["guardian"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = User.objects.filter(is_active=True, role__code=RoleCode.GUARDIAN).order_by(
            "username"
        )


class GuardianHandoverForm(GuardianForm):
    reason = forms.CharField(
        label=_("Reason for the handover"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["guardian"].required = True
        self.fields["guardian"].label = _("New guardian")


@login_required
@require_POST
def child_guardian_handover_view(request: HttpRequest, child_id: str) -> HttpResponse:
    """Hand the child over to the next guardian: the current appointment ends as it starts."""
    user = web_user(request)
    child = access_child_by_id(user, child_id, action="child.read_for_update")
    capability_require(user, Capability.CHILD_GUARDIAN_APPOINT)
    child_holder_require(user, child, field="guardian")
    form = GuardianHandoverForm(request.POST)
    if form.is_valid():
        try:
            guardian_handover(
                actor=user,
                child=child,
                guardian=form.cleaned_data["guardian"],
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Guardian handed over."))
    else:
        messages.error(request, _("Choose the new guardian and give the reason."))
    return redirect("children:detail", child_id=child.public_id)


@login_required
@require_POST
def child_guardian_view(request: HttpRequest, child_id: str) -> HttpResponse:
    user = web_user(request)
    child = access_child_by_id(user, child_id, action="child.read_for_update")
    capability_require(user, Capability.CHILD_GUARDIAN_APPOINT)
    child_holder_require(user, child, field="guardian")
    form = GuardianForm(request.POST)
    if form.is_valid():
        try:
            child_guardian_appoint(actor=user, child=child, guardian=form.cleaned_data["guardian"])
        except ApplicationError as exc:
            messages.error(request, str(exc.message))
    else:
        messages.error(request, _("Choose a guardian from the list."))
    if not Child.objects.filter(child_visibility_q(user), pk=child.pk).exists():
        return redirect("children:list")
    return redirect("children:detail", child_id=child.public_id)
