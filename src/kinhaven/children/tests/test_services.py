import datetime as dt

import pytest
from django.db import connection, transaction
from django.utils import timezone

from kinhaven.audit.models import AuditEntry
from kinhaven.cases.services import case_open
from kinhaven.children import hooks
from kinhaven.children.age import child_age_years
from kinhaven.children.hooks import ChildSaved
from kinhaven.children.models import Child
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_age_record, child_register, child_update
from kinhaven.children.validators import PartialDate
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode, FieldErrors
from kinhaven.core.validation import input_validate
from kinhaven.referrals.summary import age_band
from kinhaven.timeline.models import CaseEvent

pytestmark = pytest.mark.django_db


def test_register_keeps_native_script_and_adds_latin(world) -> None:
    child = child_register(
        actor=world.caseworker,
        data=ChildIn.model_validate(
            {
                "given_name": "Юлия",
                "family_name": "Иванова",
                "aliases": ["Юля"],
                "date_of_birth": "2012-03",
                "nationality": "ukr",
                "languages": ["uk", "RU"],
                "vulnerability_factors": ["migrant", "migrant", "street_situation"],
                "documents": [
                    {"document_type": "passport", "number": "FX123", "issuing_country": "UKR"}
                ],
            }
        ),
    )
    child.refresh_from_db()
    assert child.given_name == "Юлия"
    assert child.given_name_latin == "Yuliya"
    assert str(child.date_of_birth) == "2012-03"
    assert child.nationality == "UKR"
    assert child.languages == ["uk", "ru"]
    assert child.vulnerability_factors == ["migrant", "street_situation"]
    assert [a.name_latin for a in child.aliases.all()] == ["Yulya"]
    assert child.documents.get().number == "FX123"
    assert child.agency == world.agency
    entry = AuditEntry.objects.get(action="child.create")
    assert entry.object_id == child.public_id
    assert entry.actor == world.caseworker
    assert entry.actor_role == "caseworker"
    assert entry.actor_agency == world.agency.public_id


def test_unknown_is_a_valid_answer_for_every_field(world) -> None:
    child = child_register(actor=world.caseworker, data=ChildIn())
    assert child.sex == "U"
    assert child.birth_registration == "unknown"
    assert child.date_of_birth is None
    assert child.display_name == ""


def test_age_estimate_gets_the_date_it_was_made(world) -> None:
    child = child_register(actor=world.caseworker, data=ChildIn(age_estimate_years=15))
    assert child.age_estimated_on == timezone.localdate()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("date_of_birth", "2019-02-30"),
        ("date_of_birth", "2019-13"),
        ("date_of_birth", "12/03/2019"),
        ("date_of_birth", "2999"),
        ("nationality", "ZZZ"),
        ("nationality", "UA"),
        ("languages", ["klingon"]),
        ("sex", "Q"),
        ("birth_registration", "maybe"),
        ("vulnerability_factors", ["rich"]),
        ("age_estimate_years", 40),
        ("age_estimate_years", "ten"),
        ("age_estimated_on", "2999-01-01"),
        ("documents", [{"document_type": "spaceship"}]),
        ("given_name", "x" * 201),
        ("given_name", 12),
        ("favourite_colour", "blue"),
    ],
)
def test_bad_values_are_refused_naming_the_field_and_nothing_is_written(
    world, field, value
) -> None:
    with pytest.raises(FieldErrors) as excinfo:
        child_register(
            actor=world.caseworker,
            data=input_validate(ChildIn, {"given_name": "Amina", field: value}),
        )
    assert field in excinfo.value.errors
    assert not Child.objects.exists()
    assert not AuditEntry.objects.filter(action="child.create").exists()


def test_error_messages_never_repeat_the_value(world) -> None:
    with pytest.raises(FieldErrors) as excinfo:
        child_register(
            actor=world.caseworker,
            data=input_validate(ChildIn, {"nationality": "QQQ", "date_of_birth": "2019-02-31"}),
        )
    assert "QQQ" not in str(excinfo.value.errors)
    assert "2019-02-31" not in str(excinfo.value.errors)


def test_roles_without_the_capability_cannot_register(world) -> None:
    for user in (world.analyst, world.admin):
        with pytest.raises(ApplicationError) as excinfo:
            child_register(actor=user, data=ChildIn(given_name="Amina"))
        assert excinfo.value.code == ErrorCode.PERMISSION_DENIED
    assert not Child.objects.exists()


