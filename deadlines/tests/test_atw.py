"""The Algemene termijnenwet on real calendars.

Every expected date was checked against the calendar of that year (weekday and Easter
date noted next to the case). No Django here: the module under test is pure Python.
"""

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from deadlines.atw import (
    AtwCalendar,
    Decree,
    end_of_term,
    end_of_working_day_term,
    fixed_holidays,
    guessed_equated_days,
)
from deadlines.tests.decrees import KNOWN_DECREES, calendar_with, known_calendar

ART_2_LINE = "minder dan twee werkdagen in de termijn, Atw art. 2"


# --- Which days are holidays (Atw art. 3) -------------------------------------------


@pytest.mark.parametrize(
    ("year", "goede_vrijdag", "tweede_paasdag"),
    [
        (2024, date(2024, 3, 29), date(2024, 4, 1)),  # Easter Sunday 31 March 2024
        (2025, date(2025, 4, 18), date(2025, 4, 21)),  # Easter Sunday 20 April 2025
        (2026, date(2026, 4, 3), date(2026, 4, 6)),  # Easter Sunday 5 April 2026
        (2027, date(2027, 3, 26), date(2027, 3, 29)),  # Easter Sunday 28 March 2027
    ],
)
def test_goede_vrijdag_and_tweede_paasdag_follow_easter(year: int, goede_vrijdag: date, tweede_paasdag: date) -> None:
    holidays = fixed_holidays(year)
    assert holidays[goede_vrijdag] == "Goede Vrijdag"
    assert holidays[tweede_paasdag] == "Tweede Paasdag"


@pytest.mark.parametrize(
    ("year", "hemelvaartsdag", "tweede_pinksterdag"),
    [
        (2024, date(2024, 5, 9), date(2024, 5, 20)),
        (2025, date(2025, 5, 29), date(2025, 6, 9)),
        (2026, date(2026, 5, 14), date(2026, 5, 25)),
        (2027, date(2027, 5, 6), date(2027, 5, 17)),
    ],
)
def test_hemelvaartsdag_and_tweede_pinksterdag_follow_easter(
    year: int, hemelvaartsdag: date, tweede_pinksterdag: date
) -> None:
    holidays = fixed_holidays(year)
    assert holidays[hemelvaartsdag] == "Hemelvaartsdag"
    assert holidays[tweede_pinksterdag] == "Tweede Pinksterdag"


def test_fixed_holidays_list_the_nine_recognised_days_of_a_year() -> None:
    assert sorted(fixed_holidays(2026).values()) == sorted(
        [
            "Nieuwjaarsdag",
            "Goede Vrijdag",
            "Tweede Paasdag",
            "Koningsdag",
            "Bevrijdingsdag",
            "Hemelvaartsdag",
            "Tweede Pinksterdag",
            "Eerste Kerstdag",
            "Tweede Kerstdag",
        ]
    )


def test_koningsdag_moves_to_saturday_26_april_when_27_april_is_a_sunday() -> None:
    holidays = fixed_holidays(2025)  # 27 April 2025 is a Sunday
    assert holidays[date(2025, 4, 26)] == "Koningsdag"
    assert date(2025, 4, 27) not in holidays


def test_koningsdag_is_27_april_when_that_is_not_a_sunday() -> None:
    assert fixed_holidays(2026)[date(2026, 4, 27)] == "Koningsdag"  # a Monday


def test_bevrijdingsdag_is_a_holiday_every_year_not_only_every_five_years() -> None:
    for year in (2026, 2027, 2028, 2029):
        assert fixed_holidays(year)[date(year, 5, 5)] == "Bevrijdingsdag"


def test_bevrijdingsdag_on_hemelvaartsdag_keeps_both_names() -> None:
    # Ascension Day 2016 fell on Thursday 5 May.
    assert fixed_holidays(2016)[date(2016, 5, 5)] == "Bevrijdingsdag en Hemelvaartsdag"


# --- Days equated by Royal Decree (Atw art. 3 lid 3) ----------------------------------

