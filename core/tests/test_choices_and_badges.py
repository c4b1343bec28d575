"""No "---------" as an empty choice; selects show their arrow; status badges differ by meaning."""

import re
from pathlib import Path

from django import forms
from django.conf import settings

from core.forms import UtrechtFormMixin
from organisation.models import Team

APP_CSS = (Path(settings.BASE_DIR) / "core" / "static" / "core" / "app.css").read_text()


class _Form(UtrechtFormMixin, forms.Form):
    team = forms.ModelChoiceField(queryset=Team.objects.none(), required=False)
    kind = forms.TypedChoiceField(choices=[("", "---------"), ("a", "A")], required=False)
    chosen = forms.ChoiceField(choices=[("", "Alle teams"), ("a", "A")], required=False)


def test_an_empty_choice_asks_to_choose_instead_of_showing_dashes() -> None:
    html = str(_Form())
    assert "---------" not in html
    assert html.count('<option value="" selected>Maak een keuze</option>') == 2
    assert '<option value="" selected>Alle teams</option>' in html  # an empty choice with its own words keeps them


def test_selects_show_an_arrow() -> None:
    # Utrecht's select removes the browser's arrow; the project draws its own.
    assert 'background-image: url("select-arrow.svg")' in _rule(".utrecht-select--html-select:not([multiple])")
    assert (Path(settings.BASE_DIR) / "core" / "static" / "core" / "select-arrow.svg").exists()


def _rule(selector: str) -> str:
    match = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", APP_CSS)
    assert match, selector
    return match.group(1)


def test_badges_differ_by_meaning_and_overdue_is_red() -> None:
    overdue = _rule(".utrecht-badge-status.state-verlopen")
    assert "background: #a3001b" in overdue and "color: #fff" in overdue
    backgrounds = {
        re.search(r"background: (#\w+)", _rule(f".utrecht-badge-status.state-{state}")).group(1)  # type: ignore[union-attr]
        for state in ("verlopen", "dreigt_te_verlopen", "op_tijd", "gehaald", "opgeschort")
    }
    assert len(backgrounds) == 5
