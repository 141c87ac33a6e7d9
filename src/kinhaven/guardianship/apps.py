from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class GuardianshipConfig(AppConfig):
    name = "kinhaven.guardianship"
    label = "guardianship"

    def ready(self) -> None:
        from kinhaven.children.views import CHILD_PAGE
        from kinhaven.core.pages import page_contribute

        page_contribute(CHILD_PAGE, _child_page)


def _child_page(user: Any, page: Any) -> dict[str, object]:
    """The child's page shows the guardians over time and, to the holder, the forms to appoint
    or hand over."""
    from kinhaven.accounts.enums import Capability
    from kinhaven.guardianship.forms import GuardianForm, GuardianHandoverForm
    from kinhaven.guardianship.selectors import guardian_history

    return {
        "guardian_form": GuardianForm(initial={"guardian": page.child.guardian}),
        "handover_form": GuardianHandoverForm(),
        "can_appoint_guardian": page.held
        and user.has_capability(Capability.CHILD_GUARDIAN_APPOINT),
        "guardians": guardian_history(child=page.child)[:20],
    }
