"""End to end in headless Chromium (Debian's package), as a newcomer would use Kinhaven."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.management import call_command

from kinhaven.cases.models import Case

# Playwright's sync API runs an event loop in this thread; the ORM calls here are plain setup.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

playwright_sync = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="Debian chromium is not installed"),
]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser() -> Iterator[object]:
    with playwright_sync.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _login(page: object, base: str, username: str) -> None:
    page.goto(f"{base}/login/")  # type: ignore[attr-defined]
    page.fill("#id_username", username)  # type: ignore[attr-defined]
    page.fill("#id_password", settings.KINHAVEN_DEMO_PASSWORD)  # type: ignore[attr-defined]
    page.click("button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_url(f"{base}/")  # type: ignore[attr-defined]


def test_newcomer_registers_finds_and_moves_a_case(live_server, browser) -> None:
    call_command("demo")
    base = live_server.url
    page = browser.new_page()  # type: ignore[attr-defined]
    expect = playwright_sync.expect
    _login(page, base, "caseworker")

    page.click("text=Register a child")
    page.fill("#id_given_name", "Снежана")
    page.fill("#id_family_name", "Петренко")
    page.select_option("#id_sex", "F")
    page.fill("#id_date_of_birth", "2011-04")
    page.select_option("#id_nationality", "UKR")
    page.fill("#id_languages", "uk, ru")
    page.click("button:has-text('Register')")
    expect(page.locator("#child-name")).to_contain_text("Снежана Петренко")

    # Find the child again by a Latin spelling.
    page.click("nav >> text=Children")
    page.fill("#id_q", "Snezhana Petrenko")
    result = page.locator("#results a", has_text="Снежана Петренко")
    expect(result).to_have_count(1)
    expect(page.locator("#results tbody tr")).to_have_count(1)
    assert "Snezhana" not in page.url
    result.click()

    page.click("text=Open a case")
    page.fill("#id_summary", "Arrived alone at the reception centre.")
    page.click("button:has-text('Open case')")
    status = page.locator("#case-status")
    expect(status).to_have_text("Reported")

    for value, label in [
        ("assessment", "Assessment"),
        ("possible_victim", "Identified as possible victim"),
        ("in_care", "In care"),
    ]:
        page.select_option("#id_to", value)
        page.click("button:has-text('Change status')")
        expect(status).to_have_text(label)

    page.select_option("#id_to", "closed")
    page.click("button:has-text('Change status')")
    expect(page.locator(".transition .error")).to_contain_text("required")
    page.select_option("#id_to", "closed")
    page.fill("#id_reason", "Durable solution: reunited with family.")
    page.click("button:has-text('Change status')")
    expect(status).to_have_text("Closed")
    expect(page.locator("#timeline li")).to_have_count(6)

    case = Case.objects.get(child__given_name="Снежана")
    assert case.status == "closed"
    assert case.assigned_to is not None and case.assigned_to.username == "caseworker"


def test_other_agency_sees_404_and_pages_fit_a_phone(live_server, browser) -> None:
    call_command("demo", children=3)
    case = Case.objects.filter(agency__name__startswith="City").first()
    assert case is not None
    base = live_server.url
    page = browser.new_page(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    _login(page, base, "caseworker2")
    response = page.goto(f"{base}/children/{case.child.public_id}/")
    assert response is not None and response.status == 404
    page.goto(f"{base}/cases/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
