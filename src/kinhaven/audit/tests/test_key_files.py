"""A key or witness file that cannot be used is a set-up error that names its setting, not a
traceback from deep in a command."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from kinhaven.audit import signing, witness
from kinhaven.core import keys


@pytest.mark.parametrize("kind", ["not a key", "a folder"])
def test_an_audit_key_that_cannot_be_read_names_its_setting(settings, tmp_path, kind) -> None:
    path = tmp_path / "audit-signing-key.pem"
    if kind == "a folder":
        path.mkdir()
    else:
        path.write_bytes(b"-----BEGIN PRIVATE KEY-----\nnot a key\n")
    settings.KINHAVEN_AUDIT_KEY_FILE = str(path)
    with pytest.raises(ImproperlyConfigured, match="KINHAVEN_AUDIT_KEY_FILE"):
        signing.load_private_key()


def test_a_witness_in_a_folder_that_does_not_exist_names_its_setting(settings, tmp_path) -> None:
    settings.KINHAVEN_AUDIT_WITNESS_FILE = str(tmp_path / "nowhere" / "audit-witness.jsonl")
    with (
        pytest.raises(ImproperlyConfigured, match="KINHAVEN_AUDIT_WITNESS_FILE"),
        witness.witness_locked(),
    ):
        pass  # pragma: no cover  # refused on entry


@pytest.mark.parametrize("kind", ["too short", "a folder"])
def test_a_key_encryption_key_that_cannot_be_used_names_its_setting(
    settings, tmp_path, kind
) -> None:
    path = tmp_path / "kek.key"
    if kind == "a folder":
        path.mkdir()
    else:
        path.write_bytes(b"0123456789")
    settings.KINHAVEN_KEK_FILE = str(path)
    with pytest.raises(ImproperlyConfigured, match="KINHAVEN_KEK_FILE"):
        keys.load_kek()
