"""A long record opens with the list of its sections: above it on a wide screen, folded on a
phone, each link leading to its section, the section in view marked; a long action says that it
is working."""

from __future__ import annotations

from pathlib import Path

from django.core.management import call_command
from playwright.sync_api import Browser, Page, Route, expect

from kinhaven.cases.services import case_open
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conftest import PASSWORD, World, otp_code
from kinhaven.intake.models import Report
from kinhaven.plans.models import CasePlan
from kinhaven.web.tests.test_browser import (  # noqa: F401 (fixtures)
    _end_live_server_sessions,
    _login,
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


def _sections_open(page: Page, where: str) -> None:
    """The page opens with "On this page", open on a wide screen, listing every section."""
    sections = page.locator("nav.page-sections")
    expect(sections, where).to_have_attribute("aria-label", "On this page")
    expect(sections.locator("details"), where).to_have_attribute("open", "")
    headings = page.locator("main h2").all_inner_texts()
    links = sections.locator("a").all_inner_texts()
    assert len(links) >= 2, where
    assert [" ".join(t.split()) for t in links] == [" ".join(h.split()) for h in headings], where


def test_long_records_list_their_sections_mark_the_one_in_view_and_say_they_work(
    live_server,
    browser: Browser,  # noqa: F811
) -> None:
    call_command("demo", children=3)
    plan = CasePlan.objects.select_related("case__child").first()
    assert plan is not None
    case, child = plan.case, plan.case.child
    report = Report.objects.filter(agency=case.agency).first()
    assert report is not None
    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 700})
    page = context.new_page()
    _login(page, base, "caseworker")

    # The section in view is marked in the list as the reader scrolls to it.
    page.goto(f"{base}/cases/{case.public_id}/")
    _sections_open(page, "case")
    links = page.locator("nav.page-sections a")
    first = " ".join(page.locator("main h2").first.inner_text().split())
    for name in ("Deadlines", first):
        heading = page.locator("main h2", has_text=name).first
        heading.evaluate("(h) => h.scrollIntoView({block: 'start'})")
        expect(links.filter(has_text=name)).to_have_attribute("aria-current", "location")
        expect(page.locator("nav.page-sections a[aria-current=location]")).to_have_count(1)

    for where, path in (
        ("child", f"/children/{child.public_id}/"),
        ("case plan", f"/cases/{case.public_id}/plan/"),
        ("best interests", f"/children/{child.public_id}/best-interests/"),
    ):
        page.goto(f"{base}{path}")
        _sections_open(page, where)

    # A long action says "Working…" to the eye and to a screen reader until it is answered,
    # and its button is not pressed twice meanwhile.
    held: list[Route] = []
    page.route(
        "**/*",
        lambda route: held.append(route) if route.request.method == "POST" else route.continue_(),
    )
    # Recording a version of the assessment (the page last opened), sent by htmx.
    page.locator("main details", has=page.locator("#version-form")).locator("summary").click()
    form = page.locator("#version-form")
    button = form.locator("button[type=submit]")
    button.click()
    status = page.locator("#progress-status")
    expect(status).to_have_text("Working…")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(button).to_have_attribute("aria-disabled", "true")
    assert len(held) == 1
    held[0].continue_()
    expect(status).to_be_empty()
    expect(button).not_to_have_attribute("aria-disabled", "true")
    page.unroute("**/*")
    context.close()

    # A report, as whoever triages it reads it.
    context = browser.new_context(viewport={"width": 1280, "height": 700})
    page = context.new_page()
    _login(page, base, "hotline")
    page.goto(f"{base}/reports/{report.public_id}/")
    _sections_open(page, "report")
    context.close()
