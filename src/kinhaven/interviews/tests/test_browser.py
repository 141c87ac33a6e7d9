"""A recording uploaded from the interview's page in headless Chromium, on a phone: the
connection drops during the upload, the page resumes from the server's offset, and the recording
plays by byte ranges."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.management import call_command
from playwright.sync_api import Route, expect

from kinhaven.cases.models import Case
from kinhaven.core import time
from kinhaven.interviews.models import Recording
from kinhaven.interviews.schemas import InterviewPlanIn
from kinhaven.interviews.services import interview_plan
from kinhaven.web.tests.test_browser import (  # noqa: F401  # the fixtures, shared
    _end_live_server_sessions,
    _login,
    browser,
    pytestmark,
)

PHONE = {"width": 390, "height": 844}
MIB = 1024 * 1024


@pytest.mark.usefixtures("_end_live_server_sessions")
def test_a_recording_uploads_resumes_and_plays_on_a_phone(live_server, browser) -> None:  # noqa: F811
    call_command("demo", children=3)
    case = Case.objects.filter(assigned_to__username="caseworker").first()
    assert case is not None
    assert case.assigned_to is not None
    interview = interview_plan(
        actor=case.assigned_to,
        child=case.child,
        data=InterviewPlanIn(
            matter="Browser recording",
            purpose="The child's account",
            planned_at=time.now() + dt.timedelta(hours=1),
            room="Room 1",
            interviewer_name="Inspector Weber",
            interviewer_role="police",
            interviewer_training="NICHD protocol",
            interviewer_trained_on=dt.date(2025, 3, 14),
        ),
    )
    data = b"RIFF\x00\x00\x90\x00WAVEfmt " + bytes(range(256)) * (9 * MIB // 256)
    base = live_server.url
    page = browser.new_page(viewport=PHONE)
    _login(page, base, "caseworker")
    patches: list[str] = []

    def drop_the_second_patch(route: Route) -> None:
        if route.request.method == "PATCH":
            patches.append(route.request.headers.get("upload-offset", ""))
            if len(patches) == 2:
                route.abort("connectionreset")
                return
        route.continue_()

    page.route("**/upload/", drop_the_second_patch)
    page.goto(f"{base}/children/{case.child.public_id}/interviews/{interview.public_id}/")
    page.set_input_files(
        "#recording-file", files=[{"name": "a.wav", "mimeType": "audio/wav", "buffer": data}]
    )
    page.click("#recording-form button")
    expect(page.locator("#recordings audio")).to_have_count(1, timeout=30_000)
    # The page reloads when the upload ends: measure it once its styles have loaded.
    page.wait_for_load_state("load")
    recording = Recording.objects.get(interview=interview)
    assert recording.status == "complete"
    assert recording.sha256 == hashlib.sha256(data).hexdigest()
    # 8 MiB, then the same offset again after the drop, then the rest.
    assert patches[:3] == ["0", str(8 * MIB), str(8 * MIB)]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    status = page.evaluate(
        "async (u) => (await fetch(u, {headers: {Range: 'bytes=0-15'}})).status",
        page.locator("#recordings audio").get_attribute("src"),
    )
    assert status == 206
