"""Names in any script: Latin transliteration and loose search keys.

A search key is spelling-tolerant: it folds the common variations between transliteration
systems (Yulia / Iuliia / Julija / Ioulia) so that a Latin query finds a record written in
Cyrillic, Arabic or any other script. A consonant skeleton additionally matches names whose
vowels vary between systems (Mohammed / Muhammad / محمد).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from anyascii import anyascii

_NON_LETTERS = re.compile(r"[^a-z]+")
_REPEATS = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"[aeiou]")

# Applied in order to lower-case ASCII letters.
FOLDS: tuple[tuple[str, str], ...] = (
    ("tsch", "ch"),
    ("sch", "sh"),
    ("tch", "ch"),
    ("dzh", "j"),
    ("dj", "j"),
    ("ch", "\x01"),
    ("ck", "k"),
    ("c", "k"),
    ("\x01", "ch"),
    ("q", "k"),
    ("ph", "f"),
    ("kh", "h"),
    ("gh", "g"),
    ("th", "t"),
    ("dh", "d"),
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("w", "v"),
    ("x", "ks"),
    ("y", "i"),
    ("j", "i"),
)


def to_latin(text: str) -> str:
    """Transliterate a name in any script to plain Latin letters."""
    return " ".join(anyascii(unicodedata.normalize("NFKC", text)).split())


def tokens(text: str) -> list[str]:
    """Split a name in any script into lower-case ASCII words."""
    return [t for t in _NON_LETTERS.split(to_latin(text).lower()) if t]


def loose_key(token: str) -> str:
    """Fold one ASCII word into its spelling-tolerant form."""
    key = token
    for old, new in FOLDS:
        key = key.replace(old, new)
    return _REPEATS.sub(r"\1", key)


def skeleton(token: str) -> str:
    """Keep the first letter and the consonants of a folded word."""
    key = loose_key(token)
    if len(key) < 2:
        return key
    return key[0] + _VOWELS.sub("", key[1:])


def search_keys(names: Iterable[str]) -> str:
    """Return the stored search text for a record's names: ' key ~skeleton ... '."""
    keys: set[str] = set()
    for name in names:
        for token in tokens(name):
            keys.add(loose_key(token))
            keys.add("~" + skeleton(token))
    return " " + " ".join(sorted(keys)) + " " if keys else ""


def query_terms(query: str) -> list[tuple[str, str]]:
    """Turn a search query into (loose key, skeleton) pairs, one per word."""
    return [(loose_key(t), skeleton(t)) for t in tokens(query)]
