"""Bodies and headers the API cannot read answer a 4xx that says what is wrong and where.

Each refusal goes through the real routes, middleware and database; none may be a server error.
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

import pytest

from kinhaven.accounts.enums import OrganisationType, RoleCode
from kinhaven.accounts.services import agency_create
from kinhaven.api.api import api as kinhaven_api
from kinhaven.cases.models import Case
from kinhaven.children.models import Child
from kinhaven.guardianship.services import guardian_appoint
from kinhaven.legal.models import Proceeding
from kinhaven.tracing.models import TracingRequest

pytestmark = pytest.mark.django_db

# A name with half of a UTF-16 pair after it; Python's json writes it as the escape "\udc00".
NAME = "Zzamina"
BROKEN = NAME + "\udc00"
SURROGATE_MESSAGE = "Text may not contain a lone UTF-16 surrogate (\\ud800 to \\udfff)."


def _send(client: Any, method: str, path: str, body: bytes | str, **extra: Any) -> Any:
    extra.setdefault("content_type", "application/json")
    return client.client.generic(method, path, body, headers=client.headers, **extra)


@pytest.fixture
def case_id(world, api) -> str:
    client = api("caseworker")
    child = client.post("/api/v1/children", {"given_name": "Ahmed"}).json()
    return str(client.post("/api/v1/cases", {"child_id": child["id"]}).json()["id"])


@pytest.fixture
def ward_id(world, api) -> str:
    """A child with a guardian, who may record the child's proceedings."""
    authority = agency_create(
        name="Guardianship office", country="AUT", organisation_type=OrganisationType.OTHER
    )
    guardian = world.user("guardian", RoleCode.GUARDIAN, authority, None)
    child_id = api("caseworker").post("/api/v1/children", {"given_name": "Amina"}).json()["id"]
    child = Child.objects.get(public_id=child_id)
    guardian_appoint(actor=world.supervisor, child=child, guardian=guardian)
    return str(child_id)


def _assert_refused_naming(response: Any, field: str) -> None:
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == {
        "message": "The request has invalid fields.",
        "code": "invalid",
        "errors": [{"field": field, "message": SURROGATE_MESSAGE}],
    }
    # The text may be a child's name: the answer never repeats it.
    assert NAME not in response.content.decode()


def test_a_lone_surrogate_in_a_case_summary_is_refused_naming_the_field(api, case_id) -> None:
    client = api("caseworker")
    path = f"/api/v1/cases/{case_id}"
    _assert_refused_naming(client.patch(path, {"summary": BROKEN}), "summary")
    assert Case.objects.get(public_id=case_id).summary == ""
    assert client.patch(path, {"summary": NAME}).status_code == 200


@pytest.mark.parametrize("field", ["note", "authority"])
def test_a_lone_surrogate_in_a_proceeding_is_refused_naming_the_field(api, ward_id, field) -> None:
    client = api("guardian")
    body = {"child_id": ward_id, "track": "residence", "status": "reflection"}
    _assert_refused_naming(client.post("/api/v1/proceedings", {**body, field: BROKEN}), field)
    assert not Proceeding.objects.exists()
    created = client.post("/api/v1/proceedings", {**body, field: NAME})
    assert created.status_code == 201, created.content
    path = f"/api/v1/proceedings/{created.json()['id']}"
    _assert_refused_naming(client.patch(path, {field: BROKEN}), field)
    assert getattr(Proceeding.objects.get(), field) == NAME


@pytest.mark.parametrize("field", ["requester_name", "circumstances"])
def test_a_lone_surrogate_in_a_tracing_request_is_refused_naming_the_field(
    world, api, field
) -> None:
    client = api("caseworker")
    body = {"source": "relative", "relationship": "mother", "given_name": "Omar"}
    _assert_refused_naming(client.post("/api/v1/tracing-requests", {**body, field: BROKEN}), field)
    assert not TracingRequest.objects.exists()
    created = client.post("/api/v1/tracing-requests", {**body, field: NAME})
    assert created.status_code == 201, created.content
    path = f"/api/v1/tracing-requests/{created.json()['id']}"
    _assert_refused_naming(client.patch(path, {field: BROKEN}), field)