DECREE_LINE = "(gelijkgesteld, Stcrt. 2025, 24713)"
NOT_YET_DECREED_2029 = "gelijkgestelde dagen voor 2029 nog niet vastgesteld bij Koninklijk Besluit (Atw art. 3 lid 3)"


def test_equated_days_are_the_decrees_not_a_pattern() -> None:
    calendar = known_calendar()
    # 5 May 2026 and 27 April 2027 are Tuesdays; the decree equates neither Monday before.
    assert calendar.is_working_day(date(2026, 5, 4))
    assert calendar.is_working_day(date(2027, 4, 26))
    assert calendar.rest_day_reason(date(2026, 5, 15)) == f"Vrijdag na Hemelvaartsdag {DECREE_LINE}"
    assert calendar.rest_day_reason(date(2026, 1, 2)) == f"Vrijdag na Nieuwjaarsdag {DECREE_LINE}"


def test_a_decreed_year_has_exactly_the_decrees_days() -> None:
    assert set(known_calendar().equated_days(2028)) == {date(2028, 4, 28), date(2028, 5, 26)}
    assert set(known_calendar().equated_days(2024)) == {date(2024, 5, 10), date(2024, 12, 27)}


def test_a_day_the_decree_leaves_out_is_a_working_day_even_if_a_guess_would_equate_it() -> None:
    calendar = calendar_with({date(2026, 5, 15): "Vrijdag na Hemelvaartsdag"})
    assert calendar.is_working_day(date(2026, 1, 2))
    assert calendar.is_rest_day(date(2026, 5, 15))


def test_a_decree_cannot_remove_a_statutory_holiday() -> None:
    assert calendar_with({}).rest_day_reason(date(2026, 5, 14)) == "Hemelvaartsdag"


def test_the_guess_for_later_years_names_every_day_of_the_known_decrees() -> None:
    # The guess is only used past the last decree, but it must at least reproduce the known ones.
    for decree in KNOWN_DECREES:
        guessed = {day for year in decree.years for day in guessed_equated_days(year)}
        assert guessed == set(decree.days)


def test_past_the_last_decree_the_friday_after_hemelvaartsdag_is_guessed() -> None:
    # Easter Sunday 1 April 2029: Hemelvaartsdag Thursday 10 May.
    assert guessed_equated_days(2029) == {date(2029, 5, 11): "Vrijdag na Hemelvaartsdag (gelijkgesteld, voorlopig)"}
    assert known_calendar().rest_day_reason(date(2029, 5, 11)) == "Vrijdag na Hemelvaartsdag (gelijkgesteld, voorlopig)"


@pytest.mark.parametrize("year", [2022, 2033])  # 5 May is a Thursday in both years
def test_a_friday_after_a_thursday_holiday_is_guessed(year: int) -> None:
    assert guessed_equated_days(year)[date(year, 5, 6)] == "Vrijdag na Bevrijdingsdag (gelijkgesteld, voorlopig)"


def test_no_monday_is_ever_guessed() -> None:
    for year in range(2029, 2060):
        assert all(day.weekday() == 4 for day in guessed_equated_days(year)), year


def test_a_decree_with_a_day_outside_its_years_is_refused() -> None:
    with pytest.raises(ValueError):
        Decree(reference="x", first_year=2029, last_year=2031, days={date(2032, 5, 7): "Vrijdag"})


def test_two_decrees_for_one_year_are_refused() -> None:
    with pytest.raises(ValueError):
        AtwCalendar(decrees=[*KNOWN_DECREES, Decree(reference="x", first_year=2028, last_year=2030, days={})])


# --- Provisional dates: a year no decree covers yet ---------------------------------------


def test_a_date_past_the_last_decree_is_marked_provisional() -> None:
    # Thursday 26 April 2029 + 2 weeks = Thursday 10 May 2029 (Hemelvaartsdag), guessed Friday.
    end = end_of_term(date(2029, 4, 26), weeks=2, calendar=known_calendar())
    assert end.due == date(2029, 5, 14)
    assert end.provisional == NOT_YET_DECREED_2029


