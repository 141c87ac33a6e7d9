import uuid

from django.http import HttpRequest
from ninja import Query, Router

from kinhaven.accounts.auth import request_user
from kinhaven.core.pagination import page_payload, paginate
from kinhaven.core.schemas import PageOut
from kinhaven.notifications.access import access_notification_by_id
from kinhaven.notifications.models import Notification
from kinhaven.notifications.schemas import NotificationFilters, NotificationOut
from kinhaven.notifications.selectors import notification_list_for_user
from kinhaven.notifications.services import notification_mark_read

router = Router(tags=["notifications"])


@router.get("", response=PageOut[NotificationOut])
def notification_list(
    request: HttpRequest, filters: Query[NotificationFilters]
) -> dict[str, object]:
    qs = notification_list_for_user(user=request_user(request), unread=filters.unread)
    return page_payload(paginate(qs, page=filters.page, page_size=filters.page_size))


@router.post("/{notification_id}/read", response=NotificationOut)
def notification_read(request: HttpRequest, notification_id: uuid.UUID) -> Notification:
    user = request_user(request)
    return notification_mark_read(
        user=user, notification=access_notification_by_id(user, notification_id)
    )
