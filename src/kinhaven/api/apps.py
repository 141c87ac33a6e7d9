from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "kinhaven.api"
    label = "api"
