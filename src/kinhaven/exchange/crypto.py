"""The instance's keys and the sealing of messages with JOSE (jwcrypto).

A message is signed (JWS compact, EdDSA with Ed25519, RFC 7515 and RFC 8037) and the signed
token encrypted to the peer (JWE compact, ECDH-ES+A256KW with X25519, A256GCM, RFC 7516 and
RFC 7518). Keys are named by their RFC 7638 thumbprint (SHA-256), which is also the `kid`.

The private keys live in two files under the key folder (KINHAVEN_EXCHANGE_KEY_DIR, by default
VAR_DIR/exchange), readable by the owner only (0600), made on first use.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from jwcrypto import jwe, jwk, jws
from jwcrypto.common import JWException

SIGNING_ALG = "EdDSA"
KEY_ALG = "ECDH-ES+A256KW"
CONTENT_ENC = "A256GCM"
INNER_TYPE = "kinhaven-exchange+jws"


class SealError(Exception):
    """A token could not be opened: the code says why (enums.RefusalReason)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def key_dir() -> Path:
    configured = getattr(settings, "KINHAVEN_EXCHANGE_KEY_DIR", "")
    return Path(configured) if configured else Path(settings.VAR_DIR) / "exchange"


def _load_or_create(name: str, kty: str, crv: str, use: str) -> jwk.JWK:
    path = key_dir() / f"{name}.jwk.json"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = jwk.JWK.generate(kty=kty, crv=crv)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # made meanwhile by another process: read theirs
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(key.export_private())
    key = jwk.JWK.from_json(path.read_text())
    key.update({"use": use, "kid": key.thumbprint()})
    return key


def signing_key() -> jwk.JWK:
    return _load_or_create("signing", "OKP", "Ed25519", "sig")


def encryption_key() -> jwk.JWK:
    return _load_or_create("encryption", "OKP", "X25519", "enc")


def thumbprint(key_json: dict[str, Any]) -> str:
    """RFC 7638 thumbprint (SHA-256, base64url) of a public key given as a JWK."""
    return str(jwk.JWK(**key_json).thumbprint())


def instance_id() -> str:
    return str(settings.KINHAVEN_INSTANCE_ID)


def public_document() -> dict[str, Any]:
    """What the well-known address serves: the public keys (a JWKS) and who we are."""
    keys = []
    for key, alg in ((signing_key(), SIGNING_ALG), (encryption_key(), KEY_ALG)):
        public = json.loads(key.export_public())
        public.update({"use": key.get("use"), "kid": key.get("kid"), "alg": alg})
        keys.append(public)
    return {"keys": keys, "instance": instance_id(), "country": settings.KINHAVEN_COUNTRY}


@dataclass(frozen=True)
class PeerKeys:
    signing: jwk.JWK
    encryption: jwk.JWK


def peer_keys(jwks: dict[str, Any]) -> PeerKeys:
    """The peer's signing and encryption keys from its JWKS; ValueError if one is missing."""
    found: dict[str, jwk.JWK] = {}
    for item in jwks.get("keys", []):
        use = item.get("use")
        if use in {"sig", "enc"} and use not in found:
            public = {k: v for k, v in item.items() if k in {"kty", "crv", "x", "y"}}
            key = jwk.JWK(**public)
            if key.has_private:
                raise ValueError("private key published")
            key.update({"use": use, "kid": key.thumbprint()})
            found[use] = key
    if set(found) != {"sig", "enc"}:
        raise ValueError("keys missing")
    return PeerKeys(signing=found["sig"], encryption=found["enc"])


def seal(claims: dict[str, Any], *, to: PeerKeys, signer: jwk.JWK | None = None) -> str:
    """Sign the claims with our key, then encrypt the signed token to the peer."""
    signer = signer or signing_key()
    payload = json.dumps(claims, separators=(",", ":"), sort_keys=True)
    signed = jws.JWS(payload.encode())
    signed.add_signature(
        signer,
        alg=SIGNING_ALG,
        protected={"alg": SIGNING_ALG, "kid": signer.get("kid"), "typ": INNER_TYPE},
    )
    inner = signed.serialize(compact=True)
    header = {
        "alg": KEY_ALG,
        "enc": CONTENT_ENC,
        "kid": to.encryption.get("kid"),
        "cty": "JWT",
    }
    outer = jwe.JWE(inner.encode(), protected=header)
    outer.add_recipient(to.encryption)
    return str(outer.serialize(compact=True))


@dataclass(frozen=True)
class Opened:
    signer_kid: str
    payload: bytes
    claims: dict[str, Any]


def open_envelope(token: str) -> tuple[str, str]:
    """Decrypt with our encryption key: (the signer's kid, the inner JWS). SealError if not."""
    ours = encryption_key()
    envelope = jwe.JWE()
    try:
        envelope.deserialize(token)
        header = envelope.jose_header
    except (JWException, ValueError, TypeError) as exc:
        raise SealError("unreadable") from exc
    if header.get("alg") != KEY_ALG or header.get("enc") != CONTENT_ENC:
        raise SealError("unreadable")
    if header.get("kid") != ours.get("kid"):
        raise SealError("unreadable")
    try:
        envelope.decrypt(ours)
    except (JWException, ValueError, TypeError) as exc:
        raise SealError("undecryptable") from exc
    inner = envelope.payload.decode("ascii", errors="replace")
    signed = jws.JWS()
    try:
        signed.deserialize(inner)
        kid = signed.jose_header.get("kid", "")
    except (JWException, ValueError, TypeError) as exc:
        raise SealError("bad_signature") from exc
    return str(kid), inner


def verify(inner: str, *, key: jwk.JWK) -> Opened:
    """Check the inner JWS against the peer's signing key and read its claims."""
    signed = jws.JWS()
    try:
        signed.deserialize(inner)
        if signed.jose_header.get("alg") != SIGNING_ALG:
            raise SealError("bad_signature")
        signed.verify(key, alg=SIGNING_ALG)
    except (JWException, ValueError, TypeError) as exc:
        raise SealError("bad_signature") from exc
    payload = bytes(signed.payload)
    try:
        claims = json.loads(payload)
    except ValueError as exc:
        raise SealError("invalid_claims") from exc
    if not isinstance(claims, dict):
        raise SealError("invalid_claims")
    return Opened(signer_kid=str(key.get("kid")), payload=payload, claims=claims)
