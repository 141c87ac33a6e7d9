from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The case events of case plans.
EVENT_KINDS = {
    "plan_changed": _("Case plan changed"),
    "plan_action_done": _("Case plan: action done"),
    "plan_submitted": _("Case plan submitted for approval"),
    "plan_approved": _("Case plan approved"),
    "plan_sent_back": _("Case plan sent back"),
    "plan_review_recorded": _("Case plan reviewed"),
}


class PlansConfig(AppConfig):
    name = "kinhaven.plans"
    label = "plans"
    verbose_name = _("Case plans")

    def ready(self) -> None:
        from kinhaven.accounts.enums import Capability
        from kinhaven.approvals.registry import approvable_register
        from kinhaven.cases.views import CASE_PAGE
        from kinhaven.core.pages import page_contribute
        from kinhaven.core.worklist import worklist_register
        from kinhaven.plans.enums import PLAN_APPROVAL_KIND
        from kinhaven.plans.selectors import plan_action_work_items
        from kinhaven.plans.services import case_plan_decided
        from kinhaven.timeline.enums import event_kind_register

        for kind, label in EVENT_KINDS.items():
            event_kind_register(kind, label)
        # A supervisor (by default) approves a version of the plan or sends it back.
        approvable_register(
            PLAN_APPROVAL_KIND,
            Capability.CASE_PLAN_APPROVE,
            case_plan_decided,
            label=_("Approve a case plan"),
            url=_plan_url,
        )
        # The case page shows a short summary of the plan.
        page_contribute(CASE_PAGE, _case_page)
        # Open actions of a plan are on their owner's task list.
        worklist_register("plan_action", plan_action_work_items)


def _plan_url(request: Any) -> str:
    """The plan page, where the version is decided."""
    from django.urls import reverse

    from kinhaven.plans.models import PlanSubmission

    case_id = (
        PlanSubmission.objects.filter(public_id=request.object_id)
        .values_list("plan__case__public_id", flat=True)
        .get()
    )
    return reverse("plans:page", args=[case_id])


def _case_page(user: Any, case: Any) -> dict[str, object]:
    from kinhaven.plans.selectors import plan_summary

    return {"case_plan_section": True, "case_plan": plan_summary(case=case)}
