"""Forms for opschalen, the case conference, the handover and afschalen. They check input; services check rules."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from consent.forms import _checkboxes, _CheckboxFriendly, _ConsentChoice
from consent.models import Consent, ConsentHow, LegalGround
from core.forms import UtrechtFormMixin
from dossiers.sections import Section
from organisation.models import Team
from regie.models import AgreementParty, EscalationResult, ReasonCategory
from regie.services import AgreementInput
from residents.models import Inwoner

_DATE = {"type": "date"}


def _date_field(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d"), **kwargs)


class EscalateForm(UtrechtFormMixin, forms.Form):
    regieteam = forms.ModelChoiceField(label=_("Naar welk regieteam?"), queryset=Team.objects.none())
    reason_category = forms.ChoiceField(label=_("Reden"), choices=[("", "–"), *ReasonCategory.choices])
    explanation = forms.CharField(
        label=_("Toelichting"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Wat is er vastgelopen, en wat vraagt u van het regieteam?"),
    )

    def __init__(self, *args: Any, regieteams: QuerySet[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["regieteam"].queryset = regieteams  # type: ignore[attr-defined]


class _Person(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        user: User = obj
        return f"{user} – {user.get_role_display()}"


class _People(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        user: User = obj
        return f"{user} – {user.get_role_display()}"


class ConferenceForm(_CheckboxFriendly, forms.Form):
    held_on = _date_field(_("Datum van het overleg"))
    participants = _People(
        label=_("Deelnemers van het regieteam en het wijkteam"),
        queryset=User.objects.none(),
        required=False,
        widget=_checkboxes(),
    )
    external_participants = forms.CharField(
        label=_("Andere deelnemers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Naam en organisatie, één per regel (bijvoorbeeld de huisarts of de school)."),
    )
    summary = forms.CharField(label=_("Verslag"), widget=forms.Textarea(attrs={"rows": 5}))
    sections = forms.MultipleChoiceField(
        label=_("Welke onderdelen van het dossier heeft het regieteam nodig?"),
        choices=Section.choices,
        required=False,
        widget=_checkboxes(),
        help_text=_("De deelnemers van het regieteam kijken in deze onderdelen mee tot en met de evaluatiedatum."),
    )
    review_on = _date_field(_("Evaluatiedatum"), help_text=_("Hoogstens 89 dagen vooruit."))
    consent = _ConsentChoice(
        label=_("Toestemming van het huishouden"),
        queryset=Consent.objects.none(),
        required=False,
        help_text=_("Voor het regieteam als ontvanger; of kies een wettelijke grondslag."),
    )
    legal_ground = forms.ChoiceField(
        label=_("Of: wettelijke grondslag"), choices=[("", "–"), *LegalGround.choices], required=False
    )
    legal_motivation = forms.CharField(
        label=_("Motivering van de grondslag"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    handover_to = _Person(
        label=_("Besluit: de regie gaat over naar"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Alleen als het overleg dat besloot. De overdracht gebeurt pas als het huishouden instemt."),
    )

    def __init__(self, *args: Any, people: QuerySet[User], consents: QuerySet[Consent], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = people  # type: ignore[attr-defined]
        self.fields["handover_to"].queryset = people  # type: ignore[attr-defined]
        self.fields["consent"].queryset = consents  # type: ignore[attr-defined]


class AgreementForm(UtrechtFormMixin, forms.Form):
    """One afspraak; an untouched empty row is left out."""

    party = forms.ChoiceField(label=_("Wie"), choices=[("", "–"), *AgreementParty.choices])
    user = _Person(label=_("Medewerker"), queryset=User.objects.none(), required=False)
    party_name = forms.CharField(
        label=_("Naam (externe partij of wie in het huishouden)"), max_length=200, required=False
    )
    what = forms.CharField(label=_("Wat"), widget=forms.Textarea(attrs={"rows": 2}))
    due_on = _date_field(_("Uiterlijk op"))

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people  # type: ignore[attr-defined]

    def as_input(self) -> AgreementInput:
        data = self.cleaned_data
        return AgreementInput(
            party=data["party"],
            what=data["what"],
            due_on=data["due_on"],
            user=data.get("user"),
            party_name=data.get("party_name", ""),
        )


AgreementFormSet = forms.formset_factory(AgreementForm, extra=3, max_num=20, absolute_max=20)


class HandoverForm(UtrechtFormMixin, forms.Form):
    agreed_by = forms.ModelChoiceField(
        label=_("Wie in het huishouden stemde in?"), queryset=Inwoner.objects.none(), required=False
    )
    agreed_on = _date_field(_("Ingestemd op"), required=False)
    how = forms.ChoiceField(label=_("Hoe"), choices=ConsentHow.choices)

    def __init__(self, *args: Any, members: QuerySet[Inwoner], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agreed_by"].queryset = members  # type: ignore[attr-defined]


class DeEscalateForm(UtrechtFormMixin, forms.Form):
    result = forms.ChoiceField(label=_("Resultaat"), choices=[("", "–"), *EscalationResult.choices])
    note = forms.CharField(
        label=_("Toelichting"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Hoe gaat het verder in het wijkteam? Open afspraken blijven zichtbaar."),
    )


class AgreementStatusForm(forms.Form):
    done = forms.BooleanField(required=False)
