import time
import uuid

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]  # no type marker

from kinhaven.accounts.enums import RoleCode
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


# Accounts of the agency, for its administrators -------------------------------------------


def test_an_administrator_deactivates_an_account_after_confirming(world, api) -> None:
    raw = api("caseworker").headers["Authorization"]
    assert api("caseworker").get("/api/v1/children").status_code == 200
    admin = web_client(world.admin)
    listing = admin.get("/users/")
    assert listing.status_code == 200
    page = listing.content.decode()
    assert f"/users/{world.caseworker.public_id}/" in page
    # Only the administrator's own agency.
    assert str(world.caseworker2.public_id) not in page
    detail = f"/users/{world.caseworker.public_id}/"
    assert 'id="user-deactivate"' in admin.get(detail).content.decode()
    action = f"{detail}deactivate/"
    # Without the box ticked, nothing happens.
    unconfirmed = admin.post(action, {})
    assert unconfirmed.status_code == 422
    assert "Tick the box to confirm." in unconfirmed.content.decode()
    world.caseworker.refresh_from_db()
    assert world.caseworker.is_active
    done = admin.post(action, {"confirm": "on"}, follow=True)
    assert done.redirect_chain == [(detail, 302)]
    page = done.content.decode()
    assert "caseworker is deactivated: signed out, and their API tokens are revoked." in page
    assert 'id="user-deactivate"' not in page
    world.caseworker.refresh_from_db()
    assert not world.caseworker.is_active
    entry = AuditEntry.objects.get(action="user.deactivate")
    assert (entry.actor, entry.object_id) == (world.admin, world.caseworker.public_id)
    # The user can neither sign in again nor use the API with a token issued before.
    login = Client().post("/login/", {"username": "caseworker", "password": PASSWORD})
    assert login.status_code == 200
    assert login.context["form"].errors
    client = api("caseworker").client
    assert client.get("/api/v1/children", headers={"Authorization": raw}).status_code == 401


def test_deactivation_is_a_post_with_a_csrf_token(world) -> None:
    action = f"/users/{world.caseworker.public_id}/deactivate/"
    assert web_client(world.admin).get(action).status_code == 405
    forged = web_client(world.admin)
    forged.handler.enforce_csrf_checks = True
    assert forged.post(action, {"confirm": "on"}).status_code == 403
    world.caseworker.refresh_from_db()
    assert world.caseworker.is_active


@pytest.mark.parametrize("username", ["caseworker", "supervisor", "auditor"])
def test_only_administrators_reach_the_accounts(world, username) -> None:
    actor = getattr(world, username, None) or world.user(
        username, RoleCode.AUDITOR, world.agency, None
    )
    client = web_client(actor)
    detail = f"/users/{world.teammate.public_id}/"
    assert client.get("/users/").status_code == 403
    assert client.get(detail).status_code == 403
    assert client.post(f"{detail}deactivate/", {"confirm": "on"}).status_code == 403
    world.teammate.refresh_from_db()
    assert world.teammate.is_active
    assert not AuditEntry.objects.filter(action="user.deactivate").exists()
    assert "/users/" not in client.get("/").content.decode()


def test_another_agencys_account_answers_like_a_missing_one(world) -> None:
    admin = web_client(world.admin)
    for user_id in (world.caseworker2.public_id, uuid.uuid4()):
        assert admin.get(f"/users/{user_id}/").status_code == 404
        assert admin.post(f"/users/{user_id}/deactivate/", {"confirm": "on"}).status_code == 404
    world.caseworker2.refresh_from_db()
    assert world.caseworker2.is_active


def test_an_administrator_cannot_deactivate_their_own_account(world) -> None:
    admin = web_client(world.admin)
    own = f"/users/{world.admin.public_id}/"
    assert 'id="user-deactivate"' not in admin.get(own).content.decode()
    refused = admin.post(f"{own}deactivate/", {"confirm": "on"})
    assert refused.status_code == 409
    assert "You cannot deactivate your own account." in refused.content.decode()
    world.admin.refresh_from_db()
    assert world.admin.is_active
