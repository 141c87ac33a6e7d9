"""A missing child on a phone, in headless Chromium: a caseworker reports the child missing and
confirms, a sighting is logged, the child is found, and the return interview's deadline appears."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from kinhaven.cases.models import Case
from kinhaven.core import time
from kinhaven.missing.models import Episode
from kinhaven.web.tests.test_browser import (  # noqa: F401  # the fixtures, shared
    _end_live_server_sessions,
    _login,
    browser,
    pytestmark,
)

PHONE = {"width": 390, "height": 844}


def _local(hours_ago: float) -> str:
    moment = timezone.localtime(time.now() - dt.timedelta(hours=hours_ago))
    return moment.strftime("%Y-%m-%dT%H:%M")


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.usefixtures("_end_live_server_sessions")
def test_a_caseworker_reports_a_child_missing_on_a_phone(live_server, browser) -> None:  # noqa: F811
    call_command("demo", children=3)
    case = Case.objects.filter(assigned_to__username="caseworker", is_missing=False).first()
    assert case is not None
    child = case.child
    base = live_server.url
    page = browser.new_page(viewport=PHONE)
    _login(page, base, "caseworker")

    page.goto(f"{base}/children/{child.public_id}/")
    page.click("#missing-report-link")
    page.fill("#id_report-last_seen_at", _local(3))
    page.fill("#id_report-last_seen_place", "Reception centre, north gate")
    page.fill("#id_report-description", "Red jacket, blue jeans")
    _fits(page)
    page.click("button:has-text('Check the report')")
    # The summary to confirm: nothing recorded yet.
    expect(page.locator("#report-summary")).to_contain_text("Red jacket")
    assert not Episode.objects.filter(child=child).exists()
    page.click("button:has-text('Confirm: report missing')")
    expect(page.locator("#episode-record")).to_have_attribute("data-status", "open")
    expect(page.locator("#episode-deadlines")).to_contain_text("Police informed")

    page.fill("#id_sighting-seen_at", _local(2))
    page.fill("#id_sighting-place", "Central station")
    page.fill("#id_sighting-seen_by", "A bus driver")
    page.click("button:has-text('Log the sighting')")
    expect(page.locator("#episode-sightings li")).to_have_count(1)
    expect(page.locator("#episode-sightings")).to_contain_text("Central station")

    page.fill("#id_found-found_at", _local(1))
    page.fill("#id_found-found_place", "City park")
    page.fill("#id_found-found_by", "Police patrol")
    page.select_option("#id_found-state", "well")
    page.click("button:has-text('Record the child found')")
    expect(page.locator("#episode-record")).to_have_attribute("data-status", "found")
    expect(page.locator("#episode-deadlines")).to_contain_text(
        "Return interview after a missing child is found"
    )
    _fits(page)
    page.goto(f"{base}/deadlines/")
    expect(page.locator("body")).to_contain_text("Return interview after a missing child is found")
