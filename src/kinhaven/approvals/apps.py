from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    name = "kinhaven.approvals"
    label = "approvals"
    verbose_name = _("Approvals")

    def ready(self) -> None:
        from kinhaven.core.worklist import worklist_register

        # Requests waiting for the user's decision are in their task list.
        worklist_register("approval", _approval_tasks)


def _approval_tasks(user: Any) -> list[Any]:
    """The approvals waiting for the user, each named by its kind and linked to where it is
    decided (approvals.registry)."""
    from kinhaven.approvals.registry import APPROVABLE
    from kinhaven.approvals.selectors import approvals_waiting_for
    from kinhaven.core.worklist import WorkItem

    items = []
    for request in approvals_waiting_for(user=user)[:100]:
        kind = APPROVABLE.get(request.kind)
        if kind is None:
            continue
        items.append(
            WorkItem(
                kind="approval",
                kind_label=_("Approval"),
                title=kind.label or _("Decide on an approval"),
                url=kind.url(request) if kind.url is not None else "",
                due=None,
                overdue=False,
            )
        )
    return items
