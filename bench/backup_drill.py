"""Restore drill: back up an instance, destroy it, restore it, and show that nothing was lost.

    PYTHONPATH=src .venv/bin/python bench/backup_drill.py [--children N] [--files N]

SQLite by default; with DATABASE_URL naming a PostgreSQL database, the drill works in a scratch
database beside it (`<name>_drill_<random>`, created and dropped here). A fresh instance in a
temporary folder is migrated and filled by `kinhaven demo`, given a few private files and a
signed audit checkpoint; rows per table and file hashes are recorded; `kinhaven backup` runs;
the instance is destroyed (database and folder); the keys kept outside the database (backup
key, audit signing key, audit witness) are put back, as an operator keeps them apart; `kinhaven
restore` runs; counts and hashes are compared and `kinhaven audit verify` must pass.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import dj_database_url

SRC = Path(__file__).resolve().parent.parent / "src"
COUNT_ROWS = """
import json
from django.db import connection
with connection.cursor() as c:
    tables = connection.introspection.table_names(c)
    counts = {}
    for t in sorted(tables):
        c.execute("SELECT COUNT(*) FROM " + connection.ops.quote_name(t))
        counts[t] = c.fetchone()[0]
print(json.dumps(counts))
"""
# Kept outside the database by the operator, not in the backup.
KEPT_APART = ("keys/backup.key", "keys/kek.key", "audit-signing-key.pem", "audit-witness.jsonl")


def run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(  # noqa: S603  # our own command, fixed arguments
        [sys.executable, "-m", "kinhaven.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"kinhaven {args[0]} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def pg_tool(url: str, tool: str, name: str) -> None:
    db = dj_database_url.parse(url)
    env = {**os.environ}
    env.update({"PGHOST": str(db["HOST"] or ""), "PGPORT": str(db["PORT"] or "")})
    if db.get("USER"):
        env["PGUSER"] = str(db["USER"])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    subprocess.run([tool, "--maintenance-db=postgres", name], env=env, check=True)  # noqa: S603


def file_hashes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=200)
    parser.add_argument("--files", type=int, default=20, help="private files of 256 KiB")
    args = parser.parse_args()

    base_url = os.environ.get("DATABASE_URL", "")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("KINHAVEN_", "DATABASE_URL"))}
    work = Path(tempfile.mkdtemp(prefix="kinhaven-drill-"))
    var = work / "var"
    env = {**clean, "PYTHONPATH": str(SRC), "KINHAVEN_VAR_DIR": str(var)}
    scratch_db = ""
    if base_url:
        db = dj_database_url.parse(base_url)
        scratch_db = f"{db['NAME']}_drill_{secrets.token_hex(4)}"
        env["DATABASE_URL"] = base_url.rsplit("/", 1)[0] + "/" + scratch_db
        pg_tool(base_url, "createdb", scratch_db)
    engine = "postgresql" if base_url else "sqlite"
    try:
        started = time.monotonic()
        run(env, "migrate", "-v0")
        run(env, "demo", "--children", str(args.children))
        private = var / "private" / "drill"
        private.mkdir(parents=True)
        for number in range(args.files):
            (private / f"file-{number:03}.bin").write_bytes(os.urandom(256 * 1024))
        run(env, "audit", "checkpoint")
        print(
            f"instance ready ({engine}, {args.children} demo children) in "
            f"{time.monotonic() - started:.1f} s"
        )

        counts = json.loads(run(env, "shell", "-c", COUNT_ROWS).strip().splitlines()[-1])
        hashes = file_hashes(var / "private")
        backup = work / "drill.khbak"
        started = time.monotonic()
        out = run(env, "backup", "--output", str(backup))
        backup_wall = time.monotonic() - started
        backup_own = float(re.search(r"time: ([\d.]+) s", out).group(1))  # type: ignore[union-attr]

        kept = work / "kept"
        for name in KEPT_APART:
            if (var / name).exists():
                (kept / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(var / name, kept / name)
        # Destroy the instance.
        shutil.rmtree(var)
        if base_url:
            pg_tool(base_url, "dropdb", scratch_db)
            pg_tool(base_url, "createdb", scratch_db)
        var.mkdir()
        for name in KEPT_APART:
            if (kept / name).exists():
                (var / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(kept / name, var / name)

        started = time.monotonic()
        out = run(env, "restore", str(backup))
        restore_wall = time.monotonic() - started
        restore_own = float(re.search(r"time: ([\d.]+) s", out).group(1))  # type: ignore[union-attr]

        counts_after = json.loads(run(env, "shell", "-c", COUNT_ROWS).strip().splitlines()[-1])
        hashes_after = file_hashes(var / "private")
        verify = run(env, "audit", "verify").strip()
        if counts_after != counts:
            differ = sorted(t for t in counts if counts_after.get(t) != counts[t])
            raise SystemExit(f"row counts differ after restore: {differ}")
        if hashes_after != hashes:
            raise SystemExit("private files differ after restore")
        size = backup.stat().st_size
        print(f"engine: {engine}")
        print(
            f"rows: {sum(counts.values()):,} in {len(counts)} tables "
            f"(children: {counts.get('children_child', 0):,})"
        )
        print(
            f"private files: {len(hashes)}, "
            f"{sum((var / 'private' / p).stat().st_size for p in hashes):,} bytes"
        )
        print(
            f"backup: {backup_own:.2f} s ({backup_wall:.2f} s with the command's start), "
            f"{size:,} bytes"
        )
        print(f"restore: {restore_own:.2f} s ({restore_wall:.2f} s with the command's start)")
        print("counts equal, file hashes equal")
        print(verify)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if scratch_db:
            pg_tool(base_url, "dropdb", scratch_db)


if __name__ == "__main__":
    main()
