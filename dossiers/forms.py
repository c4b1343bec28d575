"""Forms of the casework screens. They validate input; the services decide and change state."""

import re
from datetime import timedelta
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.forms import UtrechtFormMixin
from deadlines.terms import DeadlineState
from dossiers.models import Regime, Route, Urgency, WgsThreat
from dossiers.outcome import ASKABLE_STEPS, OutcomeStep
from dossiers.regimes import MET_BY_HAND, default_regime
from dossiers.transitions import OPEN_STATUSES, CloseReason, Status
from organisation.models import Team
from residents.models import Inwoner, RelatieType

_DEADLINE_FILTER_STATES = (DeadlineState.VERLOPEN, DeadlineState.DREIGT_TE_VERLOPEN, DeadlineState.OP_TIJD)
_BSN_RE = re.compile(r"[0-9]{9}")
_POSTCODE_HUISNUMMER_RE = re.compile(r"^(?P<postcode>[0-9]{4}\s?[A-Za-z]{2})\s*(?P<huisnummer>[0-9]{1,5})\b")


class WorklistFilterForm(UtrechtFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle")), *[(value, label) for value, label in Status.choices if value in OPEN_STATUSES]],
    )
    termijn = forms.ChoiceField(
        label=_("Termijn"),
        required=False,
        # A callable: the states' names are read in the language of the request, not once at start-up.
        choices=lambda: [("", _("Alle")), *[(state.value, state.label) for state in _DEADLINE_FILTER_STATES]],
    )
    team = forms.BooleanField(label=_("Alle open dossiers van mijn team"), required=False)
    #: From the team overview: one regisseur's dossiers ("geen": those still without one). Team leaders only.
    regisseur = forms.RegexField(regex=r"^([0-9]{1,10}|geen)\Z", required=False, widget=forms.HiddenInput)


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class AssignRegisseurForm(UtrechtFormMixin, forms.Form):
    regisseur = UserChoiceField(label=_("Regisseur"), queryset=User.objects.none())
    colleague = UserChoiceField(label=_("Tweede collega (huisbezoek)"), queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, candidates: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [user.pk for user in candidates]
        for name in ("regisseur", "colleague"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = User.objects.filter(pk__in=ids).order_by("first_name", "last_name", "pk")
        self.fields["regisseur"].error_messages["invalid_choice"] = _("Kies een regisseur uit het team.")
        self.fields["colleague"].error_messages["invalid_choice"] = _("Kies een collega uit het team.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        regisseur, colleague = data.get("regisseur"), data.get("colleague")
        if regisseur is not None and colleague is not None and regisseur.pk == colleague.pk:
            raise forms.ValidationError(_("De tweede collega moet iemand anders zijn dan de regisseur."))
        return data


class StatusForm(UtrechtFormMixin, forms.Form):
    target = forms.ChoiceField(label=_("Nieuwe status"), choices=Status.choices)
    reason = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    close_reason = forms.ChoiceField(
        label=_("Reden van afsluiten"),
        required=False,
        choices=[("", "---------"), *CloseReason.choices],
        help_text=_("Verplicht bij afsluiten."),
    )


class CloseForm(UtrechtFormMixin, forms.Form):
    """Closing asks for the highest ladder step only when the records do not show it (`derived` is None), and not
    when the dossier is handed over (the reason says the step)."""

    close_reason = forms.ChoiceField(label=_("Reden van afsluiten"), choices=[("", "---------"), *CloseReason.choices])
    outcome_step = forms.ChoiceField(
        label=_("Wat was de hoogste hulp die het huishouden kreeg?"),
        required=False,
        choices=[(step.value, step.label) for step in ASKABLE_STEPS],
        widget=forms.RadioSelect,
        help_text=_("Niet nodig als het dossier is overgedragen."),
    )
    reason = forms.CharField(
        label=_("Toelichting"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, derived: OutcomeStep | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.derived = derived
        if derived is not None:
            del self.fields["outcome_step"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        asked = "outcome_step" in self.fields
        if (
            asked
            and not data.get("outcome_step")
            and data.get("close_reason") not in ("", None, CloseReason.OVERGEDRAGEN)
        ):
            self.add_error("outcome_step", _("Kies de hoogste hulp die het huishouden kreeg."))
        return data


class PostponeForm(UtrechtFormMixin, forms.Form):
    weeks = forms.IntegerField(label=_("Aantal weken"), min_value=1, max_value=52)
    reason = forms.CharField(label=_("Reden van verdaging"), max_length=1000)


class TermMetForm(UtrechtFormMixin, forms.Form):
    """A melding's term met by what the caseworker did (dossiers/regimes.py MET_BY_HAND): when, and what."""

    on = forms.DateField(
        label=_("Gehaald op"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    how = forms.ChoiceField(label=_("Wat is er gebeurd"), choices=())
    note = forms.CharField(label=_("Toelichting"), max_length=1000, required=False)

    def __init__(self, *args: Any, term_code: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ways = MET_BY_HAND.get(term_code, ())
        how = self.fields["how"]
        assert isinstance(how, forms.ChoiceField)
        how.choices = list(ways)
        if len(ways) == 1:
            how.initial = ways[0][0]
        today = timezone.localdate()
        self.fields["on"].initial = today
        self.fields["on"].widget.attrs["max"] = today.isoformat()

    def clean_on(self) -> Any:
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError(_("Deze datum ligt in de toekomst; kies de dag waarop het gebeurde."))
        return on


class NetwerkrelatieForm(UtrechtFormMixin, forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=200)
    type = forms.ChoiceField(label=_("Relatie"), choices=RelatieType.choices)
    for_inwoner = forms.ModelChoiceField(label=_("Voor wie"), queryset=Inwoner.objects.none(), required=False)
    telefoon = forms.CharField(label=_("Telefoon"), max_length=30, required=False)
    note = forms.CharField(label=_("Wat doet deze persoon"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, members: QuerySet[Inwoner] | list[Inwoner] | None = None, **kwargs: Any) -> None:
        """``members``: a queryset to check a posted choice against, or the members a page already read.

        With a list the choices are those members in the page's order, so showing the empty
        form costs no query; a posted choice is still checked against the database.
        """
        super().__init__(*args, **kwargs)
        field = self.fields["for_inwoner"]
        assert isinstance(field, forms.ModelChoiceField)
        field.empty_label = str(_("Het hele huishouden"))
        if isinstance(members, list):
            field.queryset = Inwoner.objects.filter(pk__in=[member.pk for member in members])
            field.choices = [("", field.empty_label), *((member.pk, str(member)) for member in members)]
        else:
            field.queryset = members if members is not None else Inwoner.objects.none()


class MeldingForm(UtrechtFormMixin, forms.Form):
    route = forms.ChoiceField(label=_("Route"), choices=Route.choices)
    reporter_name = forms.CharField(label=_("Naam melder"), max_length=200, required=False)
    reporter_organisation = forms.CharField(label=_("Organisatie melder"), max_length=200, required=False)
    received_at = forms.DateTimeField(
        label=_("Ontvangen op"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    description = forms.CharField(label=_("Omschrijving"), widget=forms.Textarea(attrs={"rows": 4}))
    urgency = forms.ChoiceField(label=_("Urgentie"), choices=Urgency.choices, initial=Urgency.NORMAAL)
    regime = forms.ChoiceField(
        label=_("Wettelijk kader"),
        required=False,
        choices=[("", _("Volgens de route")), *Regime.choices],
        help_text=_(
            "Bepaalt welke termijnen starten. Volgens de route: zelfmelder en huisarts Wmo 2015, "
            "andere melders (ook een vroegsignaal) nog geen hulpvraag. Later te wijzigen."
        ),
    )
    wgs_threat = forms.ChoiceField(
        label=_("Dreigende situatie (schuldhulpverlening)"),
        required=False,
        choices=[("", _("Geen")), *WgsThreat.choices],
        help_text=_("Alleen bij schuldhulpverlening: dan volgt het eerste gesprek binnen 3 werkdagen."),
    )
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), empty_label=None)

    def __init__(self, *args: Any, teams: QuerySet[Team], fixed_route: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["team"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = teams
        self.fields["received_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        if fixed_route:
            # A melding made from another record (dossiers.origins) keeps that record's route.
            self.fields["route"].initial = fixed_route
            self.fields["route"].disabled = True

    def clean_received_at(self) -> Any:
        value = self.cleaned_data["received_at"]
        if value > timezone.now() + timedelta(minutes=5):
            raise forms.ValidationError(_("Het tijdstip van ontvangst ligt in de toekomst."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        regime = data.get("regime") or (default_regime(data["route"]) if data.get("route") else "")
        if data.get("wgs_threat") and regime != Regime.SCHULDHULP:
            self.add_error(
                "wgs_threat",
                _("Een dreigende situatie hoort bij een melding voor schuldhulpverlening (Wgs): kies dat kader."),
            )
        return data


class RequalifyForm(UtrechtFormMixin, forms.Form):
    """A melding put under another law; its terms start on the given date (dossiers/regimes.py)."""

    regime = forms.ChoiceField(label=_("Wettelijk kader"), choices=Regime.choices)
    wgs_threat = forms.ChoiceField(
        label=_("Dreigende situatie (schuldhulpverlening)"),
        required=False,
        choices=[("", _("Geen")), *WgsThreat.choices],
    )
    on = forms.DateField(
        label=_("Met ingang van"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("De termijnen van het nieuwe kader tellen vanaf deze datum."),
    )
    reason = forms.CharField(label=_("Reden"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("wgs_threat") and data.get("regime") != Regime.SCHULDHULP:
            self.add_error(
                "wgs_threat",
                _("Een dreigende situatie hoort bij een melding voor schuldhulpverlening (Wgs): kies dat kader."),
            )
        return data


class SearchForm(UtrechtFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Naam, BSN of postcode met huisnummer"),
        max_length=200,
        help_text=_("Bijvoorbeeld: Jansen, 123456782 of 1234AB 12"),
    )

    def criteria(self) -> dict[str, Any]:
        """What the query means: a BSN, a postcode with house number, or (parts of) a name."""
        query = " ".join(self.cleaned_data["q"].split())
        if _BSN_RE.fullmatch(query.replace(" ", "")):
            return {"bsn": query.replace(" ", "")}
        match = _POSTCODE_HUISNUMMER_RE.match(query)
        if match:
            return {
                "postcode": match.group("postcode").replace(" ", "").upper(),
                "huisnummer": int(match.group("huisnummer")),
            }
        return {"name": query}
