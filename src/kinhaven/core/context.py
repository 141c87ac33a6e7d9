"""Per-request context (the request id) for audit entries and logs."""

from contextvars import ContextVar

request_id: ContextVar[str] = ContextVar("request_id", default="")
