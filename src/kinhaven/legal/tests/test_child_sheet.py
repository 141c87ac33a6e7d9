"""The sheet a child keeps after a decision: in the child's language, right to left where it
reads so, only the decision and what every child is entitled to know; audited."""

import datetime as dt

import pytest
from django.utils import translation

from kinhaven.audit.models import AuditEntry
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conftest import web_client
from kinhaven.legal.schemas import PermitFieldsIn
from kinhaven.legal.services import permit_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def permit(world):
    child = child_register(actor=world.caseworker, data=ChildIn(given_name="Amina"))
    granted = permit_add(
        actor=world.caseworker,
        child=child,
        data=PermitFieldsIn(basis="humanitarian", granted_on=dt.date(2026, 11, 1)),
    )
    return child, granted


def _url(child, **query):
    params = "&".join(f"{k}={v}" for k, v in query.items())
    return f"/children/{child.public_id}/decision-sheet/?{params}"


@pytest.mark.parametrize(("language", "direction"), [("fa", "rtl"), ("ti", "ltr"), ("uk", "ltr")])
def test_the_sheet_speaks_the_childs_language(world, permit, language, direction) -> None:
    child, granted = permit
    page = web_client(world.caseworker).get(
        _url(child, decision=f"permit:{granted.public_id}", language=language)
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in html
    with translation.override(language):
        title = translation.gettext("A decision about you")
        when = translation.gettext("What was decided")
    assert title != "A decision about you"
    assert f"<h1>{title}</h1>" in html
    assert when in html
    # The child's name and the rest of the file stay out of it.
    assert "Amina" not in html
    entry = AuditEntry.objects.filter(action="child.read_for_sheet").get()
    assert entry.object_id == child.public_id


def test_a_bad_language_or_decision_is_refused_naming_the_field(world, permit) -> None:
    child, granted = permit
    client = web_client(world.caseworker)
    bad_language = client.get(_url(child, decision=f"permit:{granted.public_id}", language="xx"))
    assert bad_language.status_code == 422
    bad_decision = client.get(_url(child, decision="permit:nothing", language="fa"))
    assert bad_decision.status_code == 422


def test_another_agency_cannot_print_it(world, permit) -> None:
    child, granted = permit
    other = web_client(world.caseworker2).get(
        _url(child, decision=f"permit:{granted.public_id}", language="fa")
    )
    assert other.status_code == 404


def test_the_tracks_page_offers_the_sheet_for_each_decision(world, permit) -> None:
    child, granted = permit
    page = web_client(world.caseworker).get(f"/children/{child.public_id}/tracks/")
    html = page.content.decode()
    assert 'id="child-sheet-form"' in html
    assert f'value="permit:{granted.public_id}"' in html
    # Every public language is offered, each by its own name.
    assert '<option value="ti">ትግርኛ</option>' in html
