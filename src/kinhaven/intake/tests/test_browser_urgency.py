"""Why a report has its urgency, on a phone, in headless Chromium (Debian's package)."""

from __future__ import annotations

import shutil

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from kinhaven.intake.models import Report
from kinhaven.web.tests.test_browser import (  # noqa: F401  # the fixtures
    CHROMIUM,
    _end_live_server_sessions,
    _login,
    browser,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="Debian chromium is not installed"),
]


def test_a_lone_young_child_without_papers_is_taken_as_immediate_danger(
    live_server,
    browser,  # noqa: F811
) -> None:
    call_command("demo", children=3)
    base = live_server.url
    page = browser.new_page(viewport={"width": 390, "height": 844})
    _login(page, base, "hotline")
    page.goto(f"{base}/reports/new/hotline/")
    page.fill("#id_what_happened", "A boy of about ten sleeps alone at the bus station.")
    page.fill("#id_child_age_estimate", "10")
    page.select_option("#id_accompanied", "unaccompanied")
    page.select_option("#id_child_documents", "none")
    page.click("button:has-text('Save report')")
    expect(page.locator("#report-urgency")).to_have_text("Immediate danger")
    expect(page.locator("#child-documents")).to_have_text("No identity papers")
    why = page.locator("#urgency-why")
    expect(why).to_contain_text("The urgency rules give: Immediate danger.")
    expect(why.locator("li")).to_have_count(3)
    expect(why.locator("li[data-rule=alone]")).to_contain_text("Unaccompanied")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path="test-results/screenshots/report-urgency-why.png", full_page=True)
    report = Report.objects.order_by("-id").first()
    assert report is not None
    assert report.urgency_basis["rules"] == ["alone", "young", "no_documents"]
