"""The Spark engine in local mode, dedupe and match: agreement with the default engine, time and
memory.

    .venv/bin/python bench/tracing_spark.py [--records 100000]
    .venv/bin/python bench/tracing_spark.py --records 1000000 --spark-only
    .venv/bin/python bench/tracing_spark.py --match --records 100000 [--queries 5000]
    .venv/bin/python bench/tracing_spark.py --match --records 1000000 --queries 1000 --spark-only

Without --spark-only, dedupes the same generated records with the default engine and with
dedupe_spark, and prints how many clusters are identical and how many of the pairs either
engine puts together both do. With --spark-only, writes the records to a CSV file, lets them go,
and dedupes the file on Spark alone. With --match, matches generated queries against a registry
of --records with the default engine and with match_spark (the registry and the queries as CSV
files the executors read), and prints how many ranked matches are the same. With --match and
--spark-only, writes them to CSV files, lets them go, matches the files on Spark alone and
prints recall@1 and @10 by the generator's truth. Each way prints the time and the peak
resident memory of this process and every process under it (Spark's JVM and its Python
workers), sampled.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import psutil  # type: ignore[import-untyped]  # ships no type marker

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from kinhaven.tracing.engine.dedupe import THRESHOLD, dedupe
from kinhaven.tracing.engine.matcher import Match, Registry
from kinhaven.tracing.engine.spark import dedupe_spark, match_spark, spark_session
from kinhaven.tracing.engine.synth import dedupe_scenario, linkage_scenario, write_csv


class PeakMemory:
    """The largest total resident size of this process and its descendants, sampled."""

    def __init__(self, every: float = 0.5) -> None:
        self.every = every
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> int:
        me = psutil.Process()
        total = 0
        for proc in [me, *me.children(recursive=True)]:
            try:
                total += proc.memory_info().rss
            except psutil.Error:
                continue  # ended between the listing and the reading
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            self._stop.wait(self.every)

    def __enter__(self) -> PeakMemory:
        self.peak = self._sample()
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def gb(self) -> float:
        return self.peak / 2**30


def groups(clusters: list[tuple[str, int]]) -> set[frozenset[str]]:
    by_id: dict[int, set[str]] = defaultdict(set)
    for rid, cluster in clusters:
        by_id[cluster].add(rid)
    return {frozenset(g) for g in by_id.values()}


def linked_pairs(clusters: set[frozenset[str]]) -> set[tuple[str, str]]:
    return {(a, b) for g in clusters if len(g) > 1 for a in g for b in g if a < b}


def agreement(n: int, threshold: float, master: str, memory: str) -> None:
    records, _truth = dedupe_scenario(n, seed=2017)
    print(f"generated {len(records):,} records")
    t0 = time.perf_counter()
    with PeakMemory() as mem:
        expected = dedupe(records, threshold=threshold)
    print(f"default engine: {time.perf_counter() - t0:.1f} s, peak {mem.gb:.1f} GB")
    spark = spark_session(master, memory=memory)
    spark.sparkContext.setLogLevel("ERROR")
    t0 = time.perf_counter()
    with PeakMemory() as mem:
        found = dedupe_spark(records, threshold=threshold, spark=spark)
    print(f"spark ({master}): {time.perf_counter() - t0:.1f} s, peak {mem.gb:.1f} GB "
          "(driver, JVM and Python workers)")  # fmt: skip
    a, b = groups(expected), groups(found)
    pa, pb = linked_pairs(a), linked_pairs(b)
    print(f"clusters: {len(a):,} default, {len(b):,} spark, {len(a & b):,} identical; "
          f"linked pairs: {len(pa):,} default, {len(pb):,} spark, {len(pa & pb):,} in both; "
          f"same output: {found == expected}")  # fmt: skip
    spark.stop()


def spark_only(n: int, threshold: float, master: str, memory: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "records.csv"
        t0 = time.perf_counter()
        records, _truth = dedupe_scenario(n, seed=2017)
        write_csv(path, records)
        del records, _truth
        print(f"generated {n:,} records to a {path.stat().st_size / 2**20:,.0f} MB CSV "
              f"in {time.perf_counter() - t0:.1f} s")  # fmt: skip
        spark = spark_session(master, memory=memory)
        spark.sparkContext.setLogLevel("ERROR")
        t0 = time.perf_counter()
        with PeakMemory() as mem:
            clusters = dedupe_spark(str(path), threshold=threshold, spark=spark)
        took = time.perf_counter() - t0
        print(f"spark ({master}): {n:,} records in {took:.1f} s, peak {mem.gb:.1f} GB "
              f"(driver, JVM and Python workers); {len(groups(clusters)):,} clusters")  # fmt: skip
        spark.stop()


def spark_match_files(folder: str, master: str, memory: str) -> tuple[list[Match], float, float]:
    """match_spark on `folder`'s registry.csv and queries.csv, in a session of its own: the
    ranked matches, the seconds taken and the peak memory in GB."""
    spark = spark_session(master, memory=memory)
    spark.sparkContext.setLogLevel("ERROR")
    t0 = time.perf_counter()
    with PeakMemory() as mem:
        found = match_spark(f"{folder}/registry.csv", f"{folder}/queries.csv", top=10, spark=spark)
    took = time.perf_counter() - t0
    spark.stop()
    return found, took, mem.gb


def match_agreement(n: int, queries: int, master: str, memory: str) -> None:
    scenario = linkage_scenario(n, queries, seed=2017)
    print(f"generated {n:,} registered and {queries:,} queries")
    t0 = time.perf_counter()
    with PeakMemory() as mem:
        expected = Registry(scenario.registry).match(scenario.queries, top=10)
    print(f"default engine: {time.perf_counter() - t0:.1f} s, peak {mem.gb:.1f} GB")
    with tempfile.TemporaryDirectory() as folder:
        write_csv(Path(folder) / "registry.csv", scenario.registry)
        write_csv(Path(folder) / "queries.csv", scenario.queries)
        found, took, gb = spark_match_files(folder, master, memory)
    print(f"spark ({master}): {took:.1f} s, peak {gb:.1f} GB "
          "(driver, JVM and Python workers)")  # fmt: skip
    a = [(m.query_id, m.record_id, m.rank) for m in expected]
    b = [(m.query_id, m.record_id, m.rank) for m in found]
    same = sum(1 for x, y in zip(a, b, strict=False) if x == y)
    gap = max((abs(x.score - y.score) for x, y in zip(expected, found, strict=False)), default=0)
    print(f"ranked matches: {len(a):,} default, {len(b):,} spark, {same:,} the same "
          f"(query, record, rank); largest score difference {gap:.2e}")  # fmt: skip


def match_spark_only(n: int, queries: int, master: str, memory: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        t0 = time.perf_counter()
        scenario = linkage_scenario(n, queries, seed=2017)
        write_csv(Path(folder) / "registry.csv", scenario.registry)
        write_csv(Path(folder) / "queries.csv", scenario.queries)
        truth = scenario.truth
        del scenario
        print(f"generated {n:,} registered and {queries:,} queries to CSV files "
              f"in {time.perf_counter() - t0:.1f} s")  # fmt: skip
        found, took, gb = spark_match_files(folder, master, memory)
    print(f"spark ({master}): {queries:,} queries against {n:,} in {took:.1f} s, "
          f"peak {gb:.1f} GB (driver, JVM and Python workers)")  # fmt: skip
    ranked: dict[str, list[str]] = defaultdict(list)
    for m in found:
        ranked[m.query_id].append(m.record_id)
    registered = [q for q, t in truth.items() if t is not None]
    at1 = sum(1 for q in registered if ranked[q][:1] == [truth[q]])
    at10 = sum(1 for q in registered if truth[q] in ranked[q][:10])
    print(f"recall@1 {at1 / len(registered):.4f}, recall@10 {at10 / len(registered):.4f} "
          f"({len(registered):,} queries about registered children)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    parser.add_argument("--spark-only", action="store_true")
    parser.add_argument("--match", action="store_true")
    parser.add_argument("--queries", type=int, default=5_000)
    parser.add_argument("--master", default="local[*]")
    parser.add_argument("--memory", default="12g", help="the driver's (local mode: Spark's)")
    args = parser.parse_args()
    if args.match and args.spark_only:
        match_spark_only(args.records, args.queries, args.master, args.memory)
    elif args.match:
        match_agreement(args.records, args.queries, args.master, args.memory)
    elif args.spark_only:
        spark_only(args.records, args.threshold, args.master, args.memory)
    else:
        agreement(args.records, args.threshold, args.master, args.memory)


if __name__ == "__main__":
    main()
