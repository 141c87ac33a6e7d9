"""Forms of the data-protection page; each builds its write's input model."""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kinhaven.core.forms import InputForm, date_field, text_area
from kinhaven.core.locale_names import LanguageField
from kinhaven.dataprotection.enums import ConsentPoint, GivenBy
from kinhaven.dataprotection.schemas import (
    MAX_TEXT,
    ConsentIn,
    ConsentWithdrawIn,
    DataExportIn,
)

_date = date_field
_text = partial(text_area, max_length=MAX_TEXT, rows=2)


class ConsentForm(InputForm[ConsentIn]):
    """The seven points as checkboxes (ticked: yes), then who, why, how long, in which language."""

    input_model = ConsentIn

    given_by = forms.ChoiceField(label=_("Given by"), choices=GivenBy.choices)
    purpose = _text(_("Purpose the data are processed for"))
    retention = _text(_("How long the data are kept, as the child was told"))
    language = LanguageField(label=_("Language the child was told in"))
    recorded_on = _date(_("Recorded on"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        points = {p.value: forms.BooleanField(label=p.label, required=False) for p in ConsentPoint}
        self.fields = {**points, **self.fields}

    def input_data(self) -> dict[str, Any]:
        data = {n: self.cleaned_data[n] for n in ("given_by", "purpose", "retention", "language")}
        data["recorded_on"] = self.cleaned_data["recorded_on"]
        data["points"] = {p: bool(self.cleaned_data.get(p)) for p in ConsentPoint.values}
        return data


class ConsentWithdrawForm(InputForm[ConsentWithdrawIn]):
    input_model = ConsentWithdrawIn

    withdrawn_on = _date(_("Withdrawn on"))
    reason = _text(_("Reason, if the child gave one"), required=False)


class DataExportForm(InputForm[DataExportIn]):
    input_model = DataExportIn

    reason = _text(_("Why (the request, who made it)"))
