"""Input for changing an allocation. Forms check shape; `allocations.outgoing` checks the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from allocations.outgoing import REDEN_WIJZIGING
from core.forms import UtrechtFormMixin

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ToewijzingChangeForm(UtrechtFormMixin, forms.Form):
    einddatum = forms.DateField(
        label=_("Nieuwe einddatum"),
        widget=_DATE,
        required=False,
        help_text=_(
            "Verlengen of verkorten gaat door de einddatum te verschuiven (OP380). Bij 'verwijderd' "
            "wordt de einddatum de ingangsdatum."
        ),
    )
    reden_wijziging = forms.ChoiceField(
        label=_("Reden wijziging"),
        choices=[("", "---------")] + [(code, f"{code} {label}") for code, label in REDEN_WIJZIGING.items()],
    )
    volume = forms.IntegerField(
        label=_("Omvang (volume)"),
        required=False,
        min_value=1,
        help_text=_("Alleen invullen om de omvang te corrigeren zolang de levering nog niet is gestart."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
