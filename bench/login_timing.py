"""Benchmark: the token endpoint answers a wrong password for a known account and for an
unknown one in the same time, so timing does not reveal which accounts exist. Prints figures.

Usage: .venv/bin/python bench/login_timing.py [ROUNDS]   (default 30 per case)
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 30


def main() -> None:
    os.environ["KINHAVEN_VAR_DIR"] = tempfile.mkdtemp(prefix="kinhaven-bench-")
    os.environ.pop("DATABASE_URL", None)
    # Lockout would stop the measurement; it is measured elsewhere.
    os.environ["KINHAVEN_LOGIN_FAILURE_LIMIT"] = str(ROUNDS * 10)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinhaven.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("demo", children=0, stdout=quiet)
    client = Client()

    def attempt(username: str) -> float:
        start = time.perf_counter()
        response = client.post(
            "/api/v1/auth/token",
            {"username": username, "password": "wrong-password", "otp": "000000"},
            content_type="application/json",
        )
        elapsed = time.perf_counter() - start
        if response.status_code != 401:
            raise SystemExit(f"unexpected answer {response.status_code}")
        return elapsed

    known, unknown = [], []
    for i in range(ROUNDS):
        known.append(attempt("caseworker"))
        unknown.append(attempt(f"nobody-{i}"))
    for label, values in (("known account", known), ("unknown account", unknown)):
        print(
            f"{label:<16} median {statistics.median(values) * 1000:7.1f} ms"
            f"  p95 {sorted(values)[int(len(values) * 0.95) - 1] * 1000:7.1f} ms"
        )
    ratio = statistics.median(unknown) / statistics.median(known)
    print(f"unknown/known median ratio: {ratio:.2f} (target: between 0.8 and 1.25)")


if __name__ == "__main__":
    main()
