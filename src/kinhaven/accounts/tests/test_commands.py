import pytest
from django.core.management import CommandError, call_command

from kinhaven.accounts.models import Agency, User
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
