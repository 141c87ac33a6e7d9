"""The backup file: a tar stream encrypted with AES-256-GCM, never held whole in memory.

Layout (all sizes in bytes):

    magic b"KHBAK\\0" (6) | format version (1) | key id (8) | nonce (12) | ciphertext | GCM tag (16)

The plaintext header is authenticated with the content (GCM associated data): changing the
version or the key id is detected like any change of the ciphertext. Until the tag has been
checked at the end of the file, nothing read from it may be trusted; a restore therefore
unpacks into a staging folder first and uses nothing before the tag has been verified.

The tar stream holds `metadata.json`, then the database (`database.sqlite3` or
`database.pgdump`), then the private files under `files/`, and `manifest.json` last: the path,
size and SHA-256 of every file, computed while it was read into the stream.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.utils.translation import gettext as _

from kinhaven.operations.keys import BackupError, key_id

MAGIC = b"KHBAK\x00"
VERSION = 1
NONCE_BYTES = 12
TAG_BYTES = 16
HEADER_BYTES = len(MAGIC) + 1 + 8 + NONCE_BYTES
CHUNK = 1024 * 1024
METADATA = "metadata.json"
MANIFEST = "manifest.json"
DATABASE_NAMES = frozenset({"database.sqlite3", "database.pgdump"})
FILES_PREFIX = "files/"


class _EncryptingWriter:
    """What tarfile writes to: each block is encrypted on its way to the file."""

    def __init__(self, out: BinaryIO, encryptor: Any) -> None:
        self.out = out
        self.encryptor = encryptor

    def write(self, data: bytes) -> int:
        self.out.write(self.encryptor.update(bytes(data)))
        return len(data)


class _HashingReader:
    """A file read into the tar stream, hashed on the way."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.sha256 = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.sha256.update(data)
        return data


class ArchiveWriter:
    """Add members to an encrypted backup being written."""

    def __init__(self, tar: tarfile.TarFile) -> None:
        self.tar = tar
        self.manifest: list[dict[str, Any]] = []

    def add_bytes(self, name: str, data: bytes) -> None:
        info = tarfile.TarInfo(name)
        info.size = len(data)
        info.mode = 0o600
        self.tar.addfile(info, io.BytesIO(data))

    def add_file(self, name: str, path: Path) -> tuple[int, str]:
        """Add a file under `name`; return its size and SHA-256 (hex), from the bytes added."""
        with path.open("rb") as handle:
            info = tarfile.TarInfo(name)
            info.size = os.fstat(handle.fileno()).st_size
            info.mode = 0o600
            reader = _HashingReader(handle)
            self.tar.addfile(info, reader)
        return info.size, reader.sha256.hexdigest()

    def add_private_file(self, relative: str, path: Path) -> None:
        size, digest = self.add_file(FILES_PREFIX + relative, path)
        self.manifest.append({"path": relative, "size": size, "sha256": digest})


