from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "kinhaven.demo"
    label = "demo"
