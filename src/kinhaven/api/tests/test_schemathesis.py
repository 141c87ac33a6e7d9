"""Property-based API testing from the OpenAPI document, with two identities.

No generated request may cause a server error or an answer outside the documented schema, and
nothing one identity created may show up in what the other identity is answered.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import CHECKS
from schemathesis.core.result import Ok

from kinhaven.api.api import api as kinhaven_api

pytestmark = [pytest.mark.django_db, pytest.mark.schemathesis]

CHECK_NAMES = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
]
CANARY = "Qqsentinelzz"


def _operations() -> list[Any]:
    schema = schemathesis.openapi.from_dict(kinhaven_api.get_openapi_schema())
    schema.app = get_wsgi_application()
    schema.location = "/api/v1/openapi.json"
    operations = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result  # the schema must load whole
        operations.append(result.ok())
    return operations


OPERATIONS = _operations()


@contextmanager
def _keep_the_test_connection() -> Iterator[None]:
    # Requests go straight to the WSGI application; as Django's test client does, keep them
    # from closing the connection that holds the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.label)
def test_generated_requests_stay_inside_the_schema(world, api, operation) -> None:
    owner, other = api("caseworker"), api("caseworker2")
    child = owner.post("/api/v1/children", {"given_name": CANARY}).json()
    case_id = owner.post("/api/v1/cases", {"child_id": child["id"]}).json()["id"]
    secrets = (CANARY, child["id"], case_id)
    checks = CHECKS.get_by_names(CHECK_NAMES)

    @settings(
        max_examples=15,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case: Any) -> None:
        with _keep_the_test_connection():
            case.call_and_validate(headers=owner.headers, checks=checks)
        # The other identity aims at the owner's records by their real ids.
        ids = {"child_id": child["id"], "case_id": case_id}
        for name in case.path_parameters or {}:
            case.path_parameters[name] = ids.get(name, case.path_parameters[name])
        with _keep_the_test_connection():
            response = case.call_and_validate(headers=other.headers, checks=checks)
        leaked = [s for s in secrets if s in response.text]
        assert not leaked, f"{operation.label} showed another agency's record"

    run()
