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
        from kinhaven.tracing.merge_checks import on_child_merge_check

        for kind, label in EVENT_KINDS.items():
            event_kind_register(kind, label)
        page_contribute(CHILD_PAGE, _child_page)
        page_contribute(CASE_PAGE, _case_page)
        # Two records of one child, each with an open episode, are not merged.
        on_child_merge_check(_merge_check)
        # An erased episode takes its photo with it (retention).
        from kinhaven.core.erasure import erasure_hook_register
        from kinhaven.missing.models import Episode

        erasure_hook_register(Episode, _photos_erase)


def _child_page(user: Any, page: Any) -> dict[str, object]:
    """The child's page shows the missing episodes to those who read the location section."""
    from kinhaven.missing.views import missing_section_context

    return missing_section_context(user, page.child, access=page.access)


def _case_page(user: Any, case: Any) -> dict[str, object]:
    """The case page links to the child's missing episodes; to those who may report, as the
    report form (the one way to report the child missing, which asks for a confirmation)."""
    from kinhaven.accounts.enums import Capability
    from kinhaven.children.selectors import child_section_access_for
    from kinhaven.missing.selectors import READ_SECTION

    access = child_section_access_for(user, case.child)
    return {
        "case_missing_section": READ_SECTION in access.read,
        "case_missing_can_report": user.has_capability(Capability.CASE_EDIT)
        and READ_SECTION in access.write,
    }


def _photos_erase(episodes: Any) -> list[Any]:
    """The photos of erased episodes, removed once the erasure is committed."""
    from functools import partial

    from kinhaven.missing.photos import photo_delete

    return [partial(photo_delete, e.photo_name) for e in episodes if e.photo_name]


def _merge_check(kept: Any, merged: Any) -> None:
    """Refuse to merge two records that each have an open missing episode (one open episode
    per child, a database constraint): 409 naming `missing_episode`."""
    from django.utils.translation import gettext as _

    from kinhaven.core.errors import ApplicationError, ErrorCode
    from kinhaven.missing.enums import EpisodeStatus
    from kinhaven.missing.models import Episode

    open_ = Episode.objects.filter(status=EpisodeStatus.OPEN)
    if all(open_.filter(child=c).exists() for c in (kept, merged)):
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("Each record has an open missing episode: close one before merging."),
            field="missing_episode",
        )