def test_a_date_within_the_known_decrees_is_not_provisional() -> None:
    end = end_of_term(date(2026, 3, 23), weeks=6, calendar=known_calendar())
    assert end.due == date(2026, 5, 4)
    assert end.provisional == ""


def test_a_term_that_runs_into_an_undecreed_year_is_provisional() -> None:
    end = end_of_term(date(2028, 12, 1), weeks=6, calendar=known_calendar())
    assert end.provisional == NOT_YET_DECREED_2029


def test_a_working_day_term_past_the_last_decree_is_provisional() -> None:
    assert end_of_working_day_term(date(2029, 5, 9), 3, known_calendar()).provisional == NOT_YET_DECREED_2029


def test_a_year_before_the_first_known_decree_is_not_called_future() -> None:
    reason = known_calendar().provisional_reason(date(2022, 5, 1), date(2022, 6, 1))
    assert reason == "gelijkgestelde dagen voor 2022 niet bekend uit een Koninklijk Besluit (Atw art. 3 lid 3)"


def test_without_any_decree_every_date_is_provisional() -> None:
    assert AtwCalendar().provisional_reason(date(2026, 3, 23), date(2026, 5, 4)) != ""


# --- The calendar: rest days and working days --------------------------------------


def test_rest_day_reason_names_the_weekend_days() -> None:
    calendar = AtwCalendar()
    assert calendar.rest_day_reason(date(2026, 3, 7)) == "zaterdag"
    assert calendar.rest_day_reason(date(2026, 3, 8)) == "zondag"
    assert calendar.rest_day_reason(date(2026, 3, 9)) is None


def test_a_holiday_on_a_weekend_day_is_named_by_the_holiday() -> None:
    # Koningsdag 2025 is Saturday 26 April; the Sunday after is just a Sunday.
    calendar = AtwCalendar()
    assert calendar.rest_day_reason(date(2025, 4, 26)) == "Koningsdag"
    assert calendar.rest_day_reason(date(2025, 4, 27)) == "zondag"


def test_next_working_day_skips_christmas_and_the_weekend() -> None:
    # Thursday 24 December 2026 -> Friday 25, Saturday 26 (Tweede Kerstdag), Sunday 27.
    assert AtwCalendar().next_working_day(date(2026, 12, 24)) == date(2026, 12, 28)


def test_next_working_day_is_strictly_after_the_given_day() -> None:
    assert AtwCalendar().next_working_day(date(2026, 3, 9)) == date(2026, 3, 10)


def test_add_working_days_counts_from_the_day_after_and_skips_holidays() -> None:
    # Mon 21 Dec 2026: Tue 22, Wed 23, Thu 24, (Fri 25 Kerst, weekend), Mon 28, Tue 29.
    assert AtwCalendar().add_working_days(date(2026, 12, 21), 5) == date(2026, 12, 29)


def test_add_zero_working_days_returns_the_start() -> None:
    assert AtwCalendar().add_working_days(date(2026, 4, 3), 0) == date(2026, 4, 3)


def test_add_negative_working_days_is_refused() -> None:
    with pytest.raises(ValueError):
        AtwCalendar().add_working_days(date(2026, 4, 3), -1)


def test_working_days_between_skips_easter() -> None:
    # Fri 27 Mar 2026 -> Tue 7 Apr: Mar 30, 31, Apr 1, 2, 7 (Goede Vrijdag, Paasmaandag out).
    assert AtwCalendar().working_days_between(date(2026, 3, 27), date(2026, 4, 7)) == 5


def test_working_days_between_is_the_inverse_of_add_working_days() -> None:
    calendar = AtwCalendar()
    start = date(2026, 4, 30)
    for n in range(15):
        assert calendar.working_days_between(start, calendar.add_working_days(start, n)) == n


def test_working_days_between_is_negative_when_the_end_lies_before_the_start() -> None:
    assert AtwCalendar().working_days_between(date(2026, 3, 13), date(2026, 3, 9)) == -4


# --- Atw art. 1: a term ending on a rest day moves to the next working day ---------


