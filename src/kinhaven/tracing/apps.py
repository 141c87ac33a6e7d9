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
        from kinhaven.tracing.hooks import child_saved_match

        on_child_saved(child_saved_match)
        page_contribute(CHILD_PAGE, _child_page)


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
