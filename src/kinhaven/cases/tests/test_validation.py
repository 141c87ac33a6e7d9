"""One validation path: the API and the web forms of cases refuse the same input on the same
field, with the same status and, where the input model words the refusal, the same message."""

from __future__ import annotations

from typing import Any

import pytest

from kinhaven.cases.models import Case, CaseNote
from kinhaven.cases.schemas import MAX_NOTE, MAX_REASON, MAX_SUMMARY
from kinhaven.cases.services import case_open
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conftest import web_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def child(world):
    return child_register(actor=world.caseworker, data=ChildIn(given_name="Amina"))


@pytest.fixture
def case(world, child):
    return case_open(actor=world.caseworker, child=child, summary="Arrived alone.")


def _api_errors(response: Any) -> dict[str, str]:
    return {e["field"]: e["message"] for e in response.json()["errors"]}


def _form_errors(response: Any, form: str) -> dict[str, str]:
    return {name: str(errors[0]) for name, errors in response.context[form].errors.items()}


def _both(world, api, child, case, write: str, body: dict[str, Any]) -> tuple[Any, Any, str]:
    """The API's and the page's answers to the same input of a write, and the page's form."""
    client = api("caseworker")
    web = web_client(world.caseworker)
    if write == "open":
        answer = client.post("/api/v1/cases", {"child_id": str(child.public_id), **body})
        return answer, web.post(f"/cases/new/{child.public_id}/", body), "form"
    if write == "update":
        answer = client.patch(f"/api/v1/cases/{case.public_id}", body)
        return answer, web.post(f"/cases/{case.public_id}/edit/", body), "form"
    if write == "transition":
        answer = client.post(f"/api/v1/cases/{case.public_id}/transitions", body)
        page = web.post(f"/cases/{case.public_id}/transition/", body)
        return answer, page, "transition_form"
    answer = client.post(f"/api/v1/cases/{case.public_id}/notes", body)
    return answer, web.post(f"/cases/{case.public_id}/notes/", body), "note_form"


LONG_SUMMARY = {"summary": "x" * (MAX_SUMMARY + 1)}
LONG_REASON = {"to": "closed", "reason": "x" * (MAX_REASON + 1)}
LONG_NOTE = {"body": "x" * (MAX_NOTE + 1)}
NOT_ALLOWED = "A case cannot move from “Reported” to “In care”."
REQUIRED = "This field is required."
NUL = "Null characters are not allowed."

# id: (write, input, field, status, the message, where the test names it)
BAD_INPUT: dict[str, tuple[str, dict[str, Any], str, int, str | None]] = {
    "open-summary-too-long": ("open", LONG_SUMMARY, "summary", 422, None),
    "open-summary-nul": ("open", {"summary": "Seen\x00"}, "summary", 422, NUL),
    "update-summary-too-long": ("update", LONG_SUMMARY, "summary", 422, None),
    "update-summary-nul": ("update", {"summary": "Seen\x00"}, "summary", 422, NUL),
    "transition-no-status": ("transition", {}, "to", 422, REQUIRED),
    "transition-unknown-status": ("transition", {"to": "teleported"}, "to", 422, "Unknown status."),
    "transition-not-allowed": ("transition", {"to": "in_care"}, "to", 409, NOT_ALLOWED),
    "transition-close-no-reason": ("transition", {"to": "closed"}, "reason", 422, REQUIRED),
    "transition-close-blank-reason": (
        "transition",
        {"to": "closed", "reason": "   "},
        "reason",
        422,
        REQUIRED,
    ),
    "transition-reason-too-long": ("transition", LONG_REASON, "reason", 422, None),
    "transition-reason-nul": (
        "transition",
        {"to": "closed", "reason": "Reunited\x00"},
        "reason",
        422,
        NUL,
    ),
    "note-missing": ("note", {}, "body", 422, REQUIRED),
    "note-empty": ("note", {"body": ""}, "body", 422, REQUIRED),
    "note-blank": ("note", {"body": "   "}, "body", 422, REQUIRED),
    "note-too-long": ("note", LONG_NOTE, "body", 422, None),
    "note-nul": ("note", {"body": "Met\x00the child"}, "body", 422, NUL),
}