def test_update_changes_fields_audits_and_reaches_the_case_timeline(world) -> None:
    child = child_register(actor=world.caseworker, data=ChildIn(given_name="Amina"))
    case = case_open(actor=world.caseworker, child=child)
    child_update(
        actor=world.caseworker,
        child=child,
        changes=ChildIn.model_validate(
            {"family_name": "Farah", "aliases": ["Ami"], "date_of_birth": "2011"}
        ),
    )
    child.refresh_from_db()
    assert child.family_name == "Farah"
    assert child.given_name == "Amina"
    assert " farah" in child.search_keys
    assert " ami" in child.search_keys
    entry = AuditEntry.objects.get(action="child.update")
    assert entry.detail == {"fields": ["aliases", "date_of_birth", "family_name"]}
    event = CaseEvent.objects.get(case=case, kind="child_updated")
    assert event.data == {"fields": ["aliases", "date_of_birth", "family_name"]}


def test_failed_update_leaves_the_record_as_it_was(world) -> None:
    child = child_register(
        actor=world.caseworker, data=ChildIn(given_name="Amina", aliases=["Ami"])
    )
    with pytest.raises(FieldErrors):
        child_update(
            actor=world.caseworker,
            child=child,
            changes=input_validate(ChildIn, {"aliases": [], "nationality": "XYZ1"}),
        )
    child.refresh_from_db()
    assert [a.name for a in child.aliases.all()] == ["Ami"]


def test_latin_form_follows_a_corrected_name_unless_given(world) -> None:
    child = child_register(actor=world.caseworker, data=ChildIn(given_name="Юля"))
    child_update(actor=world.caseworker, child=child, changes=ChildIn(given_name="Юлия"))
    child.refresh_from_db()
    assert child.given_name_latin == "Yuliya"
    child_update(
        actor=world.caseworker,
        child=child,
        changes=ChildIn(given_name="Юлія", given_name_latin="Yuliia"),
    )
    child.refresh_from_db()
    assert child.given_name_latin == "Yuliia"
    assert " iulia" in child.search_keys


@pytest.mark.django_db(transaction=True)
def test_apps_built_on_children_hear_of_a_save_once_it_commits(world, monkeypatch) -> None:
    # No test transaction here: each service commits as it does in a request.
    heard = []

    def hook(event: ChildSaved) -> None:
        committed = Child.objects.filter(pk=event.child_id).exists()
        heard.append((event, connection.in_atomic_block, committed))

    monkeypatch.setattr(hooks, "CHILD_SAVED", [hook])
    child = child_register(
        actor=world.caseworker, data=ChildIn.model_validate({"given_name": "Amina"})
    )
    child_update(
        actor=world.caseworker,
        child=child,
        changes=ChildIn.model_validate({"family_name": "Farah"}),
    )
    assert heard == [
        (
            ChildSaved(child_id=child.pk, created=True, fields=frozenset({"given_name"})),
            False,
            True,
        ),
        (
            ChildSaved(child_id=child.pk, created=False, fields=frozenset({"family_name"})),
            False,
            True,
        ),
    ]
    # A save rolled back, whole or within a larger transaction, is never heard of.
    with pytest.raises(FieldErrors):
        child_update(
            actor=world.caseworker,
            child=child,
            changes=input_validate(ChildIn, {"nationality": "XYZ1"}),
        )
    with transaction.atomic():
        child_register(actor=world.caseworker, data=ChildIn.model_validate({"given_name": "Omar"}))
        transaction.set_rollback(True)
    assert len(heard) == 2
    assert not Child.objects.filter(given_name="Omar").exists()


def test_an_age_assessed_lower_than_a_documents_date_of_birth_is_the_age_that_counts(world):
    # A document may be doubted (a false adult passport); the assessment's lowest age, recorded
    # on the child, counts over it: the benefit of the doubt.
    today = time.today()
    child = child_register(
        actor=world.caseworker,
        data=ChildIn(given_name="Abel", date_of_birth=PartialDate(today.year - 20, 1, 1)),
    )
    assert child_age_years(child) == 20
    assert age_band(child) == "18 or older"
    child = child_age_record(actor=world.supervisor, child=child, years=15, on=today)
    assert child_age_years(child) == 15
    assert age_band(child) == "15 to 17 years"
    # A year on, the assessed age has grown by one, and still counts.
    assert child_age_years(child, on=today + dt.timedelta(days=366)) == 16
