from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentificationConfig(AppConfig):
    name = "kinhaven.identification"
    label = "identification"

    def ready(self) -> None:
        from kinhaven.children.details import child_detail_part_register
        from kinhaven.children.views import CHILD_PAGE
        from kinhaven.core.pages import page_contribute
        from kinhaven.deadlines.enums import DeadlineCode
        from kinhaven.deadlines.holds import deadline_hold_register
        from kinhaven.identification.schemas import IdentificationStatusOut
        from kinhaven.identification.selectors import reflection_period_held
        from kinhaven.identification.services import EVENT_DECIDED, EVENT_REVIEWED
        from kinhaven.timeline.enums import EVENT_KINDS

        EVENT_KINDS.register(EVENT_DECIDED, _("Identification decision recorded"))
        EVENT_KINDS.register(EVENT_REVIEWED, _("Identification decision reviewed"))
        # The child's page and its record in the API show the status and how it was reached.
        page_contribute(CHILD_PAGE, _child_page)
        child_detail_part_register(
            "identification",
            IdentificationStatusOut,
            _child_detail,
            description="identification as a victim of trafficking: the status in force and "
            "how it was reached; left out without the legal section",
        )
        # The reflection period runs on while the conclusive decision is pending, where the
        # country's rule says so.
        deadline_hold_register(DeadlineCode.REFLECTION_PERIOD, reflection_period_held)


def _child_detail(user: Any, child: Any, access: Any) -> dict[str, object] | None:
    from kinhaven.audit.services import audit_consultation
    from kinhaven.identification.presenters import status_dict
    from kinhaven.identification.selectors import (
        child_identification_status,
        identification_readable,
    )

    if not identification_readable(user, access):
        return None
    status = child_identification_status(child)
    if status.decisions:
        audit_consultation(
            actor=user, object_type="identification_decision", records=status.decisions
        )
    return status_dict(status)


def _child_page(user: Any, page: Any) -> dict[str, object]:
    """The child's page shows the identification to those who may read it and, to those who
    record decisions for the agency holding the record, the form to record one."""
    from kinhaven.identification.views import identification_section_context

    return identification_section_context(user, page.child, page.access)
