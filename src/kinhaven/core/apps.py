from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kinhaven.core"
    label = "core"
