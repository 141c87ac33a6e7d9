"""Deployment checks: the audit signing key lies outside the database, whose role cannot rewrite.

The rights check also runs when a production server starts (config.wsgi, config.asgi).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection

from kinhaven.audit.roles import audit_rights_problems


@register(Tags.security, deploy=True)
def audit_key_present(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if Path(settings.KINHAVEN_AUDIT_KEY_FILE).is_file():
        return []
    return [
        Error(
            "The audit signing key file does not exist.",
            hint="Set KINHAVEN_AUDIT_KEY_FILE to an Ed25519 private key (PEM) kept outside "
            "the database.",
            id="kinhaven.E001",
        )
    ]


@register(Tags.security, deploy=True)
def audit_tables_append_only(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """On PostgreSQL the connected role may only read, append and seal the audit tables."""
    if connection.vendor != "postgresql":
        return []
    try:
        problems = audit_rights_problems()
    except DatabaseError as exc:
        return [
            Error(
                f"Could not read the database role's rights on the audit tables: {exc}",
                id="kinhaven.E003",
            )
        ]
    return [
        Error(
            f"The database role could change or remove audit records: {problem}.",
            hint="Serve as a role that may only SELECT and INSERT the audit tables and UPDATE "
            "an audit entry's chain fields, under the trigger of migration audit 0005: "
            "`kinhaven migrate`, then `kinhaven db_roles --app-role NAME` as the owner "
            "(KINHAVEN_DB_OWNER_URL), then DATABASE_URL with that role.",
            id="kinhaven.E002",
        )
        for problem in problems
    ]


def audit_tables_refuse_unsafe_role() -> None:
    """In production, refuse to serve with rights that could change or remove audit records."""
    if not settings.PRODUCTION:
        return
    try:
        errors = audit_tables_append_only()
    finally:
        if not connection.in_atomic_block:
            # Server processes open their own connections; this one is not handed over.
            connection.close()
    if errors:
        raise ImproperlyConfigured(" ".join(error.msg for error in errors))
