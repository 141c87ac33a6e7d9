"""The proceeding form in headless Chromium: choosing a track leaves only its statuses, by the
static script under the strict CSP (no violation reported)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from kinhaven.children.models import Child
from kinhaven.legal.enums import TRACK_STATUSES
from kinhaven.legal.models import Proceeding
from kinhaven.web.tests.test_browser import (  # noqa: F401  # the fixtures, shared
    _end_live_server_sessions,
    _login,
    browser,
    pytestmark,
)

OFFERED = "els => els.filter(e => !e.hidden && !e.disabled && e.value).map(e => e.value)"


@pytest.mark.usefixtures("_end_live_server_sessions")
def test_choosing_a_track_offers_only_its_statuses(live_server, browser) -> None:  # noqa: F811
    call_command("demo", children=3)
    child = Child.objects.filter(guardian__username="guardian").first()
    assert child is not None
    base = live_server.url
    page = browser.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    _login(page, base, "guardian")
    page.goto(f"{base}/children/{child.public_id}/tracks/")
    status = "#new-proceeding select[name=status]"
    for track, statuses in TRACK_STATUSES.items():
        page.select_option("#new-proceeding select[name=track]", track)
        offered = page.eval_on_selector_all(f"{status} option", OFFERED)
        assert offered == [s.value for s in statuses]
    # A status chosen for one track is emptied when another track no longer has it.
    page.select_option("#new-proceeding select[name=track]", "criminal")
    page.select_option(status, "trial")
    page.select_option("#new-proceeding select[name=track]", "asylum")
    expect(page.locator(status)).to_have_value("")
    page.select_option("#new-proceeding select[name=track]", "criminal")
    page.select_option(status, "trial")
    before = Proceeding.objects.filter(child=child, track="criminal", status="trial").count()
    page.click("#record-proceeding")
    expect(page.locator(".flash").first).to_contain_text("Proceeding recorded")
    after = Proceeding.objects.filter(child=child, track="criminal", status="trial").count()
    assert after == before + 1
    assert not [p for p in problems if "Content Security Policy" in p]
