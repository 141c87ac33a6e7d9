"""The two records of a possible duplicate told apart, on a phone, in headless Chromium."""

from __future__ import annotations

import shutil

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from kinhaven.accounts.models import User
from kinhaven.cases.models import Case
from kinhaven.cases.services import case_open
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.tracing.models import DuplicateCandidate
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


def test_a_supervisor_tells_the_two_records_apart(live_server, browser) -> None:  # noqa: F811
    call_command("demo", children=3)
    caseworker = User.objects.get(username="caseworker")
    records = []
    for name in ("Ngozi", "Ngozie"):
        child = child_register(
            actor=caseworker,
            data=ChildIn.model_validate({"given_name": name, "date_of_birth": "2014"}),
        )
        case_open(actor=caseworker, child=child)
        records.append(child)
    low, high = sorted(c.pk for c in records)
    candidate, _created = DuplicateCandidate.objects.update_or_create(
        child_a_id=low, child_b_id=high, defaults={"score": 0.9, "source": "batch"}
    )
    references = [Case.objects.get(child=c).reference for c in records]
    base = live_server.url
    page = browser.new_page(viewport={"width": 390, "height": 844})
    _login(page, base, "supervisor")
    page.goto(f"{base}/duplicates/{candidate.public_id}/")
    for which in (1, 2):
        expect(page.locator(f"#record-{which}")).to_contain_text("Registered by")
        expect(page.locator(f"#record-{which} .cases-held li")).to_have_count(1)
    for which, reference in enumerate(references, start=1):
        expect(page.locator(f"#record-{which} .cases-held")).to_contain_text(reference)
    # The merge choices say the same, so the one to keep can be chosen from them.
    expect(page.locator("#merge-form")).to_contain_text("cases:")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path="test-results/screenshots/duplicate-records.png", full_page=True)
