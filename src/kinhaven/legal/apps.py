from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The case events of the legal tracks besides proceeding_updated, on the timeline of each of the
# child's open cases.
EVENT_KINDS = {
    "permit_recorded": _("Residence permit recorded"),
    "legal_task_opened": _("Task on the legal tracks opened"),
    "legal_task_done": _("Task on the legal tracks done"),
    "child_informed": _("Information given to the child recorded"),
}


class LegalConfig(AppConfig):
    name = "kinhaven.legal"
    label = "legal"

    def ready(self) -> None:
        from kinhaven.children.views import CHILD_PAGE
        from kinhaven.core.pages import page_contribute
        from kinhaven.identification.hooks import on_identification_decided
        from kinhaven.legal.decisions import decision_sources_register
        from kinhaven.legal.services import non_punishment_on_identification
        from kinhaven.timeline.enums import event_kind_register

        for kind, label in EVENT_KINDS.items():
            event_kind_register(kind, label)
        decision_sources_register()
        # A child found a possible victim: the non-punishment task on proceedings as a suspect.
        on_identification_decided(non_punishment_on_identification)
        # The child's page prompts for the decisions the child has not been told about.
        page_contribute(CHILD_PAGE, _child_page)


def _child_page(user: Any, page: Any) -> dict[str, object]:
    from kinhaven.accounts.enums import Section
    from kinhaven.audit.services import audit_consultation
    from kinhaven.legal.enums import PermitBasis
    from kinhaven.legal.selectors import COOPERATION_WARNING, decisions_untold, permits_for_child

    if Section.LEGAL not in page.access.read:
        return {"untold_decisions": [], "cooperation_warning": ""}
    permits = list(
        permits_for_child(user=user, child=page.child, access=page.access).filter(
            basis=PermitBasis.COOPERATION
        )
    )
    audit_consultation(actor=user, object_type="permit", records=permits)
    return {
        "untold_decisions": decisions_untold(child=page.child, access=page.access),
        # The child's residence rests on a permit for cooperation with the authorities.
        "cooperation_warning": COOPERATION_WARNING if permits else "",
    }
