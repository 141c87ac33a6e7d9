from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "kinhaven.notifications"
    label = "notifications"
