from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The case events of a missing episode, on the timeline of the case it was reported under (the
# case's own "reported missing" and "found" events come with its missing flag).
EVENT_KINDS = {
    "missing_episode_reported": _("Missing episode reported, risk graded"),
    "missing_police_informed": _("Missing: police informed"),
    "missing_alerts_recorded": _("Missing: alerts recorded"),
    "missing_sighting": _("Missing: sighting logged"),
    "missing_action": _("Missing: action logged"),
    "missing_found": _("Missing episode: child found"),
    "missing_closed": _("Missing episode closed otherwise"),
    "missing_return_interview": _("Missing: return interview recorded"),
}


class MissingConfig(AppConfig):
    name = "kinhaven.missing"
    label = "missing"
    verbose_name = _("Missing children")

    def ready(self) -> None:
        from kinhaven.cases.views import CASE_PAGE
        from kinhaven.children.views import CHILD_PAGE
        from kinhaven.core.pages import page_contribute
        from kinhaven.timeline.enums import event_kind_register

        for kind, label in EVENT_KINDS.items():
            event_kind_register(kind, label)
        page_contribute(CHILD_PAGE, _child_page)
        page_contribute(CASE_PAGE, _case_page)


def _child_page(user: Any, page: Any) -> dict[str, object]:
    """The child's page shows the missing episodes to those who read the location section."""
    from kinhaven.missing.views import missing_section_context

    return missing_section_context(user, page.child, access=page.access)


def _case_page(user: Any, case: Any) -> dict[str, object]:
    """The case page links to the report form (the one way to report the child missing)."""
    from kinhaven.children.selectors import child_section_access_for
    from kinhaven.missing.selectors import READ_SECTION

    access = child_section_access_for(user, case.child)
    return {"case_missing_section": READ_SECTION in access.read}
