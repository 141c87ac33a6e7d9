"""Every role's home page in headless Chromium, on a phone and on a desktop: the numbers shown
are those the API gives the same user, and each links somewhere."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from pathlib import Path
from typing import Any

from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from kinhaven.accounts.models import ApiToken, User
from kinhaven.core import time
from kinhaven.web.tests.test_browser import _login
from kinhaven.web.tests.test_browser import pytestmark as browser_marks

pytestmark = browser_marks

SCREENSHOTS = Path("test-results/screenshots")
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
ROLES = [
    "caseworker",
    "supervisor",
    "hotline",
    "frontline",
    "guardian",
    "police",
    "analyst",
    "coordinator",
    "admin",
    "auditor",
]
# Where each role lands after signing in; the figures' roles go on to the statistics.
LANDING = {"analyst": "/stats/", "coordinator": "/stats/"}
# The cards each role must have, at least.
CARDS = {
    "caseworker": {"caseload", "deadlines", "tasks"},
    "supervisor": {"caseload", "deadlines", "approvals", "break_glass"},
    "hotline": {"triage", "tasks"},
    "frontline": {"triage", "tasks"},
    "guardian": {"wards", "deadlines", "tasks"},
    "police": {"caseload", "deadlines", "tasks"},
    "analyst": {"statistics"},
    "coordinator": {"statistics"},
    "admin": {"administration"},
    "auditor": {"audit"},
}


def _token(username: str) -> str:
    """A bearer token for the user, as the token service issues one (its second factor is
    spent on the browser's sign-in: one code per 30 seconds)."""
    raw = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=User.objects.get(username=username),
        digest=hashlib.sha256(raw.encode()).hexdigest(),
        expires_at=time.now() + dt.timedelta(hours=1),
    )
    return raw


def _shown(page: Page) -> dict[str, int]:
    counts = {}
    for link in page.locator("[data-count]").all():
        key = link.get_attribute("data-count") or ""
        counts[key] = int(link.locator(".number").inner_text())
        assert link.get_attribute("href")
    return counts


def test_every_role_lands_on_a_home_with_the_apis_numbers(live_server: Any, browser: Browser):
    call_command("demo")
    base = live_server.url
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for role in ROLES:
        width, height = WIDTHS["desktop"]
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        landing = LANDING.get(role, "/")
        _login(page, base, role, landing=landing)
        answer = page.request.get(
            f"{base}/api/v1/home", headers={"Authorization": f"Bearer {_token(role)}"}
        )
        assert answer.status == 200, role
        cards = answer.json()["cards"]
        assert CARDS[role] <= {card["code"] for card in cards}, role
        expected = {
            f"{card['code']}.{count['code']}": count["value"]
            for card in cards
            for count in card["counts"]
        }
        if landing == "/":
            # The page as it stands now, straight after the API's answer.
            page.reload()
        for name, (width, height) in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": height})
            if landing == "/":
                assert _shown(page) == expected, (role, name)
                for card in cards:
                    heading = page.locator(f"#card-{card['code']}-title")
                    assert heading.inner_text() == card["title"], (role, card["code"])
                # Nothing is wider than the screen.
                overflow = page.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                )
                assert overflow <= 0, (role, name)
            page.screenshot(path=str(SCREENSHOTS / f"home-{role}-{width}.png"), full_page=True)
        # A caseload number opens the case list filtered alike: as many results.
        for card in cards:
            if card["code"] == "caseload":
                count = max(card["counts"], key=lambda c: c["value"])
                page.goto(f"{base}{count['url']}")
                expect(page.locator("#results p.count")).to_have_text(
                    f"{count['value']} result" + ("" if count["value"] == 1 else "s")
                )
        context.close()
