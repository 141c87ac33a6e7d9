"""Asking a peer "is this child registered with you?" without sending names (docs/pprl.md).

Both sides encode a child's names, date of birth and sex as one keyed Bloom filter, a
cryptographic long-term key (CLK; Schnell, Bachteler and Reiher 2009), with the method of clkhash:
each field's features (name-skeleton and spelling bigrams, date parts, sex) set bits at
positions drawn from an HMAC under a key derived for that field from the secret the peers share
for this purpose. Names go through the project's one name normaliser first, so that one name in
Arabic script, in Cyrillic or in any Latin transliteration sets the same bits. The receiving
side compares the encodings with anonlink (Dice coefficient) against its children whose record
allows tracing, and answers only opaque handles and scores; a person confirms a handle, with the
legal basis, before any identity is exchanged.

The secret is never logged, stored or audited: only a fingerprint (an HMAC of a constant under
it) names which key an encoding was made with.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from bitarray import bitarray
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import User
from kinhaven.accounts.services import capability_require
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_record
from kinhaven.children.enums import Tracing
from kinhaven.children.models import Child
from kinhaven.children.names import name_keys, name_skeleton
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.tracing.models import PprlHandle

__all__ = [
    "BITS",
    "DEFAULT_THRESHOLD",
    "PprlAnswer",
    "PprlFields",
    "PprlKeys",
    "key_fingerprint",
    "pprl_answer",
    "pprl_encode_child",
    "pprl_encode_fields",
    "pprl_encode_query",
    "pprl_handle_child",
    "pprl_handle_confirm",
]

# The schema: the filter's length and, per feature kind, how many bits each feature sets.
# Bumping VERSION changes every key (it salts the key derivation), so old encodings never match.
VERSION = "kinhaven-pprl-v1"
BITS = 1024
K_SKELETON = 12  # a name's consonant skeleton, whole: the same in every script and spelling
K_SKELETON_BIGRAM = 4  # bigrams of the skeleton: tolerant of one letter changed
K_SPELLING_BIGRAM = 2  # bigrams of the spelling key: closer spellings agree a little more
K_YEAR = 24
K_MONTH = 10
K_DAY = 10
K_SEX = 8
FIELDS = ("skeleton", "skeleton_bigram", "spelling_bigram", "year", "month", "day", "sex")

# Calibrated on the generator (bench/pprl.py, seed 1) at a false-match rate of 0.01% on pairs of
# different children; reported on another seed in docs/benchmarks.md.
DEFAULT_THRESHOLD = 0.67
MAX_ENCODINGS = 100  # per query
MIN_SECRET_BYTES = 16
HANDLE_TTL = dt.timedelta(days=14)
MAX_LEGAL_BASIS = 200


@dataclass(frozen=True, slots=True)
class PprlFields:
    """What is encoded of one person; `date_of_birth` is '' or YYYY, YYYY-MM or YYYY-MM-DD."""

    given_name: str
    family_name: str
    date_of_birth: str = ""
    sex: str = ""


@dataclass(frozen=True, slots=True)
class PprlAnswer:
    handle: str
    score: float


# ---- encoding -----------------------------------------------------------------------------------


def _check_secret(secret: bytes) -> None:
    if not isinstance(secret, bytes) or len(secret) < MIN_SECRET_BYTES:
        raise ApplicationError(
            ErrorCode.INVALID,
            _("The shared key must be at least %(n)d bytes.") % {"n": MIN_SECRET_BYTES},
            field="secret",
        )


def _field_keys(secret: bytes) -> dict[str, bytes]:
    """One key per field, derived from the shared secret and salted with the purpose (as
    clkhash derives its per-field keys with HKDF)."""
    _check_secret(secret)
    keys = {}
    for name in FIELDS:
        hkdf = HKDF(
            algorithm=hashes.SHA256(),
            length=32,
            salt=VERSION.encode(),
            info=f"tracing:{name}".encode(),
        )
        keys[name] = hkdf.derive(secret)
    return keys


def key_fingerprint(secret: bytes) -> str:
    """Names a key without revealing it: the first 16 hex digits of an HMAC of a constant."""
    _check_secret(secret)
    return hmac.new(secret, f"{VERSION}:fingerprint".encode(), hashlib.sha256).hexdigest()[:16]


def _bigrams(word: str) -> list[str]:
    padded = f"_{word}_"
    return [padded[i : i + 2] for i in range(len(padded) - 1)]


def _features(fields: PprlFields) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {name: set() for name in FIELDS}
    # Given and family names are one bag of names: registrations swap them, and add a father's
    # or grandfather's name to the given name.
    for key in name_keys(f"{fields.given_name} {fields.family_name}"):
        skeleton = name_skeleton(key)
        if skeleton:
            out["skeleton"].add(skeleton)
            out["skeleton_bigram"].update(_bigrams(skeleton))
        out["spelling_bigram"].update(_bigrams(key))
    year, month, day = _date_parts(fields.date_of_birth)
    # 1 January is what is written when only the year is known: it says no more than the year.
    placeholder = month == 1 and day in (None, 1)
    if year is not None:
        out["year"].add(str(year))
        if month is not None and not placeholder:
            out["month"].add(f"{month:02d}")
            if day is not None:
                out["day"].add(f"{day:02d}")
    sex = fields.sex.strip().upper()
    if sex in {"F", "M"}:
        out["sex"].add(sex)
    return out


def _date_parts(value: str) -> tuple[int | None, int | None, int | None]:
    parts = value.strip().split("-") if value.strip() else []
    if len(parts) > 3 or not all(p.isdigit() for p in parts) or (parts and len(parts[0]) != 4):
        raise ApplicationError(
            ErrorCode.INVALID,
            _("Enter the date of birth as YYYY, YYYY-MM or YYYY-MM-DD."),
            field="date_of_birth",
        )
    nums = [int(p) for p in parts] + [None] * (3 - len(parts))
    year, month, day = nums[0], nums[1], nums[2]
    if month is not None and not 1 <= month <= 12:
        raise ApplicationError(
            ErrorCode.INVALID, _("The month of birth is not a month."), field="date_of_birth"
        )
    if day is not None and not 1 <= day <= 31:
        raise ApplicationError(
            ErrorCode.INVALID, _("The day of birth is not a day."), field="date_of_birth"
        )
    return year, month, day


_K = {
    "skeleton": K_SKELETON,
    "skeleton_bigram": K_SKELETON_BIGRAM,
    "spelling_bigram": K_SPELLING_BIGRAM,
    "year": K_YEAR,
    "month": K_MONTH,
    "day": K_DAY,
    "sex": K_SEX,
}


class PprlKeys:
    """The per-field keys derived from a shared secret, with the bit positions of features
    already hashed under them (held for one run of encodings, never stored)."""

    __slots__ = ("fingerprint", "keys", "positions")

    def __init__(self, secret: bytes) -> None:
        self.keys = _field_keys(secret)
        self.fingerprint = key_fingerprint(secret)
        self.positions: dict[tuple[str, str], tuple[int, ...]] = {}

    def of(self, name: str, value: str) -> tuple[int, ...]:
        found = self.positions.get((name, value))
        if found is None:
            digest = hmac.digest(self.keys[name], value.encode(), "sha512")
            found = tuple(
                int.from_bytes(digest[2 * i : 2 * i + 2], "big") % BITS for i in range(_K[name])
            )
            self.positions[(name, value)] = found
        return found


def _filter(features: dict[str, set[str]], keys: PprlKeys) -> bitarray:
    """The Bloom filter: each feature sets k bits at positions read from HMAC-SHA-512 of the
    feature under its field's key (16-bit words modulo BITS: independent positions, not the
    double hashing that pattern attacks exploit)."""
    bloom = bitarray(BITS)
    bloom.setall(0)
    for name, values in features.items():
        for value in values:
            for position in keys.of(name, value):
                bloom[position] = 1
    return bloom


def _encode(bloom: bitarray) -> str:
    return base64.b64encode(bloom.tobytes()).decode("ascii")


def _decode(text: str) -> bitarray:
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raw = b""
    if len(raw) != BITS // 8:
        raise ApplicationError(
            ErrorCode.INVALID, _("An encoding is not a filter of this schema."), field="encodings"
        )
    bloom = bitarray()
    bloom.frombytes(raw)
    return bloom


def pprl_encode_fields(fields: PprlFields, keys: PprlKeys) -> bitarray:
    """The filter of one person under keys already derived (for many encodings in a row)."""
    return _filter(_features(fields), keys)


def pprl_encode_query(fields: PprlFields, secret: bytes) -> str:
    """The base64 encoding of the person sought, to send to a peer."""
    return _encode(pprl_encode_fields(fields, PprlKeys(secret)))


def _child_features(child: Child) -> dict[str, set[str]]:
    """A child's features: the native and the Latin forms of the names together."""
    dob = child.date_of_birth
    date = ""
    if dob is not None:
        date = "-".join(
            f"{v:04d}" if i == 0 else f"{v:02d}"
            for i, v in enumerate((dob.year, dob.month, dob.day))
            if v is not None
        )
        if dob.month is None and dob.day is not None:  # a day without a month says nothing
            date = f"{dob.year:04d}"
    sex = child.sex if child.sex in {"F", "M"} else ""
    out = _features(PprlFields(child.given_name, child.family_name, date, sex))
    latin = (child.given_name_latin, child.family_name_latin)
    if any(latin) and latin != (child.given_name, child.family_name):
        for name, values in _features(PprlFields(*latin)).items():
            out[name] |= values
    return out


