"""The resident's invitation form: who, which e-mail address, which parts, until when. portal.invitations decides."""

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import UtrechtFormMixin
from portal.invitations import DELEGABLE_SCOPES, check_period
from portal.models import PortalScope

#: What each part shows, in plain words, next to its checkbox.
SCOPE_DESCRIPTIONS: dict[str, Any] = {
    PortalScope.PLAN: _("Uw doelen en wie wat doet. De persoon kan ook een reactie geven."),
    PortalScope.REGISSEUR: _("Wie uw regisseur is en hoe die te bereiken is."),
    PortalScope.BERICHTEN: _("Uw berichten met de regisseur lezen en zelf berichten sturen."),
    PortalScope.ONDERZOEK: _("Het verslag van het gesprek met het wijkteam en uw persoonlijk plan."),
    PortalScope.BESLUITEN: _("Uw aanvragen, de besluiten en de brieven daarover."),
    PortalScope.TOESTEMMINGEN: _("Met wie wij uw gegevens delen. De persoon kan een toestemming ook intrekken."),
    PortalScope.INZAGE: _("Welke medewerkers uw gegevens bekeken."),
    PortalScope.GEGEVENS: _("Alles wat wij over u vastleggen, om te downloaden."),
    PortalScope.VRAGENLIJST: _("De vragenlijst over onze hulp invullen."),
}


class InviteForm(UtrechtFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Naam"),
        max_length=200,
        help_text=_("De naam van de persoon die u uitnodigt. U ziet deze naam later in uw overzicht."),
        error_messages={"required": _("Vul de naam in.")},
    )
    email = forms.EmailField(
        label=_("E-mailadres"),
        max_length=254,
        help_text=_("Hierheen sturen wij de link. De link werkt 7 dagen."),
        error_messages={"required": _("Vul het e-mailadres in."), "invalid": _("Vul een geldig e-mailadres in.")},
    )
    scopes = forms.MultipleChoiceField(
        label=_("Wat mag deze persoon zien?"),
        choices=[(scope.value, scope.label) for scope in PortalScope if scope.value in DELEGABLE_SCOPES],
        widget=forms.CheckboxSelectMultiple,
        initial=[PortalScope.PLAN],
        error_messages={
            "required": _("Kies minstens één onderdeel."),
            "invalid_choice": _("Kies alleen onderdelen uit de lijst."),
        },
    )
    valid_until = forms.DateField(
        label=_("Tot en met welke datum? (niet verplicht)"),
        required=False,
        help_text=_("Leeg laten: tot u het zelf stopt. U kunt het altijd eerder stoppen. Hoogstens een jaar."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Vul een datum in, bijvoorbeeld 31-12-2026.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The checkboxes carry the checkbox class, not the textbox class the mixin gives a multiple widget.
        self.fields["scopes"].widget.attrs["class"] = "utrecht-checkbox utrecht-checkbox--html-input"

    def clean_valid_until(self) -> date | None:
        value: date | None = self.cleaned_data.get("valid_until")
        try:
            check_period(value)
        except ValidationError as error:
            raise forms.ValidationError(error.messages[0]) from error
        return value

    def scope_rows(self) -> list[dict[str, Any]]:
        """The checkboxes with their plain description, for the template's fieldset."""
        descriptions = {str(key): value for key, value in SCOPE_DESCRIPTIONS.items()}
        return [
            {"widget": widget, "description": descriptions.get(str(widget.data["value"]), "")}
            for widget in self["scopes"]
        ]
