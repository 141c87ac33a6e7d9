"""A key or witness file that cannot be used is a set-up error that names its setting, not a
traceback from deep in a command."""

from collections.abc import Callable

import pytest
from django.core.exceptions import ImproperlyConfigured

from kinhaven.audit import signing, witness
from kinhaven.core import keys

# Each key file's setting, what loads it, and content it cannot use.
KEY_FILES: list[tuple[str, Callable[[], object], bytes]] = [
    ("KINHAVEN_AUDIT_KEY_FILE", signing.load_private_key, b"-----BEGIN PRIVATE KEY-----\nno\n"),
    ("KINHAVEN_KEK_FILE", keys.load_kek, b"0123456789"),  # not 32 bytes
]


@pytest.mark.parametrize("kind", ["content it cannot use", "a folder"])
@pytest.mark.parametrize(("setting", "load", "content"), KEY_FILES)
def test_a_key_file_that_cannot_be_used_names_its_setting(
    settings, tmp_path, setting, load, content, kind
) -> None:
    path = tmp_path / "key"
    if kind == "a folder":
        path.mkdir()
    else:
        path.write_bytes(content)
    setattr(settings, setting, str(path))
    with pytest.raises(ImproperlyConfigured, match=setting):
        load()


def test_a_witness_in_a_folder_that_does_not_exist_names_its_setting(settings, tmp_path) -> None:
    settings.KINHAVEN_AUDIT_WITNESS_FILE = str(tmp_path / "nowhere" / "audit-witness.jsonl")
    with (
        pytest.raises(ImproperlyConfigured, match="KINHAVEN_AUDIT_WITNESS_FILE"),
        witness.witness_locked(),
    ):
        pass  # pragma: no cover  # refused on entry
