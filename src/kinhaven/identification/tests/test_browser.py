"""The identification section on a phone, in headless Chromium (Debian's package)."""

from __future__ import annotations

import shutil

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from kinhaven.cases.models import Case
from kinhaven.identification.models import IdentificationDecision
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


def test_a_caseworker_records_a_decision_on_a_phone(live_server, browser) -> None:  # noqa: F811
    call_command("demo", children=3)
    case = Case.objects.filter(assigned_to__username="caseworker").first()
    assert case is not None
    base = live_server.url
    page = browser.new_page(viewport={"width": 390, "height": 844})
    _login(page, base, "caseworker")
    page.goto(f"{base}/children/{case.child.public_id}/#identification")
    expect(page.locator("#identification-status")).to_contain_text("No identification decision")
    page.click("#identification-record summary")
    page.select_option("#id_stage", "preliminary")
    page.select_option("#id_outcome", "PossibleVictimOfTrafficking")
    page.select_option("#id_organisation", "Police")
    page.fill("#id_authority", "City police, trafficking unit")
    page.fill("#id_reasons", "")
    page.fill("#id_evidence", "Interview with the child.")
    page.click("#identification button[type=submit]")
    # The error comes back in place, under its field.
    expect(page.locator("#reasons-error")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.fill("#id_reasons", "Recruited with a false job offer.")
    page.check("input[name=evidence_kinds][value=interview]")
    page.click("#identification button[type=submit]")
    expect(page.locator("#identification-status")).to_contain_text(
        "Possible victim (reasonable grounds)"
    )
    expect(page.locator("#identification-chain li")).to_have_count(1)
    expect(page.locator("#reflection-period")).to_contain_text("conclusive decision")
    assert page.url.endswith("#identification")  # replaced in place, no new page
    decision = IdentificationDecision.objects.get()
    assert decision.evidence_kinds == ["interview"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
