"""Form data cannot carry text a database cannot store, and a malformed request is a 4xx.

Django decodes form fields and query strings as UTF-8 with replacement, so a lone UTF-16
surrogate never reaches a form in UTF-8; another charset (unicode_escape makes one out of
"\\ud800") is refused before anything decodes it. No form has a check of its own to forget.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

from kinhaven.cases.models import Case
from kinhaven.conftest import web_client

NAME = "Zzamina"


@pytest.fixture
def case_path(world, api) -> str:
    client = api("caseworker")
    child = client.post("/api/v1/children", {"given_name": "Ahmed"}).json()
    case = client.post("/api/v1/cases", {"child_id": child["id"]}).json()
    return f"/cases/{case['id']}/edit/"


def _summary(case_path: str) -> str:
    return Case.objects.get(public_id=case_path.split("/")[2]).summary


def _multipart(value: bytes) -> bytes:
    return (
        b'--B\r\nContent-Disposition: form-data; name="summary"\r\n\r\n' + value + b"\r\n--B--\r\n"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        # What a browser sends for the UTF-8 form of a lone surrogate.
        (f"summary={NAME}%ED%A0%80".encode(), "application/x-www-form-urlencoded"),
        (_multipart(NAME.encode() + b"\xed\xa0\x80"), "multipart/form-data; boundary=B"),
        (
            _multipart(NAME.encode() + b"\xed\xa0\x80"),
            "multipart/form-data; boundary=B; charset=utf-8",
        ),
    ],
    ids=["urlencoded", "multipart", "multipart utf-8"],
)
def test_form_data_in_utf8_cannot_carry_a_lone_surrogate(world, case_path, body, content_type):
    response = web_client(world.caseworker).generic(
        "POST", case_path, body, content_type=content_type
    )
    assert response.status_code == 302, response.content
    # Each byte that is not UTF-8 became U+FFFD: the text is storable, and the form saved it.
    assert _summary(case_path) == NAME + "\ufffd" * 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (_multipart(b"Zzamina\\ud800"), "multipart/form-data; boundary=B; charset=unicode_escape"),
        (b"summary=Zzamina%2B2AA-", "application/x-www-form-urlencoded; charset=utf-7"),
        (b"summary=Zzamina", "application/x-www-form-urlencoded; charset=latin-1"),
    ],
    ids=["multipart unicode_escape", "urlencoded utf-7", "urlencoded latin-1"],
)
def test_form_data_in_another_charset_is_refused_with_415(world, case_path, body, content_type):
    response = web_client(world.caseworker).generic(
        "POST", case_path, body, content_type=content_type
    )
    assert response.status_code == 415
    assert response["Content-Type"].startswith("text/html")
    assert "Send the request in UTF-8" in response.content.decode()
    assert NAME not in response.content.decode()
    assert _summary(case_path) == ""


@pytest.mark.django_db
def test_a_query_string_in_another_charset_is_refused_with_415(world) -> None:
    response = web_client(world.caseworker).get(
        "/cases/?q=%5Cud800", headers={"Content-Type": "text/plain; charset=unicode_escape"}
    )
    assert response.status_code == 415


@pytest.mark.django_db
@pytest.mark.parametrize("length", ["abc", "-5", "1_0", "+5"])
def test_a_form_with_a_malformed_content_length_gets_a_400_page(world, case_path, length):
    client = web_client(world.caseworker)
    response = client.generic(
        "POST",
        case_path,
        b"summary=Seen",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=length,
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "The Content-Length header must be" in response.content.decode()
    assert _summary(case_path) == ""


def _wsgi(path: str, content_length: str) -> tuple[str, dict[str, str], bytes]:
    """Call the WSGI application as `make run`'s server does, with a raw environment."""
    body = b"summary=Seen"
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": content_length,
        "HTTP_HOST": "testserver",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    answer: dict[str, Any] = {}

    def start_response(
        status: str, headers: list[tuple[str, str]], exc_info: Any = None, /
    ) -> Callable[[bytes], object]:
        answer.update(status=status, headers=dict(headers))
        return io.BytesIO().write

    with _keep_the_test_connection():
        content = b"".join(get_wsgi_application()(environ, start_response))
    return answer["status"], answer["headers"], content


@contextmanager
def _keep_the_test_connection() -> Iterator[None]:
    # As Django's test client does: the handler must not close the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.parametrize("length", ["abc", "-1"])
def test_the_wsgi_application_answers_a_malformed_content_length_with_400(length) -> None:
    status, headers, content = _wsgi("/api/v1/cases", length)
    assert status.startswith("400 ")
    assert headers["Content-Type"].startswith("application/json")
    assert b'"field": "Content-Length"' in content
    status, headers, _content = _wsgi("/login/", length)
    assert status.startswith("400 ")
    assert headers["Content-Type"].startswith("text/html")
