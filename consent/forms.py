"""Forms for inviting, consent, sharing, emergency access and review. They check input; services check rules."""

from collections.abc import Iterable
from datetime import datetime, time, timedelta
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.models import CASEWORK_ROLES, Role, User
from consent.models import (
    DEFAULT_CONSULTATION_DAYS,
    Consent,
    ConsentCapacity,
    ConsentHow,
    ConsultationMode,
    LegalGround,
)
from core.forms import UtrechtFormMixin
from dossiers.sections import Section
from organisation.models import TeamMembership
from residents.models import Inwoner


def _checkboxes() -> forms.CheckboxSelectMultiple:
    return forms.CheckboxSelectMultiple(attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"})


class _CheckboxFriendly(UtrechtFormMixin):
    """UtrechtFormMixin gives a multi-checkbox the textbox class; put the checkbox class back."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxSelectMultiple):
                field.widget.attrs["class"] = "utrecht-checkbox utrecht-checkbox--html-input"


def invitable_users(team_id: int, exclude: User) -> QuerySet[User]:
    """Colleagues of the dossier's team and every active specialist."""
    today = timezone.localdate()
    colleagues = TeamMembership.objects.filter(team_id=team_id, user__role__in=CASEWORK_ROLES).filter(
        Q(end__isnull=True) | Q(end__gte=today)
    )
    return (
        User.objects.filter(is_active=True)
        .filter(Q(pk__in=colleagues.values("user_id")) | Q(role=Role.SPECIALIST))
        .exclude(pk=exclude.pk)
        .order_by("role", "first_name", "last_name", "pk")
    )


class _UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        user: User = obj
        if user.role == Role.SPECIALIST:
            return f"{user} – {user.organisation or user.get_role_display()}"
        return f"{user} – {user.get_role_display()}"


class _ConsentChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        consent: Consent = obj
        return f"{consent.inwoner.voornamen}: {consent.recipient} – {consent.purpose} ({date_format(consent.given_on)})"


class ConsultationForm(_CheckboxFriendly, forms.Form):
    specialist = _UserChoice(label=_("Wie haalt u erbij?"), queryset=User.objects.none())
    sections = forms.MultipleChoiceField(
        label=_("Welke onderdelen mag deze persoon zien?"), choices=Section.choices, widget=_checkboxes()
    )
    mode = forms.ChoiceField(label=_("Rechten"), choices=ConsultationMode.choices, initial=ConsultationMode.LEZEN)
    pseudonymised = forms.BooleanField(
        label=_("Gepseudonimiseerd tonen (zonder naam, BSN, adres en geboortedatum)"),
        required=False,
        help_text=_(
            "Namen en BSN's van het huishouden worden ook in vrije tekst vervangen. Andere namen die in een tekst "
            "staan (een buurvrouw, een school) kent het systeem niet; controleer die zelf."
        ),
    )
    ends_on = forms.DateField(
        label=_("Toegang tot en met"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Standaard een week; hoogstens 90 dagen."),
    )
    reason = forms.CharField(label=_("Waarom haalt u deze persoon erbij?"), widget=forms.Textarea(attrs={"rows": 3}))
    consent = _ConsentChoice(
        label=_("Toestemming van het huishouden"),
        queryset=Consent.objects.none(),
        required=False,
        help_text=_("Nodig voor iemand buiten het eigen team, tenzij u een wettelijke grondslag kiest."),
    )
    legal_ground = forms.ChoiceField(
        label=_("Of: wettelijke grondslag"), choices=[("", "–"), *LegalGround.choices], required=False
    )
    legal_motivation = forms.CharField(
        label=_("Motivering van de grondslag"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, users: QuerySet[User], consents: QuerySet[Consent], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault(
            "ends_on", timezone.localdate() + timedelta(days=DEFAULT_CONSULTATION_DAYS)
        )
        super().__init__(*args, **kwargs)
        self.fields["specialist"].queryset = users  # type: ignore[attr-defined]
        self.fields["consent"].queryset = consents  # type: ignore[attr-defined]

    def clean_ends_on(self) -> Any:
        ends_on = self.cleaned_data["ends_on"]
        if ends_on < timezone.localdate():
            raise forms.ValidationError(_("De einddatum ligt in het verleden."))
        return ends_on

    def ends_at(self) -> datetime:
        """Access runs to the end of the chosen day."""
        day = self.cleaned_data["ends_on"] + timedelta(days=1)
        return timezone.make_aware(datetime.combine(day, time.min))


def _organisation_choices(organisations: list[str], empty: str) -> list[tuple[str, str]]:
    return [("", empty), *((name, name) for name in organisations)]


def _person_choices(people: Iterable[User]) -> list[Any]:
    """People grouped by organisation, so the list reads without JavaScript."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for person in people:
        groups.setdefault(person.organisation.strip(), []).append((person.pk, str(person)))
    return [("", _("Niemand in het bijzonder: de hele organisatie")), *groups.items()]


class RecipientFields(UtrechtFormMixin, forms.Form):
    """The recipient as an organisation from the list and, where known, one person of it; or a text.

    The form checks that the choices exist and belong together; `consent.recipients.resolve` (called by
    the service) states the rule again, so no other caller can skip it.
    """

    recipient_organisation = forms.ChoiceField(
        label=_("Organisatie van de ontvanger"),
        required=False,
        help_text=_("De toestemming geldt voor iedereen van deze organisatie, tenzij u hieronder één persoon kiest."),
    )
    recipient_person = forms.TypedChoiceField(
        label=_("Persoon bij deze organisatie (als u die weet)"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Kiest u een persoon, dan geldt de toestemming alleen voor die persoon."),
    )
    recipient = forms.CharField(
        label=_("Ontvanger buiten het platform"),
        max_length=200,
        required=False,
        help_text=_("Alleen als de organisatie niet in de lijst staat, bijv. de huisarts of de school."),
    )

    def __init__(self, *args: Any, organisations: list[str], people: Iterable[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._people = {person.pk: person for person in people}
        self.fields["recipient_organisation"].choices = _organisation_choices(  # type: ignore[attr-defined]
            organisations, str(_("Kies een organisatie"))
        )
        self.fields["recipient_person"].choices = _person_choices(self._people.values())  # type: ignore[attr-defined]

    def clean_recipient_person(self) -> User | None:
        pk = self.cleaned_data.get("recipient_person")
        return None if pk is None else self._people.get(pk)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        organisation = data.get("recipient_organisation") or ""
        person: User | None = data.get("recipient_person")
        text = (data.get("recipient") or "").strip()
        if self.has_error("recipient_organisation") or self.has_error("recipient_person"):
            return data
        if (organisation or person is not None) and text:
            self.add_error("recipient", _("Kies een organisatie of vul een andere ontvanger in, niet allebei."))
        elif person is not None and organisation and person.organisation.strip().casefold() != organisation.casefold():
            self.add_error(
                "recipient_person",
                _("%(who)s werkt niet bij %(organisation)s.") % {"who": person, "organisation": organisation},
            )
        elif not organisation and person is None and not text:
            self.add_error(
                "recipient_organisation",
                _("Kies de organisatie van de ontvanger, of vul een ontvanger in die niet in de lijst staat."),
            )
        return data


class ConsentForm(RecipientFields):
    inwoner = forms.ModelChoiceField(label=_("Van wie"), queryset=Inwoner.objects.none())
    purpose = forms.CharField(label=_("Doel"), max_length=200, help_text=_("Waarvoor de gegevens gedeeld worden."))
    given_on = forms.DateField(label=_("Gegeven op"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    how = forms.ChoiceField(label=_("Hoe"), choices=ConsentHow.choices)
    given_by_name = forms.CharField(label=_("Naam van wie toestemming gaf"), max_length=200)
    given_by_capacity = forms.ChoiceField(label=_("In de hoedanigheid van"), choices=ConsentCapacity.choices)
    second_given_by_name = forms.CharField(
        label=_("Naam van de tweede persoon die toestemming gaf"),
        max_length=200,
        required=False,
        help_text=_("Bij een kind van 12 tot 16 jaar: het kind zelf én een ouder met gezag (of de voogd)."),
    )
    second_given_by_capacity = forms.ChoiceField(
        label=_("Hoedanigheid van de tweede persoon"), choices=[("", "–"), *ConsentCapacity.choices], required=False
    )
    note = forms.CharField(label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    field_order = [
        "inwoner",
        "recipient_organisation",
        "recipient_person",
        "recipient",
        "purpose",
        "given_on",
        "how",
        "given_by_name",
        "given_by_capacity",
        "second_given_by_name",
        "second_given_by_capacity",
        "note",
    ]

    def __init__(
        self,
        *args: Any,
        members: QuerySet[Inwoner],
        organisations: list[str] | None = None,
        people: Iterable[User] = (),
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", {}).setdefault("given_on", timezone.localdate())
        super().__init__(*args, organisations=organisations or [], people=people, **kwargs)
        self.fields["inwoner"].queryset = members  # type: ignore[attr-defined]


class DisclosureForm(_CheckboxFriendly, forms.Form):
    """Sharing with an outside party: an organisation from the list, or any recipient as text."""

    recipient_organisation = forms.ChoiceField(label=_("Organisatie van de ontvanger"), required=False)
    recipient = forms.CharField(
        label=_("Ontvanger buiten het platform"),
        max_length=200,
        required=False,
        help_text=_("Als de ontvanger niet in de lijst staat, bijv. de huisarts of de school."),
    )
    purpose = forms.CharField(label=_("Doel"), max_length=200)
    sections = forms.MultipleChoiceField(
        label=_("Welke onderdelen deelt u?"), choices=Section.choices, widget=_checkboxes()
    )
    legal_ground = forms.ChoiceField(
        label=_("Wettelijke grondslag (alleen zonder toestemming)"),
        choices=[("", "–"), *LegalGround.choices],
        required=False,
    )
    legal_motivation = forms.CharField(
        label=_("Motivering van de grondslag"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, organisations: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipient_organisation"].choices = _organisation_choices(  # type: ignore[attr-defined]
            organisations or [], str(_("Kies een organisatie"))
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        organisation = data.get("recipient_organisation") or ""
        text = (data.get("recipient") or "").strip()
        if self.has_error("recipient_organisation"):
            return data
        if organisation and text:
            self.add_error("recipient", _("Kies een organisatie of vul een andere ontvanger in, niet allebei."))
        elif not organisation and not text:
            self.add_error("recipient_organisation", _("Kies een organisatie, of vul een andere ontvanger in."))
        else:
            data["recipient"] = organisation or text
        return data


class BreakGlassForm(UtrechtFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Waarom heeft u nu toegang nodig?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijv. een crisismelding buiten kantoortijd terwijl de regisseur niet bereikbaar is."),
    )


class ReviewForm(UtrechtFormMixin, forms.Form):
    review_note = forms.CharField(label=_("Bevinding"), widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(UtrechtFormMixin, forms.Form):
    section = forms.ChoiceField(label=_("Onderdeel"), choices=Section.choices, widget=forms.HiddenInput)
    text = forms.CharField(label=_("Notitie"), widget=forms.Textarea(attrs={"rows": 2}))
