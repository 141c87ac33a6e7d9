"""Fit the match model on every profile of synthetic registrations but one, and measure it on all.

    .venv/bin/python bench/tracing_held_out.py --hold-out reception --out /tmp/held-out
        [--registry 100000] [--queries 10000] [--seed 7]

The model is fitted as the shipped one is (docs/tracing.md), on the profiles of
`synth.PROFILES` other than the one held out, in their order (seeds 7, 1007, ...), except that
the candidate pairs are first ranked by names alone and then by that first fit, so that no model
that saw the held-out profile chooses them. It is written to `--out`; then
bench/tracing_match.py runs on every profile and bench/tracing_dedupe.py on the held-out one,
with their figures printed as they print them (seed 2017, 100,000 registered or records).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from kinhaven.tracing.engine.model import fit
from kinhaven.tracing.engine.synth import PROFILES
from kinhaven.tracing.engine.train import completed, training_pairs

BENCH = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hold-out", required=True, choices=sorted(PROFILES))
    parser.add_argument("--out", type=Path, required=True, help="a folder for the model")
    parser.add_argument("--registry", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    fitted = [name for name in PROFILES if name != args.hold_out]
    sizes = {"n_registry": args.registry, "n_queries": args.queries, "seed": args.seed}
    t0 = time.perf_counter()
    first = fit(*training_pairs(**sizes, model=None, profiles=fitted))  # ranked by names
    model = fit(*training_pairs(**sizes, model=first, profiles=fitted))
    model = completed(model, **sizes, profiles=fitted)
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / "model.json"
    trained_on = f"synthetic: profiles {', '.join(fitted)}; {args.hold_out} held out"
    model.save(path, trained_on=trained_on)
    print(f"fitted on {', '.join(fitted)} in {time.perf_counter() - t0:.0f} s: {path}")
    runs = [("tracing_dedupe.py", args.hold_out)] + [("tracing_match.py", p) for p in PROFILES]
    for script, profile in runs:
        command = [sys.executable, str(BENCH / script), "--profile", profile, "--model", str(path)]
        subprocess.run(command, check=True)  # noqa: S603  # our own scripts, no shell


if __name__ == "__main__":
    main()
