from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The case events of a placement, on the timeline of the case it was made under.
EVENT_KINDS = {
    "placement_started": _("Placement started"),
    "placement_vetting_updated": _("Placement: vetting or safety plan updated"),
    "placement_ended": _("Placement ended"),
    "placement_visited": _("Placement visit recorded"),
}


class CareConfig(AppConfig):
    name = "kinhaven.care"
    label = "care"
    verbose_name = _("Alternative care")

    def ready(self) -> None:
        from kinhaven.care.selectors import places_held_by_placements
        from kinhaven.cases.views import CASE_PAGE
        from kinhaven.children.views import CHILD_PAGE
        from kinhaven.core.pages import page_contribute
        from kinhaven.referrals.selectors import places_taken_register
        from kinhaven.timeline.enums import event_kind_register

        for kind, label in EVENT_KINDS.items():
            event_kind_register(kind, label)
        # A current placement holds a place in its service of the directory.
        places_taken_register(places_held_by_placements)
        # The child's page shows the current placement, the history and the visits.
        page_contribute(CHILD_PAGE, _child_page)
        # The case page shows the child's current placement.
        page_contribute(CASE_PAGE, _case_page)


def _child_page(user: Any, page: Any) -> dict[str, object]:
    """The child's page shows, to those who read the care section, the placements with the
    current one first and its visits, and to those who write it the forms."""
    from kinhaven.care.views import care_section_context

    return care_section_context(user, page.child, access=page.access)


def _case_page(user: Any, case: Any) -> dict[str, object]:
    """The case page shows the child's current placement to those who read the care section."""
    from kinhaven.audit.services import audit_consultation
    from kinhaven.care.selectors import READ_SECTION, placement_current, placements_for_child
    from kinhaven.children.selectors import child_section_access_for

    access = child_section_access_for(user, case.child)
    if READ_SECTION not in access.read:
        return {"case_care_section": False}
    placements = list(
        placements_for_child(user=user, child=case.child, access=access).filter(ended_on=None)
    )
    audit_consultation(actor=user, object_type="placement", records=placements)
    return {"case_care_section": True, "case_placement": placement_current(placements)}
