"""Forms of erop af and the informatiepunt: few fields, mostly choices, so a question is recorded in a few taps."""

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalogue.models import Voorziening
from core.forms import UtrechtFormMixin
from organisation.models import Team, Wijk
from outreach.models import Answer, Channel, Setting, Topic

RADIO_CSS = "utrecht-radio-button utrecht-radio-button--html-input"
CHECKBOX_CSS = "utrecht-checkbox utrecht-checkbox--html-input"


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _not_in_future(value: date) -> None:
    if value > timezone.localdate():
        raise forms.ValidationError(_("Deze datum ligt in de toekomst."), code="future_date")


class _TeamFormMixin(UtrechtFormMixin):
    """The team field lists the user's own teams; with one team it is preselected."""

    def _set_team_choices(self, teams: QuerySet[Team]) -> None:
        field = self.fields["team"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = teams
        if len(teams) == 1:
            field.initial = teams[0]


class EropAfForm(_TeamFormMixin, forms.Form):
    contact_on = forms.DateField(label=_("Datum"), widget=date_input(), validators=[_not_in_future])
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), empty_label=None)
    wijk = forms.ModelChoiceField(label=_("Wijk"), queryset=Wijk.objects.none(), empty_label="–")
    setting = forms.ChoiceField(label=_("Waar"), choices=Setting.choices, widget=forms.RadioSelect)
    topics = forms.MultipleChoiceField(
        label=_("Onderwerpen"), choices=Topic.choices, widget=forms.CheckboxSelectMultiple
    )
    reached = forms.TypedChoiceField(
        label=_("Inwoner bereikt?"),
        choices=[("ja", _("Ja")), ("nee", _("Nee"))],
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Korte notitie (zonder namen)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Schrijf hier geen namen, adressen of andere gegevens waaraan iemand te herkennen is. Het contact is "
            "van het team, niet van een dossier; de notitie wordt na een jaar gewist."
        ),
    )

    def __init__(self, *args: Any, teams: QuerySet[Team], wijken: QuerySet[Wijk], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_team_choices(teams)
        wijk = self.fields["wijk"]
        assert isinstance(wijk, forms.ModelChoiceField)
        wijk.queryset = wijken
        self.fields["contact_on"].initial = timezone.localdate()
        self.fields["setting"].widget.attrs["class"] = RADIO_CSS
        self.fields["reached"].widget.attrs["class"] = RADIO_CSS
        self.fields["topics"].widget.attrs["class"] = CHECKBOX_CSS


class ContactFilterForm(UtrechtFormMixin, forms.Form):
    """The list's filter: a wijk and a period (by default the last three months)."""

    wijk = forms.ModelChoiceField(label=_("Wijk"), queryset=Wijk.objects.none(), required=False, empty_label=_("Alle"))
    van = forms.DateField(label=_("Vanaf"), required=False, widget=date_input())
    tot = forms.DateField(label=_("Tot en met"), required=False, widget=date_input())

    def __init__(self, *args: Any, wijken: QuerySet[Wijk], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        wijk = self.fields["wijk"]
        assert isinstance(wijk, forms.ModelChoiceField)
        wijk.queryset = wijken

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("van") and data.get("tot") and data["tot"] < data["van"]:
            self.add_error("tot", _("De einddatum ligt vóór de begindatum."))
        return data


class VoorzieningChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class InformatieVraagForm(_TeamFormMixin, forms.Form):
    topic = forms.ChoiceField(label=_("Onderwerp"), choices=Topic.choices, widget=forms.RadioSelect)
    wijk = forms.ModelChoiceField(label=_("Wijk van de vrager"), queryset=Wijk.objects.none(), empty_label="–")
    channel = forms.ChoiceField(label=_("Hoe kwam de vraag binnen"), choices=Channel.choices, widget=forms.RadioSelect)
    answer = forms.ChoiceField(label=_("Hoe beantwoord"), choices=Answer.choices, widget=forms.RadioSelect)
    voorziening = VoorzieningChoiceField(
        label=_("Algemene voorziening"),
        queryset=Voorziening.objects.none(),
        required=False,
        empty_label="–",
        help_text=_("Alleen bij een verwijzing naar een algemene voorziening."),
    )
    asked_on = forms.DateField(label=_("Datum"), widget=date_input(), validators=[_not_in_future])
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), empty_label=None)

    def __init__(
        self,
        *args: Any,
        teams: QuerySet[Team],
        wijken: QuerySet[Wijk],
        voorzieningen: QuerySet[Voorziening],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._set_team_choices(teams)
        for name, queryset in (("wijk", wijken), ("voorziening", voorzieningen)):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset
        self.fields["asked_on"].initial = timezone.localdate()
        for name in ("topic", "channel", "answer"):
            self.fields[name].widget.attrs["class"] = RADIO_CSS
