"""Encoded (Bloom-filter) matching against plaintext matching, and the time of encoded comparisons.

    .venv/bin/python bench/pprl.py [--children 4000] [--false-per-child 25] [--calibrate 1]
                                   [--report 2] [--registry 100000] [--queries 5000]

(1) Accuracy on the generator (engine/synth.py): each child is written down twice (true pairs);
a child's first sighting against other children's second (false pairs). Thresholds are chosen on
the seed --calibrate for false-match rates of 1% and 0.1%, and recall and the rate reached are
reported on the seed --report. Plaintext is the tracing engine's score (Registry.score) on the
same four fields the encoding sees (names, date of birth, sex), and on the whole record.
(2) The time of --queries x --registry comparisons with anonlink (Dice), encoding separately.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinhaven.config.settings")

import django

django.setup()

import anonlink  # noqa: E402
from bitarray import bitarray  # noqa: E402

from kinhaven.tracing.engine.matcher import Registry  # noqa: E402
from kinhaven.tracing.engine.normalize import normalize  # noqa: E402
from kinhaven.tracing.engine.synth import Generator  # noqa: E402
from kinhaven.tracing.pprl import (  # noqa: E402
    DEFAULT_THRESHOLD,
    PprlFields,
    PprlKeys,
    pprl_encode_fields,
)

SECRET = b"benchmark secret, not a real one"
FMRS = (0.01, 0.001, 0.0001)
FOUR = ("id", "given_name", "family_name", "date_of_birth", "sex")


def fields(row: dict[str, str]) -> PprlFields:
    return PprlFields(row["given_name"], row["family_name"], row["date_of_birth"], row["sex"])


def dice(a: list[bitarray], b: list[bitarray], qi: np.ndarray, ri: np.ndarray) -> np.ndarray:
    qa = np.array([np.frombuffer(x.tobytes(), dtype=np.uint8) for x in a])
    rb = np.array([np.frombuffer(x.tobytes(), dtype=np.uint8) for x in b])
    qbits = np.unpackbits(qa, axis=1).astype(bool)
    rbits = np.unpackbits(rb, axis=1).astype(bool)
    inter = (qbits[qi] & rbits[ri]).sum(axis=1)
    total = qbits[qi].sum(axis=1) + rbits[ri].sum(axis=1)
    return np.where(total > 0, 2 * inter / np.maximum(total, 1), 0.0)


def pair_scores(seed: int, n: int, per: int) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """For each method, (scores of true pairs, scores of false pairs)."""
    gen = Generator(seed)
    kids = gen.families(n)
    first = [gen.sighting(c, f"A{i}") for i, c in enumerate(kids)]
    second = [gen.sighting(c, f"B{i}") for i, c in enumerate(kids)]
    rng = np.random.default_rng(seed)
    true_q = np.arange(n)
    false_q = np.repeat(np.arange(n), per)
    false_r = (false_q + rng.integers(1, n, size=n * per)) % n  # never the same child
    qi = np.concatenate([true_q, false_q])
    ri = np.concatenate([true_q, false_r])
    keep = np.array([kids[a].key != kids[b].key for a, b in zip(qi, ri, strict=True)])
    keep[:n] = True
    out = {}
    keys = PprlKeys(SECRET)
    enc_a = [pprl_encode_fields(fields(r), keys) for r in first]
    enc_b = [pprl_encode_fields(fields(r), keys) for r in second]
    s = dice(enc_a, enc_b, qi, ri)
    out["encoded (Bloom filter, Dice)"] = (s[:n], s[n:][keep[n:]])
    for label, cols in (("plaintext, same four fields", FOUR), ("plaintext, whole record", None)):
        a = [normalize({k: v for k, v in r.items() if cols is None or k in cols}) for r in first]
        b = [normalize({k: v for k, v in r.items() if cols is None or k in cols}) for r in second]
        registry = Registry(b)
        q = registry.encoder.table(a)
        _x, prob = registry.score(q, qi, ri)
        out[label] = (prob[:n], prob[n:][keep[n:]])
    return out


def threshold_at(false: np.ndarray, fmr: float) -> float:
    """The lowest threshold at which at most `fmr` of the false pairs score at or above it."""
    values = np.sort(false)[::-1]
    allowed = int(np.floor(fmr * len(values)))
    return float(np.nextafter(values[allowed], np.inf)) if allowed < len(values) else 0.0


def accuracy(args: argparse.Namespace) -> None:
    t0 = time.perf_counter()
    cal = pair_scores(args.calibrate, args.children, args.false_per_child)
    rep = pair_scores(args.report, args.children, args.false_per_child)
    n_true, n_false = len(rep[next(iter(rep))][0]), len(rep[next(iter(rep))][1])
    print(f"accuracy: {args.children:,} children, thresholds from seed {args.calibrate}, "
          f"reported on seed {args.report} ({n_true:,} true and {n_false:,} false pairs; "
          f"{time.perf_counter() - t0:.0f} s)")  # fmt: skip
    for fmr in FMRS:
        for label, (_true, false) in cal.items():
            thr = threshold_at(false, fmr)
            true_r, false_r = rep[label]
            recall = float((true_r >= thr).mean())
            reached = float((false_r >= thr).mean())
            print(f"  FMR {fmr:.2%} {label:30s} threshold {thr:.4g}  recall {recall:.4f}  "
                  f"false-match rate reached {reached:.4%}")  # fmt: skip


def speed(args: argparse.Namespace) -> None:
    gen = Generator(args.report + 100)
    kids = gen.families(args.registry)
    rows = [fields(gen.sighting(c, f"R{i}")) for i, c in enumerate(kids)]
    queries = [fields(gen.sighting(c, f"Q{i}")) for i, c in enumerate(kids[: args.queries])]
    t0 = time.perf_counter()
    keys = PprlKeys(SECRET)
    registry = [pprl_encode_fields(r, keys) for r in rows]
    encode = time.perf_counter() - t0
    encoded_queries = [pprl_encode_fields(r, keys) for r in queries]
    print(f"encoding: {args.registry:,} records in {encode:.1f} s "
          f"({args.registry / encode:,.0f} per second, one core)")  # fmt: skip
    t0 = time.perf_counter()
    sims, _d, (qi, ri) = anonlink.candidate_generation.find_candidate_pairs(
        [encoded_queries, registry],
        anonlink.similarities.dice_coefficient_accelerated,
        args.threshold,
        k=5,
    )
    took = time.perf_counter() - t0
    pairs = args.queries * args.registry
    found = sum(1 for q, r in zip(qi, ri, strict=True) if q == r)
    print(f"comparisons: {args.queries:,} x {args.registry:,} = {pairs:,} in {took:.1f} s "
          f"({pairs / took / 1e6:,.0f} million per second, one core); {len(sims):,} candidates "
          f"at {args.threshold}, the true record among them for {found:,} "
          f"of {args.queries:,}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=4000)
    parser.add_argument("--false-per-child", type=int, default=25)
    parser.add_argument("--calibrate", type=int, default=1)
    parser.add_argument("--report", type=int, default=2)
    parser.add_argument("--registry", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=5_000)
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--skip-speed", action="store_true")
    args = parser.parse_args()
    accuracy(args)
    if not args.skip_speed:
        speed(args)


if __name__ == "__main__":
    main()
