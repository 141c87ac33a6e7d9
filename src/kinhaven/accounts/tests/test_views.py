import time

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]  # no type marker

from kinhaven.accounts.middleware import LOGIN_AT
from kinhaven.accounts.otp import current_code
from kinhaven.accounts.services import user_deactivate
from kinhaven.audit.models import AuditEntry
from kinhaven.conftest import PASSWORD, otp_code, web_client

pytestmark = pytest.mark.django_db


def _login(client: Client, username: str) -> None:
    response = client.post("/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302


def test_login_then_second_factor_then_logout(world, settings) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no wait after the wrong code below
    client = Client()
    before = client.get("/login/")
    assert before.status_code == 200
    client.cookies["sessionid"] = "fixed-by-an-attacker"
    _login(client, "caseworker")
    assert client.cookies["sessionid"].value != "fixed-by-an-attacker"
    # Child data stays out of reach until the second factor is passed.
    for path in ("/", "/children/", "/cases/"):
        assert client.get(path)["Location"] == "/otp/"
    wrong = client.post("/otp/", {"code": "000000"})
    assert wrong.status_code == 422
    assert client.post("/otp/", {"code": otp_code("caseworker")}).status_code == 302
    home = client.get("/")
    assert home.status_code == 200
    assert home.headers["Cache-Control"] == "no-store"
    client.post("/logout/")
    assert client.get("/").status_code == 302


def test_first_login_enrols_by_qr_code(world) -> None:
    TOTPDevice.objects.filter(user=world.caseworker).delete()
    client = Client()
    _login(client, "caseworker")
    page = client.get("/otp/")
    html = page.content.decode()
    assert "<svg" in html
    assert 'id="otp-secret"' in html
    device = TOTPDevice.objects.get(user=world.caseworker)
    assert not device.confirmed
    assert client.post("/otp/", {"code": current_code(device.bin_key)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/children/").status_code == 200


def test_wrong_password_is_refused(world) -> None:
    response = Client().post("/login/", {"username": "caseworker", "password": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_web_lockout_after_repeated_failures(world) -> None:
    client = Client()
    for _ in range(5):
        client.post("/login/", {"username": "caseworker", "password": "x"})
    locked = client.post("/login/", {"username": "caseworker", "password": PASSWORD})
    assert locked.status_code == 429


def test_password_change(world) -> None:
    client = web_client(world.caseworker)
    new = "a-much-better-passphrase-2026"
    response = client.post(
        "/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    world.caseworker.refresh_from_db()
    assert world.caseworker.check_password(new)


def test_changing_ones_password_ends_tokens_and_other_sessions_but_not_this_one(world, api) -> None:
    bearer = api("caseworker")
    assert bearer.get("/api/v1/children").status_code == 200
    elsewhere = web_client(world.caseworker)
    here = web_client(world.caseworker)
    key_before = here.cookies["sessionid"].value
    new = "a-much-better-passphrase-2026"
    response = here.post(
        "/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert response["Location"] == "/password/done/"
    assert bearer.get("/api/v1/children").status_code == 401
    assert elsewhere.get("/")["Location"].startswith("/login/")
    # The session that changed the password stays signed in and verified, under a new key.
    assert here.cookies["sessionid"].value != key_before
    assert here.get("/children/").status_code == 200
    assert AuditEntry.objects.filter(action="user.password_set", actor=world.caseworker).exists()


def test_a_wrong_old_password_changes_nothing(world, api) -> None:
    bearer = api("caseworker")
    client = web_client(world.caseworker)
    new = "a-much-better-passphrase-2026"
    response = client.post(
        "/password/", {"old_password": "wrong", "new_password1": new, "new_password2": new}
    )
    assert response.status_code in {200, 422}
    assert response.context["form"].errors
    world.caseworker.refresh_from_db()
    assert world.caseworker.check_password(PASSWORD)
    assert bearer.get("/api/v1/children").status_code == 200


@pytest.mark.parametrize("enrolling", [False, True])
def test_passing_the_second_factor_gives_the_session_a_new_key(world, enrolling) -> None:
    if enrolling:
        TOTPDevice.objects.filter(user=world.caseworker).delete()
    client = Client()
    _login(client, "caseworker")
    client.get("/otp/")
    if enrolling:
        code = current_code(TOTPDevice.objects.get(user=world.caseworker).bin_key)
    else:
        code = otp_code("caseworker")
    before = client.cookies["sessionid"].value
    assert client.post("/otp/", {"code": code}).status_code == 302
    after = client.cookies["sessionid"].value
    assert after != before
    assert client.get("/children/").status_code == 200
    # Whoever held the key from before the second factor holds nothing now.
    stale = Client()
    stale.cookies["sessionid"] = before
    for path in ("/", "/children/", "/otp/"):
        assert stale.get(path)["Location"].startswith("/login/")


def test_sessions_end_after_twelve_hours_whatever_the_activity(world, settings) -> None:
    client = web_client(world.caseworker)
    assert client.get("/").status_code == 200
    session = client.session
    session[LOGIN_AT] = int(time.time()) - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()
    assert client.get("/")["Location"].startswith("/login/")
    assert client.get("/children/")["Location"].startswith("/login/")


def test_idle_limit_is_fifteen_minutes_renewed_on_each_request(world, settings) -> None:
    assert settings.SESSION_COOKIE_AGE == 15 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST


def test_disabling_a_user_ends_their_session(world) -> None:
    client = web_client(world.caseworker)
    assert client.get("/").status_code == 200
    user_deactivate(actor=world.admin, user=world.caseworker)
    assert client.get("/")["Location"].startswith("/login/")


def test_pages_carry_a_strict_content_security_policy(world) -> None:
    response = web_client(world.caseworker).get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_second_factor_never_redirects_off_site(world) -> None:
    client = Client()
    _login(client, "caseworker")
    response = client.post("/otp/?next=https://evil.example/", {"code": otp_code("caseworker")})
    assert response["Location"] == "/"
