"""The privacy officer's search form for the access log."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from audit.models import AccessAction, AccessBasis
from core.forms import UtrechtFormMixin
from residents.models import validate_bsn


class LogSearchForm(UtrechtFormMixin, forms.Form):
    bsn = forms.CharField(
        label=_("BSN"),
        required=False,
        max_length=9,
        validators=[validate_bsn],
        help_text=_("Alle toegang tot de gegevens van deze persoon en de dossiers van diens huishoudens."),
    )
    inwoner = forms.IntegerField(label=_("Nummer van de inwoner"), required=False, min_value=1)
    medewerker = forms.CharField(
        label=_("Medewerker"), required=False, max_length=100, help_text=_("Gebruikersnaam of (een deel van) de naam.")
    )
    van = forms.DateField(
        label=_("Vanaf datum"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    tot = forms.DateField(
        label=_("Tot en met datum"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    dossier = forms.IntegerField(label=_("Dossiernummer"), required=False, min_value=1)
    handeling = forms.ChoiceField(
        label=_("Handeling"), required=False, choices=[("", _("Alle handelingen")), *AccessAction.choices]
    )
    grondslag = forms.ChoiceField(
        label=_("Grondslag"), required=False, choices=[("", _("Alle grondslagen")), *AccessBasis.choices]
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("van") and data.get("tot") and data["van"] > data["tot"]:
            self.add_error("tot", _("De einddatum ligt voor de begindatum."))
        return data
