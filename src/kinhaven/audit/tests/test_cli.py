"""`kinhaven migrate` and `kinhaven db_roles` connect as the owner; everything else does not."""

from kinhaven.conftest import kinhaven_command


def test_only_migrate_and_db_roles_use_the_owner_url(tmp_path) -> None:
    owner_db = tmp_path / "owner.sqlite3"
    env = {"KINHAVEN_VAR_DIR": str(tmp_path), "KINHAVEN_DB_OWNER_URL": f"sqlite:///{owner_db}"}
    result = kinhaven_command("migrate", "contenttypes", "--noinput", **env)
    assert result.returncode == 0, result.stderr
    assert owner_db.is_file()
    assert not (tmp_path / "kinhaven.sqlite3").exists()
    result = kinhaven_command("showmigrations", "contenttypes", **env)
    assert result.returncode == 0, result.stderr
    assert "[ ] 0001_initial" in result.stdout  # the application's own database, not migrated
