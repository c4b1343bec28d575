"""Forms for the discussion of a theme: a note and an improvement action."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import UtrechtFormMixin
from reflection.models import Stage


class NoteForm(UtrechtFormMixin, forms.Form):
    text = forms.CharField(label=_("Notitie"), widget=forms.Textarea(attrs={"rows": 3}))


class ActionForm(UtrechtFormMixin, forms.Form):
    description = forms.CharField(label=_("Wat gaan we doen?"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.CharField(label=_("Wie pakt het op?"), max_length=120)
    due_on = forms.DateField(
        label=_("Klaar op"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    stage = forms.ChoiceField(label=_("Fase"), choices=Stage.choices, initial=Stage.PLAN)


class ActionUpdateForm(forms.Form):
    stage = forms.ChoiceField(choices=Stage.choices)
    done = forms.BooleanField(required=False)
    version = forms.IntegerField(min_value=1)
