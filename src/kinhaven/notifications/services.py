"""Writes on notifications: the in-app inbox and the e-mail that points to it."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from kinhaven.accounts.models import User
from kinhaven.core import time
from kinhaven.notifications.enums import NotificationKind
from kinhaven.notifications.models import Notification

logger = logging.getLogger(__name__)


def _recipient_language(user: User) -> str:
    return user.language or settings.LANGUAGE_CODE


def notify(
    *, recipients: Iterable[User], kind: NotificationKind, title: str | Promise, path: str
) -> list[Notification]:
    """Put a notification in each recipient's inbox and e-mail it once the change commits.

    The title is worded in each recipient's language: give it as a lazy marked string
    (`gettext_lazy`, or `core.languages.text_lazy` with its values). The title and the e-mail
    carry no child's name or data: a link, never the data.
    """
    unique = {u.pk: u for u in recipients if u.is_active}
    rows = []
    for user in unique.values():
        with translation.override(_recipient_language(user)):
            rows.append(Notification(recipient=user, kind=kind, title=str(title), path=path))
    notifications = Notification.objects.bulk_create(rows)
    ids = [n.pk for n in notifications if n.pk is not None]
    if ids:
        # Sent by the worker: written with the notifications, seen once they are committed.
        from kinhaven.notifications.tasks import (
            notifications_email_send,  # the task module imports this one
        )

        notifications_email_send.enqueue(ids)
    return notifications


def notifications_email(*, ids: list[int]) -> int:
    """E-mail notifications not yet e-mailed; return how many were sent."""
    sent = 0
    pending = Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).select_related(
        "recipient"
    )
    for notification in pending:
        address = notification.recipient.email
        if not address:
            continue
        try:
            with translation.override(_recipient_language(notification.recipient)):
                subject = _("Kinhaven: %(title)s") % {"title": notification.title}
                message = _("%(title)s\n\nOpen it in Kinhaven: %(url)s") % {
                    "title": notification.title,
                    "url": settings.KINHAVEN_BASE_URL + notification.path,
                }
            send_mail(subject=subject, message=message, from_email=None, recipient_list=[address])
        except OSError:
            # The inbox still holds it; the log names the notification, not the person.
            logger.warning("e-mail for notification %s failed", notification.public_id)
            continue
        Notification.objects.filter(pk=notification.pk).update(emailed_at=time.now())
        sent += 1
    return sent


def notification_mark_read(*, user: User, notification: Notification) -> Notification:
    """Mark one of the user's notifications as read."""
    Notification.objects.filter(pk=notification.pk, recipient=user, read_at__isnull=True).update(
        read_at=time.now()
    )
    notification.refresh_from_db()
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    """Mark every unread notification of the user as read."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=time.now()
    )
