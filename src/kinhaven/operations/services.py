"""Backup and restore of a whole instance: the database and the private files, in one file.

The keys that live outside the database (the audit signing key, the audit witness, the exchange
keys and the backup key itself) are never in a backup: keep them apart (docs/operations.md).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import time as clock
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _

from kinhaven.core import time
from kinhaven.missing.photos import photo_storage
from kinhaven.operations import archive
from kinhaven.operations.keys import BackupError, key_load

ENGINES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    seconds: float
    rows: int
    tables: int
    files: int


@dataclass(frozen=True)
class RestoreResult:
    seconds: float
    rows: int
    tables: int
    files: int
    engine: str


def private_root() -> Path:
    """The folder of the private files (photos); object storage is backed up by its own tools."""
    storage = photo_storage()
    if not isinstance(storage, FileSystemStorage):
        raise BackupError(
            _("The private files are not in a local folder: back up their store with its tools.")
        )
    return Path(storage.location)


def _private_files(root: Path) -> Iterator[tuple[str, Path]]:
    if not root.exists():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path.relative_to(root).as_posix(), path


@contextmanager
def _scratch_folder(parent: Path, prefix: str) -> Iterator[Path]:
    """A folder of the owner's only, removed with all it holds whatever happens."""
    parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    folder = parent / f".{prefix}-{secrets.token_hex(6)}"
    folder.mkdir(mode=0o700)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _count_rows(cursor: Any, tables: list[str], quote: Callable[[str], str]) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608  # nosec B608  # quoted table names from the catalogue
        counts[table] = int(cursor.fetchone()[0])
    return counts


def _migration_heads(cursor: Any) -> dict[str, str]:
    """The latest migration applied, per app."""
    cursor.execute("SELECT app, name FROM django_migrations")
    heads: dict[str, str] = {}
    for app, name in cursor.fetchall():
        heads[app] = max(heads.get(app, ""), name)
    return heads


def _sqlite_quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sqlite_tables(db: sqlite3.Connection) -> list[str]:
    rows = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return [str(row[0]) for row in rows]


def _sqlite_dump(target: Path) -> tuple[dict[str, int], dict[str, str]]:
    """Copy the live database with SQLite's online backup; count rows in the copy."""
    source = sqlite3.connect(settings.DATABASES["default"]["NAME"])
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        # The copy is one file: no write-ahead log beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
        cursor = copy.cursor()
        counts = _count_rows(cursor, _sqlite_tables(copy), _sqlite_quote)
        heads = _migration_heads(cursor)
    finally:
        copy.close()
        source.close()
    return counts, heads


def pg_environment() -> dict[str, str]:
    """libpq's environment for the configured database; the password never on a command line."""
    db: dict[str, Any] = dict(settings.DATABASES["default"])
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            env[name] = str(db[key])
    env["PGDATABASE"] = str(db["NAME"])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    options = db.get("OPTIONS", {})
    for option, name in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")):
        if options.get(option):
            env[name] = str(options[option])
    return env


