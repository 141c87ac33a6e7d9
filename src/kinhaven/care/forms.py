"""Forms of the placement pages. They collect the values; each builds the write's input model
(care.schemas), which checks them as the API does."""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kinhaven.care.enums import PlacementKind, VettingStatus, Visitor
from kinhaven.care.schemas import (
    MAX_NAME,
    MAX_TEXT,
    PlacementEndIn,
    PlacementIn,
    VettingIn,
    VisitIn,
)
from kinhaven.core.forms import InputForm, date_field, text_area
from kinhaven.referrals.selectors import services_active

_date = date_field
_text = partial(text_area, max_length=MAX_TEXT)


def _service_choices() -> list[tuple[str, str]]:
    """The directory's listed services, each with its free places where a capacity is set."""
    choices = [("", str(_("None (kinship care with a named carer)")))]
    for s in services_active().order_by("kind", "name"):
        free = (
            ""
            if s.places_free is None
            else " · "
            + ngettext("%(n)d place free", "%(n)d places free", s.places_free)
            % {"n": s.places_free}
        )
        choices.append((str(s.public_id), f"{s.name} ({s.get_kind_display()}){free}"))
    return choices


class PlacementForm(InputForm[PlacementIn]):
    input_model = PlacementIn
    prefix = "placement"

    kind = forms.ChoiceField(label=_("Kind of care"), choices=PlacementKind.choices)
    service_id = forms.ChoiceField(label=_("Carer or facility (directory)"), required=False)
    carer_name = forms.CharField(
        label=_("Named carer (kinship care)"), required=False, max_length=MAX_NAME
    )
    vetting = forms.ChoiceField(label=_("Vetting of the carer"), choices=VettingStatus.choices)
    vetting_on = _date(_("Vetting status on"), required=False)
    safety_plan = _text(_("Safety plan"), required=False)
    started_on = _date(_("Started on"))
    start_reason = _text(_("Reason for the placement"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service_id"].choices = _service_choices()  # type: ignore[attr-defined]

    def input_data(self) -> dict[str, Any]:
        data = super().input_data()
        data["service_id"] = data.get("service_id") or None
        return data


class VettingForm(InputForm[VettingIn]):
    input_model = VettingIn
    prefix = "vetting"

    vetting = forms.ChoiceField(label=_("Vetting of the carer"), choices=VettingStatus.choices)
    vetting_on = _date(_("Vetting status on"), required=False)
    safety_plan = _text(_("Safety plan"), required=False)


class PlacementEndForm(InputForm[PlacementEndIn]):
    input_model = PlacementEndIn
    prefix = "end"

    ended_on = _date(_("Ended on"))
    end_reason = _text(_("Reason for the end"))


class VisitForm(InputForm[VisitIn]):
    input_model = VisitIn
    prefix = "visit"

    visited_on = _date(_("Visited on"))
    visitor = forms.ChoiceField(label=_("Visit by"), choices=Visitor.choices)
    visitor_name = forms.CharField(label=_("Who visited"), max_length=MAX_NAME)
    child_views = _text(
        _("The child's views"), help_text=_("What the child said, in the child's words.")
    )
    concerns = _text(_("Concerns"), required=False)
