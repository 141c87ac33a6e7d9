"""Every enum that claims an HTCDS 2.0 picklist holds only codes of that list, as the vendored
copy of the field standard has them (core/data/htcds_2_0_picklists.csv, docs/htcds.md)."""

import importlib
import importlib.util

import pytest
from django.apps import apps

from kinhaven.core.htcds import HTCDS_ENUMS, HTCDS_MAPPINGS, htcds_codes, htcds_picklists


def _import_enums() -> None:
    for config in apps.get_app_configs():
        name = f"{config.name}.enums"
        if config.name.startswith("kinhaven.") and importlib.util.find_spec(name):
            importlib.import_module(name)


_import_enums()


def test_the_copy_is_the_field_standards_lists() -> None:
    lists = htcds_picklists()
    assert set(htcds_codes("vic_TraffickingStatus")) == {
        "PossibleVictimOfTrafficking", "ActualVictimOfTrafficking", "NotAVictimOfTrafficking",
    }  # fmt: skip
    assert len(lists["vic_TypeOfExploitation"]) == 11
    assert all(code == code.strip() and code for codes in lists.values() for code in codes)


def test_enums_claim_lists() -> None:
    assert HTCDS_ENUMS, "no enum is tied to an HTCDS list"


@pytest.mark.parametrize(
    ("enum", "list_name"), list(HTCDS_ENUMS.items()), ids=lambda v: getattr(v, "__name__", v)
)
def test_every_code_is_in_its_htcds_list(enum, list_name) -> None:
    unknown = set(enum.values) - htcds_codes(list_name)
    assert not unknown, f"{enum.__name__}: not in HTCDS {list_name}: {sorted(unknown)}"


@pytest.mark.parametrize(("list_name", "mapping"), HTCDS_MAPPINGS, ids=lambda v: str(v)[:40])
def test_every_mapping_leads_to_codes_of_its_list(list_name, mapping) -> None:
    unknown = {v for v in mapping.values() if v is not None} - htcds_codes(list_name)
    assert not unknown, f"not in HTCDS {list_name}: {sorted(unknown)}"
