"""Placements through the services and the database: one current placement per child, kept by
the database; the history kept; the directory's free places follow placements."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from kinhaven.audit.models import AuditEntry
from kinhaven.care.models import Placement
from kinhaven.care.schemas import PlacementEndIn, PlacementIn, VisitIn
from kinhaven.care.services import placement_end, placement_start, placement_visit_record
from kinhaven.cases.services import case_open
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.core.errors import ApplicationError
from kinhaven.referrals.selectors import service_search, services_with_places
from kinhaven.timeline.models import CaseEvent
from kinhaven.tracing.services.merges import child_merge

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 2)


def _in_shelter(shelter, **extra) -> PlacementIn:
    return PlacementIn(
        kind="residential",
        service_id=shelter.public_id,
        started_on=extra.pop("started_on", DAY),
        start_reason="Emergency shelter after identification.",
        **extra,
    )


def test_the_database_refuses_a_second_current_placement(world, child, shelter) -> None:
    first = placement_start(actor=world.caseworker, child=child, data=_in_shelter(shelter))
    with pytest.raises(IntegrityError), transaction.atomic():
        Placement.objects.create(
            child=child,
            case=first.case,
            kind="kinship",
            carer_name="An aunt",
            started_on=DAY,
            start_reason="A relative offered.",
            created_by=world.caseworker,
        )
    # Through the service, the same refusal is a conflict naming the placement.
    kinship = PlacementIn(
        kind="kinship", carer_name="An aunt", started_on=DAY, start_reason="A relative offered."
    )
    with pytest.raises(ApplicationError) as refused:
        placement_start(actor=world.caseworker, child=child, data=kinship)
    assert refused.value.http_status == 409
    assert refused.value.field == "placement"
    assert Placement.objects.filter(child=child).count() == 1


def test_ending_one_and_starting_another_keeps_the_history(world, child, shelter) -> None:
    first = placement_start(actor=world.caseworker, child=child, data=_in_shelter(shelter))
    placement_end(
        actor=world.caseworker,
        placement=first,
        data=PlacementEndIn(ended_on=DAY + dt.timedelta(days=10), end_reason="An aunt was found."),
    )
    second = placement_start(
        actor=world.caseworker,
        child=child,
        data=PlacementIn(
            kind="kinship",
            carer_name="Fatima (aunt)",
            vetting="in_progress",
            vetting_on=DAY + dt.timedelta(days=9),
            safety_plan="Weekly calls; school every day.",
            started_on=DAY + dt.timedelta(days=10),
            start_reason="Family-based care with a relative.",
        ),
    )
    rows = list(Placement.objects.filter(child=child).order_by("started_on"))
    assert [p.pk for p in rows] == [first.pk, second.pk]
    assert rows[0].ended_on == DAY + dt.timedelta(days=10)
    assert rows[0].end_reason == "An aunt was found."
    assert rows[1].ended_on is None
    kinds = list(CaseEvent.objects.filter(case=first.case).values_list("kind", flat=True))
    assert {"placement_started", "placement_ended"} <= set(kinds)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"placement.start", "placement.end"} <= actions


def test_a_visit_keeps_the_childs_views_within_the_placement(world, child, shelter) -> None:
    placement = placement_start(actor=world.caseworker, child=child, data=_in_shelter(shelter))
    visit = placement_visit_record(
        actor=world.caseworker,
        placement=placement,
        data=VisitIn(
            visited_on=DAY + dt.timedelta(days=3),
            visitor="caseworker",
            visitor_name="A. Caseworker",
            child_views="Likes the house; misses her brother.",
        ),
    )
    assert visit.child_views.startswith("Likes")
    with pytest.raises(ApplicationError) as early:
        placement_visit_record(
            actor=world.caseworker,
            placement=placement,
            data=VisitIn(
                visited_on=DAY - dt.timedelta(days=1),
                visitor="guardian",
                visitor_name="G.",
                child_views="-",
            ),
        )
    assert early.value.http_status == 422


def test_free_places_follow_placements(world, child, shelter) -> None:
    def free() -> int | None:
        return services_with_places().get(pk=shelter.pk).places_free

    assert free() == 2
    placement = placement_start(actor=world.caseworker, child=child, data=_in_shelter(shelter))
    assert free() == 1
    placement_end(
        actor=world.caseworker,
        placement=placement,
        data=PlacementEndIn(ended_on=DAY, end_reason="Moved on."),
    )
    assert free() == 2
    shelter.capacity = 1
    shelter.save()
    placement_start(actor=world.caseworker, child=child, data=_in_shelter(shelter))
    assert free() == 0
    assert shelter.pk not in {s.pk for s in service_search(filters={"with_places": True})}
    # A full service takes no one more.
    other = child_register(actor=world.caseworker, data=ChildIn(given_name="Bilal"))
    case_open(actor=world.caseworker, child=other)
    with pytest.raises(ApplicationError) as full:
        placement_start(actor=world.caseworker, child=other, data=_in_shelter(shelter))
    assert full.value.http_status == 409
    assert full.value.field == "service_id"


def test_two_records_each_placed_are_not_merged(world, child, shelter) -> None:
    placement_start(actor=world.caseworker, child=child, data=_in_shelter(shelter))
    twin = child_register(actor=world.caseworker, data=ChildIn(given_name="Amina B."))
    case_open(actor=world.caseworker, child=twin)
    kinship = PlacementIn(
        kind="kinship", carer_name="An aunt", started_on=DAY, start_reason="A relative offered."
    )
    placement_start(actor=world.caseworker, child=twin, data=kinship)
    with pytest.raises(ApplicationError) as refused:
        child_merge(actor=world.supervisor, kept=child, merged=twin, reason="Same child")
    assert refused.value.field == "placement"
