"""Every role's main pages pass axe-core without serious or critical violations, on a desktop and
on a phone; the page shell works from the keyboard and folds its menu on a phone.

axe-core is vendored for the tests only (vendor/axe-core, see VERSION and docs/accessibility.md).
It is added to each page before the page's own scripts (add_init_script, through the browser's
debugging protocol), so the strict Content-Security-Policy does not have to make room for it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from playwright.sync_api import Browser, Page, ViewportSize, expect

from kinhaven.children.models import Child
from kinhaven.plans.models import CasePlan
from kinhaven.referrals.models import Referral, Transfer
from kinhaven.tracing.models import DuplicateCandidate
from kinhaven.web.tests.test_browser import (  # noqa: F401 (fixtures)
    _end_live_server_sessions,
    _login,
    browser,
)
from kinhaven.web.tests.test_browser import pytestmark as browser_marks

pytestmark = browser_marks

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path("test-results/screenshots")
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}
ROLES = (
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
)
# The main pages, each checked when the role's menu (or, for a guardian's wards, the header)
# links to it.
MENU_PAGES = (
    "/tasks/",
    "/cases/",
    "/children/",
    "/referrals/",
    "/deadlines/",
    "/duplicates/",
    "/reports/",
    "/stats/",
    "/users/",
    "/audit/",
    "/guardian/",
)
# The first record a list links to: a case, a child.
RECORDS = (
    ("/cases/", "#results a[href^='/cases/']"),
    ("/children/", "#results a[href^='/children/']"),
)


def _record_pages() -> dict[str, list[str]]:
    """Records of the demo that no menu links to, by who opens them: a case plan (approved, and
    one waiting for the supervisor's decision), a referral, a transfer offered to the agency and
    a possible duplicate (the girl the demo registers twice, as the nightly check would find)."""
    first, second = sorted(
        Child.objects.filter(family_name__in=["Коваленко", "Kovalenko"]).values_list(
            "pk", flat=True
        )
    )
    pair, _created = DuplicateCandidate.objects.get_or_create(
        child_a_id=first, child_b_id=second, defaults={"score": 0.93, "source": "batch"}
    )
    approved = CasePlan.objects.filter(status="approved").select_related("case").first()
    waiting = CasePlan.objects.filter(status="submitted").select_related("case").first()
    referral = Referral.objects.filter(case__assigned_to__username="caseworker").first()
    transfer = Transfer.objects.filter(status="pending").first()
    assert approved is not None
    assert waiting is not None
    assert referral is not None
    assert transfer is not None
    return {
        "caseworker": [
            f"/cases/{approved.case.public_id}/plan/",
            f"/referrals/{referral.public_id}/",
            f"/duplicates/{pair.public_id}/",
        ],
        "supervisor": [
            f"/cases/{waiting.case.public_id}/plan/",
            f"/transfers/{transfer.public_id}/",
        ],
    }


RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({rule: v.id, impact: v.impact, help: v.help,
                  targets: v.nodes.slice(0, 5).map((n) => n.target.join(" "))}));
}"""


def _axe(page: Page, where: str) -> list[str]:
    """The serious and critical violations on the page, at the desktop's and the phone's width."""
    found = []
    for name, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        for v in page.evaluate(RUN_AXE):
            found.append(
                f"{where} ({name}): {v['rule']} [{v['impact']}] {v['help']} at {v['targets']}"
            )
    page.set_viewport_size(DESKTOP)
    return found


def _form_with_errors(page: Page, base: str) -> list[str]:
    """The password form sent wrong: its error summary, focused, links to fields that say why."""
    page.goto(f"{base}/password/")
    page.fill("#id_old_password", "not the password")
    page.fill("#id_new_password1", "a new long passphrase 1")
    page.fill("#id_new_password2", "another new passphrase 2")
    page.click("main button[type=submit]")
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("There is a problem")
    links = summary.locator("a")
    assert links.count() >= 1
    for href in links.evaluate_all("(links) => links.map((a) => a.getAttribute('href'))"):
        field = page.locator(href)
        expect(field).to_have_count(1)
        described = field.get_attribute("aria-describedby") or ""
        for ref in described.split():
            expect(page.locator(f"#{ref}")).to_have_count(1)
        assert f"{href[1:]}_error" in described.split()
    return _axe(page, "/password/ (with errors)")


def test_every_role_main_pages_pass_axe(live_server: Any, browser: Browser) -> None:  # noqa: F811
    call_command("demo", children=6)
    records = _record_pages()
    base = live_server.url
    violations: list[str] = []
    visited: dict[str, list[str]] = {}
    for role in ROLES:
        context = browser.new_context(viewport=DESKTOP)
        context.add_init_script(path=str(AXE))
        page = context.new_page()
        _login(page, base, role, landing="/**")
        pages = [page.url.removeprefix(base)]
        violations += _axe(page, f"{role} {pages[0]}")
        menu = set(
            page.locator("header a").evaluate_all("(a) => a.map((l) => l.getAttribute('href'))")
        )
        for path in MENU_PAGES:
            if path not in menu or path in pages:
                continue
            page.goto(f"{base}{path}")
            pages.append(path)
            violations += _axe(page, f"{role} {path}")
            record = dict(RECORDS).get(path)
            links = page.locator(record) if record else None
            if links is not None and links.count():
                links.first.click()
                page.wait_for_load_state()
                pages.append(path + "<record>")
                violations += _axe(page, f"{role} {path}<record>")
        for path in records.get(role, []):
            response = page.goto(f"{base}{path}")
            assert response is not None
            assert response.status == 200, path
            pages.append(path)
            violations += _axe(page, f"{role} {path}")
        if role == "caseworker":
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.goto(f"{base}/cases/")
            page.screenshot(path=str(SCREENSHOTS / "desktop-menu.png"))
            violations += _form_with_errors(page, base)
        visited[role] = pages
        context.close()
    assert not violations, "\n".join(violations)
    # The test saw what it set out to see.
    assert {"/cases/<record>", "/children/<record>", "/referrals/"} <= set(visited["caseworker"])
    assert {"/tasks/", "/duplicates/", *records["caseworker"]} <= set(visited["caseworker"])
    assert {"/tasks/", "/duplicates/", *records["supervisor"]} <= set(visited["supervisor"])
    assert "/stats/" in visited["analyst"]
    assert "/users/" in visited["admin"]
    assert "/audit/" in visited["auditor"]
    assert "/guardian/" in visited["guardian"]


def test_phone_menu_folds_and_skip_link_leads_to_main(live_server: Any, browser: Browser) -> None:  # noqa: F811
    call_command("demo", children=3)
    base = live_server.url
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    _login(page, base, "caseworker")
    page.goto(f"{base}/cases/")
    nav = page.locator("#main-nav")
    button = page.locator("button.menu-toggle")
    expect(nav).to_be_hidden()
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_have_attribute("aria-controls", "main-nav")
    page.screenshot(path=str(SCREENSHOTS / "phone-menu-collapsed.png"))
    button.click()
    expect(nav).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(nav.locator("a[aria-current=page]")).to_have_text("Cases")
    page.screenshot(path=str(SCREENSHOTS / "phone-menu-expanded.png"), full_page=True)
    page.keyboard.press("Escape")
    expect(nav).to_be_hidden()
    expect(button).to_be_focused()

    # The keyboard: the skip link comes first and puts the focus on the page's content.
    page.reload()
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()

    # A live search says that it is searching, to the eye and to a screen reader, while it runs.
    page.evaluate(
        """() => {
          window.seen = [];
          document.addEventListener("htmx:beforeSend", () => {
            const status = document.getElementById("progress-status");
            window.seen.push([status.textContent, status.classList.contains("htmx-request")]);
          });
        }"""
    )
    page.fill("#id_q", "KH-")
    page.wait_for_function("() => window.seen.length > 0")
    assert page.evaluate("window.seen") == [["Searching…", True]]
    expect(page.locator("#progress-status")).to_have_attribute("aria-live", "polite")
    expect(page.locator("#progress-status")).to_be_empty()

    # A form being sent shows it is working, and a second press does not send it again.
    page.goto(f"{base}/password/")
    page.fill("#id_old_password", "not the password")
    page.fill("#id_new_password1", "a new long passphrase 1")
    page.fill("#id_new_password2", "a new long passphrase 1")
    sent = page.evaluate(
        """() => {
          const form = document.querySelector("main form");
          const button = form.querySelector("button[type=submit]");
          const events = [];
          window.addEventListener("submit", (event) => events.push(event), true);
          form.requestSubmit(button);
          const working = [button.classList.contains("is-working"),
                           button.getAttribute("aria-disabled")];
          form.requestSubmit(button);
          return {refused: events.map((event) => event.defaultPrevented), working};
        }"""
    )
    assert sent == {"refused": [False, True], "working": [True, "true"]}
    expect(page.locator(".error-summary")).to_be_focused()

    # Without scripts, the menu stays open: nothing is out of reach.
    plain = browser.new_context(
        viewport=PHONE, java_script_enabled=False, storage_state=context.storage_state()
    )
    still = plain.new_page()
    still.goto(f"{base}/cases/")
    expect(still.locator("#main-nav")).to_be_visible()
    expect(still.locator("button.menu-toggle")).to_be_hidden()
    plain.close()
    context.close()
