"""Input for aanvragen, beschikkingen, the free budget and indications. Forms check shape; services check rules."""

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from catalogue.codes import Kind, Law
from catalogue.models import Aanbieder, Voorziening
from catalogue.selectors import contracted_providers
from core.forms import UtrechtFormMixin
from decisions.models import Leveringsvorm, OtherLawKind, Outcome
from dossiers.models import Dossier
from plans.models import Doel
from residents.models import Inwoner

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _PersonChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, Inwoner)
        return f"{obj.voornamen} {obj.tussenvoegsel} {obj.achternaam} ({date_format(obj.geboortedatum)})".replace(
            "  ", " "
        )


class _StaffChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, User)
        return f"{obj.get_full_name() or obj.username} ({obj.get_role_display()})"


class _ProvisionChoices(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, Voorziening)
        return f"{obj.get_law_display()}: {obj}"


def household_members(dossier: Dossier) -> QuerySet[Inwoner]:
    return Inwoner.objects.filter(lidmaatschappen__huishouden=dossier.huishouden).distinct().order_by("geboortedatum")


class AanvraagForm(UtrechtFormMixin, forms.Form):
    inwoner = _PersonChoice(queryset=Inwoner.objects.none(), label=_("Voor wie"))
    law = forms.ChoiceField(choices=Law.choices, label=_("Wet"))
    voorzieningen = _ProvisionChoices(
        queryset=Voorziening.objects.none(),
        label=_("Gevraagde maatwerkvoorzieningen"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kies voorzieningen die onder de gekozen wet vallen."),
    )
    description = forms.CharField(label=_("Wat vraagt het huishouden"), widget=forms.Textarea(attrs={"rows": 3}))
    received_on = forms.DateField(label=_("Ontvangen op"), widget=_DATE, initial=timezone.localdate)
    doel = forms.ModelChoiceField(queryset=Doel.objects.none(), required=False, label=_("Doel in het plan"))
    consulent = _StaffChoice(
        queryset=User.objects.none(),
        required=False,
        label=_("Consulent die beslist"),
        help_text=_("De consulent wordt betrokken bij het dossier en ziet de aanvraag in de werkvoorraad."),
    )
    spoed = forms.BooleanField(
        required=False,
        label=_("Spoedeisend: tijdelijke voorziening in afwachting van het onderzoek (Wmo art. 2.3.3)"),
    )
    spoed_reason = forms.CharField(required=False, label=_("Waarom spoed"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, dossier: Dossier, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = household_members(dossier)
        self.fields["inwoner"].queryset = members  # type: ignore[attr-defined]
        if len(members) == 1:
            self.fields["inwoner"].initial = members[0]
        self.fields["voorzieningen"].queryset = Voorziening.objects.filter(  # type: ignore[attr-defined]
            kind=Kind.MAATWERK, active=True
        ).order_by("law", "name")
        self.fields["doel"].queryset = Doel.objects.filter(plan__dossier=dossier)  # type: ignore[attr-defined]
        self.fields["consulent"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(
                role__in=[Role.CONSULENT, Role.TEAMLEIDER], team_memberships__team=dossier.team, is_active=True
            )
            .distinct()
            .order_by("role", "last_name")
        )

    def clean_received_on(self) -> date:
        value: date = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("De datum van ontvangst ligt in de toekomst."))
        return value


class BeschikkingForm(UtrechtFormMixin, forms.Form):
    outcome = forms.ChoiceField(choices=Outcome.choices, label=_("Besluit"))
    motivation = forms.CharField(
        label=_("Motivering"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Waarom dit besluit: de uitkomst van het onderzoek, wat het huishouden zelf kan en wat nodig is."),
    )
    legal_basis = forms.CharField(label=_("Wettelijke grondslag"), max_length=300)
    eigen_bijdrage = forms.BooleanField(
        required=False, label=_("Wmo: eigen bijdrage van toepassing (het CAK stelt die vast en int die)")
    )


class RegelForm(UtrechtFormMixin, forms.Form):
    """The decision about one aangevraagd product."""

    granted = forms.BooleanField(required=False, initial=True, label=_("Toekennen"))
    volume = forms.IntegerField(required=False, min_value=1, label=_("Omvang"))
    start = forms.DateField(required=False, label=_("Ingangsdatum"), widget=_DATE)
    end = forms.DateField(required=False, label=_("Einddatum"), widget=_DATE)
    leveringsvorm = forms.ChoiceField(choices=Leveringsvorm.choices, label=_("Leveringsvorm"))
    aanbieder = forms.ModelChoiceField(queryset=Aanbieder.objects.none(), required=False, label=_("Aanbieder (ZIN)"))
    pgb_choice_recorded = forms.BooleanField(
        required=False, label=_("De inwoner heeft gemotiveerd gekozen voor een pgb")
    )
    pgb_choice_note = forms.CharField(
        required=False, label=_("Motivering van de keuze voor een pgb"), widget=forms.Textarea(attrs={"rows": 2})
    )
    rejection_reason = forms.CharField(
        required=False, label=_("Reden van afwijzing"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, voorziening: Voorziening, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.voorziening = voorziening
        unit = voorziening.get_unit_display() if voorziening.unit else ""
        frequency = voorziening.get_frequency_display() if voorziening.frequency else ""
        self.fields["volume"].help_text = " ".join(part for part in (str(unit), str(frequency)) if part)
        self.fields["aanbieder"].queryset = contracted_providers(  # type: ignore[attr-defined]
            voorziening, timezone.localdate()
        )
        if not voorziening.uses_istandaarden:
            self.fields["aanbieder"].help_text = _("Niet nodig: geen iStandaard-toewijzing onder deze wet.")


class SignForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class SendForm(UtrechtFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    sent_on = forms.DateField(label=_("Verzonden op"), widget=_DATE, initial=timezone.localdate)


class BudgetSpendForm(UtrechtFormMixin, forms.Form):
    amount = forms.DecimalField(label=_("Bedrag (€)"), min_value=Decimal("0.01"), max_digits=10, decimal_places=2)
    description = forms.CharField(label=_("Waarvoor"), max_length=300)
    reason = forms.CharField(
        label=_("Waarom uit het vrij besteedbaar budget"), widget=forms.Textarea(attrs={"rows": 3})
    )


class IndicationForm(UtrechtFormMixin, forms.Form):
    inwoner = _PersonChoice(queryset=Inwoner.objects.none(), label=_("Voor wie"))
    kind = forms.ChoiceField(choices=OtherLawKind.choices, label=_("Soort"))
    valid_from = forms.DateField(label=_("Geldig vanaf"), widget=_DATE)
    valid_to = forms.DateField(label=_("Geldig tot en met"), widget=_DATE, required=False)
    note = forms.CharField(label=_("Toelichting"), max_length=300, required=False)

    def __init__(self, *args: Any, dossier: Dossier, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["inwoner"].queryset = household_members(dossier)  # type: ignore[attr-defined]
