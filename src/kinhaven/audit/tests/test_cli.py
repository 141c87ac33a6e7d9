"""`kinhaven migrate` and `kinhaven db_roles` connect as the owner; everything else does not."""

import os
import subprocess
import sys


def _kinhaven(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("KINHAVEN_")}
    clean.pop("DATABASE_URL", None)
    return subprocess.run(  # noqa: S603  # our own command, fixed arguments
        [sys.executable, "-m", "kinhaven.cli", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_only_migrate_and_db_roles_use_the_owner_url(tmp_path) -> None:
    owner_db = tmp_path / "owner.sqlite3"
    env = {"KINHAVEN_VAR_DIR": str(tmp_path), "KINHAVEN_DB_OWNER_URL": f"sqlite:///{owner_db}"}
    result = _kinhaven("migrate", "contenttypes", "--noinput", **env)
    assert result.returncode == 0, result.stderr
    assert owner_db.is_file()
    assert not (tmp_path / "kinhaven.sqlite3").exists()
    result = _kinhaven("showmigrations", "contenttypes", **env)
    assert result.returncode == 0, result.stderr
    assert "[ ] 0001_initial" in result.stdout  # the application's own database, not migrated
