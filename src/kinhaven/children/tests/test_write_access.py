"""Every write to a child's identity x every relationship agency B's staff can have to agency A's
record: no unexpected allow or deny, and nothing changed by a refused write.

Written out as data, like the authorization matrix (web/tests/test_authorization_matrix.py): a
relationship, the user who has it, and the status each write must answer. No relationship is a
missing record (404); a relationship that only reads (break-glass, a referral, whatever sections
it shares) is refused (403) and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kinhaven.accounts.enums import RoleCode
from kinhaven.accounts.models import User
from kinhaven.audit.models import AuditEntry
from kinhaven.cases.services import case_open
from kinhaven.children.grants import (
    break_glass_agreement_allow,
    child_access_grant,
    child_break_glass,
)
from kinhaven.children.models import Child
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conftest import ApiClient, World, web_client
from kinhaven.core import time
from kinhaven.missing.models import Episode
from kinhaven.missing.schemas import EpisodeReportIn
from kinhaven.missing.services import episode_report

pytestmark = pytest.mark.django_db

FILE = {
    "given_name": "Amina",
    "family_name": "Barry",
    "aliases": ["Mina"],
    "documents": [{"document_type": "passport", "number": "P1234567", "issuing_country": "GIN"}],
    "health_notes": "Asthma",
}
IDENTITY_FORM = {
    "given_name": "Changed",
    "sex": "U",
    "birth_registration": "unknown",
    "health_notes": "Changed",
}


@dataclass
class Ctx:
    actor: User
    child: Child
    episode: Episode

    @property
    def web_url(self) -> str:
        return f"/children/{self.child.public_id}/edit/"

    @property
    def api_url(self) -> str:
        return f"/api/v1/children/{self.child.public_id}"

    @property
    def photo_url(self) -> str:
        return f"{self.api_url}/missing/{self.episode.public_id}/photo"


def _photo(x: Ctx, api: ApiClient) -> Any:
    upload = SimpleUploadedFile("p.png", PNG, content_type="image/png")
    return api.client.post(x.photo_url, {"photo": upload, "consent": "given"}, headers=api.headers)


Request = Callable[[Ctx, Any, ApiClient], Any]

# Each write to the child's identity (and, for comparison, to a section the actor may write).
WRITES: dict[str, Request] = {
    "web edit page": lambda x, web, api: web.get(x.web_url),
    "web edit": lambda x, web, api: web.post(x.web_url, IDENTITY_FORM),
    "api name": lambda x, web, api: api.patch(x.api_url, {"given_name": "Changed"}),
    "api aliases": lambda x, web, api: api.patch(x.api_url, {"aliases": ["Other"]}),
    "api documents": lambda x, web, api: api.patch(x.api_url, {"documents": []}),
    "api nothing": lambda x, web, api: api.patch(x.api_url, {}),
    "api health": lambda x, web, api: api.patch(x.api_url, {"health_notes": "Changed"}),
    # A photo of the child, kept with a missing episode (the location section).
    "api photo": lambda x, web, api: _photo(x, api),
}
IDENTITY_WRITES = {"web edit", "api name", "api aliases", "api documents", "api photo"}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

# Who agency B's user is to agency A's child, and what each write answers.
_HIDDEN = dict.fromkeys(WRITES, 404)
_READ_ONLY = dict.fromkeys(WRITES, 403)
EXPECTED: dict[str, dict[str, int]] = {
    # No case, no accepted referral, no guardianship, no break-glass: no record at all.
    "none_caseworker": _HIDDEN,
    "none_supervisor": _HIDDEN,
    # Break-glass reads the whole file and writes none of it.
    "break_glass": _READ_ONLY,
    # A referral reads the sections it shares and writes none of them: agency B cannot edit
    # agency A's child. The episode is read with the location section, which neither shares.
    "referral_health": {**_READ_ONLY, "api photo": 404},
    "referral_identity": {**_READ_ONLY, "api photo": 404},
    # The child's guardian writes the identity (the role's sections), not health or location.
    "guardian": {
        **dict.fromkeys(WRITES, 200),
        "web edit": 302,
        "api health": 403,
        "api photo": 403,
    },
}


def _actor(world: World, relation: str, child: Child) -> User:
    b = world.other_agency
    if relation.endswith("supervisor") or relation == "break_glass":
        actor = world.user(f"b-{relation}", RoleCode.SUPERVISOR, b, world.team_two)
    elif relation == "guardian":
        actor = world.user(f"b-{relation}", RoleCode.GUARDIAN, b, world.team_two)
        Child.objects.filter(pk=child.pk).update(guardian=actor)
    else:
        actor = world.user(f"b-{relation}", RoleCode.CASEWORKER, b, world.team_two)
    if relation == "break_glass":
        break_glass_agreement_allow(actor=world.admin, holder=world.agency, requester=b)
        child_break_glass(actor=actor, child=child, reason="Child reported in danger tonight")
    if relation.startswith("referral_"):
        sections = [relation.removeprefix("referral_")]
        child_access_grant(actor=world.caseworker, child=child, agency=b, sections=sections)
    return actor


def _state(child: Child) -> tuple[Any, ...]:
    child.refresh_from_db()
    return (
        child.given_name,
        sorted(a.name for a in child.aliases.all()),
        sorted(d.number for d in child.documents.all()),
        sorted(Episode.objects.filter(child=child).values_list("photo_name", flat=True)),
    )


@pytest.mark.parametrize("relation", list(EXPECTED))
def test_agency_b_writes_agency_a_child_only_as_its_relationship_allows(
    world, relation: str
) -> None:
    child = child_register(actor=world.caseworker, data=ChildIn.model_validate(FILE))
    case_open(actor=world.caseworker, child=child)
    episode = episode_report(
        actor=world.caseworker,
        child=child,
        data=EpisodeReportIn(
            last_seen_at=time.now() - dt.timedelta(hours=1),
            last_seen_place="Station",
            description="Red coat",
            confirm=True,
        ),
    )
    actor = _actor(world, relation, child)
    ctx = Ctx(actor, child, episode)
    web, api = web_client(actor), ApiClient(actor.username)
    before = _state(child)
    unexpected = []
    for name, send in WRITES.items():
        was = _state(child)
        status = send(ctx, web, api).status_code
        wanted = EXPECTED[relation][name]
        if status != wanted:
            unexpected.append(f"{name} {relation}: got {status}, expected {wanted}")
        if name in IDENTITY_WRITES and wanted >= 400 and _state(child) != was:
            unexpected.append(f"{name} {relation}: the identity changed")
    assert not unexpected, "\n".join(unexpected)
    updates = AuditEntry.objects.filter(
        action="child.update", object_id=child.public_id, actor=actor
    )
    if all(v >= 400 for v in EXPECTED[relation].values()):
        assert not updates.exists()
        assert _state(child) == before
