"""Shared test fixtures: two agencies, users in every relationship, API clients."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY  # type: ignore[import-untyped]  # no type marker
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]  # no type marker

from kinhaven.accounts.enums import OrganisationType, RoleCode
from kinhaven.accounts.models import Agency, Team, User
from kinhaven.accounts.otp import current_code, demo_secret, totp_device_set
from kinhaven.accounts.services import (
    agency_create,
    roles_ensure_defaults,
    team_create,
    user_create,
)
from kinhaven.deadlines.services import deadline_rules_forget
from kinhaven.intake.services import intake_routing_forget
from kinhaven.tracing.index import tracing_indexes_forget

PASSWORD = "correct-horse-battery-staple"
LOCAL_CACHE = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}


# Fixtures through which a test reaches the suite's database.
DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"}
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With KINHAVEN_TESTS_DATABASE_ONLY set (`make test`'s SQLite half), leave out the tests
    that use no database: the PostgreSQL half runs them, and their answers cannot differ. The
    variable names the markers of tests that run on this half only ("browser or matrix"), which
    stay whatever they use."""
    only_here = os.environ.get("KINHAVEN_TESTS_DATABASE_ONLY")
    if not only_here:
        return
    markers = set(only_here.split()) - {"or"}
    kept: list[pytest.Item] = []
    left: list[pytest.Item] = []
    for item in items:
        stays = (
            item.get_closest_marker("django_db") is not None
            or bool(DATABASE_FIXTURES.intersection(getattr(item, "fixturenames", ())))
            or any(item.get_closest_marker(marker) for marker in markers)
        )
        (kept if stays else left).append(item)
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept


@pytest.fixture(scope="session")
def django_db_modify_db_settings_xdist_suffix(request: pytest.FixtureRequest) -> None:
    """Give each pytest-xdist worker a PostgreSQL test database of its own (test_kh_gw0, ...).

    Replaces pytest-django's fixture of the same name, which knows SQLite only by Django's own
    engine path: it would take Kinhaven's SQLite engine for a server and name a file after the
    development database. SQLite's test database is in memory, one per process already.
    """
    worker = getattr(request.config, "workerinput", {}).get("workerid")
    if not worker:
        return
    for alias, db_settings in django_settings.DATABASES.items():
        if connections[alias].vendor == "sqlite":
            continue
        test = db_settings.setdefault("TEST", {})
        test["NAME"] = f"{test.get('NAME') or 'test_' + db_settings['NAME']}_{worker}"


@pytest.fixture(autouse=True)
def _test_settings(settings: Any, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    # Argon2 is the production hasher (asserted in accounts tests); tests need speed.
    if "argon2" not in request.keywords:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Files a test writes (signing key, demo credentials) stay in its own folder.
    settings.VAR_DIR = tmp_path
    settings.KINHAVEN_AUDIT_KEY_FILE = str(tmp_path / "audit-signing-key.pem")
    settings.KINHAVEN_AUDIT_WITNESS_FILE = str(tmp_path / "audit-witness.jsonl")
    # Every commit seals, so that a test sees its entries in the chain at once.
    settings.KINHAVEN_AUDIT_SEAL_SECONDS = 0
    # Rate-limit counters live in the cache; each test starts with none. The cache is the test
    # process's own even where KINHAVEN_CACHE_URL names a shared Redis, whose clear() would wipe
    # the counters of tests running beside it.
    if settings.CACHES["default"]["BACKEND"] != LOCAL_CACHE["BACKEND"]:
        settings.CACHES = {"default": LOCAL_CACHE}
    cache.clear()
    deadline_rules_forget()
    intake_routing_forget()
    tracing_indexes_forget()
    # A request leaves its language active in the thread: each test starts in the default one.
    translation.deactivate()


class World:
    """Agencies, teams and users that the access tests combine."""

    def __init__(self) -> None:
        roles_ensure_defaults()
        self.agency: Agency = agency_create(
            name="Agency One",
            country="AUT",
            organisation_type=OrganisationType.SOCIAL_SERVICES,
            receives_public_reports=True,
        )
        self.other_agency: Agency = agency_create(
            name="Agency Two", country="AUT", organisation_type=OrganisationType.NGO
        )
        self.team: Team = team_create(agency=self.agency, name="Team A")
        Team.objects.filter(pk=self.team.pk).update(on_duty=True)
        self.team.refresh_from_db()
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
        self.hotline = self.user("hotline", RoleCode.HOTLINE_OPERATOR, self.agency, self.team)
        self.analyst = self.user("analyst", RoleCode.ANALYST, self.agency, None)
        self.admin = self.user("admin", RoleCode.ADMINISTRATOR, self.agency, None)

    def user(self, username: str, role: RoleCode, agency: Agency, team: Team | None) -> User:
        user = user_create(
            username=username,
            password=PASSWORD,
            role=role,
            agency=agency,
            team=team,
            email=f"{username}@example.org",
        )
        totp_device_set(user=user, secret=demo_secret(username))
        return user


@pytest.fixture
def world(db: None) -> World:
    return World()


def run_worker() -> None:
    """Run the background tasks that are due, as `kinhaven db_worker` would.

    The worker closes idle database connections between tasks; inside a test's transaction that
    would close the test's own connection, so that housekeeping is left out here.
    """
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections", return_value=None
    ):
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def otp_code(username: str) -> str:
    """The current code of a test or demo user's authenticator."""
    return current_code(demo_secret(username))


class ApiClient:
    """A JSON client that authenticates with a bearer token, as a partner system would."""

    def __init__(self, username: str | None) -> None:
        self.username = username or ""
        self.client = Client()
        self.headers: dict[str, str] = {}
        if username:
            response = self.client.post(
                "/api/v1/auth/token",
                {"username": username, "password": PASSWORD, "otp": otp_code(username)},
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

    def put(self, path: str, data: Any) -> Any:
        return self.client.put(path, data, content_type="application/json", headers=self.headers)


@pytest.fixture
def api() -> Callable[[str | None], ApiClient]:
    """Return one client per user for the test: a code is good for one token only."""
    clients: dict[str | None, ApiClient] = {}

    def get(username: str | None) -> ApiClient:
        if username is None:
            return ApiClient(None)
        if username not in clients:
            clients[username] = ApiClient(username)
        return clients[username]

    return get


def web_client(user: User) -> Client:
    """A browser session past login and the second factor."""
    client = Client()
    client.force_login(user)
    session = client.session
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def kinhaven_command(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the `kinhaven` command in a process of its own, with only the given settings."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("KINHAVEN_", "DJANGO_ALLOW"))}
    clean.pop("DATABASE_URL", None)
    return subprocess.run(  # noqa: S603  # our own command, fixed arguments
        [sys.executable, "-m", "kinhaven.cli", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
