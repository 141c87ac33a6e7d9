from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The case events of return and durable solutions, on the timeline of the child's open cases.
EVENT_KINDS = {
    "solution_assessment_recorded": _("Return: risk or family assessment recorded"),
    "solution_plan_drafted": _("Durable-solution plan drafted"),
    "solution_plan_adopted": _("Durable-solution plan adopted"),
    "solution_plan_closed": _("Durable-solution plan closed"),
    "solution_step_added": _("Durable-solution plan: step added"),
    "solution_step_done": _("Durable-solution plan: step done"),
    "departure_decided": _("Return or relocation decided"),
}


class SolutionsConfig(AppConfig):
    name = "kinhaven.solutions"
    label = "solutions"
    verbose_name = _("Return and durable solutions")

    def ready(self) -> None:
        from kinhaven.children.views import CHILD_PAGE
        from kinhaven.core.pages import page_contribute
        from kinhaven.timeline.enums import event_kind_register

        for kind, label in EVENT_KINDS.items():
            event_kind_register(kind, label)
        # The child's page shows the plan in force or in draft and the departures decided.
        # (Adopted plans and departures are decisions the child is told about: registered by
        # legal.decisions, since legal sits above this app.)
        page_contribute(CHILD_PAGE, _child_page)


def _child_page(user: Any, page: Any) -> dict[str, object]:
    """The live plan with its steps and the departures, for those who read the care section of
    the child's file; each record listed is audited."""
    from kinhaven.audit.services import audit_consultation
    from kinhaven.solutions.selectors import (
        READ_SECTION,
        departures_for_child,
        plan_live,
        plans_for_child,
    )

    if READ_SECTION not in page.access.read:
        return {"solutions_section": False}
    plans = list(plans_for_child(user=user, child=page.child, access=page.access))
    departures = list(departures_for_child(user=user, child=page.child, access=page.access))
    audit_consultation(actor=user, object_type="solution_plan", records=plans)
    audit_consultation(actor=user, object_type="departure", records=departures)
    return {
        "solutions_section": True,
        "sol_live_plan": plan_live(plans),
        "sol_departures": departures,
    }
