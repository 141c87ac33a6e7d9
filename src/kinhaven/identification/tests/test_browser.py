"""The identification section on a phone, in headless Chromium (Debian's package)."""

from __future__ import annotations

import shutil

import pytest
from django.core.management import call_command
from django.utils import timezone
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
    # A case of the caseworker's whose child has no decision yet (the demo decided on some).
    case = Case.objects.filter(
        assigned_to__username="caseworker", child__identification_decisions__isnull=True
    ).first()
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
    expect(page.locator("#id_reasons_error")).to_be_visible()
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
    decision = IdentificationDecision.objects.get(child=case.child)
    assert decision.evidence_kinds == ["interview"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_screening_preliminary_decision_age_and_conclusive_decision(
    live_server,
    browser,  # noqa: F811
) -> None:
    """The gateway decisions in order, as practitioners take them on a phone: the report
    screened, reasonable grounds decided, the age assessed, the conclusive decision."""
    call_command("demo", children=3)
    base = live_server.url
    page = browser.new_page(viewport={"width": 390, "height": 844})

    # A report from the public: a girl used in prostitution, her passport taken.
    page.goto(f"{base}/report/")
    page.fill("#id_what_happened", "A girl, maybe 15, is brought to clients at the motel at night.")
    page.fill("#id_location", "Motel by the ring road")
    page.fill("#id_child_given_name", "Mariam")
    page.fill("#id_child_age_estimate", "15")
    page.select_option("#id_child_sex", "F")
    page.click("button:has-text('Send the report')")
    reference = page.locator("#reference").inner_text()

    # The hotline screens it: for a child, sexual exploitation suffices on its own.
    _login(page, base, "hotline")
    page.click("button:has-text('Menu')")  # on a phone, the menu is folded
    page.click("nav >> text=Reports")
    page.click(f"#reports >> text={reference}")
    page.select_option("#id_urgency", "suspected_trafficking")
    page.click("button:has-text('Record triage')")
    for code in ("ex_sexual", "ex_clients", "cd_documents", "cd_violence"):
        page.check(f"input[name=indicators][value={code}]")
    page.click("button:has-text('Record screening')")
    expect(page.locator("#suggestion")).to_contain_text("Possible victim")
    expect(page.locator("#sufficient")).to_be_visible()
    report_url = page.url
    page.context.clear_cookies()

    # A caseworker decides on reasonable grounds and opens the child's case.
    _login(page, base, "caseworker")
    page.goto(report_url)
    page.select_option("#id_trafficking_status", "PossibleVictimOfTrafficking")
    page.select_option("#id_decision_body_type", "NonPoliceGovernmentalOrganization")
    page.fill("#id_decision_body_name", "City Child and Youth Services")
    page.fill("#id_decision_reasons", "A child in prostitution, her passport kept by a man.")
    page.click("button:has-text('Record decision')")
    page.click("#convert")
    page.check("input[name=child][value=new]")
    page.click("button:has-text('Open the case')")
    expect(page.locator("#case-status")).to_have_text("Identified as possible victim")
    case = Case.objects.get(public_id=page.url.rstrip("/").rsplit("/", 1)[-1])
    child_url = f"{base}/children/{case.child.public_id}/"
    page.goto(child_url)
    expect(page.locator("#identification-status")).to_contain_text(
        "Possible victim (reasonable grounds)"
    )

    # Her age is in doubt: assessed by the least intrusive method, decided as a range.
    page.click("#age-request summary")
    page.select_option("#id_request-trigger", "statements")
    page.fill("#id_request-reason", "Said 15 to the hotline, 18 to the police.")
    page.click("button:has-text('Request the assessment')")
    expect(page.locator("#age-status")).to_have_text("Requested")
    today = timezone.localdate().isoformat()
    page.select_option("#id_step-method", "psychosocial")
    page.fill("#id_step-performed_on", today)
    page.fill("#id_step-performed_by", "B. Social worker; C. Psychologist")
    page.fill("#id_step-findings", "Development consistent with 16 to 19 years.")
    page.check("#id_step-guardian_present")
    page.click("button:has-text('Record the method')")
    page.fill("#id_decision-min_age", "16")
    page.fill("#id_decision-max_age", "19")
    page.fill("#id_decision-decided_on", today)
    page.fill("#id_decision-reasons", "The psychosocial assessment.")
    page.fill("#id_decision-remedy", "Appeal to the district court within 14 days.")
    page.click("button:has-text('Record the decision')")
    expect(page.locator("#age-outcome")).to_have_text("Treated as a child")
    expect(page.locator("#age-benefit")).to_contain_text("16")
    page.context.clear_cookies()

    # The supervisor records the conclusive decision; both decisions stay on the record.
    _login(page, base, "supervisor")
    page.goto(f"{child_url}#identification")
    page.click("#identification-record summary")
    page.select_option("#id_stage", "conclusive")
    page.select_option("#id_outcome", "ActualVictimOfTrafficking")
    page.select_option("#id_organisation", "Police")
    page.fill("#id_authority", "City police, trafficking unit")
    page.fill("#id_reasons", "Her statement, the motel's records and the seized passport.")
    page.fill("#id_evidence", "Recorded interview; motel register.")
    page.click("#identification button[type=submit]")
    expect(page.locator("#identification-status")).to_contain_text(
        "Victim of trafficking (conclusive)"
    )
    expect(page.locator("#identification-chain li")).to_have_count(2)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert IdentificationDecision.objects.filter(child=case.child).count() == 2
