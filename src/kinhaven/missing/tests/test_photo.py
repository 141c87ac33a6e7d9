"""A recent photo of a missing child: kept with the consent recorded, a JPEG or PNG only, read
by those who read the episode (audited), replaced without leaving the old file behind."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kinhaven.audit.models import AuditEntry
from kinhaven.core import time
from kinhaven.missing.models import Episode
from kinhaven.missing.photos import photo_storage

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def _upload(content: bytes, name: str = "photo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.fixture
def episode_url(world, child, api) -> str:
    seen = (time.now() - dt.timedelta(hours=2)).replace(microsecond=0).isoformat()
    body = {
        "last_seen_at": seen,
        "last_seen_place": "Reception centre",
        "description": "Red jacket",
        "confirm": True,
    }
    made = api("caseworker").post(f"/api/v1/children/{child.public_id}/missing", body)
    assert made.status_code == 201, made.content
    return f"/api/v1/children/{child.public_id}/missing/{made.json()['id']}"


def _post(api_client: Any, url: str, data: dict[str, Any]) -> Any:
    return api_client.client.post(url, data, headers=api_client.headers)


def test_a_photo_is_kept_read_and_replaced_over_the_api(
    world, api, episode_url, django_capture_on_commit_callbacks
) -> None:
    worker = api("caseworker")
    kept = _post(worker, f"{episode_url}/photo", {"consent": "given", "photo": _upload(PNG)})
    assert kept.status_code == 200, kept.content
    assert kept.json()["has_photo"] is True
    assert kept.json()["photo_consent"] == "given"
    first = Episode.objects.get().photo_name
    # The stored name says nothing of the child or of the upload.
    assert "photo" not in first.rsplit("/", 1)[-1]
    read = worker.get(f"{episode_url}/photo")
    assert read.status_code == 200
    assert read["Content-Type"] == "image/png"
    assert read.content == PNG
    assert AuditEntry.objects.filter(action="missing_episode.photo_read").exists()

    with django_capture_on_commit_callbacks(execute=True):
        replaced = _post(
            worker, f"{episode_url}/photo", {"consent": "not_asked", "photo": _upload(JPEG)}
        )
    assert replaced.status_code == 200
    assert worker.get(f"{episode_url}/photo")["Content-Type"] == "image/jpeg"
    assert not photo_storage().exists(first)


def test_a_photo_that_is_not_an_image_or_lacks_consent_is_refused(world, api, episode_url):
    worker = api("caseworker")
    text = _post(
        worker, f"{episode_url}/photo", {"consent": "given", "photo": _upload(b"hello", "a.png")}
    )
    assert text.status_code == 422
    assert [e["field"] for e in text.json()["errors"]] == ["photo"]
    unknown = _post(worker, f"{episode_url}/photo", {"consent": "maybe", "photo": _upload(PNG)})
    assert unknown.status_code == 422
    assert [e["field"] for e in unknown.json()["errors"]] == ["consent"]
    assert not Episode.objects.get().photo_name
    assert worker.get(f"{episode_url}/photo").status_code == 404
    # Nothing was left in storage by the refused uploads.
    _folders, files = (
        photo_storage().listdir("missing") if photo_storage().exists("missing") else ([], [])
    )
    assert files == []


def test_only_readers_of_the_episode_see_the_photo(world, api, episode_url) -> None:
    worker = api("caseworker")
    assert _post(worker, f"{episode_url}/photo", {"consent": "given", "photo": _upload(PNG)})
    outsider = api("caseworker2")
    assert outsider.get(f"{episode_url}/photo").status_code == 404
    refused = _post(outsider, f"{episode_url}/photo", {"consent": "given", "photo": _upload(PNG)})
    assert refused.status_code == 404
    assert io.BytesIO(worker.get(f"{episode_url}/photo").content).read() == PNG
