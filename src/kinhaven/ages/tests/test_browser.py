"""An age assessment on a phone, in headless Chromium: asked for from the child's page, a medical
examination refused first, a method recorded, the range decided; every form swaps in place."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from kinhaven.cases.models import Case
from kinhaven.web.tests.test_browser import (  # noqa: F401  # the fixtures, shared
    _end_live_server_sessions,
    _login,
    browser,
    pytestmark,
)

PHONE = {"width": 390, "height": 844}


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.usefixtures("_end_live_server_sessions")
def test_a_caseworker_assesses_an_age_on_a_phone(live_server, browser) -> None:  # noqa: F811
    call_command("demo", children=3)
    case = Case.objects.filter(assigned_to__username="caseworker").first()
    assert case is not None
    base = live_server.url
    page = browser.new_page(viewport=PHONE)
    _login(page, base, "caseworker")

    page.goto(f"{base}/children/{case.child.public_id}/")
    expect(page.locator("#age-standing")).to_contain_text("a child")
    page.click("#age-request summary")
    page.select_option("#id_request-trigger", "statements")
    page.fill("#id_request-reason", "Gave 15 at the border and 19 at the shelter.")
    page.fill("#id_request-override_reason", "The photo in the passport is of someone else.")
    _fits(page)
    page.click("button:has-text('Request the assessment')")
    expect(page.locator("#age-status")).to_have_text("Requested")
    _fits(page)

    # A medical examination first: refused, the error under the method, in place.
    page.select_option("#id_step-method", "medical")
    page.fill("#id_step-performed_on", "2026-10-05")
    page.fill("#id_step-performed_by", "Dr D., paediatrician")
    page.fill("#id_step-findings", "Results.")
    page.fill("#id_step-insufficiency_reason", "Nothing else was tried.")
    page.fill("#id_step-child_consent_on", "2026-10-03")
    page.fill("#id_step-guardian_consent_on", "2026-10-03")
    page.click("button:has-text('Record the method')")
    # Without the guardian: refused, the error under the box.
    expect(page.locator("#id_step-guardian_present_error")).to_contain_text("guardian present")
    page.check("#id_step-guardian_present")
    page.click("button:has-text('Record the method')")
    expect(page.locator("#id_step-method_error")).to_contain_text("last resort")

    page.select_option("#id_step-method", "psychosocial")
    page.fill("#id_step-performed_by", "B. Social worker; C. Psychologist")
    page.fill("#id_step-findings", "Development consistent with 16 to 19 years.")
    page.click("button:has-text('Record the method')")
    expect(page.locator("#age-status")).to_have_text("Under way")
    expect(page.locator("#age-steps li")).to_have_count(1)

    page.fill("#id_decision-min_age", "16")
    page.fill("#id_decision-max_age", "19")
    page.fill("#id_decision-decided_on", "2026-10-10")
    page.fill("#id_decision-reasons", "The psychosocial assessment.")
    page.fill("#id_decision-remedy", "Appeal to the district court within 14 days.")
    page.click("button:has-text('Record the decision')")
    expect(page.locator("#age-benefit")).to_contain_text("16")
    expect(page.locator("#age-outcome")).to_have_text("Treated as a child")
    _fits(page)
    case.child.refresh_from_db()
    assert case.child.age_estimate_years == 16
