"""The key-encryption key (KEK): 32 bytes in a file outside the database, which wraps the key of
each encrypted file (RFC 3394 AES key wrap). Rights on the database alone unwrap nothing."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.keywrap import (
    InvalidUnwrap,
    aes_key_unwrap,
    aes_key_wrap,
)
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEK_BYTES = 32
# Loaded keys by file path: every encrypted read or write needs it, the file is read once.
_keys: dict[str, bytes] = {}


class KeyUnwrapError(Exception):
    """A wrapped key that the KEK does not open: another KEK, or a changed blob."""


def kek_path() -> Path:
    configured = settings.KINHAVEN_KEK_FILE
    return Path(configured) if configured else Path(settings.VAR_DIR) / "keys" / "kek.key"


def _create(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    # Written aside, then linked into place: a process racing to create the key sees a whole
    # file or none, and the first one linked wins.
    draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(KEK_BYTES))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
    finally:
        draft.unlink()


def load_kek() -> bytes:
    """Return the KEK; outside production a missing file is created (mode 0600)."""
    path = kek_path()
    cached = _keys.get(str(path))
    if cached is not None:
        return cached
    if not path.exists():
        if settings.PRODUCTION:
            raise ImproperlyConfigured("KINHAVEN_KEK_FILE must name an existing key file")
        _create(path)
    try:
        key = path.read_bytes()
    except OSError as exc:
        raise ImproperlyConfigured(
            f"KINHAVEN_KEK_FILE ({path}) cannot be read: {exc.strerror}"
        ) from None
    if len(key) != KEK_BYTES:
        raise ImproperlyConfigured(
            f"KINHAVEN_KEK_FILE ({path}): the key-encryption key must be exactly 32 bytes"
        )
    _keys[str(path)] = key
    return key


def key_wrap(key: bytes) -> bytes:
    """Wrap a data key with the KEK (AES key wrap): the blob to store beside the data."""
    return aes_key_wrap(load_kek(), key)


def data_key_new() -> tuple[bytes, bytes]:
    """A fresh 256-bit AES data key, and the key wrapped by the KEK to store beside the data."""
    key = AESGCM.generate_key(bit_length=256)
    return key, key_wrap(key)


def key_unwrap(blob: bytes) -> bytes:
    """Unwrap a data key; raise KeyUnwrapError if the KEK does not open it."""
    try:
        return aes_key_unwrap(load_kek(), blob)
    except InvalidUnwrap:
        raise KeyUnwrapError("the wrapped key does not open with this KEK") from None


def kek_replace(new: bytes) -> None:
    """Put a new KEK in place of the file (written aside, then renamed over it) and forget the
    loaded one. Called by the rotation once every wrapped key was re-wrapped under `new`."""
    path = kek_path()
    staged = staged_kek_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not staged.exists():
        fd = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(new)
    os.replace(staged, path)
    _keys.pop(str(path), None)


def staged_kek_path() -> Path:
    """Where a rotation writes the new KEK before the database is re-wrapped: if a rotation
    stopped after the commit and before the rename, this file is the key in use."""
    path = kek_path()
    return path.with_name(path.name + ".new")
