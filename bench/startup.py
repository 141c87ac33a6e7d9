"""How long a process takes to load the application, and what it loads.

    .venv/bin/python bench/startup.py [--runs 5]

Runs `kinhaven check` (the system checks load every URL, so the whole application) `--runs`
times in fresh processes, on SQLite in a temporary folder, and prints the median and the range
of their wall times; then, in one process, the time of the OpenAPI document at
/api/v1/openapi.json, the first request and the next ones, and which of the heavy libraries
the loaded application holds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

PROBE = """
import sys, time
from django.conf import settings
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
client = Client()
times = []
for _ in range(4):
    start = time.perf_counter()
    answer = client.get("/api/v1/openapi.json", headers={"host": "127.0.0.1"})
    times.append(time.perf_counter() - start)
    assert answer.status_code == 200, answer.status_code
print("openapi.json: first %.3f s, then %s s" % (times[0], " ".join("%.3f" % t for t in times[1:])))
heavy = ("altair", "openpyxl", "anonlink", "reportlab", "psycopg", "numpy", "sklearn", "pandas")
print("loaded after the first request:", " ".join(m for m in heavy if m in sys.modules) or "none")
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KINHAVEN_")}
    env.pop("DATABASE_URL", None)
    with tempfile.TemporaryDirectory() as var:
        env["KINHAVEN_VAR_DIR"] = var
        command = [sys.executable, "-m", "kinhaven.cli"]
        walls = []
        for _ in range(args.runs):
            start = time.perf_counter()
            subprocess.run([*command, "check"], env=env, check=True, capture_output=True)  # noqa: S603  # our own command
            walls.append(time.perf_counter() - start)
        print(
            f"kinhaven check, {args.runs} runs: median {statistics.median(walls):.2f} s "
            f"({min(walls):.2f} to {max(walls):.2f} s)"
        )
        probe = subprocess.run(  # noqa: S603  # our own command
            [*command, "shell", "-c", PROBE], env=env, check=True, capture_output=True, text=True
        )
        print("\n".join(probe.stdout.splitlines()[-2:]))


if __name__ == "__main__":
    main()
