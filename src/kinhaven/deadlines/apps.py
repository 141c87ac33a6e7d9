from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "kinhaven.deadlines"
    label = "deadlines"

    def ready(self) -> None:
        from kinhaven.cases.hooks import on_case_opened
        from kinhaven.cases.moves import on_case_moved
        from kinhaven.cases.views import CASE_PAGE
        from kinhaven.core.pages import page_contribute
        from kinhaven.core.worklist import worklist_register
        from kinhaven.deadlines.enums import MANUAL, MINIMUM_PERIODS
        from kinhaven.deadlines.forms import CompletionForm
        from kinhaven.deadlines.selectors import deadline_rows, deadlines_on
        from kinhaven.deadlines.services import case_deadlines_follow, case_deadlines_start

        # Every case gets its deadlines, however it was opened.
        on_case_opened(case_deadlines_start)
        # The running deadlines of a moved case are the receiving agency's to meet.
        on_case_moved(case_deadlines_follow)

        # The case page shows the case's deadlines and offers the manual ones.
        page_contribute(
            CASE_PAGE,
            lambda user, case: {
                "deadlines": deadline_rows(deadlines_on(case=case)),
                "manual_codes": MANUAL,
                "period_codes": MINIMUM_PERIODS,
                # One form on each row: no ids, which would repeat.
                "completion_form": CompletionForm(auto_id=False),
            },
        )
        # The deadlines that are the user's to meet are in their task list.
        worklist_register("deadline", _deadline_tasks)


def _deadline_tasks(user: Any) -> list[Any]:
    """Open deadlines on the user's cases and their team's reports, each linked to its case or
    report (named by reference, never by the child)."""
    from django.urls import reverse
    from django.utils.translation import gettext_lazy as _

    from kinhaven.core import time
    from kinhaven.core.worklist import WorkItem
    from kinhaven.deadlines.selectors import deadlines_of_user

    now = time.now()
    items = []
    # Each code's name once: Django's get_code_display translates every code's name at each call.
    titles: dict[str, str] = {}
    for deadline in deadlines_of_user(user=user)[:200]:
        if deadline.code not in titles:
            titles[deadline.code] = deadline.get_code_display()
        if deadline.case is not None:
            url, reference = (
                reverse("cases:detail", args=[deadline.case.public_id]),
                deadline.case.reference,
            )
        elif deadline.report is not None:
            url, reference = (
                reverse("intake:detail", args=[deadline.report.public_id]),
                deadline.report.reference,
            )
        else:
            url, reference = reverse("deadlines:dashboard"), ""
        items.append(
            WorkItem(
                kind="deadline",
                kind_label=_("Deadline"),
                title=titles[deadline.code],
                url=url,
                due=deadline.due_at,
                overdue=deadline.due_at < now,
                case_reference=reference or "",
            )
        )
    return items