@pytest.mark.parametrize(
    ("write", "body", "field", "status"),
    [pytest.param(*row[:4], id=name) for name, row in BAD_INPUT.items()],
)
def test_the_api_and_the_form_refuse_the_same_input_on_the_same_field(
    world, api, child, case, write, body, field, status
) -> None:
    answer, page, form = _both(world, api, child, case, write, body)
    assert (answer.status_code, page.status_code) == (status, status)
    assert field in _api_errors(answer)
    assert field in _form_errors(page, form)
    case.refresh_from_db()
    assert (case.summary, case.status) == ("Arrived alone.", "reported")
    assert Case.objects.count() == 1
    assert not CaseNote.objects.exists()


@pytest.mark.parametrize(
    ("write", "body", "field", "message"),
    [pytest.param(w, b, f, m, id=name) for name, (w, b, f, _status, m) in BAD_INPUT.items()],
)
def test_the_api_and_the_form_say_the_same_of_the_same_input(
    world, api, child, case, write, body, field, message
) -> None:
    answer, page, form = _both(world, api, child, case, write, body)
    assert _api_errors(answer)[field] == _form_errors(page, form)[field]
    if message:
        assert _api_errors(answer)[field] == message


def test_the_missing_flag_is_not_set_in_one_call(world, api, case) -> None:
    # A child is reported missing through the missing app's confirmed report (missing tests):
    # a flag set on the case would raise no alert and start no deadline.
    for value in (True, False):
        answer = api("caseworker").patch(f"/api/v1/cases/{case.public_id}", {"is_missing": value})
        assert answer.status_code == 422
        assert "missing report" in _api_errors(answer)["is_missing"]
    case.refresh_from_db()
    assert not case.is_missing


def test_both_paths_store_the_text_stripped(world, api, child, case) -> None:
    client = api("caseworker")
    web = web_client(world.caseworker)
    client.patch(f"/api/v1/cases/{case.public_id}", {"summary": "  From the API.  "})
    case.refresh_from_db()
    assert case.summary == "From the API."
    web.post(f"/cases/{case.public_id}/edit/", {"summary": "  From the page.  "})
    case.refresh_from_db()
    assert case.summary == "From the page."
    client.post(f"/api/v1/cases/{case.public_id}/notes", {"body": "  Met the child. "})
    web.post(f"/cases/{case.public_id}/notes/", {"body": "  Met the family. "})
    assert sorted(CaseNote.objects.values_list("body", flat=True)) == [
        "Met the child.",
        "Met the family.",
    ]


def test_the_api_patch_changes_only_what_it_gives(world, api, case) -> None:
    client = api("caseworker")
    path = f"/api/v1/cases/{case.public_id}"
    assert client.patch(path, {"summary": None}).status_code == 200
    case.refresh_from_db()
    assert (case.summary, case.assigned_to) == ("Arrived alone.", world.caseworker)
    assert client.patch(path, {"assigned_to": None}).status_code == 200
    case.refresh_from_db()
    assert (case.summary, case.assigned_to) == ("Arrived alone.", None)
    answer = client.patch(path, {"assigned_to": str(world.caseworker2.public_id)})
    assert answer.status_code == 422
    assert _api_errors(answer) == {"assigned_to": "Unknown user."}


def test_the_case_page_takes_its_limits_from_the_input_models(world, case) -> None:
    web = web_client(world.caseworker)
    page = web.get(f"/cases/{case.public_id}/").content.decode()
    assert f'maxlength="{MAX_REASON}"' in page
    assert f'maxlength="{MAX_NOTE}"' in page
    form = web.get(f"/cases/{case.public_id}/edit/").content.decode()
    assert f'maxlength="{MAX_SUMMARY}"' in form
