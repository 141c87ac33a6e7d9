"""The decisions about a child's future, in headless Chromium on a phone: a caseworker drafts a
best-interests assessment, the supervisor sends it back, then approves the next version; the
child is placed; a return is refused until a panel's determination (with a dissent) finds it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from kinhaven.bestinterests.models import AssessmentVersion, BestInterestsDetermination
from kinhaven.care.models import Placement
from kinhaven.cases.models import Case
from kinhaven.core import time
from kinhaven.solutions.models import Departure
from kinhaven.web.tests.test_browser import (  # noqa: F401  # the fixtures, shared
    _end_live_server_sessions,
    _login,
    browser,
    pytestmark,
)

PHONE = {"width": 390, "height": 844}


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _version(page: Page, safety: str) -> None:
    """Fill the version form (it holds the latest version, if any) and record it."""
    if not page.locator("#version-new").get_attribute("open"):
        page.click("#version-new summary")
    for name, text in (
        ("safety_risks", safety),
        ("family_relationships", "Mother and a brother at home; calls every week."),
        ("health", "No urgent needs."),
        ("education", "Attends the reception class."),
        ("identity", "Birth certificate requested."),
        ("culture_language", "Speaks Arabic."),
        ("child_views", "Wants to see his mother again."),
        ("heard_with", "The guardian and an interpreter"),
    ):
        page.fill(f"#id_version-{name}", text)
    page.select_option("#id_version-heard_how", "with_interpreter")
    page.select_option("#id_version-heard_language", label="Arabic")
    page.click("#version-form button")
    expect(page.locator("#submit-form")).to_be_visible()
    _fits(page)
    page.click("#submit-form button")
    expect(page.locator(".bi-waiting")).to_be_visible()


def _decide(page: Page, decision: str, reasons: str = "") -> None:
    page.check(f"input[name='decision-decision'][value='{decision}']")
    if reasons:
        page.fill("#id_decision-reasons", reasons)
    page.click("#decision-form button")


def _departure(page: Page, country: str) -> None:
    page.select_option("#id_departure-kind", "return")
    page.select_option("#id_departure-country", country)
    page.fill("#id_departure-planned_on", (time.today() + dt.timedelta(days=30)).isoformat())
    page.fill("#id_departure-reasons", "The mother is able and the child wishes it.")
    page.click("#departure-form button")


@pytest.mark.usefixtures("_end_live_server_sessions")
def test_a_bia_sent_back_then_approved_a_bid_with_dissent_and_a_return_gated(
    live_server,
    browser,  # noqa: F811
) -> None:
    call_command("demo", children=3)
    case = Case.objects.filter(assigned_to__username="caseworker").order_by("id").first()
    assert case is not None
    child = case.child
    assert not BestInterestsDetermination.objects.filter(child=child).exists()
    base = live_server.url
    bi = f"{base}/children/{child.public_id}/best-interests/"
    solutions = f"{base}/children/{child.public_id}/solutions/"
    today = time.today().isoformat()
    # Each on their own phone: a one-time code is used once.
    page = browser.new_context(viewport=PHONE).new_page()
    boss = browser.new_context(viewport=PHONE).new_page()
    _login(page, base, "caseworker")
    _login(boss, base, "supervisor")

    # The caseworker drafts the assessment and submits it.
    page.goto(bi)
    _version(page, "The uncle who sold him still calls the family.")

    # The supervisor sends it back with reasons.
    boss.goto(bi)
    _decide(boss, "send_back", "Say what the mother knows of the uncle's calls.")
    expect(boss.locator(".sent-back").first).to_contain_text("the uncle's calls")

    # The caseworker records the next version (the form holds the first) and submits it;
    # the supervisor approves it.
    page.goto(bi)
    expect(page.locator("#id_version-health")).to_have_value("No urgent needs.")
    _version(page, "The mother has blocked the uncle's number; he has not called since.")
    # Meanwhile the child is placed with a vetted aunt, from the child's page.
    page.goto(f"{base}/children/{child.public_id}/")
    page.click("#placement-start summary")
    page.select_option("#id_placement-kind", "kinship")
    page.fill("#id_placement-carer_name", "Aunt Samira")
    page.fill("#id_placement-started_on", today)
    page.fill("#id_placement-start_reason", "A relative can care for him.")
    page.click("button:has-text('Start the placement')")
    expect(page.locator("#placement-record")).to_have_attribute("data-current", "true")
    # The risk and family assessments for the country of return.
    page.goto(solutions)
    for kind, conclusion, findings in (
        ("risk", "no_serious_risk", "The uncle is in prison; no threat found."),
        ("family", "able", "The mother is able and willing; home visit made."),
    ):
        page.select_option("#id_assessment-kind", kind)
        page.select_option("#id_assessment-country", label="Syria")
        page.fill("#id_assessment-findings", findings)
        page.select_option("#id_assessment-conclusion", conclusion)
        page.fill("#id_assessment-assessed_on", today)
        page.click("#assessment-form button")
        expect(page.locator("#assessments")).to_contain_text(findings)

    page = boss
    page.goto(bi)
    _decide(page, "approve")
    expect(page.locator("#bi-record")).to_contain_text("Version 2 is approved and counts.")

    # A return without a determination is refused, naming what is missing.
    page.goto(solutions)
    _departure(page, "SYR")
    refusal = page.locator("#departure-form .error-summary")
    expect(refusal).to_contain_text("needs a best-interests determination first")
    assert not Departure.objects.filter(child=child).exists()

    # The panel's determination, with one member dissenting.
    page.goto(bi)
    expect(page.locator("#bid-new")).to_be_attached()
    page.click("#bid-new summary")
    page.check("input[name='bid-purposes'][value='return']")
    page.fill("#id_bid-options", "Return to the mother; foster care here.")
    page.fill("#id_bid-factors", "Safety at home, the child's wish, the mother's capacity.")
    page.fill("#id_bid-decision", "Return to the mother, with follow-up by the local services.")
    page.fill("#id_bid-reasons", "The mother is safe and able; the child wishes it.")
    page.fill("#id_bid-child_views", "Wants to go home to his mother.")
    page.select_option("#id_bid-heard_how", "with_interpreter")
    page.select_option("#id_bid-heard_language", label="Arabic")
    page.check("#id_bid-guardian_present")
    page.fill("#id_bid-decided_on", today)
    page.fill("#id_bid-review_on", (time.today() + dt.timedelta(days=90)).isoformat())
    for row, (name, discipline, position) in enumerate(
        (
            ("A. Social worker", "social_work", "agree"),
            ("B. Lawyer", "legal", "agree"),
            ("C. Psychologist", "psychology", "dissent"),
        )
    ):
        page.fill(f"#id_members-{row}-name", name)
        page.select_option(f"#id_members-{row}-discipline", discipline)
        page.select_option(f"#id_members-{row}-position", position)
    page.click("#bid-form button")
    expect(page.locator("#id_members-2-reasons_error")).to_be_visible()
    page.fill("#id_members-2-reasons", "Too early: therapy has only just begun.")
    page.click("#bid-form button")
    dissent = page.locator(".bi-members li[data-position='dissent']")
    expect(dissent).to_contain_text("therapy has only just begun")
    _fits(page)

    # Now the return goes through.
    page.goto(solutions)
    _departure(page, "SYR")
    expect(page.locator("#departures")).to_contain_text("Syria")
    _fits(page)

    versions = AssessmentVersion.objects.filter(assessment__child=child).order_by("number")
    assert [v.status for v in versions] == ["sent_back", "approved"]
    bid = BestInterestsDetermination.objects.get(child=child)
    assert [m.position for m in bid.members.order_by("id")] == ["agree", "agree", "dissent"]
    assert Placement.objects.filter(child=child, ended_on=None).count() == 1
    assert Departure.objects.get(child=child).bid == bid
