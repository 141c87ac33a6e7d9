"""Everything held about one child, for a subject access request (GDPR Art. 15): the record,
every row of every Kinhaven table that refers to the child or to one of the child's cases,
and the audit entries about them (who of which role and agency did what, when). Found by
walking the models' foreign keys, so a table added later is exported without a change here
(a test holds the walk to every model that refers to a child or a case)."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models

from kinhaven.accounts.models import User
from kinhaven.audit.models import AuditEntry
from kinhaven.cases.models import Case
from kinhaven.children.models import Child
from kinhaven.core import time
from kinhaven.core.models import foreign_keys_to

FORMAT = "kinhaven-subject-access-1"
# Columns that hold no information about the child: row ids and secrets of the system.
SKIPPED = frozenset({"id", "password", "token", "digest", "handle"})


def _value(field: models.Field[Any, Any], obj: models.Model) -> Any:
    if isinstance(field, models.ForeignKey):
        related = getattr(obj, field.name)
        if related is None:
            return None
        if isinstance(related, User):
            # Staff are named by role and agency: the child learns who, not the person.
            role = related.role.code if related.role is not None else ""
            agency = related.agency.name if related.agency is not None else ""
            return f"{role} · {agency}".strip(" ·")
        public = getattr(related, "public_id", None)
        return str(public) if public is not None else str(related.pk)
    value = getattr(obj, field.attname)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return None
    return value


def _rows(queryset: Iterable[models.Model]) -> list[dict[str, Any]]:
    rows = []
    for obj in queryset:
        fields = obj._meta.concrete_fields
        rows.append({f.name: _value(f, obj) for f in fields if f.name not in SKIPPED})
    return rows


def referring_fields(target: type[models.Model]) -> list[tuple[type[models.Model], str]]:
    """Every (model, field) of Kinhaven's apps holding a foreign key to `target`."""
    return [
        (model, field.name)
        for model, field in foreign_keys_to(target)
        if model.__module__.startswith("kinhaven.")
    ]


def child_data(child: Child) -> dict[str, Any]:
    """The export as a JSON-ready document."""
    cases = list(Case.objects.filter(child=child))
    tables: dict[str, list[dict[str, Any]]] = {}
    for target, filters in ((Child, {"pk": child.pk}), (Case, {"pk__in": [c.pk for c in cases]})):
        for model, name in referring_fields(target):
            key = f"{model._meta.app_label}.{model._meta.model_name}"
            if model in {Child, Case}:
                continue
            lookup = {f"{name}__{k}": v for k, v in filters.items()}
            rows = _rows(model._default_manager.filter(**lookup).order_by("pk"))
            if rows:
                tables.setdefault(key, []).extend(rows)
    ids = [child.public_id, *(c.public_id for c in cases)]
    entries = AuditEntry.objects.filter(object_id__in=ids).order_by("occurred_at", "id")
    return {
        "format": FORMAT,
        "exported_at": time.now().isoformat(),
        "child": _rows([child])[0],
        "cases": _rows(cases),
        "records": tables,
        "audit": [
            {
                "at": e.occurred_at.isoformat(),
                "action": e.action,
                "object_type": e.object_type,
                "by_role": e.actor_role,
                "purpose": e.purpose,
                "outcome": e.outcome,
            }
            for e in entries
        ],
    }
