"""Matching quality and speed on synthetic multi-script registrations with known truth.

    .venv/bin/python bench/tracing_match.py [--registry 100000] [--queries 5000] [--online 1000000]
        [--profile field] [--seed 2017]

Prints recall@1 and @10 for queries about registered children, the share of queries about
unregistered children wrongly matched at score 0.5 and above, the batch time, and (with
--online) the p95 time of one online match against a registry of that size.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinhaven.config.settings")

from kinhaven.tracing.engine.matcher import Registry
from kinhaven.tracing.engine.model import MODEL_PATH, Model
from kinhaven.tracing.engine.normalize import normalize
from kinhaven.tracing.engine.synth import PROFILES, linkage_scenario


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--registry", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=5_000)
    parser.add_argument("--online", type=int, default=0)
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--profile", default="reception", choices=sorted(PROFILES))
    parser.add_argument("--model", type=Path, default=MODEL_PATH, help="a model.json to use")
    args = parser.parse_args()
    t0 = time.perf_counter()
    scenario = linkage_scenario(args.registry, args.queries, seed=args.seed, profile=args.profile)
    print(f"profile {args.profile}, seed {args.seed}")
    print(f"generated {args.registry:,} registered and {args.queries:,} queries "
          f"in {time.perf_counter() - t0:.1f} s")  # fmt: skip
    t0 = time.perf_counter()
    registry = Registry(scenario.registry, model=Model.load(args.model))
    built = time.perf_counter() - t0
    t0 = time.perf_counter()
    matches = registry.match(scenario.queries, top=10)
    batch = time.perf_counter() - t0
    by_query: dict[str, list[tuple[str, float]]] = {}
    for m in matches:
        by_query.setdefault(m.query_id, []).append((m.record_id, m.score))
    registered = [q for q, t in scenario.truth.items() if t is not None]
    outside = [q for q, t in scenario.truth.items() if t is None]
    at1 = sum(1 for q in registered if by_query.get(q, [("", 0)])[0][0] == scenario.truth[q])
    at10 = sum(1 for q in registered if scenario.truth[q] in [r for r, _s in by_query.get(q, [])])
    wrong = sum(1 for q in outside if by_query.get(q) and by_query[q][0][1] >= 0.5)
    found_05 = sum(
        1 for q in registered
        if by_query.get(q) and by_query[q][0][0] == scenario.truth[q] and by_query[q][0][1] >= 0.5
    )  # fmt: skip
    print(f"index built in {built:.1f} s; {args.queries:,} queries matched in {batch:.1f} s")
    print(f"recall@1 {at1 / len(registered):.4f} ({at1:,} of {len(registered):,})  "
          f"recall@10 {at10 / len(registered):.4f} ({at10:,})  "
          f"found at 0.5 {found_05 / len(registered):.3f}")  # fmt: skip
    print(f"unregistered wrongly matched at 0.5: {wrong / max(len(outside), 1):.4f} "
          f"({wrong:,} of {len(outside):,})")  # fmt: skip
    if args.online:
        big = linkage_scenario(args.online, 200, seed=args.seed + 1)
        t0 = time.perf_counter()
        registry = Registry(big.registry)
        print(f"online: index of {args.online:,} built in {time.perf_counter() - t0:.1f} s")
        times = []
        for row in big.queries:
            t0 = time.perf_counter()
            registry.match([row], top=10)
            times.append((time.perf_counter() - t0) * 1000)
        p95 = statistics.quantiles(times, n=20)[-1]
        print(f"online match against {args.online:,}: p50 {statistics.median(times):.1f} ms, "
              f"p95 {p95:.1f} ms")  # fmt: skip
        online_with_side(big.registry, big.queries)


SIDE = 1000  # records changed since the index was built, as the application holds them


def online_with_side(rows: list[dict[str, str]], queries: list[dict[str, str]]) -> None:
    """One match as the application makes it (tracing/index.py): the index built before the
    last SIDE records changed, those records indexed on the side with its name frequencies."""
    main = Registry(rows[:-SIDE])
    t0 = time.perf_counter()
    side = Registry(rows[-SIDE:], weights_from=main)
    side_built = (time.perf_counter() - t0) * 1000
    times = []
    for row in queries:
        t0 = time.perf_counter()
        norm = normalize(row)
        main.explained(norm, top=10 + SIDE)
        side.explained(norm, top=10)
        times.append((time.perf_counter() - t0) * 1000)
    p95 = statistics.quantiles(times, n=20)[-1]
    p50 = statistics.median(times)
    print(f"online match with {SIDE:,} changed records on the side (side built in "
          f"{side_built:.0f} ms): p50 {p50:.1f} ms, p95 {p95:.1f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
