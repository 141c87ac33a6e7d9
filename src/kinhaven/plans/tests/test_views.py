import datetime as dt
import json

import pytest

from kinhaven.accounts.models import User
from kinhaven.cases.enums import CaseStatus
from kinhaven.cases.models import Case
from kinhaven.cases.services import case_open
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conftest import web_client
from kinhaven.core import time
from kinhaven.plans.models import CasePlan, PlanSubmission
from kinhaven.plans.schemas import PlanDecisionIn, PlanGoalIn
from kinhaven.plans.services import (
    case_plan_decide,
    case_plan_goal_add,
    case_plan_submit,
)
from kinhaven.plans.tests.test_services import plan_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(world):
    child = child_register(actor=world.caseworker, data=ChildIn(given_name="Amina"))
    return case_open(actor=world.caseworker, child=child)


def test_plan_page_drafts_submits_and_a_supervisor_decides(world, case) -> None:
    base = f"/cases/{case.public_id}/plan/"
    caseworker = web_client(world.caseworker)
    page = caseworker.get(base).content.decode()
    for heading in ("Goals", "Actions", "Reviews", "Approval history"):
        assert f">{heading}</h" in page
    # A goal without text comes back with the error under its field.
    response = caseworker.post(f"{base}goals/", {"goal-description": "  "})
    assert response.status_code == 422
    assert "description" in response.context["goal_form"].errors
    assert caseworker.post(f"{base}goals/", {"goal-description": "School"}).status_code == 302
    due = (time.today() + dt.timedelta(days=5)).isoformat()
    response = caseworker.post(
        f"{base}actions/",
        {"action-description": "Enrol", "action-owner_id": "", "action-due_on": due},
    )
    assert response.status_code == 422
    assert "owner_id" in response.context["action_form"].errors
    response = caseworker.post(
        f"{base}actions/",
        {
            "action-description": "Enrol",
            "action-owner_id": str(world.caseworker.public_id),
            "action-due_on": due,
        },
    )
    assert response.status_code == 302
    assert caseworker.post(f"{base}submit/").status_code == 302
    assert CasePlan.objects.get(case=case).status == "submitted"
    # The case page shows the summary and the deadline of the action.
    case_page = caseworker.get(f"/cases/{case.public_id}/").content.decode()
    assert 'id="plan-summary"' in case_page
    assert 'data-code="plan_action"' in case_page
    supervisor = web_client(world.supervisor)
    page = supervisor.get(base).content.decode()
    assert 'id="decision-form"' in page
    response = supervisor.post(f"{base}decision/", {"decision-decision": "send_back"})
    assert response.status_code == 422
    assert "reasons" in response.context["decision_form"].errors
    response = supervisor.post(
        f"{base}decision/",
        {"decision-decision": "send_back", "decision-reasons": "Name the school."},
    )
    assert response.status_code == 302
    page = caseworker.get(base).content.decode()
    assert "Name the school." in page
    assert CasePlan.objects.get(case=case).status == "sent_back"


def test_caseworker_cannot_decide_and_other_agency_gets_404(world, case) -> None:
    base = f"/cases/{case.public_id}/plan/"
    assert web_client(world.caseworker).post(f"{base}decision/", {}).status_code == 403
    outsider = web_client(world.caseworker2)
    assert outsider.get(base).status_code == 404
    assert outsider.post(f"{base}goals/", {"goal-description": "x"}).status_code == 404
    assert not CasePlan.objects.exists()


def test_the_approved_version_names_each_owner_by_name_and_role(world, case) -> None:
    User.objects.filter(pk=world.teammate.pk).update(first_name="Yusuf", last_name="Demir")
    world.teammate.refresh_from_db()
    plan_draft(world, case)
    submission = case_plan_submit(actor=world.caseworker, case=case)
    case_plan_decide(actor=world.supervisor, case=case, data=PlanDecisionIn(decision="approve"))
    # Changed after approval: the page shows the approved version beside the draft.
    case_plan_goal_add(actor=world.caseworker, case=case, data=PlanGoalIn(description="Health"))
    client = web_client(world.caseworker)

    def approved_version() -> str:
        page = client.get(f"/cases/{case.public_id}/plan/").content.decode()
        return page.split('id="plan-approved-version"', 1)[1].split("</details>", 1)[0]

    assert "Yusuf Demir (Caseworker)" in approved_version()
    assert "teammate" not in approved_version()
    assert "teammate" not in json.dumps(PlanSubmission.objects.get(pk=submission.pk).content)

    # A version kept before names were holds the owner's username: named as the user is now.
    content = PlanSubmission.objects.get(pk=submission.pk).content
    (action,) = content["actions"]
    kept_before = {k: v for k, v in action.items() if not k.startswith("owner")}
    content["actions"] = [{**kept_before, "owner": "teammate"}]
    PlanSubmission.objects.filter(pk=submission.pk).update(content=content)
    assert "Yusuf Demir (Caseworker)" in approved_version()
    assert "teammate" not in approved_version()
    # A username that names nobody any more reads as unknown, not as the code.
    content["actions"] = [{**kept_before, "owner": "gone-user"}]
    PlanSubmission.objects.filter(pk=submission.pk).update(content=content)
    assert "gone-user" not in approved_version()
    assert 'Enrol at school</span> · <span dir="auto">—</span>' in approved_version()


def test_the_owner_cannot_mark_an_action_done_once_the_case_is_closed(world, case, api) -> None:
    _goal, action = plan_draft(world, case)
    # Closed as set-up (how a closure is decided is the cases app's).
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED, closed_at=time.now())
    url = f"/api/v1/cases/{case.public_id}/plan/actions/{action.public_id}/done"
    answer = api("teammate").post(url, {})
    assert answer.status_code == 409
    assert answer.json()["errors"][0]["field"] == "plan"
    page = web_client(world.teammate).get(f"/cases/{case.public_id}/plan/").content.decode()
    assert "Mark done" not in page
    web = web_client(world.teammate).post(
        f"/cases/{case.public_id}/plan/actions/{action.public_id}/done/"
    )
    assert web.status_code == 409
    action.refresh_from_db()
    assert action.done_at is None
    # Nor is it on the owner's task list any more.
    assert api("teammate").get("/api/v1/worklist", kind="plan_action").json() == []
