from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import UtrechtFormMixin
from dossiers.models import Regime
from monitor import periods
from monitor.models import AgeBand
from organisation.models import Team, Wijk


class MonitorFilterForm(UtrechtFormMixin, forms.Form):
    """The filters live in the URL (GET), so a view of the monitor can be shared as a link."""

    periode = forms.ChoiceField(label=_("Periode"), required=False)
    wijk = forms.ModelChoiceField(
        label=_("Wijk"), queryset=Wijk.objects.none(), required=False, empty_label=_("Alle wijken")
    )
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.none(), required=False, empty_label=_("Alle teams")
    )
    wet = forms.ChoiceField(label=_("Wet"), required=False, choices=[("", _("Alle wetten")), *Regime.choices])
    groep = forms.ChoiceField(
        label=_("Leeftijd"), required=False, choices=[("", _("Alle leeftijden")), *AgeBand.choices]
    )

    def __init__(self, *args: Any, teams: Any, wijken: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        period_field = self.fields["periode"]
        assert isinstance(period_field, forms.ChoiceField)
        # One group per year, newest first: the year itself, then its quarters and months (periods.recent).
        by_year: dict[int, list[tuple[str, str]]] = {}
        for period in periods.recent(today):
            by_year.setdefault(period.start.year, []).append((period.key, period.label))
        period_field.choices = [(str(year), choices) for year, choices in by_year.items()]
        self.fields["periode"].initial = periods.default(today).key
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        self.fields["wijk"].queryset = wijken  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("wet") and cleaned.get("groep"):
            # One law and one age band together make groups so small that little would be left to show; and each
            # published table is suppressed with the tables it could be set off against (monitor.cubes).
            self.add_error("groep", _("Kies een wet of een leeftijd, niet allebei tegelijk."))
        return cleaned

    def period(self) -> periods.Period:
        chosen = self.cleaned_data.get("periode") if self.is_bound and self.is_valid() else None
        return periods.Period.parse(chosen or "") or periods.default(timezone.localdate())
