"""The Spark engine against the single-machine engine, in Spark's local mode: the same clusters
from dedupe, the same ranked matches from match."""

import csv
import os
import shutil
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("pyspark", reason="the Spark engine needs pyspark (with pyarrow and pandas)")
pytest.importorskip("pyarrow", reason="the Spark engine's pandas functions need pyarrow")
if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
    pytest.skip("Spark needs a Java runtime (java on PATH or JAVA_HOME)", allow_module_level=True)

from django.core.management import CommandError, call_command

from kinhaven.tracing.engine.dedupe import Deduper, dedupe, with_context
from kinhaven.tracing.engine.matcher import Registry
from kinhaven.tracing.engine.spark import (
    dedupe_spark,
    match_spark,
    pair_scores_spark,
    spark_session,
)
from kinhaven.tracing.engine.synth import dedupe_scenario, linkage_scenario, write_csv

# The engine alone, on synthetic data: no database, so it runs once in `make test`.
pytestmark = pytest.mark.training


@pytest.fixture(scope="module")
def spark():
    session = spark_session("local[2]", memory="2g", partitions=2)
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _partition(clusters: list[tuple[str, int]]) -> set[frozenset[str]]:
    groups: dict[int, set[str]] = defaultdict(set)
    for rid, cluster in clusters:
        groups[cluster].add(rid)
    return {frozenset(g) for g in groups.values()}


def test_dedupe_on_spark_gives_the_clusters_of_the_default_engine(spark) -> None:
    records, _truth = dedupe_scenario(1_500, seed=21)
    expected = dedupe(records)
    found = dedupe_spark(records, spark=spark)
    assert [rid for rid, _c in found] == [r["id"] for r in records]
    assert _partition(found) == _partition(expected)
    assert any(len(g) > 1 for g in _partition(found))
    # Clusters are numbered alike too.
    assert found == expected


def test_spark_scores_the_pairs_of_the_default_engine(spark) -> None:
    # Each record keeps its KEEP best pairs as the first of a pair and, apart, as the second:
    # about twice the pairs of its KEEP best over both. Clusters of a small registry hardly
    # depend on the pairs past those (they did from tens of thousands of records on), so the
    # pairs and their probabilities are compared themselves, bit for bit.
    records, _truth = dedupe_scenario(1_500, seed=21)
    deduper = Deduper(records, workers=1)
    i, j, alone, x = deduper.pair_scores()
    prob = with_context(deduper.model, i, j, alone, x)
    found_i, found_j, found_alone, found_prob = pair_scores_spark(records, spark=spark)
    assert len(found_i) == len(i)
    assert np.array_equal(found_i, i)
    assert np.array_equal(found_j, j)
    assert np.array_equal(found_alone, alone)
    assert np.array_equal(found_prob, prob)
    assert (prob != alone).any()  # the context step changed some


def test_dedupe_on_spark_reads_a_csv_file(spark, tmp_path: Path) -> None:
    records, _truth = dedupe_scenario(400, seed=22)
    path = tmp_path / "records.csv"
    write_csv(path, records)
    assert _partition(dedupe_spark(str(path), spark=spark)) == _partition(dedupe(records))


def test_match_on_spark_gives_the_ranked_matches_of_the_default_engine(spark, tmp_path) -> None:
    # Few candidates kept and scored, so that common names overflow the cut: the records a
    # query's context forces in, those of its year, sex and nationality, then the rarest names.
    # The registry given as records, the queries as a file the executors read.
    scenario = linkage_scenario(3_000, 400, seed=31, profile="field")
    expected = Registry(scenario.registry, candidates=40, scored=12).match(
        scenario.queries, top=5, workers=1
    )
    write_csv(tmp_path / "queries.csv", scenario.queries)
    found = match_spark(
        scenario.registry, str(tmp_path / "queries.csv"), top=5, spark=spark, candidates=40,
        scored=12,
    )  # fmt: skip
    assert [(m.query_id, m.record_id, m.rank) for m in found] == [
        (m.query_id, m.record_id, m.rank) for m in expected
    ]
    assert [m.score for m in found] == pytest.approx([m.score for m in expected], abs=1e-6)


def _read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_commands_run_on_spark_when_asked_and_answer_as_the_default(
    spark, tmp_path: Path, capsys
) -> None:
    scenario = linkage_scenario(800, 60, seed=23)
    write_csv(tmp_path / "registry.csv", scenario.registry)
    queries = [dict(q) for q in scenario.queries]
    dated = [q for q in queries if q["date_of_birth"]]
    dated[0]["date_of_birth"] = dated[0]["date_of_birth"][:4] + "-02-30"  # no such day
    dated[1]["date_of_birth"] = "1800-01-01"  # more than 150 years ago
    dated[2]["given_name"] = "Ami\x00na"  # a NUL byte
    write_csv(tmp_path / "queries.csv", queries)
    for engine in ("default", "spark"):
        call_command(
            "dedupe", str(tmp_path / "queries.csv"), "--out", str(tmp_path / f"d-{engine}.csv"),
            "--engine", engine,
        )  # fmt: skip
        said = capsys.readouterr()
        assert "3 values treated as unknown (date_of_birth 2, given_name 1)." in said.out
        assert "line" in said.err
        assert "column date_of_birth" in said.err
        call_command(
            "match", str(tmp_path / "registry.csv"), str(tmp_path / "queries.csv"),
            "--out", str(tmp_path / f"m-{engine}.csv"), "--engine", engine, "--top", "3",
        )  # fmt: skip
        assert f"for {len(queries)} queries" in capsys.readouterr().out
    # No query: nothing matched, said so.
    (tmp_path / "none.csv").write_text("id,given_name\n", encoding="utf-8")
    call_command(
        "match", str(tmp_path / "registry.csv"), str(tmp_path / "none.csv"),
        "--out", str(tmp_path / "m-none.csv"), "--engine", "spark",
    )  # fmt: skip
    assert "0 matches for 0 queries" in capsys.readouterr().out
    assert _read_rows(tmp_path / "m-none.csv") == []
    assert _read_rows(tmp_path / "d-spark.csv") == _read_rows(tmp_path / "d-default.csv")
    matched = _read_rows(tmp_path / "m-spark.csv")
    assert [(r["query_id"], r["record_id"], r["rank"]) for r in matched] == [
        (r["query_id"], r["record_id"], r["rank"]) for r in _read_rows(tmp_path / "m-default.csv")
    ]
    assert matched
    assert spark.sparkContext._jsc is not None  # the session the commands found is not stopped


def test_on_spark_a_file_with_a_value_across_lines_or_a_bad_value_and_strict_is_refused(
    spark, tmp_path: Path
) -> None:
    spans = tmp_path / "spans.csv"
    spans.write_text('id,given_name\nr1,"Amina\nBibi"\nr2,Sara\n', encoding="utf-8")
    with pytest.raises(CommandError, match=r"line 3: a value spans lines") as caught:
        call_command("dedupe", str(spans), "--out", str(tmp_path / "o.csv"), "--engine", "spark")
    assert "Amina" not in str(caught.value)
    bad = tmp_path / "bad.csv"
    bad.write_text("id,date_of_birth\nr1,2012-13-45\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 2, column date_of_birth"):
        call_command(
            "dedupe", str(bad), "--out", str(tmp_path / "o.csv"), "--engine", "spark", "--strict"
        )
    assert not (tmp_path / "o.csv").exists()
