from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "kinhaven.deadlines"
    label = "deadlines"
