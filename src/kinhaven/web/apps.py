from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "kinhaven.web"
    label = "web"
