"""Forms of the bezwaar screens. They check input; decisions.bezwaar decides and changes state."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import UtrechtFormMixin
from decisions.models import Beschikking, BezwaarOutcome


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _not_in_future(value: Any) -> None:
    if value is not None and value > timezone.localdate():
        raise forms.ValidationError(_("Deze datum kan niet in de toekomst liggen."))


class BezwaarForm(UtrechtFormMixin, forms.Form):
    received_on = forms.DateField(
        label=_("Ontvangen op"),
        widget=DateInput(),
        validators=[_not_in_future],
        help_text=_("De dag waarop het bezwaarschrift binnenkwam (poststempel of datum van de e-mail)."),
    )
    submitted_by = forms.CharField(
        label=_("Ingediend door"),
        max_length=200,
        help_text=_("De indiener, bijvoorbeeld de inwoner zelf, een wettelijk vertegenwoordiger of een gemachtigde."),
    )
    grounds = forms.CharField(
        label=_("Gronden van het bezwaar"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Waarom is de indiener het niet eens met de beschikking?"),
    )
    committee = forms.BooleanField(
        label=_("Een onafhankelijke adviescommissie behandelt het bezwaar"),
        required=False,
        help_text=_("De beslistermijn is dan 12 weken in plaats van 6 (Awb art. 7:10 lid 1)."),
    )


class BezwaarPostponeForm(UtrechtFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reden van verdaging"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("De indiener krijgt hiervan schriftelijk bericht (Awb art. 7:10 lid 3)."),
    )


class BezwaarDecideForm(UtrechtFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Uitkomst"), choices=[("", "---------"), *BezwaarOutcome.choices])
    decided_on = forms.DateField(label=_("Beslist op"), widget=DateInput(), validators=[_not_in_future])
    note = forms.CharField(
        label=_("Motivering"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Verplicht, behalve bij intrekking. Bij gegrond: beschrijf wat er aan de beschikking verandert."),
    )
    new_beschikking = forms.ModelChoiceField(
        label=_("Nieuwe beschikking"),
        queryset=Beschikking.objects.none(),
        required=False,
        help_text=_("Alleen bij gegrond: de beschikking die de oude vervangt. Kan ook later worden gekoppeld."),
    )

    def __init__(self, *args: Any, replacements: QuerySet[Beschikking], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["new_beschikking"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = replacements
        field.error_messages["invalid_choice"] = _("Kies een beschikking die de oude vervangt.")
        field.label_from_instance = lambda obj: f"{obj.number} ({obj.get_status_display().lower()})"  # type: ignore[method-assign]
