"""The norm terms of a vroegsignalering casus: werknormen, configurable, Atw for calendar days."""

from datetime import date
from typing import Any

import pytest

from deadlines.terms import TERMS
from vroegsignalering.norms import analysis_term, casus_terms, contact_term

pytestmark = pytest.mark.django_db


def test_both_norms_are_werknormen_not_law() -> None:
    assert not TERMS["NORM_VROEGSIGNAAL_CONTACT"].statutory
    assert not TERMS["NORM_VROEGSIGNAAL_ANALYSE"].statutory


def test_contact_within_14_days_and_analysis_within_28_by_default() -> None:
    terms = casus_terms(date(2026, 11, 2))
    assert terms.contact_due == date(2026, 11, 16)
    assert terms.analysis_due == date(2026, 11, 30)


def test_a_contact_date_on_a_saturday_moves_to_the_monday() -> None:
    assert casus_terms(date(2026, 11, 7)).contact_due == date(2026, 11, 23)


def test_a_contact_date_on_christmas_moves_past_the_holidays_and_weekend() -> None:
    assert casus_terms(date(2026, 12, 11)).contact_due == date(2026, 12, 28)


def test_a_threat_makes_contact_due_within_three_working_days() -> None:
    # Thursday 5 November: Friday, Monday, Tuesday.
    assert casus_terms(date(2026, 11, 5), threatened=True).contact_due == date(2026, 11, 10)


def test_a_threat_over_christmas_skips_the_holidays() -> None:
    # Wednesday 23 December: Thursday 24, then Monday 28 and Tuesday 29 (25 and 26 December are holidays).
    assert casus_terms(date(2026, 12, 23), threatened=True).contact_due == date(2026, 12, 29)


def test_a_threat_leaves_the_analysis_norm_as_it_is() -> None:
    assert casus_terms(date(2026, 11, 2), threatened=True).analysis_due == date(2026, 11, 30)


def test_the_municipality_sets_the_lengths_in_its_settings(settings: Any) -> None:
    settings.NORM_VROEGSIGNAAL_CONTACT_DAGEN = 10
    settings.NORM_VROEGSIGNAAL_ANALYSE_DAGEN = 21
    settings.NORM_VROEGSIGNAAL_CONTACT_DREIGEND_WERKDAGEN = 2
    terms = casus_terms(date(2026, 11, 2))
    assert (terms.contact_due, terms.analysis_due) == (date(2026, 11, 12), date(2026, 11, 23))
    assert casus_terms(date(2026, 11, 5), threatened=True).contact_due == date(2026, 11, 9)


def test_the_norm_shows_its_configured_length_in_its_basis(settings: Any) -> None:
    settings.NORM_VROEGSIGNAAL_CONTACT_DAGEN = 10
    assert "10 dagen" in contact_term().basis
    assert "werknorm" in analysis_term().basis.lower()
