"""The child's page shows the best-interests section to those who read the care section."""

import pytest

from kinhaven.audit.models import AuditEntry
from kinhaven.bestinterests.tests.factories import bid_made
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conftest import web_client

pytestmark = pytest.mark.django_db


def test_the_childs_page_shows_the_determination_and_its_dissent(world) -> None:
    child = child_register(actor=world.caseworker, data=ChildIn(given_name="Amina"))
    bid = bid_made(child, world.caseworker, world.supervisor)
    page = web_client(world.caseworker).get(f"/children/{child.public_id}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="best-interests"' in html
    assert "Too early: the child is still in trauma therapy." in html
    assert "Dissents" in html
    assert "Current" in html
    entry = AuditEntry.objects.filter(action="best_interests_determination.list").last()
    assert entry is not None
    assert str(bid.public_id) in [str(i) for i in entry.object_ids]


def test_the_review_date_shows_on_the_deadlines_page(world) -> None:
    child = child_register(actor=world.caseworker, data=ChildIn(given_name="Amina"))
    bid = bid_made(child, world.caseworker, world.supervisor)
    page = web_client(world.supervisor).get("/deadlines/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Review of a best-interests determination" in html
    assert f"<time>{bid.review_on.isoformat()} 23:59</time>" in html
