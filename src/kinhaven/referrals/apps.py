from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "kinhaven.referrals"
    label = "referrals"
