from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from kinhaven.accounts.auth import request_user
from kinhaven.workspace.schemas import HomeOut, TaskFiltersIn, WorkItemOut
from kinhaven.workspace.selectors import home_for, tasks_for

router = Router(tags=["workspace"])


@router.get("/home", response=HomeOut)
def workspace_home(request: HttpRequest) -> dict[str, Any]:
    """The numbers of the caller's home page, each with the list it links to."""
    home = home_for(user=request_user(request))
    return {
        "cards": [
            {
                "code": card.code,
                "title": str(card.title),
                "counts": [
                    {
                        "code": c.code,
                        "label": str(c.label),
                        "value": c.value,
                        "url": c.url,
                        "urgent": c.urgent,
                    }
                    for c in card.counts
                ],
                "links": [{"label": str(label), "url": url} for label, url in card.links],
            }
            for card in home.cards
        ]
    }


@router.get("/worklist", response=list[WorkItemOut])
def workspace_worklist(request: HttpRequest, filters: Query[TaskFiltersIn]) -> list[dict[str, Any]]:
    """Every task the caller has, of every kind, overdue first."""
    tasks, _kinds = tasks_for(
        user=request_user(request), kind=filters.kind, overdue=filters.overdue
    )
    return [
        {
            "kind": t.kind,
            "kind_label": str(t.kind_label),
            "title": str(t.title),
            "url": t.url,
            "due": t.due,
            "overdue": t.overdue,
            "case_reference": t.case_reference,
        }
        for t in tasks
    ]
