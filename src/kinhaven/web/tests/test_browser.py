"""End to end in headless Chromium (Debian's package), as a newcomer would use Kinhaven."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect, sync_playwright

from kinhaven.accounts.enums import RoleCode
from kinhaven.accounts.models import Agency
from kinhaven.accounts.services import user_create
from kinhaven.cases.models import Case
from kinhaven.conftest import otp_code

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


@pytest.fixture(scope="session")
def _end_live_server_sessions(
    django_db_setup: None, django_db_blocker: Any, live_server: Any
) -> Iterator[None]:
    """End the live server's idle PostgreSQL sessions so the test database can be dropped."""
    yield
    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture
def browser(_end_live_server_sessions: None, monkeypatch: Any) -> Iterator[Browser]:
    # Playwright's sync API runs an event loop in this thread; the ORM calls here are setup.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _login(page: Page, base: str, username: str, *, landing: str = "/") -> None:
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", settings.KINHAVEN_DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/otp/")
    page.fill("#id_code", otp_code(username))
    page.click("button:has-text('Verify')")
    page.wait_for_url(f"{base}{landing}")


def test_newcomer_registers_finds_and_moves_a_case(live_server, browser) -> None:
    call_command("demo")
    base = live_server.url
    page = browser.new_page()
    _login(page, base, "caseworker")

    page.click("text=Register a child")
    page.fill("#id_given_name", "Снежана")
    page.fill("#id_family_name", "Петренко")
    page.select_option("#id_sex", "F")
    page.fill("#id_date_of_birth", "2011-04")
    # Nationality and languages are picked by their names; the record keeps ISO codes.
    page.select_option("#id_nationality", label="Ukraine")
    page.select_option("#id_languages", label=["Ukrainian", "Russian"])
    page.click("button:has-text('Register')")
    expect(page.locator("#child-name")).to_contain_text("Снежана Петренко")
    # A list of choices sends them in its own order, by name.
    expect(page.locator("dd", has_text="Russian, Ukrainian")).to_have_count(1)

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
    # Closing asks a supervisor: the case stays in care until approved.
    expect(page.locator("#closure-pending")).to_be_visible()
    expect(status).to_have_text("In care")
    # Opened, assigned, its best-interests assessment opened, its three deadlines started
    # (review, guardian, assessment), its three status changes and the closure asked for.
    expect(page.locator("#timeline li")).to_have_count(10)

    supervisor = browser.new_page()
    _login(supervisor, live_server.url, "supervisor")
    supervisor.goto(page.url)
    supervisor.check("#id_closure-decision_0")
    supervisor.click("button:has-text('Record the decision')")
    expect(supervisor.locator("#case-status")).to_have_text("Closed")

    case = Case.objects.get(child__given_name="Снежана")
    assert case.status == "closed"
    assert case.assigned_to is not None
    assert case.assigned_to.username == "caseworker"


