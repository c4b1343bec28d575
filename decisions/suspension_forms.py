"""Forms to suspend a decision or bezwaar term and to end the suspension. Shape only; dossiers.suspensions decides."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import UtrechtFormMixin
from deadlines.terms import suspension_grounds
from decisions.bezwaar_forms import DateInput
from dossiers.models import SuspensionGroundChoice


def _not_in_future(value: Any) -> None:
    if value is not None and value > timezone.localdate():
        raise forms.ValidationError(_("Deze datum kan niet in de toekomst liggen."))


class SuspendForm(UtrechtFormMixin, forms.Form):
    """Only the grounds that suspend this kind of term can be chosen (Awb 4:15, or 7:10 lid 2)."""

    ground = forms.ChoiceField(label=_("Grond van de opschorting"))
    start = forms.DateField(
        label=_("Opgeschort met ingang van"),
        widget=DateInput(),
        help_text=_("De eerste dag waarop de termijn stilstaat, bijvoorbeeld de dag na het verzoek om aanvulling."),
    )
    end = forms.DateField(
        label=_("Opgeschort tot"),
        widget=DateInput(),
        required=False,
        validators=[_not_in_future],
        help_text=_("De dag waarop de termijn weer loopt. Leeg laten zolang de opschorting duurt."),
    )
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijvoorbeeld: welke gegevens ontbreken en tot wanneer de aanvrager ze kan aanleveren."),
    )

    def __init__(self, *args: Any, term_code: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = {ground.value for ground in suspension_grounds(term_code)}
        field = self.fields["ground"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(value, label) for value, label in SuspensionGroundChoice.choices if value in allowed]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("Het einde van de opschorting ligt vóór het begin."))
        return data


class EndSuspensionForm(UtrechtFormMixin, forms.Form):
    end = forms.DateField(
        label=_("Termijn loopt weer vanaf"),
        widget=DateInput(),
        validators=[_not_in_future],
        help_text=_("Bijvoorbeeld de dag waarop de aanvulling of het herstel binnenkwam."),
    )
    note = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
