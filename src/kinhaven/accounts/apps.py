from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kinhaven.accounts"
    label = "accounts"
