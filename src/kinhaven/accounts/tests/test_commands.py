import getpass
import io
import sys

import pytest
from django.core.management import CommandError, call_command

from kinhaven.accounts.models import Agency, Team, User
from kinhaven.conftest import PASSWORD, kinhaven_command

pytestmark = pytest.mark.django_db


def test_agency_and_user_can_be_created_from_the_command_line(monkeypatch) -> None:
    call_command(
        "agency_add", "North Shelter", country="aut", organisation_type="NGO", team=["Night"]
    )
    agency = Agency.objects.get(name="North Shelter")
    assert agency.country == "AUT"
    assert agency.teams.get().name == "Night"
    monkeypatch.setenv("KINHAVEN_NEW_PASSWORD", "a-long-and-uncommon-passphrase")
    call_command(
        "user_add",
        "amira",
        agency="North Shelter",
        role="caseworker",
        team="Night",
        first_name="Amira",
        last_name="Haddad",
    )
    user = User.objects.get(username="amira")
    assert user.person_label() == "Amira Haddad (Caseworker)"
    assert user.role is not None
    assert user.role.code == "caseworker"
    assert user.team is not None
    assert user.check_password("a-long-and-uncommon-passphrase")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"agency": "Nowhere", "role": "caseworker"}, "--agency"),
        ({"agency": "North Shelter", "role": "caseworker", "team": "Day"}, "--team"),
    ],
)
def test_user_add_refuses_bad_input_with_a_message(monkeypatch, options, message) -> None:
    call_command("agency_add", "North Shelter", country="AUT", organisation_type="NGO")
    monkeypatch.setenv("KINHAVEN_NEW_PASSWORD", "a-long-and-uncommon-passphrase")
    with pytest.raises(CommandError, match=message):
        call_command("user_add", "amira", **options)
    assert not User.objects.filter(username="amira").exists()


def test_an_agency_is_placed_in_a_region_of_its_own_country() -> None:
    call_command("agency_add", "Vienna", country="AUT", organisation_type="NGO", region="at-9")
    assert Agency.objects.get(name="Vienna").region == "AT-9"
    with pytest.raises(CommandError, match="--region"):
        call_command(
            "agency_add", "Bavaria", country="AUT", organisation_type="NGO", region="DE-BY"
        )
    assert not Agency.objects.filter(name="Bavaria").exists()


def test_weak_password_and_bad_country_are_refused(monkeypatch) -> None:
    with pytest.raises(CommandError, match="--country"):
        call_command("agency_add", "X", country="XYZ", organisation_type="NGO")
    call_command("agency_add", "North Shelter", country="AUT", organisation_type="NGO")
    monkeypatch.setenv("KINHAVEN_NEW_PASSWORD", "123")
    with pytest.raises(CommandError, match="password"):
        call_command("user_add", "amira", agency="North Shelter", role="caseworker")


def test_setting_a_password_from_the_command_line_ends_api_tokens(world, api, monkeypatch) -> None:
    bearer = api("caseworker")
    assert bearer.get("/api/v1/children").status_code == 200
    monkeypatch.setenv("KINHAVEN_NEW_PASSWORD", "123")
    with pytest.raises(CommandError, match="password"):
        call_command("user_password_set", "caseworker")
    assert bearer.get("/api/v1/children").status_code == 200
    monkeypatch.setenv("KINHAVEN_NEW_PASSWORD", "a-long-and-uncommon-passphrase")
    with pytest.raises(CommandError, match="username"):
        call_command("user_password_set", "nobody")
    call_command("user_password_set", "caseworker")
    world.caseworker.refresh_from_db()
    assert world.caseworker.check_password("a-long-and-uncommon-passphrase")
    assert not world.caseworker.check_password(PASSWORD)
    assert bearer.get("/api/v1/children").status_code == 401


def test_djangos_changepassword_is_refused_for_the_one_that_revokes_tokens(tmp_path) -> None:
    result = kinhaven_command("changepassword", "caseworker", KINHAVEN_VAR_DIR=str(tmp_path))
    assert result.returncode == 2
    assert "user_password_set" in result.stderr


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _typed(*entries: str | type[BaseException]):
    """What the operator types at each password prompt, or the key that ends the input."""
    queue = list(entries)

    def prompt(_prompt: str = "") -> str:
        entry = queue.pop(0)
        if isinstance(entry, str):
            return entry
        raise entry

    return prompt


