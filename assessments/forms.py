"""Forms for the onderzoek and the ZRM scores. They check input; the services decide and save."""

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from assessments.models import WMO_TOPICS, Instrument, InstrumentDomain, Onderzoek, Outcome, Reaction
from assessments.models import not_applicable_field as na
from assessments.services import ONDERZOEK_FIELDS, DomainScore, completion_problems, topic_problems
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
    clientondersteuning_offered_on = forms.DateField(
        label=_("Cliëntondersteuning aangeboden op"),
        required=False,
        widget=date_input(),
        validators=[validate_not_in_future],
        help_text=_("Wmo 2015 art. 2.3.2 lid 3: al bij de melding. Nodig om een Wmo-onderzoek af te ronden."),
    )
    pgb_information_given = forms.BooleanField(
        label=_("Gewezen op de mogelijkheid van een persoonsgebonden budget (pgb)"),
        required=False,
        help_text=_("Wmo 2015 art. 2.3.2 lid 6. Nodig om een Wmo-onderzoek af te ronden."),
    )
    persoonlijk_plan_received_on = forms.DateField(
        label=_("Persoonlijk plan ontvangen op"),
        required=False,
        widget=date_input(),
        validators=[validate_not_in_future],
    )
    outcome = forms.ChoiceField(label=_("Uitkomst (de ladder)"), required=False, choices=[("", "–"), *Outcome.choices])
    verslag = forms.CharField(label=_("Verslag voor het huishouden"), required=False, widget=forms.Textarea)
    completed_on = forms.DateField(
        label=_("Afgerond op"),
        required=False,
        widget=date_input(),
        validators=[validate_not_in_future],
        help_text=_(
            "Vul in om het onderzoek af te ronden; daarvoor zijn uitkomst en verslag nodig, en bij de Wmo ook elk "
            "onderwerp van lid 4, de cliëntondersteuning en de pgb-uitleg."
        ),
    )

    def __init__(self, *args: Any, staff: list[User], wmo: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.wmo = wmo
        for name, label in WMO_TOPICS:
            self.fields[name] = forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": 3}))
            self.fields[na(name)] = forms.CharField(
                label=_("Niet van toepassing, omdat"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            for field_name in (name, na(name)):
                self.fields[field_name].widget.attrs["class"] = "utrecht-textarea utrecht-textarea--html-textarea"
        participants = self.fields["participants"]
        assert isinstance(participants, StaffChoiceField)
        participants.queryset = User.objects.filter(pk__in=[user.pk for user in staff]).order_by(
            "first_name", "last_name", "pk"
        )
        participants.widget.attrs["class"] = "utrecht-checkbox utrecht-checkbox--html-input"

    def topic_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        """Per lid-4 topic: what was discussed, and why it does not apply (one of the two)."""
        return [(self[name], self[na(name)]) for name, _label in WMO_TOPICS]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        problems = {**completion_problems(cleaned, wmo=self.wmo), **topic_problems(cleaned)}
        for name, message in problems.items():
            if name in self.fields and name not in self.errors:
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


class VerslagHandoverForm(UtrechtFormMixin, forms.Form):
    """The verslag was given to the resident (Wmo 2015 art. 2.3.2 lid 8): on which day."""

    handed_over_on = forms.DateField(
        label=_("Verslag uitgereikt op"), widget=date_input(), validators=[validate_not_in_future]
    )


class ReactionForm(UtrechtFormMixin, forms.Form):
    """The resident's reaction to the verslag: agree or not, and why."""

    reaction = forms.ChoiceField(label=_("Reactie van de inwoner"), choices=Reaction.choices, widget=forms.RadioSelect)
    reaction_note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wat vindt de inwoner van het verslag? Nodig als de inwoner het oneens is."),
    )
    reaction_on = forms.DateField(
        label=_("Reactie ontvangen op"), widget=date_input(), validators=[validate_not_in_future]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reaction"].widget.attrs["class"] = "utrecht-radio-button utrecht-radio-button--html-input"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("reaction") == Reaction.ONEENS and not (cleaned.get("reaction_note") or "").strip():
            self.add_error("reaction_note", _("Leg vast waarmee de inwoner het oneens is."))
        return cleaned


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
                label=domain.shown_name,
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", _("Niet gescoord")), *[(level.value, str(level)) for level in levels]],
                error_messages={
                    "invalid_choice": _("Kies een niveau van het instrument (%(levels)s).") % {"levels": level_list}
                },
            )
            self.fields[f"motivation_{domain.pk}"] = forms.CharField(
                label=_("Motivering %(domain)s") % {"domain": domain.shown_name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        # The mixin styled the fields that existed at super().__init__(); style the per-domain ones too.
        for name, form_field in self.fields.items():
            if name.startswith("level_"):
                form_field.widget.attrs["class"] = "utrecht-select utrecht-select--html-select"
            elif name.startswith("motivation_"):
                form_field.widget.attrs["class"] = "utrecht-textarea utrecht-textarea--html-textarea"
        # The domain's description stands under its name (zrm_form.html); the select points at it.
        for domain in self.domains:
            if domain.shown_description:
                bound = self[f"level_{domain.pk}"]
                bound.field.widget.attrs["aria-describedby"] = f"{bound.auto_id}_help"

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
