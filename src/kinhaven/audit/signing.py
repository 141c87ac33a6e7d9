"""The Ed25519 key that signs audit checkpoints; it lives in a file, never in the database."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


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
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
        return key
    loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
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
