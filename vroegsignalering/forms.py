"""Forms for the outreach work: a contact attempt and the outcome. They check input; services check the rules."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import UtrechtFormMixin
from monitor.periods import Period
from organisation.models import Gemeente
from vroegsignalering.models import CasusOutcome, ContactMethod, ContactResult, Daypart

_DATE = {"type": "date"}


def _date_field(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d"),
        error_messages={"invalid": _("Vul een geldige datum in (dd-mm-jjjj).")},
        **kwargs,
    )


class AttemptForm(UtrechtFormMixin, forms.Form):
    method = forms.ChoiceField(label=_("Hoe"), choices=[("", "–"), *ContactMethod.choices])
    on = _date_field(_("Datum"), initial=timezone.localdate)
    daypart = forms.ChoiceField(label=_("Dagdeel"), choices=[("", "–"), *Daypart.choices])
    result = forms.ChoiceField(label=_("Resultaat"), choices=[("", "–"), *ContactResult.choices])
    note = forms.CharField(
        label=_("Notitie"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Alleen wat nodig is om het aanbod te doen; geen details over de schulden zelf."),
    )


#: The outcomes a caseworker chooses from (not "open").
OUTCOME_CHOICES = [(value, label) for value, label in CasusOutcome.choices if value != CasusOutcome.OPEN]


class OutcomeForm(UtrechtFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Uitkomst"), choices=[("", "–"), *OUTCOME_CHOICES])
    on = _date_field(_("Datum van de uitkomst"), initial=timezone.localdate)
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Bij 'Aanbod geaccepteerd' wordt een melding schuldhulpverlening (Wgs) geregistreerd in het dossier "
            "van het huishouden; de termijn voor het eerste gesprek gaat in op deze datum."
        ),
    )


class ExportForm(UtrechtFormMixin, forms.Form):
    gemeente = forms.ModelChoiceField(
        label=_("Gemeente"), queryset=Gemeente.objects.order_by("name"), empty_label=None, to_field_name="cbs_code"
    )
    period = forms.CharField(
        label=_("Periode"),
        max_length=7,
        help_text=_("Een maand (bijv. 2026-03) of een kwartaal (bijv. 2026-K1)."),
    )

    def clean_period(self) -> Period:
        """A month or a quarter, as the monitor writes them; a whole year is not a delivery period."""
        period = Period.parse(self.cleaned_data["period"].strip().upper())
        if period is None or "-" not in period.key:
            raise forms.ValidationError(_("Geef een maand (bijv. 2026-03) of een kwartaal (bijv. 2026-K1)."))
        if period.start > timezone.localdate():
            raise forms.ValidationError(_("Deze periode is nog niet begonnen."))
        return period
