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

        from kinhaven.core.encryption import wrapped_key_field_register
        from kinhaven.core.erasure import erasure_hook_register
        from kinhaven.interviews.models import Recording

        # A rotation of the key-encryption key re-wraps each recording's key; an erased
        # recording takes its encrypted segments with it.
        wrapped_key_field_register(Recording, "wrapped_key")
        erasure_hook_register(Recording, _segments_erase)


def _child_page(user: Any, page: Any) -> dict[str, object]:
    """The child's page links to the interviews for those who read the interviews section."""
    from kinhaven.interviews.selectors import READ_SECTION

    return {"interviews_section": READ_SECTION in page.access.read}


def _segments_erase(recordings: Any) -> list[Any]:
    """The stored segments of erased recordings, removed once the erasure is committed."""
    from functools import partial

    from kinhaven.interviews.media import recording_storage, segment_count

    storage = recording_storage()
    return [
        partial(storage.delete, f"{r.storage_name}/{i:08d}")
        for r in recordings
        for i in range(segment_count(r.size, r.segment_size))
    ]
