from typing import Any

from django.http import HttpRequest

from kinhaven.accounts.models import User
from kinhaven.notifications.selectors import notification_unread_count


def inbox(request: HttpRequest) -> dict[str, Any]:
    """The number of unread notifications, for the navigation bar."""
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_authenticated:
        return {}
    return {"unread_notifications": notification_unread_count(user=user)}
