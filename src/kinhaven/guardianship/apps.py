from django.apps import AppConfig


class GuardianshipConfig(AppConfig):
    name = "kinhaven.guardianship"
    label = "guardianship"
