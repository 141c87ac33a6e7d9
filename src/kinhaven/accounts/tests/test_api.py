import pytest

pytestmark = pytest.mark.django_db


def test_token_endpoint(world, api) -> None:
    client = api(None).client
    ok = client.post(
        "/api/v1/auth/token",
        {"username": "caseworker", "password": "correct-horse-battery-staple"},
        content_type="application/json",
    )
    assert ok.status_code == 200
    assert ok.json()["token"]
    wrong = client.post(
        "/api/v1/auth/token",
        {"username": "caseworker", "password": "nope"},
        content_type="application/json",
    )
    assert wrong.status_code == 401
    missing = client.post(
        "/api/v1/auth/token", {"username": "caseworker"}, content_type="application/json"
    )
    assert missing.status_code == 422
    assert missing.json()["errors"] == [{"field": "password", "message": "This field is required."}]


def test_revoked_token_stops_working(world, api) -> None:
    client = api("caseworker")
    assert client.get("/api/v1/children").status_code == 200
    assert client.post("/api/v1/auth/token/revoke", {}).status_code == 204
    assert client.get("/api/v1/children").status_code == 401