def test_term_without_rest_day_at_the_end_is_not_moved() -> None:
    end = end_of_term(date(2026, 3, 2), weeks=6)  # Monday -> Monday 13 April 2026
    assert end.due == date(2026, 4, 13)
    assert end.nominal_end == date(2026, 4, 13)
    assert end.adjustments == ()


def test_weeks_end_on_the_same_weekday_n_weeks_later() -> None:
    assert end_of_term(date(2026, 2, 17), weeks=6).nominal_end == date(2026, 3, 31)


def test_term_ending_on_a_saturday_moves_to_monday() -> None:
    end = end_of_term(date(2026, 2, 28), weeks=2)  # Saturday 14 March 2026
    assert end.due == date(2026, 3, 16)
    assert end.adjustments == ("zaterdag, Atw art. 1", "zondag, Atw art. 1")


@pytest.mark.parametrize(
    ("after", "goede_vrijdag", "tuesday_after_easter"),
    [
        (date(2024, 2, 16), date(2024, 3, 29), date(2024, 4, 2)),
        (date(2025, 3, 7), date(2025, 4, 18), date(2025, 4, 22)),
        (date(2026, 2, 20), date(2026, 4, 3), date(2026, 4, 7)),
        (date(2027, 2, 12), date(2027, 3, 26), date(2027, 3, 30)),
    ],
)
def test_term_ending_on_goede_vrijdag_moves_to_next_tuesday_after_easter_monday(
    after: date, goede_vrijdag: date, tuesday_after_easter: date
) -> None:
    end = end_of_term(after, weeks=6)
    assert end.nominal_end == goede_vrijdag
    assert end.due == tuesday_after_easter
    assert end.adjustments == (
        "Goede Vrijdag, Atw art. 1",
        "zaterdag, Atw art. 1",
        "zondag, Atw art. 1",
        "Tweede Paasdag, Atw art. 1",
    )


def test_term_ending_on_hemelvaartsdag_skips_the_equated_friday() -> None:
    end = end_of_term(date(2026, 4, 30), weeks=2, calendar=known_calendar())  # Thursday 14 May 2026
    assert end.due == date(2026, 5, 18)
    assert end.adjustments[:2] == (
        "Hemelvaartsdag, Atw art. 1",
        f"Vrijdag na Hemelvaartsdag {DECREE_LINE}, Atw art. 1",
    )


def test_hemelvaart_term_ends_on_friday_when_the_decree_does_not_equate_it() -> None:
    calendar = calendar_with({})
    end = end_of_term(date(2026, 4, 30), weeks=2, calendar=calendar)
    assert end.due == date(2026, 5, 15)
    assert end.adjustments == ("Hemelvaartsdag, Atw art. 1",)


def test_term_ending_on_koningsdag_saturday_2025_moves_to_monday() -> None:
    end = end_of_term(date(2025, 4, 12), weeks=2)  # Saturday 26 April 2025
    assert end.due == date(2025, 4, 28)
    assert end.adjustments == ("Koningsdag, Atw art. 1", "zondag, Atw art. 1")


def test_term_ending_on_koningsdag_monday_2026_moves_to_tuesday() -> None:
    end = end_of_term(date(2026, 4, 13), weeks=2)
    assert end.due == date(2026, 4, 28)
    assert end.adjustments == ("Koningsdag, Atw art. 1",)


def test_term_ending_on_monday_26_april_2027_stays_there_the_decree_does_not_equate_it() -> None:
    end = end_of_term(date(2027, 4, 12), weeks=2, calendar=known_calendar())
    assert end.due == date(2027, 4, 26)
    assert end.adjustments == ()
    assert end.provisional == ""


def test_term_ending_on_monday_4_may_2026_stays_there_the_decree_does_not_equate_it() -> None:
    end = end_of_term(date(2026, 4, 20), weeks=2, calendar=known_calendar())
    assert end.due == date(2026, 5, 4)
    assert end.adjustments == ()


