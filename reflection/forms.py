"""Forms of the reflection tool: a facilitator creates a session, a participant joins."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import UtrechtFormMixin
from organisation.models import Gemeente, Team
from reflection.models import Mode, Perspective, Theme


class SessionForm(UtrechtFormMixin, forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    gemeente = forms.ModelChoiceField(label=_("Gemeente"), queryset=Gemeente.objects.order_by("pk"))
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.order_by("name"), required=False)
    mode = forms.ChoiceField(label=_("Vorm"), choices=Mode.choices, initial=Mode.KWALITEITSSCAN)
    themes = forms.ModelMultipleChoiceField(
        label=_("Thema's"),
        queryset=Theme.objects.filter(gemeente=None),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Alleen voor een kwaliteitsscan; een dompelsessie behandelt alle negen thema's."),
    )
    date = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].widget.attrs["class"] = "utrecht-checkbox utrecht-checkbox--html-input"
        self.fields["date"].initial = timezone.localdate()
        first = Gemeente.objects.order_by("pk").first()
        if first is not None:
            self.fields["gemeente"].initial = first.pk

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        team = cleaned.get("team")
        gemeente = cleaned.get("gemeente")
        if team is not None and gemeente is not None and team.gemeente_id != gemeente.pk:
            self.add_error("team", _("Dit team hoort niet bij de gekozen gemeente."))
        if cleaned.get("mode") == Mode.DOMPELSESSIE:
            cleaned["themes"] = list(Theme.objects.filter(gemeente=None))
        elif not cleaned.get("themes"):
            self.add_error("themes", _("Kies ten minste één thema."))
        return cleaned


class JoinForm(UtrechtFormMixin, forms.Form):
    code = forms.CharField(label=_("Deelnamecode"), max_length=20)
    perspective = forms.ChoiceField(label=_("Uw perspectief"), choices=Perspective.choices)
    display_name = forms.CharField(
        label=_("Naam"), max_length=100, required=False, help_text=_("Optioneel: leeg laten om anoniem mee te doen.")
    )
