"""E-mail of notifications, sent by the worker."""

from __future__ import annotations

from django_tasks import task

from kinhaven.notifications.services import notifications_email


@task()
def notifications_email_send(ids: list[int]) -> int:
    """E-mail the notifications not yet e-mailed; return how many were sent."""
    return notifications_email(ids=ids)
