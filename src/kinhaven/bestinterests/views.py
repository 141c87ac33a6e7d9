"""The best-interests page of a child: the assessments with every version, the determinations
with their panels, and the forms the user may use (record a version, submit it, approve it or
send it back, record a determination). With HTMX a form swaps the page's record in place;
without it, the page posts and redirects."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kinhaven.accounts.auth import web_user
from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import User
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_consultation
from kinhaven.bestinterests.access import access_assessment_by_id, access_version_by_id
from kinhaven.bestinterests.enums import BidPurpose, VersionStatus
from kinhaven.bestinterests.forms import (
    ApprovalDecisionForm,
    AssessmentVersionForm,
    DeterminationForm,
    SubmitForm,
)
from kinhaven.bestinterests.selectors import (
    READ_SECTION,
    assessments_for_child,
    determination_is_current,
    determinations_for_child,
    version_current,
)
from kinhaven.bestinterests.services import (
    bi_write_require,
    bia_decide_require,
    bia_version_decide,
    bia_version_record,
    bia_version_submit,
    bid_record,
)
from kinhaven.children.access import access_child_by_id
from kinhaven.children.models import Child
from kinhaven.children.selectors import child_section_access_for
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, NotFound
from kinhaven.core.forms import form_add_errors, form_status

_OPEN = (VersionStatus.DRAFT, VersionStatus.SUBMITTED)


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _allowed(check: Callable[[], None]) -> bool:
    try:
        check()
    except ApplicationError:
        return False
    return True


def _page_context(
    user: User, child: Child, sent: dict[str, forms.Form] | None = None
) -> dict[str, Any]:
    """The child's BIAs and BIDs (each listed one audited) and the forms the user may use; a
    form sent back with its errors (`sent`, by name and record) stands in for the blank one."""
    access = child_section_access_for(user, child)
    if READ_SECTION not in access.read:
        raise NotFound(_("Child not found."))
    assessments = list(assessments_for_child(user=user, child=child, access=access))
    determinations = list(determinations_for_child(user=user, child=child, access=access))
    audit_consultation(actor=user, object_type="best_interests_assessment", records=assessments)
    audit_consultation(
        actor=user, object_type="best_interests_determination", records=determinations
    )
    edits = _allowed(lambda: bi_write_require(user, child, Capability.CASE_EDIT))
    approves = _allowed(lambda: bia_decide_require(user, child))
    determines = _allowed(
        lambda: bi_write_require(user, child, Capability.BEST_INTERESTS_DETERMINE)
    )
    sent = sent or {}
    shown: set[str] = set()
    entries = []
    for a in assessments:
        versions = list(a.versions.all())
        in_works = next((v for v in versions if v.status in _OPEN), None)
        entry: dict[str, Any] = {
            "assessment": a,
            "versions": list(reversed(versions)),
            "current": version_current(a),
            "in_works": in_works,
        }
        key = f"version:{a.public_id}"
        if key in sent:
            entry["version_form"] = sent[key]
            shown.add(key)
        elif edits and in_works is None:
            entry["version_form"] = AssessmentVersionForm.from_version(
                versions[-1] if versions else None
            )
        if in_works is not None:
            key = f"submit:{in_works.public_id}"
            if key in sent:
                entry["submit_form"] = sent[key]
                shown.add(key)
            elif edits and in_works.status == VersionStatus.DRAFT:
                entry["submit_form"] = SubmitForm()
            key = f"decision:{in_works.public_id}"
            if key in sent:
                entry["decision_form"] = sent[key]
                shown.add(key)
            elif (
                approves
                and in_works.status == VersionStatus.SUBMITTED
                and in_works.recorded_by_id != user.pk  # who wrote it does not approve it
            ):
                entry["decision_form"] = ApprovalDecisionForm()
        entries.append(entry)
    bids = [
        {
            "bid": d,
            "current": i == 0 and determination_is_current(d),
            "purposes": [BidPurpose(p).label for p in d.purposes if p in BidPurpose.values],
        }
        for i, d in enumerate(determinations)
    ]
    shown.add("bid")
    bid_form = sent.get("bid")
    if bid_form is None and determines:
        bid_form = DeterminationForm(initial={"decided_on": time.today()})
    return {
        "child": child,
        "entries": entries,
        "bids": bids,
        "bid_form": bid_form,
        # The refusal of a form no longer offered (a version decided meanwhile) stands on top.
        "errors": [
            str(message)
            for key, form in sent.items()
            if key not in shown
            for messages_ in form.errors.values()
            for message in messages_
        ],
        "waiting": any(e["in_works"] and e["in_works"].status == "submitted" for e in entries),
    }


@login_required
@require_GET
def best_interests_page(request: HttpRequest, child_id: str) -> HttpResponse:
    """The child's assessments and determinations, and the forms the user may use."""
    user = web_user(request)
    child = access_child_by_id(user, child_id)
    return render(request, "bestinterests/page.html", _page_context(user, child))


