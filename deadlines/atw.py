"""Algemene termijnenwet (Atw): which days are rest days and where a legal term ends.

Pure Python on purpose (stdlib and ``dateutil.easter`` only): the rules must be testable
and readable without Django or a database. The database only supplies extra equated days
(see ``deadlines.calendar_source``).

The Dutch strings here are legal terms and rule lines shown to users as they are; they
are plain constants so that this module needs no Django settings at import time.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
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

# Terms shorter than this are not extended by Atw art. 2 ("een termijn van ten minste drie dagen").
ART_2_MINIMUM_TERM_DAYS = 3
ART_2_MINIMUM_WORKING_DAYS = 2

_TUESDAY, _THURSDAY, _SATURDAY, _SUNDAY = 1, 3, 5, 6


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


def _equated_pattern_around(year: int) -> dict[date, str]:
    """The usual Royal Decree pattern (Atw art. 3 lid 3) for the holidays *of* ``year``.

    The Monday before Nieuwjaarsdag lies in the previous year, so callers that ask for a
    calendar year must combine neighbouring years (see ``default_equated_days``).
    """
    easter_sunday = easter(year)
    days: dict[date, str] = {}
    # Ascension Day first: when 5 May is Ascension Day the bridge Friday keeps this name.
    days[easter_sunday + timedelta(days=40)] = f"Vrijdag na {HEMELVAARTSDAG} (gelijkgesteld)"

    monday_before = (
        (date(year, 1, 1), NIEUWJAARSDAG),
        (koningsdag(year), KONINGSDAG),
        (date(year, 5, 5), BEVRIJDINGSDAG),
        (date(year, 12, 25), EERSTE_KERSTDAG),
    )
    for holiday, name in monday_before:
        if holiday.weekday() == _TUESDAY:
            days.setdefault(holiday - ONE_DAY, f"Maandag voor {name} (gelijkgesteld)")

    friday_after = (
        (date(year, 1, 1), NIEUWJAARSDAG),
        (koningsdag(year), KONINGSDAG),
        (date(year, 5, 5), BEVRIJDINGSDAG),
        (date(year, 12, 26), TWEEDE_KERSTDAG),
    )
    for holiday, name in friday_after:
        if holiday.weekday() == _THURSDAY:
            days.setdefault(holiday + ONE_DAY, f"Vrijdag na {name} (gelijkgesteld)")
    return days


def default_equated_days(year: int) -> dict[date, str]:
    """Days equated with holidays by the usual Royal Decree pattern, *dated* in ``year``.

    Keyed by the date the day falls on, so a lookup by ``d.year`` is always right: the
    Monday before Nieuwjaarsdag of ``year + 1`` (31 December) belongs to ``year``.
    """
    days: dict[date, str] = {}
    for anchor_year in (year - 1, year, year + 1):
        for day, name in _equated_pattern_around(anchor_year).items():
            if day.year == year:
                days.setdefault(day, name)
    return days


class AtwCalendar:
    """Rest days under the Atw: weekends, recognised holidays and equated days.

    The statutory holidays (art. 3 lid 1 and 2) always apply. The equated days of art. 3
    lid 3 are set by Royal Decree every three years; the usual pattern is the default and
    a beheerder can add days (``extra_days``) or switch pattern days off (``removed_days``)
    when a decree differs. Statutory holidays cannot be switched off: that is the law.
    """

    __slots__ = ("_by_year", "_extra_days", "_removed_days")

    def __init__(
        self,
        extra_days: Mapping[date, str] | None = None,
        removed_days: Collection[date] = (),
    ) -> None:
        self._extra_days: Mapping[date, str] = MappingProxyType(dict(extra_days or {}))
        self._removed_days: frozenset[date] = frozenset(removed_days)
        self._by_year: dict[int, Mapping[date, str]] = {}

    def __repr__(self) -> str:
        return f"AtwCalendar(extra_days={dict(self._extra_days)!r}, removed_days={sorted(self._removed_days)!r})"

    @property
    def extra_days(self) -> Mapping[date, str]:
        return self._extra_days

    @property
    def removed_days(self) -> frozenset[date]:
        return self._removed_days

    def holidays(self, year: int) -> Mapping[date, str]:
        """Holidays and equated days dated in ``year`` (weekends are not listed)."""
        cached = self._by_year.get(year)
        if cached is None:
            days = {day: name for day, name in default_equated_days(year).items() if day not in self._removed_days}
            days.update({day: name for day, name in self._extra_days.items() if day.year == year})
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
    """The statutory holidays plus the default equated-day pattern, without database data."""
    return _DEFAULT_CALENDAR


@dataclass(frozen=True)
class TermEnd:
    """The last day of a term, with the rule lines that moved it past its nominal end."""

    due: date
    nominal_end: date
    adjustments: tuple[str, ...]

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

    return TermEnd(due=due, nominal_end=nominal_end, adjustments=tuple(adjustments))


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
    return TermEnd(due=due, nominal_end=nominal_end, adjustments=tuple(adjustments))
