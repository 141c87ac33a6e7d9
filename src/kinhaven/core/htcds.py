"""The Human Trafficking Case Data Standard (HTCDS) 2.0: its picklists, and the enums that use
them.

`data/htcds_2_0_picklists.csv` is a copy of the value names (codes) and labels of every picklist
of the field standard (UNMigration/HTCDS, "HTCDS Field Standards 2.0.ods", commit 3c2f6537;
CC BY 4.0; docs/htcds.md). An enum whose codes are an HTCDS list says so with `@htcds_list`; a
test holds every such enum to the copy, so a code that is not in the standard fails the suite.
Labels shown to users are our own (translated); the codes are the standard's.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Callable, Mapping
from importlib import resources
from typing import TypeVar

from django.db import models

E = TypeVar("E", bound=type[models.TextChoices])

PICKLISTS = "htcds_2_0_picklists.csv"
# The guidance of HTCDS 2.0's `con_Consent` field: the seven questions to ask before personal
# data are gathered (docs/htcds.md, "Consent").
CONSENT_POINTS = "htcds_2_0_consent_points.csv"

# Each enum that claims an HTCDS list, with the list's name (the field it codes).
HTCDS_ENUMS: dict[type[models.TextChoices], str] = {}
# Each mapping from one of our vocabularies to an HTCDS list: (list name, mapping).
HTCDS_MAPPINGS: list[tuple[str, Mapping[str, str | None]]] = []


@functools.cache
def htcds_picklists() -> dict[str, dict[str, str]]:
    """Every picklist of the standard: list name -> {code: English label}."""
    lists: dict[str, dict[str, str]] = {}
    data = resources.files("kinhaven.core").joinpath("data", PICKLISTS)
    with data.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            lists.setdefault(row["list_name"], {})[row["code"]] = row["label_en"]
    return lists


@functools.cache
def htcds_consent_points() -> dict[str, str]:
    """The seven consent points of `con_Consent`, in the standard's order: code -> question."""
    data = resources.files("kinhaven.core").joinpath("data", CONSENT_POINTS)
    with data.open(encoding="utf-8") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda row: int(row["position"]))
    return {row["code"]: row["question_en"] for row in rows}


def htcds_codes(list_name: str) -> frozenset[str]:
    """The codes of one HTCDS picklist (KeyError for a list the standard does not have)."""
    return frozenset(htcds_picklists()[list_name])


def htcds_mapping(list_name: str, mapping: Mapping[str, str | None]) -> Mapping[str, str | None]:
    """Declare how our own codes become an HTCDS list's (None: the list has no such value); a
    test holds every value to the list."""
    HTCDS_MAPPINGS.append((list_name, mapping))
    return mapping


def htcds_list(list_name: str) -> Callable[[E], E]:
    """Mark an enum as coded by an HTCDS picklist: each of its values must be one of its codes."""

    def register(enum: E) -> E:
        HTCDS_ENUMS[enum] = list_name
        return enum

    return register
