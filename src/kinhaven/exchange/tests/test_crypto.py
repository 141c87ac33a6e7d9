import json
import os
import stat

import pytest
from jwcrypto import jwk

from kinhaven.exchange import crypto


def test_thumbprint_is_rfc7638_sha256():
    # RFC 7638 section 3.1: the example RSA key and its thumbprint.
    key = {
        "kty": "RSA",
        "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tS"
        "oc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65Y"
        "GjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdk"
        "t-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqD"
        "Kgw",
        "e": "AQAB",
        "alg": "RS256",
        "kid": "2011-04-29",
    }
    assert crypto.thumbprint(key) == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"


def test_keys_are_made_once_and_readable_by_the_owner_only(settings, tmp_path):
    first = crypto.signing_key()
    again = crypto.signing_key()
    assert first.get("kid") == again.get("kid") == first.thumbprint()
    path = tmp_path / "exchange" / "signing.jwk.json"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    document = crypto.public_document()
    # Only public keys are published.
    for item in document["keys"]:
        assert "d" not in item
        assert not jwk.JWK(**{k: item[k] for k in ("kty", "crv", "x")}).has_private
    assert {k["use"] for k in document["keys"]} == {"sig", "enc"}


def test_sealed_message_opens_only_with_the_right_keys(partner):
    token = partner.seal({"hello": "world"})
    assert token.count(".") == 4  # compact JWE
    assert "world" not in token
    kid, inner = crypto.open_envelope(token)
    assert kid == partner.signing.get("kid")
    opened = crypto.verify(inner, key=crypto.peer_keys(partner.document).signing)
    assert opened.claims == {"hello": "world"}
    # Another key does not verify the signature.
    with pytest.raises(crypto.SealError) as refused:
        crypto.verify(inner, key=crypto.signing_key())
    assert refused.value.reason == "bad_signature"


def test_tampered_ciphertext_does_not_decrypt(partner):
    token = partner.seal({"hello": "world"})
    parts = token.split(".")
    cipher = parts[3]
    parts[3] = cipher[:-2] + ("A" if cipher[-2] != "A" else "B") + cipher[-1]
    with pytest.raises(crypto.SealError) as refused:
        crypto.open_envelope(".".join(parts))
    assert refused.value.reason == "undecryptable"
    with pytest.raises(crypto.SealError) as unreadable:
        crypto.open_envelope("not a token")
    assert unreadable.value.reason == "unreadable"


def test_a_message_to_another_instance_is_unreadable_here(partner):
    # Sealed to the partner's own encryption key, not ours.
    token = crypto.seal({"a": 1}, to=crypto.peer_keys(partner.document))
    with pytest.raises(crypto.SealError):
        crypto.open_envelope(token)
    assert json.loads(json.dumps(partner.document))["instance"] == "kinhaven-partner"
