import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext_lazy

from kinhaven.conftest import run_worker, web_client
from kinhaven.core.languages import text_lazy
from kinhaven.notifications.enums import NotificationKind
from kinhaven.notifications.models import Notification
from kinhaven.notifications.services import notifications_email, notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def note(world):
    (notification,) = notify(
        recipients=[world.supervisor, world.supervisor],
        kind=NotificationKind.DEADLINE_OVERDUE,
        title="Overdue: Guardian appointed",
        path="/deadlines/",
    )
    assert mail.outbox == []  # the worker sends it
    run_worker()
    return notification


def test_one_notification_per_recipient_and_one_email(world, note) -> None:
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["supervisor@example.org"]
    assert "http://" in mail.outbox[0].body
    assert notifications_email(ids=[note.pk]) == 0  # never e-mailed twice


def test_inactive_users_and_users_without_address_get_no_email(world) -> None:
    world.teammate.email = ""
    world.teammate.save()
    world.other_team_worker.is_active = False
    world.other_team_worker.save()
    notify(
        recipients=[world.teammate, world.other_team_worker],
        kind=NotificationKind.REPORT_ASSIGNED,
        title="Urgent report R-2026-000001 to triage",
        path="/reports/",
    )
    run_worker()
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["teammate"]
    assert mail.outbox == []


def test_inbox_shows_the_count_and_opening_marks_read(world, note) -> None:
    client = web_client(world.supervisor)
    home = client.get("/").content.decode()
    assert 'id="unread-count">1<' in home
    inbox = client.get("/inbox/").content.decode()
    assert "Overdue: Guardian appointed" in inbox
    response = client.post(f"/inbox/{note.public_id}/open/")
    assert response.status_code == 302
    assert response["Location"] == "/deadlines/"
    note.refresh_from_db()
    assert note.read_at is not None
    assert 'id="unread-count"' not in client.get("/").content.decode()


def test_nobody_opens_another_users_notification(world, note) -> None:
    response = web_client(world.caseworker).post(f"/inbox/{note.public_id}/open/")
    assert response.status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_read_all_and_the_api(world, note, api) -> None:
    client = api("supervisor")
    unread = client.get("/api/v1/notifications", unread=True).json()
    assert [n["id"] for n in unread["items"]] == [str(note.public_id)]
    assert client.post(f"/api/v1/notifications/{note.public_id}/read", {}).json()["read_at"]
    assert client.get("/api/v1/notifications", unread=True).json()["count"] == 0
    assert (
        api("caseworker").post(f"/api/v1/notifications/{note.public_id}/read", {}).status_code
        == 404
    )
    notify(recipients=[world.supervisor], kind=NotificationKind.BREAK_GLASS, title="x", path="/")
    web_client(world.supervisor).post("/inbox/read-all/")
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_inbox_list_makes_a_bounded_number_of_queries(world, django_assert_max_num_queries) -> None:
    for index in range(40):
        notify(
            recipients=[world.supervisor],
            kind=NotificationKind.BREAK_GLASS,
            title=f"n{index}",
            path="/",
        )
    client = web_client(world.supervisor)
    with django_assert_max_num_queries(15):
        assert client.get("/inbox/").status_code == 200


def test_each_recipient_reads_the_title_and_the_email_in_their_language(world) -> None:
    world.supervisor.language = "fr"
    world.supervisor.save(update_fields=["language"])
    title = text_lazy(gettext_lazy("Urgent report %(ref)s to triage"), ref="R-7")
    french, english = notify(
        recipients=[world.supervisor, world.caseworker],
        kind=NotificationKind.REPORT_ASSIGNED,
        title=title,
        path="/reports/",
    )
    assert english.title == "Urgent report R-7 to triage"
    with translation.override("fr"):
        expected = translation.gettext("Urgent report %(ref)s to triage") % {"ref": "R-7"}
        subject = translation.gettext("Kinhaven: %(title)s") % {"title": expected}
    assert french.title == expected != english.title
    run_worker()
    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address[world.supervisor.email].subject == subject
    assert by_address[world.caseworker.email].subject == "Kinhaven: Urgent report R-7 to triage"
