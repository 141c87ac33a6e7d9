import pytest

from kinhaven.conftest import PASSWORD, otp_code

pytestmark = pytest.mark.django_db


def _token(client, username: str, password: str = PASSWORD, otp: str | None = None):
    body = {"username": username, "password": password}
    if otp is not None:
        body["otp"] = otp
    return client.post("/api/v1/auth/token", body, content_type="application/json")


def test_token_endpoint_needs_password_and_code(world, api) -> None:
    client = api(None).client
    ok = _token(client, "caseworker", otp=otp_code("caseworker"))
    assert ok.status_code == 200
    assert ok.json()["token"]
    for response in (
        _token(client, "caseworker", password="nope", otp="123456"),
        _token(client, "nobody", otp="123456"),
        _token(client, "teammate", otp="000000"),
    ):
        assert response.status_code == 401
        assert response.json()["message"] == "Wrong username, password or code."
    missing = _token(client, "caseworker")
    assert missing.status_code == 422
    assert missing.json()["errors"] == [{"field": "otp", "message": "This field is required."}]


def test_revoked_token_stops_working(world, api) -> None:
    client = api("caseworker")
    assert client.get("/api/v1/children").status_code == 200
    assert client.post("/api/v1/auth/token/revoke", {}).status_code == 204
    assert client.get("/api/v1/children").status_code == 401


@pytest.mark.parametrize("username", ["caseworker", "no-such-user"])
def test_repeated_failures_lock_out_known_and_unknown_names_alike(world, api, username) -> None:
    client = api(None).client
    answers = [
        _token(client, username, password="wrong", otp="123456").status_code for _ in range(4)
    ]
    assert answers == [401] * 4
    locked = _token(client, username, password="wrong", otp="123456")
    assert locked.status_code == 429
    if username == "caseworker":
        # Even the right password is refused while locked.
        assert _token(client, username, otp=otp_code(username)).status_code == 429
