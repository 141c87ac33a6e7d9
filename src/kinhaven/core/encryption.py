"""Field-level encryption at rest: the sensitive sections of a child's file (location, health,
legal, interviews) are stored as AES-256-GCM ciphertext, each record with a key of its own
(envelope encryption), that key stored beside the row wrapped by the key-encryption key, which
lives in a file outside the database (core.keys). A copy of the database, or its backup, holds
no plaintext of these fields; erasing a row destroys its key with it.

- `RecordKeyField`: the row's wrapped key (made when the row is first saved with an encrypted
  value). `kinhaven keys rotate` re-wraps every one under a new key-encryption key.
- `EncryptedTextField`: text stored as `khenc1:` + base64(nonce || ciphertext || tag); the
  associated data binds it to its table, field and record, so a ciphertext moved to another
  row or field does not open. Code reads and writes plaintext as with any text field; the
  value is encrypted when saved. Such a field cannot be searched or filtered in the database.
"""

from __future__ import annotations

import base64
import functools
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.apps import apps as global_apps
from django.db import models

from kinhaven.core.keys import data_key_new, kek_path, key_unwrap

PREFIX = "khenc1:"
KEY_ATTNAME = "data_key"
NONCE_BYTES = 12

# Every (model, field name) holding keys wrapped by the KEK: what a rotation re-wraps.
WRAPPED_KEY_FIELDS: list[tuple[type[models.Model], str]] = []


def wrapped_key_field_register(model: type[models.Model], name: str) -> None:
    if (model, name) not in WRAPPED_KEY_FIELDS:
        WRAPPED_KEY_FIELDS.append((model, name))


def encrypt_existing(app_label: str, fields: dict[str, list[str]]) -> Any:
    """A data migration step (`RunPython`) for the migration that makes these fields encrypted:
    every row gets its key and its text is stored encrypted."""

    def run(apps: Any, schema_editor: Any) -> None:
        for model_name, names in fields.items():
            model = apps.get_model(app_label, model_name)
            for row in model.objects.all().iterator():
                for name in names:
                    getattr(row, name)  # read: a row already encrypted opens with its key
                row.save(update_fields=[*names, KEY_ATTNAME])

    return run


class DecryptionError(Exception):
    """A ciphertext that does not open: another key, another row or field, or changed bytes."""


@functools.lru_cache(maxsize=4096)
def _unwrapped(kek_file: str, wrapped: bytes) -> bytes:
    return key_unwrap(wrapped)


def clear_key_cache() -> None:
    """Forget the unwrapped keys (after the KEK changed)."""
    _unwrapped.cache_clear()


def record_key(instance: models.Model) -> bytes:
    """The row's own key, made (and wrapped into the row) on first use."""
    cached: bytes | None = getattr(instance, "_kh_record_key", None)
    if cached is not None:
        return cached
    wrapped = getattr(instance, KEY_ATTNAME)
    if wrapped:
        key = _unwrapped(str(kek_path()), bytes(wrapped))
    else:
        key, wrapped = data_key_new()
        setattr(instance, KEY_ATTNAME, wrapped)
    instance._kh_record_key = key  # type: ignore[attr-defined]
    return key


def _aad(instance: models.Model, name: str) -> bytes:
    meta = instance._meta
    record = getattr(instance, "public_id", "")
    return f"{meta.app_label}.{meta.model_name}.{name}:{record}".encode()


def seal(instance: models.Model, name: str, plaintext: str) -> str:
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(record_key(instance)).encrypt(nonce, plaintext.encode(), _aad(instance, name))
    return PREFIX + base64.b64encode(nonce + sealed).decode("ascii")


def open_sealed(instance: models.Model, name: str, token: str) -> str:
    try:
        raw = base64.b64decode(token[len(PREFIX) :])
        plain = AESGCM(record_key(instance)).decrypt(
            raw[:NONCE_BYTES], raw[NONCE_BYTES:], _aad(instance, name)
        )
    except (InvalidTag, ValueError) as exc:
        raise DecryptionError(f"{instance._meta.label}.{name} does not open") from exc
    return plain.decode()


def is_sealed(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


class RecordKeyField(models.BinaryField):  # type: ignore[type-arg]
    """The row's key, wrapped by the key-encryption key."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("null", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def contribute_to_class(
        self, cls: type[models.Model], name: str, private_only: bool = False
    ) -> None:
        super().contribute_to_class(cls, name, private_only=private_only)
        # The project's models only, not the historical ones migrations build.
        if not cls._meta.abstract and cls._meta.apps is global_apps:
            wrapped_key_field_register(cls, name)

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        # Made here when no encrypted field made it first: a row always has its key.
        record_key(model_instance)
        return getattr(model_instance, self.attname)


class _Sealed:
    """The attribute of an encrypted field: plaintext to code, ciphertext in the row."""

    def __init__(self, field: EncryptedTextField) -> None:
        self.field = field

    def __get__(self, instance: models.Model | None, owner: type) -> Any:
        if instance is None:
            return self
        name = self.field.attname
        if name not in instance.__dict__:
            instance.refresh_from_db(fields=[name])
        value = instance.__dict__[name]
        if is_sealed(value):
            value = open_sealed(instance, name, value)
            instance.__dict__[name] = value
        return value

    def __set__(self, instance: models.Model, value: Any) -> None:
        instance.__dict__[self.field.attname] = value


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """Text kept encrypted at rest with the row's key (the model has a RecordKeyField named
    `data_key`)."""

    def contribute_to_class(
        self, cls: type[models.Model], name: str, private_only: bool = False
    ) -> None:
        super().contribute_to_class(cls, name, private_only=private_only)
        setattr(cls, self.attname, _Sealed(self))

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = model_instance.__dict__.get(self.attname, "")
        if not value or is_sealed(value):
            return value
        return seal(model_instance, self.attname, value)
