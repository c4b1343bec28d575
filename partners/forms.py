"""Forms of the partner meldingen queue. They validate input; partners.services decides and changes state."""

import re
from typing import Any

from django import forms
from django.core import signing
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import UtrechtFormMixin
from organisation.models import Team

_BSN_RE = re.compile(r"^[0-9]{9}$")


class ResidentSearchForm(UtrechtFormMixin, forms.Form):
    """Look for the resident by BSN, or by surname and birth date (residents.selectors.find_residents)."""

    bsn = forms.CharField(label=_("BSN"), required=False, max_length=9)
    achternaam = forms.CharField(label=_("Achternaam"), required=False, max_length=200)
    geboortedatum = forms.DateField(
        label=_("Geboortedatum"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Vul een geldige datum in.")},
    )

    def clean_bsn(self) -> str:
        bsn = "".join(str(self.cleaned_data.get("bsn") or "").split())
        if bsn and not _BSN_RE.match(bsn):
            raise forms.ValidationError(_("Een BSN bestaat uit 9 cijfers."))
        return bsn

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("bsn") and not (data.get("achternaam") and data.get("geboortedatum")):
            if not self.errors:
                raise forms.ValidationError(_("Zoek op BSN, of op achternaam en geboortedatum samen."))
        geboortedatum = data.get("geboortedatum")
        if geboortedatum is not None and geboortedatum > timezone.localdate():
            self.add_error("geboortedatum", _("De geboortedatum ligt in de toekomst."))
        return data


#: A candidate the queue offered: a signed (inwoner, huishouden) pair, so no id can be guessed into the form.
CHOICE_SALT = "partners.keuze"
CHOICE_MAX_AGE = 60 * 60 * 24


def choice_token(inwoner_id: int, huishouden_id: int) -> str:
    return signing.dumps([inwoner_id, huishouden_id], salt=CHOICE_SALT)


class RegisterForm(UtrechtFormMixin, forms.Form):
    """Which resident in which household, and for which team: the melding is then registered by the partner's route."""

    keuze = forms.CharField(
        label=_("Inwoner en huishouden"),
        max_length=300,
        error_messages={"required": _("Kies de inwoner en het huishouden waar de melding over gaat.")},
    )
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.none(),
        empty_label=None,
        help_text=_(
            "Heeft het huishouden een lopend dossier, dan komt de melding daarbij, bij het team van dat dossier."
        ),
        error_messages={"invalid_choice": _("Kies een van uw eigen teams."), "required": _("Kies een team.")},
    )

    def __init__(self, *args: Any, teams: QuerySet[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team = self.fields["team"]
        assert isinstance(team, forms.ModelChoiceField)
        team.queryset = teams

    def clean_keuze(self) -> tuple[int, int]:
        try:
            value = signing.loads(str(self.cleaned_data.get("keuze") or ""), salt=CHOICE_SALT, max_age=CHOICE_MAX_AGE)
        except signing.BadSignature as error:
            raise forms.ValidationError(_("Kies de inwoner en het huishouden uit de lijst.")) from error
        if not (isinstance(value, list) and len(value) == 2 and all(isinstance(part, int) for part in value)):
            raise forms.ValidationError(_("Kies de inwoner en het huishouden uit de lijst."))
        return value[0], value[1]


class RejectForm(UtrechtFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Waarom is deze melding niet voor het wijkteam?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("De partner ziet alleen dat de melding is afgerond, niet deze reden."),
        error_messages={"required": _("Geef aan waarom de melding niet voor het wijkteam is.")},
    )

    def clean_reason(self) -> str:
        reason = str(self.cleaned_data.get("reason") or "").strip()
        if not reason:
            raise forms.ValidationError(_("Geef aan waarom de melding niet voor het wijkteam is."))
        return reason
