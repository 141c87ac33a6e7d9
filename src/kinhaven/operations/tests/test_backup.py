"""`kinhaven backup` and `kinhaven restore` between instances, each a process with its own
folder and database: a backup restores into an empty instance whole (rows, files, audit chain);
a tampered file, a wrong key and a non-empty target are refused and nothing is restored; the
backup file carries no plaintext."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import dj_database_url
import pytest

import kinhaven

SRC = str(Path(kinhaven.__file__).resolve().parent.parent)
CANARY = "Quillonvetra"
# In a health note: encrypted field by field, so in neither the database file nor the backup.
HEALTH_CANARY = "Morvantelic-asthma"
REGISTER = f"""
from kinhaven.accounts.enums import OrganisationType, RoleCode
from kinhaven.accounts.services import (
    agency_create, roles_ensure_defaults, team_create, user_create)
from kinhaven.cases.services import case_open
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
roles_ensure_defaults()
agency = agency_create(name="Agency One", country="AUT",
                       organisation_type=OrganisationType.SOCIAL_SERVICES)
team = team_create(agency=agency, name="Team A")
actor = user_create(username="caseworker", password="a long backup test password",
                    role=RoleCode.CASEWORKER, agency=agency, team=team, email="c@example.org")
data = {{"given_name": "{CANARY}", "family_name": "Zephyrine", "sex": "F",
        "date_of_birth": "2012-03-04", "health_notes": "{HEALTH_CANARY}"}}
case_open(actor=actor, child=child_register(actor=actor, data=ChildIn.model_validate(data)))
"""
COUNT_ROWS = """
import json
from django.db import connection
with connection.cursor() as c:
    counts = {}
    for t in sorted(connection.introspection.table_names(c)):
        c.execute("SELECT COUNT(*) FROM " + connection.ops.quote_name(t))
        counts[t] = c.fetchone()[0]
