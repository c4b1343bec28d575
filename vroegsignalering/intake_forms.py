"""Forms of the intake: the batch upload, the resident search in the queue, and closing a signal by hand."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import UtrechtFormMixin
from residents.bsn import is_valid_bsn
from vroegsignalering.formats import MAX_FILE_BYTES


class UploadForm(UtrechtFormMixin, forms.Form):
    bestand = forms.FileField(
        label=_("Bestand met vroegsignalen (CSV of JSON)"),
        help_text=_("Ten hoogste %(mb)s MB; het formaat staat in de handleiding.") % {"mb": MAX_FILE_BYTES // 2**20},
        error_messages={
            "required": _("Kies een bestand."),
            "empty": _("Het gekozen bestand is leeg."),
            "invalid": _("Dit is geen bestand."),
        },
    )


class ResidentSearchForm(UtrechtFormMixin, forms.Form):
    """By BSN, or by surname with birth date: the same search as when registering a melding."""

    bsn = forms.CharField(label=_("BSN"), required=False, max_length=9)
    achternaam = forms.CharField(label=_("Achternaam"), required=False, max_length=200)
    geboortedatum = forms.DateField(
        label=_("Geboortedatum"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Geef een geldige datum.")},
    )

    def clean_bsn(self) -> str:
        bsn = "".join(str(self.cleaned_data.get("bsn") or "").split())
        if bsn and not is_valid_bsn(bsn):
            raise forms.ValidationError(_("Dit BSN klopt niet (elfproef)."))
        return bsn

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        if not cleaned.get("bsn") and not (cleaned.get("achternaam") and cleaned.get("geboortedatum")):
            raise forms.ValidationError(_("Zoek op BSN, of op achternaam met geboortedatum."))
        return cleaned


class LinkForm(ResidentSearchForm):
    """The search again, with the chosen resident: only someone the search finds can be chosen."""

    inwoner = forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": _("Kies de inwoner."), "invalid": _("Kies de inwoner.")}
    )


class DiscardForm(UtrechtFormMixin, forms.Form):
    toelichting = forms.CharField(
        label=_("Waarom is dit signaal niet te koppelen?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Geef een korte toelichting.")},
    )
