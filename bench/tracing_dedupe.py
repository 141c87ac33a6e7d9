"""Dedupe quality and speed on synthetic registrations with known truth, against Splink.

    .venv/bin/python bench/tracing_dedupe.py [--records 100000] [--splink] [--profile field]

Prints pairwise precision, recall and F1 of the clusters, time and peak memory; with
--splink, the same for Splink (DuckDB) on the same records with a comparable model.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from kinhaven.tracing.engine.dedupe import THRESHOLD, dedupe
from kinhaven.tracing.engine.model import MODEL_PATH, Model
from kinhaven.tracing.engine.synth import PROFILES, dedupe_scenario


def pairwise(clusters: dict[str, int], truth: dict[str, int]) -> tuple[float, float, float]:
    """Pairwise precision, recall and F1, counted from cluster sizes (no pair is listed)."""

    def pairs(sizes: Counter[Any]) -> int:
        return sum(k * (k - 1) // 2 for k in sizes.values())

    found = pairs(Counter(clusters.values()))
    true = pairs(Counter(truth.values()))
    hits = pairs(Counter((clusters[rid], child) for rid, child in truth.items()))
    precision = hits / max(found, 1)
    recall = hits / max(true, 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-9)
    return precision, recall, f1


def peak_mb() -> float:
    """The largest resident size of this process or of a worker it forked."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, workers) / 1024


def _name_comparison(cl: Any, cll: Any, column: str) -> Any:
    """Exact spelling, the same skeleton, or Jaro-Winkler 0.92 / 0.8, with term frequencies."""
    return cl.CustomComparison(
        [
            cll.NullLevel(column),
            cll.ExactMatchLevel(column).configure(tf_adjustment_column=column),
            cll.ExactMatchLevel(f"{column}_sk"),
            cll.JaroWinklerLevel(column, 0.92),
            cll.JaroWinklerLevel(column, 0.8),
            cll.ElseLevel(),
        ],
        output_column_name=column,
    )


def splink_clusters(records: list[dict[str, str]], threshold: float) -> dict[str, int]:
    """Splink (DuckDB) on the same records, with our normalisation of names, so that the
    comparison is of the linkage methods: blocking, Fellegi-Sunter with EM, clustering."""
    import csv
    import tempfile

    import duckdb
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import Linker, SettingsCreator, block_on
    from splink.backends.duckdb import DuckDBAPI

    from kinhaven.tracing.engine.normalize import fold, name_skeleton, name_tokens

    def keys(text: str) -> tuple[str, str]:
        tokens = name_tokens(text)
        key = fold(tokens[0]) if tokens else ""
        return key, name_skeleton(key) if key else ""

    columns = ["unique_id", "given", "given_sk", "family", "family_sk", "dob", "year", "sex",
               "nationality", "mother", "father", "place", "document"]  # fmt: skip
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(columns)
        for r in records:
            given, given_sk = keys(r["given_name"])
            family, family_sk = keys(r["family_name"])
            dob = r["date_of_birth"]
            writer.writerow([
                r["id"], given, given_sk, family, family_sk, dob if len(dob) == 10 else "",
                dob[:4], r["sex"], r["nationality"], keys(r["mother_name"])[0],
                keys(r["father_name"])[0], keys(r["place_of_birth"])[1], r["document_number"],
            ])  # fmt: skip
        path = f.name
    con = duckdb.connect()
    # A file this function wrote, and column names of its own: nothing from outside.
    sql = f"CREATE TABLE records AS SELECT * FROM read_csv('{path}', all_varchar=true)"  # noqa: S608
    con.execute(sql)
    for column in columns:
        con.execute(f"UPDATE records SET {column} = NULL WHERE {column} = ''")  # noqa: S608
    db_api = DuckDBAPI(con)
    table = db_api.register("records")
    settings = SettingsCreator(
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[
            block_on("given_sk", "family_sk"),
            block_on("given_sk", "year"),
            block_on("family_sk", "year"),
            block_on("document"),
        ],
        # One comparison per field, as Fellegi-Sunter assumes independent fields: the
        # skeleton is a level of the name's comparison, the year a level of the date's.
        comparisons=[
            _name_comparison(cl, cll, "given"),
            _name_comparison(cl, cll, "family"),
            cl.CustomComparison(
                [
                    cll.NullLevel("year"),
                    cll.ExactMatchLevel("dob"),
                    cll.CustomLevel('"year_l" = "year_r"', "same year"),
                    cll.CustomLevel(
                        'abs(try_cast("year_l" as integer) - try_cast("year_r" as integer)) <= 2',
                        "within two years",
                    ),
                    cll.ElseLevel(),
                ],
                output_column_name="dob",
            ),
            cl.ExactMatch("sex"),
            cl.ExactMatch("nationality"),
            cl.JaroWinklerAtThresholds("mother", [0.9]),
            cl.JaroWinklerAtThresholds("father", [0.9]),
            cl.ExactMatch("place"),
            cl.ExactMatch("document"),
        ],
    )
    linker = Linker(table, settings, log_level=30)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_sk", "family_sk", "year")], recall=0.6
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("given_sk", "family_sk")
    )
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("year", "sex", "nationality")
    )
    predictions = linker.inference.predict(threshold_match_probability=0.01)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, threshold)
    return {row["unique_id"]: row["cluster_id"] for row in clusters.as_record_list()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    parser.add_argument("--splink", action="store_true")
    parser.add_argument("--profile", default="reception", choices=sorted(PROFILES))
    parser.add_argument("--model", type=Path, default=MODEL_PATH, help="a model.json to use")
    parser.add_argument("--seed", type=int, default=2017)
    args = parser.parse_args()
    t0 = time.perf_counter()
    records, truth = dedupe_scenario(args.records, seed=args.seed, profile=args.profile)
    print(f"profile {args.profile}, seed {args.seed}")
    print(f"generated {len(records):,} records of {len(set(truth.values())):,} children "
          f"in {time.perf_counter() - t0:.1f} s")  # fmt: skip
    t0 = time.perf_counter()
    clusters = dict(dedupe(records, threshold=args.threshold, model=Model.load(args.model)))
    took = time.perf_counter() - t0
    p, r, f1 = pairwise(clusters, truth)
    print(f"kinhaven: {took:.1f} s, peak {peak_mb():,.0f} MB; pairwise precision {p:.3f} "
          f"recall {r:.3f} F1 {f1:.3f}")  # fmt: skip
    if args.splink:
        t0 = time.perf_counter()
        sp = splink_clusters(records, args.threshold)
        took = time.perf_counter() - t0
        p, r, f1 = pairwise(sp, truth)
        print(f"splink:   {took:.1f} s; pairwise precision {p:.3f} recall {r:.3f} F1 {f1:.3f}")


if __name__ == "__main__":
    main()
