"""Forms of 'Onderzoek en persoonlijk plan': the reaction to the verslag and the persoonlijk plan.

The forms check what a resident can put right themself, in plain Dutch; assessments.services decides.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import Reaction
from assessments.services import PLAN_TEXT_LIMIT, PlanText
from core.forms import UtrechtFormMixin
from core.submissions import new_token

REACTION_CHOICES = (
    (Reaction.EENS.value, _("Ik ben het eens met het verslag")),
    (Reaction.ONEENS.value, _("Ik ben het niet (helemaal) eens met het verslag")),
)


class ReactionForm(UtrechtFormMixin, forms.Form):
    reaction = forms.ChoiceField(
        label=_("Wat vindt u van het verslag?"),
        choices=REACTION_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies of u het eens of niet eens bent met het verslag."),
            "invalid_choice": _("Kies of u het eens of niet eens bent met het verslag."),
        },
    )
    note = forms.CharField(
        label=_("Want ..."),
        required=False,
        max_length=PLAN_TEXT_LIMIT,
        help_text=_("Bent u het niet eens? Schrijf dan op wat niet klopt en waarom. Dit is verplicht."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, version: int, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("version", version)
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("reaction") == Reaction.ONEENS and not (cleaned.get("note") or "").strip():
            self.add_error("note", _("Schrijf op waarmee u het niet eens bent, en waarom."))
        return cleaned


class PersoonlijkPlanForm(UtrechtFormMixin, forms.Form):
    wishes = forms.CharField(
        label=_("Wat wilt u bereiken?"),
        max_length=PLAN_TEXT_LIMIT,
        help_text=_("Bijvoorbeeld: zelf boodschappen doen, weer naar buiten gaan, rust in huis."),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Schrijf op wat u wilt bereiken. Dat is het belangrijkste deel van uw plan.")},
    )
    own_strength = forms.CharField(
        label=_("Wat kunt u zelf doen, of met hulp van mensen om u heen?"),
        required=False,
        max_length=PLAN_TEXT_LIMIT,
        help_text=_("Denk aan familie, buren, vrienden of een vereniging."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    help_wanted = forms.CharField(
        label=_("Aan welke hulp denkt u?"),
        required=False,
        max_length=PLAN_TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("token", new_token())
        super().__init__(*args, **kwargs)

    def text(self) -> PlanText:
        data = self.cleaned_data
        return PlanText(wishes=data["wishes"], own_strength=data["own_strength"], help_wanted=data["help_wanted"])
