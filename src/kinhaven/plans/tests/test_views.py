import datetime as dt

import pytest

from kinhaven.cases.services import case_open
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conftest import web_client
from kinhaven.core import time
from kinhaven.plans.models import CasePlan

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