def test_a_password_is_typed_twice_or_given_on_standard_input(monkeypatch) -> None:
    call_command("agency_add", "North Shelter", country="AUT", organisation_type="NGO")
    monkeypatch.delenv("KINHAVEN_NEW_PASSWORD", raising=False)
    args = ("user_add", "amira")
    options = {"agency": "North Shelter", "role": "caseworker"}
    # No terminal and nothing on standard input: a message, not a traceback.
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    with pytest.raises(CommandError, match="password: none given"):
        call_command(*args, **options)
    # At a terminal: typed twice, alike.
    monkeypatch.setattr(sys, "stdin", _Terminal())
    for entries, message in (
        (("a-long-and-uncommon-passphrase", "a-long-and-uncommon-passphrasf"), "differ"),
        (("a-long-and-uncommon-passphrase", EOFError), "none given"),
        ((KeyboardInterrupt,), "none given"),
        (("",), "none given"),
    ):
        monkeypatch.setattr(getpass, "getpass", _typed(*entries))
        with pytest.raises(CommandError, match=message):
            call_command(*args, **options)
    assert not User.objects.filter(username="amira").exists()
    typed = "a-long-and-uncommon-passphrase"
    monkeypatch.setattr(getpass, "getpass", _typed(typed, typed))
    call_command(*args, **options)
    assert User.objects.get(username="amira").check_password(typed)
    # One line on standard input (a pipe), for scripts.
    monkeypatch.setattr(sys, "stdin", io.StringIO("another-long-uncommon-passphrase\n"))
    call_command("user_password_set", "amira")
    assert User.objects.get(username="amira").check_password("another-long-uncommon-passphrase")


def test_a_command_on_a_database_not_migrated_says_so(tmp_path) -> None:
    result = kinhaven_command(
        "agency_add", "North Shelter", "--country", "AUT", "--type", "NGO",
        KINHAVEN_VAR_DIR=str(tmp_path),
    )  # fmt: skip
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "migrations not applied); run `kinhaven migrate` first" in result.stderr


@pytest.mark.parametrize(
    ("name", "extra", "message"),
    [
        ("New", ["--team", "T", "--team", "T"], "--team"),
        ("New", ["--team", "T", "--team", " T "], "--team"),
        ("New", ["--team", ""], "--team"),
        ("New", ["--team", "t" * 5000], "--team"),
        ("New", ["--team", "Night\x1b[2J"], "--team"),
        ("n" * 5000, [], "argument name"),
        ("New\x1b[2J", [], "argument name"),
        ("New", ["--country", "XXX"], "--country: XXA, XXB, XXC, XXX are for a person's"),
        ("New", ["--country", "xxa"], "--country: XXA, XXB, XXC, XXX are for a person's"),
    ],
    ids=[
        "team-twice",
        "team-twice-once-trimmed",
        "team-empty",
        "team-too-long",
        "team-control-character",
        "name-too-long",
        "name-control-character",
        "country-unspecified-XXX",
        "country-stateless-XXA",
    ],
)
def test_agency_add_refuses_bad_input_and_writes_nothing(name, extra, message) -> None:
    agencies, teams = Agency.objects.count(), Team.objects.count()
    with pytest.raises(CommandError, match=message):
        call_command("agency_add", name, "--country", "AUT", "--type", "NGO", *extra)
    assert (Agency.objects.count(), Team.objects.count()) == (agencies, teams)


@pytest.mark.parametrize(
    ("username", "extra", "message"),
    [
        ("u" * 5000, [], "username"),
        ("a b/c", [], "username"),
        ("amira\x1b[2J", [], "username"),
        ("amira", ["--email", "not-an-email"], "--email"),
        ("amira", ["--email", "e" * 5000 + "@example.org"], "--email"),
        ("amira", ["--email", '"\x1b[2J"@example.org'], "--email"),
        ("amira", ["--first-name", "f" * 5000], "--first-name"),
        ("amira", ["--first-name", "Amira\x1b[2J"], "--first-name"),
        ("amira", ["--last-name", "l" * 5000], "--last-name"),
        ("amira", ["--last-name", "Haddad\x07"], "--last-name"),
    ],
    ids=[
        "username-too-long",
        "username-space-and-slash",
        "username-control-character",
        "email-not-an-email",
        "email-too-long",
        "email-control-character",
        "first-name-too-long",
        "first-name-control-character",
        "last-name-too-long",
        "last-name-control-character",
    ],
)
def test_user_add_refuses_bad_text_without_echoing_it(
    monkeypatch, username, extra, message
) -> None:
    call_command("agency_add", "North Shelter", country="AUT", organisation_type="NGO")
    monkeypatch.setenv("KINHAVEN_NEW_PASSWORD", "a-long-and-uncommon-passphrase")
    users = User.objects.count()
    with pytest.raises(CommandError, match=message) as refused:
        call_command(
            "user_add", username, "--agency", "North Shelter", "--role", "caseworker", *extra
        )
    assert User.objects.count() == users
    given = extra[-1] if extra else username
    assert given.strip() not in str(refused.value)