def _run(args: list[str]) -> None:
    done = subprocess.run(  # noqa: S603  # fixed PostgreSQL tools, no shell
        args, env=pg_environment(), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        # The tools' messages name objects and connections, not row values.
        raise BackupError(
            _("%(tool)s failed: %(error)s")
            % {"tool": args[0], "error": done.stderr.strip()[-1500:]}
        )


def _pg_dump(target: Path) -> tuple[dict[str, int], dict[str, str]]:
    """pg_dump the configured database; count rows in the same snapshot as the dump."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        tables = connection.introspection.table_names(cursor)
        counts = _count_rows(cursor, tables, connection.ops.quote_name)
        heads = _migration_heads(cursor)
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-password",
                f"--snapshot={snapshot}",
                f"--file={target}",
            ]
        )
    return counts, heads


def default_output() -> Path:
    stamp = time.now().strftime("%Y%m%dT%H%M%SZ")
    return Path(settings.VAR_DIR) / "backups" / f"kinhaven-{stamp}.khbak"


def backup_create(*, output: Path | None = None) -> BackupResult:
    """Write one encrypted backup of the database and the private files."""
    started = clock.monotonic()
    engine = connection.vendor
    if engine not in ENGINES:
        raise BackupError(_("Backups support SQLite and PostgreSQL only."))
    key = key_load(create=True)
    root = private_root()
    path = (output or default_output()).resolve()
    if path.exists():
        raise BackupError(_("%(path)s exists already: give another --output.") % {"path": path})
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    try:
        with _scratch_folder(Path(settings.VAR_DIR), "backup") as scratch:
            dump = scratch / ENGINES[engine]
            counts, heads = (_sqlite_dump if engine == "sqlite" else _pg_dump)(dump)
            metadata = {
                "format": archive.VERSION,
                "engine": engine,
                "created_at": time.now().isoformat(),
                "migrations": heads,
                "counts": counts,
                "database": {"name": dump.name, "sha256": archive.file_sha256(dump)},
            }
            with archive.archive_write(partial, key) as writer:
                writer.add_bytes(archive.METADATA, json.dumps(metadata, indent=1).encode())
                writer.add_file(dump.name, dump)
                dump.unlink()  # no plaintext copy longer than needed
                for relative, file_path in _private_files(root):
                    writer.add_private_file(relative, file_path)
                files = len(writer.manifest)
        partial.rename(path)
    finally:
        partial.unlink(missing_ok=True)
    return BackupResult(
        path=path,
        size=path.stat().st_size,
        seconds=clock.monotonic() - started,
        rows=sum(counts.values()),
        tables=len(counts),
        files=files,
    )


def _kinhaven_tables() -> set[str]:
    return {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model.__module__.startswith("kinhaven.")
    }


def _refuse_unless_empty(root: Path) -> None:
    """Restore only into a new instance: nothing of Kinhaven in the database, no private file."""
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        filled = [
            table
            for table in sorted(_kinhaven_tables() & existing)
            if _count_rows(cursor, [table], connection.ops.quote_name)[table]
        ]
    if filled:
        raise BackupError(
            _(
                "The database is not empty (%(count)s Kinhaven tables hold rows, such as "
                "%(table)s): restore only into a new instance, before any migrate."
            )
            % {"count": len(filled), "table": filled[0]}
        )
    if connection.vendor == "postgresql" and existing:
        raise BackupError(
            _(
                "The database holds tables already: restore into a newly created, empty "
                "database (createdb), before any migrate."
            )
        )
    if next(_private_files(root), None) is not None:
        raise BackupError(
            _("The private files folder %(path)s holds files: restore only into a new instance.")
            % {"path": root}
        )


def _check_unpacked(unpacked: archive.Unpacked) -> None:
    metadata = unpacked.metadata
    if metadata.get("engine") != connection.vendor:
        raise BackupError(
            _("This is a backup of a %(theirs)s database; this instance runs on %(ours)s.")
            % {"theirs": metadata.get("engine"), "ours": connection.vendor}
        )
    if archive.file_sha256(unpacked.database) != metadata.get("database", {}).get("sha256"):
        raise BackupError(_("The database in the backup does not match its recorded SHA-256."))
    expected = {entry["path"]: (entry["size"], entry["sha256"]) for entry in unpacked.manifest}
    if expected != unpacked.files:
        differ = sorted(set(expected.items()) ^ set(unpacked.files.items()))
        raise BackupError(
            _("%(count)s private files do not match the manifest, such as %(path)s.")
            % {"count": len(differ), "path": differ[0][0]}
        )
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = sorted(
        f"{app}.{name}"
        for app, name in metadata.get("migrations", {}).items()
        if (app, name) not in known
    )
    if unknown:
        raise BackupError(
            _(
                "The backup was made by a newer Kinhaven (migration %(migration)s is unknown "
                "here): upgrade this instance first."
            )
            % {"migration": unknown[0]}
        )


def _sqlite_restore(database: Path) -> None:
    target = Path(settings.DATABASES["default"]["NAME"])
    connection.close()
    check = sqlite3.connect(database)
    try:
        result = check.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        check.close()
    if result != "ok":
        raise BackupError(_("The database in the backup fails SQLite's integrity check."))
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.move(database, target)


def _pg_restore(database: Path) -> None:
    connection.close()
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-acl",
            "--no-password",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={settings.DATABASES['default']['NAME']}",
            str(database),
        ]
    )


def _counts_now() -> dict[str, int]:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        return _count_rows(cursor, tables, connection.ops.quote_name)


def backup_restore(*, path: Path) -> RestoreResult:
    """Restore a backup into an empty instance; check the files and the row counts after."""
    started = clock.monotonic()
    if not path.is_file():
        raise BackupError(_("No backup file at %(path)s.") % {"path": path})
    key = key_load(create=False)
    root = private_root()
    _refuse_unless_empty(root)
    with _scratch_folder(Path(settings.VAR_DIR), "restore") as scratch:
        unpacked = archive.archive_unpack(path, key, scratch)
        _check_unpacked(unpacked)
        if connection.vendor == "sqlite":
            _sqlite_restore(unpacked.database)
        else:
            _pg_restore(unpacked.database)
        for relative in sorted(unpacked.files):
            target = root.joinpath(*relative.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(scratch / "files" / relative, target)
    restored = {
        relative: (p.stat().st_size, archive.file_sha256(p)) for relative, p in _private_files(root)
    }
    if restored != unpacked.files:
        raise BackupError(_("The private files restored differ from the manifest."))
    counts = _counts_now()
    expected = unpacked.metadata.get("counts", {})
    differ = sorted(table for table in expected if counts.get(table) != expected[table])
    if differ:
        raise BackupError(
            _("%(count)s tables hold other row counts than the backup recorded, such as %(table)s.")
            % {"count": len(differ), "table": differ[0]}
        )
    return RestoreResult(
        seconds=clock.monotonic() - started,
        rows=sum(expected.values()),
        tables=len(expected),
        files=len(restored),
        engine=connection.vendor,
    )
