"""The only way to one notification: the recipient's own."""

from __future__ import annotations

import uuid

from django.utils.translation import gettext as _

from kinhaven.accounts.models import User
from kinhaven.core.errors import NotFound
from kinhaven.notifications.models import Notification


def access_notification_by_id(user: User, notification_id: uuid.UUID | str) -> Notification:
    """Return one of the user's own notifications, or raise NotFound."""
    try:
        parsed = uuid.UUID(str(notification_id))
    except ValueError:
        raise NotFound(_("Notification not found.")) from None
    notification = Notification.objects.filter(public_id=parsed, recipient=user).first()
    if notification is None:
        raise NotFound(_("Notification not found."))
    return notification
