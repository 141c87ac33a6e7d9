from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "kinhaven.children"
    label = "children"
