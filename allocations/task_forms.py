"""Input on the message screens. Forms check shape; ``allocations.tasks`` checks the rules."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from allocations.tasks import REDEN_AFWIJZING, VERZOEK_AFGEWEZEN, VERZOEK_IN_ONDERZOEK
from core.forms import UtrechtFormMixin

OPEN = "open"
AFGEHANDELD = "afgehandeld"


class TaskFilterForm(UtrechtFormMixin, forms.Form):
    status = forms.ChoiceField(
        choices=[(OPEN, _("Open")), (AFGEHANDELD, _("Afgehandeld"))], required=False, label=_("Toon")
    )


class AntwoordForm(UtrechtFormMixin, forms.Form):
    """A 319: the request is being looked into, or refused with a WJ759 reason."""

    verzoek_antwoord = forms.ChoiceField(
        choices=[
            (VERZOEK_IN_ONDERZOEK, _("In onderzoek (2): de gemeente beslist later")),
            (VERZOEK_AFGEWEZEN, _("Afgewezen (1)")),
        ],
        widget=forms.RadioSelect,
        label=_("Antwoord"),
    )
    reden_afwijzing = forms.ChoiceField(
        choices=[("", _("– kies bij afwijzen –"))]
        + [(code, f"{code} {label}") for code, label in REDEN_AFWIJZING.items()],
        required=False,
        label=_("Reden van afwijzing (WJ759)"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("verzoek_antwoord") == VERZOEK_AFGEWEZEN and not data.get("reden_afwijzing"):
            self.add_error("reden_afwijzing", ValidationError(_("Kies de reden waarom het verzoek is afgewezen.")))
        if data.get("verzoek_antwoord") == VERZOEK_IN_ONDERZOEK and data.get("reden_afwijzing"):
            self.add_error(
                "reden_afwijzing", ValidationError(_("Een verzoek in onderzoek heeft (nog) geen reden van afwijzing."))
            )
        return data


class AfhandelForm(UtrechtFormMixin, forms.Form):
    """Close a task without a message, saying how it was handled."""

    toelichting = forms.CharField(
        max_length=250,
        label=_("Hoe is dit afgehandeld?"),
        help_text=_("Bijvoorbeeld: retour via het berichtenportaal verstuurd, of met de aanbieder gebeld."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
