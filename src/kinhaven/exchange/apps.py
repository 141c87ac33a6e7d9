from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "kinhaven.exchange"
    label = "exchange"
    verbose_name = _("Cross-border exchange")

    def ready(self) -> None:
        from kinhaven.exchange.enums import MessageKind
        from kinhaven.exchange.messages import exchange_handler_register
        from kinhaven.exchange.registration import registration_query_answer

        # A registration query is answered with handles and scores, never names.
        exchange_handler_register(MessageKind.REGISTRATION_QUERY, registration_query_answer)
