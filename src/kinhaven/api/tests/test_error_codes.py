"""Every error answer of the API carries its code, and pages and API answer a refusal alike.

The statuses come from one table (core.errors.HTTP_STATUS), whichever layer answers: the API's
handlers, the middleware, Django's error handlers, the login lockout and the web forms.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import RequestFactory

from kinhaven.api.api import api as kinhaven_api
from kinhaven.cases.services import case_open
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conftest import web_client
from kinhaven.core.errors import HTTP_STATUS, ErrorCode, code_for_status
from kinhaven.web.views import error_500

pytestmark = pytest.mark.django_db


def _assert_error(response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    assert set(body) == {"message", "code", "errors"}
    assert body["code"] == code
    assert body["message"]
    return body  # type: ignore[no-any-return]  # the test client answers untyped JSON


def test_each_status_answered_by_a_code_leads_back_to_a_code_with_that_status() -> None:
    assert set(HTTP_STATUS) == set(ErrorCode)
    for status in HTTP_STATUS.values():
        assert HTTP_STATUS[code_for_status(status)] == status
    # Statuses no code is answered with still carry one.
    assert code_for_status(418) == ErrorCode.MALFORMED_REQUEST
    assert code_for_status(502) == ErrorCode.SERVER_ERROR


def test_the_document_promises_a_code_in_every_error_answer() -> None:
    document = kinhaven_api.get_openapi_schema()
    error = document["components"]["schemas"]["ErrorOut"]
    assert "code" in error["required"]
    assert set(document["components"]["schemas"]["ErrorCode"]["enum"]) == set(ErrorCode)


def test_the_login_lockout_answers_429_with_its_code(world, api) -> None:
    client = api(None)
    wrong = {"username": "caseworker", "password": "wrong", "otp": "123456"}
    for _ in range(4):
        _assert_error(client.post("/api/v1/auth/token", wrong), 401, "unauthenticated")
    body = _assert_error(client.post("/api/v1/auth/token", wrong), 429, "rate_limited")
    assert body == {
        "message": "Too many failed attempts. Try again in 15 minutes.",
        "code": "rate_limited",
        "errors": [],
    }


def test_a_capability_the_role_lacks_answers_403_with_its_code(world, api) -> None:
    # An analyst sees aggregates only and may not register a child.
    response = api("analyst").post("/api/v1/children", {"given_name": "Amina"})
    _assert_error(response, 403, "permission_denied")


def test_a_path_no_operation_answers_is_a_404_with_its_code(world, api) -> None:
    _assert_error(api("caseworker").get("/api/v1/no-such-thing"), 404, "not_found")
    _assert_error(api("caseworker").get(f"/api/v1/cases/{uuid.uuid4()}"), 404, "not_found")


def test_a_method_the_path_does_not_take_answers_405_with_its_code(world, api) -> None:
    response = api("caseworker").client.delete(
        "/api/v1/children", headers=api("caseworker").headers
    )
    body = _assert_error(response, 405, "method_not_allowed")
    assert set(response["Allow"].split(", ")) == {"GET", "POST"}
    assert response["Allow"] in body["message"]


def test_a_request_django_cannot_read_answers_400_with_its_code(world, api) -> None:
    client = api("caseworker")
    # More query fields than Django reads (DATA_UPLOAD_MAX_NUMBER_FIELDS).
    query = "&".join(f"f{i}=1" for i in range(1100))
    response = client.client.get(f"/api/v1/children?{query}", headers=client.headers)
    _assert_error(response, 400, "malformed_request")


def test_a_server_error_on_the_api_answers_json_with_its_code() -> None:
    response = error_500(RequestFactory().get("/api/v1/children"))
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert b'"code": "server_error"' in response.content
    page = error_500(RequestFactory().get("/children/"))
    assert page.status_code == 500
    assert page["Content-Type"].startswith("text/html")


def test_a_refused_transition_answers_the_same_status_on_the_page_and_the_api(world, api) -> None:
    child = child_register(
        actor=world.caseworker, data=ChildIn.model_validate({"given_name": "Amina"})
    )
    case = case_open(actor=world.caseworker, child=child)
    refused = {"to": "in_care"}  # not reachable from "reported"
    answer = api("caseworker").post(f"/api/v1/cases/{case.public_id}/transitions", refused)
    _assert_error(answer, 409, "transition_not_allowed")
    page = web_client(world.caseworker).post(f"/cases/{case.public_id}/transition/", refused)
    assert page.status_code == 409
    errors = page.context["transition_form"].errors.as_data()
    assert [e.code for e in errors["to"]] == ["transition_not_allowed"]
    # A form's own check answers 422, as the API does for invalid input.
    missing = web_client(world.caseworker).post(f"/cases/{case.public_id}/transition/", {})
    assert missing.status_code == 422
