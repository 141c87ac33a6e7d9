from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "kinhaven.exchange"
    label = "exchange"
    verbose_name = _("Cross-border exchange")

    def ready(self) -> None:
        from kinhaven.exchange import registration
        from kinhaven.exchange.enums import MessageKind
        from kinhaven.exchange.messages import exchange_handler_register

        # A registration query is answered with handles and scores, never names; the answer,
        # the disclosure after both sides confirmed and a refusal follow up our own query.
        handlers = {
            MessageKind.REGISTRATION_QUERY: registration.registration_query_answer,
            MessageKind.REGISTRATION_ANSWER: registration.registration_answer_receive,
            MessageKind.IDENTITY_DISCLOSURE: registration.identity_disclosure_receive,
            MessageKind.MATCH_DECLINED: registration.match_declined_receive,
        }
        for kind, handler in handlers.items():
            exchange_handler_register(kind, handler)

        from kinhaven.cases.views import CASE_PAGE
        from kinhaven.core.pages import page_contribute

        page_contribute(CASE_PAGE, _case_page)


def _case_page(user: Any, case: Any) -> dict[str, object]:
    """The case page links to what went to partner countries, for those who trace."""
    from kinhaven.exchange.selectors import exchange_user

    return {"case_exchange": exchange_user(user)}
