"""Forms for the plan, its goals, actions and the household's agreement. The services decide and save."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import InstrumentDomain
from catalogue.models import Kind, Voorziening
from core.forms import UtrechtFormMixin
from plans.models import ActieStatus, DoelStatus, Plan, Uitvoerder
from residents.models import Inwoner


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def validate_not_in_future(value: date | None) -> None:
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("Deze datum ligt in de toekomst."), code="future_date")


class PlanForm(UtrechtFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    going_well = forms.CharField(label=_("Wat goed gaat"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    worries = forms.CharField(
        label=_("Zorgen en prioriteiten"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    review_on = forms.DateField(label=_("Evaluatiedatum"), required=False, widget=date_input())

    @staticmethod
    def initial_for(plan: Plan | None) -> dict[str, Any]:
        if plan is None:
            return {"version": 0}
        return {
            "version": plan.version,
            "going_well": plan.going_well,
            "worries": plan.worries,
            "review_on": plan.review_on,
        }


class DomainChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name)


class DoelForm(UtrechtFormMixin, forms.Form):
    description = forms.CharField(
        label=_("Doel, in de woorden van het huishouden"), widget=forms.Textarea(attrs={"rows": 2})
    )
    domain = DomainChoiceField(
        label=_("Leefdomein"), queryset=InstrumentDomain.objects.none(), required=False, empty_label="–"
    )
    persons = PersonChoiceField(
        label=_("Voor wie"), queryset=Inwoner.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, members: "QuerySet[Inwoner]", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        domain = self.fields["domain"]
        assert isinstance(domain, DomainChoiceField)
        domain.queryset = InstrumentDomain.objects.filter(instrument__is_default=True).order_by("order", "pk")
        persons = self.fields["persons"]
        assert isinstance(persons, PersonChoiceField)
        persons.queryset = members
        persons.widget.attrs["class"] = "utrecht-checkbox utrecht-checkbox--html-input"


class DoelStatusForm(UtrechtFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status van het doel"), choices=DoelStatus.choices)


class ActieForm(UtrechtFormMixin, forms.Form):
    description = forms.CharField(label=_("Wat"), max_length=300)
    uitvoerder = forms.ChoiceField(label=_("Wie (soort)"), choices=[("", "–"), *Uitvoerder.choices])
    uitvoerder_name = forms.CharField(label=_("Wie (naam)"), max_length=200, required=False)
    due_on = forms.DateField(label=_("Wanneer klaar"), required=False, widget=date_input())
    voorziening = forms.ChoiceField(
        label=_("Algemene voorziening"),
        required=False,
        help_text=_("Een voorziening voor iedereen, zonder besluit."),
    )

    def __init__(self, *args: Any, voorzieningen: "Sequence[Voorziening] | None" = None, **kwargs: Any) -> None:
        """`voorzieningen`: the active algemene voorzieningen, read once for all goals of a page."""
        super().__init__(*args, **kwargs)
        if voorzieningen is None:
            voorzieningen = list(Voorziening.objects.filter(kind=Kind.ALGEMEEN, active=True).order_by("name"))
        self._voorzieningen = {str(voorziening.pk): voorziening for voorziening in voorzieningen}
        field = self.fields["voorziening"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "–"), *((pk, voorziening.name) for pk, voorziening in self._voorzieningen.items())]

    def clean_voorziening(self) -> Voorziening | None:
        value = self.cleaned_data.get("voorziening") or ""
        return self._voorzieningen.get(value) if value else None


class ActieStatusForm(UtrechtFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status van de actie"), choices=ActieStatus.choices)


class AkkoordForm(UtrechtFormMixin, forms.Form):
    agreed_on = forms.DateField(label=_("Akkoord gegeven op"), widget=date_input(), validators=[validate_not_in_future])
    agreed_by = forms.CharField(
        label=_("Akkoord gegeven door"),
        max_length=200,
        help_text=_("Naam van het lid van het huishouden (of de vertegenwoordiger) dat akkoord gaf."),
    )