def _writes_with_a_body() -> list[tuple[str, str, list[str]]]:
    """Every operation of the API document that reads a body, with its body's fields."""
    document = kinhaven_api.get_openapi_schema()
    schemas = document["components"]["schemas"]
    writes = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if "requestBody" not in operation:
                continue
            content = operation["requestBody"]["content"]
            if "application/json" not in content:
                # A file upload (multipart): its form fields pass the same input models,
                # tested with the upload (missing/tests/test_photo.py).
                assert set(content) == {"multipart/form-data"}, (path, set(content))
                continue
            schema = content["application/json"]["schema"]
            fields = sorted(schemas[schema["$ref"].rsplit("/", 1)[-1]]["properties"])
            writes.append((method.upper(), path, fields))
    return writes


WRITES = _writes_with_a_body()


def test_every_field_of_every_write_refuses_a_lone_surrogate(world, api) -> None:
    client = api("caseworker")
    assert len(WRITES) > 30  # the document lists the writes; an empty walk would prove nothing
    for method, template, fields in WRITES:
        # The body is read before the record is looked up, so any id shows the refusal.
        path = template.replace("{kind}", "contact")
        path = re.sub(r"\{[a-z_]+_id\}", lambda _m: str(uuid.uuid4()), path)
        assert "{" not in path, path
        for field in fields:
            response = _send(client, method, path, json.dumps({field: BROKEN}))
            assert response.status_code == 422, (method, template, field, response.content)
            assert response.json()["errors"] == [{"field": field, "message": SURROGATE_MESSAGE}]


def test_surrogates_are_found_at_any_depth_and_in_keys(world, api) -> None:
    client = api("caseworker")
    body = {
        "source": "relative",
        "relationship": "mother",
        "other_names": ["Omar", BROKEN],
        "languages": [BROKEN],
    }
    response = client.post("/api/v1/tracing-requests", body)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["other_names.1", "languages.0"]
    # A key cannot be named without repeating it; the object holding it is named instead.
    response = _send(client, "POST", "/api/v1/tracing-requests", json.dumps({BROKEN: "x"}))
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "body", "message": SURROGATE_MESSAGE}]
    assert not TracingRequest.objects.exists()


def test_a_login_with_a_lone_surrogate_is_refused_before_any_lookup(world, api) -> None:
    body = {"username": BROKEN, "password": "x", "otp": "123456"}
    _assert_refused_naming(api(None).post("/api/v1/auth/token", body), "username")


def test_bytes_that_are_not_utf8_are_refused_with_their_offset(api, case_id) -> None:
    # The UTF-8 form of a lone surrogate, which Python's JSON reader would otherwise let in.
    body = b'{"summary": "' + BROKEN.encode("utf-8", "surrogatepass") + b'"}'
    response = _send(api("caseworker"), "PATCH", f"/api/v1/cases/{case_id}", body)
    assert response.status_code == 400
    message = "The body is not UTF-8 text: invalid byte at offset 20."
    assert response.json() == {
        "message": message,
        "code": "malformed_request",
        "errors": [{"field": "body", "message": message}],
    }


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"summary": }', "Invalid JSON at line 1, column 13: Expecting value"),
        (
            b'{\n  "summary": "x",\n}',
            "Invalid JSON at line 3, column 1: Expecting property name enclosed in double quotes",
        ),
        (b'{"summary": "x"} {}', "Invalid JSON at line 1, column 18: Extra data"),
        (b'{"summary": NaN}', "Invalid JSON: NaN is not a JSON number."),
        (b"[" * 100_000, "The JSON is nested too deeply."),
    ],
    ids=["missing value", "trailing comma", "extra data", "nan", "deep nesting"],
)
def test_unparseable_json_says_what_is_wrong_and_where(api, case_id, body, message) -> None:
    response = _send(api("caseworker"), "PATCH", f"/api/v1/cases/{case_id}", body)
    assert response.status_code == 400
    assert response.json() == {
        "message": message,
        "code": "malformed_request",
        "errors": [{"field": "body", "message": message}],
    }


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "text/plain; charset=utf-8",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=B",
        "application/json-patch+json",
        "",
    ],
)
def test_bodies_not_sent_as_json_are_refused_with_415(api, case_id, content_type) -> None:
    body = json.dumps({"summary": "Seen at the station."})
    path = f"/api/v1/cases/{case_id}"
    response = _send(api("caseworker"), "PATCH", path, body, content_type=content_type)
    assert response.status_code == 415, response.content
    message = "Send the request body as application/json (UTF-8)."
    assert response.json() == {
        "message": message,
        "code": "unsupported_media_type",
        "errors": [{"field": "Content-Type", "message": message}],
    }
    assert Case.objects.get(public_id=case_id).summary == ""


