from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class TracingConfig(AppConfig):
    name = "kinhaven.tracing"
    label = "tracing"

    def ready(self) -> None:
        # Children may not import tracing (tracing builds on it): tracing hooks in.
        from kinhaven.children.hooks import on_child_saved
        from kinhaven.children.views import CHILD_PAGE
        from kinhaven.core.pages import page_contribute
        from kinhaven.core.worklist import worklist_register
        from kinhaven.tracing.hooks import child_saved_match

        on_child_saved(child_saved_match)
        page_contribute(CHILD_PAGE, _child_page)
        # Possible duplicates the user may judge are in their task list.
        worklist_register("duplicate", _duplicate_tasks)


def _child_page(user: Any, page: Any) -> dict[str, object]:
    """The child's page lists possible duplicates the user may judge and the record's merges."""
    from kinhaven.accounts.enums import Capability
    from kinhaven.tracing.forms import ReasonForm
    from kinhaven.tracing.selectors import duplicate_views, duplicates_for_user, merges_for_child

    child = page.child
    return {
        "duplicates": duplicate_views(
            user=user, candidates=list(duplicates_for_user(user=user, child=child)[:10])
        ),
        "merges": merges_for_child(child=child)[:10],
        "can_merge": user.has_capability(Capability.CHILD_MERGE),
        "undo_form": ReasonForm(),
    }


def _duplicate_tasks(user: Any) -> list[Any]:
    """Open pairs of records the user may judge (tell apart or merge), as the home page counts
    them: not a pair the user only reads a record of (break-glass, a referral)."""
    from django.urls import reverse
    from django.utils.translation import gettext_lazy as _

    from kinhaven.core.worklist import WorkItem
    from kinhaven.tracing.selectors import duplicates_to_judge

    return [
        WorkItem(
            kind="duplicate",
            kind_label=_("Possible duplicate"),
            title=_("Judge whether two records are of the same child"),
            url=reverse("tracing:duplicate", args=[candidate.public_id]),
        )
        for candidate in duplicates_to_judge(user=user)[:100]
    ]