print(json.dumps(counts))
"""
KEPT_APART = (
    "keys/backup.key",
    "keys/kek.key",
    "audit-signing-key.pem",
    "audit-witness.jsonl",
)
READ_HEALTH = """
from kinhaven.children.models import Child
print(Child.objects.get().health_notes)
"""


class Instance:
    def __init__(self, var: Path, database_url: str = "") -> None:
        self.var = var
        self.var.mkdir(parents=True)
        clean = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("KINHAVEN_", "DJANGO_", "DATABASE_URL"))
        }
        self.env = {**clean, "PYTHONPATH": SRC, "KINHAVEN_VAR_DIR": str(var)}
        if database_url:
            self.env["DATABASE_URL"] = database_url

    @property
    def private(self) -> Path:
        return self.var / "private"

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603  # our own command, fixed arguments
            [sys.executable, "-m", "kinhaven.cli", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    def command(self, *args: str) -> str:
        done = self.run(*args)
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout

    def counts(self) -> dict[str, int]:
        return dict(json.loads(self.command("shell", "-c", COUNT_ROWS).strip().splitlines()[-1]))

    def files(self) -> dict[str, bytes]:
        if not self.private.exists():
            return {}
        return {
            p.relative_to(self.private).as_posix(): p.read_bytes()
            for p in self.private.rglob("*")
            if p.is_file()
        }

    def keep_keys_of(self, other: Instance) -> None:
        """Put the files kept apart from the database in place, as an operator would."""
        for name in KEPT_APART:
            if (other.var / name).exists():
                (self.var / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(other.var / name, self.var / name)


def _fill(source: Instance) -> None:
    source.command("migrate", "-v0")
    source.command("shell", "-c", REGISTER)
    (source.private / "missing").mkdir(parents=True)
    (source.private / "missing" / "photo-1").write_bytes(os.urandom(300_000))
    (source.private / "notes.txt").write_bytes(b"a private file\n")
    source.command("audit", "checkpoint")


@pytest.fixture(scope="module")
def backed_up(tmp_path_factory: pytest.TempPathFactory) -> tuple[Instance, Path]:
    root = tmp_path_factory.mktemp("backup")
    source = Instance(root / "source")
    _fill(source)
    backup = root / "instance.khbak"
    out = source.command("backup", "--output", str(backup))
    assert str(backup) in out
    assert "bytes" in out
    assert "time:" in out
    return source, backup


def _nothing_restored(target: Instance) -> None:
    assert target.files() == {}
    database = target.var / "kinhaven.sqlite3"
    assert not database.exists() or CANARY.encode() not in database.read_bytes()


@pytest.mark.instances
def test_backup_restores_into_an_empty_instance(
    backed_up: tuple[Instance, Path], tmp_path: Path
) -> None:
    source, backup = backed_up
    target = Instance(tmp_path / "target")
    target.keep_keys_of(source)
    out = target.command("restore", str(backup))
    assert "restored:" in out
    assert target.counts() == source.counts()
    assert target.files() == source.files()
    assert "audit log OK" in target.command("audit", "verify")
    # With the key-encryption key kept apart and put back, the encrypted fields open.
    assert HEALTH_CANARY in target.command("shell", "-c", READ_HEALTH)
    # No plaintext left behind by either command.
    assert not list(source.var.glob(".backup-*"))
    assert not list(target.var.glob(".restore-*"))


@pytest.mark.instances
def test_the_backup_holds_no_plaintext(backed_up: tuple[Instance, Path]) -> None:
    source, backup = backed_up
    raw = (source.var / "kinhaven.sqlite3").read_bytes()
    wal = source.var / "kinhaven.sqlite3-wal"
    raw += wal.read_bytes() if wal.exists() else b""
    assert CANARY.encode() in raw
    assert HEALTH_CANARY.encode() not in raw
    assert HEALTH_CANARY in source.command("shell", "-c", READ_HEALTH)
    assert CANARY.encode() not in backup.read_bytes()
    assert HEALTH_CANARY.encode() not in backup.read_bytes()
    assert b"a private file" not in backup.read_bytes()
    assert (source.var / "keys" / "backup.key").stat().st_mode & 0o777 == 0o600


@pytest.mark.instances
def test_a_tampered_backup_is_refused(backed_up: tuple[Instance, Path], tmp_path: Path) -> None:
    source, backup = backed_up
    tampered = tmp_path / "tampered.khbak"
    data = bytearray(backup.read_bytes())
    data[len(data) // 2] ^= 0x01
    tampered.write_bytes(bytes(data))
    target = Instance(tmp_path / "target")
    target.keep_keys_of(source)
    done = target.run("restore", str(tampered))
    assert done.returncode != 0
    assert "damaged or was changed" in done.stderr
    assert "Traceback" not in done.stderr
    _nothing_restored(target)


@pytest.mark.instances
def test_a_wrong_key_is_refused(backed_up: tuple[Instance, Path], tmp_path: Path) -> None:
    source, backup = backed_up
    target = Instance(tmp_path / "target")
    target.keep_keys_of(source)
    (target.var / "keys" / "backup.key").write_text(secrets.token_hex(32) + "\n")
    done = target.run("restore", str(backup))
    assert done.returncode != 0
    assert "another backup key" in done.stderr
    assert "Traceback" not in done.stderr
    _nothing_restored(target)


@pytest.mark.instances
def test_restore_into_a_non_empty_instance_is_refused(backed_up: tuple[Instance, Path]) -> None:
    source, backup = backed_up
    before = source.counts()
    done = source.run("restore", str(backup))
    assert done.returncode != 0
    assert "not empty" in done.stderr
    assert source.counts() == before


@pytest.mark.instances
def test_bad_input_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    target = Instance(tmp_path / "target")
    (target.var / "keys").mkdir()
    (target.var / "keys" / "backup.key").write_text(secrets.token_hex(32))
    missing = target.run("restore", str(tmp_path / "none.khbak"))
    (tmp_path / "other.khbak").write_bytes(b"not a backup at all, just some bytes")
    other = target.run("restore", str(tmp_path / "other.khbak"))
    for done, message in ((missing, "No backup file"), (other, "not a Kinhaven backup")):
        assert done.returncode != 0
        assert message in done.stderr
        assert "Traceback" not in done.stderr


def _pg_tool(url: str, tool: str, name: str) -> None:
    db = dj_database_url.parse(url)
    env = {**os.environ, "PGHOST": str(db["HOST"]), "PGPORT": str(db["PORT"] or 5432)}
    if db.get("USER"):
        env["PGUSER"] = str(db["USER"])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    subprocess.run([tool, "--maintenance-db=postgres", name], env=env, check=True)  # noqa: S603


@pytest.fixture
def scratch_databases() -> Iterator[tuple[str, str]]:
    """Two new databases beside DATABASE_URL's, dropped after the test."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("PostgreSQL only: DATABASE_URL names no PostgreSQL database")
    names = [f"kh_ops_{secrets.token_hex(4)}" for _ in range(2)]
    for name in names:
        _pg_tool(url, "createdb", name)
    try:
        base = url.rsplit("/", 1)[0]
        yield f"{base}/{names[0]}", f"{base}/{names[1]}"
    finally:
        for name in names:
            _pg_tool(url, "dropdb", name)


def test_postgresql_round_trip(scratch_databases: tuple[str, str], tmp_path: Path) -> None:
    source_url, target_url = scratch_databases
    source = Instance(tmp_path / "source", source_url)
    _fill(source)
    backup = tmp_path / "pg.khbak"
    source.command("backup", "--output", str(backup))
    assert CANARY.encode() not in backup.read_bytes()
    assert HEALTH_CANARY.encode() not in backup.read_bytes()
    # The data as psql reads them: the name in clear (it is searched), the health note not.
    table = subprocess.run(  # noqa: S603  # our own query, fixed arguments
        ["psql", source_url, "-At", "-c", "SELECT given_name, health_notes FROM children_child"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert CANARY in table
    assert HEALTH_CANARY not in table
    assert "khenc1:" in table

    target = Instance(tmp_path / "target", target_url)
    target.keep_keys_of(source)
    target.command("restore", str(backup))
    assert target.counts() == source.counts()
    assert target.files() == source.files()
    assert "audit log OK" in target.command("audit", "verify")
    assert HEALTH_CANARY in target.command("shell", "-c", READ_HEALTH)
    # A second restore finds the database filled, and the SQLite instance refuses the engine.
    assert "not empty" in target.run("restore", str(backup)).stderr
    sqlite_target = Instance(tmp_path / "sqlite")
    sqlite_target.keep_keys_of(source)
    done = sqlite_target.run("restore", str(backup))
    assert done.returncode != 0
    assert "postgresql database" in done.stderr
