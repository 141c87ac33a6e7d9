"""The user's own inbox; nobody reads another's."""

from __future__ import annotations

from django.db.models import QuerySet

from kinhaven.accounts.models import User
from kinhaven.notifications.models import Notification


def notification_list_for_user(*, user: User, unread: bool = False) -> QuerySet[Notification]:
    """Return the user's notifications, newest first."""
    qs = Notification.objects.filter(recipient=user)
    if unread:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def notification_unread_count(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
