"""Where and how interview recordings are kept: encrypted in fixed plaintext segments, each an
object of its own in private storage under the recording's random name.

Segment i of a recording holds plaintext bytes [i * segment_size, (i + 1) * segment_size) sealed
with AES-256-GCM under the recording's own key: nonce = the recording's 8-byte random prefix ||
i as 4 bytes big-endian; associated data = the recording's public id (16 bytes) || i as 8 bytes
|| 1 if it is the last segment else 0. A segment moved to another place, another recording or
the end of the file fails authentication, and so does a file cut after a whole segment.
The key is wrapped by the KEK (kinhaven.core.keys) and stored beside the recording's row.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Iterator
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, storages

from kinhaven.core.keys import data_key_new, key_unwrap

SEGMENT_SIZE = 1024 * 1024
NONCE_PREFIX_BYTES = 8
TAG_BYTES = 16
# The largest recording taken: 64 GiB (segment indexes stay far below 2**32).
MAX_RECORDING_BYTES = 64 * 1024**3

# The media types taken, and how their first bytes look: a stated type is not trusted.
MEDIA_TYPES = ("video/mp4", "video/webm", "audio/mpeg", "audio/mp4", "audio/webm", "audio/wav")


def signature_matches(media_type: str, head: bytes) -> bool:
    """Whether the first bytes of a file show the media type stated for it."""
    if media_type in {"video/mp4", "audio/mp4"}:
        return head[4:8] == b"ftyp"
    if media_type in {"video/webm", "audio/webm"}:
        return head.startswith(b"\x1a\x45\xdf\xa3")  # EBML header
    if media_type == "audio/mpeg":
        # An ID3 tag, or an MPEG audio frame sync (11 bits set).
        return head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] >= 0xE0)
    if media_type == "audio/wav":
        return head[:4] == b"RIFF" and head[8:12] == b"WAVE"
    return False


def recording_storage() -> Storage:
    """The storage named "private" in STORAGES if the deployment gives one, else a folder under
    VAR_DIR that the web server does not serve."""
    if "private" in settings.STORAGES:
        return storages["private"]
    return FileSystemStorage(location=Path(settings.VAR_DIR) / "private", base_url=None)


def new_storage_name() -> str:
    """A random name: nothing of the child, the interview or the upload."""
    return f"recordings/{uuid.uuid4().hex}"


def new_key() -> tuple[bytes, bytes]:
    """A fresh 256-bit recording key, wrapped by the KEK, and a random nonce prefix."""
    _key, wrapped = data_key_new()
    return wrapped, secrets.token_bytes(NONCE_PREFIX_BYTES)


def segment_count(size: int, segment_size: int) -> int:
    return -(-size // segment_size)


class SegmentStore:
    """The encrypted segments of one recording: write whole segments, read plaintext back."""

    def __init__(
        self,
        *,
        public_id: uuid.UUID,
        storage_name: str,
        wrapped_key: bytes,
        nonce_prefix: bytes,
        segment_size: int,
        size: int,
    ) -> None:
        self.public_id = public_id
        self.storage_name = storage_name
        self.aead = AESGCM(key_unwrap(bytes(wrapped_key)))
        self.nonce_prefix = bytes(nonce_prefix)
        self.segment_size = segment_size
        self.size = size
        self.last = segment_count(size, segment_size) - 1
        self.storage = recording_storage()

    def name(self, index: int) -> str:
        return f"{self.storage_name}/{index:08d}"

    def _nonce(self, index: int) -> bytes:
        return self.nonce_prefix + index.to_bytes(4, "big")

    def _aad(self, index: int) -> bytes:
        return self.public_id.bytes + index.to_bytes(8, "big") + bytes([index == self.last])

    def write(self, index: int, plaintext: bytes) -> None:
        """Seal and store segment `index` (replacing what an interrupted write left there)."""
        expected = min(self.segment_size, self.size - index * self.segment_size)
        if len(plaintext) != expected:
            raise ValueError("a segment is written whole")
        sealed = self.aead.encrypt(self._nonce(index), plaintext, self._aad(index))
        name = self.name(index)
        if self.storage.exists(name):
            self.storage.delete(name)
        saved = self.storage.save(name, ContentFile(sealed))
        if saved != name:
            raise RuntimeError("the storage did not keep the segment's name")

    def read(self, index: int) -> bytes:
        """The plaintext of segment `index`; InvalidTag if it was changed or moved."""
        with self.storage.open(self.name(index), "rb") as handle:
            sealed: bytes = handle.read()
        return self.aead.decrypt(self._nonce(index), sealed, self._aad(index))

    def plaintext(self, start: int, end: int) -> Iterator[bytes]:
        """Plaintext bytes [start, end] (inclusive), decrypting only the segments they span."""
        first, last = start // self.segment_size, end // self.segment_size
        for index in range(first, last + 1):
            data = self.read(index)
            base = index * self.segment_size
            yield data[max(start - base, 0) : end - base + 1]

    def sha256(self) -> str:
        """The SHA-256 of the whole plaintext, streamed through the decrypted segments."""
        digest = hashlib.sha256()
        for index in range(self.last + 1):
            digest.update(self.read(index))
        return digest.hexdigest()