def pprl_encode_child(child: Child, secret: bytes) -> str:
    """The base64 encoding of a child registered here."""
    return _encode(_filter(_child_features(child), PprlKeys(secret)))


# ---- answering ----------------------------------------------------------------------------------


_CHILD_FIELDS = (
    *("pk", "public_id", "given_name", "family_name", "given_name_latin", "family_name_latin"),
    *("sex", "birth_year", "birth_month", "birth_day", "tracing"),
)


def _traceable() -> Iterable[Child]:
    """The children whose record allows tracing: the only ones a peer's query is compared with."""
    return (
        Child.objects.filter(tracing=Tracing.ALLOWED, merged_into__isnull=True)
        .only(*_CHILD_FIELDS)
        .iterator(chunk_size=2000)
    )


def pprl_answer(
    *,
    encodings: list[str],
    secret: bytes,
    query_ref: str,
    threshold: float = DEFAULT_THRESHOLD,
    limit: int = 5,
) -> list[PprlAnswer]:
    """Compare a peer's encodings with this instance's children who may be traced; for each of
    the best `limit` per encoding at `threshold` or above, keep an opaque handle. Returns only
    handles and scores (best first); the query is audited by counts."""
    if not isinstance(encodings, list) or not 1 <= len(encodings) <= MAX_ENCODINGS:
        raise ApplicationError(
            ErrorCode.INVALID,
            _("Send between 1 and %(n)d encodings.") % {"n": MAX_ENCODINGS},
            field="encodings",
        )
    if not query_ref or len(query_ref) > 100:
        raise ApplicationError(
            ErrorCode.INVALID, _("The query reference is missing or too long."), field="query_ref"
        )
    if not 0.0 < threshold <= 1.0 or not 1 <= limit <= 50:
        raise ApplicationError(
            ErrorCode.INVALID, _("The threshold or the limit is out of range."), field="threshold"
        )
    queries = [_decode(e) for e in encodings]
    keys = PprlKeys(secret)
    children: list[Child] = []
    filters: list[bitarray] = []
    for child in _traceable():
        children.append(child)
        filters.append(_filter(_child_features(child), keys))
    best: dict[int, float] = {}
    if filters:
        # anonlink (and through it NumPy and pkg_resources) is loaded when encodings are
        # compared, not in every process.
        import anonlink  # type: ignore[import-untyped]  # no type marker

        sims, _datasets, (query_i, child_i) = anonlink.candidate_generation.find_candidate_pairs(
            [queries, filters],
            anonlink.similarities.dice_coefficient_accelerated,
            threshold,
            k=limit,
        )
        per_query: dict[int, list[tuple[float, int]]] = {}
        for score, q, c in zip(sims, query_i, child_i, strict=True):
            per_query.setdefault(q, []).append((score, c))
        for found in per_query.values():
            for score, c in sorted(found, reverse=True)[:limit]:
                best[c] = max(best.get(c, 0.0), score)
    return _handles_keep(best, children, query_ref, len(encodings), keys.fingerprint)


