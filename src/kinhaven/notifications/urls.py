from django.urls import path

from kinhaven.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("read-all/", views.notifications_read_all, name="read_all"),
    path("<uuid:notification_id>/open/", views.notification_open, name="open"),
]
