"""Dedupe and match on Spark: the same features and model as the single-machine engine, with
the records partitioned across executors and the blocks partitioned by key.

The single-machine engine (dedupe.py, matcher.py) holds every record in one process. This one
holds them as Spark DataFrames: the driver collects only what is global (the vocabularies of
names and values in the order the single-machine engine would number them, how many records
carry each, the range of the cheap scores) and broadcasts it; every step over records or pairs
runs on the executors, in pandas batches through the same numpy functions. It gives the same
clusters as `dedupe.dedupe` and the same ranked matches as `Registry.match` (docs/spark.md).

pyspark (and pyarrow, pandas) are imported inside the functions: the rest of Kinhaven runs
without them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from kinhaven.tracing.engine import dedupe as single
from kinhaven.tracing.engine.compare import FloatArray as FloatArray
from kinhaven.tracing.engine.compare import features, other_features
from kinhaven.tracing.engine.dedupe import (
    CONTEXT_FLOOR,
    KEEP,
    NONE,
    RIVAL,
    THRESHOLD,
    Blocker,
    cheap_score,
    context_columns,
    score_rank,
)
from kinhaven.tracing.engine.matcher import (
    CANDIDATES,
    FORCE_CAP,
    FUZZY_WEIGHT,
    SCORED,
    Match,
    Progress,
    Registry,
    best_candidates,
    context_keys,
    exclusive,
    gather_names,
    query_names,
    rarity_of_counts,
)
from kinhaven.tracing.engine.model import Model, weighed
from kinhaven.tracing.engine.normalize import (
    COLUMNS,
    Norm,
    Record,
    normalize_lenient,
    reading_day,
)
from kinhaven.tracing.engine.table import MISSING, Encoder, IntArray, Table

if TYPE_CHECKING:
    from pyspark import Broadcast
    from pyspark.sql import DataFrame, SparkSession

# A pandas DataFrame: pandas ships no type marker, and the project does not depend on it.
Frame = Any
Batches = Iterator[Frame]


def _pandas() -> Any:
    """The pandas module, which pyspark's pandas functions need; imported at first use."""
    import pandas  # type: ignore[import-untyped]  # no type marker

    return pandas


@functools.cache
def _layout() -> tuple[tuple[str, int, bool], ...]:
    """The arrays of a Table: (field, columns or 0 for a one-dimensional array, boolean)."""
    sample = Encoder().table([Norm(rid="")])
    out = []
    for field in dataclasses.fields(Table):
        if field.name == "rids":
            continue
        values = getattr(sample, field.name)
        out.append((field.name, values.shape[1] if values.ndim == 2 else 0, values.dtype == bool))
    return tuple(out)


@functools.cache
def table_columns() -> tuple[str, ...]:
    """A Table's arrays as DataFrame columns: one per column of an (n, k) array."""
    return tuple(
        name if not width else f"{name}{k}" for name, width, _b in _layout()
        for k in range(max(width, 1))
    )  # fmt: skip


def _encoded_schema() -> str:
    """The Spark schema of encoded records: `row`, `rid` and table_columns()."""
    parts = ["row long", "rid string"]
    for name, width, flag in _layout():
        kind = "boolean" if flag else "long"
        parts += [f"{name}{k} {kind}" for k in range(width)] if width else [f"{name} {kind}"]
    return ", ".join(parts)


_NO_INT = -(2**62)  # stands for None in the integer fields of a normalised record
_NAME_LISTS = ("given", "family", "other", "father", "mother")
_NORM_SCHEMA = (
    "row long, rid string, given array<string>, family array<string>, other array<string>, "
    "father array<string>, mother array<string>, sex string, year long, month long, day long, "
    "placeholder boolean, est_month long, nationality string, place string, document string, "
    "languages array<string>, native array<string>"
)
_KINDS = ("loose", "skel", "other")  # the encoder's vocabularies, in this order


