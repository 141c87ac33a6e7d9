"""A case transferred between the demo agencies, end to end in headless Chromium."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, expect

from kinhaven.accounts.models import User
from kinhaven.cases.services import case_open
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.children.validators import PartialDate
from kinhaven.core import time
from kinhaven.web.tests.test_browser import (  # noqa: F401  # the fixtures, by name
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
SHOTS = Path("test-results/screenshots")


def test_a_caseworker_transfers_a_case_and_the_other_agency_takes_it(
    live_server,
    browser: Browser,  # noqa: F811  # the fixture imported above
) -> None:
    call_command("demo", children=4)
    SHOTS.mkdir(parents=True, exist_ok=True)
    caseworker = User.objects.get(username="caseworker")
    receiving = User.objects.get(username="supervisor2").agency
    assert receiving is not None
    child = child_register(
        actor=caseworker,
        data=ChildIn(
            given_name="Amina", sex="F", date_of_birth=PartialDate(time.today().year - 16)
        ),
    )
    case = case_open(actor=caseworker, child=child, summary="Moved to the coast with an aunt.")
    base = live_server.url

    sender = browser.new_page()
    _login(sender, base, "caseworker")
    sender.goto(f"{base}/cases/{case.public_id}/")
    sender.click("#transfer-link")
    # Nothing is chosen for the sender: the consent starts empty and must be chosen.
    expect(sender.locator("#id_consent")).to_have_value("")
    sender.select_option("#id_to_agency", str(receiving.public_id))
    sender.fill("#id_reasons", "The child now lives with an aunt in the other agency's district.")
    sender.check("input[name=needs][value=shelter]")
    sender.check("input[name=needs][value=education]")
    sender.select_option("#id_urgency", "urgent")
    sender.select_option("#id_consent", "child")
    sender.screenshot(path=str(SHOTS / "transfer-1-form.png"), full_page=True)
    sender.click("button:has-text('Send the transfer')")
    expect(sender.locator("#transfer-status")).to_have_text("Waiting for an answer")
    sender.screenshot(path=str(SHOTS / "transfer-2-sent.png"), full_page=True)

    receiver = browser.new_page()
    _login(receiver, base, "supervisor2")
    receiver.goto(f"{base}/referrals/")
    receiver.locator("#transfers-incoming a").first.click()
    expect(receiver.locator("#transfer-age")).to_have_text("15 to 17 years")
    expect(receiver.locator("#transfer-sex")).to_have_text("Female")
    expect(receiver.locator("#transfer-needs")).to_have_text("Education, Shelter")
    expect(receiver.locator("#transfer-urgency")).to_have_text("Urgent")
    expect(receiver.locator("main")).not_to_contain_text("Amina")
    receiver.screenshot(path=str(SHOTS / "transfer-3-to-decide.png"), full_page=True)
    caseworker2 = User.objects.get(username="caseworker2")
    receiver.select_option("#id_assigned_to", str(caseworker2.public_id))
    receiver.click("button:has-text('Accept the transfer')")
    receiver.wait_for_url(f"{base}/cases/{case.public_id}/")
    expect(receiver.locator("main")).to_contain_text("Amina")
    receiver.screenshot(path=str(SHOTS / "transfer-4-accepted.png"), full_page=True)

    # The sending caseworker, still logged in, no longer finds the case.
    response = sender.goto(f"{base}/cases/{case.public_id}/")
    assert response is not None
    assert response.status == 404
    sender.screenshot(path=str(SHOTS / "transfer-5-sender-404.png"), full_page=True)