@transaction.atomic
def _handles_keep(
    best: dict[int, float], children: list[Child], query_ref: str, n_encodings: int, key: str
) -> list[PprlAnswer]:
    now = time.now()
    ttl = getattr(settings, "PPRL_HANDLE_TTL", HANDLE_TTL)
    rows = [
        PprlHandle(
            handle=secrets.token_urlsafe(24),
            child=children[c],
            query_ref=query_ref,
            score=round(score, 4),
            expires_at=now + ttl,
        )
        for c, score in sorted(best.items(), key=lambda item: -item[1])
    ]
    for row in rows:
        row.save()
    audit_record(
        actor=None,
        action=AuditAction.TRACING_PPRL_ANSWER,
        object_type="pprl_query",
        object_ids=[row.public_id for row in rows],
        detail={
            "query_ref": query_ref,
            "encodings": n_encodings,
            "compared": len(children),
            "answers": len(rows),
            "key": key,
        },
    )
    return [PprlAnswer(handle=row.handle, score=row.score) for row in rows]


# ---- confirming and disclosing ------------------------------------------------------------------


def _live(handle: str, *, for_update: bool = False) -> PprlHandle:
    qs = PprlHandle.objects.select_related("child")
    if for_update:
        qs = qs.select_for_update()
    row = qs.filter(handle=handle).first() if isinstance(handle, str) and handle else None
    if row is None or row.expires_at <= time.now():
        raise ApplicationError(
            ErrorCode.NOT_FOUND, _("No such match handle, or it has expired."), field="handle"
        )
    return row