def spark_session(
    master: str = "local[*]", *, memory: str = "4g", partitions: int = 8,
    app: str = "kinhaven-tracing", conf: dict[str, str] | None = None,
) -> SparkSession:  # fmt: skip
    """A Spark session for the engine: `master` a Spark master URL (local[*]: every core of
    this machine), `memory` the driver's (for local mode, the whole engine's), `partitions`
    the partitions of a shuffle where the engine does not choose them by size."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    # py4j tells of every connection it opens and closes at INFO, the last of them as the
    # process exits, when the streams a caller set up may already be closed.
    logging.getLogger("py4j").setLevel(logging.WARNING)
    from pyspark.sql import SparkSession

    builder = (
        SparkSession.builder.master(master)
        .appName(app)
        .config("spark.driver.memory", memory)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(partitions))
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "20000")
    )
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


# ---------------------------------------------------------------------------------------------
# Records: from the input to normalised rows, vocabularies, and rows of Table columns.


def _norm_row(row: int, r: Norm) -> dict[str, Any]:
    """A normalised record as a row of _NORM_SCHEMA."""
    out: dict[str, Any] = {"row": row, "rid": r.rid}
    for name in _NAME_LISTS:
        out[name] = list(getattr(r, name))
    for name in ("year", "month", "day", "est_month"):
        value = getattr(r, name)
        out[name] = _NO_INT if value is None else int(value)
    out.update(
        sex=r.sex, placeholder=bool(r.placeholder), nationality=r.nationality, place=r.place,
        document=r.document, languages=sorted(r.languages), native=sorted(r.native),
    )  # fmt: skip
    return out


def _norm_of(row: dict[str, Any]) -> Norm:
    """The Norm of a row of _NORM_SCHEMA."""

    def number(name: str) -> int | None:
        value = int(row[name])
        return None if value == _NO_INT else value

    return Norm(
        rid=row["rid"],
        **{name: list(row[name]) for name in _NAME_LISTS},
        sex=row["sex"],
        year=number("year"),
        month=number("month"),
        day=number("day"),
        placeholder=bool(row["placeholder"]),
        est_month=number("est_month"),
        nationality=row["nationality"],
        place=row["place"],
        document=row["document"],
        languages=frozenset(row["languages"]),
        native=frozenset(row["native"]),
    )


def _norms(frame: Frame) -> list[Norm]:
    return [_norm_of(r) for r in frame.to_dict("records")]


def _normalize_batches(batches: Batches, today: dt.date | None = None) -> Batches:
    """Raw records (the COLUMNS, as text) to rows of _NORM_SCHEMA; `today`, for the records of
    a file, the day it is read (normalize's)."""
    pd = _pandas()

    for frame in batches:
        rows = []
        for raw in frame.to_dict("records"):
            record = {c: (raw.get(c) or "").strip() for c in COLUMNS}
            # A value that cannot be read is unknown, as the file reader treats it (tracing.files
            # reports it, or refuses the file with --strict, before the job starts).
            norm, _blanked = normalize_lenient(record, today=today)
            rows.append(_norm_row(int(raw["row"]), norm))
        yield pd.DataFrame(rows, columns=[c.split()[0] for c in _NORM_SCHEMA.split(", ")])


def _normalized(
    spark: SparkSession,
    source: Sequence[Record | Norm] | str | Path,
    today: dt.date | None = None,
) -> DataFrame:
    """The records as rows of _NORM_SCHEMA, `row` their place in the input (0, 1, ...); each
    partition a run of consecutive rows, in order. A file's dates are checked against `today`
    (the day it is read, by default), as `kinhaven.tracing.files` checks them."""
    pd = _pandas()

    if isinstance(source, str | Path):
        from pyspark.sql import functions as F

        # Quotes doubled inside a quoted field, as Python's csv writes them; no field spans
        # lines (a file of such fields is read whole by one executor: docs/spark.md).
        raw = spark.read.csv(str(source), header=True, encoding="UTF-8", escape='"')
        names = [c.lstrip("\ufeff").strip() for c in raw.columns]  # a byte-order mark
        raw = raw.toDF(*names).select([F.col(c) for c in names if c in COLUMNS])
        # The place of each record in the file: zipWithIndex numbers partitions in order.
        indexed = raw.rdd.zipWithIndex().map(lambda pair: (*pair[0], pair[1]))
        schema = ", ".join(f"{c} string" for c in raw.columns) + ", row long"
        raw = spark.createDataFrame(indexed, schema)
        read = functools.partial(_normalize_batches, today=today or reading_day())
        return raw.mapInPandas(read, _NORM_SCHEMA)
    if source and all(isinstance(r, Norm) for r in source):
        rows = [_norm_row(k, r) for k, r in enumerate(source)]  # type: ignore[arg-type]
        frame = pd.DataFrame(rows, columns=[c.split()[0] for c in _NORM_SCHEMA.split(", ")])
        return spark.createDataFrame(frame, _NORM_SCHEMA)
    frame = pd.DataFrame(
        [{c: (r.get(c) or "") for c in COLUMNS} for r in source],  # type: ignore[union-attr]
        columns=list(COLUMNS),
    )
    frame["row"] = np.arange(len(frame), dtype=np.int64)
    schema = ", ".join(f"{c} string" for c in COLUMNS) + ", row long"
    return spark.createDataFrame(frame, schema).mapInPandas(_normalize_batches, _NORM_SCHEMA)


def _first_sight(batches: Batches) -> Batches:
    """A partition's words in the order an Encoder numbers them, with the partition's first
    row."""
    pd = _pandas()

    frames = list(batches)
    if not frames:
        return
    frame = pd.concat(frames, ignore_index=True).sort_values("row", kind="stable")
    encoder = Encoder()
    encoder.table(_norms(frame))
    part = int(frame["row"].iloc[0])
    out = [
        (kind, word, part, local)
        for kind, vocab in enumerate((encoder.loose, encoder.skel, encoder.other))
        for local, word in enumerate(vocab.words)
    ]
    yield pd.DataFrame(out, columns=["kind", "word", "part", "local"])


def _vocabularies(normalized: DataFrame) -> Encoder:
    """An Encoder whose vocabularies number every word as one Encoder reading all the records
    in order would: a word's place is its first sight."""
    from pyspark.sql import functions as F

    seen = normalized.mapInPandas(_first_sight, "kind int, word string, part long, local long")
    first = seen.groupBy("kind", "word").agg(F.min(F.struct("part", "local")).alias("first"))
    table: Frame = first.select("kind", "word", "first.*").toPandas()
    table = table.sort_values(["kind", "part", "local"], kind="stable")
    encoder = Encoder()
    for kind, vocab in enumerate((encoder.loose, encoder.skel, encoder.other)):
        for word in table[table["kind"] == kind]["word"].tolist():
            vocab.id(word)
    return encoder


def columns_of(table: Table, rows: IntArray) -> dict[str, Any]:
    """A Table as columns (table_columns(), with `row` and `rid`)."""
    out: dict[str, Any] = {"row": rows, "rid": table.rids}
    for name, width, _flag in _layout():
        values = getattr(table, name)
        if not width:
            out[name] = values
        for k in range(width):
            out[f"{name}{k}"] = values[:, k]
    return out


def table_of(frame: Frame, prefix: str = "") -> Table:
    """The Table of rows of table_columns() (each column's name after `prefix`)."""
    n = len(frame)
    arrays: dict[str, Any] = {}
    for name, width, flag in _layout():
        dtype = bool if flag else np.int64
        if not width:
            arrays[name] = frame[prefix + name].to_numpy(dtype=dtype)
            continue
        columns = [frame[f"{prefix}{name}{k}"].to_numpy(dtype=dtype) for k in range(width)]
        arrays[name] = np.column_stack(columns) if n else np.empty((0, width), dtype=dtype)
    rid = prefix + "rid"
    return Table(rids=frame[rid].tolist() if rid in frame.columns else [""] * n, **arrays)


@dataclasses.dataclass
class Shared:
    """What every executor needs, broadcast once: the vocabularies, the fuzzy keys of each
    name, how rare each name and value is in the whole registry, and the models."""

    encoder: Encoder
    fuzzy: IntArray
    idf: FloatArray
    rarity: dict[str, FloatArray]
    base: Model  # the ranking's weights (cheap scores)
    model: Model  # the probability of two records of a registry of this size
    rounds: list[str]  # the context step's trees, as LightGBM's text
    sim: Any = None  # compare.Similarity, made at first use on each executor

    def similarity(self) -> Any:
        from kinhaven.tracing.engine.compare import Similarity

        if self.sim is None:
            self.sim = Similarity(self.encoder.loose, self.encoder.skeleton)
        return self.sim


def _value(broadcast: Broadcast[Any]) -> Any:
    """A broadcast's value: unpickled once per Python worker, which Spark reuses from task to
    task, and what it makes at first use (Shared.similarity, Trees.booster) with it."""
    return broadcast.value


@dataclasses.dataclass
class Trees:
    """One round of the context step's trees, as LightGBM's text; read at first use."""

    text: str
    read: Any = None

    def booster(self) -> Any:
        import lightgbm

        if self.read is None:
            self.read = lightgbm.Booster(model_str=self.text)
        return self.read


def _encode_batches(shared: Broadcast[Shared]) -> Callable[[Batches], Batches]:
    def encode(batches: Batches) -> Batches:
        pd = _pandas()

        encoder = _value(shared).encoder
        for frame in batches:
            table = encoder.table(_norms(frame))
            rows = frame["row"].to_numpy(dtype=np.int64)
            yield pd.DataFrame(columns_of(table, rows))

    return encode


def _count_batches(n_skel: int, n_other: int) -> Callable[[Batches], Batches]:
    """Per batch of encoded rows, how many rows carry each name (once however many of its names
    share the skeleton), mother's and father's name, and place."""

    def count(batches: Batches) -> Batches:
        pd = _pandas()

        for frame in batches:
            t = table_of(frame)
            rows = np.repeat(np.arange(len(t), dtype=np.int64), t.skel.shape[1])
            flat = t.skel.ravel()
            keep = flat != MISSING
            codes = np.unique((rows[keep] << 32) | flat[keep])
            for kind, values, size in (
                (0, codes & 0xFFFFFFFF, n_skel),
                (1, t.mother[t.mother != MISSING], n_skel),
                (2, t.father[t.father != MISSING], n_skel),
                (3, t.place[t.place != MISSING], n_other),
            ):
                counts = np.bincount(values, minlength=size)
                at = np.flatnonzero(counts)
                yield pd.DataFrame({"kind": kind, "value": at, "n": counts[at]})

    return count


def _statistics(
    encoded: DataFrame, encoder: Encoder, n: int
) -> tuple[FloatArray, dict[str, FloatArray]]:
    """The rarity of each name (Registry.idf) and of each mother's and father's name and
    place (Registry.rarity), from counts over the whole registry."""
    from pyspark.sql import functions as F

    n_skel, n_other = len(encoder.skel.words), len(encoder.other.words)
    counts: Frame = (
        encoded.mapInPandas(_count_batches(n_skel, n_other), "kind int, value long, n long")
        .groupBy("kind", "value")
        .agg(F.sum("n").alias("n"))
        .toPandas()
    )
    arrays = []
    for kind, size in enumerate((n_skel, n_skel, n_skel, n_other)):
        part = counts[counts["kind"] == kind]
        out = np.zeros(size, dtype=np.int64)
        out[part["value"].to_numpy(dtype=np.int64)] = part["n"].to_numpy(dtype=np.int64)
        arrays.append(out)
    idf = rarity_of_counts(arrays[0], n)
    rarity = {
        name: rarity_of_counts(counts_, n)
        for name, counts_ in zip(("mother", "father", "place"), arrays[1:], strict=True)
    }
    return idf, rarity


# ---------------------------------------------------------------------------------------------
# Dedupe: blocks, the cheap score and each record's KEEP best, the full score, the context step,
# and average linkage within the components of the pairs at the threshold.


def _key_batches(shared: Broadcast[Shared]) -> Callable[[Batches], Batches]:
    """The blocking keys of each record (Blocker.keys): group 0 rare names, 1 the others."""

    def keys(batches: Batches) -> Batches:
        pd = _pandas()

        fuzzy = _value(shared).fuzzy
        for frame in batches:
            rows = frame["row"].to_numpy(dtype=np.int64)
            rare, other = Blocker.of(table_of(frame), fuzzy).keys()
            for group, found in enumerate((rare, other)):
                if found:
                    yield pd.DataFrame(
                        {
                            "grp": group,
                            "key": np.concatenate([k for k, _r in found]),
                            "row": rows[np.concatenate([r for _k, r in found]).astype(np.int64)],
                        }
                    )

    return keys


def _block_pairs(caps: tuple[int, int]) -> Callable[[Batches], Batches]:
    """The pairs of each block of a partition (whole blocks: partitioned by key), with how
    often each comes (Blocker.pairs_within)."""

    def pairs(batches: Batches) -> Batches:
        pd = _pandas()

        frames = list(batches)
        if not frames:
            return
        frame = pd.concat(frames, ignore_index=True)
        group = frame["grp"].to_numpy()
        for g, cap in enumerate(caps):
            keys = frame["key"].to_numpy(dtype=np.int64)[group == g]
            rows = frame["row"].to_numpy(dtype=np.int64)[group == g]
            for part in Blocker.pairs_within(keys, rows, cap):
                code, count = np.unique(part, return_counts=True)
                yield pd.DataFrame({"code": code, "n": count})

    return pairs


def _sides(encoded: DataFrame) -> tuple[DataFrame, DataFrame]:
    """The encoded records as the first (a_*, joined on i) and second (b_*, on j) of a pair."""
    from pyspark.sql import functions as F

    a = encoded.select(
        F.col("row").alias("i"), *(F.col(c).alias("a_" + c) for c in table_columns())
    )
    b = encoded.select(
        F.col("row").alias("j"), *(F.col(c).alias("b_" + c) for c in table_columns())
    )
    return a, b


def _with_sides(pairs: DataFrame, encoded: DataFrame) -> DataFrame:
    a, b = _sides(encoded)
    return pairs.join(a, "i").join(b, "j")


def _pair_tables(frame: Frame) -> tuple[Table, Table, IntArray]:
    """A batch of pairs (_with_sides) as the table of their first records, the table of their
    second, and the rows that pair them (the k-th of one with the k-th of the other)."""
    at: IntArray = np.arange(len(frame), dtype=np.int64)
    return table_of(frame, "a_"), table_of(frame, "b_"), at


def _cheap_batches(shared: Broadcast[Shared]) -> Callable[[Batches], Batches]:
    def cheap(batches: Batches) -> Batches:
        pd = _pandas()

        s = _value(shared)
        for frame in batches:
            ta, tb, at = _pair_tables(frame)
            x = other_features(ta, tb, at, at, s.rarity, s.encoder)
            score = cheap_score(x, frame["shared"].to_numpy(dtype=np.int64), s.base.weights)
            yield pd.DataFrame({"i": frame["i"], "j": frame["j"], "cheap": score})

    return cheap


def _rank_batches(low: float, high: float) -> Callable[[Batches], Batches]:
    def rank(batches: Batches) -> Batches:
        for frame in batches:
            score = frame["cheap"].to_numpy(dtype=np.float32)
            yield frame[["i", "j"]].assign(rank=score_rank(score, low, high))

    return rank


def _score_batches(shared: Broadcast[Shared]) -> Callable[[Batches], Batches]:
    """Features and probability of pairs (Deduper.score); the features of those at
    CONTEXT_FLOOR or above, as float32 bytes."""

    def score(batches: Batches) -> Batches:
        pd = _pandas()

        s = _value(shared)
        for frame in batches:
            ta, tb, at = _pair_tables(frame)
            x = features(ta, tb, at, at, s.similarity(), s.idf, s.rarity, s.encoder)
            prob = s.model.probability(x)
            x = np.ascontiguousarray(x)
            kept = [x[k].tobytes() if p >= CONTEXT_FLOOR else None for k, p in enumerate(prob)]
            yield pd.DataFrame({"i": frame["i"], "j": frame["j"], "alone": prob, "x": kept})

    return score


def _log_odds_batches(batches: Batches) -> Batches:
    """Each pair's log-odds and odds, as context_features takes them."""
    for frame in batches:
        p = np.clip(frame["prob"].to_numpy(dtype=np.float32).astype(np.float64), 1e-6, 1 - 1e-6)
        yield frame[["i", "j"]].assign(z=np.log(p / (1 - p)), odds=p / (1 - p))


def _record_batches(batches: Batches) -> Batches:
    """For each record (whole records: partitioned by record, sorted by side and other end):
    its best and second-best log-odds, how many pairs it has, and the total of their odds,
    added in the order context_features adds them (a record's pairs as the first of the pair,
    then as the second, each by the other end)."""
    pd = _pandas()

    frames = list(batches)
    if not frames:
        return
    frame = pd.concat(frames, ignore_index=True)
    src = frame["src"].to_numpy(dtype=np.int64)
    w = frame["w"].to_numpy(dtype=np.float64)
    records, local = np.unique(src, return_inverse=True)
    total = np.bincount(local, weights=frame["odds"].to_numpy(dtype=np.float64))
    order = np.lexsort((-w, local))
    ordered = local[order]
    start = np.searchsorted(ordered, np.arange(len(records)))
    degree = np.bincount(local, minlength=len(records))
    best = w[order][start]
    second = np.where(degree > 1, w[order][np.minimum(start + 1, len(w) - 1)], NONE)
    yield pd.DataFrame(
        {"rec": records, "best": best, "second": second, "degree": degree, "total": total}
    )


def _end_figures(frame: Frame, side: str, z: Any, odds: Any) -> tuple[Any, Any]:
    """For one end of each pair (`side`: a or b): the log-odds of its record's best other
    pair, and the log of one plus the odds of all its other pairs."""
    best = frame[f"{side}_best"].to_numpy(dtype=np.float64)
    second = frame[f"{side}_second"].to_numpy(dtype=np.float64)
    degree = frame[f"{side}_degree"].to_numpy(dtype=np.int64)
    total = frame[f"{side}_total"].to_numpy(dtype=np.float64)
    # The best other pair of the record: the second best where this pair is the best.
    other = np.where(degree > 1, np.where(z == best, second, best), NONE)
    return other, np.log1p(np.maximum(total - odds, 0))


def _context_batches(batches: Batches) -> Batches:
    """The context features (model.CONTEXT) of pairs, from each end's record figures and the
    shared and rival look-alikes found by joins (dedupe.context_features)."""
    pd = _pandas()

    for frame in batches:
        z = frame["z"].to_numpy(dtype=np.float64)
        odds = frame["odds"].to_numpy(dtype=np.float64)

        other_a, others_a = _end_figures(frame, "a", z, odds)
        other_b, others_b = _end_figures(frame, "b", z, odds)
        shared = frame["shared"].fillna(NONE).to_numpy(dtype=np.float64)
        rival_a = frame["rival_a"].fillna(NONE).to_numpy(dtype=np.float64)
        rival_b = frame["rival_b"].fillna(NONE).to_numpy(dtype=np.float64)
        cx = context_columns(
            z, (other_a, other_b), (others_a, others_b), shared, (rival_a, rival_b)
        )
        inputs = frame["inputs"].tolist()
        joined = [bytes(a) + cx[k].tobytes() for k, a in enumerate(inputs)]
        yield pd.DataFrame({"i": frame["i"], "j": frame["j"], "inputs": joined})


def _predict_batches(trees: Broadcast[Trees]) -> Callable[[Batches], Batches]:
    """A round of the context step's trees over its inputs (float32 bytes per pair)."""

    def predict(batches: Batches) -> Batches:
        booster = _value(trees).booster()
        for frame in batches:
            inputs = frame["inputs"].tolist()
            if not inputs:
                continue
            x = np.vstack([np.frombuffer(bytes(a), dtype=np.float32) for a in inputs])
            prob = np.asarray(booster.predict(x), dtype=np.float32)
            yield frame.assign(prob=prob)

    return predict


def _context_round(active: DataFrame, parts: int) -> DataFrame:
    """The inputs of the next round of the context step for the pairs at CONTEXT_FLOOR or above
    (`active`: i, j, prob, inputs): their inputs so far, then context_features of them."""
    from pyspark.sql import functions as F

    logs = active.select("i", "j", "prob").mapInPandas(
        _log_odds_batches, "i long, j long, z double, odds double"
    ).persist()  # fmt: skip
    ends = logs.select(
        F.col("i").alias("src"), F.col("j").alias("dst"), F.col("z").alias("w"), "odds",
        F.lit(0).alias("side"),
    ).unionByName(logs.select(
        F.col("j").alias("src"), F.col("i").alias("dst"), F.col("z").alias("w"), "odds",
        F.lit(1).alias("side"),
    ))  # fmt: skip
    records = (
        ends.repartition(parts, "src")
        .sortWithinPartitions("src", "side", "dst")
        .mapInPandas(
            _record_batches, "rec long, best double, second double, degree long, total double"
        )
    )
    # Through each end's other pairs (c), what the far end says of c: a record both look like
    # (shared), or one that looks like this end and not the far one (a rival).
    near = ends.select(F.col("src").alias("owner"), F.col("dst").alias("far"), "side")
    around = ends.select(
        F.col("src").alias("owner"), F.col("dst").alias("c"), F.col("w").alias("v")
    )
    looks = logs.select(
        (F.shiftleft("i", 32).bitwiseOR(F.col("j"))).alias("fc"), F.col("z").alias("to_far")
    )
    via = (
        near.join(around, "owner")
        .where(F.col("c") != F.col("far"))
        .withColumn(
            "fc",
            F.shiftleft(F.least("far", "c"), 32).bitwiseOR(F.greatest("far", "c")),
        )
        .join(looks, "fc", "left")
        .select(
            F.least("owner", "far").alias("i"),
            F.greatest("owner", "far").alias("j"),
            "side",
            F.when(F.col("to_far").isNotNull(), F.least("v", "to_far")).alias("shared"),
            F.when(F.coalesce("to_far", F.lit(NONE)) < RIVAL, F.col("v")).alias("rival"),
        )
        .groupBy("i", "j")
        .agg(
            F.max(F.when(F.col("side") == 0, F.col("shared"))).alias("shared"),
            F.max(F.when(F.col("side") == 0, F.col("rival"))).alias("rival_a"),
            F.max(F.when(F.col("side") == 1, F.col("rival"))).alias("rival_b"),
        )
    )

    def figures(side: str, on: str) -> DataFrame:
        return records.select(
            F.col("rec").alias(on), *(F.col(c).alias(f"{side}_{c}") for c in
                                       ("best", "second", "degree", "total"))
        )  # fmt: skip

    joined = (
        logs.join(active.select("i", "j", "inputs"), ["i", "j"])
        .join(figures("a", "i"), "i")
        .join(figures("b", "j"), "j")
        .join(via, ["i", "j"], "left")
    )
    out = joined.mapInPandas(_context_batches, "i long, j long, inputs binary")
    return out


def _with_context(
    spark: SparkSession, scored: DataFrame, rounds: list[str], parts: int
) -> DataFrame:
    """Pairs (i, j) with their probability after the context step (dedupe.with_context)."""
    from pyspark.sql import functions as F

    final = scored.select("i", "j", F.col("alone").alias("prob"))
    if not rounds:
        return final
    active = scored.where(F.col("x").isNotNull()).select(
        "i", "j", F.col("alone").alias("prob"), F.col("x").alias("inputs")
    )
    updates = []
    for text in rounds:
        inputs = _context_round(active, parts)
        trees = spark.sparkContext.broadcast(Trees(text))
        predicted = inputs.mapInPandas(
            _predict_batches(trees), "i long, j long, inputs binary, prob float"
        ).localCheckpoint()
        updates.append(predicted.select("i", "j", "prob"))
        active = predicted.where(F.col("prob") >= CONTEXT_FLOOR)
    # Each pair's last update, or its probability alone.
    for k, update in enumerate(reversed(updates)):
        final = final.join(update.withColumnRenamed("prob", f"p{k}"), ["i", "j"], "left")
    latest = F.coalesce(*(F.col(f"p{k}") for k in range(len(updates))), F.col("prob"))
    return final.select("i", "j", latest.alias("prob"))


def _components(edges: DataFrame) -> DataFrame:
    """(row, comp) for each record of an edge: the least row of its connected component, by
    propagating the least label along the edges until none changes."""
    from pyspark.sql import functions as F

    both = edges.select("i", "j").unionByName(
        edges.select(F.col("j").alias("i"), F.col("i").alias("j"))
    )
    both = both.localCheckpoint()
    labels = both.groupBy("i").agg(F.least(F.col("i"), F.min("j")).alias("comp"))
    labels = labels.withColumnRenamed("i", "row").localCheckpoint()
    while True:
        # Each record takes the least label of its neighbours, and that label's own label.
        proposed = (
            both.join(labels.withColumnRenamed("row", "j"), "j")
            .groupBy("i")
            .agg(F.min("comp").alias("near"))
            .withColumnRenamed("i", "row")
        )
        step = labels.join(proposed, "row").select("row", F.least("comp", "near").alias("comp"))
        hop = step.select(F.col("row").alias("comp"), F.col("comp").alias("further"))
        new = (
            step.join(hop, "comp", "left")
            .select("row", F.least("comp", F.coalesce("further", "comp")).alias("comp"))
            .localCheckpoint()
        )
        changed = new.join(labels.withColumnRenamed("comp", "old"), "row").where(
            F.col("comp") != F.col("old")
        )
        labels = new
        if changed.isEmpty():
            return labels


def _linkage_groups(shared: Broadcast[Shared], threshold: float) -> Callable[[Frame, Frame], Frame]:
    """Average linkage of each component of a bucket of them (dedupe._average_linkage), its
    missing pairs scored as Deduper.clusters scores them; each record's root. The bucket's
    records are made one Table, once: most components are two or three records, and a call
    per component would spend its time making tables."""

    def link(pairs: Frame, records: Frame) -> Frame:
        pd = _pandas()

        records = records.sort_values(["comp", "row"], kind="stable")
        rows = records["row"].to_numpy(dtype=np.int64)
        comp = records["comp"].to_numpy(dtype=np.int64)
        table = table_of(records)
        s = _value(shared)
        pairs = pairs.sort_values("comp", kind="stable")
        pair_comp = pairs["comp"].to_numpy(dtype=np.int64)
        pi = pairs["i"].to_numpy(dtype=np.int64)
        pj = pairs["j"].to_numpy(dtype=np.int64)
        pprob = pairs["prob"].to_numpy(dtype=np.float32)
        starts = np.flatnonzero(np.r_[True, comp[1:] != comp[:-1]])
        ends = np.r_[starts[1:], len(rows)]
        low = np.searchsorted(pair_comp, comp[starts])
        high = np.searchsorted(pair_comp, comp[starts], side="right")
        roots = np.empty(len(rows), dtype=np.int64)
        for start, end, p0, p1 in zip(
            starts.tolist(), ends.tolist(), low.tolist(), high.tolist(), strict=True
        ):
            mine = rows[start:end]
            i = np.searchsorted(mine, pi[p0:p1])
            j = np.searchsorted(mine, pj[p0:p1])
            prob = pprob[p0:p1]
            code = (i << 32) | j
            known = dict(zip(code.tolist(), prob.tolist(), strict=True))
            edges = np.flatnonzero(prob >= threshold)
            # The most probable first; equal probabilities in the order of the pairs' codes.
            edges = edges[np.lexsort((code[edges], -prob[edges]))]
            links = list(zip(i[edges].tolist(), j[edges].tolist(), strict=True))
            while True:
                labels, missing = single._average_linkage(len(mine), links, known, threshold)
                if not missing:
                    break
                a = np.array([c >> 32 for c in missing], dtype=np.int64) + start
                b = np.array([c & 0xFFFFFFFF for c in missing], dtype=np.int64) + start
                x = features(table, table, a, b, s.similarity(), s.idf, s.rarity, s.encoder)
                known.update(zip(missing, s.model.probability(x).tolist(), strict=True))
            roots[start:end] = mine[np.array(labels, dtype=np.int64)]
        return pd.DataFrame({"row": rows, "root": roots})

    return link


def _parts(spark: SparkSession, n: int, per: int) -> int:
    """Partitions for `n` items, about `per` in each, at least the session's shuffle
    partitions."""
    base = int(spark.conf.get("spark.sql.shuffle.partitions") or 8)
    return max(base, -(-n // per))


def _prepared(
    spark: SparkSession, rows_or_path: Sequence[Record | Norm] | str | Path, base: Model,
    progress: Progress | None,
) -> tuple[DataFrame, Broadcast[Shared], int]:  # fmt: skip
    """The records encoded (row, rid and table_columns(), persisted), what every executor needs
    (broadcast), and how many records there are."""
    from pyspark import StorageLevel

    keep = StorageLevel.MEMORY_AND_DISK
    normalized = _normalized(spark, rows_or_path).persist(keep)
    n = normalized.count()
    if progress:
        progress(0, n)
    encoder = _vocabularies(normalized)
    bare = Registry([], encoder=encoder, model=base, postings=False)
    fuzzy = Blocker(bare).fuzzy
    rounds = [booster.model_to_string() for booster in base.context_rounds]
    model_n = dataclasses.replace(base.for_records(n), context_rounds=())
    payload = Shared(encoder, fuzzy, np.zeros(0, np.float32), {}, dataclasses.replace(
        base, context_rounds=()), model_n, rounds)  # fmt: skip
    (encoded,), first = _encoded(spark, [normalized], payload)
    payload.idf, payload.rarity = _statistics(encoded, encoder, n)
    shared = spark.sparkContext.broadcast(payload)
    first.unpersist()
    return encoded, shared, n


def _encoded(
    spark: SparkSession, normalized: Sequence[DataFrame], payload: Shared
) -> tuple[list[DataFrame], Broadcast[Shared]]:
    """Each of the `normalized` frames encoded by the executors with `payload`'s vocabularies
    (persisted and counted; the normalized frames let go), and the broadcast they read it
    from, to let go once the statistics are broadcast with it."""
    from pyspark import StorageLevel

    first = spark.sparkContext.broadcast(payload)
    encoded = [
        frame.mapInPandas(_encode_batches(first), _encoded_schema()).persist(
            StorageLevel.MEMORY_AND_DISK
        )
        for frame in normalized
    ]
    for frame in encoded:
        frame.count()
    for frame in normalized:
        frame.unpersist()
    return encoded, first


def _scored_pairs(
    spark: SparkSession, encoded: DataFrame, shared: Broadcast[Shared], n: int,
    progress: Progress | None,
) -> DataFrame:  # fmt: skip
    """The pairs scored in full (Deduper.candidates: each record's KEEP best by the cheap
    score), with the probability of each alone and the features of those at CONTEXT_FLOOR or
    above (i, j, alone, x)."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F
    from pyspark.sql.window import Window

    keep = StorageLevel.MEMORY_AND_DISK
    # Blocks, partitioned by key; the pairs within each, and how many keys each pair shares.
    keys = encoded.select("row", *table_columns()).mapInPandas(
        _key_batches(shared), "grp int, key long, row long"
    )
    caps = (single.RARE_CAP, single.BLOCK_CAP)
    blocked = (
        keys.repartition(_parts(spark, n, 10_000), "grp", "key")
        .mapInPandas(_block_pairs(caps), "code long, n long")
        .groupBy("code")
        .agg(F.sum("n").alias("shared"))
        .select(
            F.shiftright("code", 32).alias("i"),
            F.col("code").bitwiseAND(F.lit(0xFFFFFFFF)).alias("j"),
            "shared",
        )
    )
    cheap = (
        _with_sides(blocked, encoded)
        .mapInPandas(_cheap_batches(shared), "i long, j long, cheap float")
        .persist(keep)
    )
    bounds = cheap.agg(F.min("cheap").alias("low"), F.max("cheap").alias("high")).first()
    low = min(0.0, float(bounds["low"])) if bounds and bounds["low"] is not None else 0.0
    high = max(0.0, float(bounds["high"])) if bounds and bounds["high"] is not None else 0.0
    if progress:
        progress(n // 3)

    # Each record's KEEP best pairs as the first of a pair, and its KEEP best as the second
    # (dedupe._best_per_record): by rank, equal ranks by the other record.
    ranked = cheap.mapInPandas(_rank_batches(low, high), "i long, j long, rank long")
    as_first = Window.partitionBy("i").orderBy("rank", "j")
    as_second = Window.partitionBy("j").orderBy("rank", "i")
    kept = (
        ranked.withColumn("first", F.row_number().over(as_first))
        .withColumn("second", F.row_number().over(as_second))
        .where((F.col("first") <= KEEP) | (F.col("second") <= KEEP))
        .select("i", "j")
    )
    scored = (
        _with_sides(kept, encoded)
        .mapInPandas(_score_batches(shared), "i long, j long, alone float, x binary")
        .localCheckpoint()
    )
    cheap.unpersist()
    if progress:
        progress(n // 3)
    return scored


def dedupe_spark(
    rows_or_path: Sequence[Record | Norm] | str | Path, *, threshold: float = THRESHOLD,
    model: Model | None = None, spark: SparkSession | None = None,
    progress: Progress | None = None,
) -> list[tuple[str, int]]:  # fmt: skip
    """Cluster records of the same child on Spark: (record id, cluster id) for every record, in
    the order of the input, as `dedupe.dedupe` gives them. `rows_or_path`: the records, or a
    CSV file of them (the COLUMNS, with a header) that the executors read."""
    from pyspark.sql import functions as F

    spark = spark or spark_session()
    encoded, shared, n = _prepared(spark, rows_or_path, model or Model.load(), progress)
    scored = _scored_pairs(spark, encoded, shared, n, progress)
    rounds = _value(shared).rounds
    parts = _parts(spark, n, 50_000)
    final = _with_context(spark, scored, rounds, parts).localCheckpoint()
    edges = final.where(F.col("prob") >= threshold)
    comps = _components(edges)
    inside = (
        final.join(comps.select(F.col("row").alias("i"), F.col("comp").alias("comp_i")), "i")
        .join(comps.select(F.col("row").alias("j"), F.col("comp").alias("comp_j")), "j")
        .where(F.col("comp_i") == F.col("comp_j"))
        .select(F.col("comp_i").alias("comp"), "i", "j", "prob")
    )
    members = encoded.select("row", *table_columns()).join(
        comps.select(F.col("row").alias("row"), F.col("comp").alias("comp")), "row"
    )
    # Components in buckets (a component whole in one), a few thousand records to a bucket.
    bucket = F.pmod("comp", F.lit(_parts(spark, n, 5_000)))
    roots = (
        inside.withColumn("bucket", bucket)
        .groupBy("bucket")
        .cogroup(members.withColumn("bucket", bucket).groupBy("bucket"))
        .applyInPandas(_linkage_groups(shared, threshold), "row long, root long")
    )
    every = encoded.select("row", "rid").join(roots, "row", "left").select(
        "row", "rid", F.coalesce("root", "row").alias("root")
    )  # fmt: skip
    result: Frame = every.toPandas()
    encoded.unpersist()
    result = result.sort_values("row")
    # Clusters numbered in the order of their roots, as the default engine numbers them, on the
    # driver that gathers every record's anyway (a numbering by Spark would sort every root in
    # one partition).
    _roots, cluster = np.unique(result["root"].to_numpy(), return_inverse=True)
    if progress:
        progress(n - 2 * (n // 3))
    return list(zip(result["rid"].tolist(), cluster.tolist(), strict=True))


def pair_scores_spark(
    rows_or_path: Sequence[Record | Norm] | str | Path, *, model: Model | None = None,
    spark: SparkSession | None = None,
) -> tuple[IntArray, IntArray, FloatArray, FloatArray]:  # fmt: skip
    """The pairs dedupe_spark scores (i < j, in the order of their codes i << 32 | j), the
    probability of each alone and after the context step: the pairs and probabilities of
    `Deduper.pair_scores` and `dedupe.with_context`. Collected on the driver: for checking the
    engine on registries whose pairs fit in its memory."""

    spark = spark or spark_session()
    encoded, shared, n = _prepared(spark, rows_or_path, model or Model.load(), None)
    scored = _scored_pairs(spark, encoded, shared, n, None)
    final = _with_context(spark, scored, _value(shared).rounds, _parts(spark, n, 50_000))
    both: Frame = (
        scored.select("i", "j", "alone").join(final, ["i", "j"]).orderBy("i", "j").toPandas()
    )
    encoded.unpersist()
    return (
        both["i"].to_numpy(dtype=np.int64),
        both["j"].to_numpy(dtype=np.int64),
        both["alone"].to_numpy(dtype=np.float32),
        both["prob"].to_numpy(dtype=np.float32),
    )


# ---------------------------------------------------------------------------------------------
# Match: the registry's name keys and the queries' joined by key (partitioned by key); each
# query's candidates gathered, cut, ranked and scored as Registry.match does it.


def _prepared_match(
    spark: SparkSession, registry: Sequence[Record | Norm] | str | Path,
    queries: Sequence[Record | Norm] | str | Path, base: Model,
) -> tuple[DataFrame, DataFrame, Broadcast[Shared], int, int]:  # fmt: skip
    """The registered records and the queries encoded (row, rid and table_columns(),
    persisted), what every executor needs (broadcast), and how many records are registered and
    how many queries there are.
    Words first seen in the queries are numbered after the registry's, and weigh what Registry
    gives them: nothing for a name's rarity, as rare as can be for a parent's name or place."""
    from pyspark import StorageLevel

    keep = StorageLevel.MEMORY_AND_DISK
    # Both files are read on one day, whatever the clock does between them.
    today = reading_day()
    norm_r = _normalized(spark, registry, today).persist(keep)
    norm_q = _normalized(spark, queries, today).persist(keep)
    n, n_queries = norm_r.count(), norm_q.count()
    encoder = _vocabularies(norm_r)
    n_skel, n_other = len(encoder.skel.words), len(encoder.other.words)
    extra = _vocabularies(norm_q)
    for mine, theirs in zip(
        (encoder.loose, encoder.skel, encoder.other), (extra.loose, extra.skel, extra.other),
        strict=True,
    ):  # fmt: skip
        for word in theirs.words:
            mine.id(word)
    fuzzy = Blocker(Registry([], encoder=encoder, model=base, postings=False)).fuzzy
    payload = Shared(encoder, fuzzy, np.zeros(0, np.float32), {}, base, base, [])
    (encoded_r, encoded_q), first = _encoded(spark, [norm_r, norm_q], payload)
    idf, rarity = _statistics(encoded_r, encoder, n)
    idf[n_skel:] = 0
    payload.idf = idf
    payload.rarity = {
        "mother": rarity["mother"][:n_skel],
        "father": rarity["father"][:n_skel],
        "place": rarity["place"][:n_other],
    }
    shared = spark.sparkContext.broadcast(payload)
    first.unpersist()
    return encoded_r, encoded_q, shared, n, n_queries


def _registry_key_batches(shared: Broadcast[Shared]) -> Callable[[Batches], Batches]:
    """The name keys each registered record carries, once each: kind 0 a name's skeleton, 1
    its spelling, 2 a skeleton one letter away (Registry's three indexes). Each key carries
    its record's best birth year, nationality and sex (what the cut of a query's candidates
    weighs), so that the postings found by key need not meet the records again."""

    def keys(batches: Batches) -> Batches:
        pd = _pandas()

        fuzzy = _value(shared).fuzzy
        for frame in batches:
            t = table_of(frame)
            owner = np.repeat(np.arange(len(t), dtype=np.int64), t.skel.shape[1])
            skel, loose = t.skel.ravel(), t.loose.ravel()
            near = fuzzy[skel]
            at = np.concatenate([owner, owner, np.repeat(owner, near.shape[1])])
            out = pd.DataFrame(
                {
                    "kind": np.repeat([0, 1, 2], [len(skel), len(loose), near.size]),
                    "key": np.concatenate([skel, loose, near.ravel()]),
                    "row": frame["row"].to_numpy(dtype=np.int64)[at],
                    "r_year": t.best_year()[at],
                    "r_nationality": t.nationality[at],
                    "r_sex": t.sex[at],
                }
            )
            yield out[out["key"] != MISSING].drop_duplicates()

    return keys


def _query_key_batches(shared: Broadcast[Shared]) -> Callable[[Batches], Batches]:
    """The name keys each query looks up (Registry.sharing_names): for each of its names
    (`name`, in order), the skeleton, the spelling and each skeleton one letter away
    (`part`, in the order Registry takes them), with the weight of that kind of key."""

    def keys(batches: Batches) -> Batches:
        pd = _pandas()

        fuzzy = _value(shared).fuzzy
        for frame in batches:
            t = table_of(frame)
            out: list[tuple[int, int, int, int, int, float]] = []
            for q, skel, loose in zip(frame["row"].tolist(), t.skel, t.loose, strict=True):
                for name, (sid, lid) in enumerate(query_names(skel, loose)):
                    out.append((q, name, 0, 0, sid, 1.0))
                    if lid != MISSING:
                        out.append((q, name, 1, 1, lid, 1.0))
                    for k, near in enumerate(fuzzy[sid].tolist()):
                        if near != MISSING:
                            out.append((q, name, 2 + k, 2, near, FUZZY_WEIGHT))
            yield pd.DataFrame(out, columns=["q", "name", "part", "kind", "key", "weight"])

    return keys


def _context_key_batches(shifts: tuple[int, ...], column: str) -> Callable[[Batches], Batches]:
    """Each record's names with their context (matcher.context_keys), as `column` and key."""

    def keys(batches: Batches) -> Batches:
        pd = _pandas()

        for frame in batches:
            t = table_of(frame)
            found, at = context_keys(t, np.arange(len(t), dtype=np.int64), shifts)
            rows = frame["row"].to_numpy(dtype=np.int64)[at]
            yield pd.DataFrame({column: rows, "key": found})

    return keys


def _rarity_batches(n: int) -> Callable[[Batches], Batches]:
    """Each looked-up key's rarity (of how many registered records carry it) times the weight
    of its kind, as Registry's indexes give it."""

    def rarity(batches: Batches) -> Batches:
        for frame in batches:
            idf = rarity_of_counts(frame["count"].to_numpy(dtype=np.int64), n)
            weight = frame["weight"].to_numpy(dtype=np.float64)
            yield frame[["q", "name", "part", "kind", "key"]].assign(
                w=idf.astype(np.float64) * weight
            )

    return rarity


def _cut_columns(encoded: DataFrame, prefix: str, row: str) -> DataFrame:
    """Each record's best birth year, nationality and sex (what the cut of a query's
    candidates weighs), the columns named after `prefix`, the record's row as `row`."""
    from pyspark.sql import functions as F

    def batches(frames: Batches) -> Batches:
        for frame in frames:
            t = table_of(frame)
            yield frame[["row"]].assign(year=t.best_year(), nationality=t.nationality, sex=t.sex)

    return (
        encoded.select("row", *table_columns())
        .mapInPandas(batches, "row long, year long, nationality long, sex long")
        .select(F.col("row").alias(row), *(
            F.col(c).alias(prefix + c) for c in ("year", "nationality", "sex")
        ))
    )  # fmt: skip


def _gather_groups(kept: int) -> Callable[[Frame, Frame], Frame]:
    """One query's candidates from its postings and the records its context keys force in, as
    Registry.sharing_names finds and cuts them: rows, the rarity of the names that found
    each, and their order (`seq`). The query's own cut columns come once, with what it forces
    in (`query`: a row for every query, `row` empty where nothing is forced)."""

    def gather(postings: Frame, query: Frame) -> Frame:
        pd = _pandas()

        columns = ["q", "row", "total", "seq"]
        if postings.empty:
            return pd.DataFrame({c: [] for c in columns})
        postings = postings.sort_values(["name", "part", "row"], kind="stable")
        local, at = np.unique(postings["row"].to_numpy(dtype=np.int64), return_inverse=True)
        runs = postings[["name", "part"]].to_numpy(dtype=np.int64)
        w = postings["w"].to_numpy(dtype=np.float64)
        starts = np.flatnonzero(np.r_[True, (runs[1:] != runs[:-1]).any(axis=1)]).tolist()
        names: list[list[tuple[float, IntArray]]] = []
        previous = None
        for s, e in zip(starts, [*starts[1:], len(postings)], strict=True):
            if runs[s, 0] != previous:
                names.append([])
                previous = runs[s, 0]
            names[-1].append((float(w[s]), at[s:e]))
        size = len(local)
        uniq, total = gather_names(
            names, np.zeros(size, np.float32), np.zeros(size, bool), np.zeros(size, bool)
        )
        if len(uniq) > kept:
            first = query.iloc[0]
            year, nationality = int(first["q_year"]), int(first["q_nationality"])
            agree = np.zeros(len(uniq), dtype=bool)
            if year != MISSING and nationality != MISSING and int(first["q_sex"]):
                r = postings.drop_duplicates("row").set_index("row").loc[local[uniq]]
                agree = (
                    (np.abs(r["r_year"].to_numpy(dtype=np.int64) - year) <= 1)
                    & (r["r_nationality"].to_numpy(dtype=np.int64) == nationality)
                    & (r["r_sex"].to_numpy(dtype=np.int64) == int(first["q_sex"]))
                )
            held = np.isin(local[uniq], query["row"].dropna().to_numpy(dtype=np.int64))
            top = best_candidates(total, agree, held, kept)
            uniq, total = uniq[top], total[top]
        return pd.DataFrame(
            {
                "q": np.full(len(uniq), int(postings["q"].iloc[0]), dtype=np.int64),
                "row": local[uniq],
                "total": total.astype(np.float32),
                "seq": np.arange(len(uniq), dtype=np.int64),
            }
        )

    return gather


def _pair_sides(pairs: DataFrame, queries: DataFrame, registry: DataFrame) -> DataFrame:
    """Pairs (q, row) with the query's columns (a_*) and the registered record's (b_*)."""
    from pyspark.sql import functions as F

    a = queries.select(F.col("row").alias("q"), *(F.col(c).alias("a_" + c) for c in (
        "rid", *table_columns())))  # fmt: skip
    b = registry.select(*(F.col(c).alias("b_" + c) for c in ("rid", *table_columns())),
                        F.col("row").alias("row"))  # fmt: skip
    return pairs.join(a, "q").join(b, "row")


def _ranking_batches(shared: Broadcast[Shared]) -> Callable[[Batches], Batches]:
    """Each candidate's ranking score (Registry.pairs): the rarity of the shared names and the
    other fields, by the ranking's weights."""

    def rank(batches: Batches) -> Batches:
        s = _value(shared)
        name_weight, weights = s.base.candidate_ranking()
        for frame in batches:
            ta, tb, at = _pair_tables(frame)
            total = name_weight * frame["total"].to_numpy(dtype=np.float32)
            total += weighed(other_features(ta, tb, at, at, s.rarity, s.encoder), weights)
            yield frame[["q", "row", "seq"]].assign(cheap=total)

    return rank


def _scored_groups(scored: int) -> Callable[[Frame], Frame]:
    """A query's best `scored` candidates by the ranking score, chosen as Registry.pairs
    chooses them."""

    def best(frame: Frame) -> Frame:
        frame = frame.sort_values("seq", kind="stable")
        if len(frame) > scored:
            cheap = frame["cheap"].to_numpy(dtype=np.float32)
            frame = frame.iloc[np.argpartition(-cheap, scored)[:scored]]
        return frame[["q", "row"]]

    return best


def _probability_batches(shared: Broadcast[Shared]) -> Callable[[Batches], Batches]:
    def score(batches: Batches) -> Batches:
        s = _value(shared)
        for frame in batches:
            ta, tb, at = _pair_tables(frame)
            x = features(ta, tb, at, at, s.similarity(), s.idf, s.rarity, s.encoder)
            yield frame[["q", "row", "a_rid", "b_rid"]].assign(prob=s.base.probability(x))

    return score


def _ranked_groups(top: int) -> Callable[[Frame], Frame]:
    """A query's best `top` records with the probability that each is the query's child
    (matcher.exclusive), ranked."""

    def ranked(frame: Frame) -> Frame:
        frame = frame.sort_values("row", kind="stable")
        prob = exclusive(
            frame["prob"].to_numpy(dtype=np.float32), np.zeros(len(frame), dtype=np.int64)
        )
        order = np.argsort(-prob, kind="stable")[:top]
        return frame.iloc[order][["q", "a_rid", "b_rid"]].assign(
            score=prob[order], rank=np.arange(1, len(order) + 1, dtype=np.int64)
        )

    return ranked


def match_spark(
    registry: Sequence[Record | Norm] | str | Path, queries: Sequence[Record | Norm] | str | Path,
    *, top: int = 10, model: Model | None = None, spark: SparkSession | None = None,
    candidates: int = CANDIDATES, scored: int = SCORED,
) -> list[Match]:  # fmt: skip
    """The best `top` registered records for each query, as `Registry(registry, candidates=,
    scored=).match(queries)` gives them, in the order of the queries. `registry` and `queries`:
    the records, or CSV files of them that the executors read.

    No process holds the registry: the name keys of its records and of the queries meet in a
    join partitioned by key; each query's postings then go to one executor, which gathers,
    cuts and ranks its candidates as Registry does and scores the best."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    spark = spark or spark_session()
    keep = StorageLevel.MEMORY_AND_DISK
    base = dataclasses.replace(model or Model.load(), context_rounds=())
    encoded_r, encoded_q, shared, n, n_queries = _prepared_match(spark, registry, queries, base)
    if not n or not n_queries:
        encoded_r.unpersist()
        encoded_q.unpersist()
        return []
    parts = _parts(spark, n, 10_000)
    reg_keys = encoded_r.select("row", *table_columns()).mapInPandas(
        _registry_key_batches(shared),
        "kind int, key long, row long, r_year long, r_nationality long, r_sex long",
    ).repartition(parts, "kind", "key").persist(keep)  # fmt: skip
    counts = reg_keys.groupBy("kind", "key").count()
    looked_up = (
        encoded_q.select("row", *table_columns())
        .mapInPandas(
            _query_key_batches(shared),
            "q long, name long, part long, kind int, key long, weight double",
        )
        .join(counts, ["kind", "key"])
        .mapInPandas(
            _rarity_batches(n), "q long, name long, part long, kind int, key long, w double"
        )
    )
    # The postings are the largest frame of a match (tens of thousands a query): only what the
    # gathering reads goes on to be grouped by query.
    postings = looked_up.join(reg_keys, ["kind", "key"]).select(
        "q", "name", "part", "w", "row", "r_year", "r_nationality", "r_sex"
    )
    # Records that share a name with context with the query, where at most FORCE_CAP do.
    # Read twice (counted, then joined): made once.
    context_r = encoded_r.select("row", *table_columns()).mapInPandas(
        _context_key_batches((), "row"), "row long, key long"
    ).persist(keep)  # fmt: skip
    held = context_r.groupBy("key").count().where(F.col("count") <= FORCE_CAP).select("key")
    forced = (
        encoded_q.select("row", *table_columns())
        .mapInPandas(_context_key_batches((-1, 1), "q"), "q long, key long")
        .join(held, "key")
        .join(context_r, "key")
        .select("q", "row")
        .distinct()
    )
    query = _cut_columns(encoded_q, "q_", "q").join(forced, "q", "left")
    found = (
        postings.groupBy("q")
        .cogroup(query.groupBy("q"))
        .applyInPandas(_gather_groups(candidates), "q long, row long, total float, seq long")
    )
    ranked = _pair_sides(found, encoded_q, encoded_r).mapInPandas(
        _ranking_batches(shared), "q long, row long, seq long, cheap float"
    )
    best = ranked.groupBy("q").applyInPandas(_scored_groups(scored), "q long, row long")
    # A registered document number always (the last record that carries it).
    documents = (
        encoded_r.where(F.col("document") != MISSING)
        .groupBy("document")
        .agg(F.max("row").alias("row"))
        .join(encoded_q.select(F.col("row").alias("q"), "document"), "document")
        .select("q", "row")
    )
    pairs = best.unionByName(documents).distinct()
    scored_pairs = _pair_sides(pairs, encoded_q, encoded_r).mapInPandas(
        _probability_batches(shared), "q long, row long, a_rid string, b_rid string, prob float"
    )
    collected: Frame = (
        scored_pairs.groupBy("q")
        .applyInPandas(
            _ranked_groups(top), "q long, a_rid string, b_rid string, score float, rank long"
        )
        .toPandas()
    )
    result = collected.sort_values(["q", "rank"], kind="stable")
    reg_keys.unpersist()
    context_r.unpersist()
    encoded_r.unpersist()
    encoded_q.unpersist()
    return [
        Match(query, record, float(score), int(rank))
        for query, record, score, rank in zip(
            result["a_rid"].tolist(), result["b_rid"].tolist(), result["score"].tolist(),
            result["rank"].tolist(), strict=True,
        )
    ]  # fmt: skip
