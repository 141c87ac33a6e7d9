"""Field-level encryption at rest: the sensitive sections are ciphertext in the database (as
read with SQL), plaintext to a user who may read them; a ciphertext moved to another record
does not open; a rotation of the key-encryption key re-wraps every record's key and the old key
opens nothing any more."""

from __future__ import annotations

import pytest
from django.db import connection

from kinhaven.children.models import Child
from kinhaven.core import keys
from kinhaven.core.encryption import PREFIX, DecryptionError, clear_key_cache
from kinhaven.operations.rotation import kek_rotate

pytestmark = pytest.mark.django_db

CANARY = "CANARY-7f3a9c-asthma-inhaler"


def _raw(child: Child, column: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM children_child WHERE id = %s", [child.pk])  # noqa: S608  # nosec B608  # fixed column names
        return str(cursor.fetchone()[0])


@pytest.fixture
def child(world, api) -> Child:
    made = api("caseworker").post(
        "/api/v1/children",
        {
            "given_name": "Zahra",
            "health_notes": f"{CANARY}; seen by the clinic",
            "current_location": "Reception centre, room 12",
        },
    )
    assert made.status_code == 201, made.content
    return Child.objects.get(public_id=made.json()["id"])


def test_the_health_note_is_ciphertext_in_the_database_and_plain_to_its_reader(
    world, api, child
) -> None:
    stored = _raw(child, "health_notes")
    assert stored.startswith(PREFIX)
    assert CANARY not in stored
    assert "Reception centre" not in _raw(child, "current_location")
    # The name stays searchable: it is not encrypted.
    assert _raw(child, "given_name") == "Zahra"
    shown = api("caseworker").get(f"/api/v1/children/{child.public_id}").json()
    assert CANARY in shown["health_notes"]
    # Who does not read the health section does not get it.
    frontline = api("frontline").get(f"/api/v1/children/{child.public_id}").json()
    assert CANARY not in str(frontline)


def test_a_ciphertext_moved_to_another_record_does_not_open(world, child) -> None:
    other = Child.objects.create(given_name="Amir", registered_by=world.caseworker,
                                 agency=world.agency, health_notes="Other note")  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE children_child SET health_notes = %s WHERE id = %s",
            [_raw(child, "health_notes"), other.pk],
        )
    with pytest.raises(DecryptionError):
        _ = Child.objects.get(pk=other.pk).health_notes


def test_a_rotation_rewraps_every_key_and_the_old_key_opens_nothing(world, child) -> None:
    old_kek = keys.load_kek()
    old_wrapped = bytes(Child.objects.values_list("data_key", flat=True).get(pk=child.pk))
    counts = kek_rotate()
    assert counts["children.child"] >= 1
    assert keys.load_kek() != old_kek
    assert not keys.staged_kek_path().exists()
    new_wrapped = bytes(Child.objects.values_list("data_key", flat=True).get(pk=child.pk))
    assert new_wrapped != old_wrapped
    # The ciphertext did not change, and still opens.
    assert CANARY in Child.objects.get(pk=child.pk).health_notes
    # Put the old key back: it opens no record any more.
    keys.kek_path().write_bytes(old_kek)
    keys._keys.clear()
    clear_key_cache()
    with pytest.raises(keys.KeyUnwrapError):
        _ = Child.objects.get(pk=child.pk).health_notes
