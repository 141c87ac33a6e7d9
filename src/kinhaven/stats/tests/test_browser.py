"""The national dashboard in headless Chromium, at phone and at desktop width: every chart drawn
under the Content-Security-Policy, the page as wide as the screen, and no child's name in it."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from kinhaven.children.models import Child
from kinhaven.web.tests.test_browser import (  # noqa: F401  # the fixtures, shared
    _end_live_server_sessions,
    _login,
    browser,
    pytestmark,
)

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


@pytest.mark.usefixtures("_end_live_server_sessions")
def test_the_national_dashboard_on_a_phone_and_a_desktop(live_server, browser) -> None:  # noqa: F811
    call_command("demo")
    names = [c.family_name for c in Child.objects.exclude(family_name="")]
    shots = Path(settings.VAR_DIR) / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport=SIZES["phone"])
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    # The analyst's home is the national dashboard.
    _login(page, live_server.url, "analyst", landing="/stats/")
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        page.goto(f"{live_server.url}/stats/")
        page.wait_for_selector("figure.kh-chart.kh-chart-drawn")
        page.wait_for_function(
            "() => document.querySelectorAll('figure.kh-chart').length === "
            "document.querySelectorAll('figure.kh-chart.kh-chart-drawn').length"
        )
        drawn = page.locator("figure.kh-chart canvas").count()
        # Every figure with something to count is drawn (the small demo has empty ones).
        assert drawn >= 8
        assert not violations, violations
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        text = page.content()
        assert not [name for name in names if name in text]
        # Each chart keeps its table for screen readers.
        assert page.locator("figure.kh-chart table").count() == drawn
        page.screenshot(path=str(shots / f"national-dashboard-{size}.png"), full_page=True)
    page.close()
