"""A case plan's round trip in headless Chromium: the caseworker drafts and submits it, the
supervisor sends it back, the caseworker changes and resubmits it, the supervisor approves."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from kinhaven.accounts.models import User
from kinhaven.cases.services import case_open
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.core import time
from kinhaven.plans.models import CasePlan
from kinhaven.web.tests.test_browser import (  # noqa: F401  # the fixtures, shared
    _end_live_server_sessions,
    _login,
    browser,
    pytestmark,
)

SHOTS = Path("test-results/screenshots")


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"case-plan-{name}.png"), full_page=True)


@pytest.mark.usefixtures("_end_live_server_sessions")
def test_caseworker_drafts_supervisor_sends_back_then_approves(live_server, browser) -> None:  # noqa: F811
    call_command("demo", children=3)
    caseworker = User.objects.get(username="caseworker")
    # A case of the caseworker's with no plan yet (the demo drafts some).
    child = child_register(actor=caseworker, data=ChildIn(given_name="Selam"))
    case = case_open(actor=caseworker, child=child)
    base = live_server.url
    plan_url = f"{base}/cases/{case.public_id}/plan/"

    worker = browser.new_page()
    _login(worker, base, "caseworker")
    worker.goto(f"{base}/cases/{case.public_id}/")
    expect(worker.locator("#plan-summary")).to_contain_text("No plan yet.")
    worker.click("#plan-link")
    worker.wait_for_url(plan_url)
    # A goal of blanks comes back with the error under the field.
    worker.fill("#id_goal-description", "   ")
    worker.click("#goal-form button")
    expect(worker.locator("#goal-form .error")).to_be_visible()
    worker.fill("#id_goal-description", "A safe school place near the reception centre.")
    worker.click("#goal-form button")
    expect(worker.locator(".plan-goals li")).to_have_count(1)
    worker.fill("#id_action-description", "Enrol the child at the district school.")
    worker.select_option("#id_action-owner_id", str(caseworker.public_id))
    worker.fill("#id_action-due_on", (time.today() + dt.timedelta(days=14)).isoformat())
    worker.click("#action-form button")
    expect(worker.locator(".plan-action")).to_have_count(1)
    worker.click("#submit-form button")
    expect(worker.locator("#plan-waiting")).to_be_visible()
    _shot(worker, "1-submitted")

    boss = browser.new_page()
    _login(boss, base, "supervisor")
    boss.goto(plan_url)
    boss.check("#id_decision-decision_1")  # send back
    boss.click("#decision-form button")
    expect(boss.locator("#decision-form .error")).to_be_visible()  # reasons needed
    boss.check("#id_decision-decision_1")
    boss.fill("#id_decision-reasons", "Add the guardian's view on the school.")
    boss.click("#decision-form button")
    expect(boss.locator("#plan-history")).to_contain_text("Sent back")
    _shot(boss, "2-sent-back")

    worker.goto(plan_url)
    expect(worker.locator("#plan-sent-back")).to_contain_text("Add the guardian's view")
    worker.click("#goal-new summary")
    worker.fill("#id_goal-description", "The guardian agrees with the school chosen.")
    worker.click("#goal-form button")
    expect(worker.locator(".plan-goals li")).to_have_count(2)
    worker.click("#submit-form button")
    expect(worker.locator("#plan-waiting")).to_be_visible()
    _shot(worker, "3-resubmitted")

    boss.goto(plan_url)
    boss.check("#id_decision-decision_0")  # approve
    boss.click("#decision-form button")
    expect(boss.locator("#plan-status")).to_contain_text("Approved")
    _shot(boss, "4-approved")
    assert CasePlan.objects.get(case=case).status == "approved"
    assert [s.state for s in CasePlan.objects.get(case=case).submissions.all()] == [
        "approved",
        "sent_back",
    ]
