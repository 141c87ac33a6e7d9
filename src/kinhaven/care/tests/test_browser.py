"""A placement on a phone, in headless Chromium: the child placed from the child's page, a visit
with the child's views, the placement ended and another started; both kept."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from kinhaven.care.models import Placement
from kinhaven.cases.models import Case
from kinhaven.core import time
from kinhaven.web.tests.test_browser import (  # noqa: F401  # the fixtures, shared
    _end_live_server_sessions,
    _login,
    browser,
    pytestmark,
)

PHONE = {"width": 390, "height": 844}


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _place(page, carer: str, reason: str) -> None:
    today = time.today().isoformat()
    page.click("#placement-start summary")
    page.select_option("#id_placement-kind", "kinship")
    page.fill("#id_placement-carer_name", carer)
    page.fill("#id_placement-started_on", today)
    page.fill("#id_placement-start_reason", reason)
    _fits(page)
    page.click("button:has-text('Start the placement')")


@pytest.mark.usefixtures("_end_live_server_sessions")
def test_a_caseworker_places_a_child_on_a_phone(live_server, browser) -> None:  # noqa: F811
    call_command("demo", children=3)
    case = Case.objects.filter(assigned_to__username="caseworker").first()
    assert case is not None
    child = case.child
    Placement.objects.filter(child=child).delete()
    base = live_server.url
    page = browser.new_page(viewport=PHONE)
    _login(page, base, "caseworker")
    today = time.today().isoformat()

    page.goto(f"{base}/children/{child.public_id}/")
    expect(page.locator("#current-placement")).to_contain_text("No current placement")
    _place(page, "Fatima (aunt)", "A relative can care for her.")
    expect(page.locator("#placement-record")).to_be_visible()

    # A visit without the child's views is refused in place; with them, it is listed.
    page.fill("#id_visit-visited_on", today)
    page.select_option("#id_visit-visitor", "caseworker")
    page.fill("#id_visit-visitor_name", "A. Caseworker")
    page.click("button:has-text('Record the visit')")
    expect(page.locator("#id_visit-child_views_error")).to_be_visible()
    page.fill("#id_visit-child_views", "Feels safe with her aunt.")
    page.click("button:has-text('Record the visit')")
    expect(page.locator("#placement-visits li")).to_have_count(1)
    _fits(page)

    page.fill("#id_end-ended_on", today)
    page.fill("#id_end-end_reason", "Moved to a foster family nearer school.")
    page.click("#end-form button")
    expect(page.locator("#placement-record")).to_have_attribute("data-current", "false")

    page.goto(f"{base}/children/{child.public_id}/")
    _place(page, "Family Haddad", "Closer to school.")
    expect(page.locator("#placement-record")).to_have_attribute("data-current", "true")
    page.goto(f"{base}/children/{child.public_id}/placements/")
    expect(page.locator("#placements li")).to_have_count(2)
    assert Placement.objects.filter(child=child, ended_on=None).count() == 1
