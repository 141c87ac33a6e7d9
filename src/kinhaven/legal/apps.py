from django.apps import AppConfig


class LegalConfig(AppConfig):
    name = "kinhaven.legal"
    label = "legal"
