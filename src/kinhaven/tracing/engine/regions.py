"""Countries that lie in one region of the world, by the UN M49 standard: a child's nationality
recorded as a neighbouring country's (where the child lived before, or what a document or an
interpreter said) is not another child's.

`data/un_m49_subregions.csv`: each ISO 3166-1 alpha-3 code with its M49 sub-region and
intermediate region (docs/tracing.md says where it comes from). Countries compare by the
intermediate region where there is one (Eastern Africa, Western Africa), else by the
sub-region (Southern Asia, Western Asia, Eastern Europe).

Countries that share a land border are neighbours too, whatever their regions (Afghanistan and
Tajikistan, Eritrea and Sudan, Nigeria and Cameroon): `data/geonames_neighbours.csv` lists each
country's neighbours by their ISO 3166-1 alpha-2 codes (GeoNames; docs/tracing.md says where it
comes from).
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path

DATA = Path(__file__).with_name("data") / "un_m49_subregions.csv"
BORDERS = Path(__file__).with_name("data") / "geonames_neighbours.csv"


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


@functools.cache
def borders() -> frozenset[tuple[str, str]]:
    """Every pair of countries (alpha-3) that share a land border, both ways round."""
    with BORDERS.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    alpha_3 = {row["alpha_2"]: row["alpha_3"] for row in rows}
    pairs = set()
    for row in rows:
        for code in filter(None, row["neighbours"].split(",")):
            other = alpha_3[code]
            pairs |= {(row["alpha_3"], other), (other, row["alpha_3"])}
    return frozenset(pairs)


def share_border(a: str, b: str) -> bool:
    """Whether two countries (alpha-3) share a land border."""
    return (a.upper(), b.upper()) in borders()