@pytest.mark.parametrize(
    ("after", "monday_after"),
    [(date(2022, 4, 21), date(2022, 5, 9)), (date(2033, 4, 21), date(2033, 5, 9))],
)
def test_term_ending_on_bevrijdingsdag_thursday_moves_to_monday(after: date, monday_after: date) -> None:
    end = end_of_term(after, weeks=2)
    assert end.due == monday_after
    assert end.adjustments[:2] == (
        "Bevrijdingsdag, Atw art. 1",
        "Vrijdag na Bevrijdingsdag (gelijkgesteld, voorlopig), Atw art. 1",
    )
    assert end.provisional


def test_term_ending_on_kerstdag_friday_2026_moves_to_monday_28_december() -> None:
    end = end_of_term(date(2026, 12, 11), weeks=2)
    assert end.due == date(2026, 12, 28)
    assert end.adjustments == (
        "Eerste Kerstdag, Atw art. 1",
        "Tweede Kerstdag, Atw art. 1",
        "zondag, Atw art. 1",
    )


def test_term_ending_on_eerste_kerstdag_2024_also_skips_the_equated_friday() -> None:
    # Wed 25, Thu 26, Fri 27 (equated) December 2024, then the weekend.
    end = end_of_term(date(2024, 12, 11), weeks=2, calendar=known_calendar())
    assert end.due == date(2024, 12, 30)
    assert "Vrijdag na Tweede Kerstdag (gelijkgesteld, KB gelijkstelling 2023–2025), Atw art. 1" in end.adjustments


def test_term_ending_on_friday_31_december_2027_is_not_moved() -> None:
    # Nieuwjaarsdag 2028 is a Saturday: no bridge day before it.
    end = end_of_term(date(2027, 12, 17), weeks=2, calendar=known_calendar())
    assert end.due == date(2027, 12, 31)
    assert end.adjustments == ()


def test_term_ending_on_nieuwjaarsdag_2026_moves_into_the_next_week() -> None:
    end = end_of_term(date(2025, 11, 20), weeks=6, calendar=known_calendar())  # Thursday 1 January 2026
    assert end.due == date(2026, 1, 5)
    assert end.adjustments[:2] == (
        "Nieuwjaarsdag, Atw art. 1",
        f"Vrijdag na Nieuwjaarsdag {DECREE_LINE}, Atw art. 1",
    )


def test_monday_31_december_2029_is_not_guessed_as_equated() -> None:
    # 1 January 2030 is a Tuesday; no decree ever equated the Monday before, so no guess does.
    end = end_of_term(date(2029, 12, 17), weeks=2, calendar=known_calendar())
    assert end.due == date(2029, 12, 31)
    assert end.adjustments == ()
    assert end.provisional == NOT_YET_DECREED_2029


def test_term_in_days_ends_n_days_after_the_start_day() -> None:
    # Wmo persoonlijk plan: 7 days after Thursday 7 May 2026 is Hemelvaartsdag.
    end = end_of_term(date(2026, 5, 7), days=7)
    assert end.nominal_end == date(2026, 5, 14)
    assert end.due == date(2026, 5, 18)


def test_a_day_a_decree_equates_moves_a_term() -> None:
    calendar = calendar_with({date(2026, 4, 13): "Extra brugdag"})
    end = end_of_term(date(2026, 3, 2), weeks=6, calendar=calendar)
    assert end.due == date(2026, 4, 14)
    assert end.adjustments == ("Extra brugdag (gelijkgesteld, Testbesluit), Atw art. 1",)


def test_term_without_length_is_refused() -> None:
    with pytest.raises(ValueError):
        end_of_term(date(2026, 3, 2))


def test_negative_term_is_refused() -> None:
    with pytest.raises(ValueError):
        end_of_term(date(2026, 3, 2), weeks=-1)


# --- Atw art. 2: a term of three days or more holds at least two working days ------


def test_three_day_term_over_a_weekend_is_extended_to_hold_two_working_days() -> None:
    # After Friday 9 Jan 2026: Sat, Sun, Mon 12 holds one working day -> Tuesday 13.
    end = end_of_term(date(2026, 1, 9), days=3)
    assert end.nominal_end == date(2026, 1, 12)
    assert end.due == date(2026, 1, 13)
    assert end.adjustments == (ART_2_LINE,)


