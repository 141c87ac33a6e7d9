"""Base models: an internal integer key, an opaque public UUID and timestamps; and which tables
refer to a table."""

import functools
import uuid
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


@functools.cache
def foreign_keys_to(
    target: type[models.Model],
) -> tuple[tuple[type[models.Model], models.ForeignKey[Any, Any]], ...]:
    """Every (model, foreign key) of the installed apps that points at `target`: the tables whose
    rows refer to a row of it (the export of a child's data, the erasure of a record)."""
    return tuple(
        (model, field)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.ForeignKey) and field.related_model is target
    )
