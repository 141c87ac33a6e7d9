from django import forms
from django.utils.translation import gettext_lazy as _


class TaskFilterForm(forms.Form):
    # The kinds are those the apps register; an unknown one shows nothing rather than failing.
    kind = forms.SlugField(label=_("Kind"), required=False, max_length=60)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