def test_three_day_term_over_easter_is_extended_by_art_1_and_then_art_2() -> None:
    # After Thursday 2 April 2026: Goede Vrijdag, Sat, Sun; Tweede Paasdag; Tue 7 is the
    # only working day so far -> Wednesday 8 April.
    end = end_of_term(date(2026, 4, 2), days=3)
    assert end.due == date(2026, 4, 8)
    assert end.adjustments == (
        "zondag, Atw art. 1",
        "Tweede Paasdag, Atw art. 1",
        ART_2_LINE,
    )


def test_three_day_term_over_christmas_2026_ends_on_tuesday_29_december() -> None:
    # After Thursday 24 Dec 2026: Fri 25, Sat 26, Sun 27 -> Mon 28 (one working day) -> Tue 29.
    end = end_of_term(date(2026, 12, 24), days=3)
    assert end.due == date(2026, 12, 29)
    assert end.adjustments[-1] == ART_2_LINE


def test_three_day_term_with_two_working_days_is_not_extended_by_art_2() -> None:
    # After Thursday 8 Jan 2026: Fri 9 and (after art. 1) Mon 12 are two working days.
    end = end_of_term(date(2026, 1, 8), days=3)
    assert end.due == date(2026, 1, 12)
    assert ART_2_LINE not in end.adjustments


def test_two_day_term_is_not_extended_by_art_2() -> None:
    # After Friday 9 Jan 2026: ends Sunday -> Monday by art. 1 only.
    end = end_of_term(date(2026, 1, 9), days=2)
    assert end.due == date(2026, 1, 12)
    assert end.adjustments == ("zondag, Atw art. 1",)


# --- Terms in working days (iStandaarden, Wgs) --------------------------------------


def test_working_day_term_skips_goede_vrijdag_and_tweede_paasdag() -> None:
    # After Thursday 2 April 2026: Tue 7, Wed 8, Thu 9.
    end = end_of_working_day_term(date(2026, 4, 2), 3)
    assert end.due == date(2026, 4, 9)
    assert end.nominal_end == date(2026, 4, 7)
    assert end.adjustments == (
        "Goede Vrijdag, geen werkdag (Atw art. 3)",
        "Tweede Paasdag, geen werkdag (Atw art. 3)",
    )


def test_working_day_term_treats_equated_days_as_non_working_days() -> None:
    # After Tuesday 12 May 2026: Wed 13, (Thu 14 Hemelvaartsdag, Fri 15 equated, weekend), Mon 18, Tue 19.
    assert end_of_working_day_term(date(2026, 5, 12), 3, known_calendar()).due == date(2026, 5, 19)


def test_working_day_term_counts_monday_4_may_2026_as_a_working_day() -> None:
    # After Friday 1 May 2026: Mon 4, (Tue 5 Bevrijdingsdag), Wed 6, Thu 7.
    assert end_of_working_day_term(date(2026, 5, 1), 3, known_calendar()).due == date(2026, 5, 7)


def test_working_day_term_without_holidays_has_no_adjustments() -> None:
    end = end_of_working_day_term(date(2026, 3, 5), 5)  # Thursday -> Thursday 12 March
    assert end.due == date(2026, 3, 12)
    assert end.adjustments == ()


def test_working_day_term_is_not_extended_by_atw_art_2() -> None:
    # One working day after Friday 9 Jan 2026 is Monday 12; art. 2 does not apply.
    assert end_of_working_day_term(date(2026, 1, 9), 1).due == date(2026, 1, 12)


def test_working_day_term_of_zero_days_is_refused() -> None:
    with pytest.raises(ValueError):
        end_of_working_day_term(date(2026, 1, 9), 0)


# --- Purity ----------------------------------------------------------------------------


def test_pure_modules_import_without_django() -> None:
    code = (
        "import sys, deadlines.atw, deadlines.terms;"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "[]"
