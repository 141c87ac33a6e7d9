from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The case events of an age assessment, on the timeline of each of the child's open cases.
EVENT_KINDS = {
    "age_requested": _("Age assessment requested"),
    "age_method_recorded": _("Age assessment: method recorded"),
    "age_decided": _("Age assessment decided"),
    "age_notice_recorded": _("Age decision made known"),
    "age_appealed": _("Age decision appealed"),
    "age_appeal_decided": _("Appeal against the age decision decided"),
    "age_withdrawn": _("Age assessment withdrawn"),
}


class AgesConfig(AppConfig):
    name = "kinhaven.ages"
    label = "ages"
    verbose_name = _("Age assessment")

    def ready(self) -> None:
        from kinhaven.children.views import CHILD_PAGE
        from kinhaven.core.pages import page_contribute
        from kinhaven.timeline.enums import event_kind_register

        for kind, label in EVENT_KINDS.items():
            event_kind_register(kind, label)
        # The child's page shows where the age stands and the assessments.
        page_contribute(CHILD_PAGE, _child_page)


def _child_page(user: Any, page: Any) -> dict[str, object]:
    """The child's page shows, to those who read the child's identity, whether the person is
    treated as a child and why, the assessments, and to the holder the form to ask for one."""
    from kinhaven.accounts.enums import Capability
    from kinhaven.ages.forms import AgeRequestForm
    from kinhaven.ages.selectors import READ_SECTION, age_assessments_for_child, age_standing
    from kinhaven.audit.services import audit_consultation

    if READ_SECTION not in page.access.read:
        return {"age_section": False}
    assessments = list(age_assessments_for_child(user=user, child=page.child, access=page.access))
    audit_consultation(actor=user, object_type="age_assessment", records=assessments)
    return {
        "age_section": True,
        "age_standing": age_standing(child=page.child, assessments=assessments),
        "age_assessments": assessments,
        "can_request_age": page.held and user.has_capability(Capability.AGE_REQUEST),
        "age_request_form": AgeRequestForm(),
    }
