from django import forms
from django.utils.translation import gettext_lazy as _

from kinhaven.workspace.schemas import MAX_KIND


class TaskFilterForm(forms.Form):
    # The kinds are those the apps register; an unknown one shows nothing rather than failing.
    kind = forms.SlugField(label=_("Kind"), required=False, max_length=MAX_KIND)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
