"""`make test` runs the tests that use no database once, on PostgreSQL's half (conftest's
KINHAVEN_TESTS_DATABASE_ONLY): none may be lost on the way."""

import os
import subprocess
import sys
from pathlib import Path

import kinhaven

PACKAGE = Path(kinhaven.__file__).resolve().parent
FILES = (
    "core/tests/test_dates.py",  # no database
    "stats/tests/test_charts.py",  # no database, and one browser test, run on SQLite only
    "cases/tests/test_closure.py",  # the database
)


def _collected(**env: str) -> set[str]:
    clean = {k: v for k, v in os.environ.items() if k != "KINHAVEN_TESTS_DATABASE_ONLY"}
    done = subprocess.run(  # noqa: S603  # pytest, fixed arguments
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
         "-o", "addopts=", *(str(PACKAGE / f) for f in FILES)],
        env={**clean, **env}, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return {line.split("/tests/", 1)[1] for line in done.stdout.splitlines() if "::" in line}


def test_the_sqlite_half_leaves_out_only_tests_without_a_database() -> None:
    every = _collected()
    sqlite_half = _collected(KINHAVEN_TESTS_DATABASE_ONLY="browser or matrix")
    left = every - sqlite_half
    assert sqlite_half < every
    assert {name.split("::")[0] for name in left} == {"test_dates.py", "test_charts.py"}
    assert not any(name.startswith("test_closure.py") for name in left)
    assert "test_charts.py::test_charts_are_drawn_under_the_content_security_policy" in sqlite_half
