"""Forms of the age assessment pages. They collect the values; each builds the write's input
model (ages.schemas), which checks them as the API does."""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kinhaven.ages.enums import (
    AgeMethod,
    AppealOutcome,
    DoubtTrigger,
    NoticeMeans,
    Recipient,
)
from kinhaven.ages.schemas import (
    MAX_AGE,
    MAX_AUTHORITY,
    MAX_NAMES,
    MAX_RECORDED_AGE,
    MAX_TEXT,
    AgeAppealDecisionIn,
    AgeAppealIn,
    AgeDecisionIn,
    AgeNoticeIn,
    AgeRequestIn,
    AgeStepIn,
    AgeWithdrawalIn,
)
from kinhaven.core.forms import InputForm, date_field, text_area
from kinhaven.core.locale_names import LanguageField

_date = date_field
_text = partial(text_area, max_length=MAX_TEXT)


def _age(label: Any, *, highest: int, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=highest,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class AgeRequestForm(InputForm[AgeRequestIn]):
    input_model = AgeRequestIn
    prefix = "request"

    trigger = forms.ChoiceField(label=_("What raised the doubt"), choices=DoubtTrigger.choices)
    reason = _text(_("Reason for doubt"), help_text=_("Only where the age is in doubt."))
    override_reason = _text(
        _("Why the documented date of birth is doubted"),
        required=False,
        help_text=_("Needed where the full date of birth is recorded with an identity document."),
    )


class StepForm(InputForm[AgeStepIn]):
    input_model = AgeStepIn
    prefix = "step"

    method = forms.ChoiceField(
        label=_("Method"),
        choices=AgeMethod.choices,
        help_text=_("From the least intrusive: a medical examination comes last, never first."),
    )
    performed_on = _date(_("Performed on"))
    performed_by = forms.CharField(label=_("Performed by (names and roles)"), max_length=MAX_NAMES)
    guardian_present = forms.BooleanField(
        label=_("The guardian was present"),
        required=False,
        help_text=_("Required for a psychosocial assessment and a medical examination."),
    )
    findings = _text(_("Findings"))
    settles_age = forms.BooleanField(label=_("This method settled the age"), required=False)
    insufficiency_reason = _text(
        _("Why the earlier methods did not settle the age"),
        required=False,
        help_text=_("Medical examination only."),
    )
    child_consent_on = _date(
        _("The child's informed consent, given on"),
        required=False,
        help_text=_("Medical examination only."),
    )
    guardian_consent_on = _date(
        _("The guardian's informed consent, given on"),
        required=False,
        help_text=_("Medical examination only."),
    )


class DecisionForm(InputForm[AgeDecisionIn]):
    input_model = AgeDecisionIn
    prefix = "decision"

    min_age = _age(_("Lowest age (years)"), highest=MAX_RECORDED_AGE)
    max_age = _age(_("Highest age (years)"), highest=MAX_AGE)
    decided_on = _date(_("Decided on"))
    authority = forms.CharField(
        label=_("Deciding authority"), required=False, max_length=MAX_AUTHORITY
    )
    reasons = _text(_("Reasons"))
    remedy = _text(
        _("How the decision can be challenged"),
        help_text=_("Where, how and by when an appeal can be lodged."),
    )


class NoticeForm(InputForm[AgeNoticeIn]):
    input_model = AgeNoticeIn
    prefix = "notice"

    recipient = forms.ChoiceField(label=_("Who was told"), choices=Recipient.choices)
    notified_on = _date(_("Told on"))
    language = LanguageField(label=_("Language used"))
    means = forms.ChoiceField(label=_("How"), choices=NoticeMeans.choices)
    interpreter = forms.BooleanField(label=_("With an interpreter"), required=False)
    note = _text(_("Note"), required=False)


class AppealForm(InputForm[AgeAppealIn]):
    input_model = AgeAppealIn
    prefix = "appeal"

    lodged_on = _date(_("Lodged on"))
    lodged_by = forms.CharField(label=_("Lodged by"), max_length=MAX_NAMES)
    grounds = _text(_("Grounds"))


class AppealDecisionForm(InputForm[AgeAppealDecisionIn]):
    input_model = AgeAppealDecisionIn
    prefix = "appeal_decision"

    outcome = forms.ChoiceField(label=_("Outcome"), choices=AppealOutcome.choices)
    min_age = _age(_("New lowest age (years)"), highest=MAX_RECORDED_AGE, required=False)
    max_age = _age(_("New highest age (years)"), highest=MAX_AGE, required=False)
    decided_on = _date(_("Decided on"))
    authority = forms.CharField(
        label=_("Deciding authority"), required=False, max_length=MAX_AUTHORITY
    )
    reasons = _text(_("Reasons"))
    remedy = _text(
        _("How the decision can be challenged"),
        help_text=_("Where, how and by when an appeal can be lodged."),
    )


class WithdrawalForm(InputForm[AgeWithdrawalIn]):
    input_model = AgeWithdrawalIn
    prefix = "withdrawal"

    reason = _text(_("Why the doubt is gone"))