def test_other_agency_sees_404_and_pages_fit_a_phone(live_server, browser) -> None:
    call_command("demo", children=3)
    case = Case.objects.filter(agency__name__startswith="City").first()
    assert case is not None
    base = live_server.url
    page = browser.new_page(viewport={"width": 390, "height": 844})
    _login(page, base, "caseworker2")
    response = page.goto(f"{base}/children/{case.child.public_id}/")
    assert response is not None
    assert response.status == 404
    page.goto(f"{base}/cases/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390


def _logout(page: Page) -> None:
    page.click("button:has-text('Log out')")


def test_public_report_becomes_a_case_whose_deadlines_escalate(
    live_server, browser, time_machine
) -> None:
    call_command("demo", children=3)
    base = live_server.url
    page = browser.new_page()

    # Anyone may report, without signing in.
    page.goto(f"{base}/report/")
    page.fill(
        "#id_what_happened",
        "A girl of about 14 begs at the crossing all night; a man takes the money.",
    )
    page.fill("#id_location", "Ring road crossing")
    page.fill("#id_child_given_name", "Hewan")
    page.fill("#id_child_age_estimate", "14")
    page.select_option("#id_child_sex", "F")
    page.check("input[name=exploitation_types][value=ForcedBegging]")
    page.click("button:has-text('Send the report')")
    reference = page.locator("#reference").inner_text()
    assert reference.startswith("R-")

    # The hotline operator finds it in the triage queue, triages and screens it.
    _login(page, base, "hotline")
    page.click("nav >> text=Reports")
    page.click(f"#reports >> text={reference}")
    expect(page.locator("#report-urgency")).to_have_text("Suspected trafficking")
    expect(page.locator("#age-status")).to_contain_text("presumption of minority")
    page.select_option("#id_urgency", "suspected_trafficking")
    page.click("button:has-text('Record triage')")
    expect(page.locator("#report-status")).to_have_text("Triaged")
    for code in ("dr_job", "dr_wages", "ex_no_pay", "ex_hours"):
        page.check(f"input[name=indicators][value={code}]")
    page.click("button:has-text('Record screening')")
    expect(page.locator("#suggestion")).to_contain_text("Possible victim")
    expect(page.locator("#decide")).to_have_count(0)  # the screening suggests; a person decides
    report_url = page.url
    _logout(page)

    # A caseworker decides, with the deciding body and reasons, and opens the case.
    _login(page, base, "caseworker")
    page.goto(report_url)
    page.select_option("#id_trafficking_status", "PossibleVictimOfTrafficking")
    page.select_option("#id_decision_body_type", "NonPoliceGovernmentalOrganization")
    page.fill("#id_decision_body_name", "City Child and Youth Services")
    page.fill("#id_decision_reasons", "Deceptive recruitment and unpaid begging at night.")
    page.click("button:has-text('Record decision')")
    expect(page.locator("#decision")).to_contain_text("Possible victim")
    page.click("#convert")
    page.check("input[name=child][value=new]")
    page.click("button:has-text('Open the case')")
    expect(page.locator("#case-status")).to_have_text("Identified as possible victim")
    reflection = page.locator("tr.deadline[data-code=reflection_period]")
    guardian = page.locator("tr.deadline[data-code=guardian_appointment]")
    expect(reflection).to_have_count(1)
    expect(guardian).to_have_count(1)
    expect(reflection).not_to_have_class("deadline overdue")
    expect(guardian).not_to_have_class("deadline overdue")
    case_url = page.url
    case_reference = Case.objects.get(public_id=case_url.rstrip("/").rsplit("/", 1)[-1]).reference
    _logout(page)

    # Five weeks later nobody has appointed a guardian: the sweep escalates it, past its legal
    # limit of 15 working days too. The reflection period runs on until the conclusive
    # identification decision (the default identification rule): it is not overdue.
    call_command("deadlines", "schedule")
    time_machine.move_to(timezone.now() + dt.timedelta(days=35), tick=True)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    _login(page, base, "supervisor")
    expect(page.locator("#unread-count")).to_be_visible()
    page.click("text=Inbox")
    expect(page.locator("main")).to_contain_text("Legal time limit passed: Guardian appointed")
    expect(page.locator("main")).not_to_contain_text("End of the recovery and reflection period")
    page.goto(case_url)
    expect(page.locator("tr.deadline.overdue[data-code=guardian_appointment]")).to_have_count(1)
    expect(page.locator("tr.deadline.held[data-code=reflection_period]")).to_have_count(1)
    page.click("nav >> text=Deadlines")
    page.click("text=Overdue")
    # The demo's reports and cases are late too; this case has one (its reflection period is
    # held while the conclusive decision is pending).
    rows = page.locator("#deadlines tr.overdue[data-code=guardian_appointment]")
    expect(rows.filter(has_text=case_reference)).to_have_count(1)
    color = page.locator("#deadlines tr.overdue td").first.evaluate(
        "el => getComputedStyle(el).backgroundColor"
    )
    assert color == "rgb(254, 243, 242)"

    # The supervisor records the conclusive decision on the child's page: from then on the
    # period may end, and the next sweep says it is overdue.
    case = Case.objects.get(child__given_name="Hewan")
    page.goto(f"{base}/children/{case.child.public_id}/")
    page.click("#identification-record summary")
    page.select_option("#id_stage", "conclusive")
    page.select_option("#id_outcome", "ActualVictimOfTrafficking")
    page.fill("#id_reasons", "Forced begging established in the interview.")
    page.fill("#id_evidence", "Interview with the child; the report.")
    page.click("#identification button[type=submit]")
    expect(page.locator("#identification-status")).to_contain_text("Victim of trafficking")
    expect(page.locator("#identification-chain li")).to_have_count(2)
    time_machine.move_to(timezone.now() + dt.timedelta(minutes=5), tick=True)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    page.click("text=Inbox")
    expect(page.locator("main")).to_contain_text(
        "Overdue: End of the recovery and reflection period"
    )


def test_referral_shares_only_the_chosen_sections_and_one_guardian(live_server, browser) -> None:
    call_command("demo", children=0)
    second_guardian = user_create(
        username="guardian-b",
        password=settings.KINHAVEN_DEMO_PASSWORD,
        role=RoleCode.GUARDIAN,
        agency=Agency.objects.get(name__startswith="City"),
    )
    base = live_server.url
    page = browser.new_page()

    # A caseworker registers a child with health and legal notes and opens a case.
    _login(page, base, "caseworker")
    page.click("text=Register a child")
    page.fill("#id_given_name", "Meron")
    page.fill("#id_family_name", "Tesfay")
    page.fill("#id_health_notes", "Needs a dental check.")
    page.fill("#id_legal_notes", "Asylum interview on 3 December.")
    page.click("button:has-text('Register')")
    child_url = page.url
    page.click("text=Open a case")
    page.click("button:has-text('Open case')")
    case_url = page.url

    # Refers the child to the clinic and to the shelter, with consent, sharing identity and health.
    for label in (
        "Health: Harbour clinic (Safe Harbour Shelter (NGO)), 40 of 40 places free",
        "Shelter: Safe Harbour girls' house (Safe Harbour Shelter (NGO)), 12 of 12 places free",
    ):
        page.goto(case_url)
        page.click("#refer-link")
        page.select_option("#id_service", label=label)
        page.fill("#id_reason", "Check-up and a safe place after arrival.")
        page.check("input[name=sections][value=identity]")
        page.check("input[name=sections][value=health]")
        page.select_option("#id_consent", "child_consent")
        page.click("button:has-text('Send referral')")
        expect(page.locator("#referral-status")).to_have_text("Pending")
        expect(page.locator("#shared-sections")).to_have_text("Health, Identity")
    _logout(page)

    # The receiving agency sees nothing of the child until it accepts the clinic referral; then
    # identity and health, and nothing else.
    _login(page, base, "supervisor2")
    response = page.goto(child_url)
    assert response is not None
    assert response.status == 404
    page.goto(f"{base}/referrals/")
    expect(page.locator("#incoming tbody tr")).to_have_count(2)
    page.click("#incoming tbody tr >> nth=1 >> a")  # the first sent, to the clinic
    page.select_option("#id_to", "accepted")
    page.click("button:has-text('Record')")
    expect(page.locator("#referral-status")).to_have_text("Accepted")
    referral_url = page.url
    page.goto(child_url)
    expect(page.locator("#section-health")).to_have_text("Needs a dental check.")
    expect(page.locator("#section-legal")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text("Asylum interview")
    page.goto(referral_url)
    page.select_option("#id_to", "completed")
    page.click("button:has-text('Record')")
    expect(page.locator("#referral-status")).to_have_text("Completed")
    response = page.goto(child_url)
    assert response is not None
    assert response.status == 404  # the access ended with the referral
    _logout(page)

    # The supervisor appoints the guardian once; a second appointment is refused.
    _login(page, base, "supervisor")
    page.goto(child_url)
    page.select_option("#appoint #id_guardian", label="Marta Kowalczyk (Guardian)")
    page.click("button:has-text('Appoint guardian')")
    expect(page.locator("#guardians li")).to_have_count(1)
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    refused = page.request.post(
        f"{child_url}guardian/",
        form={"guardian": str(second_guardian.public_id), "csrfmiddlewaretoken": csrf},
        headers={"Referer": child_url},
        max_redirects=0,
    )
    assert refused.status == 302
    page.goto(child_url)
    expect(page.locator(".flash.error")).to_contain_text("hand over or end that appointment first")
    expect(page.locator("#guardians li")).to_have_count(1)
    _logout(page)

    # The guardian sees the whole file.
    _login(page, base, "guardian")
    page.goto(child_url)
    expect(page.locator("#section-health")).to_be_visible()
    expect(page.locator("#section-legal")).to_have_text("Asylum interview on 3 December.")

    # One view across the tracks: the referrals as assistance, the case, and a proceeding the
    # guardian records in the legal section.
    page.click("#tracks-link")
    expect(page.locator("#track-assistance li")).to_have_count(2)
    expect(page.locator("#track-protection")).to_contain_text("Reported")
    page.select_option("#id_track", "asylum")
    page.select_option("#id_status", "interview")
    page.fill("#id_authority", "Federal asylum office")
    page.click("#record-proceeding")
    expect(page.locator("#track-asylum .proceeding")).to_contain_text("Interview scheduled")
    expect(page.locator("#track-criminal")).to_contain_text("None recorded")
    page.click("text=My wards")
    expect(page.locator("#wards tbody tr")).to_have_count(1)
    expect(page.locator("#wards")).to_contain_text("Asylum: Interview scheduled")


def test_a_mother_finds_her_son_and_a_girl_registered_twice_becomes_one(
    live_server, browser
) -> None:
    call_command("demo")
    base = live_server.url
    page = browser.new_page()
    # The shelter took the mother's request; the son was registered by the city's services.
    _login(page, base, "caseworker2")
    page.click("nav >> text=Tracing")
    page.click("#requests a:has-text('Mohamed Husseini')")
    match = page.locator("article.match").first
    expect(match).to_contain_text("A child registered by City Child and Youth Services")
    expect(match.locator(".reasons")).to_contain_text("Names: agree")
    match.locator("button:has-text('Reject')").click()
    expect(page.locator(".flash").first).to_contain_text("Say why this is not the child")
    page.locator("article.match").first.locator("button:has-text('Confirm')").click()
    expect(page.locator("#request-status")).to_contain_text("Child found")
    # Only the next step is offered, and its outcome is the caseworker's to choose.
    expect(page.locator("form.step")).to_have_count(1)
    page.locator("form.step button:has-text('Record')").click()
    expect(page.locator("#id_outcome_error")).to_be_visible()
    page.locator("form.step select[name=outcome]").select_option("done")
    page.locator("form.step button:has-text('Record')").click()
    expect(page.locator("ol.steps li.done")).to_have_count(1)
    _logout(page)

    # The city's supervisor is told, merges the girl's two records and undoes it.
    _login(page, base, "supervisor")
    page.click("text=Inbox")
    expect(page.locator("main")).to_contain_text("tracing request matches a child")
    page.click("nav >> text=Duplicates")
    page.click("#duplicates a")
    page.select_option("#id_keep", index=0)
    page.fill("#id_reason", "Same girl: same mother, same birthday.")
    page.click("button:has-text('Merge')")
    expect(page.locator(".flash").first).to_contain_text("Records merged")
    page.fill(".undo-merge #id_reason", "The mother says these are twins.")
    page.click("button:has-text('Undo the merge')")
    expect(page.locator(".flash").first).to_contain_text("Merge undone")
    expect(page.locator("#merges")).to_contain_text("undone")


def test_the_api_reference_page_draws_every_operation(live_server, browser) -> None:
    """Swagger UI reads the OpenAPI document and lists the operations, with no error box."""
    page = browser.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{live_server.url}/api/v1/docs")
    expect(page.locator(".opblock").first).to_be_visible(timeout=20_000)
    assert page.locator(".opblock").count() > 100
    assert page.locator(".errors-wrapper").count() == 0
    assert problems == []
