from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "kinhaven.cases"
    label = "cases"
