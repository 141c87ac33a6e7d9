"""The versioned HTTP API."""

import copy
from typing import Any

from django.utils import translation
from ninja import NinjaAPI
from ninja.errors import ValidationError, ValidationErrorContext
from ninja.openapi.schema import OpenAPISchema

from kinhaven.accounts.api import router as auth_router
from kinhaven.accounts.auth import TokenAuth
from kinhaven.ages.api import router as ages_router
from kinhaven.api.errors import install_error_handlers
from kinhaven.api.parser import JsonBodyParser
from kinhaven.bestinterests.api import router as bestinterests_router
from kinhaven.care.api import router as care_router
from kinhaven.cases.api import router as cases_router
from kinhaven.children.api import router as children_router
from kinhaven.conferences.api import router as conferences_router
from kinhaven.conferences.api import tasks_router
from kinhaven.core.schemas import ErrorOut
from kinhaven.dataprotection.api import router as dataprotection_router
from kinhaven.deadlines.api import router as deadlines_router
from kinhaven.exchange.api import router as exchange_router
from kinhaven.guardianship.api import router as guardianship_router
from kinhaven.identification.api import router as identification_router
from kinhaven.intake.api import router as reports_router
from kinhaven.interviews.api import router as interviews_router
from kinhaven.legal.api import (
    guardian_router,
    information_router,
    legal_tasks_router,
    permits_router,
    tracks_router,
)
from kinhaven.legal.api import router as proceedings_router
from kinhaven.missing.api import router as missing_router
from kinhaven.notifications.api import router as notifications_router
from kinhaven.plans.api import router as plans_router
from kinhaven.referrals.api import router as referrals_router
from kinhaven.referrals.api import services_router, transfers_router
from kinhaven.solutions.api import router as solutions_router
from kinhaven.stats.api import router as stats_router
from kinhaven.tracing.api import duplicates_router, merges_router
from kinhaven.tracing.api import router as tracing_router
from kinhaven.workspace.api import router as workspace_router

# Answers any operation may give besides its own, all in the ErrorOut shape.
ERROR_ANSWERS = {
    "400": "The request cannot be read: malformed headers, or a body that is not UTF-8 JSON.",
    "401": "Authentication required, or wrong credentials.",
    "403": "The caller's role does not allow this action.",
    "404": "No such record, or the caller may not see it.",
    "409": "The record changed meanwhile, or the move is not allowed.",
    "413": "The request body is too large.",
    "415": "A body not sent as application/json, or a charset other than UTF-8.",
    "422": "Invalid input; each error names its field.",
    "429": "Too many failed logins; locked for a while.",
}


class KinhavenAPI(NinjaAPI):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._openapi_documents: dict[tuple[str | None, str], OpenAPISchema] = {}

    def validation_error_from_error_contexts(
        self, error_contexts: list[ValidationErrorContext[Any]]
    ) -> ValidationError:
        """Ninja drops each error's input; a too-long text keeps its length (never the text),
        which the message states as a form's does."""
        lengths = [
            len(error["input"])
            if error["type"] == "string_too_long" and isinstance(error.get("input"), str)
            else None
            for context in error_contexts
            for error in context.pydantic_validation_error.errors(include_url=False)
        ]
        exc = super().validation_error_from_error_contexts(error_contexts)
        for error, length in zip(exc.errors, lengths, strict=True):
            if length is not None:
                error.setdefault("ctx", {})["length"] = length
        return exc

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        """The OpenAPI document, built once a process for each language and path prefix: it
        cannot change while the process runs, and building it takes half a second (anyone may
        ask for it). Each caller gets a copy of its own."""
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        key = (translation.get_language(), path_prefix)
        document = self._openapi_documents.get(key)
        if document is None:
            document = self._openapi_documents[key] = self._openapi_document(path_prefix)
        return copy.deepcopy(document)

    def _openapi_document(self, path_prefix: str) -> OpenAPISchema:
        """Document the error answers of every operation, so clients can rely on them."""
        schema = super().get_openapi_schema(path_prefix=path_prefix)
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        definition = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(definition.pop("$defs", {}))
        schemas["ErrorOut"] = definition
        ref = {
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        }
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                responses = _statuses_as_text(operation.setdefault("responses", {}))
                operation["responses"] = responses
                for status, text in ERROR_ANSWERS.items():
                    responses.setdefault(status, {"description": text, **ref})
        return schema


def _statuses_as_text(responses: dict[Any, Any]) -> dict[str, Any]:
    """An operation's answers keyed by their status as text, as JSON writes it. Ninja keys the
    answers it documents by number (200) and an operation's own additions by text ("200"): kept
    apart, the document would have two "200" keys, which Swagger UI refuses to read at all.
    The text's entry adds to the number's."""
    merged: dict[str, Any] = {}
    for status, answer in sorted(responses.items(), key=lambda item: isinstance(item[0], str)):
        merged[str(status)] = {**merged.get(str(status), {}), **answer}
    return merged


api = KinhavenAPI(
    title="Kinhaven API",
    version="1",
    urls_namespace="api-v1",
    auth=TokenAuth(),
    docs_url="/docs",
    openapi_url="/openapi.json",
    parser=JsonBodyParser(),
)
install_error_handlers(api)
api.add_router("/auth", auth_router)
api.add_router("/children", children_router)
api.add_router("/children", guardianship_router)
api.add_router("/children", tracks_router)
api.add_router("/children", identification_router)
api.add_router("/children", ages_router)
api.add_router("/children", care_router)
api.add_router("/children", missing_router)
api.add_router("/children", interviews_router)
api.add_router("/children", dataprotection_router)
api.add_router("/children", bestinterests_router)
api.add_router("/children", solutions_router)
api.add_router("/guardian", guardian_router)
api.add_router("/proceedings", proceedings_router)
api.add_router("/residence-permits", permits_router)
api.add_router("/legal-tasks", legal_tasks_router)
api.add_router("/child-information", information_router)
api.add_router("/cases", cases_router)
api.add_router("/cases", plans_router)
api.add_router("/reports", reports_router)
api.add_router("/deadlines", deadlines_router)
api.add_router("/notifications", notifications_router)
api.add_router("/exchange", exchange_router)
api.add_router("/services", services_router)
api.add_router("/referrals", referrals_router)
api.add_router("/transfers", transfers_router)
api.add_router("/conferences", conferences_router)
api.add_router("/tasks", tasks_router)
api.add_router("/tracing-requests", tracing_router)
api.add_router("/duplicates", duplicates_router)
api.add_router("/merges", merges_router)
api.add_router("/stats", stats_router)
# The home page's numbers and the task list of every kind: /home, /worklist.
api.add_router("", workspace_router)
