import datetime as dt

from kinhaven.audit.models import AuditEntry
from kinhaven.conftest import web_client
from kinhaven.core import time
from kinhaven.exchange.models import InboxMessage, OutboxMessage
from kinhaven.exchange.services import message_receive
from kinhaven.exchange.tests.conftest import ALERT, CHILD_GIVEN


def _post_token(client, token):
    return client.post("/api/v1/exchange/inbox", token, content_type="application/jose")


def test_jwks_is_public_and_holds_no_private_key(client):
    response = client.get("/.well-known/jwks.json")
    assert response.status_code == 200
    document = response.json()
    assert {k["use"] for k in document["keys"]} == {"sig", "enc"}
    assert all("d" not in k for k in document["keys"])


def test_inbox_endpoint_acknowledges_a_copy_and_refuses_tampering(client, world, peer, partner):
    token = partner.seal(partner.claims("missing_alert", ALERT))
    first = _post_token(client, token)
    assert first.status_code == 200
    assert first.json() == {"received": True, "duplicate": False}
    second = _post_token(client, token)
    assert second.status_code == 200
    assert second.json()["duplicate"] is True
    assert InboxMessage.objects.count() == 1
    parts = token.split(".")
    parts[3] = ("B" if parts[3][0] == "A" else "A") + parts[3][1:]
    tampered = _post_token(client, ".".join(parts))
    assert tampered.status_code == 400
    assert tampered.json()["code"] == "malformed_request"
    assert AuditEntry.objects.filter(
        action="exchange_message.refuse", detail__reason="undecryptable"
    ).exists()
    assert _post_token(client, "").status_code == 400


def test_administrator_sees_peers_and_no_messages(world, peer):
    response = web_client(world.admin).get("/exchange/")
    assert response.status_code == 200
    assert peer.signing_thumbprint in response.content.decode()
    assert b'id="received"' not in response.content


def test_peer_form_refuses_a_bad_thumbprint(world):
    response = web_client(world.admin).post(
        "/exchange/peers/",
        {
            "base_url": "http://127.0.0.1:9",
            "country": "DEU",
            "thumbprint": "short",
            "agency_id": "",
        },
    )
    assert response.status_code == 422


def test_roles_without_the_exchange_are_refused(world):
    assert web_client(world.analyst).get("/exchange/").status_code == 403
    assert web_client(world.frontline).get("/exchange/tracing/").status_code == 403


def test_supervisor_sees_a_received_alert_with_its_answer_deadline(world, peer, partner):
    message, _new = message_receive(token=partner.seal(partner.claims("missing_alert", ALERT)))
    client = web_client(world.supervisor)
    page = client.get("/exchange/").content.decode()
    assert f"/exchange/received/{message.public_id}/" in page
    detail = client.get(f"/exchange/received/{message.public_id}/")
    assert detail.status_code == 200
    assert 'id="answer-due"' in detail.content.decode()
    assert CHILD_GIVEN in detail.content.decode()
    # Another agency's worker does not see it.
    other = web_client(world.caseworker2).get(f"/exchange/received/{message.public_id}/")
    assert other.status_code == 404


def test_caseworker_sends_an_alert_for_a_missing_child(world, peer, missing_case):
    client = web_client(world.caseworker)
    form = client.get(f"/exchange/cases/{missing_case.public_id}/alert/")
    assert form.status_code == 200
    assert f'value="{CHILD_GIVEN}"' in form.content.decode()  # filled in from the file
    today = time.today()
    data = {
        "peer_id": str(peer.public_id),
        "legal_basis": "missing_child",
        "first_name": CHILD_GIVEN,
        "sex": "F",
        "birth_year": "2011",
        "description": "Red jacket",
        "last_seen_place": "Linz",
        "last_seen_on": str(today),
        "expires_on": str(today + dt.timedelta(days=30)),
        "contact_phone": "+43 1 000",
    }
    response = client.post(f"/exchange/cases/{missing_case.public_id}/alert/", data)
    assert response.status_code == 302
    message = OutboxMessage.objects.get()
    assert message.case == missing_case
    assert CHILD_GIVEN not in response["Location"]
    late = client.post(
        f"/exchange/cases/{missing_case.public_id}/alert/",
        {**data, "expires_on": str(today + dt.timedelta(days=400))},
    )
    assert late.status_code == 422
    assert OutboxMessage.objects.count() == 1


def test_tracing_form_sends_a_request(world, peer):
    client = web_client(world.caseworker)
    assert client.get("/exchange/tracing/").status_code == 200
    response = client.post(
        "/exchange/tracing/",
        {"peer_id": str(peer.public_id), "seeker_relationship": "mother", "sex": "F"},
    )
    assert response.status_code == 302
    assert OutboxMessage.objects.get().kind == "tracing_request"
    page = client.get("/exchange/").content.decode()
    assert "sent-list" in page


def test_api_lists_received_and_sent(world, peer, partner, api):
    message_receive(token=partner.seal(partner.claims("missing_alert", ALERT)))
    received = api("supervisor").get("/api/v1/exchange/received")
    assert received.status_code == 200
    assert received.json()[0]["kind"] == "missing_alert"
    assert received.json()[0]["answer_due_at"] is not None
    assert api("analyst").get("/api/v1/exchange/received").json() == []
    assert api("caseworker").get("/api/v1/exchange/sent").json() == []


def test_answering_a_request_meets_its_deadline(world, peer, partner):
    message, _new = message_receive(token=partner.seal(partner.claims("missing_alert", ALERT)))
    client = web_client(world.supervisor)
    url = f"/exchange/received/{message.public_id}/answered/"
    assert client.post(url, {"note": ""}).status_code == 422
    assert client.post(url, {"note": "Police informed; no sighting"}).status_code == 302
    message.refresh_from_db()
    assert message.deadline is not None
    assert message.deadline.completed_at is not None
    assert client.post(url, {"note": "Again"}).status_code == 409
    assert web_client(world.caseworker2).post(url, {"note": "x"}).status_code == 404
