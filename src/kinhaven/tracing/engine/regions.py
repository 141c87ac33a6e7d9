"""Countries that lie in one region of the world, by the UN M49 standard: a child's nationality
recorded as a neighbouring country's (where the child lived before, or what a document or an
interpreter said) is not another child's.

`data/un_m49_subregions.csv`: each ISO 3166-1 alpha-3 code with its M49 sub-region and
intermediate region (docs/tracing.md says where it comes from). Countries compare by the
intermediate region where there is one (Eastern Africa, Western Africa), else by the
sub-region (Southern Asia, Western Asia, Eastern Europe).
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path

DATA = Path(__file__).with_name("data") / "un_m49_subregions.csv"


@functools.cache
def regions() -> dict[str, str]:
    """The M49 region code each country compares by, by alpha-3 code (countries with none, such
    as Antarctica, are left out)."""
    with DATA.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {
        row["alpha_3"]: row["intermediate_region_code"] or row["sub_region_code"]
        for row in rows
        if row["intermediate_region_code"] or row["sub_region_code"]
    }


def region(code: str) -> str:
    """The M49 region of a nationality (alpha-3), or '' if it has none or is not a country."""
    return regions().get(code.upper(), "")