def pprl_handle_for_query(handle: str, query_ref: str) -> PprlHandle:
    """The unexpired handle this instance answered that query with, or NotFound: a peer can
    only ask about a handle it was given."""
    row = _live(handle)
    if row.query_ref != query_ref:
        raise ApplicationError(
            ErrorCode.NOT_FOUND, _("No such match handle, or it has expired."), field="handle"
        )
    return row


@transaction.atomic
def pprl_handle_confirm(*, handle: str, actor: User, legal_basis: str) -> PprlHandle:
    """A person here confirms that the match a handle stands for may lead to an exchange of
    identities, on the legal basis given."""
    capability_require(actor, Capability.TRACING_MANAGE)
    basis = (legal_basis or "").strip()
    if not basis or len(basis) > MAX_LEGAL_BASIS:
        raise ApplicationError(
            ErrorCode.INVALID,
            _("Give the legal basis (at most %(n)d characters).") % {"n": MAX_LEGAL_BASIS},
            field="legal_basis",
        )
    row = _live(handle, for_update=True)
    if row.child.tracing != Tracing.ALLOWED:
        raise ApplicationError(
            ErrorCode.CONFLICT, _("The child's record no longer allows tracing."), field="handle"
        )
    if row.confirmed_at is not None:
        raise ApplicationError(
            ErrorCode.CONFLICT, _("This match has already been confirmed."), field="handle"
        )
    row.confirmed_at = time.now()
    row.confirmed_by = actor
    row.legal_basis = basis
    row.save(update_fields=["confirmed_at", "confirmed_by", "legal_basis", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.TRACING_PPRL_CONFIRM,
        object_type="pprl_handle",
        object_id=row.public_id,
        detail={"child": str(row.child.public_id), "query_ref": row.query_ref},
        purpose="tracing",
    )
    return row


def pprl_handle_child(handle: str) -> Child:
    """The child a confirmed, unexpired handle stands for (for the identity exchange)."""
    row = _live(handle)
    if row.confirmed_at is None:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("A person must confirm this match before identities are exchanged."),
            field="handle",
        )
    if row.child.tracing != Tracing.ALLOWED:
        raise ApplicationError(
            ErrorCode.CONFLICT, _("The child's record no longer allows tracing."), field="handle"
        )
    audit_record(
        actor=None,
        action=AuditAction.TRACING_PPRL_DISCLOSE,
        object_type="child",
        object_id=row.child.public_id,
        detail={"pprl_handle": str(row.public_id)},
        purpose="tracing",
    )
    return row.child
