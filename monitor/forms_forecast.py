"""The what-if of the capacity forecast (monitor/forecast_views.py): a team and three assumptions, all in the URL."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from core.forms import UtrechtFormMixin
from organisation.models import Team

#: The bounds of the what-if: wide enough for any plan, narrow enough that the model stays meaningful.
INFLOW_PERCENT = (-50, 100)
FTE_CHANGE = (Decimal("-50"), Decimal("50"))
NORM = (Decimal("1"), Decimal("200"))


class ForecastForm(UtrechtFormMixin, forms.Form):
    """GET form: a shared link shows the same what-if. Empty assumptions mean "as now" (and the default norm)."""

    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.none(),
        empty_label=None,
        error_messages={
            "invalid_choice": _("Dit team kunt u niet kiezen. U ziet alleen de prognose van teams waar u bij mag."),
        },
    )
    instroom = forms.IntegerField(
        label=_("Instroom: meer of minder dan nu, in procenten"),
        help_text=_("Van −50 tot en met 100. Bijvoorbeeld 20 voor 20% meer nieuwe dossiers per maand."),
        min_value=INFLOW_PERCENT[0],
        max_value=INFLOW_PERCENT[1],
        required=False,
        localize=True,
        error_messages={"invalid": _("Vul een heel getal in, bijvoorbeeld 20 of −10.")},
    )
    fte = forms.DecimalField(
        label=_("Fte erbij of eraf"),
        help_text=_("Bijvoorbeeld 1,5 voor anderhalve fte generalist erbij, of −1 voor een fte minder."),
        min_value=FTE_CHANGE[0],
        max_value=FTE_CHANGE[1],
        max_digits=4,
        decimal_places=1,
        required=False,
        localize=True,
        error_messages={"invalid": _("Vul een getal in, bijvoorbeeld 1,5 of −1.")},
    )
    norm = forms.DecimalField(
        label=_("Caseloadnorm: dossiers per fte"),
        min_value=NORM[0],
        max_value=NORM[1],
        max_digits=4,
        decimal_places=1,
        required=False,
        localize=True,
        error_messages={"invalid": _("Vul een getal in, bijvoorbeeld 40.")},
    )

    def __init__(self, *args: Any, teams: Any, default_norm: int | float, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        self.fields["norm"].help_text = _(
            "Hoeveel open dossiers één fte generalist kan dragen. Zonder invulling: %(norm)s."
        ) % {"norm": default_norm}
        # A text field, not type="number": a phone's number pad often lacks the minus sign a decrease needs.
        for name in ("instroom", "fte", "norm"):
            self.fields[name].widget.attrs["size"] = "6"

    def check_fte(self, team_fte: Decimal) -> bool:
        """The team cannot lose more FTE than it has; adds the error and says False when it would."""
        change = self.cleaned_data.get("fte") or Decimal(0)
        if team_fte + change < 0:
            self.add_error(
                "fte",
                _("Het team heeft nu %(fte)s fte generalisten; er kan niet meer af dan dat.")
                % {"fte": number_format(team_fte, 1)},
            )
            return False
        return True
