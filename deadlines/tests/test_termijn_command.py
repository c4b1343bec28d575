"""``manage.py termijn``: the last day of a term on the first line, then the rules."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from deadlines.models import EquatedDay

pytestmark = pytest.mark.django_db


def termijn(*args: str) -> list[str]:
    out = StringIO()
    call_command("termijn", *args, stdout=out)
    return out.getvalue().splitlines()


def test_prints_the_last_day_and_every_rule_that_moved_it() -> None:
    assert termijn("2026-02-20", "--weken", "6") == [
        "2026-04-07",
        "Goede Vrijdag, Atw art. 1",
        "zaterdag, Atw art. 1",
        "zondag, Atw art. 1",
        "Tweede Paasdag, Atw art. 1",
    ]


def test_prints_only_the_date_when_no_rule_moved_the_end() -> None:
    assert termijn("2026-03-02", "--weken", "6") == ["2026-04-13"]


def test_term_in_days_applies_atw_art_2() -> None:
    assert termijn("2026-01-09", "--dagen", "3") == [
        "2026-01-13",
        "minder dan twee werkdagen in de termijn, Atw art. 2",
    ]


def test_term_in_working_days_skips_holidays() -> None:
    assert termijn("2026-04-02", "--werkdagen", "3")[0] == "2026-04-09"


def test_extra_equated_day_in_the_database_moves_the_end() -> None:
    EquatedDay.objects.create(date=date(2026, 4, 13), name="Extra brugdag")
    assert termijn("2026-03-02", "--weken", "6") == [
        "2026-04-14",
        "Extra brugdag, Atw art. 1",
    ]


def test_switched_off_pattern_day_in_the_database_is_a_working_day() -> None:
    EquatedDay.objects.create(date=date(2026, 5, 15), name="Vrijdag na Hemelvaartsdag", active=False)
    assert termijn("2026-04-30", "--dagen", "14") == [
        "2026-05-15",
        "Hemelvaartsdag, Atw art. 1",
    ]


def test_bad_date_is_refused_in_dutch() -> None:
    with pytest.raises(CommandError, match="Ongeldige datum"):
        termijn("20-02-2026", "--weken", "6")


def test_a_term_length_is_required() -> None:
    with pytest.raises(CommandError, match="precies één"):
        termijn("2026-02-20")


def test_two_term_lengths_are_refused() -> None:
    with pytest.raises(CommandError, match="precies één"):
        termijn("2026-02-20", "--weken", "6", "--dagen", "3")


def test_a_zero_length_is_refused() -> None:
    with pytest.raises(CommandError, match="positief"):
        termijn("2026-02-20", "--dagen", "0")
