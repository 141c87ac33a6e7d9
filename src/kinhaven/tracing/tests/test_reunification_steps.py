"""The steps from a confirmed match to reunification: nothing pre-set to done, only the next
step offered, none skipped (page and API), and the order held to its source in docs/tracing.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kinhaven.conftest import web_client
from kinhaven.tracing.enums import STEP_ORDER, StepKind
from kinhaven.tracing.models import ReunificationStep, TracingMatch
from kinhaven.tracing.schemas import TracingRequestIn
from kinhaven.tracing.services.requests import tracing_match_decide, tracing_request_create
from kinhaven.tracing.tests.test_requests import SOUGHT, _register

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[4] / "docs" / "tracing.md"


@pytest.fixture
def confirmed(world) -> TracingMatch:
    child = _register(world, tracing="allowed")
    request = tracing_request_create(
        actor=world.caseworker, data=TracingRequestIn.model_validate(SOUGHT)
    )
    match = request.matches.get(child=child)
    tracing_match_decide(actor=world.caseworker, match=match, decision="confirmed")
    return match


def _step_forms(html: str) -> list[str]:
    return re.findall(r'action="/tracing/matches/[0-9a-f-]+/steps/([a-z_]+)/"', html)


def test_the_order_is_the_one_docs_cite_from_their_source() -> None:
    section = DOCS.read_text(encoding="utf-8").split("**Towards reunification.**", 1)[1]
    listed = re.findall(r"^  \d\. `([a-z_]+)`", section.split("*Where the order", 1)[0], re.M)
    assert listed == [k.value for k in STEP_ORDER] == list(StepKind.values)
    assert "IAWG-UASC" in section
    assert "Inter-agency Guiding Principles" in section


def test_only_the_next_step_is_offered_and_nothing_is_preset(world, confirmed) -> None:
    client = web_client(world.caseworker)
    page = client.get(f"/tracing/{confirmed.request.public_id}/").content.decode()
    assert _step_forms(page) == ["verification"]
    # The outcome starts empty: the person chooses, nothing reads "Done" beforehand.
    select = re.search(r'<select name="outcome"[^>]*>(.*?)</select>', page, re.S)
    assert select is not None
    options = re.findall(r'<option value="([^"]*)"( selected)?', select.group(1))
    assert options[0] == ("", " selected")
    assert [v for v, _ in options] == ["", "done", "stopped"]
    done = client.post(
        f"/tracing/matches/{confirmed.public_id}/steps/verification/", {"outcome": "done"}
    )
    assert done.status_code == 302
    page = client.get(f"/tracing/{confirmed.request.public_id}/").content.decode()
    assert _step_forms(page) == ["child_views"]


def test_a_skipped_step_is_refused_by_page_and_api(world, api, confirmed) -> None:
    # Refused for its order before anything else (the BID a reunification needs included).
    page = web_client(world.caseworker).post(
        f"/tracing/matches/{confirmed.public_id}/steps/family_assessment/", {"outcome": "done"}
    )
    assert page.status_code == 409
    said = "the steps follow in order, none is skipped."
    assert said in page.content.decode()
    assert "Identity and relationship verified" in page.content.decode()
    answer = api("caseworker").post(
        f"/api/v1/tracing-requests/matches/{confirmed.public_id}/steps/reunification",
        {"outcome": "done"},
    )
    assert answer.status_code == 409
    (error,) = answer.json()["errors"]
    assert error["field"] == "kind"
    assert said in error["message"]
    assert not ReunificationStep.objects.filter(done_at__isnull=False).exists()


def test_an_outcome_left_out_is_refused_by_page_and_api(world, api, confirmed) -> None:
    page = web_client(world.caseworker).post(
        f"/tracing/matches/{confirmed.public_id}/steps/verification/", {"outcome": ""}
    )
    assert page.status_code == 422
    assert 'id="id_outcome_error"' in page.content.decode()
    for body in ({}, {"outcome": ""}):
        answer = api("caseworker").post(
            f"/api/v1/tracing-requests/matches/{confirmed.public_id}/steps/verification", body
        )
        assert answer.status_code == 422
        assert [e["field"] for e in answer.json()["errors"]] == ["outcome"]
    assert not ReunificationStep.objects.filter(done_at__isnull=False).exists()


def test_a_step_after_the_way_stopped_is_refused_where_it_shows(world, confirmed) -> None:
    client = web_client(world.caseworker)
    steps = f"/tracing/matches/{confirmed.public_id}/steps"
    stopped = client.post(
        f"{steps}/verification/", {"outcome": "stopped", "note": "Not the mother"}
    )
    assert stopped.status_code == 302
    again = client.post(f"{steps}/child_views/", {"outcome": "done"})
    assert again.status_code == 409
    html = again.content.decode()
    assert 'id="step-refused"' in html
    assert "The way to reunification has ended" in html
    assert _step_forms(html) == []
