"""Recordings of interviews kept as evidence: a resumable upload encrypted as it arrives, played
by byte ranges, its chain of custody verified, exported for a court with a signature."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import random
import re
import uuid
import zipfile
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.test import Client

from kinhaven.accounts.enums import RoleCode
from kinhaven.audit import signing
from kinhaven.cases.services import case_open
from kinhaven.children.models import Child
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conftest import ApiClient, web_client
from kinhaven.core import time
from kinhaven.core.keys import KeyUnwrapError, key_unwrap, key_wrap, load_kek
from kinhaven.interviews.models import CustodyEvent, Recording
from kinhaven.interviews.tests.test_interviews import PLAN, _soon

pytestmark = pytest.mark.django_db

MIB = 1024 * 1024
CANARY = b"CANARY-the-child-said-this-3f9a1c"
TUS = {"Tus-Resumable": "1.0.0"}


@pytest.fixture
def child(world: Any) -> Child:
    child = child_register(actor=world.caseworker, data=ChildIn(given_name="Zahra"))
    case_open(actor=world.caseworker, child=child)
    return child


def _plaintext(size: int = 3 * MIB + 123_457) -> bytes:
    """A file that looks like an MP4 (its first bytes), with a canary in every segment."""
    body = bytearray(random.Random(7).randbytes(size))  # noqa: S311  # test data, not a secret
    body[:12] = b"\x00\x00\x00\x20ftypisom"
    for at in range(100, size - len(CANARY), MIB // 2):
        body[at : at + len(CANARY)] = CANARY
    return bytes(body)


class Broken:
    """A request body whose connection drops after `give` bytes."""

    def __init__(self, data: bytes, give: int) -> None:
        self.data, self.give, self.sent = data, give, 0

    def read(self, size: int = -1) -> bytes:
        if self.sent >= self.give:
            raise OSError("connection reset by peer")
        size = self.give - self.sent if size < 0 else min(size, self.give - self.sent)
        chunk = self.data[self.sent : self.sent + size]
        self.sent += len(chunk)
        return chunk

    def readline(self, size: int = -1) -> bytes:
        return self.read(size)


def _interview(api: Any, child: Child) -> str:
    made = api("caseworker").post(
        f"/api/v1/children/{child.public_id}/interviews", {**PLAN, "planned_at": _soon(1)}
    )
    assert made.status_code == 201, made.content
    return f"/api/v1/children/{child.public_id}/interviews/{made.json()['id']}"


def _patch(client: ApiClient, url: str, offset: int, data: bytes, **extra: Any) -> Any:
    headers = {**client.headers, **TUS, "Upload-Offset": str(offset), **extra.pop("headers", {})}
    return client.client.generic(
        "PATCH",
        url,
        data,
        content_type=extra.pop("content_type", "application/offset+octet-stream"),
        headers=headers,
        **extra,
    )


def _head(client: ApiClient, url: str) -> Any:
    return client.client.head(url, headers={**client.headers, **TUS})


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def _upload(client: ApiClient, base: str, data: bytes, media_type: str = "video/mp4") -> Any:
    made = client.post(f"{base}/recordings", {"size": len(data), "media_type": media_type})
    assert made.status_code == 201, made.content
    url = made.json()["upload_url"]
    assert _patch(client, url, 0, data).status_code == 204
    return made.json()


def test_a_resumable_upload_is_encrypted_as_it_arrives_and_sealed(world, api, child, settings):
    worker = api("caseworker")
    base = _interview(api, child)
    data = _plaintext()
    made = worker.post(f"{base}/recordings", {"size": len(data), "media_type": "video/mp4"})
    assert made.status_code == 201, made.content
    assert made["Tus-Resumable"] == "1.0.0"
    url = made.json()["upload_url"]
    assert made["Location"] == url

    # One and a half segments: the whole one is kept, the client goes on from its end.
    first = _patch(worker, url, 0, data[: MIB + MIB // 2])
    assert first.status_code == 204, first.content
    assert first["Upload-Offset"] == str(MIB)
    # The connection drops 1.2 MiB into a 2 MiB request: one more whole segment is kept.
    cut = _patch(
        worker,
        url,
        MIB,
        b"",
        **{
            "wsgi.input": Broken(data[MIB : 3 * MIB], 1_200_000),
            "CONTENT_LENGTH": str(2 * MIB),
            "CONTENT_TYPE": "application/offset+octet-stream",
        },
    )
    assert cut.status_code == 204
    head = _head(worker, url)
    assert head.status_code == 200
    assert head["Upload-Offset"] == str(2 * MIB)
    assert head["Upload-Length"] == str(len(data))
    assert head["Cache-Control"] == "private, no-store"
    # A client that thinks it is elsewhere is told where the upload is.
    stale = _patch(worker, url, MIB, data[MIB : 2 * MIB])
    assert stale.status_code == 409
    assert stale["Upload-Offset"] == str(2 * MIB)
    assert [e["field"] for e in stale.json()["errors"]] == ["Upload-Offset"]
    offset = int(head["Upload-Offset"])
    done = _patch(worker, url, offset, data[offset:])
    assert done.status_code == 204, done.content
    assert done["Upload-Offset"] == str(len(data))

    recording = Recording.objects.get()
    assert recording.status == "complete"
    assert recording.sha256 == hashlib.sha256(data).hexdigest()
    listed = worker.get(f"{base}/recordings").json()
    assert [(r["status"], r["sha256"]) for r in listed] == [("complete", recording.sha256)]
    # On disk: ciphertext only, under a random name holding nothing of the upload.
    stored = [p for p in (Path(settings.VAR_DIR) / "private").rglob("*") if p.is_file()]
    assert len(stored) == 4
    for path in stored:
        content = path.read_bytes()
        assert CANARY not in content
        assert data[:64] not in content
        assert str(child.public_id) not in str(path)
    # The receipt begins the custody log, and the log verifies.
    assert list(CustodyEvent.objects.values_list("action", flat=True)) == ["ingest"]
    out = io.StringIO()
    call_command("custody", "verify", str(recording.public_id), stdout=out)
    assert "OK" in out.getvalue()


def test_range_requests_decrypt_what_they_ask_for(world, api, child) -> None:
    worker = api("caseworker")
    data = _plaintext()
    made = _upload(worker, _interview(api, child), data)
    content = made["content_url"]

    def get(range_header: str | None) -> Any:
        headers = {**worker.headers, **({"Range": range_header} if range_header else {})}
        return worker.client.get(content, headers=headers)

    whole = get(None)
    assert whole.status_code == 200
    assert whole["Accept-Ranges"] == "bytes"
    assert whole["Cache-Control"] == "private, no-store"
    assert _body(whole) == data
    head = get("bytes=0-99")
    assert head.status_code == 206
    assert head["Content-Range"] == f"bytes 0-99/{len(data)}"
    assert _body(head) == data[:100]
    # Across the boundary of the first and second segments.
    middle = get(f"bytes={MIB - 1000}-{MIB + 1000}")
    assert middle.status_code == 206
    assert middle["Content-Length"] == "2001"
    assert _body(middle) == data[MIB - 1000 : MIB + 1001]
    suffix = get("bytes=-500")
    assert suffix.status_code == 206
    assert suffix["Content-Range"] == f"bytes {len(data) - 500}-{len(data) - 1}/{len(data)}"
    assert _body(suffix) == data[-500:]
    past = get(f"bytes={len(data)}-")
    assert past.status_code == 416
    assert past["Content-Range"] == f"bytes */{len(data)}"
    # Playings from byte 0 are in the custody log; a seek is not.
    actions = list(CustodyEvent.objects.order_by("seq").values_list("action", flat=True))
    assert actions == ["ingest", "view", "view"]


def test_bad_input_is_refused_naming_its_field_and_writes_nothing(world, api, child) -> None:
    worker = api("caseworker")
    base = _interview(api, child)
    for body, field in [
        ({"size": 10, "media_type": "application/pdf"}, "media_type"),
        ({"size": 0, "media_type": "video/mp4"}, "size"),
        ({"size": 2**40, "media_type": "video/mp4"}, "size"),
    ]:
        refused = worker.post(f"{base}/recordings", body)
        assert refused.status_code == 422, refused.content
        assert [e["field"] for e in refused.json()["errors"]] == [field]
    # Only the upload paths stream their body past the in-memory limit.
    huge = worker.client.post(
        f"{base}/recordings",
        b"{" + b" " * (2 * MIB) + b"}",
        content_type="application/json",
        headers=worker.headers,
    )
    assert huge.status_code == 413
    assert not Recording.objects.exists()
    pdf = b"%PDF-1.7 not a video" * 100
    url = worker.post(f"{base}/recordings", {"size": len(pdf), "media_type": "video/mp4"}).json()[
        "upload_url"
    ]
    answers = {
        "media_type": _patch(worker, url, 0, pdf),
        "Tus-Resumable": _patch(worker, url, 0, pdf, headers={"Tus-Resumable": "0.2.2"}),
        "Content-Type": _patch(worker, url, 0, pdf, content_type="application/octet-stream"),
        "Upload-Offset": _patch(worker, url, 0, pdf, headers={"Upload-Offset": "-1"}),
        "Content-Length": _patch(worker, url, 0, pdf + b"more"),
    }
    endless = _patch(worker, url, 0, pdf, CONTENT_LENGTH="9" * 5000)
    assert endless.status_code == 413
    statuses = {name: answer.status_code for name, answer in answers.items()}
    assert statuses == {
        "media_type": 415,
        "Tus-Resumable": 412,
        "Content-Type": 415,
        "Upload-Offset": 400,
        "Content-Length": 413,
    }
    for name, answer in answers.items():
        assert [e["field"] for e in answer.json()["errors"]] == [name]
    assert Recording.objects.get().received == 0
    # A cancelled interview takes no recording.
    assert worker.post(f"{base}/cancellation", {"reason": "Child unwell."}).status_code == 200
    late = worker.post(f"{base}/recordings", {"size": 100, "media_type": "audio/wav"})
    assert late.status_code == 409
    assert [e["field"] for e in late.json()["errors"]] == ["status"]


def test_only_readers_play_and_only_writers_upload(world, api, child) -> None:
    guardian = world.user("guardian", RoleCode.GUARDIAN, world.other_agency, None)
    Child.objects.filter(pk=child.pk).update(guardian=guardian)
    base = _interview(api, child)
    data = b"ID3\x04\x00" + random.Random(3).randbytes(5000)  # noqa: S311  # test data
    made = _upload(api("caseworker"), base, data, "audio/mpeg")
    content, upload = made["content_url"], made["upload_url"]
    reason = {"reason": "Requested by the prosecutor"}
    for outsider in ("caseworker2", "frontline"):
        client = api(outsider)
        assert client.get(content).status_code == 404
        assert _head(client, upload).status_code == 404
        assert client.post(
            f"{base}/recordings", {"size": 9, "media_type": "audio/wav"}
        ).status_code in (404, 403)
        assert client.post(content.replace("/content", "/export"), reason).status_code == 404
    # The frontline responder sees the child, not the interviews section: no upload either.
    assert (
        api("frontline")
        .post(f"{base}/recordings", {"size": 9, "media_type": "audio/wav"})
        .status_code
        == 404
    )
    reader = api("guardian")
    played = reader.client.get(content, headers=reader.headers)
    assert played.status_code == 200
    assert _body(played) == data
    assert (
        reader.post(f"{base}/recordings", {"size": 9, "media_type": "audio/wav"}).status_code == 403
    )
    assert _head(reader, upload).status_code == 403
    assert _patch(reader, upload, len(data), b"").status_code == 403
    assert reader.post(content.replace("/content", "/download"), reason).status_code == 403
    assert reader.post(content.replace("/content", "/export"), reason).status_code == 403


def test_the_export_carries_the_file_its_log_and_a_signature(world, api, child) -> None:
    worker = api("caseworker")
    data = _plaintext(2 * MIB + 10)
    made = _upload(worker, _interview(api, child), data)
    export_url = made["content_url"].replace("/content", "/export")
    assert worker.post(export_url, {"reason": ""}).status_code == 422
    download = worker.post(
        made["content_url"].replace("/content", "/download"), {"reason": "Expert review"}
    )
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert _body(download) == data
    answer = worker.post(export_url, {"reason": "Court order 12 Hv 34/26"})
    assert answer.status_code == 200
    assert answer["Cache-Control"] == "private, no-store"
    archive = zipfile.ZipFile(io.BytesIO(_body(answer)))
    manifest_bytes = archive.read("manifest.json")
    custody_bytes = archive.read("custody.json")
    manifest = json.loads(manifest_bytes)
    media = archive.read(manifest["file"])
    assert hashlib.sha256(media).hexdigest() == manifest["sha256"]
    assert manifest["sha256"] == hashlib.sha256(data).hexdigest()
    assert manifest["size"] == len(data)
    assert manifest["case_reference"]
    assert child.given_name not in manifest_bytes.decode()
    custody = json.loads(custody_bytes)
    assert [e["action"] for e in custody] == ["ingest", "download", "export"]
    assert custody[-1]["reason"] == "Court order 12 Hv 34/26"
    assert custody[1]["previous_hash"] == custody[0]["hash"]
    signed = json.loads(archive.read("signature.json"))
    public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(signed["public_key"]))
    digest = hashlib.sha256(manifest_bytes + custody_bytes).digest()
    public.verify(bytes.fromhex(signed["signature"]), digest)  # raises if it does not hold
    assert signed["key_id"] == signing.key_id(signing.public_key())

    # One custody row edited in the database: verification names it and fails.
    call_command("custody", "verify", "--content", stdout=io.StringIO())
    CustodyEvent.objects.filter(seq=2).update(reason="Nothing to see")
    with pytest.raises(CommandError, match=r"event 2 \(download\): its hash does not match"):
        call_command("custody", "verify", stdout=io.StringIO())
    # Rewritten with a recomputed chain, the events no longer match what the audit log sealed.
    CustodyEvent.objects.filter(seq=3).delete()
    with pytest.raises(CommandError, match="missing from the log"):
        call_command("custody", "verify", stdout=io.StringIO())


def test_the_page_uploads_with_the_session_and_plays(world, api, child, settings) -> None:
    base = _interview(api, child)
    page_base = base.removeprefix("/api/v1")
    web = web_client(world.caseworker)
    page = web.get(f"{page_base}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="recording-form"' in text
    assert "interviews/recording-upload.js" in text
    data = b"RIFF\x00\x10\x00\x00WAVEfmt " + bytes(3000)
    made = web.post(f"{page_base}/recordings/", {"size": len(data), "media_type": "audio/wav"})
    assert made.status_code == 201, made.content
    url = made.json()["upload_url"]
    assert url.startswith("/children/")
    bad = web.post(f"{page_base}/recordings/", {"size": "many", "media_type": "audio/wav"})
    assert bad.status_code == 422
    assert [e["field"] for e in bad.json()["errors"]] == ["size"]
    assert web.head(url, headers=TUS)["Upload-Offset"] == "0"
    sent = web.generic(
        "PATCH", url, data, content_type="application/offset+octet-stream",
        headers={**TUS, "Upload-Offset": "0"},
    )  # fmt: skip
    assert sent.status_code == 204
    shown = web.get(f"{page_base}/").content.decode()
    content = made.json()["content_url"]
    assert f'<audio controls preload="none" src="{content}">' in shown
    played = web.get(content, headers={"Range": "bytes=0-11"})
    assert played.status_code == 206
    assert played["Cache-Control"] == "private, no-store"
    assert _body(played) == data[:12]
    # The page's script sends the CSRF token; a request without it is refused.
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = web.cookies
    token = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', strict.get(f"{page_base}/").content.decode()
    )
    assert token is not None
    forged = {"size": len(data), "media_type": "audio/wav"}
    assert strict.post(f"{page_base}/recordings/", forged).status_code == 403
    assert (
        strict.post(
            f"{page_base}/recordings/", forged, headers={"X-CSRFToken": token.group(1)}
        ).status_code
        == 201
    )
    unsigned = strict.generic(
        "PATCH", url, b"", content_type="application/offset+octet-stream",
        headers={**TUS, "Upload-Offset": str(len(data))},
    )  # fmt: skip
    assert unsigned.status_code == 403
    # The guardian reads the section: a player, no upload form.
    guardian = world.user("guardian", RoleCode.GUARDIAN, world.other_agency, None)
    Child.objects.filter(pk=child.pk).update(guardian=guardian)
    theirs = web_client(guardian).get(f"{page_base}/").content.decode()
    assert "<audio" in theirs
    assert 'id="recording-form"' not in theirs


def test_the_kek_lives_in_a_file_of_its_own(settings, tmp_path) -> None:
    settings.KINHAVEN_KEK_FILE = str(tmp_path / "keys" / "kek.key")
    key = bytes(range(32))
    blob = key_wrap(key)
    assert blob != key
    assert key_unwrap(blob) == key
    assert (tmp_path / "keys" / "kek.key").stat().st_mode & 0o777 == 0o600
    assert len(load_kek()) == 32
    settings.KINHAVEN_KEK_FILE = str(tmp_path / "other.key")
    with pytest.raises(KeyUnwrapError):
        key_unwrap(blob)
    settings.PRODUCTION = True
    settings.KINHAVEN_KEK_FILE = str(tmp_path / "absent.key")
    with pytest.raises(ImproperlyConfigured):
        load_kek()


def test_a_stored_segment_swapped_or_changed_is_found(world, api, child, settings) -> None:
    data = _plaintext(3 * MIB)
    made = _upload(api("caseworker"), _interview(api, child), data)
    folder = next((Path(settings.VAR_DIR) / "private" / "recordings").iterdir())
    first, second = folder / "00000000", folder / "00000001"
    call_command("custody", "verify", "--content", stdout=io.StringIO())
    one, two = first.read_bytes(), second.read_bytes()
    first.write_bytes(two)
    second.write_bytes(one)
    # The log itself is whole; the file is not.
    call_command("custody", "verify", made["id"], stdout=io.StringIO())
    with pytest.raises(CommandError, match="segment 0 fails authentication"):
        call_command("custody", "verify", made["id"], "--content", stdout=io.StringIO())


def test_one_upload_of_a_recording_at_a_time(world, api, child) -> None:
    worker = api("caseworker")
    data = _plaintext(MIB + 10)
    base = _interview(api, child)
    url = worker.post(f"{base}/recordings", {"size": len(data), "media_type": "video/mp4"}).json()[
        "upload_url"
    ]
    # Another request holds the recording (as a PATCH does while it writes): refused.
    Recording.objects.update(
        upload_lease=uuid.uuid4(), lease_until=time.now() + dt.timedelta(minutes=1)
    )
    busy = _patch(worker, url, 0, data)
    assert busy.status_code == 409
    assert "under way" in busy.json()["message"]
    assert busy["Upload-Offset"] == "0"
    # Its holder stopped without letting go: once the lease runs out, the upload goes on.
    Recording.objects.update(lease_until=time.now() - dt.timedelta(seconds=1))
    done = _patch(worker, url, 0, data)
    assert done.status_code == 204
    assert Recording.objects.get().status == "complete"
    assert Recording.objects.get().upload_lease is None
