"""Forms of the statistics pages; each builds the input model the API takes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kinhaven.accounts.models import Agency
from kinhaven.core.forms import InputForm, date_field
from kinhaven.stats.dimensions import DIMENSIONS
from kinhaven.stats.enums import ExportFormat, ExportKind
from kinhaven.stats.figures import TRENDS
from kinhaven.stats.queries import CROSSABLE
from kinhaven.stats.schemas import DashboardIn, DatasetIn, ExportIn, ReleaseIn, ReportIn


def _agencies() -> list[tuple[str, Any]]:
    return [("", _("All agencies"))] + [
        (str(a.public_id), a.name) for a in Agency.objects.order_by("name")
    ]


def _dimension_choices(codes: Any) -> list[tuple[str, Any]]:
    return [(c, _("Region") if c == "region" else DIMENSIONS[c].label) for c in codes]


class _Filters(forms.Form):
    month_from = forms.CharField(
        label=_("From (month)"),
        required=False,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"}),
    )
    month_to = forms.CharField(
        label=_("To (month)"),
        required=False,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"}),
    )
    region = forms.CharField(label=_("Region (ISO 3166-2)"), required=False, max_length=10)
    agency = forms.ChoiceField(label=_("Agency"), required=False, choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = _agencies()  # type: ignore[attr-defined]

    def input_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data.get(name) for name in self.fields}
        data["agency"] = data.get("agency") or None
        data["region"] = (data.get("region") or "").upper()
        return {k: v for k, v in data.items() if k in self.fields}


class FiltersForm(_Filters, InputForm[DashboardIn]):
    input_model = DashboardIn

    trend = forms.ChoiceField(
        label=_("Trend by month of"),
        required=False,
        choices=[("cases", _("Cases opened")), *_dimension_choices(TRENDS[1:])],
    )

    def input_data(self) -> dict[str, Any]:
        data = super().input_data()
        data["trend"] = data.get("trend") or "cases"
        return data


class ReportForm(_Filters, InputForm[ReportIn]):
    input_model = ReportIn

    rows = forms.ChoiceField(label=_("Rows"), choices=_dimension_choices(CROSSABLE))
    columns = forms.ChoiceField(label=_("Columns"), choices=_dimension_choices(CROSSABLE))


class ExportForm(_Filters, InputForm[ExportIn]):
    input_model = ExportIn

    kind = forms.ChoiceField(label=_("Export"), choices=ExportKind.choices)
    file_format = forms.ChoiceField(label=_("Format"), choices=ExportFormat.choices)

    def __init__(self, *args: Any, allowed: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [  # type: ignore[attr-defined]
            (k, label) for k, label in ExportKind.choices if k in allowed
        ]


class DatasetForm(InputForm[DatasetIn]):
    input_model = DatasetIn

    name = forms.CharField(label=pgettext_lazy("of a thing", "Name"), max_length=200)
    period_from = date_field(_("Cases opened from"))
    period_to = date_field(_("Cases opened up to"))
    epsilon_budget = forms.FloatField(
        label=_("Privacy budget (epsilon)"),
        help_text=_("Shared by every release of this dataset; smaller is more private."),
    )


class ReleaseForm(InputForm[ReleaseIn]):
    input_model = ReleaseIn

    dimension = forms.ChoiceField(
        label=_("Figures"),
        choices=_dimension_choices(
            c for c, d in DIMENSIONS.items() if d.values is not None or c == "nationality"
        ),
    )
    epsilon = forms.FloatField(
        label=_("Epsilon to spend"), help_text=_("More epsilon: less noise, less budget left.")
    )
