from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

EVENT_KINDS = {
    "interview_planned": _("Interview planned"),
    "interview_repeat_approved": _("Repeat interview approved"),
    "interview_held": _("Interview held"),
    "interview_cancelled": _("Interview cancelled"),
}


class InterviewsConfig(AppConfig):
    name = "kinhaven.interviews"
    label = "interviews"
    verbose_name = _("Interviews")

    def ready(self) -> None:
        from kinhaven.children.views import CHILD_PAGE
        from kinhaven.core.pages import page_contribute
        from kinhaven.timeline.enums import event_kind_register

        for kind, label in EVENT_KINDS.items():
            event_kind_register(kind, label)
        page_contribute(CHILD_PAGE, _child_page)


def _child_page(user: Any, page: Any) -> dict[str, object]:
    """The child's page links to the interviews for those who read the interviews section."""
    from kinhaven.interviews.selectors import READ_SECTION

    return {"interviews_section": READ_SECTION in page.access.read}
