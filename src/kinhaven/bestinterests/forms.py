"""Forms of the best-interests page. They collect the values; each builds the write's input
model (bestinterests.schemas), which checks them as the API does. The determination's panel is
a formset of members: a blank row is left out, each filled row builds a PanelMemberIn."""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kinhaven.bestinterests.enums import BidPurpose, HeardHow, Position
from kinhaven.bestinterests.models import AssessmentVersion
from kinhaven.bestinterests.schemas import (
    MAX_LINE,
    MAX_MEMBERS,
    MAX_TEXT,
    ApprovalDecisionIn,
    AssessmentVersionIn,
    DeterminationIn,
    PanelMemberIn,
)
from kinhaven.bestinterests.selectors import disciplines_active
from kinhaven.core.errors import ErrorCode
from kinhaven.core.forms import InputForm, date_field, text_area
from kinhaven.core.locale_names import LanguageField

_date = date_field
_text = partial(text_area, max_length=MAX_TEXT)

# Blank rows of the panel shown for a new determination.
MEMBER_ROWS = 5
DOMAINS = [
    "safety_risks",
    "family_relationships",
    "health",
    "education",
    "identity",
    "culture_language",
]
VIEWS = ["child_views", "heard_how", "heard_language", "heard_with"]


def _line(label: Any, *, required: bool = False, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=MAX_LINE,
        help_text=help_text,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )


class _ChildViewsFields(forms.Form):
    child_views = _text(
        _("The child's views"),
        required=False,
        help_text=_("In the child's words; where the child was not heard, why not."),
    )
    heard_how = forms.ChoiceField(label=_("How the child was heard"), choices=HeardHow.choices)
    heard_language = LanguageField(label=_("Language the child was heard in"), required=False)
    heard_with = _line(_("Who was present"))


class AssessmentVersionForm(_ChildViewsFields, InputForm[AssessmentVersionIn]):
    input_model = AssessmentVersionIn
    prefix = "version"

    safety_risks = _text(_("Safety and risks"))
    family_relationships = _text(_("Family and relationships"))
    health = _text(_("Health"))
    education = _text(_("Education"))
    identity = _text(_("Identity"))
    culture_language = _text(_("Culture and language"))
    guardian_view = _text(_("The guardian's view"), required=False)

    field_order = (*DOMAINS, *VIEWS, "guardian_view")

    @classmethod
    def from_version(cls, version: AssessmentVersion | None) -> AssessmentVersionForm:
        """A blank form, or one holding the latest version's content: an update is an edit of
        it, recorded as a new version."""
        if version is None:
            return cls()
        names = [*DOMAINS, *VIEWS, "guardian_view"]
        return cls(initial={name: getattr(version, name) for name in names})


class ApprovalDecisionForm(InputForm[ApprovalDecisionIn]):
    input_model = ApprovalDecisionIn
    prefix = "decision"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("send_back", _("Send back"))],
        widget=forms.RadioSelect,
    )
    reasons = _text(
        _("Reasons"), required=False, help_text=_("Needed when the version is sent back.")
    )


class SubmitForm(forms.Form):
    """Submitting a draft for approval: nothing to fill in; the form carries the refusal."""


class PanelMemberForm(InputForm[PanelMemberIn]):
    input_model = PanelMemberIn

    name = _line(_("Name"), required=True)
    discipline = forms.ChoiceField(label=_("Discipline"))
    position = forms.ChoiceField(
        label=_("Position"), choices=Position.choices, initial=Position.AGREE
    )
    reasons = _text(_("Reasons"), required=False, help_text=_("Needed for a dissent."))

    def __init__(self, *args: Any, disciplines: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["discipline"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *disciplines,
        ]


class _MemberFormSet(forms.BaseFormSet):  # type: ignore[type-arg]  # django-stubs: generic
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        disciplines = [(d.code, d.label) for d in disciplines_active()]
        kwargs["form_kwargs"] = {"disciplines": disciplines}
        super().__init__(*args, **kwargs)


MemberFormSet = forms.formset_factory(
    PanelMemberForm,
    formset=_MemberFormSet,
    extra=MEMBER_ROWS,
    max_num=MAX_MEMBERS,
    absolute_max=MAX_MEMBERS,
    validate_max=True,
)


class DeterminationForm(_ChildViewsFields, InputForm[DeterminationIn]):
    """The determination with its panel: the members' rows are a formset (`members`), and the
    errors of the panel as a whole stand under `members`, as the API names them."""

    input_model = DeterminationIn
    prefix = "bid"

    purposes = forms.MultipleChoiceField(
        label=_("Decisions found in the child's best interests"),
        choices=BidPurpose.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    options = _text(_("Options considered"))
    factors = _text(_("Factors weighed"))
    decision = _text(_("Decision"))
    reasons = _text(_("Reasons"))
    guardian_present = forms.BooleanField(label=_("The guardian was present"), required=False)
    guardian_written_view = _text(
        _("The guardian's written view"),
        required=False,
        help_text=_("Needed when the guardian was not present."),
    )
    decided_on = _date(_("Decided on"))
    review_on = _date(_("Review by"))
    # Carries the errors of the panel as a whole; the rows are the formset's.
    members = forms.CharField(required=False, widget=forms.HiddenInput)

    field_order = (
        "purposes",
        "options",
        "factors",
        "decision",
        "reasons",
        *VIEWS,
        "guardian_present",
        "guardian_written_view",
        "decided_on",
        "review_on",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.member_rows = MemberFormSet(self.data if self.is_bound else None, prefix="members")

    def filled_rows(self) -> list[PanelMemberForm]:
        return [f for f in self.member_rows.forms if f.has_changed()]

    def clean(self) -> dict[str, Any] | None:
        if not self.member_rows.is_valid():
            # Above the rows, the words of the API for the same panel (its field `members`).
            messages = [str(e) for e in self.member_rows.non_form_errors()]
            for row in self.member_rows.forms:
                messages += [str(e) for errors in row.errors.values() for e in errors]
            for message in dict.fromkeys(messages):
                self.add_error("members", ValidationError(message, code=ErrorCode.INVALID))
        return super().clean()

    def input_data(self) -> dict[str, Any]:
        data = super().input_data()
        data["members"] = [row.input for row in self.filled_rows()]
        return data

    @property
    def members_errors(self) -> list[str]:
        return [str(e) for e in self.errors.get("members", [])]
