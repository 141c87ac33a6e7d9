"""Shared test fixtures: two agencies, users in every relationship, API clients."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from kinhaven.accounts.enums import OrganisationType, RoleCode
from kinhaven.accounts.models import Agency, Team, User
from kinhaven.accounts.services import (
    agency_create,
    roles_ensure_defaults,
    team_create,
    user_create,
)

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any, request: pytest.FixtureRequest) -> None:
    # Argon2 is the production hasher (asserted in accounts tests); tests need speed.
    if "argon2" not in request.keywords:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class World:
    """Agencies, teams and users that the access tests combine."""

    def __init__(self) -> None:
        roles_ensure_defaults()
        self.agency: Agency = agency_create(
            name="Agency One", country="AUT", organisation_type=OrganisationType.SOCIAL_SERVICES
        )
        self.other_agency: Agency = agency_create(
            name="Agency Two", country="AUT", organisation_type=OrganisationType.NGO
        )
        self.team: Team = team_create(agency=self.agency, name="Team A")
        self.other_team: Team = team_create(agency=self.agency, name="Team B")
        self.team_two: Team = team_create(agency=self.other_agency, name="Team C")
        self.caseworker = self.user("caseworker", RoleCode.CASEWORKER, self.agency, self.team)
        self.teammate = self.user("teammate", RoleCode.CASEWORKER, self.agency, self.team)
        self.other_team_worker = self.user(
            "otherteam", RoleCode.CASEWORKER, self.agency, self.other_team
        )
        self.supervisor = self.user("supervisor", RoleCode.SUPERVISOR, self.agency, self.other_team)
        self.frontline = self.user(
            "frontline", RoleCode.FRONTLINE_RESPONDER, self.agency, self.team
        )
        self.caseworker2 = self.user(
            "caseworker2", RoleCode.CASEWORKER, self.other_agency, self.team_two
        )
        self.analyst = self.user("analyst", RoleCode.ANALYST, self.agency, None)
        self.admin = self.user("admin", RoleCode.ADMINISTRATOR, self.agency, None)

    def user(self, username: str, role: RoleCode, agency: Agency, team: Team | None) -> User:
        return user_create(
            username=username, password=PASSWORD, role=role, agency=agency, team=team
        )


@pytest.fixture
def world(db: None) -> World:
    return World()


class ApiClient:
    """A JSON client that authenticates with a bearer token, as a partner system would."""

    def __init__(self, username: str | None) -> None:
        self.client = Client()
        self.headers: dict[str, str] = {}
        if username:
            response = self.client.post(
                "/api/v1/auth/token",
                {"username": username, "password": PASSWORD},
                content_type="application/json",
            )
            assert response.status_code == 200, response.content
            self.headers = {"Authorization": f"Bearer {response.json()['token']}"}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(path, params, headers=self.headers)

    def post(self, path: str, data: Any) -> Any:
        return self.client.post(path, data, content_type="application/json", headers=self.headers)

    def patch(self, path: str, data: Any) -> Any:
        return self.client.patch(path, data, content_type="application/json", headers=self.headers)


@pytest.fixture
def api() -> type[ApiClient]:
    return ApiClient


def web_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client
