from django.apps import AppConfig


class TimelineConfig(AppConfig):
    name = "kinhaven.timeline"
    label = "timeline"
