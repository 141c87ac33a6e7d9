"""Recording a deadline as met on the case page: the form builds the API's CompletionIn, so the
page and the API refuse the same note with the same words."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.contrib.messages import get_messages

from kinhaven.accounts.enums import RoleCode
from kinhaven.cases.services import case_open
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conftest import web_client
from kinhaven.core import time
from kinhaven.deadlines.enums import DeadlineCode
from kinhaven.deadlines.models import Deadline
from kinhaven.deadlines.schemas import MAX_NOTE
from kinhaven.deadlines.services import deadline_start

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(world):
    child = child_register(actor=world.caseworker, data=ChildIn(given_name="Dawit"))
    return case_open(actor=world.caseworker, child=child)


@pytest.fixture
def review(world, case) -> Deadline:
    deadline = deadline_start(
        code=DeadlineCode.CASE_REVIEW, agency=world.agency, case=case, starts_at=time.now()
    )
    assert deadline is not None
    return deadline


def _flashed(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(
    ("note", "message"),
    [
        pytest.param("", "Write what was decided or done.", id="empty"),
        pytest.param("   ", "Write what was decided or done.", id="blank"),
        pytest.param("x" * (MAX_NOTE + 1), None, id="too-long"),
        pytest.param("Reviewed\x00", None, id="nul"),
    ],
)
def test_the_api_and_the_page_refuse_the_same_note_alike(world, api, review, note, message):
    answer = api("caseworker").post(
        f"/api/v1/deadlines/{review.public_id}/completion", {"note": note}
    )
    page = web_client(world.caseworker).post(
        f"/deadlines/{review.public_id}/complete/", {"note": note}
    )
    assert answer.status_code == 422
    errors = {e["field"]: e["message"] for e in answer.json()["errors"]}
    assert list(errors) == ["note"]
    # The page tells what is wrong above the case, where the form was.
    assert page.status_code == 302
    review.refresh_from_db()
    assert review.completed_at is None
    assert _flashed(page) == [errors["note"]]
    if message:
        assert errors["note"] == message


def test_the_page_records_a_deadline_as_met_with_the_note_stripped(world, case, review) -> None:
    page = web_client(world.caseworker).post(
        f"/deadlines/{review.public_id}/complete/",
        {"note": "  Reviewed with the child. ", "next": f"/cases/{case.public_id}/"},
    )
    assert page["Location"] == f"/cases/{case.public_id}/"
    assert _flashed(page) == ["Deadline recorded as met."]
    review.refresh_from_db()
    assert review.note == "Reviewed with the child."
    assert review.completed_at is not None


def test_those_who_may_not_complete_deadlines_are_refused_whatever_they_send(world, review) -> None:
    # A frontline responder sees the team's cases and their deadlines, and completes none.
    client = web_client(world.frontline)
    for note in ("", "Reviewed"):
        page = client.post(f"/deadlines/{review.public_id}/complete/", {"note": note})
        assert page.status_code == 403
    review.refresh_from_db()
    assert review.completed_at is None


def test_the_case_page_offers_the_form_with_the_models_limit(world, case, review) -> None:
    page = web_client(world.caseworker).get(f"/cases/{case.public_id}/").content.decode()
    assert re.search(f'<input type="text" name="note" required [^>]*maxlength="{MAX_NOTE}">', page)


def test_a_deadline_on_the_agency_alone_is_seen_by_those_who_oversee_it(world, api) -> None:
    # A partner country's request to answer runs on the agency, not on a case.
    deadline = deadline_start(
        code=DeadlineCode.EXCHANGE_ANSWER, agency=world.agency, starts_at=time.now()
    )
    assert deadline is not None
    assert deadline.case is None
    listed = {d["id"] for d in api("supervisor").get("/api/v1/deadlines").json()["items"]}
    assert str(deadline.public_id) in listed
    page = web_client(world.supervisor).get("/deadlines/").content.decode()
    assert str(DeadlineCode.EXCHANGE_ANSWER.label) in page
    supervisor2 = world.user("supervisor2", RoleCode.SUPERVISOR, world.other_agency, world.team_two)
    for other in ("caseworker", "supervisor2"):
        client = api(other)
        assert str(deadline.public_id) not in {
            d["id"] for d in client.get("/api/v1/deadlines").json()["items"]
        }
    assert supervisor2.agency != world.agency


def test_the_reflection_period_is_offered_to_end_only_from_its_date(world, case, time_machine):
    start = time.now()
    period = deadline_start(
        code=DeadlineCode.REFLECTION_PERIOD, agency=world.agency, case=case, starts_at=start
    )
    assert period is not None
    client = web_client(world.caseworker)

    def row() -> str:
        page = client.get(f"/cases/{case.public_id}/").content.decode()
        found = re.search(
            r'<tr class="deadline [^"]*" data-code="reflection_period">.*?</tr>', page, re.S
        )
        assert found is not None
        return found.group(0)

    assert "Record as met" not in row()
    assert "Its end is recorded on its date or after." in row()
    sent = client.post(f"/deadlines/{period.public_id}/complete/", {"note": "Decided early."})
    assert _flashed(sent) == [
        "This period lasts until its date; its end is recorded on that date or after."
    ]
    period.refresh_from_db()
    assert period.completed_at is None
    time_machine.move_to(period.due_at + dt.timedelta(minutes=1), tick=False)
    client = web_client(world.caseworker)
    assert "Record as met" in row()