def _write(
    request: HttpRequest,
    user: User,
    child: Child,
    *,
    key: str,
    form: forms.Form,
    act: Callable[[], object],
    done: str,
) -> HttpResponse:
    """One write on the page: the form checked by its input model, the service called; the
    record part of the page again (HTMX) or a redirect to the page."""
    if form.is_valid():
        try:
            act()
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            if _htmx(request):
                context = {**_page_context(user, child), "done": done}
                return render(request, "bestinterests/page.html#record", context)
            messages.success(request, done)
            return redirect("bestinterests:page", child_id=child.public_id)
    context = _page_context(user, child, {key: form})
    template = "bestinterests/page.html#record" if _htmx(request) else "bestinterests/page.html"
    return render(request, template, context, status=form_status(form))


@login_required
@require_POST
def version_record_view(request: HttpRequest, child_id: str, assessment_id: str) -> HttpResponse:
    """Record a new version of the assessment; the earlier ones are kept."""
    user = web_user(request)
    assessment = access_assessment_by_id(
        user,
        assessment_id,
        child_id=child_id,
        action=AuditAction.BEST_INTERESTS_ASSESSMENT_READ_FOR_UPDATE,
    )
    bi_write_require(user, assessment.child, Capability.CASE_EDIT)
    form = AssessmentVersionForm(request.POST)
    return _write(
        request,
        user,
        assessment.child,
        key=f"version:{assessment.public_id}",
        form=form,
        act=lambda: bia_version_record(actor=user, assessment=assessment, data=form.input),
        done=_("Version recorded."),
    )


@login_required
@require_POST
def version_submit_view(request: HttpRequest, child_id: str, version_id: str) -> HttpResponse:
    """Submit a draft version for approval."""
    user = web_user(request)
    version = access_version_by_id(
        user,
        version_id,
        child_id=child_id,
        action=AuditAction.BEST_INTERESTS_ASSESSMENT_READ_FOR_UPDATE,
    )
    child = version.assessment.child
    bi_write_require(user, child, Capability.CASE_EDIT)
    return _write(
        request,
        user,
        child,
        key=f"submit:{version.public_id}",
        form=SubmitForm(request.POST),
        act=lambda: bia_version_submit(actor=user, version=version),
        done=_("Version submitted for approval."),
    )


@login_required
@require_POST
def version_decide_view(request: HttpRequest, child_id: str, version_id: str) -> HttpResponse:
    """Approve a submitted version, or send it back with reasons; never one's own."""
    user = web_user(request)
    version = access_version_by_id(
        user,
        version_id,
        child_id=child_id,
        action=AuditAction.BEST_INTERESTS_ASSESSMENT_READ_FOR_UPDATE,
    )
    child = version.assessment.child
    bia_decide_require(user, child)
    form = ApprovalDecisionForm(request.POST)
    return _write(
        request,
        user,
        child,
        key=f"decision:{version.public_id}",
        form=form,
        act=lambda: bia_version_decide(actor=user, version=version, data=form.input),
        done=_("Decision recorded."),
    )


@login_required
@require_POST
def determination_record_view(request: HttpRequest, child_id: str) -> HttpResponse:
    """Record a panel's determination with its members, positions and review date."""
    user = web_user(request)
    child = access_child_by_id(user, child_id, action=AuditAction.CHILD_READ_FOR_UPDATE)
    bi_write_require(user, child, Capability.BEST_INTERESTS_DETERMINE)
    form = DeterminationForm(request.POST)
    return _write(
        request,
        user,
        child,
        key="bid",
        form=form,
        act=lambda: bid_record(actor=user, child=child, data=form.input),
        done=_("Determination recorded."),
    )
