"""Algemene termijnenwet (Atw): which days are rest days and where a legal term ends.

Pure Python on purpose (stdlib and ``dateutil.easter`` only): the rules must be testable
and readable without Django or a database. The database supplies the Royal Decrees that
equate days with holidays (see ``deadlines.calendar_source``).

The Dutch strings here are legal terms and rule lines shown to users as they are; they
are plain constants so that this module needs no Django settings at import time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType

from dateutil.easter import easter

ONE_DAY = timedelta(days=1)

SATURDAY = "zaterdag"
SUNDAY = "zondag"

# Atw art. 3 lid 1 and lid 2.
NIEUWJAARSDAG = "Nieuwjaarsdag"
GOEDE_VRIJDAG = "Goede Vrijdag"
TWEEDE_PAASDAG = "Tweede Paasdag"
KONINGSDAG = "Koningsdag"
BEVRIJDINGSDAG = "Bevrijdingsdag"
HEMELVAARTSDAG = "Hemelvaartsdag"
TWEEDE_PINKSTERDAG = "Tweede Pinksterdag"
EERSTE_KERSTDAG = "Eerste Kerstdag"
TWEEDE_KERSTDAG = "Tweede Kerstdag"

ATW_ART_1 = "Atw art. 1"
ATW_ART_2 = "Atw art. 2"
ART_2_REASON = "minder dan twee werkdagen in de termijn"
NOT_A_WORKING_DAY = "geen werkdag (Atw art. 3)"
ATW_ART_3_LID_3 = "Atw art. 3 lid 3"
GUESSED = "gelijkgesteld, voorlopig"

# Terms shorter than this are not extended by Atw art. 2 ("een termijn van ten minste drie dagen").
ART_2_MINIMUM_TERM_DAYS = 3
ART_2_MINIMUM_WORKING_DAYS = 2

_THURSDAY, _SATURDAY, _SUNDAY = 3, 5, 6


def _add_day(days: dict[date, str], day: date, name: str) -> None:
    """Record a holiday; two holidays on one date (5 May on Ascension Day) keep both names."""
    if day in days and name not in days[day]:
        days[day] = f"{days[day]} en {name}"
    else:
        days[day] = name


def koningsdag(year: int) -> date:
    """The King's birthday is celebrated on 27 April, or on the 26th when the 27th is a Sunday."""
    day = date(year, 4, 27)
    return day - ONE_DAY if day.weekday() == _SUNDAY else day


def fixed_holidays(year: int) -> dict[date, str]:
    """The recognised holidays of Atw art. 3 lid 1, plus Goede Vrijdag (lid 2), in ``year``.

    Eerste Paasdag and Eerste Pinksterdag are always Sundays, so they need no entry.
    """
    easter_sunday = easter(year)
    days: dict[date, str] = {}
    _add_day(days, date(year, 1, 1), NIEUWJAARSDAG)
    _add_day(days, easter_sunday - timedelta(days=2), GOEDE_VRIJDAG)
    _add_day(days, easter_sunday + timedelta(days=1), TWEEDE_PAASDAG)
    _add_day(days, koningsdag(year), KONINGSDAG)
    _add_day(days, date(year, 5, 5), BEVRIJDINGSDAG)
    _add_day(days, easter_sunday + timedelta(days=39), HEMELVAARTSDAG)
    _add_day(days, easter_sunday + timedelta(days=50), TWEEDE_PINKSTERDAG)
    _add_day(days, date(year, 12, 25), EERSTE_KERSTDAG)
    _add_day(days, date(year, 12, 26), TWEEDE_KERSTDAG)
    return days


def guessed_equated_days(year: int) -> dict[date, str]:
    """A *guess* at the days a future Royal Decree will equate (Atw art. 3 lid 3), dated in ``year``.

    Only for years no known decree covers. Every decree so far (2023–2028) named exactly the
    Friday after a Thursday holiday — always the Friday after Hemelvaartsdag — and nothing
    else; but the decree is the law, not this pattern, so a date that depends on a guessed
    year is provisional (see ``AtwCalendar.provisional_reason``).
    """
    statutory = fixed_holidays(year)
    days: dict[date, str] = {}
    for holiday, name in sorted(statutory.items()):
        friday = holiday + ONE_DAY
        if holiday.weekday() == _THURSDAY and friday.year == year and friday not in statutory:
            # 5 May on Hemelvaartsdag has one combined name; name the Friday after the feast day.
            feast = HEMELVAARTSDAG if HEMELVAARTSDAG in name else name
            days.setdefault(friday, f"Vrijdag na {feast} ({GUESSED})")
    return days


