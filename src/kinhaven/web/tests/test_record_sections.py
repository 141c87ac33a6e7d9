"""A long record opens with the list of its sections: above it on a wide screen, folded on a
phone, each link leading to its section."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, expect

from kinhaven.cases.services import case_open
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conftest import PASSWORD, World, otp_code
from kinhaven.web.tests.test_browser import (  # noqa: F401 (fixtures)
    _end_live_server_sessions,
    browser,
)
from kinhaven.web.tests.test_browser import pytestmark as browser_marks

pytestmark = browser_marks
SCREENSHOTS = Path("test-results/screenshots")


def test_a_case_lists_its_sections_open_on_a_desktop_and_folded_on_a_phone(
    live_server,
    browser: Browser,  # noqa: F811
) -> None:
    world = World()
    child = child_register(
        actor=world.caseworker, data=ChildIn.model_validate({"given_name": "Mira"})
    )
    case = case_open(actor=world.caseworker, child=child, summary="Found at the station.")
    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/login/")
    page.fill("#id_username", "caseworker")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.fill("#id_code", otp_code("caseworker"))
    page.click("button:has-text('Verify')")
    page.wait_for_url(f"{base}/")

    page.goto(f"{base}/cases/{case.public_id}/")
    sections = page.locator("nav.page-sections")
    expect(sections).to_have_attribute("aria-label", "On this page")
    links = sections.locator("a")
    expect(links.filter(has_text="Deadlines")).to_be_visible()
    expect(links.filter(has_text="Timeline")).to_be_visible()
    # Every section heading of the page is listed, in order.
    headings = page.locator("main h2").all_inner_texts()
    assert [" ".join(t.split()) for t in links.all_inner_texts()] == [
        " ".join(h.split()) for h in headings
    ]
    links.filter(has_text="Notes").click()
    notes = page.locator("main h2", has_text="Notes").get_attribute("id")
    assert notes is not None
    assert page.url.endswith(f"#{notes}")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "case-sections-desktop.png"))

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/cases/{case.public_id}/")
    expect(links.first).to_be_hidden()
    sections.locator("summary").click()
    expect(links.filter(has_text="Timeline")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "case-sections-phone.png"))
    context.close()