@contextmanager
def archive_write(path: Path, key: bytes) -> Iterator[ArchiveWriter]:
    """Write an encrypted backup to `path` (mode 0600); the manifest is added last."""
    nonce = os.urandom(NONCE_BYTES)
    header = MAGIC + bytes([VERSION]) + key_id(key) + nonce
    encryptor = Cipher(algorithms.AES(key), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(header)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(header)
        writer = _EncryptingWriter(out, encryptor)
        with tarfile.open(fileobj=writer, mode="w|", bufsize=CHUNK) as tar:  # type: ignore[call-overload]  # tarfile only calls write()
            archive = ArchiveWriter(tar)
            yield archive
            manifest = json.dumps({"files": archive.manifest}, indent=1).encode()
            archive.add_bytes(MANIFEST, manifest)
        out.write(encryptor.finalize())
        out.write(encryptor.tag)
        out.flush()
        os.fsync(out.fileno())


class _DecryptingReader:
    """What tarfile reads from: the ciphertext between header and tag, decrypted."""

    def __init__(self, handle: BinaryIO, decryptor: Any, length: int) -> None:
        self.handle = handle
        self.decryptor = decryptor
        self.remaining = length

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            size = self.remaining
        data = self.handle.read(min(size, self.remaining))
        self.remaining -= len(data)
        return bytes(self.decryptor.update(data))

    def drain(self) -> None:
        while self.remaining:
            self.read(CHUNK)


@dataclass
class Unpacked:
    """A backup unpacked into a staging folder, its tag verified."""

    folder: Path
    metadata: dict[str, Any]
    database: Path
    # Relative path -> (size, SHA-256) of the files as unpacked.
    files: dict[str, tuple[int, str]] = field(default_factory=dict)
    manifest: list[dict[str, Any]] = field(default_factory=list)


def _member_path(name: str) -> PurePosixPath | None:
    """The member's path if it is one a backup holds and stays inside the staging folder."""
    path = PurePosixPath(name)
    if path.is_absolute() or any(part in {"", ".", ".."} for part in path.parts):
        return None
    if name in {METADATA, MANIFEST} or name in DATABASE_NAMES:
        return path
    if name.startswith(FILES_PREFIX) and len(path.parts) > 1:
        return path
    return None


def header_read(handle: BinaryIO, size: int, key: bytes) -> bytes:
    """Check the header of a backup; return its nonce."""
    header = handle.read(HEADER_BYTES)
    if (
        len(header) < HEADER_BYTES
        or size < HEADER_BYTES + TAG_BYTES
        or not header.startswith(MAGIC)
    ):
        raise BackupError(_("This is not a Kinhaven backup file."))
    if header[len(MAGIC)] != VERSION:
        raise BackupError(
            _("This backup has format version %(version)s; this Kinhaven reads version %(ours)s.")
            % {"version": header[len(MAGIC)], "ours": VERSION}
        )
    if header[len(MAGIC) + 1 : len(MAGIC) + 9] != key_id(key):
        raise BackupError(_("This backup was made with another backup key: nothing restored."))
    return header[len(MAGIC) + 9 :]


def archive_unpack(path: Path, key: bytes, folder: Path) -> Unpacked:
    """Decrypt and unpack a backup into `folder`; raise BackupError unless the GCM tag holds."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        nonce = header_read(handle, size, key)
        header = MAGIC + bytes([VERSION]) + key_id(key) + nonce
        handle.seek(size - TAG_BYTES)
        tag = handle.read(TAG_BYTES)
        handle.seek(HEADER_BYTES)
        decryptor = Cipher(algorithms.AES(key), modes.GCM(nonce, tag)).decryptor()
        decryptor.authenticate_additional_data(header)
        reader = _DecryptingReader(handle, decryptor, size - HEADER_BYTES - TAG_BYTES)
        files: dict[str, tuple[int, str]] = {}
        unreadable = False
        try:
            with tarfile.open(fileobj=reader, mode="r|", bufsize=CHUNK) as tar:  # type: ignore[call-overload]  # tarfile only calls read()
                for member in tar:
                    relative = _member_path(member.name)
                    source = tar.extractfile(member) if member.isfile() else None
                    if relative is None or source is None:
                        unreadable = True
                        break
                    target = folder.joinpath(*relative.parts)
                    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                    digest = hashlib.sha256()
                    written = 0
                    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                    with os.fdopen(fd, "wb") as out:
                        while chunk := source.read(CHUNK):
                            digest.update(chunk)
                            written += len(chunk)
                            out.write(chunk)
                    if member.name.startswith(FILES_PREFIX):
                        files[member.name[len(FILES_PREFIX) :]] = (written, digest.hexdigest())
        except (tarfile.TarError, FileExistsError, EOFError):
            unreadable = True
        reader.drain()
        try:
            decryptor.finalize()
        except InvalidTag:
            raise BackupError(
                _(
                    "The backup file is damaged or was changed (its authentication tag does not "
                    "match): nothing restored."
                )
            ) from None
    if unreadable:
        raise BackupError(_("The backup holds something other than a Kinhaven backup."))
    try:
        metadata = json.loads((folder / METADATA).read_text())
        manifest = json.loads((folder / MANIFEST).read_text())["files"]
    except (OSError, ValueError, KeyError, TypeError):
        raise BackupError(_("The backup lacks its metadata or manifest.")) from None
    databases = [folder / name for name in DATABASE_NAMES if (folder / name).exists()]
    if len(databases) != 1:
        raise BackupError(_("The backup holds no database."))
    return Unpacked(
        folder=folder, metadata=metadata, database=databases[0], files=files, manifest=manifest
    )


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
