from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "kinhaven.stats"
    label = "stats"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        from kinhaven.stats import facts

        facts.register_hooks()
