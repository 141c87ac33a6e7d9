import pytest
from django.test import Client

from kinhaven.conftest import PASSWORD, web_client

pytestmark = pytest.mark.django_db


def test_login_logout(world) -> None:
    client = Client()
    page = client.get("/login/")
    assert page.status_code == 200
    response = client.post("/login/", {"username": "caseworker", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert client.get("/").headers["Cache-Control"] == "no-store"
    client.post("/logout/")
    assert client.get("/").status_code == 302


def test_wrong_password_is_refused(world) -> None:
    response = Client().post("/login/", {"username": "caseworker", "password": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors


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
