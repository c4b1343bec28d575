"""The privacy officer's search form for the access log."""

from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from audit.models import AccessAction, AccessBasis
from core.forms import UtrechtFormMixin
from residents.models import validate_bsn

#: The largest id the database stores (bigint); a larger "dossier number" is refused as input.
MAX_ID = 2**63 - 1


class Aanleiding(models.TextChoices):
    """Why the privacy officer looks up a person: recorded with every person search (need-to-know)."""

    INZAGEVERZOEK = "inzageverzoek", _("Inzageverzoek van de inwoner (AVG art. 15)")
    KLACHT = "klacht", _("Klacht of melding van mogelijk misbruik")
    CONTROLE = "controle", _("Controle of steekproef")


#: A case or letter number of the request, not a name: letters, digits and . / _ - only.
validate_kenmerk = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9./_-]{1,39}\Z",
    _("Geef het kenmerk van het verzoek: 2 tot 40 letters, cijfers of . / _ - (geen namen)."),
)


class LogSearchForm(UtrechtFormMixin, forms.Form):
    bsn = forms.CharField(
        label=_("BSN"),
        required=False,
        max_length=9,
        validators=[validate_bsn],
        help_text=_("Alle toegang tot de gegevens van deze persoon en de dossiers van diens huishoudens."),
    )
    aanleiding = forms.ChoiceField(
        label=_("Aanleiding"),
        required=False,
        choices=[("", _("Kies de aanleiding")), *Aanleiding.choices],
        help_text=_("Verplicht bij zoeken op BSN. Alleen bij een inzageverzoek kunt u het inzage-overzicht maken."),
    )
    kenmerk = forms.CharField(
        label=_("Kenmerk van het verzoek"),
        required=False,
        max_length=40,
        validators=[validate_kenmerk],
        help_text=_("Bijv. het zaaknummer van het inzageverzoek of de klacht. Wordt vastgelegd in het toegangslog."),
    )
    medewerker = forms.CharField(
        label=_("Medewerker"), required=False, max_length=100, help_text=_("Gebruikersnaam of (een deel van) de naam.")
    )
    van = forms.DateField(
        label=_("Vanaf datum"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    tot = forms.DateField(
        label=_("Tot en met datum"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    dossier = forms.IntegerField(
        label=_("Dossiernummer"),
        required=False,
        min_value=1,
        max_value=MAX_ID,
        error_messages={"max_value": _("Er bestaat geen dossier met zo'n groot nummer.")},
    )
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
        if data.get("bsn"):
            if not data.get("aanleiding"):
                self.add_error("aanleiding", _("Geef aan waarom u deze persoon opzoekt."))
            if not data.get("kenmerk") and "kenmerk" not in self.errors:
                self.add_error("kenmerk", _("Geef het kenmerk van het verzoek of de klacht."))
        return data
