import pytest
from django.core.management import CommandError, call_command

from kinhaven.accounts.models import Agency, User

pytestmark = pytest.mark.django_db


def test_agency_and_user_can_be_created_from_the_command_line(monkeypatch) -> None:
    call_command(
        "agency_add", "North Shelter", country="aut", organisation_type="NGO", team=["Night"]
    )
    agency = Agency.objects.get(name="North Shelter")
    assert agency.country == "AUT"
    assert agency.teams.get().name == "Night"
    monkeypatch.setenv("KINHAVEN_NEW_PASSWORD", "a-long-and-uncommon-passphrase")
    call_command("user_add", "amira", agency="North Shelter", role="caseworker", team="Night")
    user = User.objects.get(username="amira")
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


def test_weak_password_and_bad_country_are_refused(monkeypatch) -> None:
    with pytest.raises(CommandError, match="--country"):
        call_command("agency_add", "X", country="XYZ", organisation_type="NGO")
    call_command("agency_add", "North Shelter", country="AUT", organisation_type="NGO")
    monkeypatch.setenv("KINHAVEN_NEW_PASSWORD", "123")
    with pytest.raises(CommandError, match="password"):
        call_command("user_add", "amira", agency="North Shelter", role="caseworker")
