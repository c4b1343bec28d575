"""``manage.py termijn``: the last day of a term on the first line, then the rules."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from deadlines.models import EquatedDay, EquatedDayDecree

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


def test_equated_days_are_the_decrees_not_a_pattern() -> None:
    # Monday 4 May 2026 is an ordinary working day: the decree (Stcrt. 2025, 24713) does not name it.
    assert termijn("2026-03-23", "--weken", "6") == ["2026-05-04"]


def test_a_day_of_a_decree_the_beheerder_added_moves_the_end() -> None:
    decree = EquatedDayDecree.objects.create(
        title="Besluit gelijkstelling 2029–2031", reference="Stcrt. 2028, 1", first_year=2029, last_year=2031
    )
    EquatedDay.objects.create(decree=decree, date=date(2029, 5, 14), name="Maandag na Hemelvaart")
    assert termijn("2029-04-30", "--weken", "2") == [
        "2029-05-15",
        "Maandag na Hemelvaart (gelijkgesteld, Stcrt. 2028, 1), Atw art. 1",
    ]


def test_a_date_past_the_last_decree_is_marked_provisional() -> None:
    # Thursday 10 May 2029 is Hemelvaartsdag; the Friday after is only a guess until a decree says so.
    assert termijn("2029-04-26", "--weken", "2") == [
        "2029-05-14",
        "Hemelvaartsdag, Atw art. 1",
        "Vrijdag na Hemelvaartsdag (gelijkgesteld, voorlopig), Atw art. 1",
        "zaterdag, Atw art. 1",
        "zondag, Atw art. 1",
        "voorlopig: gelijkgestelde dagen voor 2029 nog niet vastgesteld bij Koninklijk Besluit (Atw art. 3 lid 3)",
    ]


def test_once_the_decree_is_added_the_date_is_no_longer_provisional() -> None:
    decree = EquatedDayDecree.objects.create(
        title="Besluit gelijkstelling 2029–2031", reference="Stcrt. 2028, 1", first_year=2029, last_year=2031
    )
    EquatedDay.objects.create(decree=decree, date=date(2029, 5, 11), name="Vrijdag na Hemelvaartsdag")
    assert termijn("2029-04-26", "--weken", "2")[-1] == "zondag, Atw art. 1"


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
