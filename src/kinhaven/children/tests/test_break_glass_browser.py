"""Break-glass from a name, in headless Chromium on a phone: a police investigator with no
relationship to the child finds them by name, sees only a name, a year and the agency, and opens
the record only once the reason is written."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from kinhaven.accounts.models import User
from kinhaven.children.models import Child
from kinhaven.children.selectors import child_visibility_q
from kinhaven.web.tests.test_browser import (  # noqa: F401  # the fixtures, shared
    _end_live_server_sessions,
    _login,
    browser,
    pytestmark,
)

PHONE = {"width": 390, "height": 844}


@pytest.mark.usefixtures("_end_live_server_sessions")
def test_police_find_a_child_by_name_and_open_it_with_a_reason(live_server, browser) -> None:  # noqa: F811
    call_command("demo", children=3)
    police = User.objects.get(username="police")
    child = (
        Child.objects.filter(agency=police.agency, merged_into__isnull=True)
        .exclude(child_visibility_q(police))
        .exclude(given_name="")
        .first()
    )
    assert child is not None
    assert police.agency is not None
    base = live_server.url
    page = browser.new_page(viewport=PHONE)
    _login(page, base, "police")
    page.goto(f"{base}/children/break-glass/")
    page.fill("#break-glass-q", child.given_name)
    page.click("button:has-text('Search')")
    # The name stays out of the address.
    assert child.given_name not in page.url
    result = page.locator(f"#break-glass-results input[value='{child.public_id}']")
    expect(result).to_have_count(1)
    row = page.locator("#break-glass-results li", has=page.locator(f"[value='{child.public_id}']"))
    expect(row).to_contain_text(police.agency.name)
    result.check()
    page.click("#break-glass-pick button:has-text('Open the record')")
    expect(page.locator("#pick-reason-error")).to_be_visible()
    page.locator(f"#break-glass-results input[value='{child.public_id}']").check()
    page.fill("#id_pick-reason", "Child reported in danger at the border tonight")
    page.click("#break-glass-pick button:has-text('Open the record')")
    page.wait_for_url(f"{base}/children/{child.public_id}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
