"""Where the photos of missing children are kept: the storage named "private" in STORAGES if the
deployment gives one (object storage in production), else a folder under VAR_DIR that the web
server does not serve. A photo is read only through the access-checked view."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import FileSystemStorage, Storage, storages

MAX_PHOTO_BYTES = 5 * 1024 * 1024
# The kinds of image taken, by their first bytes: the upload's name and stated type are not
# trusted.
SIGNATURES = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}


def photo_storage() -> Storage:
    if "private" in settings.STORAGES:
        return storages["private"]
    return FileSystemStorage(location=Path(settings.VAR_DIR) / "private", base_url=None)


def photo_kind(head: bytes) -> str | None:
    """The image type the first bytes show, or None for anything else."""
    return next((kind for sig, kind in SIGNATURES.items() if head.startswith(sig)), None)


def photo_save(upload: File) -> str:  # type: ignore[type-arg]  # any file-like upload
    """Store the photo under a random name (no name of the child, no upload's name)."""
    upload.seek(0)
    return photo_storage().save(f"missing/{uuid.uuid4().hex}", upload)


def photo_delete(name: str) -> None:
    """Remove a stored photo (replaced, or its write undone)."""
    photo_storage().delete(name)


def photo_read(name: str) -> bytes:
    with photo_storage().open(name, "rb") as handle:
        data: bytes = handle.read()
    return data
