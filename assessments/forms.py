"""Forms for the onderzoek and the ZRM scores. They check input; the services decide and save."""

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from assessments.models import WMO_TOPICS, Instrument, InstrumentDomain, Onderzoek, Outcome
from assessments.services import ONDERZOEK_FIELDS, DomainScore, completion_problems
from core.forms import UtrechtFormMixin


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def validate_not_in_future(value: date | None) -> None:
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("Deze datum ligt in de toekomst."), code="future_date")


class StaffChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class OnderzoekForm(UtrechtFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    participants = StaffChoiceField(
        label=_("Medewerkers bij het gesprek"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_participants = forms.CharField(
        label=_("Andere deelnemers"),
        max_length=300,
        required=False,
        help_text=_("Bijv. mantelzorger, cliëntondersteuner."),
    )
    conversation_on = forms.DateField(
        label=_("Datum gesprek"), required=False, widget=date_input(), validators=[validate_not_in_future]
    )
    clientondersteuning_offered = forms.BooleanField(label=_("Gratis cliëntondersteuning aangeboden"), required=False)
    persoonlijk_plan_received_on = forms.DateField(
        label=_("Persoonlijk plan ontvangen op"),
        required=False,
        widget=date_input(),
        validators=[validate_not_in_future],
    )
    outcome = forms.ChoiceField(label=_("Uitkomst (de ladder)"), required=False, choices=[("", "–"), *Outcome.choices])
    verslag = forms.CharField(label=_("Verslag voor het huishouden"), required=False, widget=forms.Textarea)
    verslag_sent_on = forms.DateField(
        label=_("Verslag verstrekt op"), required=False, widget=date_input(), validators=[validate_not_in_future]
    )
    completed_on = forms.DateField(
        label=_("Afgerond op"),
        required=False,
        widget=date_input(),
        validators=[validate_not_in_future],
        help_text=_("Vul in om het onderzoek af te ronden; daarvoor zijn uitkomst en verslag nodig."),
    )

    def __init__(self, *args: Any, staff: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in WMO_TOPICS:
            self.fields[name] = forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": 3}))
            self.fields[name].widget.attrs["class"] = "utrecht-textarea utrecht-textarea--html-textarea"
        participants = self.fields["participants"]
        assert isinstance(participants, StaffChoiceField)
        participants.queryset = User.objects.filter(pk__in=[user.pk for user in staff]).order_by(
            "first_name", "last_name", "pk"
        )
        participants.widget.attrs["class"] = "utrecht-checkbox utrecht-checkbox--html-input"

    def topic_fields(self) -> list[forms.BoundField]:
        return [self[name] for name, _label in WMO_TOPICS]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, message in completion_problems(cleaned).items():
            self.add_error(name, message)
        return cleaned

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in ONDERZOEK_FIELDS}

    @staticmethod
    def initial_for(onderzoek: Onderzoek | None) -> dict[str, Any]:
        if onderzoek is None:
            return {"version": 0}
        initial: dict[str, Any] = {name: getattr(onderzoek, name) for name in ONDERZOEK_FIELDS}
        initial["version"] = onderzoek.version
        initial["participants"] = [user.pk for user in onderzoek.participants.all()]
        return initial


class ZrmScoreForm(UtrechtFormMixin, forms.Form):
    """A level and motivation per domain of the instrument; domains left empty are not scored."""

    assessed_on = forms.DateField(label=_("Datum"), widget=date_input(), validators=[validate_not_in_future])

    def __init__(self, *args: Any, instrument: Instrument, **kwargs: Any) -> None:
        self.instrument = instrument
        self.domains: list[InstrumentDomain] = list(instrument.domains.all())
        levels = list(instrument.levels.all())  # type: ignore[attr-defined]
        level_list = ", ".join(str(level.value) for level in levels)
        super().__init__(*args, **kwargs)
        for domain in self.domains:
            self.fields[f"level_{domain.pk}"] = forms.TypedChoiceField(
                label=domain.name,
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", _("Niet gescoord")), *[(level.value, str(level)) for level in levels]],
                error_messages={
                    "invalid_choice": _("Kies een niveau van het instrument (%(levels)s).") % {"levels": level_list}
                },
            )
            self.fields[f"motivation_{domain.pk}"] = forms.CharField(
                label=_("Motivering %(domain)s") % {"domain": domain.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        # The mixin styled the fields that existed at super().__init__(); style the per-domain ones too.
        for name, form_field in self.fields.items():
            if name.startswith("level_"):
                form_field.widget.attrs["class"] = "utrecht-select utrecht-select--html-select"
            elif name.startswith("motivation_"):
                form_field.widget.attrs["class"] = "utrecht-textarea utrecht-textarea--html-textarea"

    def domain_rows(self) -> list[tuple[InstrumentDomain, forms.BoundField, forms.BoundField]]:
        return [(domain, self[f"level_{domain.pk}"], self[f"motivation_{domain.pk}"]) for domain in self.domains]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and not self.scores():
            raise forms.ValidationError(_("Kies voor minstens één leefdomein een niveau."), code="empty")
        return cleaned

    def scores(self) -> list[DomainScore]:
        return [
            DomainScore(
                domain=domain,
                level=self.cleaned_data[f"level_{domain.pk}"],
                motivation=self.cleaned_data.get(f"motivation_{domain.pk}", ""),
            )
            for domain in self.domains
            if self.cleaned_data.get(f"level_{domain.pk}") is not None
        ]
