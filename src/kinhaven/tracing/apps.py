from django.apps import AppConfig


class TracingConfig(AppConfig):
    name = "kinhaven.tracing"
    label = "tracing"
