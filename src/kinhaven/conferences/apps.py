from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "kinhaven.conferences"
    label = "conferences"