@pytest.mark.parametrize(
    "content_type",
    ["application/json", "application/json; charset=utf-8", "Application/JSON;charset=UTF-8"],
)
def test_json_with_or_without_a_utf8_charset_is_read(api, case_id, content_type) -> None:
    body = json.dumps({"summary": "Seen at the station."})
    path = f"/api/v1/cases/{case_id}"
    response = _send(api("caseworker"), "PATCH", path, body, content_type=content_type)
    assert response.status_code == 200, response.content
    assert response.json()["summary"] == "Seen at the station."


@pytest.mark.parametrize("charset", ["latin-1", "utf-16", "unicode_escape", "no-such-charset"])
def test_a_charset_other_than_utf8_is_refused_with_415(api, case_id, charset) -> None:
    path = f"/api/v1/cases/{case_id}"
    body = json.dumps({"summary": "Seen at the station."})
    content_type = f"application/json; charset={charset}"
    response = _send(api("caseworker"), "PATCH", path, body, content_type=content_type)
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"
    assert response.json()["errors"][0]["field"] == "Content-Type"
    assert "UTF-8" in response.json()["message"]


def test_a_query_string_cannot_be_decoded_into_a_lone_surrogate(world, api) -> None:
    # Django decodes the query string in the declared charset: unicode_escape would read "\ud800".
    client = api("caseworker")
    response = client.client.get(
        "/api/v1/children?q=%5Cud800",
        headers={**client.headers, "Content-Type": "text/plain; charset=unicode_escape"},
    )
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


@pytest.mark.parametrize(
    "length", ["abc", "-5", "+5", "1_0", "5, 5", "0x10", "1e3", "\u0665"], ids=repr
)
def test_a_content_length_that_is_no_byte_count_is_refused_with_400(api, case_id, length) -> None:
    path = f"/api/v1/cases/{case_id}"
    body = json.dumps({"summary": "Seen at the station."})
    response = _send(api("caseworker"), "PATCH", path, body, CONTENT_LENGTH=length)
    assert response.status_code == 400, response.content
    message = "The Content-Length header must be the body's size as a number of bytes."
    assert response.json() == {
        "message": message,
        "code": "malformed_request",
        "errors": [{"field": "Content-Length", "message": message}],
    }
    assert Case.objects.get(public_id=case_id).summary == ""


def test_a_content_length_longer_than_any_number_is_too_large(api, case_id) -> None:
    path = f"/api/v1/cases/{case_id}"
    # Past 4300 digits Python's int() refuses the string; the answer is still 413.
    response = _send(api("caseworker"), "PATCH", path, "{}", CONTENT_LENGTH="9" * 5000)
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


def test_the_document_lists_the_new_answers_and_codes() -> None:
    document = kinhaven_api.get_openapi_schema()
    responses = document["paths"]["/api/v1/cases/{case_id}"]["patch"]["responses"]
    assert {"400", "415", "422"} <= set(responses)
    error = document["components"]["schemas"]["ErrorOut"]
    assert "code" in error["properties"]
    codes = document["components"]["schemas"]["ErrorCode"]["enum"]
    assert {"invalid", "malformed_request", "unsupported_media_type", "too_large"} <= set(codes)


def test_other_error_answers_carry_their_code(world, api, case_id) -> None:
    assert api(None).get("/api/v1/cases").json()["code"] == "unauthenticated"
    client = api("caseworker")
    assert client.get(f"/api/v1/cases/{uuid.uuid4()}").json()["code"] == "not_found"
    assert client.post(f"/api/v1/cases/{case_id}/transitions", {}).json()["code"] == "invalid"
    wrong = api(None).post("/api/v1/auth/token", {"username": "x", "password": "y", "otp": "1"})
    assert (wrong.status_code, wrong.json()["code"]) == (401, "unauthenticated")
