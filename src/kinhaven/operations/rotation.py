"""Rotation of the key-encryption key: every key wrapped by it (each record's key, each
recording's key) is unwrapped with the old one and wrapped with a new one in one transaction;
then the new key replaces the old file. The data themselves are not re-encrypted."""

from __future__ import annotations

import os
import secrets
from typing import Any

from cryptography.hazmat.primitives.keywrap import aes_key_unwrap, aes_key_wrap
from django.db import models, transaction

from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_record
from kinhaven.core.encryption import WRAPPED_KEY_FIELDS, clear_key_cache
from kinhaven.core.keys import KEK_BYTES, kek_replace, load_kek, staged_kek_path


def kek_rotate() -> dict[str, int]:
    """Re-wrap every wrapped key under a new KEK and put the new KEK in place; return the count
    per table."""
    old = load_kek()
    new = secrets.token_bytes(KEK_BYTES)
    staged = staged_kek_path()
    staged.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if staged.exists():
        staged.unlink()
    # The new key is on disk before the database changes: a crash after the commit leaves it
    # there, under a name the operations guide gives.
    fd = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(new)
    counts: dict[str, int] = {}
    try:
        with transaction.atomic():
            for model, name in WRAPPED_KEY_FIELDS:
                rows: models.QuerySet[Any] = models.QuerySet(model=model).exclude(
                    **{f"{name}__isnull": True}
                )
                done = 0
                for pk, blob in rows.values_list("pk", name).iterator():
                    key = aes_key_unwrap(old, bytes(blob))
                    models.QuerySet(model=model).filter(pk=pk).update(
                        **{name: aes_key_wrap(new, key)}
                    )
                    done += 1
                counts[model._meta.label_lower] = done
            audit_record(
                actor=None,
                action=AuditAction.KEK_ROTATE,
                object_type="key",
                detail={"rewrapped": counts},
            )
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    kek_replace(new)
    clear_key_cache()
    return counts
