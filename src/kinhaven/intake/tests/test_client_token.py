"""A report's client token is its caller's retry key, never a way to learn of others' reports."""

import uuid

import pytest
from django.test import Client

from kinhaven.intake.models import Report
from kinhaven.intake.tests.test_api import REPORT

pytestmark = pytest.mark.django_db

# What differs between any two new reports, whatever their tokens.
_PER_REPORT = {"id", "reference", "received_at"}


def _post(client, token: uuid.UUID):
    return client.post("/api/v1/reports", {**REPORT, "client_token": str(token)})


def _same_answer(one, other) -> bool:
    def shape(response) -> tuple[int, dict[str, object]]:
        body = response.json()
        return response.status_code, {k: v for k, v in body.items() if k not in _PER_REPORT}

    return shape(one) == shape(other)


@pytest.mark.parametrize("someone_else", ["caseworker2", "teammate"])
def test_a_token_someone_else_used_answers_like_a_fresh_one(world, api, someone_else) -> None:
    token = uuid.uuid4()
    first = _post(api("caseworker"), token)
    assert first.status_code == 201
    # Another agency, or a colleague: the token is the first caller's own, so a new report.
    reused = _post(api(someone_else), token)
    fresh = _post(api(someone_else), uuid.uuid4())
    assert reused.status_code == 201, reused.content
    assert reused.json()["id"] != first.json()["id"]
    assert _same_answer(reused, fresh)
    assert Report.objects.filter(client_token=token).count() == 2


def test_each_caller_retrying_its_token_gets_its_own_report_back(world, api) -> None:
    token = uuid.uuid4()
    mine, theirs = api("caseworker"), api("caseworker2")
    first_mine = _post(mine, token).json()["id"]
    first_theirs = _post(theirs, token).json()["id"]
    again_mine, again_theirs = _post(mine, token), _post(theirs, token)
    assert (again_mine.status_code, again_mine.json()["id"]) == (200, first_mine)
    assert (again_theirs.status_code, again_theirs.json()["id"]) == (200, first_theirs)
    assert Report.objects.count() == 2


def test_the_public_page_and_partners_do_not_share_tokens(world, api) -> None:
    token = uuid.uuid4()
    partner = _post(api("caseworker"), token).json()
    form = {"what_happened": "A boy sleeps at the bus station.", "client_token": str(token)}
    client = Client()
    thanks = client.post("/report/", form, REMOTE_ADDR="198.51.100.7")
    assert thanks.status_code == 200
    public = Report.objects.get(client_token=token, submitted_by__isnull=True)
    assert str(public.public_id) != partner["id"]
    assert public.reference.encode() in thanks.content
    assert partner["reference"].encode() not in thanks.content
    # The public reporter's own retry still finds their report, and makes no other.
    again = client.post("/report/", form, REMOTE_ADDR="198.51.100.7")
    assert public.reference.encode() in again.content
    assert Report.objects.count() == 2
