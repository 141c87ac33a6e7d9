from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "kinhaven.audit"
    label = "audit"
