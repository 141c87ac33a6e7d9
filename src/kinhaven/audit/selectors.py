"""Reads of the audit log."""

import uuid

from django.db.models import QuerySet

from kinhaven.audit.models import AuditEntry


def audit_entries_for_object(*, object_type: str, object_id: uuid.UUID) -> QuerySet[AuditEntry]:
    """Return the entries about one record, newest first."""
    return (
        AuditEntry.objects.filter(object_type=object_type, object_id=object_id)
        .select_related("actor")
        .order_by("-id")
    )
