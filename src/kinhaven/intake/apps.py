from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "kinhaven.intake"
    label = "intake"
