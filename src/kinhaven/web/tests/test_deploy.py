"""Production settings: Django's deployment checks pass, and missing secrets stop start-up."""

import secrets

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kinhaven.conftest import kinhaven_command


def _key_file(tmp_path) -> str:
    key = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path = tmp_path / "audit-key.pem"
    path.write_bytes(key)
    return str(path)


def test_deploy_checks_pass_under_production_settings(tmp_path) -> None:
    result = kinhaven_command(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        KINHAVEN_ENV="production",
        KINHAVEN_SECRET_KEY=secrets.token_urlsafe(64),
        KINHAVEN_ALLOWED_HOSTS="kinhaven.example.org",
        KINHAVEN_VAR_DIR=str(tmp_path),
        KINHAVEN_AUDIT_KEY_FILE=_key_file(tmp_path),
        KINHAVEN_CACHE_URL="redis://127.0.0.1:6379/1",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_checks_demand_a_shared_cache_for_the_report_rate_limit(tmp_path) -> None:
    result = kinhaven_command(
        "check",
        "--deploy",
        KINHAVEN_ENV="production",
        KINHAVEN_SECRET_KEY=secrets.token_urlsafe(64),
        KINHAVEN_ALLOWED_HOSTS="kinhaven.example.org",
        KINHAVEN_VAR_DIR=str(tmp_path),
        KINHAVEN_AUDIT_KEY_FILE=_key_file(tmp_path),
    )
    assert result.returncode != 0
    assert "django_ratelimit.E003" in result.stderr


def test_deploy_checks_demand_the_audit_signing_key(tmp_path) -> None:
    result = kinhaven_command(
        "check",
        "--deploy",
        KINHAVEN_ENV="production",
        KINHAVEN_SECRET_KEY=secrets.token_urlsafe(64),
        KINHAVEN_ALLOWED_HOSTS="kinhaven.example.org",
        KINHAVEN_VAR_DIR=str(tmp_path),
    )
    assert result.returncode != 0
    assert "kinhaven.E001" in result.stderr


def test_production_refuses_to_start_without_its_secret(tmp_path) -> None:
    result = kinhaven_command("check", KINHAVEN_ENV="production", KINHAVEN_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "KINHAVEN_SECRET_KEY must be set in production" in result.stderr
