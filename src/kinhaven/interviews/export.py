"""The export of a recording for a court: one ZIP, streamed, holding the decrypted file,
manifest.json (what the file is, its size and SHA-256, the interview's date and the case
reference; no name of the child), custody.json (the whole chain of custody, this export
included) and signature.json (Ed25519, the audit signing key, over the SHA-256 of manifest.json
followed by custody.json). docs/interviews.md says how a court checks it."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterator
from typing import Any

from cryptography.hazmat.primitives import serialization

from kinhaven.audit import signing
from kinhaven.core import time
from kinhaven.interviews.custody import custody_log
from kinhaven.interviews.media import SegmentStore
from kinhaven.interviews.models import Recording

FORMAT = "kinhaven-recording-export/1"
EXTENSIONS = {
    "video/mp4": "mp4",
    "video/webm": "webm",
    "audio/mpeg": "mp3",
    "audio/mp4": "m4a",
    "audio/webm": "weba",
    "audio/wav": "wav",
}


def file_name(recording: Recording) -> str:
    return f"recording-{recording.public_id}.{EXTENSIONS.get(recording.media_type, 'bin')}"


def _json(data: Any) -> bytes:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False).encode() + b"\n"


def export_documents(recording: Recording) -> dict[str, bytes]:
    """manifest.json, custody.json and signature.json of an export, as they go in the ZIP."""
    interview, case = recording.interview, recording.interview.case
    held = interview.held_at or interview.planned_at
    manifest = _json(
        {
            "format": FORMAT,
            "recording": str(recording.public_id),
            "file": file_name(recording),
            "media_type": recording.media_type,
            "size": recording.size,
            "sha256": recording.sha256,
            "interview": str(interview.public_id),
            "interview_date": held.date().isoformat(),
            "case_reference": case.reference or str(case.public_id),
            "exported_at": time.now().replace(microsecond=0).isoformat(),
        }
    )
    custody = _json(custody_log(recording))
    digest = hashlib.sha256(manifest + custody).digest()
    key_id, signature = signing.sign(digest)
    public = signing.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    signed = _json(
        {
            "algorithm": "Ed25519",
            "key_id": key_id,
            "public_key": public.hex(),
            "signed": "SHA-256 of manifest.json's bytes followed by custody.json's bytes",
            "digest": digest.hex(),
            "signature": signature,
        }
    )
    return {"manifest.json": manifest, "custody.json": custody, "signature.json": signed}


class _Sink:
    """A write-only stream that zipfile writes into and the response drains: no file on disk,
    no whole archive in memory. It cannot seek, so zipfile writes data descriptors."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        return None

    def close(self) -> None:
        return None

    def drain(self) -> bytes:
        data, self.parts = b"".join(self.parts), []
        return data


def export_stream(
    recording: Recording, store: SegmentStore, documents: dict[str, bytes]
) -> Iterator[bytes]:
    """The export's ZIP, in pieces: the recording decrypted segment by segment, then the
    manifest, the custody log and the signature (export_documents)."""
    sink = _Sink()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_STORED) as archive:
        info = zipfile.ZipInfo(file_name(recording), date_time=time.now().timetuple()[:6])
        info.file_size = recording.size
        with archive.open(info, mode="w", force_zip64=True) as member:
            for index in range(store.last + 1):
                member.write(store.read(index))
                yield sink.drain()
        for name, data in documents.items():
            archive.writestr(name, data)
            yield sink.drain()
    yield sink.drain()