@dataclass(frozen=True)
class Decree:
    """A Royal Decree equating days with recognised holidays for the years it covers (Atw art. 3 lid 3).

    ``days`` maps each equated date to its name (e.g. "Vrijdag na Hemelvaartsdag"). Within
    ``first_year``–``last_year`` these are the only equated days: a day the decree does not
    name is a working day, whatever a pattern would suggest.
    """

    reference: str
    first_year: int
    last_year: int
    days: Mapping[date, str]
    title: str = ""

    def __post_init__(self) -> None:
        if self.first_year > self.last_year:
            raise ValueError(f"{self.reference}: first_year after last_year")
        outside = [day for day in self.days if not self.first_year <= day.year <= self.last_year]
        if outside:
            raise ValueError(f"{self.reference}: {outside[0].isoformat()} lies outside the decree's years")

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)


class AtwCalendar:
    """Rest days under the Atw: weekends, recognised holidays and equated days.

    The statutory holidays (art. 3 lid 1 and 2) always apply. The equated days of art. 3
    lid 3 are those of the Royal Decree covering the year (``decrees``, maintained by a
    beheerder). For a year no decree covers, the calendar uses ``guessed_equated_days``
    and every date that depends on that year is provisional.
    """

    __slots__ = ("_by_year", "_decreed", "_decrees")

    def __init__(self, decrees: Iterable[Decree] = ()) -> None:
        self._decrees: tuple[Decree, ...] = tuple(sorted(decrees, key=lambda decree: decree.first_year))
        self._decreed: dict[int, Decree] = {}
        for decree in self._decrees:
            for year in decree.years:
                if year in self._decreed:
                    raise ValueError(
                        f"{year} is covered by both {self._decreed[year].reference} and {decree.reference}"
                    )
                self._decreed[year] = decree
        self._by_year: dict[int, Mapping[date, str]] = {}

    def __repr__(self) -> str:
        return f"AtwCalendar(decrees={[decree.reference for decree in self._decrees]!r})"

    @property
    def decrees(self) -> tuple[Decree, ...]:
        return self._decrees

    @property
    def last_decreed_year(self) -> int | None:
        """The last year a known decree covers; past it, equated days are a guess."""
        return max(self._decreed, default=None)

    def is_decreed(self, year: int) -> bool:
        return year in self._decreed

    def equated_days(self, year: int) -> dict[date, str]:
        """The equated days dated in ``year``: the decree's, or a marked guess when no decree covers it."""
        decree = self._decreed.get(year)
        if decree is None:
            return guessed_equated_days(year)
        return {
            day: f"{name} (gelijkgesteld, {decree.reference})" for day, name in decree.days.items() if day.year == year
        }

    def undecreed_years(self, after: date, due: date) -> list[int]:
        """The years no decree covers among the days after ``after`` up to and including ``due``."""
        first, last = sorted((after + ONE_DAY, due))
        return [year for year in range(first.year, last.year + 1) if year not in self._decreed]

    def provisional_reason(self, after: date, due: date) -> str:
        """Why a date found by counting from ``after`` to ``due`` is provisional, or "" when it is not.

        Such a date depends on whether each day after ``after`` up to ``due`` is a rest day
        (Atw art. 1 and 2, working-day counts). When one of those days lies in a year no
        decree covers, a later decree may equate a day the guess did not, or leave out one
        it did; so the date is provisional. Deliberately by year: simple to explain, and it
        never calls a date final that a decree could still move.
        """
        open_years = self.undecreed_years(after, due)
        if not open_years:
            return ""
        listed = " en ".join(str(year) for year in open_years)
        if self.awaits_next_decree(open_years):
            return f"gelijkgestelde dagen voor {listed} nog niet vastgesteld bij Koninklijk Besluit ({ATW_ART_3_LID_3})"
        return f"gelijkgestelde dagen voor {listed} niet bekend uit een Koninklijk Besluit ({ATW_ART_3_LID_3})"

    def awaits_next_decree(self, open_years: Iterable[int]) -> bool:
        """True when the undecreed years all lie after the last decree (the next one is still to come)."""
        last_decreed = self.last_decreed_year
        return last_decreed is not None and min(open_years) > last_decreed

    def holidays(self, year: int) -> Mapping[date, str]:
        """Holidays and equated days dated in ``year`` (weekends are not listed)."""
        cached = self._by_year.get(year)
        if cached is None:
            days = self.equated_days(year)
            # The statutory name wins when an equated day coincides with a holiday.
            days.update(fixed_holidays(year))
            cached = MappingProxyType(days)
            self._by_year[year] = cached
        return cached

    def rest_day_reason(self, day: date) -> str | None:
        """Why ``day`` is not a working day, or None when it is one.

        A holiday's name is preferred over the weekday (Koningsdag on Saturday 26 April
        reads "Koningsdag"), because that is the more specific ground.
        """
        name = self.holidays(day.year).get(day)
        if name is not None:
            return name
        if day.weekday() == _SATURDAY:
            return SATURDAY
        if day.weekday() == _SUNDAY:
            return SUNDAY
        return None

    def is_rest_day(self, day: date) -> bool:
        return self.rest_day_reason(day) is not None

    def is_working_day(self, day: date) -> bool:
        return self.rest_day_reason(day) is None

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        candidate = day + ONE_DAY
        while self.is_rest_day(candidate):
            candidate += ONE_DAY
        return candidate

    def add_working_days(self, start: date, working_days: int) -> date:
        """The day on which the ``working_days``-th working day after ``start`` falls.

        Counting starts the day after ``start``; zero returns ``start`` itself.
        """
        if working_days < 0:
            raise ValueError("working_days must not be negative")
        day = start
        for _ in range(working_days):
            day = self.next_working_day(day)
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end``; negative when end < start.

        Chosen so that ``working_days_between(d, add_working_days(d, n)) == n``.
        """
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        day = start + ONE_DAY
        while day <= end:
            if self.is_working_day(day):
                count += 1
            day += ONE_DAY
        return count


_DEFAULT_CALENDAR = AtwCalendar()


def default_calendar() -> AtwCalendar:
    """The statutory holidays and guessed equated days, without decrees (no database data).

    Fine for a warning colour; a deadline that matters is computed with
    ``deadlines.calendar_source.current_calendar()``, which knows the decrees.
    """
    return _DEFAULT_CALENDAR


@dataclass(frozen=True)
class TermEnd:
    """The last day of a term, with the rule lines that moved it past its nominal end."""

    due: date
    nominal_end: date
    adjustments: tuple[str, ...]
    #: Why ``due`` is provisional (it depends on a year without a known decree), or "".
    provisional: str = ""

    @property
    def was_extended(self) -> bool:
        return self.due != self.nominal_end


def end_of_term(
    after: date,
    *,
    weeks: int = 0,
    days: int = 0,
    calendar: AtwCalendar | None = None,
) -> TermEnd:
    """The last day of a statutory term "within N weeks / N days after ``after``".

    The term starts the day after ``after``; N weeks end on the same weekday N weeks
    later. Then Atw art. 1 moves an end on a rest day to the next working day, and Atw
    art. 2 extends a term of at least three days until it holds two working days.
    Applying art. 1 first and art. 2 second gives the same day as the reverse order.
    """
    if weeks < 0 or days < 0:
        raise ValueError("a term cannot be negative")
    length = 7 * weeks + days
    if length == 0:
        raise ValueError("a term needs a length of at least one day")
    cal = calendar or _DEFAULT_CALENDAR
    nominal_end = after + timedelta(days=length)

    due = nominal_end
    adjustments: list[str] = []
    while (reason := cal.rest_day_reason(due)) is not None:
        adjustments.append(f"{reason}, {ATW_ART_1}")
        due += ONE_DAY

    if length >= ART_2_MINIMUM_TERM_DAYS and cal.working_days_between(after, due) < ART_2_MINIMUM_WORKING_DAYS:
        adjustments.append(f"{ART_2_REASON}, {ATW_ART_2}")
        # Only a working day raises the count, so the loop stops on a working day.
        while cal.working_days_between(after, due) < ART_2_MINIMUM_WORKING_DAYS:
            due += ONE_DAY

    return TermEnd(
        due=due,
        nominal_end=nominal_end,
        adjustments=tuple(adjustments),
        provisional=cal.provisional_reason(after, due),
    )


def end_of_working_day_term(
    after: date,
    working_days: int,
    calendar: AtwCalendar | None = None,
) -> TermEnd:
    """The last day of a term in working days (iStandaarden, Wgs "drie werkdagen").

    Working days exclude weekends and Atw holidays, including equated days; Atw art. 1
    and 2 are not applied on top. ``nominal_end`` counts Monday-to-Friday only, and each
    holiday on a weekday inside the term is listed as the reason the end moved.
    """
    if working_days <= 0:
        raise ValueError("a working-day term needs at least one working day")
    cal = calendar or _DEFAULT_CALENDAR
    due = cal.add_working_days(after, working_days)

    nominal_end = after
    counted = 0
    while counted < working_days:
        nominal_end += ONE_DAY
        if nominal_end.weekday() < _SATURDAY:
            counted += 1

    adjustments: list[str] = []
    day = after + ONE_DAY
    while day <= due:
        if day.weekday() < _SATURDAY:
            reason = cal.rest_day_reason(day)
            if reason is not None:
                adjustments.append(f"{reason}, {NOT_A_WORKING_DAY}")
        day += ONE_DAY
    return TermEnd(
        due=due,
        nominal_end=nominal_end,
        adjustments=tuple(adjustments),
        provisional=cal.provisional_reason(after, due),
    )
