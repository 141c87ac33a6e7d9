from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "kinhaven.conferences"
    label = "conferences"

    def ready(self) -> None:
        from kinhaven.cases.views import CASE_PAGE
        from kinhaven.conferences.selectors import conferences_for_case
        from kinhaven.core.pages import page_contribute
        from kinhaven.core.worklist import worklist_register

        # The case page lists the case's conferences.
        page_contribute(
            CASE_PAGE, lambda user, case: {"conferences": conferences_for_case(case=case)[:20]}
        )
        # The actions a conference gave the user are in their task list.
        worklist_register("conference_action", _action_tasks)


def _action_tasks(user: Any) -> list[Any]:
    """The user's open conference actions; what to do is the case worker's own text, so the
    item names the kind of task and the case, and links to the conference tasks."""
    import datetime as dt

    from django.urls import reverse
    from django.utils import timezone
    from django.utils.translation import gettext_lazy as _

    from kinhaven.conferences.selectors import task_list_for_user
    from kinhaven.core.worklist import WorkItem

    today = timezone.localdate()
    url = reverse("conferences:tasks")
    return [
        WorkItem(
            kind="conference_action",
            kind_label=_("Conference action"),
            title=_("Action agreed at a case conference"),
            url=url,
            due=timezone.make_aware(dt.datetime.combine(item.due_on, dt.time.min)),
            overdue=item.due_on < today,
            case_reference=item.case.reference or "",
        )
        for item in task_list_for_user(user=user)[:200]
    ]
