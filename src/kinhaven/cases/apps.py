from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from kinhaven.cases.enums import CaseStatus
from kinhaven.timeline.enums import EVENT_KINDS, CaseEventKind


class CasesConfig(AppConfig):
    name = "kinhaven.cases"
    label = "cases"

    def ready(self) -> None:
        from kinhaven.accounts.enums import Capability
        from kinhaven.approvals.registry import approvable_register
        from kinhaven.cases.enums import CLOSURE_APPROVAL_KIND
        from kinhaven.cases.models import Case
        from kinhaven.cases.moves import CASE_MOVED, CASE_MOVED_LABEL
        from kinhaven.cases.selectors import children_with_case_q
        from kinhaven.cases.services import case_closure_decided
        from kinhaven.children.hooks import on_child_changed
        from kinhaven.children.relations import child_case_link_register, child_reference_register
        from kinhaven.children.sections import field_labels
        from kinhaven.children.views import CHILD_PAGE
        from kinhaven.core.pages import page_contribute
        from kinhaven.timeline.enums import event_kind_register

        # The timeline names the statuses of a status change, and the fields a change lists,
        # without importing this app or the child's.
        EVENT_KINDS.statuses_register(CaseEventKind.STATUS_CHANGED, CaseStatus.choices)
        EVENT_KINDS.fields_register(
            CaseEventKind.UPDATED, {"summary": Case._meta.get_field("summary").verbose_name}
        )
        EVENT_KINDS.fields_register(CaseEventKind.CHILD_UPDATED, field_labels())
        # Children learn which of them a user reaches through a case.
        child_case_link_register(children_with_case_q)
        # Break-glass finds a child by one of its cases' references too.
        child_reference_register(_child_for_case_reference)
        page_contribute(CHILD_PAGE, _child_page)
        # A case closes when a supervisor (by default) approves the request to close it.
        for kind, label in CLOSURE_EVENT_KINDS.items():
            event_kind_register(kind, label)
        event_kind_register(CASE_MOVED, CASE_MOVED_LABEL)
        approvable_register(
            CLOSURE_APPROVAL_KIND,
            Capability.CASE_CLOSE_APPROVE,
            case_closure_decided,
            label=_("Approve the closure of a case"),
            url=_closure_url,
        )
        # A change to a child's record goes on the timeline of each of its open cases.
        on_child_changed(_child_changed)


CLOSURE_EVENT_KINDS = {
    "closure_requested": _("Closure asked for"),
    "closure_approved": _("Closure approved"),
    "closure_sent_back": _("Closure sent back"),
}


def _closure_url(request: Any) -> str:
    """The case page, where the closure is decided."""
    from django.urls import reverse

    from kinhaven.cases.models import CaseClosure

    case_id = (
        CaseClosure.objects.filter(public_id=request.object_id)
        .values_list("case__public_id", flat=True)
        .get()
    )
    return reverse("cases:detail", args=[case_id])


def _child_for_case_reference(reference: str) -> str | None:
    from kinhaven.cases.models import Case

    child_id = (
        Case.objects.filter(reference__iexact=reference)
        .values_list("child__public_id", flat=True)
        .first()
    )
    return str(child_id) if child_id is not None else None


def _child_page(user: Any, page: Any) -> dict[str, object]:
    """The child's page lists the child's cases the user sees and, to the holder, offers to
    open one."""
    from kinhaven.accounts.enums import Capability
    from kinhaven.cases.selectors import child_cases_for_user

    return {
        "cases": child_cases_for_user(user=user, child=page.child),
        "can_open_case": page.held and user.has_capability(Capability.CASE_OPEN),
    }


def _child_changed(change: Any) -> None:
    from kinhaven.cases.services import case_events_record_for_child

    case_events_record_for_child(
        child=change.child,
        actor=change.actor,
        kind="child_updated",
        data={"fields": list(change.fields)},
    )
