"""Forms to find or register the resident a melding is about."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import UtrechtFormMixin
from residents.models import HuishoudenType, Inwoner, LidRol
from residents.selectors import normalise_postcode

NEW_HOUSEHOLD = "nieuw"


class ResidentSearchForm(UtrechtFormMixin, forms.Form):
    """Search by BSN, or by surname + birth date: criteria that point at one person.

    Searching by address was dropped on purpose: it lists everyone who lives there, and a
    caseworker registering a melding needs to find the one person it is about, not the
    neighbours or the rest of the household.
    """

    bsn = forms.CharField(label=_("BSN"), max_length=9, required=False)
    achternaam = forms.CharField(label=_("Achternaam"), max_length=200, required=False)
    geboortedatum = forms.DateField(
        label=_("Geboortedatum"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean_bsn(self) -> str:
        return "".join(self.cleaned_data.get("bsn", "").split())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        by_bsn = bool(data.get("bsn"))
        by_name = bool(data.get("achternaam")) and data.get("geboortedatum") is not None
        if not (by_bsn or by_name):
            raise forms.ValidationError(_("Vul een BSN in, of de achternaam met de geboortedatum."), code="incomplete")
        return data

    def kind(self) -> str:
        """Which criteria were used, for the access log: never the terms themselves."""
        return "bsn" if self.cleaned_data.get("bsn") else "naam en geboortedatum"


class NewResidentForm(UtrechtFormMixin, forms.ModelForm):
    """A new resident; the model's validators check the BSN elfproef and the birth date."""

    postcode = forms.CharField(label=_("Postcode"), max_length=7, required=False, help_text=_("Bijv. 1234 AB"))

    class Meta:
        model = Inwoner
        fields = [
            "bsn",
            "voornamen",
            "tussenvoegsel",
            "achternaam",
            "geboortedatum",
            "straat",
            "huisnummer",
            "huisnummer_toevoeging",
            "postcode",
            "woonplaats",
            "telefoon",
        ]
        widgets = {"geboortedatum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        error_messages = {
            "bsn": {"unique": _("Er is al een inwoner met dit BSN. Kies de bestaande inwoner.")},
        }

    def clean_bsn(self) -> str | None:
        value = "".join((self.cleaned_data.get("bsn") or "").split())
        return value or None

    def clean_postcode(self) -> str:
        return normalise_postcode(self.cleaned_data.get("postcode", ""))


class HouseholdChoiceForm(UtrechtFormMixin, forms.Form):
    """Which household the melding is about: an existing one of the resident, or a new one."""

    huishouden = forms.ChoiceField(label=_("Huishouden"))
    type = forms.ChoiceField(label=_("Soort huishouden (bij een nieuw huishouden)"), choices=HuishoudenType.choices)
    rol = forms.ChoiceField(
        label=_("Rol in het huishouden (bij een bestaand huishouden)"), choices=LidRol.choices, initial=LidRol.OVERIG
    )

    def __init__(self, *args: Any, households: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, str]] = [(str(pk), label) for pk, label in households or []]
        choices.append((NEW_HOUSEHOLD, str(_("Nieuw huishouden"))))
        field = self.fields["huishouden"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices
        field.initial = choices[0][0]
