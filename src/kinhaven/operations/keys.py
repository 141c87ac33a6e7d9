"""The backup key: 32 random bytes in a file outside the database and outside every backup."""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

KEY_BYTES = 32


class BackupError(Exception):
    """A backup or restore could not be done; the message says why, without personal data."""


def key_path() -> Path:
    configured = getattr(settings, "KINHAVEN_BACKUP_KEY_FILE", "")
    return Path(configured) if configured else Path(settings.VAR_DIR) / "keys" / "backup.key"


def key_load(*, create: bool) -> bytes:
    """Read the key (64 hexadecimal digits); make one (mode 0600) if asked and there is none."""
    path = key_path()
    if not path.exists():
        if not create:
            raise BackupError(
                _("No backup key at %(path)s: restore needs the key the backup was made with.")
                % {"path": path}
            )
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # made meanwhile by another process: read theirs
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(KEY_BYTES) + "\n")
    try:
        key = bytes.fromhex(path.read_text().strip())
    except (OSError, ValueError):
        key = b""
    if len(key) != KEY_BYTES:
        raise BackupError(
            _("The backup key file %(path)s must hold 64 hexadecimal digits (32 bytes).")
            % {"path": path}
        )
    return key


def key_id(key: bytes) -> bytes:
    """Eight bytes that name the key in a backup's header, so a wrong key is told apart from a
    damaged file; they reveal nothing of the key."""
    return hashlib.sha256(b"kinhaven backup key id\x00" + key).digest()[:8]
