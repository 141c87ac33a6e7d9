"""The interface in other languages, in headless Chromium: a caseworker's flow in Arabic (the
layout mirrored) and in Ukrainian, the public report page in Dari and Tigrinya, and names in the
other script reading in their own direction. Screenshots go to test-results/screenshots/."""

from __future__ import annotations

from pathlib import Path

from django.core.management import call_command
from django.utils import translation
from playwright.sync_api import Browser, Page, ViewportSize, expect

from kinhaven.web.tests.test_browser import (  # noqa: F401  # the fixtures, shared
    _end_live_server_sessions,
    _login,
    browser,
    pytestmark,
)

SHOTS = Path("test-results/screenshots")
PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}


def _t(language: str, text: str) -> str:
    """The interface's own translation, the one the page must show."""
    with translation.override(language):
        return translation.gettext(text)


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _switch(page: Page, code: str) -> None:
    page.select_option("#language-select", code)
    page.click(".language-switcher input[type=submit]")
    expect(page.locator("html")).to_have_attribute("lang", code)


def _register(page: Page, base: str, given: str, family: str) -> None:
    page.goto(f"{base}/children/new/")
    page.fill("#id_given_name", given)
    page.fill("#id_family_name", family)
    page.select_option("#id_sex", "F")
    page.fill("#id_date_of_birth", "2011-04")
    page.click("main form button[type=submit]")
    expect(page.locator("#child-name")).to_contain_text(given)


def _direction(page: Page, selector: str) -> str:
    return str(page.eval_on_selector(selector, "e => getComputedStyle(e).direction"))


def _caseworker_flow(
    browser: Browser,  # noqa: F811
    base: str,
    language: str,
    viewport: ViewportSize,
    username: str = "caseworker",
) -> Page:
    page = browser.new_page(viewport=viewport)
    _login(page, base, username)
    _switch(page, language)
    expect(page.locator(".account button.link")).to_have_text(_t(language, "Log out"))
    _register(page, base, "Amina", "Yusuf")
    page.click("a[href^='/cases/new/']")
    expect(page.locator("h1")).to_have_text(_t(language, "Open a case"))
    page.fill("#id_summary", "Arrived alone at the reception centre.")
    page.click("main form button[type=submit]")
    expect(page.locator("#case-status")).to_have_text(_t(language, "Reported"))
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    return page


def test_a_caseworker_works_in_arabic_and_the_layout_mirrors(live_server, browser) -> None:  # noqa: F811
    call_command("demo")
    # Two caseworkers: a second sign-in of the same user within one code's 30 seconds is refused.
    for name, viewport, username in (
        ("desktop", DESKTOP, "caseworker"),
        ("phone", PHONE, "caseworker2"),
    ):
        page = _caseworker_flow(browser, live_server.url, "ar", viewport, username)
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        # The header reads from the right: the brand stands at the right edge.
        brand = page.locator(".brand").bounding_box()
        assert brand is not None
        assert brand["x"] > viewport["width"] / 2
        _shot(page, f"arabic-case-{name}")
        page.close()


def test_a_caseworker_works_in_ukrainian(live_server, browser) -> None:  # noqa: F811
    call_command("demo")
    page = _caseworker_flow(browser, live_server.url, "uk", DESKTOP)
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    _shot(page, "ukrainian-case-desktop")


def test_names_read_in_their_own_direction(live_server, browser) -> None:  # noqa: F811
    call_command("demo")
    base = live_server.url
    english = browser.new_page(viewport=DESKTOP)
    _login(english, base, "caseworker")
    _register(english, base, "نور", "الحلبي")
    assert _direction(english, "#child-name bdi") == "rtl"
    _shot(english, "arabic-name-in-english-page")
    arabic = browser.new_page(viewport=DESKTOP)
    _login(arabic, base, "supervisor")
    _switch(arabic, "ar")
    _register(arabic, base, "Amina", "Yusuf")
    assert _direction(arabic, "#child-name bdi") == "ltr"
    _shot(arabic, "latin-name-in-arabic-page")


def test_the_public_report_page_in_dari_and_tigrinya(live_server, browser) -> None:  # noqa: F811
    call_command("demo")
    base = live_server.url
    for code, direction in (("fa", "rtl"), ("ti", "ltr")):
        page = browser.new_page(viewport=PHONE)
        page.goto(f"{base}/report/")
        _switch(page, code)
        expect(page.locator("html")).to_have_attribute("dir", direction)
        expect(page.locator("h1")).to_have_text(_t(code, "Report a child at risk"))
        assert _t(code, "Report a child at risk") != "Report a child at risk"
        _shot(page, f"public-report-{code}")
        page.fill("#id_what_happened", "A girl of about ten sells flowers at night by the station.")
        page.click("#public-report button[type=submit]")
        expect(page.locator("h1")).to_have_text(_t(code, "Thank you. Your report was received."))
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.close()
