"""The Ed25519 key that signs audit checkpoints; it lives in a file, never in the database."""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Fixed for the life of the log: a new info string would change every entry's MAC.
MAC_KEY_INFO = b"kinhaven audit entry mac v1"
# Derived MAC keys by key file path: every audited action needs one, the file is read once.
_mac_keys: dict[str, bytes] = {}


def key_path() -> Path:
    return Path(settings.KINHAVEN_AUDIT_KEY_FILE)


def load_private_key() -> Ed25519PrivateKey:
    """Load the signing key; outside production a missing key is created (mode 0600)."""
    path = key_path()
    if not path.exists():
        if settings.PRODUCTION:
            raise ImproperlyConfigured("KINHAVEN_AUDIT_KEY_FILE must name an existing key file")
        path.parent.mkdir(parents=True, exist_ok=True)
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        # Written aside, then linked into place: a process racing to read or create the key sees
        # a whole file or none, and the first one linked wins.
        draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(pem)
            try:
                os.link(draft, path)
            except FileExistsError:
                return load_private_key()
        finally:
            draft.unlink()
        return key
    try:
        loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except OSError as exc:
        raise ImproperlyConfigured(
            f"KINHAVEN_AUDIT_KEY_FILE ({path}) cannot be read: {exc.strerror}"
        ) from None
    except (ValueError, TypeError):
        raise ImproperlyConfigured(
            f"KINHAVEN_AUDIT_KEY_FILE ({path}) holds no private key in PEM without a password"
        ) from None
    if not isinstance(loaded, Ed25519PrivateKey):
        raise ImproperlyConfigured("the audit signing key must be an Ed25519 key")
    return loaded


def public_key() -> Ed25519PublicKey:
    return load_private_key().public_key()


def key_id(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def sign(message: bytes) -> tuple[str, str]:
    """Sign a message; return (key id, signature hex)."""
    key = load_private_key()
    return key_id(key.public_key()), key.sign(message).hex()


def verify_signature(public: Ed25519PublicKey, message: bytes, signature_hex: str) -> bool:
    try:
        public.verify(bytes.fromhex(signature_hex), message)
    except (InvalidSignature, ValueError):
        return False
    return True


def mac_key() -> bytes:
    """Return the key of the entry MACs, derived (HKDF-SHA256) from the signing key file.

    Like the signing key it never enters the database, so rights on the database alone cannot
    recompute the MAC of a rewritten entry.
    """
    path = str(key_path())
    key = _mac_keys.get(path)
    if key is None:
        raw = load_private_key().private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
        key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=MAC_KEY_INFO).derive(raw)
        _mac_keys[path] = key
    return key
