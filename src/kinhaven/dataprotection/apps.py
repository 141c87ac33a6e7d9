from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

EVENT_KINDS = {
    "data_consent_recorded": _("Consent to data processing recorded"),
    "data_consent_withdrawn": _("Consent to data processing withdrawn"),
}


class DataProtectionConfig(AppConfig):
    name = "kinhaven.dataprotection"
    label = "dataprotection"
    verbose_name = _("Data protection")

    def ready(self) -> None:
        from kinhaven.children.views import CHILD_PAGE
        from kinhaven.core.pages import page_contribute
        from kinhaven.timeline.enums import event_kind_register

        for kind, label in EVENT_KINDS.items():
            event_kind_register(kind, label)
        page_contribute(CHILD_PAGE, _child_page)


def _child_page(user: Any, page: Any) -> dict[str, object]:
    """The child's page links to consent and export for those who read the identity section."""
    from kinhaven.dataprotection.selectors import READ_SECTION

    return {"dataprotection_section": READ_SECTION in page.access.read}
